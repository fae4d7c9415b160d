import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseJsonLossless } from "../../src/normalize/lossless-json.js";
import {
  decodeKubernetesProtobuf,
  decodeWatchStream,
  encodeKubernetesProtobuf,
  encodeWatchEventFrame,
  messageForKind,
  ProtobufUnknownTypeError,
  ProtobufWatchDecoder,
} from "../../src/protobuf/index.js";
import { fixturePath } from "../helpers/fixtures.js";
import { bytesDifference, jsonDifference } from "./json-difference.js";

const dir = fixturePath("kubectl-protobuf");
const pairs = readdirSync(dir)
  .filter((f) => f.endsWith(".bin"))
  .map((f) => f.slice(0, -".bin".length));

describe("protobuf bodies sent by real kubectl and by a real kube-apiserver (fixtures/kubectl-protobuf)", () => {
  it("has a JSON body for every protobuf body", () => {
    expect(pairs.length).toBeGreaterThan(20);
    for (const name of pairs) expect(readdirSync(dir)).toContain(`${name}.json`);
  });

  it.each(pairs)(
    "%s decodes into the JSON of the same request, and re-encodes into the same bytes",
    (name) => {
      const bin = readFileSync(`${dir}/${name}.bin`);
      const json = parseJsonLossless(readFileSync(`${dir}/${name}.json`, "utf8"));
      const decoded = decodeKubernetesProtobuf(bin);
      expect(decoded.unknownFields).toEqual([]);
      expect(jsonDifference(decoded.object, json)).toBeUndefined();
      expect(bytesDifference(encodeKubernetesProtobuf(decoded.object), bin)).toBeUndefined();
    },
  );

  it("decodes the server's protobuf answer into the server's JSON answer, text for text", () => {
    const decoded = decodeKubernetesProtobuf(readFileSync(`${dir}/server-get-configmap.bin`));
    expect(decoded).toMatchObject({
      apiVersion: "v1",
      kind: "ConfigMap",
      message: "k8s.io.api.core.v1.ConfigMap",
    });
    // The server pretty-printed the JSON for curl: two spaces, no final newline.
    expect(JSON.stringify(decoded.object, null, 2)).toBe(
      readFileSync(`${dir}/server-get-configmap.json`, "utf8"),
    );
  });
});

/** The bytes of a klog hex dump (`"Request Body" body=<` then `\t00000000  6b 38 …  |k8s…|` lines). */
function hexDumpBytes(stderr: string, marker: string): Buffer {
  const lines = stderr.split("\n");
  const start = lines.findIndex((l) => l.includes(marker));
  const hex: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\t[0-9a-f]{8} {2}((?:[0-9a-f]{2} {1,2})+)/.exec(line);
    if (!m) break;
    hex.push(...m[1]!.trim().split(/\s+/));
  }
  return Buffer.from(hex.join(""), "hex");
}

describe("the protobuf request bodies in real kubectl --v=8/9 logs (fixtures/kubectl/captures)", () => {
  const captures = ["1.32", "1.33"].flatMap((v) =>
    ["create-v8", "create-v9"].map((c) => `kubectl/captures/https/${v}/${c}.stderr`),
  );
  // kubectl 1.31 sends the same command's body as JSON.
  const jsonBody = /Request Body: (\{.*\})$/m.exec(
    readFileSync(fixturePath("kubectl/captures/https/1.31/create-v8.stderr"), "utf8"),
  )![1]!;

  it.each(captures)("%s decodes into kubectl 1.31's JSON body and re-encodes byte for byte", (file) => {
    const bin = hexDumpBytes(readFileSync(fixturePath(file), "utf8"), '"Request Body" body=<');
    expect(bin.subarray(0, 4).toString("latin1")).toBe("k8s\0");
    const decoded = decodeKubernetesProtobuf(bin);
    expect(decoded.unknownFields).toEqual([]);
    expect(JSON.stringify(decoded.object)).toBe(jsonBody);
    expect(bytesDifference(encodeKubernetesProtobuf(decoded.object), bin)).toBeUndefined();
  });
});

/** Every object a real kube-apiserver 1.28.7 sent as JSON in the recordings kept in fixtures/realapi. */
function serverObjects(): { where: string; object: Record<string, unknown> }[] {
  const out: { where: string; object: Record<string, unknown> }[] = [];
  for (const folder of ["realapi/curl", "realapi/admission", "realapi/bodies"]) {
    for (const file of readdirSync(fixturePath(folder))) {
      if (!file.endsWith(".body") && !file.endsWith(".json")) continue;
      if (file.endsWith(".request.json") || file === "13-watch.body") continue; // what a client sent; a stream
      let value: unknown;
      try {
        value = parseJsonLossless(readFileSync(fixturePath(`${folder}/${file}`), "utf8"));
      } catch {
        continue; // not JSON (text/plain, YAML)
      }
      const object = value as Record<string, unknown>;
      if (typeof object.kind === "string" && typeof object.apiVersion === "string")
        out.push({ where: `${folder}/${file}`, object });
    }
  }
  return out;
}

describe("the JSON a real kube-apiserver sent, through protobuf and back", () => {
  const objects = serverObjects();
  const builtIn = objects.filter((o) =>
    messageForKind(o.object.apiVersion as string, o.object.kind as string),
  );

  it("covers the recordings' built-in kinds (the rest are Tables and custom resources)", () => {
    expect(builtIn.length).toBeGreaterThan(30);
    const kinds = new Set(builtIn.map((o) => o.object.kind));
    for (const k of [
      "Pod",
      "PodList",
      "Deployment",
      "ConfigMapList",
      "SecretList",
      "Status",
      "APIResourceList",
    ])
      expect(kinds).toContain(k);
    for (const o of objects.filter((x) => !builtIn.includes(x))) {
      expect(["Table", "Widget", "WidgetList"]).toContain(o.object.kind);
      expect(() => encodeKubernetesProtobuf(o.object)).toThrow(ProtobufUnknownTypeError);
    }
  });

  it.each(builtIn.map((o) => [o.where, o.object] as const))(
    "%s: decode(encode(json)) is the same JSON, key order and zero values included",
    (_where, object) => {
      const bytes = encodeKubernetesProtobuf(object);
      const decoded = decodeKubernetesProtobuf(bytes);
      expect(jsonDifference(decoded.object, object)).toBeUndefined();
      expect(bytesDifference(encodeKubernetesProtobuf(decoded.object), bytes)).toBeUndefined();
    },
  );

  it("carries a real watch stream as length-prefixed frames, whatever the chunks", () => {
    const lines = readFileSync(fixturePath("realapi/curl/13-watch.body"), "utf8").split("\n").filter(Boolean);
    const events = lines.map((l) => parseJsonLossless(l) as { type: string; object: unknown });
    expect(events.length).toBeGreaterThan(3);
    const frames = events.map((e) => encodeWatchEventFrame(e));
    const stream = Buffer.concat(frames);
    for (const e of decodeWatchStream(stream).map((x, i) => [x, events[i]!] as const)) {
      expect(e[0].type).toBe(e[1].type);
      expect(jsonDifference(e[0].object, e[1].object)).toBeUndefined();
    }
    // Frames cut anywhere: the decoder waits for the rest.
    for (const size of [1, 3, 7, 64]) {
      const decoder = new ProtobufWatchDecoder();
      const got = [];
      for (let i = 0; i < stream.length; i += size) got.push(...decoder.push(stream.subarray(i, i + size)));
      decoder.end();
      expect(got.map((g) => g.type)).toEqual(events.map((e) => e.type));
    }
  });
});

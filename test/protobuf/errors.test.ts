import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KubewireError } from "../../src/errors.js";
import {
  decodeKubernetesProtobuf,
  decodeProtobufMessage,
  decodeWatchStream,
  encodeKubernetesProtobuf,
  encodeWatchEventFrame,
  ProtobufDecodeError,
  ProtobufEncodeError,
  ProtobufUnknownTypeError,
  ProtobufWatchDecoder,
} from "../../src/protobuf/index.js";
import { fixturePath } from "../helpers/fixtures.js";

const body = (name: string) => readFileSync(fixturePath(`kubectl-protobuf/${name}.bin`));
const SCHEMA = "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps";

function decodeError(bytes: Uint8Array): ProtobufDecodeError {
  try {
    decodeKubernetesProtobuf(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ProtobufDecodeError);
    return e as ProtobufDecodeError;
  }
  throw new Error("decoded");
}

/** `k8s\0` + an envelope for v1 ConfigMap around `raw`. */
function configMapBody(raw: number[]): Buffer {
  const typeMeta = [0x0a, 2, ...Buffer.from("v1"), 0x12, 9, ...Buffer.from("ConfigMap")];
  return Buffer.from([0x6b, 0x38, 0x73, 0, 0x0a, typeMeta.length, ...typeMeta, 0x12, raw.length, ...raw]);
}

describe("malformed protobuf", () => {
  it("says what is wrong with a stable reason, as a KubewireError", () => {
    const magic = decodeError(Buffer.from('{"kind":"ConfigMap"}'));
    expect(magic).toBeInstanceOf(KubewireError);
    expect(magic).toMatchObject({
      name: "ProtobufDecodeError",
      code: "KUBEWIRE_PROTOBUF_DECODE",
      reason: "magic",
    });

    const truncated = decodeError(body("pb-secrets").subarray(0, 30));
    expect(truncated.reason).toBe("truncated");
    expect(truncated.offset).toBeGreaterThan(0);

    // Eleven bytes of varint as the tag of a field.
    expect(
      decodeError(configMapBody([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).reason,
    ).toBe("varint");
    // Field number 0, and an end-group tag outside a group.
    expect(decodeError(configMapBody([0x00, 0x00])).reason).toBe("tag");
    expect(decodeError(configMapBody([0x0c])).reason).toBe("tag");
    // Wire types 6 and 7 do not exist.
    expect(decodeError(configMapBody([0x7e])).reason).toBe("wire-type");
  });

  it("names the field being read when a known field has the wrong wire type", () => {
    // ConfigMap.metadata (1) holding ObjectMeta.name (1) as a varint.
    const error = decodeError(configMapBody([0x0a, 0x02, 0x08, 0x01]));
    expect(error.reason).toBe("wire-type");
    expect(error.path).toBe("metadata.name");
    expect(error.message).toContain("metadata.name");
  });

  it("skips unknown fields as Go does, and lists them", () => {
    // ConfigMap.metadata.name "c", then field 99 (varint) in metadata and field 50 (bytes) in the ConfigMap.
    const decoded = decodeKubernetesProtobuf(
      configMapBody([0x0a, 0x06, 0x0a, 0x01, 0x63, 0x98, 0x06, 0x01, 0x92, 0x03, 0x01, 0x41]),
    );
    expect(decoded.object).toEqual({
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { name: "c", creationTimestamp: null },
    });
    // Nested messages are read after their parent, so their unknown fields come later in the list.
    expect(decoded.unknownFields).toEqual(["#50", "metadata.#99"]);
  });

  it("stops at a depth bound instead of running out of stack", () => {
    // JSONSchemaProps.not (28) nested 2,000 deep: 2 bytes of key and 2 of length at most per level.
    let inner: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const n = inner.length;
      inner = [0xe2, 0x01, ...(n < 128 ? [n] : [(n & 0x7f) | 0x80, n >> 7]), ...inner];
      if (inner.length > 16000) break;
    }
    let error: unknown;
    try {
      decodeProtobufMessage(SCHEMA, Uint8Array.from(inner));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProtobufDecodeError);
    expect((error as ProtobufDecodeError).reason).toBe("depth");
  });

  it("refuses a watch stream that ends inside a frame", () => {
    const frame = encodeWatchEventFrame({
      type: "ADDED",
      object: { kind: "Namespace", apiVersion: "v1", metadata: {} },
    });
    expect(decodeWatchStream(frame)).toHaveLength(1);
    expect(() => decodeWatchStream(frame.subarray(0, frame.length - 1))).toThrow(
      expect.objectContaining({ reason: "frame" }),
    );
    const decoder = new ProtobufWatchDecoder();
    expect(decoder.push(frame.subarray(0, 3))).toEqual([]);
    expect(decoder.pendingBytes).toBe(3);
    expect(() => decoder.end()).toThrow(ProtobufDecodeError);
  });

  it("names a kind it has no message for", () => {
    const bytes = Buffer.from(body("pb-namespaces"));
    bytes.write("Nothing!!", bytes.indexOf("Namespace"), "latin1");
    let error: unknown;
    try {
      decodeKubernetesProtobuf(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProtobufUnknownTypeError);
    expect(error).toMatchObject({
      code: "KUBEWIRE_PROTOBUF_UNKNOWN_TYPE",
      apiVersion: "v1",
      kind: "Nothing!!",
    });
  });
});

describe("JSON that has no protobuf form", () => {
  const secret = (data: unknown) => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data });

  it("says where, and never what the value was", () => {
    const value = "hunter2-is-not-base64!";
    let error: unknown;
    try {
      encodeKubernetesProtobuf(secret({ password: value }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProtobufEncodeError);
    expect(error).toMatchObject({ code: "KUBEWIRE_PROTOBUF_ENCODE", path: "data.password" });
    expect((error as Error).message).not.toContain(value);
    expect(() => encodeKubernetesProtobuf(secret(["a"]))).toThrow(
      "cannot encode data as protobuf: expected an object, got an array",
    );
    expect(() =>
      encodeKubernetesProtobuf({ apiVersion: "apps/v1", kind: "Deployment", spec: { replicas: "3" } }),
    ).toThrow(expect.objectContaining({ path: "spec.replicas" }));
  });

  it("needs apiVersion and kind", () => {
    for (const bad of [null, [], "ConfigMap", { kind: "ConfigMap" }, { apiVersion: "v1" }])
      expect(() => encodeKubernetesProtobuf(bad)).toThrow(ProtobufEncodeError);
  });

  it("refuses unknown fields only when asked to", () => {
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", colour: "red" } };
    expect(decodeKubernetesProtobuf(encodeKubernetesProtobuf(cm)).object).toEqual({
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { name: "c", creationTimestamp: null },
    });
    expect(() => encodeKubernetesProtobuf(cm, { unknownFields: "error" })).toThrow(
      expect.objectContaining({ path: "metadata.colour" }),
    );
  });

  it("stops at a depth bound on deep or cyclic JSON", () => {
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 0; i < 5000; i++) at = at.not = {};
    const crd = (schema: unknown) => ({
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      spec: { versions: [{ name: "v1", schema: { openAPIV3Schema: schema } }] },
    });
    expect(() => encodeKubernetesProtobuf(crd(deep))).toThrow(ProtobufEncodeError);
    const cyclic: Record<string, unknown> = { type: "object" };
    cyclic.not = cyclic;
    expect(() => encodeKubernetesProtobuf(crd(cyclic))).toThrow(ProtobufEncodeError);
    const raw: Record<string, unknown> = {};
    raw.self = raw;
    expect(() =>
      encodeKubernetesProtobuf({
        apiVersion: "apps/v1",
        kind: "ControllerRevision",
        metadata: {},
        data: raw,
      }),
    ).toThrow(ProtobufEncodeError);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJsonLossless } from "../../src/normalize/lossless-json.js";
import { canonicalQuantity } from "../../src/protobuf/quantity.js";
import {
  decodeKubernetesProtobuf,
  encodeKubernetesProtobuf,
  PROTOBUF_MEDIA_TYPE,
} from "../../src/protobuf/index.js";
import { kubectlTestsRun, requireKubectl, runKubectl, runPool } from "../helpers/kubectl-binary.js";
import { readRecordedFixture } from "../helpers/servers.js";
import type { RecordedFixture } from "../helpers/servers.js";
import { createCa, issue } from "../helpers/tls.js";
import { bytesDifference, jsonDifference } from "./json-difference.js";
import { CREATE_COMMANDS, QUANTITIES } from "./kubectl-create-commands.js";

/**
 * Differential: the same `kubectl create` run by real kubectl 1.31 (which sends JSON) and 1.33 (which sends
 * protobuf since 1.32) against a local capture server. The 1.33 body, decoded, must be the 1.31 body; and when
 * the server answers in each client's own content type, both kubectls must print the same thing, which checks
 * the encoder against Go's decoder. No genuine difference between the two versions shows for these commands: the
 * generators build the same objects, only the wire format changed (had one appeared, say a field 1.33 sets and
 * 1.31 does not, the decoded body would list it in `unknownFields` and differ there, and it would be named here).
 */

const versions = ["1.31", "1.33"] as const;
/** Some fifty kubectl processes per test: on a busy machine that takes minutes, which is not what is tested. */
const KUBECTL_RUNS_TIMEOUT = 300_000;
const run = kubectlTestsRun([...versions]);

interface Captured {
  contentType: string;
  body: Buffer;
}

interface CaptureServer {
  url: string;
  /** Bodies by run id. */
  captured: Map<string, Captured>;
  close(): Promise<void>;
}

/**
 * A stand-in API server on 127.0.0.1, port 0: aggregated discovery from the real server's recordings (Role and
 * ClusterRole map their resources through it), and every POST recorded, bytes as sent, under the run id that
 * prefixes its path (`/run-3/api/v1/…`), then answered by `answer`.
 */
async function startCaptureServer(
  answer: (captured: Captured, res: ServerResponse) => void,
): Promise<CaptureServer> {
  const captured = new Map<string, Captured>();
  const discovery: Record<string, RecordedFixture> = {
    "/api": readRecordedFixture("realapi/curl/x03-api-aggregated"),
    "/apis": readRecordedFixture("realapi/curl/x04-apis-aggregated"),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const m = /^\/(run-\d+)(\/[^?]*)/.exec(req.url ?? "");
      const recorded = discovery[m?.[2] ?? ""];
      if (req.method === "GET" && recorded) {
        const type =
          recorded.headers.find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "application/json";
        res.writeHead(200, { "content-type": type });
        res.end(recorded.body);
        return;
      }
      if (req.method !== "POST" || !m) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(
          '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"NotFound","code":404}',
        );
        return;
      }
      const c = { contentType: req.headers["content-type"] ?? "", body: Buffer.concat(chunks) };
      captured.set(m[1]!, c);
      answer(c, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    captured,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

const TIME = "2026-01-02T03:04:05Z";

/** What an API server adds to an object it creates (and the token of a TokenRequest). */
function asCreated(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = { ...(object.metadata as Record<string, unknown>) };
  Object.assign(metadata, {
    uid: "0a3a7c1e-5f3e-4f4b-9a43-6c1d0e7b2f10",
    resourceVersion: "4242",
    generation: 1,
    creationTimestamp: TIME,
    managedFields: [
      {
        manager: "kubectl-create",
        operation: "Update",
        apiVersion: object.apiVersion,
        time: TIME,
        fieldsType: "FieldsV1",
        fieldsV1: { "f:metadata": { "f:name": {} } },
      },
    ],
  });
  const created: Record<string, unknown> = { ...object, metadata };
  if (object.kind === "TokenRequest")
    created.status = { token: "not.a.token", expirationTimestamp: "2026-01-02T03:14:05Z" };
  return created;
}

let dir: string;
let runs = 0;

/** Runs `kubectl.<version> create <args>` against `server`, under a fresh run id; returns the id and output. */
async function create(server: CaptureServer, version: string, args: string[], output: string[]) {
  const id = `run-${++runs}`;
  const home = mkdtempSync(join(dir, `${id}-`));
  const kubeconfig = join(home, "kubeconfig");
  writeFileSync(
    kubeconfig,
    [
      "apiVersion: v1",
      "kind: Config",
      `clusters: [{name: c, cluster: {server: "${server.url}/${id}"}}]`,
      "contexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]",
      "current-context: c",
      "users: [{name: u, user: {token: test-token}}]",
      "",
    ].join("\n"),
  );
  const result = await runKubectl(requireKubectl(version), ["create", ...args, ...output], {
    KUBECONFIG: kubeconfig,
    HOME: home,
  });
  return { id, ...result };
}

describe.runIf(run)("kubectl 1.33's protobuf bodies are kubectl 1.31's JSON bodies", () => {
  let echo: CaptureServer;
  const commands: [string, string[]][] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kubewire-protobuf-"));
    // A throwaway certificate for `create secret tls`.
    const pair = issue(createCa("protobuf-test-ca"), {
      commonName: "example.com",
      dns: ["example.com"],
      usage: "server",
    });
    writeFileSync(join(dir, "tls.crt"), pair.cert);
    writeFileSync(join(dir, "tls.key"), pair.key);
    commands.push(...Object.entries(CREATE_COMMANDS));
    commands.push([
      "create-secret-tls",
      ["secret", "tls", "tls", `--cert=${join(dir, "tls.crt")}`, `--key=${join(dir, "tls.key")}`],
    ]);
    echo = await startCaptureServer((c, res) => {
      // Answer as a server would, in the client's own content type: the object with what a server sets.
      const proto = c.contentType === PROTOBUF_MEDIA_TYPE;
      const object = proto
        ? decodeKubernetesProtobuf(c.body).object
        : parseJsonLossless(c.body.toString("utf8"));
      const created = asCreated(object as Record<string, unknown>);
      res.writeHead(201, { "content-type": c.contentType });
      res.end(proto ? encodeKubernetesProtobuf(created) : JSON.stringify(created));
    });
  }, KUBECTL_RUNS_TIMEOUT);
  afterAll(async () => {
    await echo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    "decodes every body 1.33 sends into the body 1.31 sends; both print kubewire's answer alike",
    async () => {
      const results = await runPool(
        commands.map(([name, args]) => async () => {
          const [json, proto] = [
            await create(echo, "1.31", args, ["-o", "json"]),
            await create(echo, "1.33", args, ["-o", "json"]),
          ];
          return { name, json, proto };
        }),
        2,
      );
      expect(results.length).toBe(commands.length);
      for (const { name, json, proto } of results) {
        expect([name, json.code, proto.code]).toEqual([name, 0, 0]);
        const j = echo.captured.get(json.id)!;
        const p = echo.captured.get(proto.id)!;
        expect([name, j.contentType, p.contentType]).toEqual([name, "application/json", PROTOBUF_MEDIA_TYPE]);
        const decoded = decodeKubernetesProtobuf(p.body);
        expect([name, decoded.unknownFields]).toEqual([name, []]);
        expect([name, jsonDifference(decoded.object, parseJsonLossless(j.body.toString("utf8")))]).toEqual([
          name,
          undefined,
        ]);
        expect([name, bytesDifference(encodeKubernetesProtobuf(decoded.object), p.body)]).toEqual([
          name,
          undefined,
        ]);
      }
    },
    KUBECTL_RUNS_TIMEOUT,
  );

  it(
    "canonicalises quantities as Go does (kubectl parses each --hard value with resource.ParseQuantity)",
    async () => {
      const valid = QUANTITIES.filter((q) => canonicalQuantity(q) !== undefined);
      const invalid = QUANTITIES.filter((q) => canonicalQuantity(q) === undefined);
      expect(valid.length).toBeGreaterThan(50);
      const chunks: string[][] = [];
      for (let i = 0; i < valid.length; i += 12) chunks.push(valid.slice(i, i + 12));
      const runsOf = await runPool(
        [
          ...chunks.map(
            (chunk) => () =>
              create(
                echo,
                "1.33",
                ["quota", "q", `--hard=${chunk.map((q, i) => `r${i}=${q}`).join(",")}`],
                ["-o", "name"],
              ),
          ),
          ...invalid.map((q) => () => create(echo, "1.33", ["quota", "q", `--hard=r0=${q}`], ["-o", "name"])),
        ],
        2,
      );
      chunks.forEach((chunk, c) => {
        const result = runsOf[c]!;
        expect(result.code).toBe(0);
        const quota = decodeKubernetesProtobuf(echo.captured.get(result.id)!.body).object as {
          spec: { hard: Record<string, string> };
        };
        expect(chunk.map((_, i) => quota.spec.hard[`r${i}`])).toEqual(chunk.map((q) => canonicalQuantity(q)));
      });
      for (const result of runsOf.slice(chunks.length)) expect(result.code).not.toBe(0);
    },
    KUBECTL_RUNS_TIMEOUT,
  );
});

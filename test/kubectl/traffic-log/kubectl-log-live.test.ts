import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importKubectlLog, renderTrafficLog } from "../../../src/index.js";
import { goStatus } from "../../../src/kubectl/go/status-text.js";
import { bodyBytes, redactJson } from "../../../src/record/index.js";
import type { Exchange, TrafficLevel } from "../../../src/index.js";
import { KUBECTL_VERSIONS } from "../../helpers/fixtures.js";
import { kubectlBinary, kubectlPath } from "../../helpers/kubectl-binary.js";

/**
 * The real kubectl binaries against a local API server that records every byte it receives and sends: what the
 * import recovers from kubectl's log is checked against what went over the wire, not against the log itself, and
 * rendering the import gives back kubectl's log (timestamps normalised). Runs whenever the binaries exist; with
 * CI=true a missing binary fails.
 */

const available = KUBECTL_VERSIONS.every((v) => kubectlBinary(v) !== undefined);
const run = promisify(execFile);

interface Seen {
  method: string;
  url: string;
  requestBody: Buffer;
  status: number;
  responseBody: Buffer;
}

const CM = (name: string, data: Record<string, string>) => ({
  kind: "ConfigMap",
  apiVersion: "v1",
  metadata: {
    name,
    namespace: "ns",
    uid: `uid-${name}`,
    resourceVersion: "7",
    creationTimestamp: "2024-06-30T17:46:35Z",
  },
  data,
});
const SECRET_VALUES = ["c3VwZXItc2VjcmV0LXBhc3N3b3Jk", "YW5vdGhlci12ZXJ5LXNlY3JldC12YWx1ZQ=="];

function route(method: string, path: string): { status: number; body: unknown; chunked?: boolean } {
  const resources = ["configmaps", "secrets", "namespaces"].map((name) => ({
    name,
    singularName: name.slice(0, -1),
    namespaced: name !== "namespaces",
    kind: { configmaps: "ConfigMap", secrets: "Secret", namespaces: "Namespace" }[name],
    verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
  }));
  if (path === "/api")
    return {
      status: 200,
      body: {
        kind: "APIVersions",
        versions: ["v1"],
        serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }],
      },
    };
  if (path === "/apis") return { status: 200, body: { kind: "APIGroupList", apiVersion: "v1", groups: [] } };
  if (path === "/api/v1")
    return { status: 200, body: { kind: "APIResourceList", groupVersion: "v1", resources } };
  if (path === "/api/v1/namespaces/ns")
    return { status: 200, body: { kind: "Namespace", apiVersion: "v1", metadata: { name: "ns" } } };
  if (path === "/api/v1/namespaces/ns/configmaps" && method === "GET")
    return {
      status: 200,
      chunked: true, // as kube-apiserver streams lists: no Content-Length
      body: {
        kind: "ConfigMapList",
        apiVersion: "v1",
        metadata: { resourceVersion: "9" },
        items: [{ metadata: CM("a", {}).metadata, data: { big: "x".repeat(3000), "multi-byte": "é→🚀" } }],
      },
    };
  if (path === "/api/v1/namespaces/ns/configmaps" && method === "POST")
    return { status: 201, body: CM("made", { k: "v" }) };
  if (path === "/api/v1/namespaces/ns/configmaps/a" && method === "DELETE")
    return {
      status: 200,
      body: {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Success",
        details: { name: "a", kind: "configmaps" },
      },
    };
  if (path === "/api/v1/namespaces/ns/configmaps/a")
    return { status: 200, body: CM("a", { k: method === "PATCH" ? "w" : "v" }) };
  if (path === "/api/v1/namespaces/ns/secrets")
    return {
      status: 200,
      body: {
        kind: "SecretList",
        apiVersion: "v1",
        metadata: { resourceVersion: "9" },
        items: [
          {
            metadata: { name: "db", namespace: "ns" },
            data: { password: SECRET_VALUES[0], token: SECRET_VALUES[1] },
            type: "Opaque",
          },
        ],
      },
    };
  return {
    status: 404,
    body: {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      reason: "NotFound",
      code: 404,
    },
  };
}

const COMMANDS: { name: string; v: TrafficLevel; args: string[] }[] = [
  { name: "list", v: 9, args: ["get", "configmaps", "-n", "ns", "-o", "json"] },
  { name: "secrets", v: 10, args: ["get", "secrets", "-n", "ns", "-o", "json"] },
  { name: "create", v: 8, args: ["create", "configmap", "made", "-n", "ns", "--from-literal=k=v"] },
  { name: "patch", v: 9, args: ["patch", "configmap", "a", "-n", "ns", "-p", '{"data":{"k":"w"}}'] },
  { name: "delete", v: 7, args: ["delete", "configmap", "a", "-n", "ns", "--wait=false"] },
  { name: "apply", v: 8, args: ["apply", "--server-side", "--validate=false", "-f", "MANIFEST"] },
];

const normalizeTime = (l: string) =>
  l.replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}/, "$1mmdd hh:mm:ss.uuuuuu");
const HEADER = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ (\S+)\] (.*)$/;

function trafficLines(text: string): string[] {
  const out: string[] = [];
  let inTraffic = false;
  for (const line of text.split("\n").slice(0, -1)) {
    const m = HEADER.exec(line);
    if (m)
      inTraffic = /^(round_trippers|request)\.go:/.test(m[1]!) || /^"(Request|Response) Body" /.test(m[2]!);
    if (inTraffic) out.push(line);
  }
  return out;
}

/** A body as the import must hold it: the bytes on the wire, with Secret values as their redaction markers. */
function redactedWire(bytes: Buffer): Buffer {
  try {
    const value = JSON.parse(bytes.toString("utf8")) as unknown;
    const redacted = redactJson(value);
    return redacted === value ? bytes : Buffer.from(JSON.stringify(redacted) + "\n");
  } catch {
    return bytes;
  }
}

describe.runIf(available || process.env.CI === "true")("real kubectl against a recording API server", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubewire-kubectl-"));
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const { status, body, chunked } = route(req.method ?? "GET", url.pathname);
      const bytes = Buffer.from(JSON.stringify(body) + "\n");
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        requestBody: Buffer.concat(chunks),
        status,
        responseBody: bytes,
      });
      if (chunked) {
        res.writeHead(status, { "Content-Type": "application/json", "Audit-Id": "a1" });
        res.write(bytes.subarray(0, 100));
        res.end(bytes.subarray(100));
      } else {
        res.writeHead(status, {
          "Content-Type": "application/json",
          "Content-Length": bytes.length,
          "Audit-Id": "a1",
        });
        res.end(bytes);
      }
    });
  });
  const logs = new Map<string, { stderr: string; seen: Seen[] }>();

  beforeAll(async () => {
    expect(available).toBe(true); // in CI a missing kubectl is a failure, not a skip
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    writeFileSync(
      join(dir, "kubeconfig"),
      `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]\n` +
        "contexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\nusers: [{name: u, user: {}}]\n",
    );
    writeFileSync(
      join(dir, "cm.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: ns}\ndata: {k: v}\n",
    );
    // One at a time, so that each log's requests are the server's requests between two runs.
    for (const version of KUBECTL_VERSIONS)
      for (const c of COMMANDS) {
        const from = seen.length;
        const cache = join(dir, `cache-${version}-${c.name}`);
        const args = [
          ...c.args.map((a) => (a === "MANIFEST" ? join(dir, "cm.yaml") : a)),
          `--v=${c.v}`,
          "--kubeconfig",
          join(dir, "kubeconfig"),
          "--cache-dir",
          cache,
        ];
        const { stderr } = await run(kubectlPath(version), args, {
          env: { HOME: dir, PATH: "/usr/bin:/bin" },
        });
        logs.set(`${version} ${c.name}`, { stderr, seen: seen.slice(from) });
      }
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  for (const version of KUBECTL_VERSIONS)
    for (const c of COMMANDS) {
      it(`kubectl ${version} ${c.args.slice(0, 2).join(" ")} --v=${c.v}: the wire's bytes, and the log back`, () => {
        const { stderr, seen: wire } = logs.get(`${version} ${c.name}`)!;
        const imported = importKubectlLog(stderr);
        expect(imported.stats.orphanedLines).toBe(0);
        // Each command did what it was run for: its last request is the one it exists for.
        expect(wire.at(-1)!.method).toBe(
          { list: "GET", secrets: "GET", create: "POST", patch: "PATCH", delete: "DELETE", apply: "PATCH" }[
            c.name
          ],
        );
        const requests = (exs: Exchange[]) =>
          exs.map(
            (ex) =>
              `${ex.request.method} ${new URL(ex.request.url).pathname}${new URL(ex.request.url).search}`,
          );
        expect(requests(imported.exchanges)).toEqual(wire.map((s) => `${s.method} ${s.url}`));
        imported.exchanges.forEach((ex, i) => {
          const truth = wire[i]!;
          expect(goStatus(ex.response!.status, ex.response!.statusText)).toBe(goStatus(truth.status, ""));
          if (c.v < 8) return;
          for (const [body, bytes] of [
            [ex.request.body, truth.requestBody],
            [ex.response!.body, truth.responseBody],
          ] as const) {
            if (bytes.length === 0) {
              expect(body).toBeUndefined();
              continue;
            }
            const held = bodyBytes(body!);
            const expected = redactedWire(bytes);
            if (body!.truncated) {
              expect(expected.subarray(0, held.length).equals(held)).toBe(true);
              if (!ex.redacted) expect(body!.bytes).toBe(bytes.length);
            } else expect(held.equals(expected)).toBe(true);
          }
        });
        const everything = JSON.stringify(imported.exchanges);
        for (const s of SECRET_VALUES) expect(everything.includes(s)).toBe(false);

        const options = { v: c.v, kubectlVersion: version, pid: imported.detected.pid!, utc: true };
        const rendered = renderTrafficLog(imported.exchanges, options).split("\n").slice(0, -1);
        const original = trafficLines(stderr);
        if (c.name === "secrets") {
          // The log shows the Secret's values, the import their markers: compare the rest.
          const noSecrets = (l: string) => !/"data":\{"password"/.test(l);
          expect(rendered.filter(noSecrets).map(normalizeTime)).toEqual(
            original.filter(noSecrets).map(normalizeTime),
          );
        } else expect(rendered.map(normalizeTime)).toEqual(original.map(normalizeTime));
        expect(imported.detected).toMatchObject({ kubectlVersion: version, level: c.v });

        // Without the logged caller (a recorded exchange), 1.32+ body lines name the caller kubectl would have:
        // right for everything here but typed creates (`kubectl create configmap`: type.go, not helper.go).
        if (c.v >= 8 && version >= "1.32" && c.name !== "create") {
          const anonymous = imported.exchanges.map(({ caller: _caller, ...ex }) => ex);
          const inferred = renderTrafficLog(anonymous, options).split("\n").slice(0, -1);
          expect(inferred.map(normalizeTime)).toEqual(rendered.map(normalizeTime));
        }
      });
    }
});

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KUBECTL_HANG_MS, kubectlPath } from "./kubectl-binary.js";
import { IDLE_TIMEOUT_MS } from "./servers.js";

export function resource(name: string, kind: string, namespaced = true) {
  return { name, singularName: kind.toLowerCase(), namespaced, kind, verbs: ["get", "list"] };
}

function group(name: string) {
  const gv = { groupVersion: `${name}/v1`, version: "v1" };
  return { name, versions: [gv], preferredVersion: gv };
}

export function resourceList(groupVersion: string, resources: ReturnType<typeof resource>[]): string {
  return JSON.stringify({ kind: "APIResourceList", apiVersion: "v1", groupVersion, resources });
}

/** Legacy discovery, as a kube-apiserver serves it: core v1 and two custom-resource groups. */
export const DISCOVERY: Record<string, string> = {
  "/api": JSON.stringify({
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1:6443" }],
  }),
  "/apis": JSON.stringify({
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [group("blog.example.com"), group("example.com")],
  }),
  "/api/v1": resourceList("v1", [
    resource("configmaps", "ConfigMap"),
    resource("secrets", "Secret"),
    resource("namespaces", "Namespace", false),
    resource("pods", "Pod"),
  ]),
  "/apis/blog.example.com/v1": resourceList("blog.example.com/v1", [resource("posts", "Post")]),
  "/apis/example.com/v1": resourceList("example.com/v1", [resource("widgets", "Widget")]),
};

const NOT_FOUND = JSON.stringify({
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message: "the server could not find the requested resource",
  reason: "NotFound",
  details: {},
  code: 404,
});

export interface StubApiServer {
  url: string;
  /** A kubeconfig for the stub (plain HTTP, namespace `default`), in a temporary directory. */
  kubeconfig: string;
  dir: string;
  close(): Promise<void>;
}

/**
 * A stand-in kube-apiserver on 127.0.0.1, port 0: legacy discovery plus the given raw bodies by path (query
 * ignored), each sent as the API server sends JSON (with a final newline). Anything else is a 404 Status.
 * `discovery` replaces the stub's discovery documents (by path) for callers that need other types.
 */
export async function startStubApiServer(
  bodies: Record<string, string>,
  discovery: Record<string, string> = DISCOVERY,
): Promise<StubApiServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0]!;
    const body = discovery[path] ?? bodies[path];
    res.writeHead(body === undefined ? 404 : 200, { "Content-Type": "application/json" });
    res.end((body ?? NOT_FOUND) + "\n");
  });
  server.keepAliveTimeout = IDLE_TIMEOUT_MS;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), "kubewire-kubectl-"));
  const kubeconfig = join(dir, "kubeconfig");
  writeFileSync(
    kubeconfig,
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "- name: stub",
      "  cluster:",
      `    server: ${url}`,
      "contexts:",
      "- name: stub",
      "  context:",
      "    cluster: stub",
      "    user: stub",
      "current-context: stub",
      "users:",
      "- name: stub",
      "  user: {}",
      "",
    ].join("\n"),
  );
  return {
    url,
    kubeconfig,
    dir,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

export interface KubectlRun {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs one real kubectl against the stub, with its own HOME and a discovery cache per version. */
export function runKubectl(stub: StubApiServer, version: string, args: string[]): Promise<KubectlRun> {
  return new Promise((resolve, reject) => {
    execFile(
      kubectlPath(version),
      [...args, "--kubeconfig", stub.kubeconfig, "--cache-dir", join(stub.dir, `cache-${version}`)],
      { env: { HOME: stub.dir, PATH: process.env.PATH ?? "" }, encoding: "buffer", timeout: KUBECTL_HANG_MS },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        if (typeof code !== "number") {
          reject(error ?? new Error("kubectl did not exit"));
          return;
        }
        resolve({ stdout: stdout.toString("utf8"), stderr: stderr.toString("utf8"), code });
      },
    );
  });
}

/** Stub API servers for runs at once, one per worker (the differential fuzzers' harness). */
export interface StubPool {
  /** Serves `bodies` (and nothing a previous run served) on a free stub for as long as `fn` runs on it. */
  use<T>(bodies: Record<string, string>, fn: (stub: StubApiServer) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `workers` stub API servers (see {@link startStubApiServer}; `discovery` replaces their discovery documents). */
export async function startStubPool(workers: number, discovery?: Record<string, string>): Promise<StubPool> {
  const stubs: { bodies: Record<string, string>; stub: StubApiServer }[] = [];
  for (let w = 0; w < workers; w++) {
    const bodies: Record<string, string> = {};
    stubs.push({ bodies, stub: await startStubApiServer(bodies, discovery) });
  }
  const free = [...stubs];
  const waiting: (() => void)[] = [];
  return {
    async use(bodies, fn) {
      while (free.length === 0) await new Promise<void>((resolve) => waiting.push(resolve));
      const slot = free.pop()!;
      try {
        for (const k of Object.keys(slot.bodies)) delete slot.bodies[k];
        Object.assign(slot.bodies, bodies);
        return await fn(slot.stub);
      } finally {
        free.push(slot);
        waiting.shift()?.();
      }
    },
    close: async () => {
      await Promise.all(stubs.map(({ stub }) => stub.close()));
    },
  };
}

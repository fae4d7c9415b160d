import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import { KUBECTL_HANG_MS, kubectlPath } from "./kubectl-binary.js";
import { startHttpServer } from "./servers.js";
import type { TestServer } from "./servers.js";

/** A resource the stub serves, as discovery describes it. */
export interface StubResource {
  group: string; // "" for core
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
}

export const STUB_RESOURCES: StubResource[] = [
  { group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true },
  { group: "", version: "v1", resource: "secrets", kind: "Secret", namespaced: true },
  { group: "", version: "v1", resource: "pods", kind: "Pod", namespaced: true },
  { group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false },
  { group: "example.com", version: "v1", resource: "widgets", kind: "Widget", namespaced: true },
];

/** What the stub answers for one list request: a Table when asked for one (unless `ignoreTable`), else `list`. */
export interface StubAnswer {
  table?: string;
  list?: string;
  ignoreTable?: boolean;
}

function json(res: ServerResponse, body: string, status = 200): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(body);
}

function discovery(url: string, port: number): string | undefined {
  if (url === "/api")
    return JSON.stringify({
      kind: "APIVersions",
      versions: ["v1"],
      serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: `127.0.0.1:${port}` }],
    });
  if (url === "/apis") {
    const groups = [...new Set(STUB_RESOURCES.filter((r) => r.group).map((r) => `${r.group}/${r.version}`))];
    return JSON.stringify({
      kind: "APIGroupList",
      apiVersion: "v1",
      groups: groups.map((gv) => {
        const [name, version] = gv.split("/") as [string, string];
        const v = { groupVersion: gv, version };
        return { name, versions: [v], preferredVersion: v };
      }),
    });
  }
  const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(url);
  if (!m) return undefined;
  const group = m[2] ?? "";
  const version = m[1] ?? m[3]!;
  return JSON.stringify({
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group ? `${group}/${version}` : version,
    resources: STUB_RESOURCES.filter((r) => r.group === group && r.version === version).map((r) => ({
      name: r.resource,
      singularName: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: ["get", "list", "create", "update", "patch", "delete", "watch"],
    })),
  });
}

/** A list (or get) request kubectl made. */
export interface StubRequest {
  resource: string;
  namespace: string | undefined;
  name: string | undefined;
  labelSelector: string | null;
}

/**
 * A stub API server for the real kubectl: discovery for STUB_RESOURCES, and for a list request the answer that
 * `answer(request)` gives (404 when none).
 */
export async function startTableStub(
  answer: (request: StubRequest) => StubAnswer | undefined,
): Promise<TestServer> {
  let port = 0;
  const server = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stub");
    const disc = discovery(url.pathname, port);
    if (disc !== undefined) return json(res, disc);
    const m = /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(
      url.pathname,
    );
    const a = m
      ? answer({
          resource: m[2]!,
          namespace: m[1],
          name: m[3],
          labelSelector: url.searchParams.get("labelSelector"),
        })
      : undefined;
    if (!a)
      return json(
        res,
        JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", code: 404 }),
        404,
      );
    const wantsTable = (req.headers.accept ?? "").includes("as=Table");
    json(res, wantsTable && a.table !== undefined && !a.ignoreTable ? a.table : (a.list ?? a.table!));
  });
  port = Number(new URL(server.url).port);
  return server;
}

export interface KubectlRun {
  stdout: string;
  stderr: string;
  code: number;
  /** The clock (ms) when the process was started and when it ended. */
  startedAt: number;
  endedAt: number;
}

/** A kubeconfig for a plain-HTTP server without credentials, and a fresh discovery cache directory. */
export function kubectlWorkspace(serverUrl: string): {
  kubeconfig: string;
  cacheDir: string;
  dispose(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), "kubewire-kubectl-"));
  const kubeconfig = join(dir, "kubeconfig");
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters:
- name: stub
  cluster:
    server: ${serverUrl}
contexts:
- name: stub
  context:
    cluster: stub
    user: stub
users:
- name: stub
  user: {}
current-context: stub
`,
  );
  return {
    kubeconfig,
    cacheDir: join(dir, "cache"),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs a kubectl binary; never rejects (exit codes are data). */
export function runKubectl(
  version: string,
  args: string[],
  workspace: { kubeconfig: string; cacheDir: string },
): Promise<KubectlRun> {
  const startedAt = Date.now();
  return new Promise((resolve) => {
    execFile(
      kubectlPath(version),
      [`--kubeconfig=${workspace.kubeconfig}`, `--cache-dir=${workspace.cacheDir}/${version}`, ...args],
      { encoding: "utf8", timeout: KUBECTL_HANG_MS, env: { PATH: process.env.PATH ?? "", HOME: tmpdir() } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ stdout, stderr, code, startedAt, endedAt: Date.now() });
      },
    );
  });
}

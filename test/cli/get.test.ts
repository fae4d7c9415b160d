import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, createReplayDispatcher, loadCassette } from "../../src/index.js";
import { renderKubectlJson } from "../../src/kubectl/index.js";
import { KUBECTL_VERSIONS, readFixture } from "../helpers/fixtures.js";
import { kubectlTestsRun, requireKubectl, runKubectl } from "../helpers/kubectl-binary.js";
import { readRecordedFixture, routes, sendRecorded, startHttpsServer } from "../helpers/servers.js";
import type { Handler, TestServer } from "../helpers/servers.js";
import { createTestPki } from "../helpers/tls.js";
import { runCli } from "../helpers/cli.js";

const TOKEN = "get-test-token";
const NS = "/api/v1/namespaces/list-resources-ns";
const LIST = `${NS}/configmaps?labelSelector=app%3Dblog`;
const PAGE2 = `${NS}/configmaps?continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MjQxLCJzdGFydCI6ImhlbGxvLXdvcmxkXHUwMDAwIn0&labelSelector=app%3Dblog&limit=1`;
const PODSECURITY = readRecordedFixture("realapi/admission/06-pod-warn-restricted").headers.find(
  ([k]) => k === "warning",
)![1];
const DEPRECATED = readRecordedFixture("realapi/admission/08-deprecated-api-warning").headers.find(
  ([k]) => k === "warning",
)![1];

const dir = mkdtempSync(join(tmpdir(), "kubewire-get-"));
let server: TestServer;
let kubeconfig: string;

const warned: Handler = (_req, res) => {
  const fixture = readRecordedFixture("realapi/curl/03b-cm-list-kubectl-ua");
  res.writeHead(200, [
    "content-type",
    "application/json",
    // kube-apiserver sends each warning once; a second copy and a non-299 code show the writer's rules.
    "warning",
    PODSECURITY,
    "warning",
    DEPRECATED,
    "warning",
    PODSECURITY,
    "warning",
    '199 - "a miscellaneous warning kubectl does not print"',
  ]);
  res.end(fixture.body);
};

beforeAll(async () => {
  const pki = createTestPki();
  const table = routes({
    "GET /api": "realapi/curl/x03-api-aggregated",
    "GET /apis": "realapi/curl/x04-apis-aggregated",
    [`GET ${LIST}&limit=500`]: (req, res) =>
      sendRecorded(
        res,
        req.headers.accept?.includes("as=Table")
          ? "realapi/curl/04-cm-list-table"
          : "realapi/curl/03b-cm-list-kubectl-ua",
      ),
    [`GET ${LIST}&limit=1`]: "realapi/curl/10-cm-list-page1",
    "GET /api/v1/configmaps?labelSelector=app%3Dblog&limit=500": "realapi/curl/03b-cm-list-kubectl-ua",
    [`GET ${PAGE2}`]: "realapi/curl/11-cm-list-page2",
    [`GET ${NS}/configmaps/hello-world`]: "realapi/curl/05-cm-get",
    [`GET ${NS}/configmaps/does-not-exist`]: "realapi/curl/06-cm-get-404",
    [`GET ${NS}/configmaps?labelSelector=warned%3Dyes&limit=500`]: warned,
  });
  server = await startHttpsServer((req, res, body) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`)
      return sendRecorded(res, "realapi/curl/x16-bad-token-401");
    table(req, res, body);
  }, pki.server);
  kubeconfig = join(dir, "config");
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
current-context: test
clusters: [{name: test, cluster: {server: "${server.url}", certificate-authority-data: ${Buffer.from(pki.ca.cert).toString("base64")}}}]
users: [{name: admin, user: {token: ${TOKEN}}}]
contexts: [{name: test, context: {cluster: test, user: admin, namespace: list-resources-ns}}]
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterAll(() => server.close());

// A fresh discovery cache for every run, so each run asks for discovery as a first kubectl run does.
const kubewire = (args: string[], options: { tty?: boolean } = {}) =>
  runCli(["get", ...args], {
    env: { KUBECONFIG: kubeconfig, HOME: dir, KUBECACHEDIR: mkdtempSync(join(dir, "cache-")) },
    ...options,
  });

const kubectl = (version: string, args: string[]) =>
  runKubectl(requireKubectl(version), ["get", ...args], {
    KUBECONFIG: kubeconfig,
    HOME: join(dir, `home-${version}`),
  });

describe("kubewire get", () => {
  const acceptance = ["configmaps", "-n", "list-resources-ns", "-l", "app=blog", "-o", "json"];

  it("prints exactly what real kubectl printed for the recorded bodies (-o json)", async () => {
    const { code, stdout, stderr } = await kubewire(acceptance);
    expect([code, stderr]).toEqual([0, ""]);
    for (const version of KUBECTL_VERSIONS)
      expect(stdout).toBe(readFixture(`realapi/kubectl/kubectl-${version}-get-cm-json.stdout`));
    // The requests kubectl makes: discovery, then the list with kubectl's default chunk size.
    expect(server.requests.slice(-3).map((r) => r.url)).toEqual(["/api", "/apis", `${LIST}&limit=500`]);
  });

  it.skipIf(!kubectlTestsRun())(
    "agrees with real kubectl against the same server: list, pages, one object",
    async () => {
      for (const args of [
        acceptance,
        [...acceptance, "--chunk-size=1"],
        ["configmap", "hello-world", "-o", "json"],
        // The default table and -o wide: server-side Tables, printed as kubectl prints them.
        ["configmaps", "-n", "list-resources-ns", "-l", "app=blog"],
        ["configmaps", "-n", "list-resources-ns", "-l", "app=blog", "-o", "wide"],
        ["configmaps", "-n", "list-resources-ns", "-l", "app=blog", "-o", "yaml"],
        ["configmaps", "-n", "list-resources-ns", "-l", "app=blog", "-o", "name"],
        ["configmap", "hello-world", "-o", "yaml"],
      ]) {
        const ours = await kubewire(args);
        for (const version of ["1.27", "1.33"]) {
          const theirs = await kubectl(version, args);
          expect(theirs.code, theirs.stderr).toBe(0);
          expect(ours.stdout).toBe(theirs.stdout);
        }
      }
    },
  );

  it.skipIf(!kubectlTestsRun())(
    "prints Warning headers exactly as kubectl does: 299 only, each message once",
    async () => {
      const ours = await kubewire(["configmaps", "-l", "warned=yes", "-o", "json"]);
      const theirs = await kubectl("1.33", ["configmaps", "-l", "warned=yes", "-o", "json"]);
      expect(ours.stderr).toBe(theirs.stderr);
      expect(ours.stdout).toBe(theirs.stdout);
      expect(ours.stderr.split("\n").filter(Boolean)).toHaveLength(2);
    },
  );

  it("prints the PodSecurity warning line kubectl printed against the real server", async () => {
    const { stderr } = await kubewire(["configmaps", "-l", "warned=yes", "-o", "json"]);
    const real = readFixture("realapi/admission/10-kubectl-apply-warn.stderr")
      .split("\n")
      .find((l) => l.startsWith("Warning: "));
    expect(stderr.split("\n")[0]).toBe(real);
  });

  it("colours the word Warning on a terminal, as kubectl does", async () => {
    const { stderr } = await kubewire(["configmaps", "-l", "warned=yes", "-o", "raw"], { tty: true });
    expect(stderr.startsWith("\u001b[33;1mWarning:\u001b[0m would violate PodSecurity")).toBe(true);
  });

  it("-o raw prints the server's bytes as received", async () => {
    const { stdout } = await kubewire(["cm", "-l", "app=blog", "-o", "raw"]);
    expect(stdout).toBe(readFixture("realapi/curl/03b-cm-list-kubectl-ua.body"));
    const paged = await kubewire(["cm", "-l", "app=blog", "-o", "raw", "--chunk-size", "1"]);
    // These two recorded pages lack a final newline: one is added after each, so pages never run together.
    const pages = ["10-cm-list-page1", "11-cm-list-page2"].map((n) => readFixture(`realapi/curl/${n}.body`));
    expect(pages.every((p) => !p.endsWith("\n"))).toBe(true);
    expect(paged.stdout).toBe(pages.map((p) => `${p}\n`).join(""));
  });

  it("--record appends every exchange, redacted, to a cassette that replays the same output", async () => {
    const file = join(dir, "recorded.cassette.json");
    expect((await kubewire([...acceptance, "--record", file])).code).toBe(0);
    expect((await kubewire(["configmap", "hello-world", "-o", "json", "--record", file])).code).toBe(0);
    const cassette = await loadCassette(file);
    const urls = cassette.exchanges.map((e) => new URL(e.request.url).pathname);
    expect(urls.filter((u) => u.endsWith("/configmaps"))).toHaveLength(1);
    expect(urls.filter((u) => u.endsWith("/configmaps/hello-world"))).toHaveLength(1);
    expect(cassette.exchanges.map((e) => e.seq)).toEqual(cassette.exchanges.map((_, i) => i));
    expect(readFileSync(file, "utf8")).not.toContain(TOKEN);
    // The recording, replayed, prints what the live run printed.
    const replayed = createClient({ server: server.url, dispatcher: createReplayDispatcher(cassette) });
    try {
      const { raw } = await replayed.list("v1", "ConfigMap", {
        namespace: "list-resources-ns",
        labelSelector: "app=blog",
        limit: 500,
      });
      expect(renderKubectlJson(raw)).toBe(readFixture("realapi/kubectl/kubectl-1.33-get-cm-json.stdout"));
    } finally {
      await replayed.close();
    }
  });

  it("--v=9 logs every exchange to stderr as kubectl's debugging round tripper does", async () => {
    const { stderr, stdout } = await kubewire([...acceptance, "--v=9"]);
    expect(stdout).toBe(readFixture("realapi/kubectl/kubectl-1.33-get-cm-json.stdout"));
    // The newest kubectl's format (1.33): one structured "Response" entry per request.
    const lines = stderr.split("\n");
    expect(
      lines
        .filter((l) => / round_trippers\.go:632\] "Response" verb="GET" /.test(l))
        .map((l) => l.replace(/.* url="([^"]+)" status="([^"]+)".*/, "$1 $2")),
    ).toEqual([
      `${server.url}/api 200 OK`,
      `${server.url}/apis 200 OK`,
      `${server.url}${LIST}&limit=500 200 OK`,
    ]);
    expect(stderr).toContain('-H "Authorization: Bearer <masked>"');
    expect(stderr).toContain('"Response Body" body=<');
    expect(stderr).not.toContain(TOKEN);
    expect((await kubewire([...acceptance, "-v", "5"])).stderr).toBe("");
    // An older kubectl's format on request: 1.27's printf lines.
    const classic = await kubewire([...acceptance, "--v=6", "--kubectl-version", "1.27"]);
    expect(classic.stderr).toMatch(
      / round_trippers\.go:553\] GET https:\/\/\S+\/api 200 OK in \d+ milliseconds\n/,
    );
    expect((await kubewire([...acceptance, "--v=6", "--kubectl-version", "1.26"])).code).toBe(2);
  });

  it("shows a progress line while paging, on a terminal only, and erases it", async () => {
    const tty = await kubewire([...acceptance, "--chunk-size=1"], { tty: true });
    expect(tty.stderr).toBe("\r\u001b[Kkubewire: fetched 1 configmaps (1 pages)…\r\u001b[K");
    expect((await kubewire([...acceptance, "--chunk-size=1"])).stderr).toBe("");
  });

  it("reports a missing object as kubectl does, exit 1", async () => {
    const { code, stdout, stderr } = await kubewire(["configmaps", "does-not-exist", "-o", "json"]);
    const kubectlLast = readFixture("realapi/kubectl/kubectl-1.33-get-cm-notfound.stderr")
      .trimEnd()
      .split("\n")
      .at(-1);
    expect([code, stdout, stderr]).toEqual([1, "", `${kubectlLast}\n`]);
  });

  it("reports an unknown resource type as kubectl does", async () => {
    expect(await kubewire(["foos", "-o", "json"])).toEqual({
      code: 1,
      stdout: "",
      stderr: 'error: the server doesn\'t have a resource type "foos"\n',
    });
  });

  it("refuses bad usage with exit 2, before any request when the flags alone show it", async () => {
    const before = server.requests.length;
    expect((await kubewire([])).code).toBe(2);
    expect((await kubewire(["cm", "-o", "bogus"])).code).toBe(2);
    expect(await kubewire(["cm", "--bogus"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown flag: --bogus\nSee 'kubewire get --help' for usage.\n",
    });
    expect(server.requests.length).toBe(before);
    // kubectl's builder decides this after discovery (a cluster-scoped type may be named with -A).
    const byName = await kubewire(["cm", "hello-world", "-A", "-o", "json"]);
    expect([byName.code, byName.stderr]).toEqual([
      2,
      "error: a resource cannot be retrieved by name across all namespaces\n",
    ]);
    expect(server.requests.slice(before).map((r) => r.url)).toEqual(["/api", "/apis"]);
  });
});

describe("what kubewire get asks for", () => {
  it("asks for kubectl's Table when no -o is given, with the Accept header kubectl sends", async () => {
    const { code, stdout } = await kubewire(["cm", "-l", "app=blog"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NAME +DATA +AGE\n/);
    // The header real kubectl sent for table output (captured from kubectl 1.33).
    const kubectlAccept = /-H "Accept: (application\/json;as=Table[^"]*)"/.exec(
      readFixture("realapi/kubectl/kubectl-1.33-get-cm-notfound.stderr"),
    )![1];
    expect(server.requests.at(-1)?.headers.accept).toBe(kubectlAccept);
  });

  it("sorting asks for the whole objects in one request (includeObject=Object, no limit)", async () => {
    const { code } = await kubewire(["cm", "-l", "app=blog", "--sort-by=.metadata.name"]);
    expect(code).toBe(1); // the stub has no such route: what matters is the request
    expect(server.requests.at(-1)?.url).toBe(
      `${NS}/configmaps?includeObject=Object&labelSelector=app%3Dblog`,
    );
  });
});

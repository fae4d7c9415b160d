import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { loadCassette, saveCassette } from "../../../src/index.js";
import { importKubectlLog, renderKubectlJson } from "../../../src/kubectl/index.js";
import { jsonBody, startReplayServer } from "../../../src/record/index.js";
import { redactionMarker } from "../../../src/record/redact/redact.js";
import type { Cassette, Exchange } from "../../../src/index.js";
import { fixturePath, KUBECTL_VERSIONS, readFixture } from "../../helpers/fixtures.js";
import { KUBECTL_HANG_MS } from "../../helpers/kubectl-binary.js";
import { kubectlRuns, responseBodiesFromLog, runKubectl } from "../../helpers/kubectl-runner.js";
import { exchangeFromCapture, realapiCassette, watchChunks } from "../../helpers/realapi-session.js";

/**
 * Acceptance: real kubectl 1.27–1.33 against `startReplayServer`, serving the real kube-apiserver 1.28.7 session of
 * fixtures/realapi, prints exactly what it printed against the real server (fixtures/realapi/kubectl/*.stdout).
 *
 * The session of one kubectl run is the curl captures of the server in the same state (same resourceVersion 241,
 * same discovery ETags), except the Tables: the server writes each row's age into the Table when it answers, so
 * each run's Table is taken from that run's own `-v=9` log (bodies under 10 KiB are logged whole).
 */
const tmp = mkdtempSync(join(tmpdir(), "kubewire-kubectl-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CM_LIST = "/api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3Dblog&limit=500";
const WATCH =
  "/api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3Dblog&resourceVersion=241&watch=true";

function tableFromLog(log: string): string {
  const tables = responseBodiesFromLog(readFixture(`realapi/kubectl/${log}`)).filter((b) =>
    b.startsWith('{"kind":"Table"'),
  );
  expect(tables).toHaveLength(1);
  return tables[0]!;
}

function withBody(exchange: Exchange, text: string): Exchange {
  return { ...exchange, response: { ...exchange.response!, body: jsonBody(JSON.parse(text), text) } };
}

/** The session kubectl `version` had, plus a watch of the same ConfigMaps (the 13-watch capture, chunk by chunk). */
function sessionFor(version: string): Cassette {
  const cassette = realapiCassette();
  const byName = (path: string, accept: RegExp) =>
    cassette.exchanges.findIndex(
      (e) => e.request.url.endsWith(path) && accept.test(String(e.request.headers.Accept)),
    );
  const replace = (index: number, text: string) => {
    expect(index).toBeGreaterThanOrEqual(0);
    cassette.exchanges[index] = withBody(cassette.exchanges[index]!, text);
  };
  replace(byName(CM_LIST, /as=Table/), tableFromLog(`kubectl-${version}-get-cm-table.stderr`));
  replace(byName("/widgets", /as=Table/), tableFromLog("extra-kubectl-1.33-get-widgets-table.stderr"));
  replace(byName("/pods", /as=Table/), tableFromLog("extra-kubectl-1.33-get-pods-table.stderr"));
  // The capture ran with timeoutSeconds=2: the server ended the stream after 2 s.
  cassette.exchanges.push(
    exchangeFromCapture(cassette.exchanges.length, "13-watch", "GET", WATCH, "application/json", {
      chunks: watchChunks(1500),
      endMs: 2000,
    }),
  );
  return cassette;
}

/** What kubectl prints for the Secret list once its values are redaction markers (go-yaml single-quotes them). */
function redactedSecretsYaml(recorded: string): string {
  const list = parseYaml(recorded) as { items: { data: Record<string, string> }[] };
  let out = recorded;
  for (const item of list.items)
    for (const value of Object.values(item.data))
      out = out.replace(`: ${value}\n`, `: '${redactionMarker(value)}'\n`);
  return out;
}

/** `kubectl get -w -o json`: each listed object, then each watched object, printed on its own. */
function watchOutput(): string {
  const list = JSON.parse(readFixture("realapi/curl/03b-cm-list-kubectl-ua.body")) as { items: object[] };
  const listed = list.items.map((item) => ({ kind: "ConfigMap", apiVersion: "v1", ...item }));
  const watched = readFixture("realapi/curl/13-watch.body")
    .trim()
    .split("\n")
    .map((line) => (JSON.parse(line) as { object: object }).object);
  return [...listed, ...watched].map((o) => renderKubectlJson(o, { singleObject: true })).join("");
}

const kubectlArgs = (kubeconfig: string, cacheDir: string) => [
  "--kubeconfig",
  kubeconfig,
  "--cache-dir",
  cacheDir,
  "-n",
  "list-resources-ns",
];

describe("real kubectl against the replay server (realapi sessions)", () => {
  for (const version of KUBECTL_VERSIONS) {
    it.skipIf(!kubectlRuns(version))(
      `kubectl ${version}: get -o json, -o yaml, table, custom resources, pods, Secrets, -w print what they printed`,
      async () => {
        // Through the file format: save, load, serve.
        const file = join(tmp, `session-${version}.cassette.json`);
        await saveCassette(file, sessionFor(version));
        const server = await startReplayServer(await loadCassette(file), { tls: true, timeScale: 0.05 });
        const kubeconfig = join(tmp, `kubeconfig-${version}`);
        await server.writeKubeconfig(kubeconfig);
        const get = async (args: string[]) => {
          // A fresh discovery cache per run: every run does its own discovery, as the recorded runs did.
          const cacheDir = mkdtempSync(join(tmp, `cache-${version}-`));
          return runKubectl(version, [...kubectlArgs(kubeconfig, cacheDir), "get", ...args]);
        };
        try {
          const cm = ["configmap", "--selector", "app=blog"];
          const results = {
            json: await get([...cm, "-o", "json"]),
            yaml: await get([...cm, "-o", "yaml"]),
            table: await get(["cm", "--selector", "app=blog"]),
            widgetsJson: await get(["widgets", "-o", "json"]),
            widgetsTable: await get(["widgets"]),
            podsTable: await get(["pods"]),
            secretsYaml: await get(["secrets", "--selector", "app=blog", "-o", "yaml"]),
            watch: await get([...cm, "-w", "-o", "json"]),
          };
          for (const [name, r] of Object.entries(results))
            expect({ name, code: r.code, stderr: r.stderr }).toEqual({ name, code: 0, stderr: "" });
          expect(results.json.stdout).toBe(
            readFixture(`realapi/kubectl/kubectl-${version}-get-cm-json.stdout`),
          );
          expect(results.yaml.stdout).toBe(
            readFixture(`realapi/kubectl/kubectl-${version}-get-cm-yaml.stdout`),
          );
          expect(results.table.stdout).toBe(
            readFixture(`realapi/kubectl/kubectl-${version}-get-cm-table.stdout`),
          );
          // Recorded with 1.33 only; kubectl's stdout is the same in every version (docs/kubectl-output.md).
          expect(results.widgetsJson.stdout).toBe(
            readFixture("realapi/kubectl/extra-kubectl-1.33-get-widgets-json.stdout"),
          );
          expect(results.widgetsTable.stdout).toBe(
            readFixture("realapi/kubectl/extra-kubectl-1.33-get-widgets-table.stdout"),
          );
          expect(results.podsTable.stdout).toBe(
            readFixture("realapi/kubectl/extra-kubectl-1.33-get-pods-table.stdout"),
          );
          expect(results.secretsYaml.stdout).toBe(
            redactedSecretsYaml(readFixture("realapi/kubectl/extra-kubectl-1.33-get-secrets-yaml.stdout")),
          );
          expect(results.watch.stdout).toBe(watchOutput());
          expect(server.misses.map((m) => m.message)).toEqual([]);
        } finally {
          await server.close();
        }
      },
    );
  }
});

const isAggregatedRequest = (e: Exchange) => String(e.request.headers.Accept).includes("apidiscovery.k8s.io");

describe("replaying cassettes of other shapes to kubectl", () => {
  const oldest = "1.27";
  const newest = "1.33";

  async function runAgainst(cassette: Cassette, versions: string[], options: { tls?: boolean } = {}) {
    const server = await startReplayServer(cassette, { tls: options.tls ?? false });
    const kubeconfig = join(tmp, `kubeconfig-${Math.random().toString(36).slice(2)}`);
    await server.writeKubeconfig(kubeconfig);
    try {
      const out: Record<string, Awaited<ReturnType<typeof runKubectl>>> = {};
      for (const version of versions) {
        const cacheDir = mkdtempSync(join(tmp, "cache-"));
        out[version] = await runKubectl(version, [
          ...kubectlArgs(kubeconfig, cacheDir),
          "get",
          "configmap",
          "--selector",
          "app=blog",
          "-o",
          "json",
        ]);
      }
      return { out, misses: server.misses };
    } finally {
      await server.close();
    }
  }

  it.skipIf(!kubectlRuns(oldest) || !kubectlRuns(newest))(
    "a cassette without any response header (as imported from a log) over plain HTTP: Content-Type is inferred, aggregated discovery still recognised",
    async () => {
      const cassette = realapiCassette();
      for (const e of cassette.exchanges) e.response!.headers = {};
      const { out, misses } = await runAgainst(cassette, [oldest, newest]);
      for (const v of [oldest, newest]) {
        expect(out[v]!.stderr).toBe("");
        expect(out[v]!.stdout).toBe(readFixture(`realapi/kubectl/kubectl-${v}-get-cm-json.stdout`));
      }
      expect(misses).toEqual([]);
    },
  );

  it.skipIf(!kubectlRuns(oldest) || !kubectlRuns(newest))(
    "aggregated discovery recorded as v2 (a 1.30+ server) serves kubectl 1.27, which asks only for v2beta1",
    async () => {
      const cassette = realapiCassette();
      // Aggregated discovery only, relabelled as a 1.30+ server sends it.
      cassette.exchanges = cassette.exchanges.filter(
        (e) => isAggregatedRequest(e) || !/\/apis?$/.test(e.request.url),
      );
      for (const e of cassette.exchanges) {
        const body = e.response!.body;
        if (body?.kind !== "json" || (body.value as { kind?: string }).kind !== "APIGroupDiscoveryList")
          continue;
        const text = JSON.stringify({ ...(body.value as object), apiVersion: "apidiscovery.k8s.io/v2" });
        e.response!.body = jsonBody(JSON.parse(text), text);
        e.response!.headers = {
          ...e.response!.headers,
          "content-type": "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
        };
        e.request.headers = {
          Accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json",
        };
      }
      const { out, misses } = await runAgainst(cassette, [oldest, newest], { tls: true });
      for (const v of [oldest, newest]) {
        expect(out[v]!.stderr).toBe("");
        expect(out[v]!.stdout).toBe(readFixture(`realapi/kubectl/kubectl-${v}-get-cm-json.stdout`));
      }
      expect(misses).toEqual([]);
    },
  );

  it.skipIf(!kubectlRuns(newest))(
    "legacy discovery only: kubectl falls back to /api/v1 and /apis/<group>/<version>; groups the session never fetched are misses, reported",
    async () => {
      const cassette = realapiCassette();
      cassette.exchanges = cassette.exchanges.filter((e) => !isAggregatedRequest(e));
      const { out, misses } = await runAgainst(cassette, [newest]);
      expect(out[newest]!.stdout).toBe(readFixture(`realapi/kubectl/kubectl-${newest}-get-cm-json.stdout`));
      // The recording holds /api/v1 and /apis/example.com/v1 only: every other group version is a reported miss.
      expect(misses.length).toBeGreaterThan(0);
      expect(
        misses.every((m) => /^\/apis\/[^/]+\/[^/?]+/.test(new URL(m.request.url, "http://x").pathname)),
      ).toBe(true);
      expect(misses[0]!.message).toContain("closest:");
    },
  );
});

describe("a cassette recorded by a tool, not by kubectl", () => {
  it.skipIf(!kubectlRuns("1.27") || !kubectlRuns("1.33"))(
    "has no discovery: the server derives it from the recorded resources, and kubectl gets its ConfigMaps",
    async () => {
      const events: string[] = [];
      const server = await startReplayServer(fixturePath("cassettes/orphan-configmaps.cassette.json"), {
        onRequest: (e) => events.push(`${e.url} ${e.synthesized ?? e.exchange?.seq ?? "miss"}`),
      });
      const kubeconfig = join(tmp, "orphans.kubeconfig");
      await server.writeKubeconfig(kubeconfig, { namespace: "list-resources-ns" });
      try {
        const expected = renderKubectlJson(readFixture("realapi/curl/x25-cm-list-all.body"));
        for (const version of ["1.27", "1.33"]) {
          const base = ["--kubeconfig", kubeconfig, "--cache-dir", mkdtempSync(join(tmp, "cache-"))];
          const json = await runKubectl(version, [...base, "get", "configmaps", "-o", "json"]);
          expect(json.stderr).toBe("");
          expect(json.stdout).toBe(expected);
          const names = await runKubectl(version, [...base, "get", "cm", "-o", "name"]);
          expect(names.stdout).toBe("configmap/hello-world\nconfigmap/sithisms\n");
        }
        expect(server.misses).toEqual([]);
        expect(events.slice(0, 3)).toEqual([
          "/api?timeout=32s discovery",
          "/apis?timeout=32s discovery",
          "/api/v1/namespaces/list-resources-ns/configmaps?limit=500 0",
        ]);
      } finally {
        await server.close();
      }
    },
  );
});

describe("a cassette imported from a kubectl log taken with a warm discovery cache", () => {
  it.skipIf(!kubectlRuns("1.33"))(
    "answers /version from the cassette's server version and derives discovery: kubectl version and get work",
    async () => {
      const cassette = await loadCassette(fixturePath("demo/configmaps-by-label.cassette.json"));
      // The log held the list only: no /version, no /api, no /apis.
      expect(cassette.exchanges.map((e) => new URL(e.request.url).pathname)).toEqual([
        "/api/v1/namespaces/list-resources-ns/configmaps",
      ]);
      const events: string[] = [];
      const server = await startReplayServer(cassette, {
        onRequest: (e) => events.push(`${e.url} ${e.synthesized ?? e.exchange?.seq ?? "miss"}`),
      });
      const kubeconfig = join(tmp, "imported.kubeconfig");
      await server.writeKubeconfig(kubeconfig, { namespace: "list-resources-ns" });
      try {
        const base = ["--kubeconfig", kubeconfig, "--cache-dir", mkdtempSync(join(tmp, "cache-"))];
        const version = await runKubectl("1.33", [...base, "version", "-o", "json"]);
        // What kubectl 1.33 says of any 1.28 server: it read the synthesized version.
        expect(version.stderr).toBe(
          "WARNING: version difference between client (1.33) and server (1.28) exceeds the supported minor version skew of +/-1\n",
        );
        expect(
          (
            JSON.parse(version.stdout) as {
              serverVersion: { major: string; minor: string; gitVersion: string };
            }
          ).serverVersion,
        ).toMatchObject({ major: "1", minor: "28", gitVersion: "v1.28.7" });
        const get = await runKubectl("1.33", [...base, "get", "configmaps", "-l", "app=blog", "-o", "json"]);
        expect(get.stderr).toBe("");
        expect(get.stdout).toBe(readFixture("realapi/kubectl/kubectl-1.33-get-cm-json.stdout"));
        expect(server.misses).toEqual([]);
        expect(events).toContain("/version?timeout=32s version");
        expect(events).toContain("/api?timeout=32s discovery");
      } finally {
        await server.close();
      }
    },
  );
});

describe("a cassette imported from a kubectl get -v=9 log (Table answers) with a warm discovery cache", () => {
  it.skipIf(!kubectlRuns("1.33"))(
    "derives discovery from the Table answers, so kubectl get prints the same table",
    async () => {
      const { cassette } = importKubectlLog(readFixture("realapi/kubectl/kubectl-1.33-get-cm-table.stderr"));
      // A warm cache: the log shows only the list (kubectl read discovery from disk).
      cassette.exchanges = cassette.exchanges.filter((e) => /\/namespaces\//.test(e.request.url));
      expect(cassette.exchanges.length).toBeGreaterThan(0);
      const server = await startReplayServer(cassette);
      const kubeconfig = join(tmp, "imported-table.kubeconfig");
      await server.writeKubeconfig(kubeconfig, { namespace: "list-resources-ns" });
      try {
        const base = ["--kubeconfig", kubeconfig, "--cache-dir", mkdtempSync(join(tmp, "cache-"))];
        const get = await runKubectl("1.33", [...base, "get", "configmaps", "-l", "app=blog"]);
        expect(get.stderr).toBe("");
        expect(get.stdout).toBe(readFixture("realapi/kubectl/kubectl-1.33-get-cm-table.stdout"));
        expect(server.misses).toEqual([]);
      } finally {
        await server.close();
      }
    },
  );
});

describe("kubewire replay (the command)", () => {
  it.skipIf(!kubectlRuns("1.33"))(
    "serves a cassette file over HTTPS, writes the kubeconfig, and stops on SIGTERM",
    async () => {
      const { spawn } = await import("node:child_process");
      const file = join(tmp, "cli.cassette.json");
      await saveCassette(file, sessionFor("1.33"));
      const kubeconfig = join(tmp, "cli.kubeconfig");
      const child = spawn(process.execPath, [
        fixturePath("../bin/kubewire.js"),
        "replay",
        file,
        "--tls",
        "--port",
        "0",
        "--kubeconfig-out",
        kubeconfig,
      ]);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      try {
        // Starting a CLI process takes what the machine gives it: wait as long as the test may run.
        await expect.poll(() => stdout, { timeout: KUBECTL_HANG_MS }).toContain("kubeconfig: ");
        expect(stdout).toMatch(
          /^Replaying 16 exchanges from .* \(kube-apiserver v1\.28\.7\) at https:\/\/127\.0\.0\.1:\d+\n/,
        );
        expect(readFileSync(kubeconfig, "utf8")).toContain("certificate-authority-data: ");
        const cacheDir = mkdtempSync(join(tmp, "cache-"));
        const r = await runKubectl("1.33", [
          ...kubectlArgs(kubeconfig, cacheDir),
          "get",
          "configmap",
          "--selector",
          "app=blog",
          "-o",
          "yaml",
        ]);
        expect(r.stdout).toBe(readFixture("realapi/kubectl/kubectl-1.33-get-cm-yaml.stdout"));
      } finally {
        child.kill("SIGTERM");
      }
      expect(await exited).toBe(0);
      expect(stderr).toMatch(
        /^GET \/api\?timeout=32s -> #5 200\nGET \/apis\?timeout=32s -> #7 200\nGET \/api\/v1\/namespaces\/list-resources-ns\/configmaps\?labelSelector=app%3Dblog&limit=500 -> #8 200\n$/,
      );
      expect(stdout).toContain("Stopped. No misses.");
    },
  );
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRecordingProxy, NOTICE_PREFIX } from "../../src/proxy/index.js";
import { bodyText } from "../../src/record/exchange/body.js";
import { loadCassette, startReplayServer } from "../../src/record/index.js";
import { createFakeApiServer } from "../../src/testing/index.js";
import { KUBECTL_VERSIONS } from "../helpers/fixtures.js";
import { kubectlPath, kubectlTestsRun, runKubectl } from "../helpers/kubectl-binary.js";
import { headerRunsSorted } from "../helpers/log-fuzz.js";

/**
 * The real kubectl 1.27–1.33 through the recording proxy, in front of the in-memory API server: every command
 * prints exactly what it prints talking to the server directly; the proxy's `--v=9` log is the log kubectl writes
 * itself for the same requests; the cassette the proxy writes replays to the same output; and no credential or
 * Secret value reaches the proxy's log or its cassette.
 */

const NOW = () => new Date("2026-01-02T03:04:05Z");
const REAL_TOKEN = "upstream-real-token-5f1c2a9e";
const SECRET_VALUE = "hunter2-very-secret-password";

const MANIFEST =
  "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied, namespace: default}\ndata: {k: v}\n";
const MANIFEST2 =
  "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied, namespace: default}\ndata: {k: w}\n";

/** One session's commands, in order: each reads what the ones before it did. `secret` marks output with values. */
const COMMANDS: { args: string[]; secret?: boolean }[] = [
  { args: ["get", "namespaces"] },
  { args: ["create", "configmap", "a", "--from-literal=k=v"] },
  { args: ["get", "configmap", "a", "-o", "yaml"] },
  { args: ["patch", "configmap", "a", "-p", '{"data":{"k":"w"}}'] },
  { args: ["apply", "--server-side", "-f", "MANIFEST"] },
  { args: ["apply", "--server-side", "-f", "MANIFEST2", "-o", "json"] },
  { args: ["get", "configmaps", "-o", "json"] },
  { args: ["create", "secret", "generic", "s", `--from-literal=password=${SECRET_VALUE}`], secret: true },
  { args: ["get", "secret", "s", "-o", "yaml"], secret: true },
  { args: ["get", "configmaps", "--watch"] },
  { args: ["delete", "configmap", "a"] },
  { args: ["get", "configmap", "a"] },
];

const HEADER = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ (\S+)\] (.*)$/;

/** kubectl's traffic lines (round_trippers, request bodies), without the proxy's own notices. */
function trafficLines(text: string): string[] {
  const out: string[] = [];
  let inTraffic = false;
  for (const line of text.split("\n").slice(0, -1)) {
    if (line.startsWith(NOTICE_PREFIX)) continue;
    const m = HEADER.exec(line);
    if (m)
      inTraffic = /^(round_trippers|request)\.go:/.test(m[1]!) || /^"(Request|Response) Body" /.test(m[2]!);
    // A multi-line value's lines start with a tab, and its end with " >"; anything else is kubectl's own output.
    if (inTraffic && (m || line.startsWith("\t") || line === " >" || line.startsWith(" > "))) out.push(line);
  }
  return out;
}

/**
 * Modulo what differs between two logs of the same requests: times and durations, the pid, and the order of a
 * curl line's `-H` flags (kubectl prints them in Go's map iteration order, which changes from run to run).
 */
function comparable(line: string): string {
  return line
    .replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /, "$1mmdd hh:mm:ss.uuuuuu PID ")
    .replace(/\d+ milliseconds/g, "N milliseconds")
    .replace(/ \d+ ms\b/g, " N ms")
    .replace(/\b([A-Za-z]*(?:Milliseconds|milliseconds|ms))="?\d+(?:ms)?"?/g, "$1=N")
    .replace(/ in \d+ milliseconds/g, " in N milliseconds")
    .replace(/(curl -v -X\S+ )((?: -H "(?:[^"\\]|\\.)*")+)/, (_m, start: string, flags: string) => {
      const each = flags.match(/ -H "(?:[^"\\]|\\.)*"/g)!;
      return start + [...each].sort().join("");
    });
}

/** The lines without the request and response bodies (each a klog line and its continuation lines). */
function withoutBodies(lines: string[]): string[] {
  let body = false;
  return lines.filter((line) => {
    const m = HEADER.exec(line);
    if (m) body = /^"?(Request|Response) Body/.test(m[2]!);
    return !body;
  });
}

/** The lines in blocks: each body (a klog line and its continuation lines) a block of its own, the rest one a line. */
function bodyBlocks(lines: string[]): { body: boolean; lines: string[] }[] {
  const out: { body: boolean; lines: string[] }[] = [];
  let body = false;
  for (const line of lines) {
    const m = HEADER.exec(line);
    if (m) body = /^"?(Request|Response) Body/.test(m[2]!);
    if (body && (m || !out.at(-1)?.body)) out.push({ body: true, lines: [line] });
    else if (body) out.at(-1)!.lines.push(line);
    else out.push({ body: false, lines: [line] });
  }
  return out;
}

/**
 * Both logs without the bodies the proxy logged redacted (the n-th body of one log is the n-th of the other).
 * The secret policy redacts a binary body that may hold a secret whole (protobuf cannot be redacted field by
 * field; the server's schema documents are the one exception), and the proxy logs its marker where kubectl logs
 * the bytes. Redaction comes first; these bodies are compared by their presence only.
 */
function withoutRedactedBodies(ours: string[], theirs: string[]): [string[], string[]] {
  const a = bodyBlocks(ours);
  const b = bodyBlocks(theirs);
  const redacted = a.filter((x) => x.body).map((x) => x.lines.some((l) => l.includes("[redacted len=")));
  const keep = (blocks: typeof a) => {
    let n = 0;
    return blocks.flatMap((x) => (x.body && redacted[n++] ? [] : x.lines));
  };
  return [keep(a), keep(b)];
}

/** The in-memory server makes random uids: number them in order of appearance, so equal outputs compare equal. */
function numberedUids(text: string): string {
  const seen = new Map<string, number>();
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (uid) => {
    if (!seen.has(uid)) seen.set(uid, seen.size);
    return `uid-${seen.get(uid)!}`;
  });
}

/** What kubectl says went wrong (`Error from server (NotFound): …`), without its log. */
const errorLines = (stderr: string) => stderr.split("\n").filter((l) => /^(Error|error)\b/.test(l));

describe.runIf(kubectlTestsRun([...KUBECTL_VERSIONS]))("real kubectl through the recording proxy", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubewire-proxy-kubectl-"));
  writeFileSync(join(dir, "MANIFEST"), MANIFEST);
  writeFileSync(join(dir, "MANIFEST2"), MANIFEST2);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const argsFor = (args: string[], kubeconfig: string, cache: string, v?: number) => [
    ...args.map((a) => (a.startsWith("MANIFEST") ? join(dir, a) : a)),
    ...(v !== undefined ? [`--v=${v}`] : []),
    "--kubeconfig",
    kubeconfig,
    "--cache-dir",
    cache,
  ];

  for (const version of KUBECTL_VERSIONS)
    it(`kubectl ${version}: the same output as direct, its own --v=9 log, a cassette that replays`, async () => {
      const bin = kubectlPath(version);
      const base = join(dir, version);
      const env = { HOME: dir };
      // A server seen directly, and an identical one behind the proxy; a watch ends after a second on both.
      const fake = () =>
        createFakeApiServer({ tls: true, token: REAL_TOKEN, now: NOW, watchTimeoutSeconds: 1 });
      const direct = await fake();
      const behind = await fake();
      await direct.writeKubeconfig(`${base}-direct.kubeconfig`);
      await behind.writeKubeconfig(`${base}-upstream.kubeconfig`);
      let log = "";
      const proxy = await createRecordingProxy({
        kubeconfig: { kubeconfig: `${base}-upstream.kubeconfig` },
        log: { write: (text: string) => (log += text) },
        v: 9,
        kubectlVersion: version,
        record: `${base}.cassette.json`,
        kubeconfigOut: `${base}-proxy.kubeconfig`,
      });
      try {
        const outputs: string[] = [];
        /** Per command: whether it read the protobuf OpenAPI v2 document (kubectl ≤ 1.28's apply does). */
        const readProtobufOpenApi: boolean[] = [];
        for (const [i, c] of COMMANDS.entries()) {
          const seen = proxy.exchanges.length;
          const from = log.length;
          // Direct and through the proxy at once: two servers, two caches, and the log holds the proxy's alone.
          const [want, got] = await Promise.all([
            runKubectl(bin, argsFor(c.args, `${base}-direct.kubeconfig`, `${base}-cache-direct-${i}`), env),
            runKubectl(bin, argsFor(c.args, `${base}-proxy.kubeconfig`, `${base}-cache-proxy-${i}`, 9), env),
          ]);
          expect(numberedUids(got.stdout), c.args.join(" ")).toBe(numberedUids(want.stdout));
          expect(got.code, c.args.join(" ")).toBe(want.code);
          // The error kubectl prints (a NotFound) is the server's, through the proxy as directly.
          expect(errorLines(got.stderr)).toEqual(errorLines(want.stderr));
          outputs.push(got.stdout);
          const openApi = proxy.exchanges.slice(seen).filter((e) => e.request.url.includes("/openapi/v2"));
          readProtobufOpenApi.push(openApi.some((e) => e.response?.body?.kind === "binary"));
          // The server's schema document is kept as sent (it describes Secrets, and holds none): never redacted.
          for (const e of openApi) expect(bodyText(e.response!.body!) ?? "").not.toMatch(/^\[redacted len=/);
          // The proxy logged the requests of this run as this kubectl logged them; where kubectl showed a Secret's
          // values, the proxy shows their redaction, so there the bodies are left out of the comparison.
          const [ours, theirs] = withoutRedactedBodies(
            trafficLines(log.slice(from)),
            trafficLines(got.stderr),
          );
          const shown = (lines: string[]) =>
            headerRunsSorted((c.secret ? withoutBodies(lines) : lines).map(comparable));
          expect(shown(ours), c.args.join(" ")).toEqual(shown(theirs));
        }
        expect(outputs.at(-3)).toMatch(/^NAME +DATA +AGE\na +/); // the watch listed what was there, then ended
        await proxy.close();

        // Nothing secret in the log or the cassette: the real token, the proxy's own token, the Secret's value.
        const cassetteText = readFileSync(`${base}.cassette.json`, "utf8");
        const proxyToken = readFileSync(`${base}-proxy.kubeconfig`, "utf8").match(/token: "([^"]+)"/)![1]!;
        for (const secret of [
          REAL_TOKEN,
          proxyToken,
          SECRET_VALUE,
          Buffer.from(SECRET_VALUE).toString("base64"),
        ]) {
          expect(log.includes(secret)).toBe(false);
          expect(cassetteText.includes(secret)).toBe(false);
        }

        // The cassette replays to the same output, command by command (the Secret's values redacted in it).
        const cassette = await loadCassette(`${base}.cassette.json`);
        expect(cassette.exchanges.length).toBeGreaterThan(COMMANDS.length);
        const replay = await startReplayServer(cassette, { tls: true, repeat: false });
        try {
          await replay.writeKubeconfig(`${base}-replay.kubeconfig`);
          for (const [i, c] of COMMANDS.entries()) {
            if (c.secret) continue;
            const again = await runKubectl(
              bin,
              argsFor(c.args, `${base}-replay.kubeconfig`, `${base}-cache-proxy-${i}-replay`),
              env,
            );
            expect(again.stdout, `replayed: ${c.args.join(" ")}`).toBe(outputs[i]);
          }
          // Every request is answered from the cassette, the protobuf OpenAPI v2 document of kubectl ≤ 1.28 too.
          expect(replay.misses).toEqual([]);
        } finally {
          await replay.close();
        }
        // kubectl 1.27 and 1.28 read that document for apply; the newer ones read OpenAPI v3 instead.
        expect(readProtobufOpenApi.some(Boolean)).toBe(["1.27", "1.28"].includes(version));
      } finally {
        await proxy.close();
        await direct.close();
        await behind.close();
      }
    }, 300_000);
});

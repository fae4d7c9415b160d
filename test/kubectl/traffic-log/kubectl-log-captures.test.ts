import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { importKubectlLog, renderTrafficLog } from "../../../src/index.js";
import { bytesAsEscapedText } from "../../../src/internal/escaped-bytes.js";
import { goStatus } from "../../../src/kubectl/go/status-text.js";
import { hexDump } from "../../../src/kubectl/traffic-log/hex-dump.js";
import { renderTrafficLogEscaped } from "../../../src/kubectl/traffic-log/render.js";
import { bodyBytes, redactJson, serializeCassette } from "../../../src/record/index.js";
import type { Exchange, TrafficLevel } from "../../../src/index.js";
import { fixturePath } from "../../helpers/fixtures.js";

/**
 * Every real kubectl capture kept in fixtures/ (byte-exact copies, provenance in fixtures/README.md: captures of the
 * 1.27–1.33 binaries against a stub server, realapi/kubectl/*.stderr and realapi/admission/09*,10*.stderr against
 * a real kube-apiserver 1.28.7, and kubectl/extra: a DNS failure and a timeout, made with the same binaries): import
 * recovers every request and every untruncated body, and rendering the import
 * with the same version and level reproduces the log.
 *
 * What the comparison normalises, and nothing else:
 * - the klog timestamp (`mmdd hh:mm:ss.uuuuuu`) of every line;
 * - Secret values in logged bodies, compared as their redaction markers (import redacts before anything is kept);
 * - the order of lines of concurrent group-version discovery requests (`GET /api/v1`, `GET /apis/<g>/<v>`):
 *   the log must be an interleaving of the rendered requests, each request's own lines in their order.
 * Process ids, durations, connection timings, header order and `file:line`s are reproduced exactly, not
 * normalised (kubectl's random header order is the order the log shows, which the import keeps).
 */

interface Capture {
  name: string;
  text: string;
  version: string;
  level: number;
}

/** The --v of a capture: from its .cmd, or the README of realapi for files without one. */
function levelOf(file: string, text: string): number {
  const cmd = file.replace(/\.stderr$/, ".cmd");
  if (existsSync(cmd)) return Number(/--v=(\d+)/.exec(readFileSync(cmd, "utf8"))?.[1] ?? 0);
  if (/admission\/09-/.test(file)) return 8;
  if (/admission\/09b-/.test(file)) return 9;
  if (/admission\/10-/.test(file)) return 0;
  expect(text).toContain("curl -v"); // realapi/kubectl: every command ran with --v=9
  return 9;
}

function versionOf(file: string, text: string): string {
  const m = /\/(1\.\d\d)\/|kubectl[.-](1\.\d\d)[-.]|-(1\.\d\d)-v\d+\.stderr$/.exec(file);
  if (m) return (m[1] ?? m[2] ?? m[3])!;
  if (/admission\//.test(file)) return "1.33"; // realapi/admission/README.md: every kubectl run was kubectl.1.33
  // The gcloud dispatcher picked the binary for the server's version; its User-Agent says which.
  return `1.${/kubectl\/v1\.(\d+)\./.exec(text)![1]}`;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith(".stderr") ? [join(dir, d.name)] : [],
  );
}

const root = fixturePath("");
const files = [
  ...walk(fixturePath("kubectl/captures")),
  ...walk(fixturePath("kubectl/extra")),
  ...walk(fixturePath("realapi/kubectl")),
  ...walk(fixturePath("realapi/admission")).filter((f) => /\/(09|10)[^/]*\.stderr$/.test(f)),
];
const captures: Capture[] = files.map((file) => {
  // As bytes: kubectl prints header values and bodies raw (bytes that are not UTF-8 are kept, escaped).
  const text = bytesAsEscapedText(readFileSync(file));
  return { name: relative(root, file), text, version: versionOf(file, text), level: levelOf(file, text) };
});

const HEADER = /^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}( +\d+ )(\S+)\] (.*)$/;

/**
 * The log's traffic lines, classified without the importer: klog lines of round_trippers.go and request.go, body
 * entries of 1.32+ (`"Request Body"`, `"Response Body"`), and the header-less lines that continue them.
 */
function trafficLines(text: string): string[] {
  const out: string[] = [];
  let inTraffic = false;
  for (const line of text.split("\n").slice(0, -1)) {
    const m = HEADER.exec(line);
    if (m) {
      inTraffic = /^(round_trippers|request)\.go:/.test(m[3]!) || /^"(Request|Response) Body" /.test(m[4]!);
      if (inTraffic) out.push(line);
    } else if (inTraffic) out.push(line);
  }
  return out;
}

const normalizeTime = (line: string) =>
  line.replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}/, "$1mmdd hh:mm:ss.uuuuuu");

/** A logged JSON body with its Secret values replaced by redaction markers (unchanged when there are none). */
function redactedJsonText(text: string): string {
  try {
    const value = JSON.parse(text) as unknown;
    const redacted = redactJson(value);
    return redacted === value ? text : JSON.stringify(redacted);
  } catch {
    return text;
  }
}

function normalizeSecrets(line: string): string {
  const classic = /^(.*\] (?:Request|Response) Body: )(.*)$/.exec(line);
  if (classic) return classic[1]! + redactedJsonText(classic[2]!);
  if (line.startsWith("\t{")) return "\t" + redactedJsonText(line.slice(1));
  return line;
}

const normalize = (line: string) => normalizeSecrets(normalizeTime(line));

const DISCOVERY_GV = /\/(api\/v1|apis\/[^/?]+\/[^/?]+)\?timeout=/;

/**
 * Whether `log` is an interleaving of `blocks` in which only group-version discovery requests overlap one
 * another; every other request's lines are contiguous. Each block's lines keep their order.
 */
function isInterleaving(log: string[], blocks: { lines: string[]; concurrent: boolean }[]): boolean {
  const seen = new Set<string>();
  const search = (pos: number[]): boolean => {
    const at = pos.reduce((a, b) => a + b, 0);
    if (at === log.length) return pos.every((p, i) => p === blocks[i]!.lines.length);
    const key = pos.join(",");
    if (seen.has(key)) return false;
    seen.add(key);
    const open = blocks.findIndex((b, i) => !b.concurrent && pos[i]! > 0 && pos[i]! < b.lines.length);
    for (let i = 0; i < blocks.length; i++) {
      if (open >= 0 && i !== open) continue;
      const b = blocks[i]!;
      if (pos[i]! >= b.lines.length || b.lines[pos[i]!] !== log[at]) continue;
      if (
        !b.concurrent &&
        pos[i] === 0 &&
        blocks.some((o, j) => o.concurrent && pos[j]! > 0 && pos[j]! < o.lines.length)
      )
        continue;
      const next = [...pos];
      next[i]!++;
      if (search(next)) return true;
    }
    return false;
  };
  return search(blocks.map(() => 0));
}

/** (method, URL, status) of every request, read from the log without the importer. */
/** klog lines of other components that mention a failed request (Go's `url.Error`). */
function failureMentions(text: string): number {
  return text.split("\n").filter((line) => {
    const m = HEADER.exec(line);
    return (
      m &&
      !/^(round_trippers|request)\.go:/.test(m[3]!) &&
      /\b(?:Get|Post|Put|Patch|Delete|Head|Options) \\?"?https?:\/\//.test(m[4]!)
    );
  }).length;
}

function loggedRequests(lines: string[]): string[] {
  const out: string[] = [];
  const pendingRequests: string[] = [];
  const pendingStatuses: string[] = [];
  for (const line of lines) {
    let m: RegExpExecArray | null;
    if ((m = /round_trippers\.go:\d+\] ([A-Z]+) (https?:\/\/\S+) (.*) in \d+ milliseconds$/.exec(line)))
      out.push(`${m[1]} ${m[2]} ${m[3]}`);
    else if ((m = /round_trippers\.go:\d+\] ([A-Z]+) (https?:\/\/\S+)$/.exec(line)))
      pendingRequests.push(`${m[1]} ${m[2]}`);
    else if ((m = /round_trippers\.go:\d+\] Response Status: (.*) in \d+ milliseconds$/.exec(line)))
      pendingStatuses.push(m[1]!);
    else if ((m = /\] "Response" verb="([A-Z]+)" url="([^"]+)" status="([^"]*)"/.exec(line)))
      out.push(`${m[1]} ${m[2]} ${m[3]}`);
    else if ((m = /\] "Request" verb="([A-Z]+)" url="([^"]+)"/.exec(line)))
      pendingRequests.push(`${m[1]} ${m[2]}`);
    else if ((m = /\] "Response" status="([^"]*)"/.exec(line))) pendingStatuses.push(m[1]!);
  }
  // At -v=7 and -v=8 the response line names no URL; these captures run requests one at a time.
  expect(pendingStatuses.length).toBeLessThanOrEqual(pendingRequests.length);
  pendingStatuses.forEach((s, i) => out.push(`${pendingRequests[i]} ${s}`));
  return out.sort();
}

interface LoggedBody {
  side: "Request" | "Response";
  text: string;
  hex: boolean;
  truncated: boolean;
}

/** Every body the log shows, read without the importer. */
function loggedBodies(lines: string[]): LoggedBody[] {
  const out: LoggedBody[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let m: RegExpExecArray | null;
    if ((m = /\] (Request|Response) Body:$/.exec(line))) {
      const rows: string[] = [];
      while (/^[0-9a-f]{8} {2}/.test(lines[i + 1] ?? "")) rows.push(lines[++i]!);
      out.push({ side: m[1] as LoggedBody["side"], text: rows.join("\n"), hex: true, truncated: false });
    } else if ((m = /\] (Request|Response) Body: ([^]*)$/.exec(line))) {
      // A body with newlines of its own goes on over lines without a klog header.
      let text = m[2]!;
      while (i + 1 < lines.length && !HEADER.test(lines[i + 1]!)) text += "\n" + lines[++i]!;
      out.push({ side: m[1] as LoggedBody["side"], text, hex: false, truncated: false });
    } else if ((m = /\] "(Request|Response) Body" body=(".*")$/.exec(line))) {
      out.push({
        side: m[1] as LoggedBody["side"],
        text: JSON.parse(m[2]!) as string,
        hex: false,
        truncated: false,
      });
    } else if ((m = /\] "(Request|Response) Body" body=<$/.exec(line))) {
      const rows: string[] = [];
      while ((lines[i + 1] ?? "").startsWith("\t")) rows.push(lines[++i]!.slice(1));
      const hex = /^0{8} {2}/.test(rows[0] ?? "");
      out.push({ side: m[1] as LoggedBody["side"], text: rows.join("\n"), hex, truncated: false });
    }
  }
  for (const b of out) b.truncated = / \[truncated \d+ chars\]$/.test(b.text);
  return out.filter((b) => b.text !== "" || b.hex);
}

function contentLength(ex: Exchange): number | undefined {
  const v = ex.response?.headers["Content-Length"];
  return typeof v === "string" ? Number(v) : undefined;
}

const stubPosts = readFileSync(fixturePath("kubectl/stub-requests-post.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { headers: [string, string][]; body: string });

describe("kubectl's own logs, imported and rendered back", () => {
  it("covers every capture: all versions 1.27-1.33, every level captured, the real API server's logs", () => {
    expect(captures.length).toBeGreaterThan(490);
    expect(new Set(captures.map((c) => c.version))).toEqual(
      new Set(["1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33"]),
    );
    expect(new Set(captures.map((c) => c.level))).toEqual(new Set([0, 2, 5, 6, 7, 8, 9, 10]));
  });

  for (const capture of captures) {
    describe(capture.name, () => {
      const imported = importKubectlLog(capture.text);
      const traffic = trafficLines(capture.text);

      it("recovers every request: method, URL and status", () => {
        const got = imported.exchanges
          .map(
            (ex) =>
              `${ex.request.method} ${ex.request.url} ${ex.response ? goStatus(ex.response.status, ex.response.statusText) : ""}`,
          )
          .sort();
        expect(got).toEqual(loggedRequests(traffic));
        expect(imported.stats.orphanedLines).toBe(0);
        // Components' mentions of a failed request (Go's url.Error) go into that request's exchange too.
        expect(imported.stats.trafficLines).toBe(traffic.length + failureMentions(capture.text));
        if (capture.level >= 6 && imported.exchanges.length) {
          // -v=10 differs from -v=9 only in discovery cache hits and bodies over 10240 bytes logged whole.
          const tells10 =
            /returning cached discovery info/.test(capture.text) || /big-json/.test(capture.name);
          expect(imported.detected.level).toBe(capture.level === 10 && !tells10 ? 9 : capture.level);
          expect(imported.detected.format).toBe(
            capture.version === "1.33" ? "structured" : capture.version === "1.32" ? "hybrid" : "classic",
          );
          if (capture.level >= 7) expect(imported.detected.kubectlVersion).toBe(capture.version);
        }
        // No response: the error is Go's, taken from the dial trace or the error kubectl logged after.
        for (const ex of imported.exchanges) {
          if (ex.response) continue;
          expect(ex.error?.message).toMatch(
            /connection refused|no such host|deadline exceeded|Timeout exceeded/,
          );
          expect(["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT"]).toContain(ex.error?.code);
        }
      });

      it("recovers every untruncated body byte-exact, and marks the truncated ones", () => {
        const logged = loggedBodies(traffic);
        for (const side of ["Request", "Response"] as const) {
          const bodies = imported.exchanges.flatMap((ex) => {
            const body = side === "Request" ? ex.request.body : ex.response?.body;
            return body ? [{ ex, body }] : [];
          });
          const mine = logged.filter((b) => b.side === side);
          expect(bodies.length).toBe(mine.length);
          expect(bodies.filter((b) => b.body.truncated).length).toBe(mine.filter((b) => b.truncated).length);
          const texts = new Set(
            mine.filter((b) => !b.truncated).map((b) => (b.hex ? b.text + "\n" : redactedJsonText(b.text))),
          );
          for (const { ex, body } of bodies) {
            const bytes = bodyBytes(body);
            const cl = side === "Response" ? contentLength(ex) : undefined;
            if (body.truncated) {
              if (cl !== undefined) expect(body.bytes).toBe(cl);
              continue;
            }
            if (cl !== undefined && !ex.redacted) expect(bytes.length).toBe(cl);
            const asLogged = bytes.some((b) => b < 0x0a)
              ? hexDump(bytes)
              : bytesAsEscapedText(bytes).replace(/\n$/, "");
            expect(texts.has(asLogged)).toBe(true);
            // A discovery document belongs to the request that asked for it (concurrent requests stay apart).
            const gv = /^\{"kind":"APIResourceList",(?:"apiVersion":"v1",)?"groupVersion":"([^"]+)"/.exec(
              asLogged,
            );
            if (gv) expect(ex.request.url).toContain(gv[1] === "v1" ? "/api/v1?" : `/apis/${gv[1]}?`);
          }
        }
      });

      if (/create-v\d+\.stderr$/.test(capture.name)) {
        it("recovers the request body the stub server received, byte for byte", () => {
          const post = imported.exchanges.find((ex) => ex.request.method === "POST")!;
          const sent = stubPosts.find((p) =>
            p.headers.some(([k, v]) => k === "User-Agent" && v.startsWith(`kubectl.${capture.version}/`)),
          )!;
          expect(bodyBytes(post.request.body!).equals(Buffer.from(sent.body, "latin1"))).toBe(true);
        });
      }

      it("renders back to the same log, line for line (timestamps normalised)", () => {
        const level = Math.min(capture.level, 10);
        const expected = traffic.map(normalize);
        if (level < 6 || imported.exchanges.length === 0) {
          expect(imported.exchanges).toEqual([]);
          expect(expected).toEqual([]);
          return;
        }
        const options = {
          v: level as TrafficLevel,
          kubectlVersion: capture.version,
          pid: imported.detected.pid!,
          utc: true,
        };
        const blocks = imported.exchanges.map((ex) => ({
          lines: renderTrafficLogEscaped([ex], options).split("\n").slice(0, -1).map(normalize),
          concurrent: DISCOVERY_GV.test(ex.request.url),
        }));
        const rendered = renderTrafficLogEscaped(imported.exchanges, options)
          .split("\n")
          .slice(0, -1)
          .map(normalize);
        expect(rendered).toEqual(blocks.flatMap((b) => b.lines));
        if (rendered.join("\n") !== expected.join("\n")) expect(isInterleaving(expected, blocks)).toBe(true);
      });
    });
  }
});

describe("Secrets in kubectl's logs", () => {
  const capture = captures.find((c) => c.name.endsWith("extra-kubectl-1.33-get-secrets-yaml.stderr"))!;
  const body = /^\t(\{"kind":"SecretList".*)$/m.exec(capture.text)![1]!;
  const values = (JSON.parse(body) as { items: { data: Record<string, string> }[] }).items.flatMap((i) =>
    Object.values(i.data),
  );
  const decoded = values.map((v) => Buffer.from(v, "base64").toString("utf8"));

  it("the capture does hold Secret values at -v=9 (kubectl prints them)", () => {
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(capture.text.includes(v)).toBe(true);
  });

  it("never keeps them: not in the imported exchanges, the cassette, or any rendering, showSecrets included", () => {
    const imported = importKubectlLog(capture.text);
    const outputs = [
      JSON.stringify(imported.exchanges),
      serializeCassette(imported.cassette),
      ...[8, 9, 10].map((v) => renderTrafficLog(imported.exchanges, { v: v as TrafficLevel })),
      renderTrafficLog(imported.exchanges, { v: 10, showSecrets: true }),
    ];
    for (const out of outputs)
      for (const secret of [...values, ...decoded]) expect(out.includes(secret)).toBe(false);
    expect(outputs[0]).toContain("[redacted len=");
  });
});

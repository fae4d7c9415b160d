import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importKubectlLog } from "../../../../src/index.js";
import { bodyBytes } from "../../../../src/record/index.js";
import type { Exchange } from "../../../../src/index.js";
import { readFixture } from "../../../helpers/fixtures.js";
import { propertyRuns } from "../../../helpers/property-seed.js";

/**
 * What people do to a log before it reaches an issue, as operations on a real kubectl log: remove the pids, hide
 * the host, wrap the lines (a terminal, a page), put prompts and output between the log lines, quote or indent it,
 * fence it, turn line ends into CRLF, cut lines out. Property: the import's answer stays the same, modulo the edit
 * (a hidden host stays hidden and is marked; a cut leaves the other exchanges as they were and marks what it took).
 */

const LOGS = [
  "kubectl/captures/https/1.27/json-v9.stderr",
  "kubectl/captures/https/1.28/json-v7.stderr",
  "kubectl/captures/https/1.29/json-v8.stderr",
  "kubectl/captures/https/1.30/json-v6.stderr",
  "kubectl/captures/https/1.31/create-v8.stderr",
  "kubectl/captures/https/1.32/create-v9.stderr",
  "kubectl/captures/https/1.33/json-v9.stderr",
  "kubectl/captures/https/1.33/create-v8.stderr",
  "kubectl/captures/https/1.27/tab-json-v8.stderr",
  "kubectl/captures/refused/1.27/json-v9.stderr",
  "kubectl/captures/refused/1.33/json-v6.stderr",
  "realapi/kubectl/kubectl-1.31-get-cm-notfound.stderr",
].map((name) => ({ name, text: readFixture(name) }));

/** What the import says about each exchange, but where its lines were. */
function essence(exchanges: Exchange[]) {
  return exchanges.map((ex) => ({
    method: ex.request.method,
    url: ex.request.url,
    requestHeaders: ex.request.headers,
    requestBody: ex.request.body && {
      bytes: bodyBytes(ex.request.body).toString("base64"),
      truncated: ex.request.body.truncated,
      total: ex.request.body.bytes,
    },
    status: ex.response?.status,
    responseHeaders: ex.response?.headers,
    responseBody: ex.response?.body && {
      bytes: bodyBytes(ex.response.body).toString("base64"),
      truncated: ex.response.body.truncated,
      total: ex.response.body.bytes,
    },
    error: ex.error && { code: ex.error.code, message: ex.error.message },
    durationMs: ex.durationMs,
    connection: ex.connection,
    caller: ex.caller,
    absent: ex.fromLog?.absent,
    host: ex.fromLog?.host,
    elided: ex.fromLog?.elided,
  }));
}

const lines = (text: string) => text.replace(/\n$/, "").split("\n");
const unlines = (ls: string[]) => ls.join("\n") + "\n";
const isHeader = (line: string) => /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6} /.test(line);

const removePids = (text: string) => text.replace(/^([IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6}) +\d+ /gm, "$1 ");

/** A hidden host, and how the import marks it. */
const HIDDEN_HOSTS = [
  ["<redacted>", "redacted"],
  ["xx.xx.xx.xx:6443", "redacted"],
  ["REDACTED", "redacted"],
  ["...", "elided"],
  ["<cluster-api>:443", "redacted"],
] as const;

/** The author replaces the server's URL everywhere it appears as one. */
function hideHost(text: string, host: string): string {
  return text.replace(/(https?:\/\/)127\.0\.0\.1:\d+/g, `$1${host}`);
}

/** Hard wraps, as a terminal copies them: every line cut at `width`. */
function terminalWrap(text: string, width: number): string {
  return unlines(
    lines(text).flatMap((l) => {
      const out: string[] = [];
      for (let i = 0; i < l.length || i === 0; i += width) out.push(l.slice(i, i + width));
      return out;
    }),
  );
}

/**
 * Wraps between words, as `fold -s` or a mail client (format=flowed) does: the space a line breaks at stays at its
 * end. (A page that drops it leaves one case no reader can settle: a word that ends exactly at the width, then a
 * break. fixtures/pasted-logs/11 is such a page.)
 */
function pageWrap(text: string, width: number): string {
  return unlines(
    lines(text).flatMap((l) => {
      const out: string[] = [];
      let rest = l;
      while (rest.length > width) {
        let at = rest.lastIndexOf(" ", width - 1) + 1;
        if (at <= 1) at = width;
        out.push(rest.slice(0, at));
        rest = rest.slice(at);
      }
      out.push(rest);
      return out;
    }),
  );
}

/** Lines that share a terminal or a post with a log, prose that names requests included. */
const NOISE = [
  "$ kubectl get configmaps -n list-resources-ns -v=9",
  "user@laptop:~/src$ export KUBECONFIG=~/.kube/prod",
  "NAME          DATA   AGE",
  "hello-world   2      2y148d",
  "apiVersion: v1",
  "  name: hello-world",
  "Kubernetes control plane is running at https://10.20.30.40:6443",
  "Then GET https://10.20.30.40:6443/api/v1/namespaces/default/pods 200 OK in 3 milliseconds, as expected.",
  "curl -k -v -XGET 'https://10.20.30.40:6443/api?timeout=32s'",
  'It fails with Get "https://10.20.30.40:6443/api": dial tcp 10.20.30.40:6443: i/o timeout sometimes.',
  "",
];

/** Noise before some klog header lines (never inside an entry: klog writes each entry in one write). */
function interleave(text: string, picks: number[]): string {
  const out: string[] = [];
  let k = 0;
  for (const line of lines(text)) {
    if (isHeader(line) && k < picks.length && picks[k]! % 3 === 0) out.push(NOISE[picks[k]! % NOISE.length]!);
    if (isHeader(line)) k++;
    out.push(line);
  }
  return unlines(out);
}

const edit = fc.record({
  pids: fc.boolean(),
  host: fc.option(fc.constantFrom(...HIDDEN_HOSTS), { nil: undefined }),
  layout: fc.oneof(
    fc.constant({ kind: "none" as const }),
    // Narrower than 80 columns, wrapping would cut klog's header itself.
    fc.record({ kind: fc.constant("terminal" as const), width: fc.integer({ min: 80, max: 220 }) }),
    fc.record({ kind: fc.constant("page" as const), width: fc.integer({ min: 80, max: 220 }) }),
    fc.record({
      kind: fc.constant("interleave" as const),
      picks: fc.array(fc.nat({ max: 200 }), { minLength: 1, maxLength: 60 }),
    }),
  ),
  prefix: fc.constantFrom("", "", "> ", "    ", "#> "),
  fence: fc.boolean(),
  crlf: fc.constantFrom("none", "all", "some"),
});
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: string, e: Edit): string {
  let out = text;
  if (e.pids) out = removePids(out);
  if (e.host) out = hideHost(out, e.host[0]);
  if (e.layout.kind === "interleave") out = interleave(out, e.layout.picks);
  if (e.layout.kind === "terminal") out = terminalWrap(out, e.layout.width);
  if (e.layout.kind === "page") out = pageWrap(out, e.layout.width);
  // Quoting or indenting what was pasted (wrapped already) marks every line.
  if (e.prefix) out = unlines(lines(out).map((l) => e.prefix + l));
  if (e.fence) out = `The log:\n\n\`\`\`console\n${out}\`\`\`\n\nAny idea?\n`;
  if (e.crlf === "all") out = out.replace(/\n/g, "\r\n");
  if (e.crlf === "some") out = out.replace(/\n/g, (_, at: number) => (at % 3 === 0 ? "\r\n" : "\n"));
  return out;
}

/** The answer the edited log should give: the original's, with the hidden host in place of the server's. */
function expectedAfter(original: ReturnType<typeof essence>, e: Edit): ReturnType<typeof essence> {
  if (!e.host) return original;
  const [host, mark] = e.host;
  return original.map((x) => ({
    ...x,
    url: hideHost(x.url, host),
    error: x.error && { code: x.error.code, message: hideHost(x.error.message, host) },
    host: mark,
  }));
}

describe("editing a pasted log keeps the import's answer, modulo the edit", () => {
  it("pid removal, hidden hosts, wrapping, prompts and output between lines, quoting, fences, CRLF", () => {
    fc.assert(
      fc.property(fc.nat({ max: LOGS.length - 1 }), edit, (i, e) => {
        const log = LOGS[i]!;
        const original = essence(importKubectlLog(log.text).exchanges);
        const edited = importKubectlLog(applyEdit(log.text, e));
        expect(essence(edited.exchanges)).toEqual(expectedAfter(original, e));
      }),
      propertyRuns(400, 1616),
    );
  });

  it("cut lines: what the cut did not touch stays, and whatever changed says what it lost", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: LOGS.length - 1 }),
        fc.nat(),
        fc.integer({ min: 1, max: 12 }),
        (i, start, length) => {
          const log = LOGS[i]!;
          const all = lines(log.text);
          const from = start % all.length;
          const to = Math.min(all.length, from + length);
          const cut = unlines([...all.slice(0, from), "...", ...all.slice(to)]);
          const whole = importKubectlLog(log.text).exchanges;
          const untouched = whole.filter((ex) => {
            const [first, last] = ex.fromLog!.lines;
            return last < from + 1 || first > to;
          });
          const got = importKubectlLog(cut).exchanges;
          // Every exchange the cut missed is still there (unchanged, or saying what it lost: see below).
          const left = got.map((ex) => `${ex.request.method} ${ex.request.url}`);
          for (const ex of untouched) {
            const at = left.indexOf(`${ex.request.method} ${ex.request.url}`);
            expect(at, `${ex.request.method} ${ex.request.url}`).toBeGreaterThanOrEqual(0);
            left.splice(at, 1);
          }
          // Any other comes from an exchange of the whole log: as it was, or saying what it lost.
          const wholeEssence = essence(whole);
          for (const ex of got) {
            if (wholeEssence.some((w) => equal(w, essence([ex])[0]))) continue;
            expect(
              whole.some((w) => w.request.method === ex.request.method && w.request.url === ex.request.url),
            ).toBe(true);
            const marked =
              ex.fromLog?.elided === true ||
              (ex.fromLog?.absent?.length ?? 0) > 0 ||
              ex.error?.name === "IncompleteExchangeError" ||
              ex.response?.body?.truncated === true ||
              ex.request.body?.truncated === true;
            expect({ url: ex.request.url, marked }).toEqual({ url: ex.request.url, marked: true });
          }
        },
      ),
      propertyRuns(300, 1617),
    );
  });
});

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { importKubectlLog, importKubectlLogFile, renderTrafficLog } from "../../../../src/index.js";
import type { Exchange, KubectlLogImport, TrafficLevel } from "../../../../src/index.js";
import { formatMicros } from "../../../../src/internal/clock.js";
import { EntryImport } from "../../../../src/kubectl/traffic-log/import/entry-import.js";
import { splitPastedLines } from "../../../../src/kubectl/traffic-log/import/paste.js";
import { LogReader } from "../../../../src/kubectl/traffic-log/import/read-log.js";
import { jsonBody } from "../../../../src/record/index.js";
import { importAsData } from "../../../helpers/log-import.js";

/**
 * importKubectlLogFile makes exchanges as it reads, deciding the format and the level from the first entries; a
 * later entry that contradicts a decision that was used sends it back to the whole-log import. Property: on logs
 * made to contradict early decisions (kubectl versions and levels that change mid-log, New Year, lines cut out or
 * wrapped after the first exchanges, prose between), the file import is the string import, and the early path,
 * wherever it gives an answer, gives the whole-log path's.
 */

/** The early path alone: its import, or undefined when it said the log must be read the whole-log way. */
function earlyImport(text: string): { result: KubectlLogImport | undefined; madeEarly: boolean } {
  const { lines, endsCut } = splitPastedLines(text);
  const entries = new EntryImport({});
  const reader = new LogReader(undefined, false, (e) => entries.accept(e));
  for (const line of lines) reader.push(line);
  reader.end(endsCut);
  if (reader.needsAllLines) return { result: undefined, madeEarly: entries.madeEarly };
  return {
    result: entries.finish(reader.read, reader.lineCount, reader.lineCount, undefined),
    madeEarly: entries.madeEarly,
  };
}

interface Ex {
  method: string;
  name: string;
  status: number;
  body: number | undefined;
  gapMs: number;
  secret: boolean;
  failed: boolean;
}
interface Segment {
  version: string;
  v: TrafficLevel;
  exchanges: Ex[];
}
interface Edit {
  at: number;
  kind: string;
}

const exchangeArb: fc.Arbitrary<Ex> = fc.record({
  method: fc.constantFrom("GET", "GET", "POST", "DELETE"),
  name: fc.stringMatching(/^[a-z]{1,8}$/),
  status: fc.constantFrom(200, 200, 201, 404, 204),
  body: fc.option(fc.nat(1500), { nil: undefined }),
  gapMs: fc.nat(90_000),
  secret: fc.boolean(),
  failed: fc.boolean(),
});

/** A run of exchanges as one kubectl version logged them at one level. */
const segmentArb: fc.Arbitrary<Segment> = fc.record({
  version: fc.constantFrom("1.27", "1.31", "1.32", "1.33", "1.35"),
  v: fc.constantFrom<TrafficLevel>(6, 7, 8, 9, 10),
  exchanges: fc.array(exchangeArb, { minLength: 1, maxLength: 6 }),
});

/** What may come between runs, or replace a line: cuts, prose, a wrapped line. */
const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom("elision", "prose", "wrap", "mention", "mention", "none"),
});

function render(segments: Segment[], start: number): string {
  let at = start;
  let seq = 0;
  const parts: string[] = [];
  for (const segment of segments) {
    const exchanges: Exchange[] = segment.exchanges.map((e) => {
      at += e.gapMs * 1000;
      const kind = e.secret ? "Secret" : "ConfigMap";
      const body =
        e.body === undefined
          ? undefined
          : jsonBody({ kind, apiVersion: "v1", metadata: { name: e.name }, data: { k: "x".repeat(e.body) } });
      const exchange: Exchange = {
        seq: seq++,
        startedAt: formatMicros(at),
        durationMs: 3,
        request: {
          method: e.method,
          url: `https://127.0.0.1:6443/api/v1/namespaces/ns/${e.secret ? "secrets" : "configmaps"}/${e.name}`,
          headers: {
            Accept: "application/json",
            "User-Agent": `kubectl/v${segment.version}.0 (linux/amd64)`,
          },
        },
        ...(e.failed && e.gapMs % 3 === 0
          ? {
              error: {
                name: "TransportError",
                message: "dial tcp 127.0.0.1:6443: connect: connection refused",
              },
            }
          : {}),
        response: {
          status: e.status,
          statusText:
            e.status === 200
              ? "OK"
              : e.status === 201
                ? "Created"
                : e.status === 204
                  ? "No Content"
                  : "Not Found",
          headers: {
            "Content-Type": "application/json",
            Date: new Date(at / 1000).toUTCString(),
            ...(body ? { "Content-Length": String(body.bytes) } : {}),
          },
          ...(body && e.status !== 204 ? { body } : {}),
        },
      };
      // A request that failed has no response.
      if (exchange.error) delete exchange.response;
      return exchange;
    });
    parts.push(
      renderTrafficLog(exchanges, { v: segment.v, kubectlVersion: segment.version, utc: true, pid: 7 }),
    );
  }
  return parts.join("");
}

function edit(text: string, edits: Edit[]): string {
  const lines = text.split("\n");
  for (const { at, kind } of edits) {
    const i = at % Math.max(1, lines.length);
    const line = lines[i] ?? "";
    if (kind === "elision") lines.splice(i, 0, "...");
    else if (kind === "prose") lines.splice(i, 0, "$ kubectl get cm -v=9");
    else if (kind === "wrap" && line.length > 40) lines.splice(i, 1, line.slice(0, 40), line.slice(40));
    else if (kind === "mention") {
      // kubectl's own error output naming a request the log showed before (a failure it reports again).
      const urls = lines
        .slice(0, i)
        .map((l) => /https:\/\/127\.0\.0\.1:6443\/[^\s"']+/.exec(l)?.[0])
        .filter((u) => u !== undefined);
      const url = urls[Math.floor(at / 7) % Math.max(1, urls.length)];
      if (url)
        lines.splice(i, 0, `error: Get "${url}": dial tcp 127.0.0.1:6443: connect: connection refused`);
    }
  }
  return lines.join("\n");
}

/** Starts that put New Year inside a log, and one that does not. */
const START = fc.constantFrom(
  Date.UTC(2025, 11, 31, 23, 58, 30) * 1000,
  Date.UTC(2026, 10, 25, 19, 23, 21) * 1000,
  Date.UTC(2026, 5, 30, 23, 59, 0) * 1000,
);

describe("exchanges made as the log is read", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubewire-early-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("are the whole-log import's, whatever later entries say about format, level, year and cuts", async () => {
    const file = join(dir, "mixed.log");
    let early = 0;
    let fallbacks = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(segmentArb, { minLength: 1, maxLength: 4 }),
        fc.array(editArb, { maxLength: 3 }),
        START,
        async (segments, edits, start) => {
          const text = edit(render(segments, start), edits);
          const expected = importAsData(importKubectlLog(text));
          const { result, madeEarly } = earlyImport(text);
          if (result) expect(importAsData(result)).toEqual(expected);
          if (result && madeEarly) early++;
          if (!result && madeEarly) fallbacks++;
          writeFileSync(file, text);
          expect(importAsData(await importKubectlLogFile(file))).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
    // Both ways were taken: exchanges made early, and early decisions that a later entry undid.
    expect(early).toBeGreaterThan(8);
    expect(fallbacks).toBeGreaterThan(4);
  });

  it("makes a long log's exchanges early, one format and level throughout", () => {
    const segment = {
      version: "1.33",
      v: 9 as TrafficLevel,
      exchanges: [] as Ex[],
    };
    for (let i = 0; i < 300; i++)
      segment.exchanges.push({
        method: "GET",
        name: `n${i}`,
        status: 200,
        body: i * 7,
        gapMs: 10,
        secret: i % 5 === 0,
        failed: false,
      });
    const text = render([segment], Date.UTC(2026, 10, 25) * 1000);
    const { result, madeEarly } = earlyImport(text);
    expect(madeEarly).toBe(true);
    expect(importAsData(result!)).toEqual(importAsData(importKubectlLog(text)));
    expect(result!.stats.exchanges).toBe(300);
  });
});

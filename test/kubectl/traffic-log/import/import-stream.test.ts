import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { importKubectlLog, importKubectlLogFile, importKubectlLogStream } from "../../../../src/index.js";
import type { KubectlLogImport } from "../../../../src/index.js";
import { LineReader } from "../../../../src/kubectl/traffic-log/import/line-reader.js";
import { splitPastedLines } from "../../../../src/kubectl/traffic-log/import/paste.js";
import { serializeCassette } from "../../../../src/record/index.js";
import { fixturePath, readFixture } from "../../../helpers/fixtures.js";

/** Cuts `whole` at the given offsets (any order, any repeats, past the end clamped). */
function cut<T extends string | Uint8Array>(whole: T, offsets: number[]): T[] {
  const at = [...new Set(offsets.map((o) => Math.min(o, whole.length)))].sort((a, b) => a - b);
  const pieces: T[] = [];
  let from = 0;
  for (const to of [...at, whole.length]) {
    pieces.push(whole.slice(from, to) as T);
    from = to;
  }
  return pieces;
}

function readInPieces(pieces: (string | Uint8Array)[]) {
  const reader = new LineReader();
  for (const piece of pieces) reader.push(piece);
  return reader.finish();
}

/** Everything an import returns, as data: the cassette as it is stored, the counts, the skipped runs, the guesses. */
function asData(result: KubectlLogImport) {
  return {
    cassette: serializeCassette(result.cassette),
    exchanges: JSON.stringify(result.exchanges),
    stats: result.stats,
    skipped: result.skipped,
    detected: result.detected,
  };
}

/** Text made of what moves line splitting: line ends of every kind, multi-byte characters, klog lines. */
const LOG_PIECE = fc.constantFrom(
  "\n",
  "\r\n",
  "\r",
  "\n\n",
  "a",
  "é",
  "€",
  "😀",
  "\uFEFF",
  " ",
  "I1125 19:27:13.708714    8096 round_trippers.go:466] ",
  "curl -v -XGET  -H \"Accept: application/json\" 'https://h/api?timeout=32s'",
  "GET https://h/api/v1/pods 200 OK in 3 milliseconds",
  'Response Body: {"kind":"Secret","data":{"k":"c2VjcmV0"}}',
);
const LOG_TEXT = fc.array(LOG_PIECE, { maxLength: 60 }).map((parts) => parts.join(""));
const OFFSETS = fc.array(fc.nat({ max: 2_000 }), { maxLength: 12 });

describe("reading a log in pieces", () => {
  it("makes the lines splitPastedLines makes of the whole text, wherever the pieces break", () => {
    fc.assert(
      fc.property(LOG_TEXT, OFFSETS, (text, offsets) => {
        const expected = splitPastedLines(text);
        // Bytes cut anywhere, inside a CRLF or a UTF-8 character included; and text cut anywhere.
        expect(readInPieces(cut(Buffer.from(text), offsets))).toEqual(expected);
        expect(readInPieces(cut(text, offsets))).toEqual(expected);
      }),
      { numRuns: 1_000 },
    );
  });

  it("decodes any bytes, malformed UTF-8 included, as the whole text's decoding does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), OFFSETS, (bytes, offsets) => {
        const whole = splitPastedLines(Buffer.from(bytes).toString("utf8"));
        expect(
          readInPieces(
            cut(
              bytes,
              offsets.map((o) => o % 301),
            ),
          ),
        ).toEqual(whole);
      }),
      { numRuns: 1_000 },
    );
  });

  async function importsAsWhole(name: string, numRuns: number): Promise<void> {
    const text = readFixture(name);
    const expected = asData(importKubectlLog(text));
    const bytes = Buffer.from(text);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: bytes.length }), { maxLength: 20 }), async (offsets) => {
        const streamed = await importKubectlLogStream(Readable.from(cut(bytes, offsets)));
        expect(asData(streamed), name).toEqual(expected);
      }),
      { numRuns },
    );
  }

  it("imports every pasted log fixture as importKubectlLog imports its whole text", async () => {
    const names = readdirSync(fixturePath("pasted-logs")).filter(
      (n) => /\.(txt|md)$/.test(n) && n !== "README.md",
    );
    expect(names.length).toBeGreaterThan(15);
    for (const name of names) await importsAsWhole(`pasted-logs/${name}`, 8);
  });

  it("imports every captured kubectl log as importKubectlLog imports its whole text", async () => {
    const names = readdirSync(fixturePath("kubectl/captures"), { recursive: true, encoding: "utf8" }).filter(
      (n) => n.endsWith(".stderr"),
    );
    expect(names.length).toBeGreaterThan(100);
    for (const name of names) await importsAsWhole(`kubectl/captures/${name}`, 1);
  });

  it("takes the same options as importKubectlLog", async () => {
    const text = readFixture("pasted-logs/02-forum-1.35-get-secret-v8.txt");
    const options = { year: 2019, utcOffsetMinutes: -300 };
    const streamed = await importKubectlLogStream([text], options);
    expect(asData(streamed)).toEqual(asData(importKubectlLog(text, options)));
    expect(streamed.detected.utcOffsetMinutes).toBe(-300);
  });
});

describe("importKubectlLogFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubewire-log-file-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a file of several megabytes as the whole text imports, across characters its reads split", async () => {
    // Longer than two of the file reads, with a two-byte character astride each megabyte and CRLF line ends.
    const log = readFixture("pasted-logs/01-issue-1.34-get-pods-v9.md");
    let text = "";
    while (text.length < 2 * 1024 * 1024 + 4096) text += log;
    const chars = [...text.slice(0, 2 * 1024 * 1024 + 4096)];
    for (const at of [1024 * 1024 - 1, 2 * 1024 * 1024 - 2]) chars[at] = "é";
    text = chars.join("").replace(/\n/g, "\r\n");
    const file = join(dir, "big.log");
    writeFileSync(file, text);
    const expected = importKubectlLog(text);
    expect(expected.stats.exchanges).toBeGreaterThan(100);
    expect(asData(await importKubectlLogFile(file))).toEqual(asData(expected));
  });

  it("rejects with the file system's error when the file cannot be read", async () => {
    await expect(importKubectlLogFile(join(dir, "missing.log"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});

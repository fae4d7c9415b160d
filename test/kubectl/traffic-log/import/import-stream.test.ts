import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { importKubectlLog, importKubectlLogFile, importKubectlLogStream } from "../../../../src/index.js";
import { bytesAsEscapedText } from "../../../../src/internal/escaped-bytes.js";
import { LineReader } from "../../../../src/kubectl/traffic-log/import/line-reader.js";
import { splitPastedLines } from "../../../../src/kubectl/traffic-log/import/paste.js";
import { LogReader, readLog } from "../../../../src/kubectl/traffic-log/import/read-log.js";
import { fixturePath, readFixture } from "../../../helpers/fixtures.js";
import { importAsData } from "../../../helpers/log-import.js";

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
        // Bytes that are not UTF-8 are kept (escaped), as importKubectlLog keeps them from the whole log's bytes.
        const whole = splitPastedLines(bytesAsEscapedText(bytes));
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
    const expected = importAsData(importKubectlLog(text));
    const bytes = Buffer.from(text);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: bytes.length }), { maxLength: 20 }), async (offsets) => {
        const streamed = await importKubectlLogStream(Readable.from(cut(bytes, offsets)));
        expect(importAsData(streamed), name).toEqual(expected);
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
    expect(importAsData(streamed)).toEqual(importAsData(importKubectlLog(text, options)));
    expect(streamed.detected.utcOffsetMinutes).toBe(-300);
  });
});

/** Every fixture that holds a kubectl log: the pasted ones and the captured ones. */
function logFixtures(): string[] {
  const pasted = readdirSync(fixturePath("pasted-logs"))
    .filter((n) => /\.(txt|md)$/.test(n) && n !== "README.md")
    .map((n) => `pasted-logs/${n}`);
  const captured = readdirSync(fixturePath("kubectl/captures"), { recursive: true, encoding: "utf8" })
    .filter((n) => n.endsWith(".stderr"))
    .map((n) => `kubectl/captures/${n}`);
  return [...pasted, ...captured];
}

/** Lines pushed one at a time into a LogReader: its entries, or undefined when it says it needs every line. */
function readAsTheyArrive(lines: string[], endsCut: boolean) {
  const reader = new LogReader();
  for (const line of lines) reader.push(line);
  reader.end(endsCut);
  return reader.needsAllLines ? undefined : reader.read;
}

/** Text made of what moves reading entries: klog headers with and without prefixes, multi-line values, bodies. */
const ENTRY_PIECE = fc.constantFrom(
  "\n",
  "\r\n",
  "I1125 19:23:21.000000   12345 helper.go:105] ",
  "> I1125 19:23:21.004000   12345 round_trippers.go:632] ",
  '"Response Body" body=<\n',
  '"Request" curlCommand=<\n',
  "\tcurl -v -XGET  -H \"Accept: application/json\" 'https://h/api/v1/pods'\n",
  '\t{"kind":"Pod","apiVersion":"v1"}\n',
  "\tI1125 19:23:21.000000   12345 helper.go:105] inside a value\n",
  " >\n",
  " > milliseconds=4\n",
  '"Response" verb="GET" url="https://h/api/v1/pods" status="200 OK" milliseconds=4\n',
  "GET https://h/api/v1/pods 200 OK in 3 milliseconds",
  "GET https://h/api/v1/po",
  "ds 200 OK in 3 milliseconds\n",
  'Response Body: {"kind":"PodList",\n',
  '"items":[]}\n',
  "...\n",
  'error: Get "https://h/api/v1/pods": dial tcp 10.0.0.1:443: i/o timeout\n',
  "x",
);
/** Whole entries whose values span several lines (a reader that stops short of their end reads them otherwise). */
const WHOLE_ENTRY = fc.constantFrom(
  "I1125 19:23:21.000000   12345 round_trippers.go:527] \"Request\" curlCommand=<\n\tcurl -v -XGET 'https://h/api'\n >\n",
  'I1125 19:23:21.004000   12345 round_trippers.go:632] "Response" verb="GET" url="https://h/api" status="200 OK" headers=<\n\tAudit-Id: 1\n\tContent-Length: 2\n\tContent-Type: application/json\n > milliseconds=4\n',
  'I1125 19:23:21.004000   12345 helper.go:105] "Response Body" body=<\n\t{"kind":"List",\n\t"items":[]}\n\t\n >\n',
);
const ENTRY_TEXT = fc
  .array(fc.oneof({ weight: 3, arbitrary: WHOLE_ENTRY }, { weight: 1, arbitrary: ENTRY_PIECE }), {
    maxLength: 60,
  })
  .map((parts) => parts.join(""));

describe("reading entries as lines arrive", () => {
  it("reads every log fixture as readLog reads all its lines, or says it needs them all", () => {
    let streamed = 0;
    const fixtures = logFixtures();
    for (const name of fixtures) {
      const { lines, endsCut } = splitPastedLines(readFixture(name));
      const read = readAsTheyArrive(lines, endsCut);
      if (read === undefined) continue;
      streamed++;
      expect(read, name).toEqual(readLog(lines, endsCut));
    }
    // Wrapped pastes need every line; the rest, most of them, are read as their lines arrive.
    expect(streamed).toBeGreaterThan(fixtures.length * 0.8);
  });

  it("reads any text made of klog pieces as readLog reads all its lines, or says it needs them all", () => {
    let streamed = 0;
    fc.assert(
      fc.property(ENTRY_TEXT, (text) => {
        const { lines, endsCut } = splitPastedLines(text);
        const read = readAsTheyArrive(lines, endsCut);
        if (read === undefined) return;
        streamed++;
        expect(read).toEqual(readLog(lines, endsCut));
      }),
      { numRuns: 2_000 },
    );
    expect(streamed).toBeGreaterThan(500);
  });
});

describe("importKubectlLogFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubewire-log-file-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports every log fixture's file as importKubectlLog imports its text", async () => {
    for (const name of logFixtures())
      expect(importAsData(await importKubectlLogFile(fixturePath(name))), name).toEqual(
        importAsData(importKubectlLog(readFixture(name))),
      );
  });

  it("imports any text made of klog pieces, or any bytes, as importKubectlLog imports it", async () => {
    const file = join(dir, "pieces.log");
    const TEXT = fc.oneof(
      ENTRY_TEXT.map((t) => Buffer.from(t)),
      LOG_TEXT.map((t) => Buffer.from(t)),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    );
    await fc.assert(
      fc.asyncProperty(TEXT, async (bytes) => {
        writeFileSync(file, bytes);
        expect(importAsData(await importKubectlLogFile(file))).toEqual(
          importAsData(importKubectlLog(bytes.toString("utf8"))),
        );
      }),
      { numRuns: 300 },
    );
  });

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
    expect(importAsData(await importKubectlLogFile(file))).toEqual(importAsData(expected));
  });

  it("rejects with the file system's error when the file cannot be read", async () => {
    await expect(importKubectlLogFile(join(dir, "missing.log"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});

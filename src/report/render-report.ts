import { fstatSync, readSync, writeSync } from "node:fs";
import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import type { Cassette } from "../record/exchange/exchange.js";
import { ReportFileTruncatedError } from "./errors.js";
import { renderPageParts } from "./page/page.js";
import type { PageParts } from "./page/page.js";
import { scriptJson } from "./page/html.js";
import { reportRow, visitReportExchanges } from "./report-data.js";
import type { ReportOptions } from "./report-data.js";
import type { ReportRow } from "./report-model.js";
import { summarize } from "./summary.js";

/**
 * The page of a cassette in parts: the page is `parts.before`, the exchanges' JSON joined by commas, then
 * `parts.after`. Each exchange's JSON is handed to `keep` as soon as it is written, which says what to hold of it
 * until the page is done (the text itself, or its bytes).
 */
export function reportPage<T>(
  cassette: Cassette,
  options: ReportOptions,
  keep: (json: string) => T,
): { parts: PageParts; exchanges: T[] } {
  const exchanges: T[] = [];
  const rows: ReportRow[] = [];
  const meta = visitReportExchanges(cassette, options, (exchange) => {
    exchanges.push(keep(scriptJson(exchange)));
    rows.push(reportRow(exchange));
  });
  return { parts: renderPageParts(meta, rows, summarize(meta, rows)), exchanges };
}

/** The size of the buffers the page's bytes are written into: a few large buffers rather than one per exchange. */
const CHUNK = 1 << 20;

/**
 * Text encoded into a few large buffers as it comes: one small buffer per exchange would cost an allocation each,
 * and as many buffers for the collector to track and free (a long session has tens of thousands).
 */
class ByteChunks {
  readonly buffers: Buffer[] = [];
  #current = Buffer.allocUnsafeSlow(CHUNK);
  #used = 0;

  add(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; the exact length is counted only when the bound does not fit.
    if (this.#used + text.length * 3 > CHUNK && this.#used + Buffer.byteLength(text) > CHUNK) {
      this.#seal();
      if (text.length * 3 > CHUNK) {
        this.buffers.push(Buffer.from(text, "utf8"));
        return;
      }
    }
    this.#used += this.#current.write(text, this.#used, "utf8");
  }

  /** The buffers, the last one cut to what it holds. */
  done(): Buffer[] {
    this.#seal();
    return this.buffers;
  }

  #seal(): void {
    if (this.#used === 0) return;
    this.buffers.push(this.#current.subarray(0, this.#used));
    this.#current = Buffer.allocUnsafeSlow(CHUNK);
    this.#used = 0;
  }
}

/** Buffers per `writev` call: within every system's IOV_MAX. */
const BATCH = 1024;

/**
 * Writes the page of `renderReport` to a file without ever holding it as one string. A regular file gets the
 * exchanges' JSON as it is made, through one buffer kept for the whole page, at the start of the file; once every
 * exchange is seen, `parts.before` (which sums them all up) is known, the exchanges' bytes are moved after it within
 * the file and the parts are written around them. Fresh memory costs more than the file system's copy (a 64 MB page
 * held as bytes until the end cost 16,000 page faults), and the move is one pass of reads and writes in the kernel's
 * page cache. Anything else (a pipe, a terminal) cannot be written out of order: there the exchanges' bytes are held
 * in a few large buffers and written with `writev`. Resolves to the number of bytes written.
 */
export async function writeReportFile(
  file: string,
  cassette: Cassette,
  options: ReportOptions,
): Promise<number> {
  const handle = await open(file, "w");
  try {
    if (!(await handle.stat()).isFile()) return await writeHeld(handle, cassette, options);
    // Opened for writing alone (as a pipe must be): the move reads through a second descriptor.
    const reader = await open(file, "r");
    try {
      return writeInPlace(file, handle.fd, reader.fd, cassette, options);
    } finally {
      await reader.close();
    }
  } finally {
    await handle.close();
  }
}

/**
 * The page written into a regular file. Synchronous, as making the page is: no other work could run between its
 * steps anyway, and each write is of a buffer already full.
 */
function writeInPlace(
  file: string,
  fd: number,
  readFd: number,
  cassette: Cassette,
  options: ReportOptions,
): number {
  const out = new FileText(fd);
  let first = true;
  const { parts } = reportPage(cassette, options, (json) => {
    if (!first) out.add(",");
    first = false;
    out.add(json);
  });
  const exchanges = out.flush();
  const before = Buffer.byteLength(parts.before);
  moveRight(file, readFd, fd, exchanges, before, out.buffer);
  out.position = 0;
  out.add(parts.before);
  out.position = out.flush() + exchanges;
  out.add(parts.after);
  return out.flush();
}

/**
 * UTF-8 text written to a file at increasing positions through one buffer: the buffer is written out as it fills,
 * and a text larger than it goes through it in slices.
 */
class FileText {
  readonly buffer = Buffer.allocUnsafeSlow(CHUNK);
  /** Where the buffer's bytes go in the file. */
  position = 0;
  #used = 0;

  constructor(readonly fd: number) {}

  add(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; the exact length is counted only when the bound does not fit.
    if (this.#used + text.length * 3 > CHUNK && this.#used + Buffer.byteLength(text) > CHUNK) {
      this.flush();
      if (text.length * 3 > CHUNK) {
        for (let at = 0; at < text.length;) {
          let end = Math.min(text.length, at + SLICE);
          // A surrogate pair stays in one slice: apart, each half would be written as U+FFFD.
          if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
          this.#used = this.buffer.write(text.slice(at, end), 0, "utf8");
          this.flush();
          at = end;
        }
        return;
      }
    }
    this.#used += this.buffer.write(text, this.#used, "utf8");
  }

  /** Writes what the buffer holds; returns the position after it. */
  flush(): number {
    writeAll(this.fd, this.buffer, this.#used, this.position);
    this.position += this.#used;
    this.#used = 0;
    return this.position;
  }
}

/** UTF-16 units a slice of a long text holds: at most 3 bytes each in UTF-8, so a slice fits the buffer. */
const SLICE = Math.floor(CHUNK / 3);

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

function writeAll(fd: number, buffer: Buffer, length: number, position: number): void {
  for (let done = 0; done < length;) done += writeSync(fd, buffer, done, length - done, position + done);
}

/**
 * Moves the first `length` bytes of `file` `by` bytes further, through `buffer` (read through `readFd`, written
 * through `fd`): from the end backwards, so that no byte is overwritten before it is read. Throws
 * {@link ReportFileTruncatedError} when the file no longer holds them (another process cut it short).
 */
export function moveRight(
  file: string,
  readFd: number,
  fd: number,
  length: number,
  by: number,
  buffer: Buffer,
): void {
  for (let end = length; end > 0;) {
    const start = Math.max(0, end - buffer.length);
    const n = end - start;
    for (let done = 0; done < n;) {
      const read = readSync(readFd, buffer, done, n - done, start + done);
      if (read === 0) {
        // The read found the end at `start + done`; the file may have been cut further before that.
        throw new ReportFileTruncatedError(file, length, Math.min(start + done, fstatSync(readFd).size));
      }
      done += read;
    }
    writeAll(fd, buffer, n, start + by);
    end = start;
  }
}

/** The page written where bytes cannot be placed out of order: the exchanges' bytes are held until the end. */
async function writeHeld(handle: FileHandle, cassette: Cassette, options: ReportOptions): Promise<number> {
  const bytes = new ByteChunks();
  let first = true;
  const { parts } = reportPage(cassette, options, (json) => {
    if (!first) bytes.add(",");
    first = false;
    bytes.add(json);
  });
  const buffers = [Buffer.from(parts.before, "utf8"), ...bytes.done(), Buffer.from(parts.after, "utf8")];
  let total = 0;
  for (let at = 0; at < buffers.length; at += BATCH) {
    const batch = buffers.slice(at, at + BATCH);
    const expected = batch.reduce((n, b) => n + b.length, 0);
    const { bytesWritten } = await handle.writev(batch);
    // Whatever was not taken is finished buffer by buffer.
    if (bytesWritten !== expected) await handle.write(Buffer.concat(batch).subarray(bytesWritten));
    total += expected;
  }
  return total;
}

import { open } from "node:fs/promises";
import type { Cassette } from "../record/exchange/exchange.js";
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
 * Writes the page of `renderReport` to a file without ever holding it as one string: each exchange's JSON is
 * turned into bytes as it is made (the text then dies young, and the bytes live outside the heap the collector
 * copies), and the parts are written with `writev`. A long session's page is tens of megabytes, and one string of it
 * costs two more copies of all of it (joining the exchanges, then flattening the page to encode it).
 */
export async function writeReportFile(
  file: string,
  cassette: Cassette,
  options: ReportOptions,
): Promise<number> {
  const bytes = new ByteChunks();
  let first = true;
  const { parts } = reportPage(cassette, options, (json) => {
    if (!first) bytes.add(",");
    first = false;
    bytes.add(json);
  });
  const buffers = [Buffer.from(parts.before, "utf8"), ...bytes.done(), Buffer.from(parts.after, "utf8")];
  let total = 0;
  const handle = await open(file, "w");
  try {
    for (let at = 0; at < buffers.length; at += BATCH) {
      const batch = buffers.slice(at, at + BATCH);
      const expected = batch.reduce((n, b) => n + b.length, 0);
      const { bytesWritten } = await handle.writev(batch);
      // A regular file takes all of it; anything else is finished buffer by buffer.
      if (bytesWritten !== expected) await handle.write(Buffer.concat(batch).subarray(bytesWritten));
      total += expected;
    }
  } finally {
    await handle.close();
  }
  return total;
}

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

const COMMA = Buffer.from(",");

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
  const { parts, exchanges } = reportPage(cassette, options, (json) => Buffer.from(json, "utf8"));
  const buffers: Buffer[] = [Buffer.from(parts.before, "utf8")];
  exchanges.forEach((b, i) => {
    if (i > 0) buffers.push(COMMA);
    buffers.push(b);
  });
  buffers.push(Buffer.from(parts.after, "utf8"));
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

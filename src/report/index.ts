/**
 * `kubewire/report`: a cassette as one self-contained web page (a waterfall of the exchanges, filters, each
 * exchange opened with kubectl's view, the admission diff, warnings and a curl command), and HAR 1.2 both ways.
 * Every exchange is redacted again before anything is shown or exported.
 */
import type { Cassette } from "../record/exchange/exchange.js";
import { renderPage } from "./page/page.js";
import { scriptJson } from "./page/html.js";
import { reportRow, visitReportExchanges } from "./report-data.js";
import type { ReportRow } from "./report-model.js";
import type { ReportOptions } from "./report-data.js";
import { summarize } from "./summary.js";

export type { ReportOptions } from "./report-data.js";
export { cassetteToHar } from "./har/har-export.js";
export type { HarExportOptions } from "./har/har-export.js";
export { importHar } from "./har/har-import.js";
export type { HarImport, HarImportOptions, SkippedHarEntry } from "./har/har-import.js";
export type { Har, HarEntry, HarKubewireEntry } from "./har/har-types.js";
export { HarFormatError } from "./errors.js";

/**
 * The report of a cassette: one HTML document with its style, script and data inline, that opens from disk and
 * loads nothing. Without JavaScript it still shows the summary and every exchange as a table.
 *
 * @example
 * import { loadCassette } from "kubewire";
 * import { renderReport } from "kubewire/report";
 * await writeFile("report.html", renderReport(await loadCassette("session.cassette.json")));
 */
export function renderReport(cassette: Cassette, options: ReportOptions = {}): string {
  const exchangesJson: string[] = [];
  const rows: ReportRow[] = [];
  const meta = visitReportExchanges(cassette, options, (exchange) => {
    exchangesJson.push(scriptJson(exchange));
    rows.push(reportRow(exchange));
  });
  return renderPage(meta, rows, exchangesJson, summarize(meta, rows));
}

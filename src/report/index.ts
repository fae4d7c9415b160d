/**
 * `kubewire/report`: a cassette as one self-contained web page (a waterfall of the exchanges, filters, each
 * exchange opened with kubectl's view, the admission diff, warnings and a curl command), and HAR 1.2 both ways.
 * Every exchange is redacted again before anything is shown or exported.
 */
import type { Cassette } from "../record/exchange/exchange.js";
import type { ReportOptions } from "./report-data.js";
import { reportPage, writeReportFile } from "./render-report.js";

export type { ReportOptions } from "./report-data.js";
export { cassetteToHar } from "./har/har-export.js";
export type { HarExportOptions } from "./har/har-export.js";
export { importHar } from "./har/har-import.js";
export type { HarImport, HarImportOptions, SkippedHarEntry } from "./har/har-import.js";
export type { Har, HarEntry, HarKubewireEntry } from "./har/har-types.js";
export { HarFormatError, ReportFileTruncatedError } from "./errors.js";
export { loadSession, sessionFromText } from "./load-session.js";
export type { LoadedSession, LoadSessionOptions } from "./load-session.js";

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
  const { parts, exchanges } = reportPage(cassette, options, (json) => json);
  return `${parts.before}${exchanges.join(",")}${parts.after}`;
}

/**
 * Writes the report of a cassette to a file, the same page as {@link renderReport}'s, byte for byte, without making
 * it one string first: the way to write a long session's page (tens of megabytes), where that string would cost
 * two more copies of all of it. Resolves to the number of bytes written.
 *
 * @example
 * import { loadCassette } from "kubewire";
 * import { writeReport } from "kubewire/report";
 * await writeReport("report.html", await loadCassette("session.cassette.json"));
 */
export function writeReport(file: string, cassette: Cassette, options: ReportOptions = {}): Promise<number> {
  return writeReportFile(file, cassette, options);
}

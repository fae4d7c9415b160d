import { formatMicros } from "../../../internal/clock.js";
import { CASSETTE_VERSION } from "../../../record/exchange/exchange.js";
import type { Cassette, Exchange } from "../../../record/exchange/exchange.js";
import { Correlator, findHeader } from "./correlate.js";
import type { Draft } from "./correlate.js";
import { detectFormat, detectLevel, detectVersion } from "./detect.js";
import { finishExchange } from "./exchange.js";
import { countKinds, LINE_KIND, skippedRuns } from "./line-kinds.js";
import type { LineKind, SkippedLines } from "./line-kinds.js";
import { clockFromDateHeader, toMicros } from "./log-clock.js";
import { matchHeader, readEntry } from "./parse.js";
import type { LogTime, TrafficEvent } from "./parse.js";
import { splitPastedLines, unwrapLines, wrapping } from "./paste.js";
import type { PastedLines } from "./paste.js";
import { readLog } from "./read-log.js";
import type { ReadLog } from "./read-log.js";
import type { TrafficLevel } from "../render.js";
import type { TrafficLogFormat } from "../format.js";

export type { SkippedLines } from "./line-kinds.js";

/** Options of {@link importKubectlLog}, the year and UTC offset that klog's timestamps leave out. */
export interface KubectlLogImportOptions {
  /**
   * The year of the log's timestamps (klog prints none). Default: the year of the first `Date` response header,
   * else the current year.
   */
  year?: number;
  /**
   * The offset of the log's clock from UTC, in minutes (klog prints local time). Default: worked out from the
   * first `Date` response header (kubectl logs the response a moment after the server stamped it), else 0.
   */
  utcOffsetMinutes?: number;
}

/** Counts that say how much of a log became exchanges. */
export interface KubectlLogImportStats {
  /** Lines in the input. */
  lines: number;
  /** klog lines (traffic or not): none at all means the text holds no kubectl log. */
  klogLines: number;
  /** Lines that went into exchanges. */
  trafficLines: number;
  /** klog lines about something else (config loading, feature gates, errors, discovery cache). */
  otherKlogLines: number;
  /** Lines that are not klog output (command output, prompts, prose, goroutine dumps, marks of cut lines). */
  unrecognizedLines: number;
  /** Traffic lines that could not be tied to an exchange. */
  orphanedLines: number;
  exchanges: number;
  /** Exchanges with a response (its status may be one the log does not show). */
  withResponses: number;
  /** Requests that got a transport error instead of a response. */
  failedRequests: number;
  /** Requests whose response the log does not show (it ends, or the author cut it). */
  incompleteExchanges: number;
  /** Bodies that kubectl truncated, or the log cut: kept in part, marked `truncated`. */
  truncatedBodies: number;
  /** Exchanges without a response: failed requests and incomplete exchanges. */
  failedExchanges: number;
  /** Exchanges whose URL's host the author redacted, shortened or left out. */
  unknownHosts: number;
  /** Exchanges the author cut lines out of. */
  elidedExchanges: number;
}

/**
 * What {@link importKubectlLog} made of a log, the exchanges (also as a cassette) with counts and what was detected.
 */
export interface KubectlLogImport {
  /** The exchanges, in the order their requests were sent, redacted like recorded ones. */
  exchanges: Exchange[];
  /** The same exchanges as a cassette. */
  cassette: Cassette;
  stats: KubectlLogImportStats;
  /** The lines that went into no exchange, in runs, with why. */
  skipped: SkippedLines[];
  /** What the log looks like, when it shows traffic. */
  detected: {
    format?: TrafficLogFormat;
    /** `1.NN`, from the User-Agent or the logged `file:line`s. */
    kubectlVersion?: string;
    /** The lowest `--v` consistent with what the log shows. */
    level?: TrafficLevel;
    /** The process id of the first traffic line. */
    pid?: number;
    utcOffsetMinutes: number;
  };
}

/**
 * Reads a kubectl verbose log into exchanges and a cassette, taking what each level shows: method, URL, status and
 * duration at 6; headers at 7 and 8; bodies at 8 and above; the curl line and connection details at 9 and above.
 * Every format kubectl and oc have logged in: 1.27–1.31, 1.32, 1.33+ (1.34 and 1.35 alike), and the older ones
 * back to 1.0 and oc 3.0.
 *
 * Made for logs as people paste them: klog headers without a pid, lines prefixed (a prompt, `> `, indentation, a
 * CI timestamp) or wrapped by a terminal or a page, TABs lost, CRLF, hosts hidden (`https://<redacted>/…`, kept as
 * given), `...` where lines were cut, excerpts that start or end mid-exchange, interleaved with the command's
 * output, prose and goroutine dumps, none of which becomes an exchange. Go's `url.Error` mentions (`Get "…": dial
 * tcp …: i/o timeout`) in klog lines or kubectl's error output are requests that failed. Each exchange says in
 * `fromLog` which lines it came from and what the log does not show (absent parts, a hidden host, a cut); bodies
 * kubectl truncated are kept in part and marked `truncated`. `skipped` names every line that went into no exchange,
 * and why. Every exchange is redacted as a recorded one is, before anything is returned. Never throws.
 *
 * @example
 * ```ts
 * const { cassette, stats } = importKubectlLog(await readFile("kubectl.log", "utf8"));
 * await saveCassette("issue-1234.cassette.json", cassette);
 * ```
 */
export function importKubectlLog(text: string, options: KubectlLogImportOptions = {}): KubectlLogImport {
  return importPastedLines(splitPastedLines(typeof text === "string" ? text : String(text)), options);
}

/** The import of a log's lines, however they were read (the whole text, or in pieces by a `LineReader`). */
export function importPastedLines(pasted: PastedLines, options: KubectlLogImportOptions): KubectlLogImport {
  const physical = pasted.lines.length;
  let lines: readonly string[] = pasted.lines;
  let read = readLog(lines, pasted.endsCut);
  // A terminal or a page that wrapped the log leaves its mark at a width; read the lines as they were.
  const wrap =
    read.wrapCandidates.length > 0
      ? wrapping(lines, read.maxEntryLine, read.wrapCandidates, readsAsWhole)
      : undefined;
  let lineNumbers: number[] | undefined;
  if (wrap) {
    const unwrapped = unwrapLines(lines, wrap, readsAsWhole);
    lines = unwrapped.lines;
    lineNumbers = unwrapped.lineNumbers;
    read = readLog(lines, pasted.endsCut);
  }
  return importRead(read, lines.length, physical, lineNumbers, options);
}

/**
 * The import of a log once read into entries: `logical` lines (after any unwrapping) that were `physical` lines of
 * the paste, `lineNumbers` giving the physical line each logical one starts on when they differ.
 */
export function importRead(
  read: ReadLog,
  logical: number,
  physical: number,
  lineNumbers: number[] | undefined,
  options: KubectlLogImportOptions,
): KubectlLogImport {
  const { entries } = read;
  const kinds = new Uint8Array(logical);
  const mark = (line: number, count: number, kind: LineKind) => kinds.fill(kind, line - 1, line - 1 + count);

  // klog prints neither the year nor the zone: take them from the first Date header, or the options.
  const dated: { time: LogTime; date: string }[] = [];
  for (const e of entries) {
    const ev = e.event;
    if (ev?.type === "header" && ev.key.toLowerCase() === "date")
      dated.push({ time: e.time, date: ev.value });
    if (ev?.type === "response" && ev.headers) {
      const date = findHeader(ev.headers, "date");
      if (date) dated.push({ time: e.time, date });
    }
    if (dated.length) break;
  }
  const fromDate = clockFromDateHeader(dated);
  let year = options.year ?? fromDate?.year ?? new Date().getUTCFullYear();
  const offset = options.utcOffsetMinutes ?? fromDate?.offset ?? 0;

  const format = detectFormat(entries);
  const correlator = new Correlator(() => format === "classic");
  const trafficEvents: TrafficEvent[] = [];
  let lastMonth: number | undefined;
  let pid: number | undefined;
  const elidedEntries: { first: number; last: number }[] = [];
  for (const e of entries) {
    if (e.elision) {
      correlator.cut();
      continue;
    }
    if (!e.output) {
      if (lastMonth !== undefined && e.time.month < lastMonth - 6) year++; // the log crossed New Year
      lastMonth = e.time.month;
    }
    if (!e.event) {
      mark(e.lineNo, e.lines, LINE_KIND.otherKlog);
      continue;
    }
    const at = toMicros(e.time, year, offset);
    const span = { first: e.lineNo, last: e.lineNo + e.lines - 1 };
    if (e.elided) elidedEntries.push(span);
    let tied = false;
    try {
      tied = correlator.accept(e.event, at, span);
    } catch {
      tied = false;
    }
    mark(e.lineNo, e.lines, tied ? LINE_KIND.traffic : LINE_KIND.orphaned);
    if (tied && e.event.type !== "transportError") {
      trafficEvents.push(e.event);
      pid ??= e.pid;
    }
  }
  for (const line of read.elisions) mark(line + 1, 1, LINE_KIND.elision);
  markElided(
    correlator.drafts,
    read.elisions.map((i) => ({ first: i + 1, last: i + 1 })),
    elidedEntries,
  );

  const level = trafficEvents.length
    ? detectLevel(trafficEvents, correlator.drafts, read.sawV10Lines)
    : undefined;
  const exchanges: Exchange[] = [];
  for (const draft of correlator.drafts) {
    try {
      const { exchange, extraLines } = finishExchange(draft, { level, format });
      if (extraLines && draft.bodyLine !== undefined) {
        mark(draft.bodyLine + 1, extraLines, LINE_KIND.traffic);
        exchange.fromLog!.lines[1] = Math.max(exchange.fromLog!.lines[1], draft.bodyLine + extraLines);
      }
      exchanges.push(exchange);
    } catch {
      mark(draft.span.first, 1, LINE_KIND.orphaned);
    }
  }
  // Line numbers name the paste's own lines, whatever wrapping joined.
  const physicalKinds = lineNumbers ? new Uint8Array(physical) : kinds;
  if (lineNumbers) {
    const firstOf = (line: number) => lineNumbers[line - 1]!;
    const lastOf = (line: number) => (line < lineNumbers.length ? lineNumbers[line]! - 1 : physical);
    for (let i = 0; i < lineNumbers.length; i++)
      physicalKinds.fill(kinds[i]!, firstOf(i + 1) - 1, lastOf(i + 1));
    for (const ex of exchanges)
      ex.fromLog!.lines = [firstOf(ex.fromLog!.lines[0]), lastOf(ex.fromLog!.lines[1])];
  }
  exchanges.forEach((ex, i) => (ex.seq = i));

  const counts = countKinds(physicalKinds);
  const stats: KubectlLogImportStats = {
    lines: physical,
    klogLines: 0,
    trafficLines: counts[LINE_KIND.traffic]!,
    otherKlogLines: counts[LINE_KIND.otherKlog]!,
    unrecognizedLines: counts[LINE_KIND.notKlog]! + counts[LINE_KIND.elision]!,
    orphanedLines: counts[LINE_KIND.orphaned]!,
    exchanges: exchanges.length,
    withResponses: 0,
    failedRequests: 0,
    incompleteExchanges: 0,
    truncatedBodies: 0,
    failedExchanges: 0,
    unknownHosts: 0,
    elidedExchanges: 0,
  };
  for (const e of entries) if (!e.output && !e.elision) stats.klogLines += e.lines;
  for (const ex of exchanges) {
    if (ex.request.body?.truncated) stats.truncatedBodies++;
    if (ex.response?.body?.truncated) stats.truncatedBodies++;
    if (ex.response) stats.withResponses++;
    else if (ex.error?.name === "IncompleteExchangeError") stats.incompleteExchanges++;
    else stats.failedRequests++;
    if (ex.fromLog?.host) stats.unknownHosts++;
    if (ex.fromLog?.elided) stats.elidedExchanges++;
  }
  stats.failedExchanges = stats.failedRequests + stats.incompleteExchanges;

  const detected: KubectlLogImport["detected"] = { utcOffsetMinutes: offset };
  if (trafficEvents.length) {
    if (format) detected.format = format;
    const version = detectVersion(exchanges, entries, format);
    if (version) detected.kubectlVersion = version;
    if (level) detected.level = level;
    if (pid !== undefined) detected.pid = pid;
  }
  const cassette: Cassette = {
    version: CASSETTE_VERSION,
    recordedAt: exchanges[0]?.startedAt ?? formatMicros(Date.UTC(year, 0, 1) * 1000),
    exchanges,
  };
  return { exchanges, cassette, stats, skipped: skippedRuns(physicalKinds), detected };
}

/** Whether a line reads as a whole klog traffic line (any other line, one that opens a block: nothing to tell). */
function readsAsWhole(line: string): boolean {
  const header = matchHeader(line);
  // A line that opens a multi-line value reads on in the lines after it.
  if (!header || line.endsWith("=<")) return true;
  const entry = readEntry([line], 0, header);
  return entry.event !== undefined && !entry.incomplete;
}

/**
 * Exchanges the author cut lines out of: those whose lines surround a cut, and, for a cut between exchanges, the one
 * before it when the log shows it unfinished (no response yet, a failure without the error that names it, or a
 * response still missing its body at a level that shows bodies): what was cut was probably its rest; and the one
 * after it when it is a write without the body logged before it.
 */
function markElided(
  drafts: Draft[],
  cuts: { first: number; last: number }[],
  cutEntries: { first: number; last: number }[],
): void {
  for (const entry of cutEntries)
    for (const d of drafts) if (d.span.first <= entry.first && d.span.last >= entry.last) d.elided = true;
  for (const cut of cuts) {
    let before: Draft | undefined;
    let after: Draft | undefined;
    for (const d of drafts) {
      if (d.span.first < cut.first && d.span.last > cut.last) d.elided = true;
      else if (d.span.last < cut.first && (!before || d.span.last > before.span.last)) before = d;
      else if (d.span.first > cut.last && (!after || d.span.first < after.span.first)) after = d;
    }
    if (
      before &&
      !drafts.some((d) => d.span.first > before.span.last && d.span.first < cut.first) &&
      (!before.responded ||
        (before.status === "" && before.errorMessage === undefined) ||
        (before.status !== "" && !before.responseBody && before.responseHeaders.length > 0))
    )
      before.elided = true;
    // A request body is logged before its request: a write right after a cut that shows none may have lost it.
    if (after && !after.requestBody && !after.requestBodyLogged && !/^(?:GET|HEAD)$/.test(after.method))
      after.elided = true;
  }
}

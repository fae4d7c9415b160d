import { formatMicros } from "../../../internal/clock.js";
import { CASSETTE_VERSION } from "../../../record/exchange/exchange.js";
import type { Cassette, Exchange } from "../../../record/exchange/exchange.js";
import { Correlator, findHeader } from "./correlate.js";
import { detectFormat, detectLevel, detectVersion } from "./detect.js";
import { finishExchange } from "./exchange.js";
import { matchHeader, readEntry } from "./parse.js";
import type { LogEntry, LogTime, TrafficEvent } from "./parse.js";
import type { TrafficLevel } from "../render.js";
import type { TrafficLogFormat } from "../format.js";

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
  /** Lines that went into exchanges. */
  trafficLines: number;
  /** klog lines about something else (config loading, feature gates, errors, discovery cache). */
  otherKlogLines: number;
  /** Lines that are not klog output at all (command output, prompts, goroutine dumps), or unreadable. */
  unrecognizedLines: number;
  /** Traffic lines that could not be tied to an exchange. */
  orphanedLines: number;
  exchanges: number;
  /** Bodies that kubectl truncated, or the log cut: kept in part, marked `truncated`. */
  truncatedBodies: number;
  /** Exchanges without a response: transport errors (empty status), or a log that ends first. */
  failedExchanges: number;
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

function toMicros(t: LogTime, year: number, offsetMinutes: number): number {
  const ms = Date.UTC(year, t.month - 1, t.day, t.hour, t.minute, t.second) - offsetMinutes * 60_000;
  return ms * 1000 + t.micros;
}

/** Year and clock offset from the first `Date` response header and the time kubectl logged it. */
function clockFromDateHeader(
  entries: { time: LogTime; date: string }[],
): { year: number; offset: number } | undefined {
  for (const { time, date } of entries) {
    const ms = Date.parse(date);
    if (Number.isNaN(ms)) continue;
    const y = new Date(ms).getUTCFullYear();
    let best: { year: number; offset: number; diff: number } | undefined;
    for (const year of [y - 1, y, y + 1]) {
      const diffMin = (toMicros(time, year, 0) / 1000 - ms) / 60_000;
      const offset = Math.round(diffMin / 15) * 15;
      if (Math.abs(offset) <= 14 * 60 && (!best || Math.abs(diffMin) < best.diff))
        best = { year, offset, diff: Math.abs(diffMin) };
    }
    if (best) return { year: best.year, offset: best.offset };
  }
  return undefined;
}

/** Splits text into lines the way a log was written: LF, or CRLF when every line break is one. */
function splitLines(text: string): { lines: string[]; endsCut: boolean } {
  const crlf = text.includes("\r\n") && !/(^|[^\r])\n/.test(text);
  const lines = text.split(crlf ? "\r\n" : "\n");
  const endsCut = lines.at(-1) !== "";
  if (!endsCut) lines.pop();
  return { lines, endsCut: endsCut && text.length > 0 };
}

/**
 * Reads a kubectl verbose log (`--v=6` to `--v=10`, any of the three formats: kubectl 1.27–1.31, 1.32, 1.33+) into
 * exchanges and a cassette, taking what each level shows: method, URL, status and duration at 6; headers at 7 and
 * 8; bodies at 8 and above; the curl line and connection details at 9 and above.
 *
 * Made for logs pasted into issue reports: lines may be indented or prefixed (a shell prompt, a quote marker, a CI
 * timestamp), cut off mid-line, or interleaved with other output (kubectl's own output, errors, `E`/`W`/`F` klog
 * lines, goroutine dumps); what is not traffic is counted and skipped. Bodies kubectl truncated are kept in part
 * and marked `truncated`, never passed off as complete; hex-dumped bodies (protobuf) become binary bodies;
 * requests that got no response (an empty status: timeouts, refused dials, DNS failures) become exchanges with an
 * `error`. Every exchange is redacted as a recorded one is, before anything is returned. Never throws.
 *
 * @example
 * ```ts
 * const { cassette, stats } = importKubectlLog(await readFile("kubectl.log", "utf8"));
 * await saveCassette("issue-1234.cassette.json", cassette);
 * ```
 */
export function importKubectlLog(text: string, options: KubectlLogImportOptions = {}): KubectlLogImport {
  const { lines, endsCut } = splitLines(typeof text === "string" ? text : String(text));
  const stats: KubectlLogImportStats = {
    lines: lines.length,
    trafficLines: 0,
    otherKlogLines: 0,
    unrecognizedLines: 0,
    orphanedLines: 0,
    exchanges: 0,
    truncatedBodies: 0,
    failedExchanges: 0,
  };

  const entries: LogEntry[] = [];
  for (let i = 0; i < lines.length;) {
    const header = matchHeader(lines[i]!);
    if (!header) {
      stats.unrecognizedLines++;
      i++;
      continue;
    }
    let entry: LogEntry;
    try {
      entry = readEntry(lines, i, header);
    } catch {
      // A line this reader does not understand is skipped, never fatal.
      entry = {
        lineNo: i + 1,
        lines: 1,
        severity: header.severity,
        time: header.time,
        pid: header.pid,
        fileLine: header.fileLine,
        message: header.message,
        structured: false,
      };
    }
    // A last line without its newline may have broken off, or lost the newline on the way into an issue. Bodies
    // and most lines show whether they are whole (a closing quote, `>`, Content-Length, "milliseconds"); a bare
    // `GET <url>` line does not, so its URL is not trusted.
    const ev = entry.event;
    if (endsCut && i + entry.lines >= lines.length && ev?.type === "request" && !ev.curl && !ev.headers)
      delete entry.event;
    entries.push(entry);
    i += entry.lines;
  }

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
  let sawV10Lines = false;
  for (const e of entries) {
    if (lastMonth !== undefined && e.time.month < lastMonth - 6) year++; // the log crossed New Year
    lastMonth = e.time.month;
    // The discovery cache reports its hits at V(10) only.
    if (e.message.startsWith("returning cached discovery info")) sawV10Lines = true;
    if (!e.event) {
      stats.otherKlogLines += e.lines;
      continue;
    }
    const at = toMicros(e.time, year, offset);
    let tied = false;
    try {
      tied = correlator.accept(e.event, at);
    } catch {
      tied = false;
    }
    if (e.event.type === "transportError") {
      stats.otherKlogLines += e.lines;
      continue;
    }
    if (tied) {
      stats.trafficLines += e.lines;
      trafficEvents.push(e.event);
      pid ??= e.pid;
    } else stats.orphanedLines += e.lines;
  }

  const exchanges: Exchange[] = [];
  for (const draft of correlator.drafts) {
    try {
      const { exchange, extraLines } = finishExchange(draft);
      exchanges.push(exchange);
      stats.unrecognizedLines -= extraLines;
      stats.trafficLines += extraLines;
    } catch {
      stats.orphanedLines++;
    }
  }
  exchanges.forEach((ex, i) => (ex.seq = i));
  stats.exchanges = exchanges.length;
  for (const ex of exchanges) {
    if (ex.request.body?.truncated) stats.truncatedBodies++;
    if (ex.response?.body?.truncated) stats.truncatedBodies++;
    if (!ex.response) stats.failedExchanges++;
  }

  const detected: KubectlLogImport["detected"] = { utcOffsetMinutes: offset };
  if (trafficEvents.length) {
    if (format) detected.format = format;
    const version = detectVersion(exchanges, entries, format);
    if (version) detected.kubectlVersion = version;
    const level = detectLevel(trafficEvents, correlator.drafts, sawV10Lines);
    if (level) detected.level = level;
    if (pid !== undefined) detected.pid = pid;
  }
  const cassette: Cassette = {
    version: CASSETTE_VERSION,
    recordedAt: exchanges[0]?.startedAt ?? formatMicros(Date.UTC(year, 0, 1) * 1000),
    exchanges,
  };
  return { exchanges, cassette, stats, detected };
}

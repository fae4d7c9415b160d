import type { Cassette, Exchange } from "../../../record/exchange/exchange.js";
import type { SkippedLines } from "./line-kinds.js";
import { bytesAsEscapedText } from "../../../internal/escaped-bytes.js";
import { detectFormat } from "./detect.js";
import { EntryImport } from "./entry-import.js";
import { matchHeader, readEntry, releaseImportPools } from "./parse.js";
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
 * Give the log as bytes (a file read without decoding) to keep what kubectl printed that is not UTF-8: it prints
 * header values and bodies as the bytes it holds (a Latin-1 header value, a binary body it does not hex-dump), and
 * text decoded from them has U+FFFD in their place. From bytes, the exchanges hold those bytes, and rendering them
 * (at the log's level and version) gives the log's bytes back. Text holding such bytes escaped (see
 * `bytesAsEscapedText`) reads the same.
 *
 * @example
 * ```ts
 * const { cassette, stats } = importKubectlLog(await readFile("kubectl.log"));
 * await saveCassette("issue-1234.cassette.json", cassette);
 * ```
 */
export function importKubectlLog(
  log: string | Uint8Array,
  options: KubectlLogImportOptions = {},
): KubectlLogImport {
  const text =
    typeof log === "string" ? log : log instanceof Uint8Array ? bytesAsEscapedText(log) : String(log);
  return importPastedLines(splitPastedLines(text), options);
}

/** The import of a log's lines, however they were read (the whole text, or in pieces by a `LineReader`). */
export function importPastedLines(pasted: PastedLines, options: KubectlLogImportOptions): KubectlLogImport {
  try {
    return importLines(pasted, options);
  } finally {
    releaseImportPools();
  }
}

function importLines(pasted: PastedLines, options: KubectlLogImportOptions): KubectlLogImport {
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
  // Every entry is at hand: the format is the whole log's from the start, and nothing is guessed.
  const entries = new EntryImport(options, { format: detectFormat(read.entries) });
  for (const e of read.entries) entries.accept(e);
  return entries.finish(read, logical, physical, lineNumbers)!;
}

/** Whether a line reads as a whole klog traffic line (any other line, one that opens a block: nothing to tell). */
function readsAsWhole(line: string): boolean {
  const header = matchHeader(line);
  // A line that opens a multi-line value reads on in the lines after it.
  if (!header || line.endsWith("=<")) return true;
  const entry = readEntry([line], 0, header);
  return entry.event !== undefined && !entry.incomplete;
}

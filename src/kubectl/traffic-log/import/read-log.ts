import { isElisionMarker } from "./elision.js";
import { outputFailureMention } from "./failures.js";
import { matchHeader, readEntry } from "./parse.js";
import type { HeaderMatch, LogEntry, LogTime } from "./parse.js";
import type { WrapCandidate } from "./paste.js";

/**
 * The reading pass over a paste's lines: klog entries (with what each says about traffic), kubectl's own error
 * output that names a failed request, the marks authors leave where they cut lines, and the rest. It also collects
 * what wrapping would leave behind (entry lines followed by a line without a klog header), for the import to
 * decide whether to unwrap and read again.
 */

export interface ReadLog {
  /**
   * klog entries, kubectl's error lines that mention a failed request (`output: true`) and authors' marks of cut
   * lines (`elision: true`), in line order.
   */
  entries: LogEntry[];
  /** Indexes of lines an author put where they cut lines out (also in `entries`, as `elision` entries). */
  elisions: number[];
  /** The longest line a klog entry used. */
  maxEntryLine: number;
  /** Entry lines followed by a line without a klog header: where wrapping may have broken a line. */
  wrapCandidates: WrapCandidate[];
  /** An entry reported a discovery cache hit, which kubectl logs at V(10) only. */
  sawV10Lines: boolean;
}

/** The first few breaks are enough to tell wrapping: a long log need not collect them all. */
const MAX_CANDIDATES = 64;

/** A line inside an entry that klog did not start itself (not a TAB-indented value line, a closer, a hex row). */
function mayContinue(line: string, prefix: string): boolean {
  const c = line.charCodeAt(prefix.length);
  return c !== 9 && !(c === 32 && line.charCodeAt(prefix.length + 1) === 62) && !HEX_ROW.test(line);
}

const HEX_ROW = /^\s*[0-9a-f]{8} {2}/;

export function readLog(lines: readonly string[], endsCut: boolean): ReadLog {
  return new LogReader(lines, endsCut).read;
}

const EPOCH: LogTime = { month: 1, day: 1, hour: 0, minute: 0, second: 0, micros: 0 };

/**
 * {@link readLog} of lines as they arrive: each entry is read as soon as the lines after it show where it ends (a
 * klog header that no reading of the entry goes past), and lines already read are let go, so that a long log is
 * never held whole. Reading an entry looks ahead (a body's lines, a printf body's header-less lines, a line a
 * terminal may have wrapped) but never past such a header, so the entries are the ones the whole text gives, with
 * two exceptions it reports in {@link LogReader.needsAllLines}: wrapping (deciding it needs every line) and a
 * rejoining that compared against a longest line the rest of the log outgrew.
 */
export class LogReader {
  readonly read: ReadLog = {
    entries: [],
    elisions: [],
    maxEntryLine: 0,
    wrapCandidates: [],
    sawV10Lines: false,
  };
  /** The lines not yet let go; `#lines[0]` is line `#base` (0-based) of the log. */
  #lines: string[];
  #base = 0;
  /** The next line to read. */
  #pos = 0;
  #ended: boolean;
  #endsCut: boolean;
  #longest = 0;
  /** The smallest "longest line so far" a rejoining compared against (Infinity when none did). */
  #rejoinLongest = Infinity;
  #last: LogEntry | undefined;
  #lastEnd = -2;
  #prefix = "";
  /** The header matched at a line, kept for when reading reaches it (it is matched while looking for an end). */
  #matched: { at: number; header: HeaderMatch | undefined } = { at: -1, header: undefined };
  /** How far the search for the end of the entry at line `#searched.at` got. */
  #searched = { at: -1, upTo: 0 };

  /** Where entries go when not into `read.entries`. */
  readonly #sink: ((entry: LogEntry) => void) | undefined;
  /** The lines are this reader's own (pushed), not a caller's array. */
  readonly #pushed: boolean;

  /**
   * With `lines`, reads them all as the whole log; without, waits for {@link push} and {@link end}. Given a `sink`,
   * each entry goes to it as soon as it is read, and `read.entries` stays empty.
   */
  constructor(lines?: readonly string[], endsCut = false, sink?: (entry: LogEntry) => void) {
    this.#sink = sink;
    this.#pushed = lines === undefined;
    this.#lines = lines ? (lines as string[]) : [];
    this.#ended = lines !== undefined;
    this.#endsCut = endsCut;
    if (lines) {
      for (const line of lines) if (line.length > this.#longest) this.#longest = line.length;
      this.#advance();
    }
  }

  /** Lines read so far. */
  get lineCount(): number {
    return this.#base + this.#lines.length;
  }

  /** Whether the entries may differ from the whole text's, so that the log must be read again with all its lines. */
  get needsAllLines(): boolean {
    return this.read.wrapCandidates.length > 0 || this.#rejoinLongest < this.#longest;
  }

  push(line: string): void {
    if (line.length > this.#longest) this.#longest = line.length;
    // Lines already read go, a few thousand at a time (each removal copies what is left).
    if (this.#pos - this.#base >= 4096) {
      this.#lines = this.#lines.slice(this.#pos - this.#base);
      this.#base = this.#pos;
    }
    this.#lines.push(line);
    this.#advance();
  }

  /** The log ended; `endsCut` when its last line had no line break. */
  end(endsCut: boolean): void {
    this.#ended = true;
    this.#endsCut = endsCut;
    this.#advance();
  }

  #headerAt(i: number): HeaderMatch | undefined {
    if (this.#matched.at === i) return this.#matched.header;
    const header = matchHeader(this.#lines[i - this.#base]!);
    this.#matched = { at: i, header };
    return header;
  }

  /**
   * Whether the lines so far show where the entry at `i` ends: a klog header after it that its continuation stops at
   * (one not behind the entry's prefix and a TAB or ` >`), which every look-ahead of `readEntry` stops at too.
   */
  #endShown(i: number, prefix: string): boolean {
    const end = this.#base + this.#lines.length;
    for (let j = this.#searched.at === i ? this.#searched.upTo : i + 1; j < end; j++) {
      const line = this.#lines[j - this.#base]!;
      const c = line.startsWith(prefix) ? line.charCodeAt(prefix.length) : -1;
      if (c === 9 || (c === 32 && line.charCodeAt(prefix.length + 1) === 62)) continue;
      if (this.#headerAt(j)) return true;
    }
    this.#searched = { at: i, upTo: end };
    return false;
  }

  /** A line that is no klog entry, as an entry of its own at the time of the last one. */
  #plainLine(i: number, line: string): LogEntry {
    return {
      lineNo: i + 1,
      lines: 1,
      severity: "",
      time: this.#last?.time ?? EPOCH,
      fileLine: "",
      message: line,
      structured: false,
    };
  }

  /**
   * Keeps a read entry (not an elision mark). An entry about traffic says it all in its event, and its message is
   * let go: the message is a slice of its line, and a line kept to the end of the import (a quoted body's is tens of
   * kilobytes) is copied and promoted by every collection on the way.
   */
  #keep(entry: LogEntry): void {
    if (entry.message.startsWith("returning cached discovery info")) this.read.sawV10Lines = true;
    if (entry.event) entry.message = "";
    this.#emit(entry);
  }

  #emit(entry: LogEntry): void {
    if (this.#sink) this.#sink(entry);
    else this.read.entries.push(entry);
  }

  /**
   * Lets go of pushed lines that were read (nothing reads a line before `#pos` again) at once, not when the array is
   * next cut: a line kept until then (a body line is tens of kilobytes) lives through young collections, each
   * copying it, and is promoted to die in the old generation.
   */
  #release(from: number, to: number): void {
    if (!this.#pushed) return;
    const lines = this.#lines;
    for (let k = from - this.#base; k < to - this.#base; k++) lines[k] = "";
  }

  #advance(): void {
    const read = this.read;
    const lines = this.#lines;
    const base = this.#base;
    const end = base + lines.length;
    while (this.#pos < end) {
      const i = this.#pos;
      const line = lines[i - base]!;
      const header = this.#headerAt(i);
      if (!header) {
        if (this.#lastEnd === i - 1 && read.wrapCandidates.length < MAX_CANDIDATES)
          read.wrapCandidates.push({ line: i - 1, prefix: this.#prefix });
        if (isElisionMarker(line)) {
          read.elisions.push(i);
          this.#emit({ ...this.#plainLine(i, line), elision: true });
        } else {
          const mention = outputFailureMention(line);
          if (mention) {
            const event: LogEntry["event"] = { type: "transportError", ...mention, source: "output" };
            if (!this.#last) event.timeless = true;
            this.#keep({ ...this.#plainLine(i, line), event, output: true });
          }
        }
        this.#release(i, i + 1);
        this.#pos++;
        continue;
      }
      if (!this.#ended && !this.#endShown(i, header.prefix)) return;
      let entry: LogEntry;
      try {
        entry = readEntry(lines, i - base, header, this.#longest, () => {
          if (this.#longest < this.#rejoinLongest) this.#rejoinLongest = this.#longest;
        });
        entry.lineNo = i + 1;
      } catch {
        // A line this reader does not understand is skipped, never fatal.
        entry = {
          lineNo: i + 1,
          lines: 1,
          severity: header.severity,
          time: header.time,
          fileLine: header.fileLine,
          message: header.message,
          structured: false,
        };
        if (header.pid !== undefined) entry.pid = header.pid;
      }
      // A last line without its newline may have broken off, or lost the newline on the way into an issue. Bodies
      // and most lines show whether they are whole (a closing quote, `>`, Content-Length, "milliseconds"); a bare
      // `GET <url>` line does not, so its URL is not trusted.
      const ev = entry.event;
      if (
        this.#ended &&
        this.#endsCut &&
        i + entry.lines >= end &&
        ev?.type === "request" &&
        !ev.curl &&
        !ev.headers
      )
        delete entry.event;
      this.#keep(entry);
      for (let k = i; k < i + entry.lines; k++) {
        const kth = lines[k - base]!;
        if (kth.length > read.maxEntryLine) read.maxEntryLine = kth.length;
        // A printf body's continuation (read as its own lines with newlines between) may be what wrapping made.
        if (k > i && read.wrapCandidates.length < MAX_CANDIDATES && mayContinue(kth, header.prefix))
          read.wrapCandidates.push({ line: k - 1, prefix: header.prefix });
      }
      this.#release(i, i + entry.lines);
      this.#last = entry;
      this.#prefix = header.prefix;
      this.#pos = i + entry.lines;
      this.#lastEnd = this.#pos - 1;
    }
  }
}

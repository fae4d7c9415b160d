import { isElisionMarker } from "./elision.js";
import { outputFailureMention } from "./failures.js";
import { matchHeader, readEntry } from "./parse.js";
import type { LogEntry } from "./parse.js";
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
  const read: ReadLog = { entries: [], elisions: [], maxEntryLine: 0, wrapCandidates: [] };
  let longest = 0;
  for (const line of lines) if (line.length > longest) longest = line.length;
  let last: LogEntry | undefined;
  let lastEnd = -2;
  let prefix = "";
  for (let i = 0; i < lines.length;) {
    const line = lines[i]!;
    const header = matchHeader(line);
    if (!header) {
      if (lastEnd === i - 1 && read.wrapCandidates.length < MAX_CANDIDATES)
        read.wrapCandidates.push({ line: i - 1, prefix });
      if (isElisionMarker(line)) {
        read.elisions.push(i);
        read.entries.push({
          lineNo: i + 1,
          lines: 1,
          severity: "",
          time: last?.time ?? { month: 1, day: 1, hour: 0, minute: 0, second: 0, micros: 0 },
          fileLine: "",
          message: line,
          structured: false,
          elision: true,
        });
      } else {
        const mention = outputFailureMention(line);
        if (mention) {
          const event: LogEntry["event"] = { type: "transportError", ...mention, source: "output" };
          if (!last) event.timeless = true;
          read.entries.push({
            lineNo: i + 1,
            lines: 1,
            severity: "",
            time: last?.time ?? { month: 1, day: 1, hour: 0, minute: 0, second: 0, micros: 0 },
            fileLine: "",
            message: line,
            structured: false,
            event,
            output: true,
          });
        }
      }
      i++;
      continue;
    }
    let entry: LogEntry;
    try {
      entry = readEntry(lines, i, header, longest);
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
    if (endsCut && i + entry.lines >= lines.length && ev?.type === "request" && !ev.curl && !ev.headers)
      delete entry.event;
    read.entries.push(entry);
    for (let k = i; k < i + entry.lines; k++) {
      if (lines[k]!.length > read.maxEntryLine) read.maxEntryLine = lines[k]!.length;
      // A printf body's continuation (read as its own lines with newlines between) may be what wrapping made.
      if (k > i && read.wrapCandidates.length < MAX_CANDIDATES && mayContinue(lines[k]!, header.prefix))
        read.wrapCandidates.push({ line: k - 1, prefix: header.prefix });
    }
    last = entry;
    prefix = header.prefix;
    i += entry.lines;
    lastEnd = i - 1;
  }
  return read;
}

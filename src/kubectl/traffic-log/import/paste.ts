import { isElisionMarker } from "./elision.js";
import { matchHeader } from "./parse.js";

/**
 * What pasting does to a log's lines, undone: line ends (CRLF, or a mix), lines a terminal or a page layout wrapped,
 * and the marks authors leave where they cut lines out. Everything here works on physical lines and gives logical
 * ones back, with the physical line each starts on, so that reports and exchanges name the lines of the paste.
 */

export interface PastedLines {
  lines: string[];
  /** Whether the text does not end with a line break (the paste may have broken off mid-line). */
  endsCut: boolean;
}

/**
 * Splits text into lines: LF, or CRLF when every line break is one (a body may hold a CR of its own). A paste that
 * mixes both (an editor that kept some) loses a CR before each LF.
 */
export function splitPastedLines(text: string): PastedLines {
  const hasCrlf = text.includes("\r\n");
  const allCrlf = hasCrlf && !/(^|[^\r])\n/.test(text);
  const lines = text.split(allCrlf ? "\r\n" : "\n");
  const endsCut = lines.at(-1) !== "";
  if (!endsCut) lines.pop();
  if (hasCrlf && !allCrlf) for (let i = 0; i < lines.length; i++) lines[i] = lines[i]!.replace(/\r$/, "");
  return { lines, endsCut: endsCut && text.length > 0 };
}

/**
 * A break that wrapping made: the line was as wide as the wrap width (a terminal, or a word longer than the
 * width), or the next line's first word would not have fit on it (a page that wraps between words).
 */
function wrappedBreak(previous: number, next: string, width: number): boolean {
  if (previous >= width) return true;
  const word = /^\S*/.exec(next)![0].length;
  return word > 0 && previous + 1 + word > width;
}

/** Lines that klog itself starts: wrapping never makes them, so they never continue the line before. */
function startsOwnLine(line: string, prefix: string): boolean {
  const rest = line.startsWith(prefix) ? line.slice(prefix.length) : line;
  return (
    rest.length === 0 ||
    rest.startsWith("\t") ||
    rest === " >" ||
    rest.startsWith(" > ") ||
    /^ *[0-9a-f]{8} {2}[0-9a-f]{2} /.test(rest) ||
    /^\s*(?:```|~~~)/.test(rest) ||
    isElisionMarker(rest)
  );
}

export interface WrapCandidate {
  /** Index of the line that may have been wrapped (part of a klog entry). */
  line: number;
  /** The prefix of that entry (indentation, quote marker), which a wrapped continuation may repeat. */
  prefix: string;
}

/** How a paste was wrapped: at a width, by a terminal (mid-word, anywhere) or by a page (between words). */
export interface Wrapping {
  width: number;
  /** A terminal breaks at the width whatever is there; a page at the last space before it. */
  by: "terminal" | "page";
}

/**
 * How a paste was wrapped, when its lines show it: `maxEntryLine` is the longest line klog entries used,
 * `candidates` the entry lines followed by a header-less line. Wrapping is taken as shown when at least two of
 * those breaks are breaks wrapping makes at that width (one could be chance: the last log line before the command's
 * output); a terminal when each of them is at the width exactly.
 */
export function wrapping(
  lines: readonly string[],
  maxEntryLine: number,
  candidates: readonly WrapCandidate[],
): Wrapping | undefined {
  let shown = 0;
  let atWidth = 0;
  for (const { line, prefix } of candidates) {
    const next = lines[line + 1];
    if (next === undefined || startsOwnLine(next, prefix)) continue;
    const rest = next.startsWith(prefix) ? next.slice(prefix.length) : next;
    if (!wrappedBreak(lines[line]!.length, rest, maxEntryLine)) continue;
    shown++;
    if (lines[line]!.length >= maxEntryLine) atWidth++;
  }
  if (shown < 2) return undefined;
  return { width: maxEntryLine, by: atWidth === shown ? "terminal" : "page" };
}

/**
 * Joins lines that wrapping broke: a header-less line continues the line before it when that break is one wrapping
 * makes. A terminal broke mid-word (joined as is); a page broke at a space, which it dropped, unless the line holds
 * no space to break at (a word longer than the width). Returns the logical lines and, for each, the 1-based number
 * of the physical line it starts on.
 */
export function unwrapLines(
  lines: readonly string[],
  wrap: Wrapping,
): { lines: string[]; lineNumbers: number[] } {
  const out: string[] = [];
  const lineNumbers: number[] = [];
  let prefix = "";
  let previous = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = matchHeader(line);
    if (header) prefix = header.prefix;
    else if (previous >= 0 && line.trim() !== "" && !startsOwnLine(line, prefix)) {
      const rest = line.startsWith(prefix) ? line.slice(prefix.length) : line;
      const before = lines[previous]!;
      if (before.trim() !== "" && wrappedBreak(before.length, rest, wrap.width)) {
        const midWord = wrap.by === "terminal" || (before.length >= wrap.width && !/\S\s/.test(before));
        out[out.length - 1] += (midWord ? "" : " ") + rest;
        previous = i;
        continue;
      }
    }
    out.push(line);
    lineNumbers.push(i + 1);
    previous = i;
  }
  return { lines: out, lineNumbers };
}

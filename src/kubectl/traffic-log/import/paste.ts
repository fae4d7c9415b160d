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
  /**
   * A `LineReader` with a sink met both LF and CRLF breaks, and took every CR before a break as the break's: whether
   * it was is decided over every line (see `crsAreBreaks`), so the log must be read again whole.
   */
  mixedBreaks?: true;
}

/**
 * Splits text into lines: LF, or CRLF when every line break is one (a body may hold a CR of its own). A paste that
 * mixes both loses a CR before each LF when {@link crsAreBreaks} says the CRs are the breaks' (an editor that kept
 * some), and keeps every CR when they are the text's own (a body's `\r\n` in a log whose breaks are LF).
 */
export function splitPastedLines(text: string): PastedLines {
  const hasCrlf = text.includes("\r\n");
  const allCrlf = hasCrlf && !/(^|[^\r])\n/.test(text);
  const lines = text.split(allCrlf ? "\r\n" : "\n");
  const endsCut = lines.at(-1) !== "";
  if (!endsCut) lines.pop();
  if (hasCrlf && !allCrlf && crsAreBreaks(lines, endsCut ? lines.length - 1 : lines.length))
    for (let i = 0; i < lines.length; i++) lines[i] = lines[i]!.replace(/\r$/, "");
  return { lines, endsCut: endsCut && text.length > 0 };
}

/**
 * Whether, in a paste whose line breaks mix LF and CRLF, the CRs before the LFs are the breaks' (an editor or a copy
 * that made some breaks CRLF) rather than the log's own. kubectl ends a line with a CR of its own only where it
 * prints bytes it was given raw: a body (`Response Body: …` and the lines a printf body goes on over, a `body=<`
 * block's lines), never in a line of its own making (a request or response line, a header, statistics), nor in what
 * a terminal or a page wrapped such a line into. So a CR at the end of a klog line that is not a body's, or of a line
 * after one (before the next klog line), is a break's; when there is none, every CR is the log's (a body's `\r\n`).
 * `terminated` counts the lines a break ends (a last line without one has no break to tell).
 */
export function crsAreBreaks(lines: readonly string[], terminated: number): boolean {
  let inBody = false;
  for (let i = 0; i < terminated; i++) {
    const line = lines[i]!;
    const header = matchHeader(line);
    if (header) inBody = BODY_MESSAGE.test(header.message);
    if (line.charCodeAt(line.length - 1) === 13 && !inBody) return true;
  }
  return false;
}

/** A klog message that prints a body (classic `Response Body: …`, structured `"Response Body" body=…`). */
const BODY_MESSAGE = /Body\b/;

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
 * output), and a line that reads as a whole klog line is not taken for one a break cut (`reads`); a terminal when
 * (nearly) each of them is at the width exactly.
 */
export function wrapping(
  lines: readonly string[],
  maxEntryLine: number,
  candidates: readonly WrapCandidate[],
  reads: (line: string) => boolean = () => true,
): Wrapping | undefined {
  let shown = 0;
  let atWidth = 0;
  for (const { line, prefix } of candidates) {
    // A wrapped line may have been wrapped again: follow the breaks as long as they are wrapping's.
    for (let k = line; k < line + 64; k++) {
      const next = lines[k + 1];
      if (next === undefined || startsOwnLine(next, prefix) || matchHeader(next)) break;
      const rest = next.startsWith(prefix) ? next.slice(prefix.length) : next;
      if (!wrappedBreak(lines[k]!.length, rest, maxEntryLine)) break;
      // A whole line that the next would spoil was as long as the widest by chance, not wrapped.
      if (reads(lines[k]!) && !reads(lines[k]! + rest) && !reads(`${lines[k]!} ${rest}`)) break;
      shown++;
      if (lines[k]!.length >= maxEntryLine) atWidth++;
    }
  }
  if (shown < 2) return undefined;
  // A line that ends just short of the width before the command's output can pass for a page's break.
  return { width: maxEntryLine, by: atWidth >= shown * 0.8 ? "terminal" : "page" };
}

/**
 * Joins lines that wrapping broke: a header-less line continues the line before it when that break is one wrapping
 * makes. A terminal broke mid-word (joined as is); a page broke at a space, which it kept at the line's end or
 * dropped, unless the line holds no space to break at (a word longer than the width). A page's line exactly as wide as the width without a space
 * may also be a word that just fitted: there `reads` (whether a logical line reads as whole) decides. Returns the
 * logical lines and, for each, the 1-based number of the physical line it starts on.
 */
export function unwrapLines(
  lines: readonly string[],
  wrap: Wrapping,
  reads: (line: string) => boolean = () => true,
): { lines: string[]; lineNumbers: number[] } {
  const out: string[] = [];
  const lineNumbers: number[] = [];
  /** The pieces of the logical line being built and, between them, the joiners ("" or " "; "?" when unsure). */
  let pieces: string[] = [];
  let joiners: string[] = [];
  const flush = () => {
    if (pieces.length) out.push(joinPieces(pieces, joiners, reads));
    pieces = [];
    joiners = [];
  };
  let prefix = "";
  let previous = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = matchHeader(line);
    if (header) prefix = header.prefix;
    else if (previous >= 0 && line.trim() !== "" && !startsOwnLine(line, prefix)) {
      const rest = line.startsWith(prefix) ? line.slice(prefix.length) : line;
      const before = lines[previous]!;
      const current = pieces.length ? pieces.join("") : "";
      const spoils =
        pieces.length === 1 && reads(current) && !reads(current + rest) && !reads(`${current} ${rest}`);
      // A terminal breaks lines at the width only.
      const broken =
        wrap.by === "terminal" ? before.length >= wrap.width : wrappedBreak(before.length, rest, wrap.width);
      if (before.trim() !== "" && !spoils && broken) {
        const own = before.startsWith(prefix) ? before.slice(prefix.length) : before;
        const atWidth = before.length >= wrap.width;
        // A page that keeps the space it broke at (fold -s, format=flowed mail) leaves it at the line's end.
        const keptSpace = /\s$/.test(before);
        joiners.push(wrap.by === "terminal" || keptSpace ? "" : !atWidth || /\S\s/.test(own) ? " " : "?");
        pieces.push(rest);
        previous = i;
        continue;
      }
    }
    flush();
    pieces.push(line);
    lineNumbers.push(i + 1);
    previous = i;
  }
  flush();
  return { lines: out, lineNumbers };
}

/** Joins a logical line's pieces; an unsure joiner is "" unless a space there is what makes the line read. */
function joinPieces(pieces: string[], joiners: string[], reads: (line: string) => boolean): string {
  const join = (js: string[]) => pieces.reduce((acc, piece, k) => acc + js[k - 1]! + piece);
  const plain = joiners.map((j) => (j === "?" ? "" : j));
  const line = join(plain);
  if (!joiners.includes("?") || reads(line)) return line;
  for (let k = 0; k < joiners.length; k++) {
    if (joiners[k] !== "?") continue;
    const flipped = join(plain.map((j, m) => (m === k ? " " : j)));
    if (reads(flipped)) return flipped;
  }
  return line;
}

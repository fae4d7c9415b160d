import { utf8Bytes } from "../../internal/utf8-bytes.js";
import { bytesAsEscapedText } from "../../internal/escaped-bytes.js";
import { goQuote, goQuoteBytes, goUnquote, goUnquoteString } from "../go/quote.js";

/**
 * klog's structured values (`internal/serialize/keyvalues.go`), as kubectl 1.32+ prints them: strings without a
 * newline `%q`-quoted, strings with one in the multi-line form (`key=<`, TAB-indented lines, ` >`), integers bare,
 * other values as JSON. Both directions live here so that a log kubewire renders is a log it can read.
 */

/** A value printed verbatim (an integer, or a JSON-encoded value such as `[{"IP":"127.0.0.1","Zone":""}]`). */
export interface KlogRaw {
  raw: string;
}

export type KlogValue = string | Uint8Array | number | KlogRaw;

/** ` key=value` as klog writes it for one pair. */
export function klogKV(key: string, value: KlogValue): string {
  if (typeof value === "number") return ` ${key}=${value}`;
  if (typeof value === "object" && "raw" in value) return ` ${key}=${value.raw}`;
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value);
  if (!bytes.includes(0x0a)) {
    return ` ${key}=${typeof value === "string" ? goQuote(value) : goQuoteBytes(bytes)}`;
  }
  // Multi-line: every line TAB-indented and written raw; the closing ` >` goes on a line of its own.
  const text = typeof value === "string" ? value : bytesAsEscapedText(bytes);
  const body = text
    .split(/(?<=\n)/)
    .map((line) => `\t${line}`)
    .join("");
  return ` ${key}=<\n${body}${text.endsWith("\n") ? "" : "\n"} >`;
}

/** A structured entry: `"msg"` and its pairs, without the header and the final newline. */
export function klogStructured(msg: string, pairs: [string, KlogValue][]): string {
  return goQuote(msg) + pairs.map(([k, v]) => klogKV(k, v)).join("");
}

export type KlogParsedValue =
  /**
   * A quoted string, as its exact bytes or, in the usual case of a closed string whose bytes are UTF-8, as the text
   * they encode (see {@link quotedBytes}); `closed` is false when the log ends inside it.
   */
  | { kind: "quoted"; closed: boolean; text: string; bytes?: undefined }
  | { kind: "quoted"; closed: boolean; bytes: Buffer; text?: undefined }
  /** The multi-line form: the lines joined, each ending in `\n`; `closed` is false when ` >` never came. */
  | { kind: "multiline"; text: string; closed: boolean }
  /** An integer or a JSON value, verbatim. */
  | { kind: "bare"; text: string };

export interface KlogParsedEntry {
  msg: string;
  pairs: { key: string; value: KlogParsedValue }[];
  /** False when the entry was cut short (a multi-line value without its end, a quote without its close). */
  complete: boolean;
  /** How many continuation lines the entry used. */
  linesUsed: number;
  /** A multi-line value held a line that `options.isElision` took for an author's mark of lines cut out. */
  elided?: true;
}

export interface KlogParseOptions {
  /**
   * Reads multi-line values as a paste left them (TABs turned into spaces or removed, a line wrapped onto one
   * without its TAB; a closing ` >` line further on confirms each), skipping lines for which this returns true: an
   * author's mark that lines were cut out.
   */
  isElision?: (line: string) => boolean;
}

/** The closing line of a multi-line value, once a paste may have taken its leading space. */
const LOST_TAB_CLOSER = /^ *>(?: |$)/;

/**
 * When the lines from `k` on are a multi-line value that lost its TABs (up to a closing ` >` before the entry's
 * lines end), the indentation they share (up to 8 spaces); otherwise undefined.
 */
function lostTabIndent(continuation: (k: number) => string | undefined, k: number): number | undefined {
  let indent = 8;
  for (let j = k; j < k + 10_000; j++) {
    const line = continuation(j);
    if (line === undefined) return undefined;
    if (LOST_TAB_CLOSER.test(line)) return j > k ? indent : undefined;
    if (line.trim() !== "") indent = Math.min(indent, /^ */.exec(line)![0].length);
  }
  return undefined;
}

/** ` key=` at a position (sticky: set lastIndex), without slicing the line. */
const KEY = / ([A-Za-z_][\w.\-/]*)=/y;

/** A bare value: up to the next space, or a balanced JSON array/object (which may hold spaces in strings). */
function bareToken(text: string, start: number): number {
  const open = text[start];
  if (open !== "[" && open !== "{") {
    const space = text.indexOf(" ", start);
    return space < 0 ? text.length : space;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/**
 * Reads a structured entry back. `first` is the message part of the header line (from the opening quote);
 * `continuation(k)` gives the k-th following line (0-based), or undefined when there is none that belongs to this
 * entry. Returns undefined when `first` is not a structured message.
 */
export function parseKlogStructured(
  first: string,
  continuation: (k: number) => string | undefined,
  options: KlogParseOptions = {},
): KlogParsedEntry | undefined {
  const msg = readQuoted(first, 0);
  if (!msg?.value.closed) return undefined;
  const entry: KlogParsedEntry = { msg: klogValueText(msg.value)!, pairs: [], complete: true, linesUsed: 0 };
  let line = first;
  let pos = msg.end;
  for (;;) {
    if (pos >= line.length) return entry;
    KEY.lastIndex = pos;
    const key = KEY.exec(line);
    if (!key) {
      // Not klog's key=value grammar: keep what was read, say the rest was not understood.
      entry.complete = false;
      return entry;
    }
    pos += key[0].length;
    const name = key[1]!;
    if (line[pos] === '"') {
      const { value: q, end } = readQuoted(line, pos)!;
      entry.pairs.push({ key: name, value: q });
      if (!q.closed) {
        entry.complete = false;
        return entry;
      }
      pos = end;
    } else if (line[pos] === "<" && pos === line.length - 1) {
      let text = "";
      let closed = false;
      let lostTabs: number | undefined;
      for (;;) {
        const next = continuation(entry.linesUsed);
        if (next === undefined) break;
        if (next.startsWith("\t") && lostTabs === undefined) {
          text += next.slice(1) + "\n";
          entry.linesUsed++;
        } else if (
          next === " >" ||
          next.startsWith(" > ") ||
          (lostTabs !== undefined && LOST_TAB_CLOSER.test(next))
        ) {
          entry.linesUsed++;
          closed = true;
          line = next;
          pos = next.indexOf(">") + 1;
          break;
        } else if (
          options.isElision &&
          (lostTabs ??= text === "" ? lostTabIndent(continuation, entry.linesUsed) : undefined) !== undefined
        ) {
          const content = next.startsWith("\t")
            ? next.slice(1)
            : next.slice(Math.min(lostTabs, /^ */.exec(next)![0].length));
          if (options.isElision(content)) entry.elided = true;
          else text += content + "\n";
          entry.linesUsed++;
        } else if (
          options.isElision &&
          text !== "" &&
          !LOST_TAB_CLOSER.test(next) &&
          lostTabIndent(continuation, entry.linesUsed) !== undefined
        ) {
          // A line without its TAB amid TAB-indented ones, the value closing further on: the line before went
          // on here when a terminal or a page wrapped it.
          if (options.isElision(next)) entry.elided = true;
          else text = text.slice(0, -1) + next + "\n";
          entry.linesUsed++;
        } else break;
      }
      entry.pairs.push({ key: name, value: { kind: "multiline", text, closed } });
      if (!closed) {
        entry.complete = false;
        return entry;
      }
    } else {
      const end = bareToken(line, pos);
      entry.pairs.push({ key: name, value: { kind: "bare", text: line.slice(pos, end) } });
      pos = end;
    }
  }
}

/** A quoted value at `pos`: as text when it can be (no encode, no decode), else as bytes. */
function readQuoted(
  line: string,
  pos: number,
): { value: KlogParsedValue & { kind: "quoted" }; end: number } | undefined {
  const simple = goUnquoteString(line, pos);
  if (simple) {
    return { value: { kind: "quoted", closed: true, text: simple.text }, end: simple.end };
  }
  const q = goUnquote(line, pos);
  return q && { value: { kind: "quoted", closed: q.closed, bytes: q.bytes }, end: q.end };
}

/** The exact bytes of a quoted value, whichever form it was read in. */
export function quotedBytes(value: KlogParsedValue & { kind: "quoted" }): Buffer {
  return value.bytes ?? utf8Bytes(value.text);
}

/** The text of a parsed string value, whichever form it took. */
export function klogValueText(value: KlogParsedValue | undefined): string | undefined {
  if (!value) return undefined;
  // Bytes a `\xNN` gave that are not UTF-8 are kept, escaped (see `bytesAsEscapedText`).
  if (value.kind === "quoted") return value.text ?? bytesAsEscapedText(value.bytes);
  return value.text;
}

import { utf8Bytes } from "../../internal/utf8-bytes.js";

/**
 * Go's `strconv.Quote` (what `%q` prints): `"` and `\` escaped, `\a \b \f \n \r \t \v` by name, other
 * non-printable runes as `\xNN`, `\uNNNN` or `\UNNNNNNNN`; printable Unicode stays as it is. kubectl's curl line
 * quotes every header this way, and klog's structured values use the same quoting.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (cp) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += "\\\\";
        continue;
      case 0x07:
        out += "\\a";
        continue;
      case 0x08:
        out += "\\b";
        continue;
      case 0x0c:
        out += "\\f";
        continue;
      case 0x0a:
        out += "\\n";
        continue;
      case 0x0d:
        out += "\\r";
        continue;
      case 0x09:
        out += "\\t";
        continue;
      case 0x0b:
        out += "\\v";
        continue;
    }
    if (cp >= 0xd800 && cp <= 0xdfff) {
      out += "\\ufffd"; // a lone surrogate is invalid UTF-8 to Go: RuneError, quoted as \ufffd
    } else if (isGoPrintable(cp)) {
      out += ch;
    } else if (cp < 0x80) {
      out += "\\x" + cp.toString(16).padStart(2, "0");
    } else if (cp <= 0xffff) {
      out += "\\u" + cp.toString(16).padStart(4, "0");
    } else {
      out += "\\U" + cp.toString(16).padStart(8, "0");
    }
  }
  return out + '"';
}

/**
 * `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. Go's tables follow Unicode;
 * the regular expression below follows the same categories through the engine's Unicode data.
 */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

export function isGoPrintable(cp: number): boolean {
  if (cp === 0x20) return true;
  if (cp < 0x20 || cp === 0x7f) return false;
  if (cp < 0x7f) return true;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

/** Go's `utf8.DecodeRune`: the rune at `i` and its width, or `-1` with width 1 for an invalid byte. */
function decodeRune(bytes: Uint8Array, i: number): { cp: number; width: number } {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return { cp: b0, width: 1 };
  const cont = (k: number) => {
    const b = bytes[i + k];
    return b !== undefined && (b & 0xc0) === 0x80 ? b & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    if (c1 >= 0) return { cp: ((b0 & 0x1f) << 6) | c1, width: 2 };
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    const c1 = cont(1);
    const c2 = cont(2);
    if (c1 >= 0 && c2 >= 0) {
      const cp = ((b0 & 0x0f) << 12) | (c1 << 6) | c2;
      if (cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff)) return { cp, width: 3 };
    }
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    const c1 = cont(1);
    const c2 = cont(2);
    const c3 = cont(3);
    if (c1 >= 0 && c2 >= 0 && c3 >= 0) {
      const cp = ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
      if (cp >= 0x10000 && cp <= 0x10ffff) return { cp, width: 4 };
    }
  }
  return { cp: -1, width: 1 };
}

/**
 * `strconv.Quote` over bytes, as Go applies it to a string that need not be valid UTF-8: each invalid byte becomes
 * `\xNN`. klog quotes logged bodies this way, so a body cut in the middle of a character keeps its exact bytes.
 */
export function goQuoteBytes(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const { cp, width } = decodeRune(bytes, i);
    if (cp < 0) out += "\\x" + bytes[i]!.toString(16).padStart(2, "0");
    else out += goQuote(String.fromCodePoint(cp)).slice(1, -1);
    i += width;
  }
  return `"${out}"`;
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  "\\": 0x5c,
  '"': 0x22,
  "'": 0x27,
};

const QUOTE_OR_ESCAPE = /["\\]/g;
/** A UTF-16 surrogate, paired or not. */
const SURROGATE = /[\ud800-\udfff]/;
const HEX_DIGITS = /^[0-9a-fA-F]+$/;

/** A Go-quoted string read back: its bytes, where it ended, and whether the closing quote was there. */
export interface GoUnquoted {
  bytes: Buffer;
  /** Index just after the closing quote (or the end of the text when it was cut short). */
  end: number;
  closed: boolean;
}

/**
 * Reads a Go double-quoted string (`strconv.Quote`, `%q`) that starts at `start`: the inverse of {@link goQuote}
 * and {@link goQuoteBytes}, bytes included. Text cut short gives what was there with `closed: false`; returns
 * undefined when `start` is not a quote.
 */
export function goUnquote(text: string, start = 0): GoUnquoted | undefined {
  if (text[start] !== '"') return undefined;
  const simple = goUnquoteString(text, start);
  if (simple) return { bytes: utf8Bytes(simple.text), end: simple.end, closed: true };
  return unquoteAny(text, start);
}

/**
 * The usual case of {@link goUnquote} at native speed, as a string: a closed string with only the escapes JSON
 * shares with Go, as kubectl quotes a JSON body, whose bytes are the UTF-8 of the string returned (so a caller
 * that wants text skips an encode and a decode). The closing quote is the first quote after an even run of
 * backslashes; when the first quote is escaped, the last quote of the line is tried (a body is the last value of
 * its line), and the unescaping refuses a bare quote before it. Undefined when this does not apply (then
 * {@link goUnquote} reads it byte by byte).
 */
export function goUnquoteString(text: string, start: number): GoUnquotedString | undefined {
  if (text[start] !== '"') return undefined;
  const first = text.indexOf('"', start + 1);
  if (first < 0) return undefined;
  if (!escapedQuote(text, first, start)) return unescapeSimple(text, start, first);
  const last = text.lastIndexOf('"');
  if (last <= first || escapedQuote(text, last, start)) return undefined;
  return unescapeSimple(text, start, last);
}

export interface GoUnquotedString {
  text: string;
  /** Index just after the closing quote. */
  end: number;
}

/** Whether the quote at `at` follows an odd run of backslashes (after the opening quote at `start`). */
function escapedQuote(text: string, at: number, start: number): boolean {
  let k = at - 1;
  while (k > start && text.charCodeAt(k) === 0x5c) k--;
  return (at - 1 - k) % 2 === 1;
}

/** Whether a string is valid UTF-16 (no lone surrogate), so that its UTF-8 encoding reads back as itself. */
export function isWellFormed(s: string): boolean {
  // ES2024 (Node 20+), outside the ES2023 lib this project compiles against.
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/**
 * Unescapes the quoted string from `open` to `close` through JSON.parse, whose string escapes agree with Go's on
 * everything it accepts here (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, and `\u` but for surrogates). What
 * JSON refuses (Go's `\x`, `\a`, octal, a bare quote, a raw control character) goes to the general reader, and so
 * does text with a lone surrogate (only a caller's string can hold one; its bytes would not read back as the same
 * string). The quoted text, quotes included, is handed to JSON.parse as a slice of the line: no copy.
 */
function unescapeSimple(text: string, open: number, close: number): GoUnquotedString | undefined {
  const content = text.slice(open + 1, close);
  let plain: string;
  if (!content.includes("\\")) {
    if (content.includes('"')) return undefined;
    plain = content;
  } else {
    try {
      plain = JSON.parse(text.slice(open, close + 1)) as string;
    } catch {
      return undefined;
    }
    // JSON joins an escaped surrogate pair (`\ud83d\ude80`) into one character where Go refuses each half; only a
    // result that holds a surrogate can come from one. Looked for in the result, not the text: a body is a one-byte
    // string, which no surrogate can be in, and the search ends at once (searching the text for `\u` stops at every
    // backslash, an escaped quote every few characters).
    if (SURROGATE.test(plain) && content.includes("\\u")) return undefined;
  }
  return isWellFormed(plain) ? { text: plain, end: close + 1 } : undefined;
}

/** Any Go-quoted string, closed or cut short, byte escapes included. */
function unquoteAny(text: string, start: number): GoUnquoted {
  // The text read so far is kept as a string (runs of plain text and escapes that stand for ASCII), encoded once
  // at the end; only raw bytes (`\xff`, octal) go out as bytes. Kubectl's quoted bodies are escaped JSON, an escape
  // every few characters, and a large log holds thousands of them.
  const parts: Buffer[] = [];
  let str = "";
  // The last UTF-16 unit of `str`, tracked (reading it back would flatten the string at every step).
  let last = 0;
  const flush = () => {
    if (str.length > 0) {
      parts.push(Buffer.from(str, "utf8"));
      str = "";
      last = 0;
    }
  };
  const pushText = (t: string) => {
    if (t.length === 0) return;
    // Encoded apart, a lone high surrogate and a lone low one are two U+FFFD; joined they would make a pair.
    const first = t.charCodeAt(0);
    if (last >= 0xd800 && last <= 0xdbff && first >= 0xdc00 && first <= 0xdfff) flush();
    str += t;
    last = t.charCodeAt(t.length - 1);
  };
  const pushByte = (b: number) => {
    if (b < 0x80) {
      str += String.fromCharCode(b);
      last = b;
      return;
    }
    flush();
    parts.push(Buffer.of(b));
  };
  const result = (end: number, closed: boolean): GoUnquoted => {
    flush();
    return { bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts), end, closed };
  };
  let i = start + 1;
  let run = i;
  for (;;) {
    QUOTE_OR_ESCAPE.lastIndex = i;
    const found = QUOTE_OR_ESCAPE.exec(text);
    if (found === null) {
      i = text.length;
      break;
    }
    i = found.index;
    if (text[i] === '"') {
      pushText(text.slice(run, i));
      return result(i + 1, true);
    }
    pushText(text.slice(run, i));
    const e = text[i + 1];
    if (e === undefined) {
      i = text.length;
      run = i;
      break;
    }
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      pushByte(simple);
      i += 2;
    } else if (e === "x" || e === "u" || e === "U") {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + n);
      if (hex.length !== n || !HEX_DIGITS.test(hex)) {
        i = hex.length < n && i + 2 + hex.length >= text.length ? text.length : i + 2;
        run = i;
        continue;
      }
      const value = parseInt(hex, 16);
      if (e === "x") pushByte(value);
      else if (value <= 0x10ffff && (value < 0xd800 || value > 0xdfff)) pushText(String.fromCodePoint(value));
      else pushText("\ufffd");
      i += 2 + n;
    } else if (/[0-7]/.test(e)) {
      const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))![0];
      pushByte(parseInt(oct, 8) & 0xff);
      i += 1 + oct.length;
    } else {
      pushText(e);
      i += 2;
    }
    run = i;
  }
  pushText(text.slice(run, i));
  return result(text.length, false);
}

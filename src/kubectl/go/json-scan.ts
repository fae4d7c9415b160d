// Go's encoding/json scanner (scanner.go), for where a JSON stream's value ends and for its syntax errors in Go's
// words: kubectl 1.27–1.32 report a manifest's JSON mistakes that way (`json: offset 85: invalid character 'h'
// looking for beginning of value`).

/** The end of one JSON value of a stream, or Go's error for it. */
export type GoJsonScan =
  | { end: number }
  /** `offset`: Go's `SyntaxError.Offset`, the bytes read through the bad one (from the scan's `base`). */
  | { error: string; offset: number }
  | { eof: true };

const SPACE = new Set([" ", "\t", "\r", "\n"]);

/**
 * Go's `quoteChar` of the byte the scanner stopped at: `'x'`, `'\''`, `'"'`, a control character escaped, and the
 * first byte of a UTF-8 sequence as the Latin-1 character of that value (Go quotes `string(rune(byte))`).
 */
function quoteChar(c: string): string {
  if (c.charCodeAt(0) > 0x7f) c = String.fromCharCode(Buffer.from(c)[0]!);
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const quoted = JSON.stringify(c);
  const inner = quoted.slice(1, -1).replace(/\\u00([0-9a-f]{2})/g, "\\x$1");
  return `'${inner}'`;
}

/** Where and why the scan stopped (thrown from deep in the value, caught at its top). */
class Stop extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

/**
 * Scans the JSON value starting at `start` (after white space) as Go's Decoder does, and says where it ends, Go's
 * syntax error, or that the text ended inside it (`unexpected EOF`). Offsets count UTF-8 bytes from `base`.
 */
export function scanGoJsonValue(text: string, start: number, base = 0): GoJsonScan {
  let i = start;
  const fail = (context: string): never => {
    throw new Stop(
      `invalid character ${quoteChar(String.fromCodePoint(text.codePointAt(i)!))} ${context}`,
      i,
    );
  };
  const need = (): string => {
    if (i >= text.length) throw new Stop("EOF", i);
    return text[i]!;
  };
  const space = () => {
    while (i < text.length && SPACE.has(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (need() !== word[k]) fail(`in literal ${word} (expecting ${quoteChar(word[k]!)})`);
    }
    i++;
  };
  const digits = () => {
    while (i < text.length && text[i]! >= "0" && text[i]! <= "9") i++;
  };
  const number = () => {
    if (text[i] === "-") {
      i++;
      const c = need();
      if (c < "0" || c > "9") fail("in numeric literal");
    }
    if (text[i] === "0") i++;
    else digits();
    if (text[i] === ".") {
      i++;
      const c = need();
      if (c < "0" || c > "9") fail("after decimal point in numeric literal");
      digits();
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (need() === "+" || text[i] === "-") i++;
      const c = need();
      if (c < "0" || c > "9") fail("in exponent of numeric literal");
      digits();
    }
  };
  const string = () => {
    i++;
    for (;;) {
      const c = need();
      if (c === '"') {
        i++;
        return;
      }
      if (c === "\\") {
        i++;
        const e = need();
        if (e === "u") {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(need())) fail("in \\u hexadecimal character escape");
          }
        } else if (!'bfnrt\\/"'.includes(e)) fail("in string escape code");
      } else if (c < " ") fail("in string literal");
      i++;
    }
  };
  const value = (): void => {
    space();
    const c = need();
    if (c === "{") {
      i++;
      space();
      if (need() === "}") {
        i++;
        return;
      }
      for (;;) {
        space();
        if (need() !== '"') fail("looking for beginning of object key string");
        string();
        space();
        if (need() !== ":") fail("after object key");
        i++;
        value();
        space();
        const next = need();
        if (next === "}") {
          i++;
          return;
        }
        if (next !== ",") fail("after object key:value pair");
        i++;
      }
    }
    if (c === "[") {
      i++;
      space();
      if (need() === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        const next = need();
        if (next === "]") {
          i++;
          return;
        }
        if (next !== ",") fail("after array element");
        i++;
      }
    }
    if (c === '"') return string();
    if (c === "-" || (c >= "0" && c <= "9")) return number();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    fail("looking for beginning of value");
  };
  try {
    value();
    return { end: i };
  } catch (stop) {
    if (!(stop instanceof Stop)) throw stop;
    if (stop.message === "EOF") return { eof: true };
    return { error: stop.message, offset: Buffer.byteLength(text.slice(base, stop.index)) + 1 };
  }
}

import { jsonTextNestsDeeperThan, MAX_JSON_DEPTH } from "./json-depth.js";
import { describeJsonError } from "./json-error.js";
import { NormalizeError } from "./normalize-error.js";

// Two tests, and sixteen \d rather than \d{16}: V8 scans for this form several times faster (a 9 MB list: 16 ms
// for the single alternation, under 4 ms for these), and the fast path runs on every response rendered or diffed.
const LONG_INTEGER = /\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d/;
const NEGATIVE_ZERO = /[:,[]\s*-0(?![1-9])/;
/**
 * A negative number where a JSON number can stand, which both NEGATIVE_ZERO and UNDERFLOW_AFTER need: one scan of a
 * document without any (most Kubernetes objects) spares the two.
 */
const NEGATIVE_NUMBER = /[:,[]\s*-/;

/**
 * JSON parsing that keeps every digit kubectl keeps. Go decodes integer literals that fit in int64 exactly
 * (apimachinery `UnmarshalCaseSensitivePreserveInts`); JavaScript numbers lose digits past 2^53. Such integers
 * come back as `bigint`; every other number is a JS number, which formats exactly as Go formats a float64.
 *
 * Negative zero follows Go too: the integer literal `-0` is the int64 0, while `-0.0` (or `-0e0`) is the float
 * -0, which Go prints as `-0`.
 *
 * The fast path is `JSON.parse`: only a document with an integer literal of 16 or more digits, or a negative
 * zero, takes the slower exact parser.
 *
 * @throws {NormalizeError} when the text is not JSON (the message says where, never quoting the text), or nests
 * deeper than {@link MAX_JSON_DEPTH} (1,000 levels).
 *
 * @example
 * parseJsonLossless('{"generation": 9007199254740993}'); // { generation: 9007199254740993n }
 * parseJsonLossless('{"replicas": 3}'); // { replicas: 3 }
 */
export function parseJsonLossless(text: string): unknown {
  return parse(text).value;
}

/**
 * The parse, whether it took the fast path (no long integer, no negative zero literal), and whether the text may
 * hold a negative number after `:`, `,` or `[` (true when not looked for).
 */
function parse(text: string): { value: unknown; fast: boolean; negative: boolean } {
  if (typeof text !== "string") throw new NormalizeError(`invalid JSON: expected text, got ${typeof text}`);
  if (jsonTextNestsDeeperThan(text))
    throw new NormalizeError(`invalid JSON: nested deeper than ${MAX_JSON_DEPTH} levels`);
  if (!LONG_INTEGER.test(text)) {
    const negative = NEGATIVE_NUMBER.test(text);
    if (!(negative && NEGATIVE_ZERO.test(text)))
      try {
        return { value: JSON.parse(text) as unknown, fast: true, negative };
      } catch (error) {
        throw new NormalizeError(`invalid JSON: ${describeJsonError(error)}`);
      }
  }
  return { value: new LosslessParser(text).parseDocument(), fast: false, negative: true };
}

/**
 * A literal that may parse to -0 without starting with `-0`: a negative number whose exponent has three digits or
 * more (`-1e-400` underflows to -0; a mantissa of 1 or more needs an exponent of -324 or below to do so), where a
 * JSON number can stand (after `:`, `,` or `[`, or first), so that a uid such as `…-435e-8298-…` is not one.
 */
const UNDERFLOW_AFTER = /[:,[]\s*-\d[\d.]*[eE]-\d\d\d/;
/** The same literal as the whole document's start: kept apart, the first test scans twice as fast (no `^|`). */
const UNDERFLOW_FIRST = /^\s*-\d[\d.]*[eE]-\d\d\d/;

/*
 * The exponent tests below are anchored where a JSON number can stand: after `:`, `,` or `[` and white space, or
 * first in the document (tested apart, as above). An exponent only follows a number's digits or fraction there, so
 * the hex of a uid in a string (`…-4e12-…`, in nearly every real list) does not match, and the walks they guard are
 * spared. Text in a string that reads like a member (`"a:1e5"`) still matches: that costs a walk, never a wrong
 * view. Each is written as the exponent followed by a look behind it for the rest: V8 then finds the few exponent
 * candidates first and looks back from those alone, where the plain anchored form tries every `:` and `,` of the
 * text (a 9 MB list: about 3 ms against 21 ms).
 */

/**
 * A number with a positive exponent: it may be a float of integer value beyond 2^53 (`1e18`, or `12345678e9` with
 * its digits before the exponent), which kubectl's re-decoding makes an int64. Without an exponent such a float has
 * 16 digits in a row, which keeps the text off the fast path.
 */
const EXPONENT_AFTER = /[eE]\+?\d(?<=[:,[]\s*-?\d+(?:\.\d+)?[eE]\+?\d)/;
const EXPONENT_FIRST = /^\s*-?\d+(?:\.\d+)?[eE]\+?\d/;

/**
 * A number that may be too large for a float64: an exponent of three digits or more that is not negative, or (only
 * off the fast path) a run of 200 digits, which an exponent under 100 can take beyond 1.8e308. Only then is the text
 * scanned for {@link firstOverflowingNumber}.
 */
const EXPONENT_3_AFTER = /[eE]\+?\d\d\d(?<=[:,[]\s*-?\d+(?:\.\d+)?[eE]\+?\d\d\d)/;
const EXPONENT_3_FIRST = /^\s*-?\d+(?:\.\d+)?[eE]\+?\d\d\d/;
const LONG_DIGIT_RUN = /\d{200}/;

/**
 * {@link parseJsonLossless}, whether the value is certain to hold no -0 and no float of integer value beyond 2^53 (no
 * literal that could be one): kubectl's view then has nothing to re-decode, and a walk of every value of a large
 * list is spared; and the first number literal, in text order, that does not fit a float64 (`1e400`), which Go's
 * decoder refuses.
 */
export function parseJsonLosslessChecked(text: string): {
  value: unknown;
  negativeZeroFree: boolean;
  overflow: string | undefined;
} {
  const { value, fast, negative } = parse(text);
  const exponent = EXPONENT_AFTER.test(text) || EXPONENT_FIRST.test(text);
  return {
    value,
    negativeZeroFree:
      fast && !exponent && !(negative && UNDERFLOW_AFTER.test(text)) && !UNDERFLOW_FIRST.test(text),
    overflow:
      (exponent && (EXPONENT_3_AFTER.test(text) || EXPONENT_3_FIRST.test(text))) ||
      (!fast && LONG_DIGIT_RUN.test(text))
        ? firstOverflowingNumber(text)
        : undefined,
  };
}

/**
 * The first number literal of a JSON text (strings skipped) whose value is beyond a float64 and that is not an
 * int64 either: Go's `encoding/json` (and sigs.k8s.io/json, which kubectl decodes with) fails on it with
 * `json: cannot unmarshal number <literal> into Go value of type float64`. The text must be valid JSON.
 */
function firstOverflowingNumber(text: string): string | undefined {
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: to its closing quote, over escapes.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      number.lastIndex = i;
      const literal = number.exec(text)![0];
      if (!Number.isFinite(Number(literal))) return literal;
      i += literal.length - 1;
    }
  }
  return undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

class LosslessParser {
  readonly #text: string;
  #pos = 0;

  constructor(text: string) {
    this.#text = text;
  }

  parseDocument(): unknown {
    this.#ws();
    const value = this.#value();
    this.#ws();
    if (this.#pos < this.#text.length) this.#fail("unexpected text after the JSON value");
    return value;
  }

  #fail(message: string): never {
    throw new NormalizeError(`invalid JSON at offset ${this.#pos}: ${message}`);
  }

  #ws() {
    const t = this.#text;
    while (this.#pos < t.length) {
      const c = t.charCodeAt(this.#pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.#pos++;
      else break;
    }
  }

  #value(): unknown {
    const c = this.#text[this.#pos];
    switch (c) {
      case "{":
        return this.#object();
      case "[":
        return this.#array();
      case '"':
        return this.#string();
      case "t":
        return this.#literal("true", true);
      case "f":
        return this.#literal("false", false);
      case "n":
        return this.#literal("null", null);
      default:
        if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.#number();
        return this.#fail(
          c === undefined ? "unexpected end of input" : `unexpected character ${JSON.stringify(c)}`,
        );
    }
  }

  #literal<T>(word: string, value: T): T {
    if (!this.#text.startsWith(word, this.#pos)) this.#fail(`expected ${word}`);
    this.#pos += word.length;
    return value;
  }

  #object(): Record<string, unknown> {
    this.#pos++; // {
    const out: Record<string, unknown> = {};
    this.#ws();
    if (this.#text[this.#pos] === "}") {
      this.#pos++;
      return out;
    }
    for (;;) {
      this.#ws();
      if (this.#text[this.#pos] !== '"') this.#fail("expected a string key");
      const key = this.#string();
      this.#ws();
      if (this.#text[this.#pos] !== ":") this.#fail("expected ':'");
      this.#pos++;
      this.#ws();
      const value = this.#value();
      // defineProperty, so a "__proto__" key is data, as with JSON.parse.
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      this.#ws();
      const c = this.#text[this.#pos++];
      if (c === "}") return out;
      if (c !== ",") this.#fail("expected ',' or '}'");
    }
  }

  #array(): unknown[] {
    this.#pos++; // [
    const out: unknown[] = [];
    this.#ws();
    if (this.#text[this.#pos] === "]") {
      this.#pos++;
      return out;
    }
    for (;;) {
      this.#ws();
      out.push(this.#value());
      this.#ws();
      const c = this.#text[this.#pos++];
      if (c === "]") return out;
      if (c !== ",") this.#fail("expected ',' or ']'");
    }
  }

  #string(): string {
    const start = this.#pos;
    const end = this.#scanString(start);
    this.#pos = end + 1;
    try {
      return JSON.parse(this.#text.slice(start, end + 1)) as string;
    } catch {
      this.#pos = start;
      return this.#fail("invalid escape in string");
    }
  }

  /** Index of the closing quote of the string starting at `start`. */
  #scanString(start: number): number {
    const t = this.#text;
    let i = start + 1;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === 0x22) return i;
      if (c === 0x5c) i += 2;
      else if (c < 0x20) {
        this.#pos = i;
        this.#fail("control character in string");
      } else i++;
    }
    this.#pos = i;
    return this.#fail("unterminated string");
  }

  #number(): number | bigint {
    const m = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    m.lastIndex = this.#pos;
    const match = m.exec(this.#text);
    if (!match) this.#fail("invalid number");
    this.#pos += match[0].length;
    const literal = match[0];
    const isInteger = match[1] === undefined && match[2] === undefined;
    const n = Number(literal);
    if (isInteger && n === 0) return 0; // "-0" is the int64 0, not the float -0
    if (isInteger && !Number.isSafeInteger(n)) {
      const big = BigInt(literal);
      if (big >= INT64_MIN && big <= INT64_MAX) return big;
    }
    return n;
  }
}

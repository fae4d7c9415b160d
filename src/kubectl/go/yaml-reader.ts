import { formatGoFloat, parseGoInt, parseGoUint } from "./strconv.js";
import type { GoYamlNode } from "./yaml-emitter.js";
import { GoYamlError } from "./yaml-error.js";

/**
 * How go-yaml v2 reads the compact JSON that sigs.k8s.io/yaml's `JSONToYAML` hands it (JSON is YAML flow
 * syntax). Mostly that is plain JSON decoding, with these differences, each a quirk kubectl users can hit:
 *
 * - the reader (readerc.go) refuses characters outside YAML's printable set, which Go's JSON encoder writes raw:
 *   DEL, C1 controls other than NEL, U+FFFE, U+FFFF ("control characters are not allowed");
 * - a raw NEL (U+0085) inside a string is a line break to the scanner, so it is folded like one: one break between
 *   words becomes a space, spaces around it vanish, n consecutive breaks become n-1 newlines;
 * - a mapping key is a YAML "simple key": it must fit on one line and its `:` must come within 1024 characters of
 *   its start, otherwise the parser fails with "did not find expected ',' or '}'";
 * - after a NEL, a line that starts with `---` or `...` and a blank is a document marker: a scanner error;
 * - numbers are plain scalars and are resolved as YAML: int64, then uint64, then float64.
 *
 * Errors carry go-yaml's message (`yaml: line N: ...`); the order in which they surface follows the reader's
 * 512-byte chunks, because the reader checks characters only as the scanner asks for more input.
 */

const RAW_BUFFER_SIZE = 512;

function isAllowed(c: number): boolean {
  return (
    c === 0x09 ||
    c === 0x0a ||
    c === 0x0d ||
    (c >= 0x20 && c <= 0x7e) ||
    c === 0x85 ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

function utf8Width(c: number): number {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/**
 * Where the reader would fail, as the character (code point) index at which the failing chunk starts: the scanner
 * triggers the failure as soon as it needs any character at or past that index.
 */
function readerFailureAt(text: string): number | undefined {
  // Go's JSON encoder escapes every other control character, so these are the only candidates.
  if (!/[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/.test(text)) return undefined;
  let byte = 0;
  let index = 0;
  let chunkByte = 0;
  let chunkIndex = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const w = utf8Width(c);
    // A character that does not fit whole in the current raw chunk starts the next one.
    if (byte + w > chunkByte + RAW_BUFFER_SIZE) {
      chunkByte = byte;
      chunkIndex = index;
    }
    if (!isAllowed(c)) return chunkIndex;
    byte += w;
    index++;
  }
  return undefined;
}

function isBreak(c: number): boolean {
  return c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** `is_blankz`: blank, break, NUL, or the end of the input. */
function isBlankz(c: number): boolean {
  return Number.isNaN(c) || c === 0x20 || c === 0x09 || c === 0 || isBreak(c);
}

function codePointCount(s: string, from: number, to: number): number {
  let n = to - from;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > from) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

const SIMPLE_KEY_LIMIT = 1024;
const ESCAPES: Record<number, string> = {
  0x22: '"',
  0x5c: "\\",
  0x2f: "/",
  0x62: "\b",
  0x66: "\f",
  0x6e: "\n",
  0x72: "\r",
  0x74: "\t",
};

/**
 * Walks the JSON text by UTF-16 index; go-yaml counts characters (code points), which only matters for the
 * simple-key limit and the reader's chunks, and is computed there. Lines change only at raw line breaks, which Go's
 * JSON encoder writes only for NEL.
 */
class JsonAsYamlReader {
  readonly #text: string;
  #pos = 0;
  #line = 0;
  #lineStart = false;
  readonly #readerFailure: number | undefined;

  constructor(text: string) {
    this.#text = text;
    this.#readerFailure = readerFailureAt(text);
  }

  read(): GoYamlNode {
    if (this.#readerFailure === 0) this.#failReader();
    const node = this.#value();
    if (this.#readerFailure !== undefined) this.#failReader();
    return node;
  }

  #failReader(): never {
    throw new GoYamlError("yaml: control characters are not allowed");
  }

  /** A parse or scan error found when the scanner had looked 4 characters past `pos`: the reader may fail first. */
  #fail(pos: number, line: number, problem: string): never {
    if (this.#readerFailure !== undefined && this.#readerFailure < codePointCount(this.#text, 0, pos) + 4)
      this.#failReader();
    throw new GoYamlError(`yaml: ${line !== 0 ? `line ${line}: ` : ""}${problem}`);
  }

  #value(): GoYamlNode {
    const c = this.#text.charCodeAt(this.#pos);
    if (c === 0x7b) return this.#mapping();
    if (c === 0x5b) return this.#sequence();
    if (c === 0x22) return { kind: "string", value: this.#quoted() };
    return this.#plain();
  }

  #mapping(): GoYamlNode {
    const contextLine = this.#line;
    this.#pos++; // {
    const entries: [string, GoYamlNode][] = [];
    if (this.#text.charCodeAt(this.#pos) === 0x7d) {
      this.#pos++;
      return { kind: "map", entries };
    }
    for (;;) {
      const keyPos = this.#pos;
      const keyLine = this.#line;
      const key = this.#quoted();
      // At the ':' token, the key before it was a simple key only if it stayed on one line and its start is
      // within 1024 characters.
      if (
        keyLine < this.#line ||
        (this.#pos - keyPos > SIMPLE_KEY_LIMIT &&
          codePointCount(this.#text, keyPos, this.#pos) > SIMPLE_KEY_LIMIT)
      ) {
        // A parser error: its line is the ':' token's (0-based, as is), else the mapping's start line.
        this.#fail(
          this.#pos,
          this.#line !== 0 ? this.#line : contextLine,
          "did not find expected ',' or '}'",
        );
      }
      this.#pos++; // :
      entries.push([key, this.#value()]);
      if (this.#text.charCodeAt(this.#pos++) === 0x7d) return { kind: "map", entries };
    }
  }

  #sequence(): GoYamlNode {
    this.#pos++; // [
    const items: GoYamlNode[] = [];
    if (this.#text.charCodeAt(this.#pos) === 0x5d) {
      this.#pos++;
      return { kind: "seq", items };
    }
    for (;;) {
      items.push(this.#value());
      if (this.#text.charCodeAt(this.#pos++) === 0x5d) return { kind: "seq", items };
    }
  }

  /** A JSON number, `true`, `false` or `null`, read as a YAML plain scalar and resolved. */
  #plain(): GoYamlNode {
    const t = this.#text;
    let end = this.#pos;
    for (
      let c = t.charCodeAt(end);
      end < t.length && c !== 0x2c && c !== 0x7d && c !== 0x5d;
      c = t.charCodeAt(++end)
    );
    const text = t.slice(this.#pos, end);
    this.#pos = end;
    if (text === "true" || text === "false" || text === "null") return { kind: "plain", text };
    const int = parseGoInt(text);
    if (int.ok) return { kind: "plain", text: int.value.toString() };
    const uint = parseGoUint(text);
    if (uint.ok) return { kind: "plain", text: uint.value.toString() };
    return { kind: "plain", text: formatGoFloat(Number(text)) };
  }

  /** scannerc.go `yaml_parser_scan_flow_scalar` for a double-quoted scalar holding a JSON string. */
  #quoted(): string {
    const t = this.#text;
    this.#pos++; // "
    this.#lineStart = false;
    let s = "";
    let leadingBreak = "";
    let trailingBreaks = "";
    let whitespaces = "";
    for (;;) {
      if (this.#lineStart && this.#documentIndicator()) {
        // Scanner errors report the 0-based line plus one.
        this.#fail(this.#pos, this.#line + 1, "found unexpected document indicator");
      }
      // Non-blank characters: runs of ordinary ones are copied at once.
      let start = this.#pos;
      for (let c = t.charCodeAt(this.#pos); !isBlankz(c) && c !== 0x22; c = t.charCodeAt(this.#pos)) {
        if (c === 0x5c) {
          s += t.slice(start, this.#pos) + this.#escape();
          start = this.#pos;
        } else this.#pos++;
      }
      s += t.slice(start, this.#pos);
      if (t.charCodeAt(this.#pos) === 0x22) break;
      let leadingBlanks = false;
      for (
        let c = t.charCodeAt(this.#pos);
        c === 0x20 || c === 0x09 || isBreak(c);
        c = t.charCodeAt(this.#pos)
      ) {
        if (c === 0x20 || c === 0x09) {
          if (!leadingBlanks) whitespaces += t[this.#pos];
          this.#lineStart = false;
        } else {
          // read_line: CR, LF and NEL become "\n"; LS and PS stay themselves.
          const text = c === 0x2028 || c === 0x2029 ? t[this.#pos]! : "\n";
          if (!leadingBlanks) {
            whitespaces = "";
            leadingBreak = text;
            leadingBlanks = true;
          } else trailingBreaks += text;
          this.#line++;
          this.#lineStart = true;
        }
        this.#pos++;
      }
      if (leadingBlanks) {
        if (leadingBreak === "\n") s += trailingBreaks === "" ? " " : trailingBreaks;
        else s += leadingBreak + trailingBreaks;
        leadingBreak = "";
        trailingBreaks = "";
      } else {
        s += whitespaces;
        whitespaces = "";
      }
    }
    this.#pos++; // "
    this.#lineStart = false;
    return s;
  }

  #documentIndicator(): boolean {
    const t = this.#text;
    const p = this.#pos;
    const marker = t.startsWith("---", p) || t.startsWith("...", p);
    return marker && isBlankz(t.charCodeAt(p + 3));
  }

  /** The escapes Go's JSON encoder writes, all of which mean the same in YAML. */
  #escape(): string {
    const t = this.#text;
    const e = t.charCodeAt(this.#pos + 1);
    if (e === 0x75) {
      const ch = String.fromCharCode(parseInt(t.slice(this.#pos + 2, this.#pos + 6), 16));
      this.#pos += 6;
      return ch;
    }
    this.#pos += 2;
    return ESCAPES[e] ?? "";
  }
}

/** go-yaml v2 `Unmarshal` of compact JSON text as Go's `json.Marshal` writes it. Throws {@link GoYamlError}. */
export function readGoJsonAsYaml(json: string): GoYamlNode {
  return new JsonAsYamlReader(json).read();
}

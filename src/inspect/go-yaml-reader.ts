import { formatGoFloat, parseGoInt, parseGoUint } from "./go-strconv.js";
import type { GoYamlNode } from "./go-yaml-emitter.js";
import { GoYamlError } from "./go-yaml-error.js";

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
 * Where the reader would fail, as the character index at which the failing chunk starts: the scanner triggers the
 * failure as soon as it needs any character at or past that index.
 */
function readerFailureAt(text: string): number | undefined {
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

function isBreak(c: number | undefined): boolean {
  return c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function isBlankz(c: number | undefined): boolean {
  return c === undefined || c === 0x20 || c === 0x09 || c === 0 || isBreak(c);
}

const SIMPLE_KEY_LIMIT = 1024;

class JsonAsYamlReader {
  readonly #cps: number[];
  #pos = 0;
  #line = 0;
  #column = 0;
  readonly #readerFailure: number | undefined;

  constructor(text: string) {
    this.#cps = Array.from(text, (c) => c.codePointAt(0)!);
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

  /** A parse or scan error found when the scanner had looked ahead to `needed`: the reader may have failed first. */
  #fail(needed: number, line: number, problem: string): never {
    if (this.#readerFailure !== undefined && this.#readerFailure < needed) this.#failReader();
    throw new GoYamlError(`yaml: ${line !== 0 ? `line ${line}: ` : ""}${problem}`);
  }

  #advance(n = 1): void {
    this.#pos += n;
    this.#column += n;
  }

  #char(offset = 0): number | undefined {
    return this.#cps[this.#pos + offset];
  }

  #value(): GoYamlNode {
    const c = this.#char();
    if (c === 0x7b) return this.#mapping();
    if (c === 0x5b) return this.#sequence();
    if (c === 0x22) return { kind: "string", value: this.#quoted() };
    return this.#plain();
  }

  #mapping(): GoYamlNode {
    const contextLine = this.#line;
    this.#advance(); // {
    const entries: [string, GoYamlNode][] = [];
    if (this.#char() === 0x7d) {
      this.#advance();
      return { kind: "map", entries };
    }
    for (;;) {
      const keyIndex = this.#pos;
      const keyLine = this.#line;
      const key = this.#quoted();
      // The ':' token: the key before it was a simple key only if it stayed on one line and within 1024 chars.
      if (keyLine < this.#line || keyIndex + SIMPLE_KEY_LIMIT < this.#pos) {
        // Parser error: problem mark is the ':' (line as is), else the mapping's start line.
        this.#fail(
          this.#pos + 4,
          this.#line !== 0 ? this.#line : contextLine,
          "did not find expected ',' or '}'",
        );
      }
      this.#advance(); // :
      entries.push([key, this.#value()]);
      const sep = this.#char();
      this.#advance();
      if (sep === 0x7d) return { kind: "map", entries };
    }
  }

  #sequence(): GoYamlNode {
    this.#advance(); // [
    const items: GoYamlNode[] = [];
    if (this.#char() === 0x5d) {
      this.#advance();
      return { kind: "seq", items };
    }
    for (;;) {
      items.push(this.#value());
      const sep = this.#char();
      this.#advance();
      if (sep === 0x5d) return { kind: "seq", items };
    }
  }

  /** A JSON number, `true`, `false` or `null`, read as a YAML plain scalar and resolved. */
  #plain(): GoYamlNode {
    let end = this.#pos;
    while (end < this.#cps.length && ![0x2c, 0x7d, 0x5d].includes(this.#cps[end]!)) end++;
    const text = String.fromCodePoint(...this.#cps.slice(this.#pos, end));
    this.#advance(end - this.#pos);
    if (text === "true" || text === "false" || text === "null") return { kind: "plain", text };
    const int = parseGoInt(text);
    if (int.ok) return { kind: "plain", text: int.value.toString() };
    const uint = parseGoUint(text);
    if (uint.ok) return { kind: "plain", text: uint.value.toString() };
    return { kind: "plain", text: formatGoFloat(Number(text)) };
  }

  /** scannerc.go `yaml_parser_scan_flow_scalar` for a double-quoted scalar holding a JSON string. */
  #quoted(): string {
    this.#advance(); // "
    let s = "";
    let leadingBreak = "";
    let trailingBreaks = "";
    let whitespaces = "";
    for (;;) {
      if (this.#column === 0 && this.#documentIndicator()) {
        // Scanner errors report the 0-based line plus one.
        this.#fail(this.#pos + 4, this.#line + 1, "found unexpected document indicator");
      }
      let leadingBlanks = false;
      for (let c = this.#char(); !isBlankz(c) && c !== 0x22; c = this.#char()) {
        if (c === 0x5c) s += this.#escape();
        else {
          s += String.fromCodePoint(c!);
          this.#advance();
        }
      }
      if (this.#char() === 0x22) break;
      for (let c = this.#char(); c === 0x20 || c === 0x09 || isBreak(c); c = this.#char()) {
        if (c === 0x20 || c === 0x09) {
          if (!leadingBlanks) whitespaces += String.fromCodePoint(c);
          this.#advance();
        } else {
          // read_line: CR, LF and NEL become "\n"; LS and PS stay themselves.
          const text = c === 0x2028 || c === 0x2029 ? String.fromCodePoint(c) : "\n";
          if (!leadingBlanks) {
            whitespaces = "";
            leadingBreak = text;
            leadingBlanks = true;
          } else trailingBreaks += text;
          this.#pos++;
          this.#line++;
          this.#column = 0;
        }
      }
      if (leadingBlanks) {
        if (leadingBreak.startsWith("\n")) s += trailingBreaks === "" ? " " : trailingBreaks;
        else s += leadingBreak + trailingBreaks;
        leadingBreak = "";
        trailingBreaks = "";
      } else {
        s += whitespaces;
        whitespaces = "";
      }
    }
    this.#advance(); // "
    return s;
  }

  #documentIndicator(): boolean {
    const [a, b, c] = [this.#char(), this.#char(1), this.#char(2)];
    const marker = (a === 0x2d && b === 0x2d && c === 0x2d) || (a === 0x2e && b === 0x2e && c === 0x2e);
    return marker && isBlankz(this.#char(3));
  }

  /** The escapes Go's JSON encoder writes, all of which mean the same in YAML. */
  #escape(): string {
    const e = this.#char(1);
    if (e === 0x75) {
      const hex = String.fromCodePoint(...this.#cps.slice(this.#pos + 2, this.#pos + 6));
      this.#advance(6);
      return String.fromCharCode(parseInt(hex, 16));
    }
    this.#advance(2);
    const simple: Record<number, string> = {
      0x22: '"',
      0x5c: "\\",
      0x2f: "/",
      0x62: "\b",
      0x66: "\f",
      0x6e: "\n",
      0x72: "\r",
      0x74: "\t",
    };
    return simple[e!] ?? "";
  }
}

/** go-yaml v2 `Unmarshal` of compact JSON text as Go's `json.Marshal` writes it. Throws {@link GoYamlError}. */
export function readGoJsonAsYaml(json: string): GoYamlNode {
  return new JsonAsYamlReader(json).read();
}

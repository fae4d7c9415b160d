/**
 * A strict reader for the YAML that kubectl and cloud CLIs write into kubeconfigs: block mappings and sequences
 * (kubectl's indentless `- name:` style too), one-line flow collections, plain, single- and double-quoted scalars,
 * comments. It exists for speed: the `yaml` package costs a `kubewire get` about a third of its own work (loading
 * it, then compiling its functions on first use), for files that use a sliver of YAML.
 *
 * It gives exactly what the `yaml` package gives for the same text: `value` as `parseDocument(text, { version:
 * "1.1" }).toJS()` and `source` as the failsafe parse (every scalar its text), which parse-kubeconfig.ts uses. On
 * anything it does not fully understand (anchors, tags, block scalars, multi-line scalars, numbers, timestamps,
 * duplicate keys, tabs, non-ASCII text, documents markers, malformed input...) it returns undefined and the caller
 * uses the `yaml` package, which also words the errors. It never guesses: a credential read wrongly would fail
 * far from here, or worse, not fail.
 */

type Pair = [value: unknown, source: unknown];
type Line = { indent: number; text: string };

/** The result of {@link readSimpleYaml}: the YAML 1.1 value and the failsafe (all strings) value. */
export interface SimpleYaml {
  value: Record<string, unknown>;
  source: Record<string, unknown>;
}

/** Nesting beyond this is not a kubeconfig: leave it to the general parser. */
const MAX_DEPTH = 50;
/** yaml refuses implicit keys longer than 1024 characters. */
const MAX_KEY = 1000;

// The yaml package's YAML 1.1 schema (yaml/dist/schema/yaml-1.1/): a plain scalar matching one of these is not a
// string. Null and booleans are read here; numbers and timestamps are left to the package.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const NOT_STRING = [
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/,
  // Anything else that starts like a number: not worth the risk.
  /^[-+]?\.?[0-9]/,
];

/** Thrown inside the reader for "not understood"; never escapes it. */
class NotSimple extends Error {}
const NOT_SIMPLE = new NotSimple();
function giveUp(): never {
  throw NOT_SIMPLE;
}

function plainScalar(text: string): Pair {
  if (NULL.test(text)) return [null, text];
  if (TRUE.test(text)) return [true, text];
  if (FALSE.test(text)) return [false, text];
  if (NOT_STRING.some((re) => re.test(text))) giveUp();
  return [text, text];
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

function checkKey(key: string, plain: boolean): string {
  if (key.length > MAX_KEY || key === "__proto__" || key === "<<") giveUp();
  // A plain key that YAML 1.1 reads as null, a boolean or a number becomes another string in toJS().
  if (plain && (!PLAIN_KEY.test(key) || typeof plainScalar(key)[0] !== "string")) giveUp();
  return key;
}

const ESCAPES: Record<string, string> = {
  "\\": "\\",
  '"': '"',
  "/": "/",
  n: "\n",
  t: "\t",
  r: "\r",
  b: "\b",
  f: "\f",
  "0": "\0",
};

/** Reads one line's worth of YAML from `pos`; block structure is the caller's. */
class LineReader {
  pos = 0;
  constructor(readonly text: string) {}

  peek(): string {
    return this.text[this.pos] ?? "";
  }

  skipSpaces(): void {
    while (this.text[this.pos] === " ") this.pos++;
  }

  /** Only spaces and a comment left. */
  atEnd(): boolean {
    let i = this.pos;
    while (this.text[i] === " ") i++;
    if (i === this.text.length) return true;
    // A comment starts after whitespace only: `a#b` is text.
    return this.text[i] === "#" && (i === 0 || this.text[i - 1] === " ");
  }

  doubleQuoted(): string {
    let out = "";
    for (let i = this.pos + 1; i < this.text.length; i++) {
      const c = this.text[i]!;
      if (c === '"') {
        this.pos = i + 1;
        return out;
      }
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.text[++i] ?? "";
      if (Object.hasOwn(ESCAPES, e)) out += ESCAPES[e];
      else if (e === "x" || e === "u") {
        const n = e === "x" ? 2 : 4;
        const hex = this.text.slice(i + 1, i + 1 + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) giveUp();
        out += String.fromCharCode(parseInt(hex, 16));
        i += n;
      } else giveUp();
    }
    return giveUp(); // continues on the next line (folded): not simple
  }

  singleQuoted(): string {
    let out = "";
    for (let i = this.pos + 1; i < this.text.length; i++) {
      const c = this.text[i]!;
      if (c !== "'") out += c;
      else if (this.text[i + 1] === "'") {
        out += "'";
        i++;
      } else {
        this.pos = i + 1;
        return out;
      }
    }
    return giveUp();
  }

  /** A quoted scalar must be followed by a separator, not more text. */
  quoted(): Pair {
    const s = this.peek() === '"' ? this.doubleQuoted() : this.singleQuoted();
    return [s, s];
  }

  /** A value written on this line: a scalar or a flow collection, to the end of the line. */
  inlineValue(depth: number): Pair {
    const value = this.node(false, depth);
    if (!this.atEnd()) giveUp();
    return value;
  }

  node(flow: boolean, depth: number): Pair {
    if (depth > MAX_DEPTH) giveUp();
    const c = this.peek();
    if (c === '"' || c === "'") return this.quoted();
    if (c === "{") return this.flowMap(depth + 1);
    if (c === "[") return this.flowSeq(depth + 1);
    return plainScalar(this.plain(flow));
  }

  plain(flow: boolean): string {
    const rest = this.text.slice(this.pos);
    // Indicators that start something else than a plain scalar (anchors, aliases, tags, block scalars, ...).
    if (/^(?:[?:,[\]{}#&*!|>'"%@`]|-(?:[ ,[\]{}]|$))/.test(rest)) giveUp();
    let end: number;
    if (flow) {
      const m = /^[^,[\]{}:#"']*/.exec(rest)!;
      end = m[0].length;
    } else {
      const comment = rest.indexOf(" #");
      end = comment === -1 ? rest.length : comment;
    }
    const text = rest.slice(0, end).replace(/ +$/, "");
    // A second `key: value` on the line, or a key without a value: an error or another structure.
    if (!flow && (text.includes(": ") || text.endsWith(":"))) giveUp();
    if (text === "") giveUp();
    this.pos += end;
    return text;
  }

  flowMap(depth: number): Pair {
    const value: Record<string, unknown> = {};
    const source: Record<string, unknown> = {};
    this.pos++;
    this.skipSpaces();
    if (this.peek() === "}") {
      this.pos++;
      return [value, source];
    }
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      const key =
        c === '"' || c === "'"
          ? checkKey(this.quoted()[0] as string, false)
          : checkKey(this.plain(true), true);
      if (Object.hasOwn(value, key)) giveUp();
      if (this.peek() !== ":" || this.text[this.pos + 1] !== " ") giveUp();
      this.pos += 2;
      this.skipSpaces();
      [value[key], source[key]] = this.node(true, depth);
      this.skipSpaces();
      const next = this.text[this.pos++];
      if (next === "}") return [value, source];
      if (next !== ",") giveUp();
      this.skipSpaces();
      // `{a: b,}`: a trailing comma, legal but not worth reading here.
      if (this.peek() === "}") giveUp();
    }
  }

  flowSeq(depth: number): Pair {
    const value: unknown[] = [];
    const source: unknown[] = [];
    this.pos++;
    this.skipSpaces();
    if (this.peek() === "]") {
      this.pos++;
      return [value, source];
    }
    for (;;) {
      this.skipSpaces();
      const [v, s] = this.node(true, depth);
      value.push(v);
      source.push(s);
      this.skipSpaces();
      const next = this.text[this.pos++];
      if (next === "]") return [value, source];
      if (next !== ",") giveUp();
      this.skipSpaces();
      if (this.peek() === "]") giveUp();
    }
  }

  /** `key:` at the start of the line, the reader left after the colon and its spaces; undefined if none. */
  key(): string | undefined {
    const start = this.pos;
    const quoted = this.peek() === '"' || this.peek() === "'";
    let key: string;
    if (quoted) key = this.quoted()[0] as string;
    else {
      const m = /^([^ :#'"]+):(?: |$)/.exec(this.text.slice(this.pos));
      if (!m) return undefined;
      key = m[1]!;
      this.pos += key.length;
    }
    if (this.peek() !== ":" || (this.pos + 1 < this.text.length && this.text[this.pos + 1] !== " ")) {
      this.pos = start;
      return undefined;
    }
    this.pos++;
    this.skipSpaces();
    return checkKey(key, !quoted);
  }
}

class BlockReader {
  i = 0;
  constructor(readonly lines: Line[]) {}

  get line(): Line | undefined {
    return this.lines[this.i];
  }

  /** The node that starts on the current line, at `indent`. */
  block(indent: number, depth: number): Pair {
    if (depth > MAX_DEPTH) giveUp();
    return isSequenceItem(this.line!.text) ? this.sequence(indent, depth) : this.mapping(indent, depth);
  }

  /** After a key or `-` with nothing behind it: the value is on the next lines, or empty. */
  valueBelow(indent: number, depth: number, indentlessSequence: boolean): Pair {
    const next = this.line;
    if (next && next.indent > indent) return this.block(next.indent, depth + 1);
    if (next && indentlessSequence && next.indent === indent && isSequenceItem(next.text))
      return this.sequence(indent, depth + 1);
    return [null, ""];
  }

  mapping(indent: number, depth: number): Pair {
    const value: Record<string, unknown> = {};
    const source: Record<string, unknown> = {};
    while (this.line && this.line.indent === indent && !isSequenceItem(this.line.text)) {
      const r = new LineReader(this.line.text);
      const key = r.key() ?? giveUp();
      if (Object.hasOwn(value, key)) giveUp();
      this.i++;
      if (r.atEnd()) [value[key], source[key]] = this.valueBelow(indent, depth, true);
      else [value[key], source[key]] = r.inlineValue(depth);
      if (this.line && this.line.indent > indent) giveUp();
    }
    return [value, source];
  }

  sequence(indent: number, depth: number): Pair {
    const value: unknown[] = [];
    const source: unknown[] = [];
    while (this.line && this.line.indent === indent && isSequenceItem(this.line.text)) {
      const text = this.line.text;
      const r = new LineReader(text);
      r.pos = 1;
      r.skipSpaces();
      let item: Pair;
      if (r.atEnd()) {
        this.i++;
        item = this.valueBelow(indent, depth, false);
      } else if (isSequenceItem(text.slice(r.pos))) giveUp();
      else if (new LineReader(text.slice(r.pos)).key() !== undefined) {
        // `- key: value`: a mapping whose lines sit at the column of its first key.
        const column = indent + r.pos;
        this.lines[this.i] = { indent: column, text: text.slice(r.pos) };
        item = this.mapping(column, depth + 1);
      } else {
        this.i++;
        item = r.inlineValue(depth);
      }
      value.push(item[0]);
      source.push(item[1]);
      if (this.line && this.line.indent > indent) giveUp();
    }
    return [value, source];
  }
}

function isSequenceItem(text: string): boolean {
  return text === "-" || text.startsWith("- ");
}

/**
 * Reads a kubeconfig's YAML if it is of the simple kind kubectl writes, exactly as the `yaml` package would;
 * undefined when it is not (the caller then uses the package).
 *
 * @example
 * const simple = readSimpleYaml("apiVersion: v1\nkind: Config\n");
 * simple?.value; // { apiVersion: "v1", kind: "Config" }
 */
export function readSimpleYaml(text: string): SimpleYaml | undefined {
  // Printable ASCII and line feeds only: tabs, carriage returns, byte order marks and other line breaks all have
  // rules of their own.
  if (/[^\x20-\x7e\n]/.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split("\n")) {
    // Directives and document markers.
    if (/^(?:%|---(?: |$)|\.\.\.(?: |$))/.test(raw)) return undefined;
    const body = raw.replace(/^ +/, "");
    if (body === "" || body.startsWith("#")) continue;
    lines.push({ indent: raw.length - body.length, text: body.replace(/ +$/, "") });
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return undefined;
  try {
    const reader = new BlockReader(lines);
    const [value, source] = reader.block(0, 0);
    if (reader.line !== undefined || Array.isArray(value)) return undefined;
    return { value: value as Record<string, unknown>, source: source as Record<string, unknown> };
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
}

/**
 * client-go's `util/jsonpath` parser (kubectl 1.27–1.33), ported state for state: the same node tree, the same
 * accepted syntax (text and `{...}` actions, `.field`, `['key']`, `[0]`, `[1:3:2]`, `[*]`, `[a,b]` unions,
 * `..` recursion, `[?(@.x == 'y')]` filters, `range`/`end`, quoted text such as `{"\n"}`), and the same error
 * messages, which kubectl prints after "error parsing jsonpath <template>, ".
 */

export type JsonPathNode =
  | { type: "list"; nodes: JsonPathNode[] }
  | { type: "text"; text: string }
  | { type: "field"; value: string }
  | { type: "identifier"; name: string }
  | { type: "array"; params: [ArrayParam, ArrayParam, ArrayParam] }
  | { type: "filter"; left: ListNode; right: ListNode; operator: string }
  | { type: "int"; value: number }
  | { type: "float"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "wildcard" }
  | { type: "recursive" }
  | { type: "union"; nodes: ListNode[] };

export type ListNode = Extract<JsonPathNode, { type: "list" }>;

/** One of an array node's start, end and step. */
export interface ArrayParam {
  value: number;
  known: boolean;
  derived: boolean;
}

/** A template that does not parse; `message` is client-go's text (`unclosed action`, …). */
export class JsonPathSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JsonPathSyntaxError";
  }
}

const EOF = -1;
const DICT_KEY = /^'([^']*)'$/;
const SLICE = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;
const FILTER = /^([^!<>=]+)([!<>=]+)(.+?)$/;

const isSpace = (r: number) => r === 0x20 || r === 0x09;
const isEndOfLine = (r: number) => r === 0x0d || r === 0x0a;
const isDigit = (r: number) => r >= 0 && /\p{Nd}/u.test(String.fromCodePoint(r));
const isAlphaNumeric = (r: number) =>
  r === 0x5f || (r >= 0 && /[\p{L}\p{Nd}]/u.test(String.fromCodePoint(r)));

function isTerminator(r: number): boolean {
  if (isSpace(r) || isEndOfLine(r)) return true;
  return r === EOF || ".,[]$@{}".includes(String.fromCodePoint(r));
}

/** Go's `%#U`: `U+0021 '!'` (the character only when printable). */
function formatRune(r: number): string {
  const hex = r.toString(16).toUpperCase().padStart(4, "0");
  const ch = String.fromCodePoint(r);
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}\u0020]/u.test(ch) ? `U+${hex} '${ch}'` : `U+${hex}`;
}

/** Go's `strconv.UnquoteChar` loop for a quoted string (single quotes allowed), as `UnquoteExtend` does. */
function unquoteExtend(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const quote = s[0]!;
  if (quote !== s[s.length - 1] || (quote !== '"' && quote !== "'")) return undefined;
  const body = s.slice(1, -1);
  if (!body.includes("\\") && !body.includes(quote)) return body;
  let out = "";
  const simple: Record<string, string> = {
    a: "\x07",
    b: "\b",
    f: "\f",
    n: "\n",
    r: "\r",
    t: "\t",
    v: "\v",
    "\\": "\\",
  };
  for (let i = 0; i < body.length;) {
    const c = body[i]!;
    if (c === quote) return undefined;
    if (c !== "\\") {
      const cp = body.codePointAt(i)!;
      out += String.fromCodePoint(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    if (e in simple) {
      out += simple[e];
      i += 2;
    } else if (e === "'" || e === '"') {
      if (e !== quote) return undefined;
      out += e;
      i += 2;
    } else if (e === "x" || e === "u" || e === "U") {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return undefined;
      const v = Number.parseInt(hex, 16);
      if (e === "x") out += String.fromCharCode(v);
      else {
        if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return undefined;
        out += String.fromCodePoint(v);
      }
      i += 2 + n;
    } else if (e >= "0" && e <= "7") {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct) || Number.parseInt(oct, 8) > 255) return undefined;
      out += String.fromCharCode(Number.parseInt(oct, 8));
      i += 4;
    } else return undefined;
  }
  return out;
}

/** Go's `strconv.Atoi` on what parseNumber collected (decimal digits with an optional sign). */
function atoi(s: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(s) && Math.abs(Number(s)) <= Number.MAX_SAFE_INTEGER ? Number(s) : undefined;
}

class Parser {
  root: ListNode = { type: "list", nodes: [] };
  #input = "";
  #pos = 0;
  #start = 0;
  #width = 0;

  parse(text: string): void {
    this.#input = text;
    this.root = { type: "list", nodes: [] };
    this.#pos = 0;
    this.#start = 0;
    this.#parseText(this.root);
  }

  #consumeText(): string {
    const value = this.#input.slice(this.#start, this.#pos);
    this.#start = this.#pos;
    return value;
  }

  #next(): number {
    if (this.#pos >= this.#input.length) {
      this.#width = 0;
      return EOF;
    }
    const r = this.#input.codePointAt(this.#pos)!;
    this.#width = r > 0xffff ? 2 : 1;
    this.#pos += this.#width;
    return r;
  }

  #peek(): number {
    const r = this.#next();
    this.#backup();
    return r;
  }

  #backup(): void {
    this.#pos -= this.#width;
  }

  #rest(): string {
    return this.#input.slice(this.#pos);
  }

  #parseText(cur: ListNode): void {
    for (;;) {
      if (this.#rest().startsWith("{")) {
        if (this.#pos > this.#start) cur.nodes.push({ type: "text", text: this.#consumeText() });
        this.#parseLeftDelim(cur);
        return;
      }
      if (this.#next() === EOF) break;
    }
    if (this.#pos > this.#start) cur.nodes.push({ type: "text", text: this.#consumeText() });
  }

  #parseLeftDelim(cur: ListNode): void {
    this.#pos += 1;
    this.#consumeText();
    const node: ListNode = { type: "list", nodes: [] };
    cur.nodes.push(node);
    this.#parseInsideAction(node);
  }

  #parseInsideAction(cur: ListNode): void {
    // client-go recurses once per token; a loop keeps long templates off the stack.
    for (;;) {
      const rest = this.#rest();
      if (rest.startsWith("}")) return this.#parseRightDelim();
      if (rest.startsWith("[?(")) {
        this.#parseFilter(cur);
        continue;
      }
      if (rest.startsWith("..")) {
        this.#parseRecursive(cur);
        continue;
      }
      const r = this.#next();
      if (r === EOF || isEndOfLine(r)) throw new JsonPathSyntaxError("unclosed action");
      if (r === 0x20 || r === 0x40 || r === 0x24) this.#consumeText();
      else if (r === 0x5b) this.#parseArray(cur);
      else if (r === 0x22 || r === 0x27) this.#parseQuote(cur, r);
      else if (r === 0x2e) this.#parseField(cur);
      else if (r === 0x2b || r === 0x2d || isDigit(r)) {
        this.#backup();
        this.#parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.#backup();
        this.#parseIdentifier(cur);
      } else throw new JsonPathSyntaxError(`unrecognized character in action: ${formatRune(r)}`);
    }
  }

  #parseRightDelim(): void {
    this.#pos += 1;
    this.#consumeText();
    this.#parseText(this.root);
  }

  #parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.#next();
      if (isTerminator(r)) {
        this.#backup();
        break;
      }
    }
    const value = this.#consumeText();
    if (value === "true" || value === "false") cur.nodes.push({ type: "bool", value: value === "true" });
    else cur.nodes.push({ type: "identifier", name: value });
  }

  #parseRecursive(cur: ListNode): void {
    if (cur.nodes.at(-1)?.type === "recursive")
      throw new JsonPathSyntaxError("invalid multiple recursive descent");
    this.#pos += 2;
    this.#consumeText();
    cur.nodes.push({ type: "recursive" });
    if (isAlphaNumeric(this.#peek())) this.#parseField(cur);
  }

  #parseNumber(cur: ListNode): void {
    let r = this.#peek();
    if (r === 0x2b || r === 0x2d) this.#next();
    for (;;) {
      r = this.#next();
      if (r !== 0x2e && !isDigit(r)) {
        this.#backup();
        break;
      }
    }
    const value = this.#consumeText();
    const int = atoi(value);
    if (int !== undefined) {
      cur.nodes.push({ type: "int", value: int });
      return;
    }
    if (/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value)) {
      cur.nodes.push({ type: "float", value: Number(value) });
      return;
    }
    throw new JsonPathSyntaxError(`cannot parse number ${value}`);
  }

  #parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.#next();
      if (r === EOF || r === 0x0a) throw new JsonPathSyntaxError("unterminated array");
      if (r === 0x5d) break;
    }
    let text = this.#consumeText().slice(1, -1);
    if (text === "*") text = ":";

    const parts = text.split(",");
    if (parts.length > 1) {
      const union = parts.map((part) => parseAction(`[${part.replace(/^ +| +$/g, "")}]`));
      cur.nodes.push({ type: "union", nodes: union });
      return;
    }

    const key = DICT_KEY.exec(text);
    if (key) {
      cur.nodes.push(...parseAction(`.${key[1]}`).nodes);
      return;
    }

    const slice = SLICE.exec(text);
    if (!slice) throw new JsonPathSyntaxError(`invalid array index ${text}`);
    const values = [slice[1] ?? "", slice[2] ?? "", slice[3] ?? ""];
    const params: ArrayParam[] = [];
    for (let i = 0; i < 3; i++) {
      let v = values[i]!;
      const param: ArrayParam = { value: 0, known: false, derived: false };
      if (v !== "") {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === "") param.known = false;
        else {
          const n = atoi(v);
          if (n === undefined) throw new JsonPathSyntaxError(`array index ${v} is not a number`);
          param.known = true;
          param.value = n;
        }
      } else if (i === 1) {
        param.known = true;
        param.value = params[0]!.value + 1;
        param.derived = true;
      }
      params.push(param);
    }
    cur.nodes.push({ type: "array", params: params as [ArrayParam, ArrayParam, ArrayParam] });
  }

  #parseFilter(cur: ListNode): void {
    this.#pos += 3;
    this.#consumeText();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.#next();
      if (r === EOF || r === 0x0a) throw new JsonPathSyntaxError("unterminated filter");
      if (r === 0x22 || r === 0x27) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.#input[this.#pos - 2] !== "\\" && r === pair) end = true;
      } else if (r === 0x29 && begin === end) break;
    }
    if (this.#next() !== 0x5d) throw new JsonPathSyntaxError("unclosed array expect ]");
    const text = this.#consumeText().slice(0, -2);
    const match = FILTER.exec(text);
    if (!match) {
      cur.nodes.push({
        type: "filter",
        left: parseAction(text),
        right: { type: "list", nodes: [] },
        operator: "exists",
      });
      return;
    }
    cur.nodes.push({
      type: "filter",
      left: parseAction(match[1]!),
      right: parseAction(match[3]!),
      operator: match[2]!,
    });
  }

  #parseQuote(cur: ListNode, end: number): void {
    for (;;) {
      const r = this.#next();
      if (r === EOF || r === 0x0a) throw new JsonPathSyntaxError("unterminated quoted string");
      if (r === end && this.#input[this.#pos - 2] !== "\\") break;
    }
    const value = this.#consumeText();
    const s = unquoteExtend(value);
    if (s === undefined) throw new JsonPathSyntaxError(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ type: "text", text: s });
  }

  #parseField(cur: ListNode): void {
    this.#consumeText();
    while (this.#advance());
    const value = this.#consumeText();
    if (value === "*") cur.nodes.push({ type: "wildcard" });
    else cur.nodes.push({ type: "field", value: value.replaceAll("\\", "") });
  }

  #advance(): boolean {
    const r = this.#next();
    if (r === 0x5c) this.#next();
    else if (isTerminator(r)) {
      this.#backup();
      return false;
    }
    return true;
  }
}

/** client-go `parseAction`: the text inside one pair of braces, as the list node it parses to. */
function parseAction(text: string): ListNode {
  const parser = new Parser();
  parser.parse(`{${text}}`);
  return parser.root.nodes[0] as ListNode;
}

/** Parses a jsonpath template (client-go `jsonpath.Parse`): the root list node. */
export function parseJsonPath(template: string): ListNode {
  const parser = new Parser();
  parser.parse(template);
  return parser.root;
}

// Go's text/template parser (src/text/template/parse/parse.go and node.go, go1.22 – go1.24): the tree, each node's
// position (for "template: output:L:C" in execution errors) and its String() (the "<…>" context of those errors),
// and every parse error word for word.
import { goQuote, goUnquote } from "../go/quote.js";
import { parseGoFloat, parseGoInt, parseGoUint } from "../go/strconv.js";
import { Item, lexTemplate } from "./lex.js";
import type { Token } from "./lex.js";
import { isGoPrintable } from "../go/quote.js";
import { goStringOfBytes } from "./strings.js";

/** What the parser accepts, by the Go release kubectl was built with. */
export interface ParseFeatures {
  /** `{{else with …}}` (go1.23). */
  elseWith: boolean;
  /** Newlines inside a comment count for the lines after it (go1.24). */
  commentLines: boolean;
}

/** A parse error: `template: output:LINE: message`, as text/template words it. */
export class GoTemplateParseError extends Error {}

interface Base {
  pos: number;
}
export interface TextNode extends Base {
  type: "text";
  text: string;
}
export interface CommentNode extends Base {
  type: "comment";
  text: string;
}
export interface ActionNode extends Base {
  type: "action";
  pipe: PipeNode;
}
export interface PipeNode extends Base {
  type: "pipe";
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode extends Base {
  type: "command";
  args: ArgNode[];
}
export interface FieldNode extends Base {
  type: "field";
  ident: string[];
}
export interface VariableNode extends Base {
  type: "variable";
  ident: string[];
}
export interface ChainNode extends Base {
  type: "chain";
  node: ArgNode;
  field: string[];
}
export interface IdentifierNode extends Base {
  type: "identifier";
  ident: string;
}
export interface DotNode extends Base {
  type: "dot";
}
export interface NilNode extends Base {
  type: "nil";
}
export interface BoolNode extends Base {
  type: "bool";
  value: boolean;
}
export interface StringNode extends Base {
  type: "string";
  quoted: string;
  text: string;
}
export interface NumberNode extends Base {
  type: "number";
  text: string;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
}
export interface ListNode extends Base {
  type: "list";
  nodes: Node[];
}
export interface BranchNode extends Base {
  type: "if" | "range" | "with";
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | undefined;
}
export interface TemplateNode extends Base {
  type: "template";
  name: string;
  pipe: PipeNode | undefined;
}
export interface SimpleNode extends Base {
  type: "break" | "continue" | "end" | "else";
}

export type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | StringNode
  | NumberNode
  | PipeNode;
export type Node =
  | TextNode
  | CommentNode
  | ActionNode
  | ListNode
  | BranchNode
  | TemplateNode
  | SimpleNode
  | CommandNode
  | ArgNode;

/** node.go's String() of each node, as execution errors quote it. */
export function nodeString(n: Node): string {
  switch (n.type) {
    case "text":
      return n.text;
    case "comment":
      return `{{${n.text}}}`;
    case "action":
      return `{{${nodeString(n.pipe)}}}`;
    case "pipe": {
      let s = "";
      if (n.decl.length > 0) {
        s = n.decl.map(nodeString).join(", ") + (n.isAssign ? " = " : " := ");
      }
      return s + n.cmds.map(nodeString).join(" | ");
    }
    case "command":
      return n.args.map((a) => (a.type === "pipe" ? `(${nodeString(a)})` : nodeString(a))).join(" ");
    case "field":
      return n.ident.map((i) => `.${i}`).join("");
    case "variable":
      return n.ident.join(".");
    case "chain": {
      const base = n.node.type === "pipe" ? `(${nodeString(n.node)})` : nodeString(n.node);
      return base + n.field.map((f) => `.${f}`).join("");
    }
    case "identifier":
      return n.ident;
    case "dot":
      return ".";
    case "nil":
      return "nil";
    case "bool":
      return n.value ? "true" : "false";
    case "string":
      return n.quoted;
    case "number":
      return n.text;
    case "list":
      return n.nodes.map(nodeString).join("");
    case "if":
    case "range":
    case "with": {
      const head = `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}`;
      return n.elseList ? `${head}{{else}}${nodeString(n.elseList)}{{end}}` : `${head}{{end}}`;
    }
    case "template":
      return n.pipe
        ? `{{template ${goQuote(n.name)} ${nodeString(n.pipe)}}}`
        : `{{template ${goQuote(n.name)}}}`;
    case "break":
    case "continue":
      return `{{${n.type}}}`;
    case "end":
      return "{{end}}";
    case "else":
      return "{{else}}";
  }
}

/** A parsed template: its name and root list. */
export interface Tree {
  name: string;
  root: ListNode;
}

/** Go's `%.10q` (the first ten runes, quoted) or `%q` of a token, `<keyword>`, EOF or an error's text. */
function itemString(t: Token): string {
  if (t.typ === Item.EOF) return "EOF";
  if (t.typ === Item.Error) return t.val;
  if (t.typ > Item.Keyword) return `<${t.val}>`;
  const runes = Array.from(t.val);
  if (runes.length > 10) return `${goQuote(runes.slice(0, 10).join(""))}...`;
  return goQuote(t.val);
}

/** unicode.IsSpace, as bytes.TrimSpace applies it. */
const GO_SPACE_ONLY = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** IsEmptyTree: only space or comments. */
function isEmptyTree(n: Node | undefined): boolean {
  if (!n) return true;
  switch (n.type) {
    case "comment":
      return true;
    case "list":
      return n.nodes.every(isEmptyTree);
    case "text":
      return GO_SPACE_ONLY.test(n.text);
    default:
      return false;
  }
}

const FUNCS = new Set([
  "and",
  "call",
  "html",
  "index",
  "slice",
  "js",
  "len",
  "not",
  "or",
  "print",
  "printf",
  "println",
  "urlquery",
  "eq",
  "ge",
  "gt",
  "le",
  "lt",
  "ne",
  // kubectl's own (cli-runtime pkg/printers/template.go)
  "exists",
  "base64decode",
]);

/** Parses `text` as template "output" (with its {{define}}s), as kubectl's printer parses it. */
export function parseTemplate(text: string, features: ParseFeatures): Map<string, Tree> {
  const items = lexTemplate(text, goQuote, isGoPrintable, features.commentLines);
  let index = 0;
  const treeSet = new Map<string, Tree>();
  const parseName = "output";

  class Parser {
    name: string;
    root: ListNode | undefined;
    token: Token[] = [];
    peekCount = 0;
    vars: string[] = ["$"];
    actionLine = 0;
    rangeDepth = 0;
    constructor(name: string) {
      this.name = name;
    }
    lexNext(): Token {
      const t = items[Math.min(index, items.length - 1)]!;
      index++;
      return t;
    }
    next(): Token {
      if (this.peekCount > 0) this.peekCount--;
      else this.token[0] = this.lexNext();
      return this.token[this.peekCount]!;
    }
    backup() {
      this.peekCount++;
    }
    backup2(t1: Token) {
      this.token[1] = t1;
      this.peekCount = 2;
    }
    backup3(t2: Token, t1: Token) {
      this.token[1] = t1;
      this.token[2] = t2;
      this.peekCount = 3;
    }
    peek(): Token {
      if (this.peekCount > 0) return this.token[this.peekCount - 1]!;
      this.peekCount = 1;
      this.token[0] = this.lexNext();
      return this.token[0];
    }
    nextNonSpace(): Token {
      let t: Token;
      do t = this.next();
      while (t.typ === Item.Space);
      return t;
    }
    peekNonSpace(): Token {
      const t = this.nextNonSpace();
      this.backup();
      return t;
    }
    errorf(message: string): never {
      throw new GoTemplateParseError(`template: ${parseName}:${this.token[0]!.line}: ${message}`);
    }
    expect(expected: Item, context: string): Token {
      const t = this.nextNonSpace();
      if (t.typ !== expected) this.unexpected(t, context);
      return t;
    }
    expectOneOf(e1: Item, e2: Item, context: string): Token {
      const t = this.nextNonSpace();
      if (t.typ !== e1 && t.typ !== e2) this.unexpected(t, context);
      return t;
    }
    unexpected(t: Token, context: string): never {
      if (t.typ === Item.Error) {
        let extra = "";
        if (this.actionLine !== 0 && this.actionLine !== t.line) {
          extra = ` in action started at ${parseName}:${this.actionLine}`;
          if (t.val.endsWith(" action")) extra = extra.slice(" in action".length);
        }
        this.errorf(`${itemString(t)}${extra}`);
      }
      this.errorf(`unexpected ${itemString(t)} in ${context}`);
    }
    add() {
      const tree = treeSet.get(this.name);
      if (!tree || isEmptyTree(tree.root)) {
        treeSet.set(this.name, { name: this.name, root: this.root! });
        return;
      }
      if (!isEmptyTree(this.root))
        this.errorf(`template: multiple definition of template ${goQuote(this.name)}`);
    }
    parse() {
      this.root = { type: "list", pos: this.peek().pos, nodes: [] };
      while (this.peek().typ !== Item.EOF) {
        if (this.peek().typ === Item.LeftDelim) {
          const delim = this.next();
          if (this.nextNonSpace().typ === Item.Define) {
            // A tree of its own on the same lexer (its own lookahead, as in Go: this one's stays stale).
            new Parser("definition").parseDefinition();
            continue;
          }
          this.backup2(delim);
        }
        const n = this.textOrAction();
        if (n.type === "end" || n.type === "else") this.errorf(`unexpected ${nodeString(n)}`);
        this.root.nodes.push(n);
      }
    }
    parseDefinition() {
      const context = "define clause";
      const name = this.expectOneOf(Item.String, Item.RawString, context);
      this.name = this.unquote(name.val);
      this.expect(Item.RightDelim, context);
      const [list, end] = this.itemList();
      this.root = list;
      if (end.type !== "end") this.errorf(`unexpected ${nodeString(end)} in ${context}`);
      this.add();
    }
    unquote(quoted: string): string {
      if (quoted.startsWith("`")) return quoted.slice(1, -1).replace(/\r/g, "");
      const u = goUnquote(quoted);
      if (!u || !u.closed || u.end !== quoted.length || !validEscapes(quoted)) this.errorf("invalid syntax");
      return goStringOfBytes(u.bytes);
    }
    itemList(): [ListNode, Node] {
      const list: ListNode = { type: "list", pos: this.peekNonSpace().pos, nodes: [] };
      while (this.peekNonSpace().typ !== Item.EOF) {
        const n = this.textOrAction();
        if (n.type === "end" || n.type === "else") return [list, n];
        list.nodes.push(n);
      }
      this.errorf("unexpected EOF");
    }
    textOrAction(): Node {
      const t = this.nextNonSpace();
      switch (t.typ) {
        case Item.Text:
          return { type: "text", pos: t.pos, text: t.val };
        case Item.LeftDelim: {
          this.actionLine = t.line;
          try {
            return this.action();
          } finally {
            this.actionLine = 0;
          }
        }
        case Item.Comment:
          return { type: "comment", pos: t.pos, text: t.val };
        default:
          this.unexpected(t, "input");
      }
    }
    action(): Node {
      const t = this.nextNonSpace();
      switch (t.typ) {
        case Item.Block:
          return this.blockControl();
        case Item.Break:
          return this.breakControl(t.pos, "break");
        case Item.Continue:
          return this.breakControl(t.pos, "continue");
        case Item.Else:
          return this.elseControl();
        case Item.End:
          return { type: "end", pos: this.expect(Item.RightDelim, "end").pos };
        case Item.If:
          return this.control("if");
        case Item.Range:
          return this.control("range");
        case Item.Template:
          return this.templateControl();
        case Item.With:
          return this.control("with");
      }
      this.backup();
      const token = this.peek();
      return { type: "action", pos: token.pos, pipe: this.pipeline("command", Item.RightDelim) };
    }
    breakControl(pos: number, kind: "break" | "continue"): Node {
      const t = this.nextNonSpace();
      if (t.typ !== Item.RightDelim) this.unexpected(t, `{{${kind}}}`);
      if (this.rangeDepth === 0) this.errorf(`{{${kind}}} outside {{range}}`);
      return { type: kind, pos };
    }
    pipeline(context: string, end: Item): PipeNode {
      const token = this.peekNonSpace();
      const pipe: PipeNode = { type: "pipe", pos: token.pos, isAssign: false, decl: [], cmds: [] };
      decls: for (;;) {
        const v = this.peekNonSpace();
        if (v.typ !== Item.Variable) break;
        this.next();
        const after = this.peek();
        const next = this.peekNonSpace();
        if (next.typ === Item.Assign || next.typ === Item.Declare) {
          pipe.isAssign = next.typ === Item.Assign;
          this.nextNonSpace();
          pipe.decl.push({ type: "variable", pos: v.pos, ident: v.val.split(".") });
          this.vars.push(v.val);
        } else if (next.typ === Item.Char && next.val === ",") {
          this.nextNonSpace();
          pipe.decl.push({ type: "variable", pos: v.pos, ident: v.val.split(".") });
          this.vars.push(v.val);
          if (context === "range" && pipe.decl.length < 2) {
            const p = this.peekNonSpace().typ;
            if (p === Item.Variable || p === Item.RightDelim || p === Item.RightParen) continue decls;
            this.errorf("range can only initialize variables");
          }
          this.errorf(`too many declarations in ${context}`);
        } else if (after.typ === Item.Space) {
          this.backup3(v, after);
        } else {
          this.backup2(v);
        }
        break;
      }
      for (;;) {
        const t = this.nextNonSpace();
        if (t.typ === end) {
          this.checkPipeline(pipe, context);
          return pipe;
        }
        switch (t.typ) {
          case Item.Bool:
          case Item.CharConstant:
          case Item.Complex:
          case Item.Dot:
          case Item.Field:
          case Item.Identifier:
          case Item.Number:
          case Item.Nil:
          case Item.RawString:
          case Item.String:
          case Item.Variable:
          case Item.LeftParen:
            this.backup();
            pipe.cmds.push(this.command());
            break;
          default:
            this.unexpected(t, context);
        }
      }
    }
    checkPipeline(pipe: PipeNode, context: string) {
      if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
      pipe.cmds.slice(1).forEach((c, i) => {
        const k = c.args[0]!.type;
        if (k === "bool" || k === "dot" || k === "nil" || k === "number" || k === "string")
          this.errorf(`non executable command in pipeline stage ${i + 2}`);
      });
    }
    control(context: "if" | "range" | "with"): BranchNode {
      const mark = this.vars.length;
      try {
        const pipe = this.pipeline(context, Item.RightDelim);
        if (context === "range") this.rangeDepth++;
        const [list, first] = this.itemList();
        let next = first;
        if (context === "range") this.rangeDepth--;
        let elseList: ListNode | undefined;
        if (next.type === "else") {
          if (context === "if" && this.peek().typ === Item.If) {
            this.next();
            elseList = { type: "list", pos: next.pos, nodes: [this.control("if")] };
          } else if (features.elseWith && context === "with" && this.peek().typ === Item.With) {
            this.next();
            elseList = { type: "list", pos: next.pos, nodes: [this.control("with")] };
          } else {
            [elseList, next] = this.itemList();
            if (next.type !== "end") this.errorf(`expected end; found ${nodeString(next)}`);
          }
        }
        return { type: context, pos: pipe.pos, pipe, list, elseList };
      } finally {
        this.vars.length = mark;
      }
    }
    elseControl(): Node {
      const peek = this.peekNonSpace();
      if (peek.typ === Item.If || (features.elseWith && peek.typ === Item.With))
        return { type: "else", pos: peek.pos };
      const t = this.expect(Item.RightDelim, "else");
      return { type: "else", pos: t.pos };
    }
    blockControl(): Node {
      const context = "block clause";
      const t = this.nextNonSpace();
      const name = this.templateName(t, context);
      const pipe = this.pipeline(context, Item.RightDelim);
      const block = new Parser(name);
      const [list, end] = block.itemList();
      block.root = list;
      if (end.type !== "end") this.errorf(`unexpected ${nodeString(end)} in ${context}`);
      block.add();
      return { type: "template", pos: t.pos, name, pipe };
    }
    templateControl(): Node {
      const context = "template clause";
      const t = this.nextNonSpace();
      const name = this.templateName(t, context);
      let pipe: PipeNode | undefined;
      if (this.nextNonSpace().typ !== Item.RightDelim) {
        this.backup();
        pipe = this.pipeline(context, Item.RightDelim);
      }
      return { type: "template", pos: t.pos, name, pipe };
    }
    templateName(t: Token, context: string): string {
      if (t.typ === Item.String || t.typ === Item.RawString) return this.unquote(t.val);
      this.unexpected(t, context);
    }
    command(): CommandNode {
      const cmd: CommandNode = { type: "command", pos: this.peekNonSpace().pos, args: [] };
      for (;;) {
        this.peekNonSpace();
        const operand = this.operand();
        if (operand) cmd.args.push(operand);
        const t = this.next();
        if (t.typ === Item.Space) continue;
        if (t.typ === Item.RightDelim || t.typ === Item.RightParen) this.backup();
        else if (t.typ !== Item.Pipe) this.unexpected(t, "operand");
        break;
      }
      if (cmd.args.length === 0) this.errorf("empty command");
      return cmd;
    }
    operand(): ArgNode | undefined {
      const node = this.term();
      if (!node) return undefined;
      if (this.peek().typ === Item.Field) {
        const chainPos = this.peek().pos;
        const fields: string[] = [];
        while (this.peek().typ === Item.Field) fields.push(this.next().val.slice(1));
        switch (node.type) {
          case "field":
            return { type: "field", pos: chainPos, ident: [...node.ident, ...fields] };
          case "variable":
            return { type: "variable", pos: chainPos, ident: [...node.ident, ...fields] };
          case "bool":
          case "string":
          case "number":
          case "nil":
          case "dot":
            this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
          // falls through (errorf throws)
          default:
            return { type: "chain", pos: chainPos, node, field: fields };
        }
      }
      return node;
    }
    term(): ArgNode | undefined {
      const t = this.nextNonSpace();
      switch (t.typ) {
        case Item.Identifier:
          if (!FUNCS.has(t.val)) this.errorf(`function ${goQuote(t.val)} not defined`);
          return { type: "identifier", pos: t.pos, ident: t.val };
        case Item.Dot:
          return { type: "dot", pos: t.pos };
        case Item.Nil:
          return { type: "nil", pos: t.pos };
        case Item.Variable:
          if (!this.vars.includes(t.val.split(".")[0]!))
            this.errorf(`undefined variable ${goQuote(t.val.split(".")[0]!)}`);
          return { type: "variable", pos: t.pos, ident: t.val.split(".") };
        case Item.Field:
          return { type: "field", pos: t.pos, ident: [t.val.slice(1)] };
        case Item.Bool:
          return { type: "bool", pos: t.pos, value: t.val === "true" };
        case Item.CharConstant:
        case Item.Complex:
        case Item.Number:
          return this.number(t);
        case Item.LeftParen:
          return this.pipeline("parenthesized pipeline", Item.RightParen);
        case Item.String:
        case Item.RawString:
          return { type: "string", pos: t.pos, quoted: t.val, text: this.unquote(t.val) };
      }
      this.backup();
      return undefined;
    }
    number(t: Token): NumberNode {
      const n: NumberNode = {
        type: "number",
        pos: t.pos,
        text: t.val,
        isInt: false,
        isUint: false,
        isFloat: false,
        isComplex: false,
        int64: 0n,
        uint64: 0n,
        float64: 0,
      };
      const text = t.val;
      if (t.typ === Item.CharConstant) {
        const r = unquoteChar(text);
        if (r === undefined) this.errorf("invalid syntax");
        if (r === "malformed") this.errorf(`malformed character constant: ${text}`);
        n.isInt = n.isUint = n.isFloat = true;
        n.int64 = n.uint64 = BigInt(r);
        n.float64 = r;
        return n;
      }
      if (t.typ === Item.Complex || (text.endsWith("i") && parseGoFloat(text.slice(0, -1)).ok)) {
        n.isComplex = true;
        return n;
      }
      const u = parseGoUint(text, 0);
      if (u.ok) {
        n.isUint = true;
        n.uint64 = u.value;
      }
      const i = parseGoInt(text, 0);
      if (i.ok) {
        n.isInt = true;
        n.int64 = i.value;
        if (i.value === 0n) {
          n.isUint = true;
          n.uint64 = u.ok ? u.value : 0n;
        }
      }
      if (n.isInt) {
        n.isFloat = true;
        n.float64 = Number(n.int64);
      } else if (n.isUint) {
        n.isFloat = true;
        n.float64 = Number(n.uint64);
      } else {
        const f = parseGoFloat(text);
        if (f.ok) {
          if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${text}`);
          n.isFloat = true;
          n.float64 = f.value;
          if (Number.isInteger(f.value) && Math.abs(f.value) < 2 ** 63) {
            n.isInt = true;
            n.int64 = BigInt(f.value);
          }
          if (Number.isInteger(f.value) && f.value >= 0 && f.value < 2 ** 64) {
            n.isUint = true;
            n.uint64 = BigInt(f.value);
          }
        }
      }
      if (!n.isInt && !n.isUint && !n.isFloat) this.errorf(`illegal number syntax: ${goQuote(text)}`);
      return n;
    }
  }

  const top = new Parser(parseName);
  top.parse();
  top.add();
  return treeSet;
}

/** Whether every backslash escape of a double-quoted Go string is one strconv.Unquote accepts. */
function validEscapes(quoted: string): boolean {
  const body = quoted.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== "\\") continue;
    const c = body[++i];
    if (c === undefined) return false;
    if ('abfnrtv\\"'.includes(c)) continue;
    const need = c === "x" ? 2 : c === "u" ? 4 : c === "U" ? 8 : c >= "0" && c <= "7" ? 2 : -1;
    if (need < 0) return false;
    const digits = body.slice(i + 1, i + 1 + need);
    if (c >= "0" && c <= "7") {
      if (!/^[0-7]{2}$/.test(digits) || parseInt(c + digits, 8) > 255) return false;
    } else if (!new RegExp(`^[0-9a-fA-F]{${need}}$`).test(digits)) return false;
    else if (c !== "x") {
      const cp = parseInt(digits, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    }
    i += need;
  }
  return true;
}

/** strconv.UnquoteChar on a 'x' constant: its rune, "malformed" when more follows, undefined when invalid. */
function unquoteChar(text: string): number | "malformed" | undefined {
  const body = Array.from(text.slice(1));
  if (body.length < 2) return undefined;
  const first = body[0]!;
  let rune: number;
  let used: number;
  if (first === "'" || first === "\n") return undefined;
  if (first !== "\\") {
    rune = first.codePointAt(0)!;
    used = 1;
  } else {
    const c = body[1];
    if (c === undefined) return undefined;
    const simple: Record<string, number> = {
      a: 7,
      b: 8,
      f: 12,
      n: 10,
      r: 13,
      t: 9,
      v: 11,
      "\\": 92,
      "'": 39,
    };
    if (c in simple) {
      rune = simple[c]!;
      used = 2;
    } else {
      const need = c === "x" ? 2 : c === "u" ? 4 : c === "U" ? 8 : c >= "0" && c <= "7" ? 2 : -1;
      if (need < 0) return undefined;
      const digits = body.slice(2, 2 + need).join("");
      if (c >= "0" && c <= "7") {
        if (!/^[0-7]{2}$/.test(digits)) return undefined;
        rune = parseInt(c + digits, 8);
        if (rune > 255) return undefined;
      } else {
        if (!new RegExp(`^[0-9a-fA-F]{${need}}$`).test(digits)) return undefined;
        rune = parseInt(digits, 16);
        if (c !== "x" && (rune > 0x10ffff || (rune >= 0xd800 && rune <= 0xdfff))) return undefined;
      }
      used = 2 + need;
    }
  }
  const tail = body.slice(used).join("");
  return tail === "'" ? rune : "malformed";
}

// Go's text/template execution (src/text/template/exec.go and funcs.go, go1.22 – go1.24) over the values kubectl
// gives a template, with kubectl's two functions (cli-runtime pkg/printers/template.go: exists, base64decode).
// Every error names the node the state was last "at", as Go's does.
import { compareUtf8 } from "../go/json.js";
import { goQuote, isGoPrintable } from "../go/quote.js";
import { GoTemplateUnsupportedError, goSprint, goSprintf, goSprintln, goSprintValue } from "./fmt.js";
import type { Arg } from "./fmt.js";
import { nodeString } from "./parse.js";
import type {
  ArgNode,
  BranchNode,
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  Node,
  NumberNode,
  PipeNode,
  TemplateNode,
  Tree,
  VariableNode,
} from "./parse.js";
import { goByteLength, goBytesOf, goStringOfBytes } from "./strings.js";
import { GoNum, Iface, element, indirectInterface, isTrue, kindOf, typeName } from "./values.js";
import type { Concrete, GoMap, Value } from "./values.js";

/** What execution does, by the Go release kubectl was built with. */
export interface ExecFeatures {
  /** `range` over an integer (go1.24). */
  rangeInt: boolean;
  /** `call`'s error names the callee (`non-function .x of type …`, go1.23). */
  callNamesCallee: boolean;
}

/** An execution error; `message` is Go's `template: output:L:C: executing "output" at <…>: …`. */
export class GoTemplateExecError extends Error {}

// {{break}} and {{continue}} unwind to their range, as Go's walkBreak and walkContinue panics do.
class Break extends Error {}
class Continue extends Error {}
const BREAK = new Break();
const CONTINUE = new Continue();

/** The missing final argument of a command (Go's missingVal). */
const MISSING = Symbol("missing");
type Final = Value | typeof MISSING;

/** What a parameter accepts: Go's reflect.Type of the builtins' parameters. */
type ParamType = "value" | "any" | "string";

interface Builtin {
  params: ParamType[];
  variadic?: ParamType;
  fn: (args: (Value | Arg)[], ex: Executor) => Value;
}

const byteLen = goByteLength;

/** Where a node sits: `output:LINE:COL` (COL a byte offset in its line, as ErrorContext counts). */
function location(text: Buffer, pos: number): string {
  const before = text.subarray(0, pos);
  const lastNewline = before.lastIndexOf(0x0a);
  const line = 1 + before.filter((b) => b === 0x0a).length;
  const col = lastNewline < 0 ? pos : pos - (lastNewline + 1);
  return `output:${line}:${col}`;
}

function truth(v: Value): boolean {
  return isTrue(indirectInterface(v), byteLen)[0];
}

/** The kind eq/lt compare by. */
function basicKind(v: Value): "bool" | "int" | "uint" | "float" | "string" | "invalid" {
  switch (kindOf(v)) {
    case "bool":
      return "bool";
    case "int":
    case "int64":
      return "int";
    case "uint8":
      return "uint";
    case "float64":
      return "float";
    case "string":
      return "string";
    default:
      return "invalid";
  }
}

function eq(arg1: Value, rest: Value[]): boolean {
  arg1 = indirectInterface(arg1);
  if (rest.length === 0) throw new CallError("missing argument for comparison");
  const k1 = basicKind(arg1);
  for (let arg of rest) {
    arg = indirectInterface(arg);
    const k2 = basicKind(arg);
    let t = false;
    if (k1 !== k2) {
      if (k1 === "int" && k2 === "uint")
        t = (arg1 as GoNum).big >= 0n && (arg1 as GoNum).big === (arg as GoNum).big;
      else if (k1 === "uint" && k2 === "int")
        t = (arg as GoNum).big >= 0n && (arg1 as GoNum).big === (arg as GoNum).big;
      else if (arg1 !== undefined && arg !== undefined)
        throw new CallError("incompatible types for comparison");
    } else {
      switch (k1) {
        case "bool":
        case "string":
          t = arg1 === arg;
          break;
        case "float":
          t = (arg1 as GoNum).num === (arg as GoNum).num;
          break;
        case "int":
        case "uint":
          t = (arg1 as GoNum).big === (arg as GoNum).big;
          break;
        default: {
          // Maps and slices (invalid for basicKind) compare only with nil; two nils are equal.
          const n1 = arg1 === undefined;
          const n2 = arg === undefined;
          if (!n1 && !n2 && kindOf(arg1) !== kindOf(arg))
            throw new CallError(
              `non-comparable types ${sprintS(arg1)}: ${typeName(arg1)}, ${typeName(arg)}: ${goSprintValue(arg)}`,
            );
          if (n1 || n2) t = n1 === n2;
          else throw new CallError(`non-comparable type ${sprintS(arg)}: ${typeName(arg)}`);
        }
      }
    }
    if (t) return true;
  }
  return false;
}

function lt(arg1: Value, arg2: Value): boolean {
  arg1 = indirectInterface(arg1);
  const k1 = basicKind(arg1);
  if (k1 === "invalid") throw new CallError("invalid type for comparison");
  arg2 = indirectInterface(arg2);
  const k2 = basicKind(arg2);
  if (k2 === "invalid") throw new CallError("invalid type for comparison");
  if (k1 !== k2) {
    if (k1 === "int" && k2 === "uint") return (arg1 as GoNum).big < (arg2 as GoNum).big;
    if (k1 === "uint" && k2 === "int")
      return (arg2 as GoNum).big >= 0n && (arg1 as GoNum).big < (arg2 as GoNum).big;
    throw new CallError("incompatible types for comparison");
  }
  switch (k1) {
    case "bool":
      throw new CallError("invalid type for comparison");
    case "float":
      return (arg1 as GoNum).num < (arg2 as GoNum).num;
    case "int":
    case "uint":
      return (arg1 as GoNum).big < (arg2 as GoNum).big;
    default:
      return compareUtf8(arg1 as string, arg2 as string) < 0;
  }
}

/** `%s` of a value, as Go's messages format reflect.Values with it. */
const sprintS = (v: Value) => goSprintf("%s", [indirectInterface(v)]);

/** An error a function returns: Go wraps it as `error calling NAME: …`. */
class CallError extends Error {}

function indexArg(index: Value, cap: number): number {
  const v = indirectInterface(index);
  let x: bigint;
  if (v instanceof GoNum && !v.isFloat) x = v.big;
  else if (v === undefined) throw new CallError("cannot index slice/array with nil");
  else throw new CallError(`cannot index slice/array with type ${typeName(v)}`);
  if (x < 0n || x > BigInt(cap)) throw new CallError(`index out of range: ${x}`);
  return Number(x);
}

function indexFn(item: Value, indexes: Value[]): Value {
  let cur: Value = indirectInterface(item);
  if (cur === undefined) throw new CallError("index of untyped nil");
  for (const raw of indexes) {
    const index = indirectInterface(raw);
    if (cur instanceof Iface) {
      if (cur.elem === undefined) throw new CallError("index of nil pointer");
      cur = cur.elem;
    }
    const c: Concrete = cur;
    if (typeof c === "string" || Array.isArray(c)) {
      const len: number = typeof c === "string" ? byteLen(c) : c.length;
      const x = indexArg(index, len);
      if (x === len) throw new CallError(`index out of range: ${x}`);
      cur = typeof c === "string" ? new GoNum("uint8", BigInt(goBytesOf(c)[x]!)) : element(c[x]);
    } else if (kindOf(c) === "map") {
      if (index === undefined) throw new CallError("value is nil; should be of type string");
      else if (typeof index !== "string")
        throw new CallError(`value has type ${typeName(index)}; should be string`);
      else {
        const m = c as GoMap;
        cur = Object.hasOwn(m, index) ? element(m[index]) : new Iface(undefined);
      }
    } else throw new CallError(`can't index item of type ${typeName(c)}`);
  }
  return cur;
}

function sliceFn(item: Value, indexes: Value[]): Value {
  const v = indirectInterface(item);
  if (v === undefined) throw new CallError("slice of untyped nil");
  if (indexes.length > 3) throw new CallError(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (typeof v === "string") {
    if (indexes.length === 3) throw new CallError("cannot 3-index slice a string");
    len = byteLen(v);
  } else if (Array.isArray(v)) len = v.length;
  else throw new CallError(`can't slice item of type ${typeName(v)}`);
  const idx = [0, len, 0];
  indexes.forEach((x, i) => (idx[i] = indexArg(x, len)));
  if (idx[0]! > idx[1]!) throw new CallError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!)
    throw new CallError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof v === "string") return goStringOfBytes(goBytesOf(v).subarray(idx[0], idx[1]));
  return v.slice(idx[0], idx[1]);
}

function lengthFn(item: Value): Value {
  const v = item instanceof Iface ? item.elem : item;
  if (item instanceof Iface && v === undefined) throw new CallError("len of nil pointer");
  if (typeof v === "string") return new GoNum("int", BigInt(byteLen(v)));
  if (Array.isArray(v)) return new GoNum("int", BigInt(v.length));
  if (kindOf(v) === "map") return new GoNum("int", BigInt(Object.keys(v as GoMap).length));
  // Go formats the error with item.Type(), which panics on the zero Value; safeCall returns the panic.
  if (v === undefined) throw new CallError("reflect: call of reflect.Value.Type on zero Value");
  throw new CallError(`len of type ${typeName(v)}`);
}

/** evalArgs: the text of html/js/urlquery's arguments (a nil is "<no value>"). */
function evalArgs(args: Arg[]): string {
  if (args.length === 1 && typeof args[0] === "string") return args[0];
  return goSprint(args.map((a) => (a === undefined ? "<no value>" : a)));
}

function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) =>
    c === "\0"
      ? "\ufffd"
      : c === '"'
        ? "&#34;"
        : c === "'"
          ? "&#39;"
          : c === "&"
            ? "&amp;"
            : c === "<"
              ? "&lt;"
              : "&gt;",
  );
}

function jsEscape(s: string): string {
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xdc00 && cp <= 0xdcff) {
      out += ch; // an invalid byte: Go writes it as it is
      continue;
    }
    switch (ch) {
      case "\\":
        out += "\\\\";
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case "<":
        out += "\\u003C";
        continue;
      case ">":
        out += "\\u003E";
        continue;
      case "&":
        out += "\\u0026";
        continue;
      case "=":
        out += "\\u003D";
        continue;
    }
    if (cp < 0x20) out += `\\u00${cp.toString(16).toUpperCase().padStart(2, "0")}`;
    else if (cp < 0x80) out += ch;
    else if (isGoPrintable(cp)) out += ch;
    else out += `\\u${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return out;
}

function urlQueryEscape(s: string): string {
  let out = "";
  for (const b of goBytesOf(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Go's base64.StdEncoding.DecodeString, its CorruptInputError offsets included. */
function base64Decode(s: string): string {
  const src = goBytesOf(s);
  const map = (c: number) => {
    if (c >= 65 && c <= 90) return c - 65;
    if (c >= 97 && c <= 122) return c - 71;
    if (c >= 48 && c <= 57) return c + 4;
    if (c === 43) return 62;
    if (c === 47) return 63;
    return -1;
  };
  const fail = (at: number): never => {
    throw new CallError(`base64 decode failed: illegal base64 data at input byte ${at}`);
  };
  const out: number[] = [];
  let si = 0;
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let j = 0;
    let end = false;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return goStringOfBytes(Uint8Array.from(out));
        fail(si - j);
      }
      const c = src[si]!;
      si++;
      const d = map(c);
      if (d >= 0) {
        dbuf[j] = d;
        continue;
      }
      if (c === 0x0a || c === 0x0d) {
        j--;
        continue;
      }
      if (c !== 0x3d) fail(si - 1);
      // Padding.
      if (j === 0 || j === 1) fail(si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
        if (si === src.length) fail(src.length);
        if (src[si] !== 0x3d) fail(si - 1);
        si++;
      }
      while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
      if (si < src.length) fail(si);
      dlen = j;
      end = true;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (end) return goStringOfBytes(Uint8Array.from(out));
  }
}

/** cli-runtime's exists: whether index would find something non-nil. */
function exists(item: Arg, indices: Arg[]): boolean {
  let v: Value = item;
  for (const i of indices) {
    if (v instanceof Iface) {
      if (v.elem === undefined) return false;
      v = v.elem;
    }
    if (typeof v === "string" || Array.isArray(v)) {
      if (!(i instanceof GoNum) || i.isFloat) return false;
      const len = typeof v === "string" ? byteLen(v) : v.length;
      if (i.big < 0n || i.big >= BigInt(len)) return false;
      v =
        typeof v === "string"
          ? new GoNum("uint8", BigInt(goBytesOf(v)[Number(i.big)]!))
          : element(v[Number(i.big)]);
    } else if (kindOf(v) === "map") {
      if (i !== undefined && typeof i !== "string") return false;
      const m = v as GoMap;
      v = i !== undefined && Object.hasOwn(m, i) ? element(m[i]) : new Iface(undefined);
    } else return false;
  }
  return !(v instanceof Iface && v.elem === undefined);
}

const BUILTINS: Record<string, Builtin> = {
  and: { params: ["value"], variadic: "value", fn: () => undefined },
  or: { params: ["value"], variadic: "value", fn: () => undefined },
  call: { params: ["value"], variadic: "value", fn: () => undefined },
  not: { params: ["value"], fn: ([a]) => !truth(a) },
  html: { params: [], variadic: "any", fn: (a) => htmlEscape(evalArgs(a as Arg[])) },
  js: { params: [], variadic: "any", fn: (a) => jsEscape(evalArgs(a as Arg[])) },
  urlquery: { params: [], variadic: "any", fn: (a) => urlQueryEscape(evalArgs(a as Arg[])) },
  index: {
    params: ["value"],
    variadic: "value",
    fn: ([item, ...rest]) => indexFn(item, rest),
  },
  slice: {
    params: ["value"],
    variadic: "value",
    fn: ([item, ...rest]) => sliceFn(item, rest),
  },
  len: { params: ["value"], fn: ([a]) => lengthFn(a) },
  print: { params: [], variadic: "any", fn: (a) => goSprint(a as Arg[]) },
  println: { params: [], variadic: "any", fn: (a) => goSprintln(a as Arg[]) },
  printf: {
    params: ["string"],
    variadic: "any",
    fn: ([format, ...rest]) => goSprintf(format as string, rest as Arg[]),
  },
  eq: { params: ["value"], variadic: "value", fn: ([a, ...rest]) => eq(a, rest) },
  ne: { params: ["value", "value"], fn: ([a, b]) => !eq(a, [b]) },
  lt: { params: ["value", "value"], fn: ([a, b]) => lt(a, b) },
  le: {
    params: ["value", "value"],
    fn: ([a, b]) => lt(a, b) || eq(a, [b]),
  },
  gt: {
    params: ["value", "value"],
    fn: ([a, b]) => {
      const lessOrEqual = lt(a, b) || eq(a, [b]);
      return !lessOrEqual;
    },
  },
  ge: { params: ["value", "value"], fn: ([a, b]) => !lt(a, b) },
  exists: { params: ["any"], variadic: "any", fn: ([item, ...rest]) => exists(item as Arg, rest as Arg[]) },
  base64decode: { params: ["string"], fn: ([s]) => base64Decode(s as string) },
};
const BUILTIN_NAMES = new Set([
  "and",
  "or",
  "call",
  "not",
  "html",
  "js",
  "urlquery",
  "index",
  "slice",
  "len",
  "print",
  "println",
  "printf",
  "eq",
  "ne",
  "lt",
  "le",
  "gt",
  "ge",
]);

/** The type name a parameter's errors name. */
function paramTypeName(t: ParamType): string {
  return t === "string" ? "string" : t === "any" ? "interface {}" : "reflect.Value";
}

interface Variable {
  name: string;
  value: Value;
}

/** One execution of a template set over one object. */
export class Executor {
  out: string[] = [];
  node: Node | undefined;
  vars: Variable[] = [];
  depth = 0;
  tmplName = "output";

  constructor(
    readonly trees: Map<string, Tree>,
    readonly text: Buffer,
    readonly features: ExecFeatures,
    readonly missingKeyError: boolean,
  ) {}

  errorf(message: string): never {
    if (this.node === undefined) throw new GoTemplateExecError(`template: ${this.tmplName}: ${message}`);
    const context = nodeString(this.node);
    throw new GoTemplateExecError(
      `template: ${location(this.text, this.node.pos)}: executing ${goQuote(this.tmplName)} at <${context}>: ${message}`,
    );
  }

  at(n: Node) {
    this.node = n;
  }

  execute(data: Value): void {
    const tree = this.trees.get("output")!;
    this.vars = [{ name: "$", value: data }];
    this.walk(data, tree.root);
  }

  varValue(name: string): Value {
    for (let i = this.vars.length - 1; i >= 0; i--)
      if (this.vars[i]!.name === name) return this.vars[i]!.value;
    this.errorf(`undefined variable: ${name}`);
  }
  setVar(name: string, value: Value) {
    for (let i = this.vars.length - 1; i >= 0; i--)
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    this.errorf(`undefined variable: ${name}`);
  }

  walk(dot: Value, node: Node): void {
    this.at(node);
    switch (node.type) {
      case "action": {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case "break":
        throw BREAK;
      case "continue":
        throw CONTINUE;
      case "comment":
        return;
      case "if":
      case "with":
        this.walkIfOrWith(node, dot);
        return;
      case "list":
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case "range":
        this.walkRange(dot, node);
        return;
      case "template":
        this.walkTemplate(dot, node);
        return;
      case "text":
        this.out.push(node.text);
        return;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  walkIfOrWith(node: BranchNode, dot: Value) {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (truth(val)) this.walk(node.type === "with" ? val : dot, node.list);
      else if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  walkRange(dot: Value, r: BranchNode) {
    this.at(r);
    const outer = this.vars.length;
    try {
      let val = this.evalPipeline(dot, r.pipe);
      if (val instanceof Iface) val = val.elem;
      const mark = this.vars.length;
      const decl = r.pipe.decl;
      const one = (index: Value, elem: Value) => {
        if (decl.length > 0) {
          if (r.pipe.isAssign) {
            if (decl.length > 1) this.setVar(decl[0]!.ident[0]!, index);
            else this.setVar(decl[0]!.ident[0]!, elem);
          } else this.vars[this.vars.length - 1]!.value = elem;
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1]!.ident[0]!, elem);
          else this.vars[this.vars.length - 2]!.value = index;
        }
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.vars.length = mark;
        }
      };
      const kind = kindOf(val);
      if (kind === "slice") {
        const a = val as unknown[];
        if (a.length > 0) {
          for (let i = 0; i < a.length; i++) one(new GoNum("int", BigInt(i)), element(a[i]));
          return;
        }
      } else if (kind === "map") {
        const m = val as GoMap;
        const keys = Object.keys(m).sort(compareUtf8);
        if (keys.length > 0) {
          for (const k of keys) one(k, element(m[k]));
          return;
        }
      } else if (kind === "invalid") {
        // A nil map or the like: like an empty one.
      } else if (this.features.rangeInt && (kind === "int" || kind === "int64" || kind === "uint8")) {
        const n = val as GoNum;
        if (decl.length > 1)
          this.errorf(`can't use ${goSprintValue(val)} to iterate over more than one variable`);
        if (n.big > 0n) {
          for (let i = 0n; i < n.big; i++) one(undefined, new GoNum(n.type, i));
          return;
        }
      } else {
        this.errorf(`range can't iterate over ${goSprintValue(val)}`);
      }
      if (r.elseList) this.walk(dot, r.elseList);
    } catch (e) {
      if (e !== BREAK) throw e;
    } finally {
      this.vars.length = outer;
    }
  }

  walkTemplate(dot: Value, t: TemplateNode) {
    this.at(t);
    const tree = this.trees.get(t.name);
    if (!tree) this.errorf(`template ${goQuote(t.name)} not defined`);
    if (this.depth >= 100000) this.errorf("exceeded maximum template depth (100000)");
    const value = this.evalPipeline(dot, t.pipe);
    const saved = { vars: this.vars, name: this.tmplName };
    this.depth++;
    this.tmplName = tree.name;
    this.vars = [{ name: "$", value }];
    try {
      this.walk(value, tree.root);
    } finally {
      this.depth--;
      this.vars = saved.vars;
      this.tmplName = saved.name;
    }
  }

  evalPipeline(dot: Value, pipe: PipeNode | undefined): Value {
    if (!pipe) return undefined;
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      if (value instanceof Iface) value = value.elem;
    }
    const v = value as Value;
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0]!, v);
      else this.vars.push({ name: variable.ident[0]!, value: v });
    }
    return v;
  }

  notAFunction(args: ArgNode[], final: Final) {
    if (args.length > 1 || final !== MISSING)
      this.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
  }

  evalCommand(dot: Value, cmd: CommandNode, final: Final): Value {
    const first = cmd.args[0]!;
    switch (first.type) {
      case "field":
        return this.evalFieldNode(dot, first, cmd.args, final);
      case "chain":
        return this.evalChainNode(dot, first, cmd.args, final);
      case "identifier":
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case "pipe":
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case "variable":
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case "bool":
        return first.value;
      case "dot":
        return dot;
      case "nil":
        this.errorf("nil is not a command");
      // falls through (errorf throws)
      case "number":
        return this.idealConstant(first);
      case "string":
        return first.text;
    }
  }

  idealConstant(c: NumberNode): Value {
    this.at(c);
    if (c.isComplex) throw new GoTemplateUnsupportedError("complex constants are not supported");
    const isHexInt = /^0[xX]/.test(c.text) && !/[pP]/.test(c.text);
    if (c.isFloat && !isHexInt && !c.text.startsWith("'") && /[.eEpP]/.test(c.text))
      return new GoNum("float64", c.float64);
    if (c.isInt) return new GoNum("int", c.int64);
    if (c.isUint) this.errorf(`${c.text} overflows int`);
    return undefined;
  }

  evalFieldNode(dot: Value, field: FieldNode, args: ArgNode[], final: Final): Value {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  evalChainNode(dot: Value, chain: ChainNode, args: ArgNode[], final: Final): Value {
    this.at(chain);
    if (chain.field.length === 0) this.errorf("internal error: no fields in evalChainNode");
    if (chain.node.type === "nil") this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, "value", chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  evalVariableNode(dot: Value, v: VariableNode, args: ArgNode[], final: Final): Value {
    this.at(v);
    const value = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  evalFieldChain(
    dot: Value,
    receiver: Value,
    node: Node,
    ident: string[],
    args: ArgNode[],
    final: Final,
  ): Value {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) receiver = this.evalField(ident[i]!, [], MISSING, receiver);
    return this.evalField(ident[n - 1]!, args, final, receiver);
  }

  evalField(name: string, args: ArgNode[], final: Final, receiver: Value): Value {
    if (receiver === undefined) {
      if (this.missingKeyError) this.errorf(`nil data; no entry for key ${goQuote(name)}`);
      return undefined;
    }
    const typ = typeName(receiver);
    const r = receiver instanceof Iface ? receiver.elem : receiver;
    if (receiver instanceof Iface && r === undefined) this.errorf(`nil pointer evaluating ${typ}.${name}`);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (kindOf(r) === "map") {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      const m = r as GoMap;
      if (Object.hasOwn(m, name)) return element(m[name]);
      if (this.missingKeyError) this.errorf(`map has no entry for key ${goQuote(name)}`);
      return undefined;
    }
    this.errorf(`can't evaluate field ${name} in type ${typ}`);
  }

  evalFunction(dot: Value, node: IdentifierNode, cmd: Node, args: ArgNode[], final: Final): Value {
    this.at(node);
    const name = node.ident;
    const fn = BUILTINS[name];
    if (!fn) this.errorf(`${goQuote(name)} is not a defined function`);
    return this.evalCall(dot, fn, BUILTIN_NAMES.has(name), cmd, name, args, final);
  }

  evalCall(
    dot: Value,
    fn: Builtin,
    isBuiltin: boolean,
    node: Node,
    name: string,
    argNodes: ArgNode[],
    final: Final,
  ): Value {
    const args = argNodes.slice(1);
    let numIn = args.length;
    if (final !== MISSING) numIn++;
    const nParams = fn.params.length + (fn.variadic ? 1 : 0);
    let numFixed = args.length;
    if (fn.variadic) {
      numFixed = fn.params.length;
      if (numIn < numFixed)
        this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${args.length}`);
    } else if (numIn !== nParams)
      this.errorf(`wrong number of args for ${name}: want ${nParams} got ${numIn}`);

    if (isBuiltin && (name === "and" || name === "or")) {
      let v: Value;
      for (const arg of args) {
        v = this.evalArg(dot, "value", arg);
        if (truth(v) === (name === "or")) return v;
      }
      if (final !== MISSING) v = final;
      return v!;
    }
    if (isBuiltin && name === "call") return this.evalBuiltinCall(dot, node, args, final);

    const argv: (Value | Arg)[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv.push(this.evalArg(dot, fn.params[i]!, args[i]!));
    if (fn.variadic) for (; i < args.length; i++) argv.push(this.evalArg(dot, fn.variadic, args[i]!));
    if (final !== MISSING) {
      let t: ParamType;
      if (fn.variadic) t = numIn - 1 < numFixed ? fn.params[numIn - 1]! : fn.variadic;
      else t = fn.params[fn.params.length - 1]!;
      argv.push(this.validateType(final, t));
    }
    try {
      return fn.fn(argv, this);
    } catch (error) {
      if (!(error instanceof CallError)) throw error;
      this.at(node);
      this.errorf(`error calling ${name}: ${error.message}`);
    }
  }

  /** `call` on what a JSON object holds: never a function, so always Go's refusal. */
  evalBuiltinCall(dot: Value, node: Node, args: ArgNode[], final: Final): Value {
    const first = args[0];
    const calleeName = first ? nodeString(first) : "";
    let fnValue: Value;
    if (first) fnValue = this.evalArg(dot, "value", first);
    else fnValue = final === MISSING ? undefined : final;
    for (const a of args.slice(1)) this.evalArg(dot, "value", a);
    const v = indirectInterface(fnValue);
    this.at(node);
    if (v === undefined) this.errorf("error calling call: call of nil");
    const who = this.features.callNamesCallee ? `${calleeName} ` : "";
    this.errorf(`error calling call: non-function ${who}of type ${typeName(v)}`);
  }

  validateType(value: Value, t: ParamType): Value | Arg {
    if (t === "value") return value;
    if (value === undefined) {
      if (t === "any") return undefined;
      this.errorf(`invalid value; expected ${paramTypeName(t)}`);
    }
    if (t === "any") return value instanceof Iface ? value.elem : value;
    const v = value instanceof Iface && value.elem !== undefined ? value.elem : value;
    if (typeof v === "string") return v;
    this.errorf(`wrong type for value; expected string; got ${typeName(v)}`);
  }

  evalArg(dot: Value, t: ParamType, n: ArgNode): Value {
    this.at(n);
    switch (n.type) {
      case "dot":
        return this.validateType(dot, t);
      case "nil":
        if (t !== "string") return t === "value" ? undefined : undefined;
        this.errorf(`cannot assign nil to ${paramTypeName(t)}`);
      // falls through (errorf throws)
      case "field":
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), t);
      case "variable":
        return this.validateType(this.evalVariableNode(dot, n, [], MISSING), t);
      case "pipe":
        return this.validateType(this.evalPipeline(dot, n), t);
      case "identifier":
        return this.validateType(this.evalFunction(dot, n, n, [n], MISSING), t);
      case "chain":
        return this.validateType(this.evalChainNode(dot, n, [], MISSING), t);
    }
    if (t === "string") {
      if (n.type === "string") return n.text;
      this.errorf(`expected string; found ${nodeString(n)}`);
    }
    // interface{} and reflect.Value take any literal (evalEmptyInterface).
    this.at(n);
    switch (n.type) {
      case "bool":
        return n.value;
      case "number":
        return this.idealConstant(n);
      case "string":
        return n.text;
    }
  }

  printValue(n: Node, v: Value) {
    this.at(n);
    if (v instanceof Iface) v = v.elem;
    if (v === undefined) {
      this.out.push("<no value>");
      return;
    }
    this.out.push(goSprint([v]));
  }
}

// Go's fmt (src/fmt/print.go, format.go; go1.22 – go1.24) over the template's values: Sprint, Sprintln and
// Sprintf with flags, width, precision, argument indexes, and the %!verb(type=value) forms of a mismatch.
import { compareUtf8 } from "../go/json.js";
import { goQuote, goQuoteBytes, isGoPrintable } from "../go/quote.js";
import { goFormatFloat } from "../go/sprint.js";
import { goBytesOf } from "./strings.js";
import { GoNum, element, kindOf, typeName } from "./values.js";
import type { Concrete, GoMap, Value, Iface } from "./values.js";

/** Something in a template kubewire does not reproduce (it refuses rather than print something else). */
export class GoTemplateUnsupportedError extends Error {}

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  widPresent: boolean;
  prec: number;
  precPresent: boolean;
}

const clearFlags = (): Flags => ({
  plus: false,
  minus: false,
  sharp: false,
  space: false,
  zero: false,
  plusV: false,
  sharpV: false,
  wid: 0,
  widPresent: false,
  prec: 0,
  precPresent: false,
});

const runeCount = (s: string) => Array.from(s).length;

class Printer {
  buf = "";
  f: Flags = clearFlags();

  writePadding(n: number) {
    if (n <= 0) return;
    this.buf += (this.f.zero && !this.f.minus ? "0" : " ").repeat(n);
  }
  pad(s: string) {
    if (!this.f.widPresent || this.f.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.f.wid - runeCount(s);
    if (!this.f.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }
  truncate(s: string): string {
    if (this.f.precPresent) {
      const runes = Array.from(s);
      if (runes.length > this.f.prec) return runes.slice(0, this.f.prec).join("");
    }
    return s;
  }

  printArg(arg: Concrete | undefined, verb: string) {
    if (arg === undefined) {
      if (verb === "T" || verb === "v") this.pad("<nil>");
      else this.badVerb(verb, undefined, true);
      return;
    }
    if (verb === "T") {
      this.fmtS(typeName(arg));
      return;
    }
    if (verb === "p") throw new GoTemplateUnsupportedError("printf %p (pointers) is not supported");
    this.printValue(arg, verb, 0);
  }

  printValue(v: Value, verb: string, depth: number) {
    const kind = kindOf(v);
    switch (kind) {
      case "invalid":
        if (depth === 0) this.buf += "<invalid reflect.Value>";
        else if (verb === "v") this.buf += "<nil>";
        else this.badVerb(verb, undefined, true);
        return;
      case "interface": {
        const e = (v as Iface).elem;
        if (e === undefined) this.buf += this.f.sharpV ? "interface {}(nil)" : "<nil>";
        else this.printValue(e, verb, depth + 1);
        return;
      }
      case "bool":
        if (verb === "t" || verb === "v") this.pad(v ? "true" : "false");
        else this.badVerb(verb, v);
        return;
      case "string":
        this.fmtString(v as string, verb);
        return;
      case "float64":
        this.fmtFloat((v as GoNum).num, verb, v);
        return;
      case "int":
      case "int64":
      case "uint8":
        this.fmtInteger(v as GoNum, verb);
        return;
      case "map": {
        const m = v as GoMap;
        this.buf += this.f.sharpV ? "map[string]interface {}{" : "map[";
        Object.keys(m)
          .sort(compareUtf8)
          .forEach((k, i) => {
            if (i > 0) this.buf += this.f.sharpV ? ", " : " ";
            this.printValue(k, verb, depth + 1);
            this.buf += ":";
            this.printValue(element(m[k]), verb, depth + 1);
          });
        this.buf += this.f.sharpV ? "}" : "]";
        return;
      }
      case "slice": {
        const a = v as unknown[];
        this.buf += this.f.sharpV ? "[]interface {}{" : "[";
        a.forEach((e, i) => {
          if (i > 0) this.buf += this.f.sharpV ? ", " : " ";
          this.printValue(element(e), verb, depth + 1);
        });
        this.buf += this.f.sharpV ? "}" : "]";
        return;
      }
    }
  }

  badVerb(verb: string, v: Value, nil = false) {
    const saved = { ...this.f };
    this.buf += `%!${verb}(`;
    if (nil || v === undefined) this.buf += "<nil>";
    else {
      this.buf += `${typeName(v)}=`;
      this.printValue(v, "v", 0);
    }
    this.buf += ")";
    this.f = saved;
  }

  fmtS(s: string) {
    this.pad(this.truncate(s));
  }

  fmtQ(s: string) {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) {
      this.pad("`" + s + "`");
      return;
    }
    if (this.f.plus) throw new GoTemplateUnsupportedError("printf %+q is not supported");
    this.pad(/[\udc00-\udfff]/.test(s) ? goQuoteBytes(goBytesOf(s)) : goQuote(s));
  }

  fmtString(s: string, verb: string) {
    switch (verb) {
      case "v":
        if (this.f.sharpV) this.fmtQ(s);
        else this.fmtS(s);
        return;
      case "s":
        this.fmtS(s);
        return;
      case "x":
      case "X":
        this.fmtSx(s, verb === "X");
        return;
      case "q":
        this.fmtQ(s);
        return;
      default:
        this.badVerb(verb, s);
    }
  }

  fmtSx(s: string, upper: boolean) {
    let bytes = goBytesOf(s);
    if (this.f.precPresent && this.f.prec < bytes.length) bytes = bytes.subarray(0, this.f.prec);
    const digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    let out = "";
    bytes.forEach((b, i) => {
      if (this.f.space && i > 0) out += " ";
      if (this.f.sharp && (this.f.space || i === 0)) out += upper ? "0X" : "0x";
      out += digits[b >> 4]! + digits[b & 15]!;
    });
    if (bytes.length === 0) {
      this.writePadding(this.f.widPresent ? this.f.wid : 0);
      return;
    }
    this.pad(out);
  }

  fmtInteger(n: GoNum, verb: string) {
    const signed = n.type !== "uint8";
    switch (verb) {
      case "v":
        if (this.f.sharpV && !signed) {
          const saved = this.f.sharp;
          this.f.sharp = true;
          this.integer(n.big, 16, "v", false);
          this.f.sharp = saved;
        } else this.integer(n.big, 10, verb, false);
        return;
      case "d":
        this.integer(n.big, 10, verb, false);
        return;
      case "b":
        this.integer(n.big, 2, verb, false);
        return;
      case "o":
      case "O":
        this.integer(n.big, 8, verb, false);
        return;
      case "x":
        this.integer(n.big, 16, verb, false);
        return;
      case "X":
        this.integer(n.big, 16, verb, true);
        return;
      case "c":
        this.pad(this.truncate(runeOf(n.big)));
        return;
      case "q": {
        const r = runeOf(n.big);
        this.pad(goQuoteRune(r));
        return;
      }
      case "U": {
        const u = n.big < 0n ? (1n << 64n) + n.big : n.big;
        let s = `U+${u
          .toString(16)
          .toUpperCase()
          .padStart(this.f.precPresent ? Math.max(this.f.prec, 4) : 4, "0")}`;
        if (this.f.sharp && u <= 0x10ffffn && isGoPrintable(Number(u)))
          s += ` '${String.fromCodePoint(Number(u))}'`;
        const zero = this.f.zero;
        this.f.zero = false;
        this.pad(s);
        this.f.zero = zero;
        return;
      }
      default:
        this.badVerb(verb, n);
    }
  }

  integer(value: bigint, base: number, verb: string, upper: boolean) {
    const negative = value < 0n;
    let digits = (negative ? -value : value).toString(base);
    if (upper) digits = digits.toUpperCase();
    let prec = 0;
    if (this.f.precPresent) {
      prec = this.f.prec;
      if (prec === 0 && value === 0n) {
        const zero = this.f.zero;
        this.f.zero = false;
        this.writePadding(this.f.wid);
        this.f.zero = zero;
        return;
      }
    } else if (this.f.zero && !this.f.minus && this.f.widPresent) {
      prec = this.f.wid;
      if (negative || this.f.plus || this.f.space) prec--;
    }
    if (digits.length < prec) digits = "0".repeat(prec - digits.length) + digits;
    if (this.f.sharp) {
      if (base === 2) digits = "0b" + digits;
      else if (base === 8 && digits[0] !== "0") digits = "0" + digits;
      else if (base === 16) digits = (upper ? "0X" : "0x") + digits;
    }
    if (verb === "O") digits = "0o" + digits;
    if (negative) digits = "-" + digits;
    else if (this.f.plus) digits = "+" + digits;
    else if (this.f.space) digits = " " + digits;
    const zero = this.f.zero;
    this.f.zero = false;
    this.pad(digits);
    this.f.zero = zero;
  }

  fmtFloat(x: number, verb: string, v: Value) {
    let text: string;
    switch (verb) {
      case "v":
        // %v is %g, a precision included (%.2v of 1000 is 1e+03).
        text = formatFloat(x, "g", this.f.precPresent ? this.f.prec : -1);
        break;
      case "g":
      case "G":
      case "e":
      case "E":
      case "f":
      case "F": {
        const prec = this.f.precPresent ? this.f.prec : verb === "g" || verb === "G" ? -1 : 6;
        text = formatFloat(x, verb, prec);
        break;
      }
      case "b":
      case "x":
      case "X":
        throw new GoTemplateUnsupportedError(`printf %${verb} of a float is not supported`);
      default:
        this.badVerb(verb, v);
        return;
    }
    if (this.f.sharp && verb !== "v")
      throw new GoTemplateUnsupportedError("printf %# of a float is not supported");
    let num = text[0] === "-" || text[0] === "+" ? text : "+" + text;
    if (this.f.space && num[0] === "+" && !this.f.plus) num = " " + num.slice(1);
    if (num[1] === "I" || num[1] === "N") {
      const zero = this.f.zero;
      this.f.zero = false;
      if (num[1] === "N" && !this.f.space && !this.f.plus) num = num.slice(1);
      this.pad(num);
      this.f.zero = zero;
      return;
    }
    if (this.f.plus || num[0] !== "+") {
      if (this.f.zero && !this.f.minus && this.f.widPresent && this.f.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.f.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }
}

function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === "`" || ch === "\ufeff") return false;
    if (cp >= 0xdc00 && cp <= 0xdfff) return false;
    if (cp < 0x20 && ch !== "\t") return false;
    if (cp === 0x7f) return false;
  }
  return true;
}

function runeOf(n: bigint): string {
  if (n < 0n || n > 0x10ffffn || (n >= 0xd800n && n <= 0xdfffn)) return "\ufffd";
  return String.fromCodePoint(Number(n));
}

function goQuoteRune(r: string): string {
  if (r === "'") return "'\\''";
  if (r === '"') return `'"'`;
  const q = goQuote(r);
  return `'${q.slice(1, -1)}'`;
}

/** The exact decimal digits of a positive finite double: value = 0.digits × 10^dp. */
function exactDecimal(x: number): { d: string; dp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (expBits === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  if (mant === 0n) return { d: "", dp: 0 };
  let s: string;
  let dp: number;
  if (e >= 0) {
    s = (mant << BigInt(e)).toString();
    dp = s.length;
  } else {
    s = (mant * 5n ** BigInt(-e)).toString();
    dp = s.length + e;
  }
  return { d: s.replace(/0+$/, ""), dp };
}

/** Rounds exact digits to nd digits, half to even (strconv's decimal.Round). */
function roundDigits(dec: { d: string; dp: number }, nd: number): { d: string; dp: number } {
  const { d, dp } = dec;
  if (nd < 0) return { d: "", dp: 0 };
  if (nd >= d.length) return dec;
  const c = d.charCodeAt(nd) - 48;
  let up: boolean;
  if (c === 5 && nd + 1 === d.length) up = nd > 0 && (d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = c >= 5;
  if (!up) return { d: d.slice(0, nd).replace(/0+$/, ""), dp };
  let i = nd - 1;
  while (i >= 0 && d[i] === "9") i--;
  if (i < 0) return { d: "1", dp: dp + 1 };
  return { d: (d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1)).replace(/0+$/, ""), dp };
}

function fmtE(dig: { d: string; dp: number }, prec: number, e: string): string {
  let out = dig.d.length === 0 ? "0" : dig.d[0]!;
  if (prec > 0) {
    out += ".";
    let i = 1;
    const m = Math.min(dig.d.length, prec + 1);
    if (i < m) {
      out += dig.d.slice(i, m);
      i = m;
    }
    for (; i <= prec; i++) out += "0";
  }
  let exp = dig.dp - 1;
  if (dig.d.length === 0) exp = 0;
  const sign = exp < 0 ? "-" : "+";
  exp = Math.abs(exp);
  return `${out}${e}${sign}${exp < 10 ? "0" : ""}${exp}`;
}

function fmtF(dig: { d: string; dp: number }, prec: number): string {
  let out = "";
  if (dig.dp > 0) {
    const m = Math.min(dig.d.length, dig.dp);
    out += dig.d.slice(0, m) + "0".repeat(dig.dp - m);
  } else out += "0";
  if (prec > 0) {
    out += ".";
    for (let i = 1; i <= prec; i++) {
      const j = dig.dp + i - 1;
      out += j >= 0 && j < dig.d.length ? dig.d[j] : "0";
    }
  }
  return out;
}

/** strconv.FormatFloat(x, fmt, prec, 64) for e, E, f, F, g, G. */
export function formatFloat(x: number, verb: string, prec: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  const neg = x < 0 || Object.is(x, -0);
  const sign = neg ? "-" : "";
  const abs = Math.abs(x);
  const lower = verb.toLowerCase();
  const e = verb === "E" || verb === "G" ? "E" : "e";
  if (prec < 0) {
    // Shortest: the digits that read back.
    if (lower === "g") {
      const s = goFormatFloat(abs);
      return sign + (e === "E" ? s.toUpperCase() : s);
    }
    const [m, ex] = abs.toExponential().split("e") as [string, string];
    const digits = { d: abs === 0 ? "" : m.replace(".", "").replace(/0+$/, ""), dp: Number(ex) + 1 };
    if (lower === "e") return sign + fmtE(digits, Math.max(digits.d.length - 1, 0), e);
    return sign + fmtF(digits, Math.max(digits.d.length - digits.dp, 0));
  }
  const exact = abs === 0 ? { d: "", dp: 0 } : exactDecimal(abs);
  switch (lower) {
    case "e":
      return sign + fmtE(roundDigits(exact, prec + 1), prec, e);
    case "f":
      return sign + fmtF(roundDigits(exact, exact.dp + prec), prec);
    default: {
      if (prec === 0) prec = 1;
      const dig = roundDigits(exact, prec);
      let eprec = prec;
      if (eprec > dig.d.length && dig.d.length >= dig.dp) eprec = dig.d.length;
      const exp = dig.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > dig.d.length) prec = dig.d.length;
        return sign + fmtE(dig, prec - 1, e);
      }
      if (prec > dig.dp) prec = dig.d.length;
      return sign + fmtF(dig, Math.max(prec - dig.dp, 0));
    }
  }
}

/** A ...any argument: a nil interface is `undefined`, anything else its concrete value. */
export type Arg = Concrete | undefined;

const isStringArg = (a: Arg) => typeof a === "string";

/** fmt.Sprint. */
export function goSprint(args: Arg[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = isStringArg(arg);
    if (i > 0 && !isString && !prevString) p.buf += " ";
    p.printArg(arg, "v");
    prevString = isString;
  });
  return p.buf;
}

/** fmt.Sprintln. */
export function goSprintln(args: Arg[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0) p.buf += " ";
    p.printArg(arg, "v");
  });
  return p.buf + "\n";
}

/** fmt.Sprint of a map or slice element chain, for messages: `%v` of one value. */
export function goSprintValue(v: Value): string {
  const p = new Printer();
  p.printValue(v, "v", 0);
  return p.buf;
}

const tooLarge = (x: number) => x > 1e6 || x < -1e6;

function parsenum(s: string, start: number, end: number): [number, boolean, number] {
  if (start >= end) return [0, false, end];
  let num = 0;
  let isnum = false;
  let i = start;
  for (; i < end && s[i]! >= "0" && s[i]! <= "9"; i++) {
    if (tooLarge(num)) return [0, false, end];
    num = num * 10 + (s.charCodeAt(i) - 48);
    isnum = true;
  }
  return [num, isnum, i];
}

/** fmt.Sprintf. */
export function goSprintf(format: string, a: Arg[]): string {
  const p = new Printer();
  const end = format.length;
  let argNum = 0;
  let afterIndex = false;
  let reordered = false;
  let goodArgNum = true;

  const argNumber = (argNum: number, i: number): [number, number, boolean] => {
    if (format.length <= i || format[i] !== "[") return [argNum, i, false];
    reordered = true;
    const rest = format.slice(i);
    let index = 0;
    let wid = 1;
    let ok = false;
    if (rest.length >= 3) {
      for (let k = 1; k < rest.length; k++) {
        if (rest[k] === "]") {
          const [w, isnum, newi] = parsenum(rest, 1, k);
          if (!isnum || newi !== k) {
            wid = k + 1;
            ok = false;
          } else {
            index = w - 1;
            wid = k + 1;
            ok = true;
          }
          break;
        }
      }
    }
    if (ok && index >= 0 && index < a.length) return [index, i + wid, true];
    goodArgNum = false;
    return [argNum, i + wid, ok];
  };
  const intFromArg = (argNum: number): [number, boolean, number] => {
    let num = 0;
    let isInt = false;
    let next = argNum;
    if (argNum < a.length) {
      const v = a[argNum];
      if (v instanceof GoNum && !v.isFloat) {
        const n = v.big;
        if (n >= -(2n ** 63n) && n < 2n ** 63n) {
          num = Number(n);
          isInt = true;
        }
      }
      next = argNum + 1;
      if (tooLarge(num)) {
        num = 0;
        isInt = false;
      }
    }
    return [num, isInt, next];
  };

  let i = 0;
  formatLoop: while (i < end) {
    goodArgNum = true;
    const lasti = i;
    while (i < end && format[i] !== "%") i++;
    if (i > lasti) p.buf += format.slice(lasti, i);
    if (i >= end) break;
    i++;
    p.f = clearFlags();
    simple: for (; i < end; i++) {
      const c = format[i]!;
      switch (c) {
        case "#":
          p.f.sharp = true;
          break;
        case "0":
          p.f.zero = !p.f.minus;
          break;
        case "+":
          p.f.plus = true;
          break;
        case "-":
          p.f.minus = true;
          p.f.zero = false;
          break;
        case " ":
          p.f.space = true;
          break;
        default:
          if (c >= "a" && c <= "z" && argNum < a.length) {
            if (c === "v") {
              p.f.sharpV = p.f.sharp;
              p.f.sharp = false;
              p.f.plusV = p.f.plus;
              p.f.plus = false;
            }
            p.printArg(a[argNum], c);
            argNum++;
            i++;
            continue formatLoop;
          }
          break simple;
      }
    }
    [argNum, i, afterIndex] = argNumber(argNum, i);
    if (i < end && format[i] === "*") {
      i++;
      [p.f.wid, p.f.widPresent, argNum] = intFromArg(argNum);
      if (!p.f.widPresent) p.buf += "%!(BADWIDTH)";
      if (p.f.wid < 0) {
        p.f.wid = -p.f.wid;
        p.f.minus = true;
        p.f.zero = false;
      }
      afterIndex = false;
    } else {
      [p.f.wid, p.f.widPresent, i] = parsenum(format, i, end);
      if (afterIndex && p.f.widPresent) goodArgNum = false;
    }
    if (i + 1 < end && format[i] === ".") {
      i++;
      if (afterIndex) goodArgNum = false;
      [argNum, i, afterIndex] = argNumber(argNum, i);
      if (i < end && format[i] === "*") {
        i++;
        [p.f.prec, p.f.precPresent, argNum] = intFromArg(argNum);
        if (p.f.prec < 0) {
          p.f.prec = 0;
          p.f.precPresent = false;
        }
        if (!p.f.precPresent) p.buf += "%!(BADPREC)";
        afterIndex = false;
      } else {
        [p.f.prec, p.f.precPresent, i] = parsenum(format, i, end);
        if (!p.f.precPresent) {
          p.f.prec = 0;
          p.f.precPresent = true;
        }
      }
    }
    if (!afterIndex) [argNum, i, afterIndex] = argNumber(argNum, i);
    if (i >= end) {
      p.buf += "%!(NOVERB)";
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === "%") p.buf += "%";
    else if (!goodArgNum) p.buf += `%!${verb}(BADINDEX)`;
    else if (argNum >= a.length) p.buf += `%!${verb}(MISSING)`;
    else {
      if (verb === "v") {
        p.f.sharpV = p.f.sharp;
        p.f.sharp = false;
        p.f.plusV = p.f.plus;
        p.f.plus = false;
      }
      p.printArg(a[argNum], verb);
      argNum++;
    }
  }
  if (!reordered && argNum < a.length) {
    p.f = clearFlags();
    p.buf += "%!(EXTRA ";
    a.slice(argNum).forEach((arg, k) => {
      if (k > 0) p.buf += ", ";
      if (arg === undefined) p.buf += "<nil>";
      else {
        p.buf += `${typeName(arg)}=`;
        p.printArg(arg, "v");
      }
    });
    p.buf += ")";
  }
  return p.buf;
}

import { UsageError } from "./io.js";

/**
 * The value types of kubectl's flags (spf13/pflag): `bool` takes no value (`--watch`, `--watch=false`), `int`
 * is Go's `ParseInt(s, 0, 64)`, `level` klog's `-v` (`ParseInt(s, 10, 32)`), `slice` a comma-separated list that
 * repeats (`-L a,b -L c`), `array` a value per use (`--load a --load b`).
 */
export type FlagType = "bool" | "string" | "int" | "level" | "slice" | "array";

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /** The value of the flag given without one (pflag's `NoOptDefVal`), e.g. `--dry-run` meaning `client`. */
  noValue?: string;
}

export type FlagValue = boolean | string | bigint | string[];

/** A command line read the way kubectl (cobra and pflag) reads it. */
export interface ParsedFlags {
  /** Each flag given, by its long name (repeated `slice` and `array` flags accumulate). */
  values: Map<string, FlagValue>;
  positionals: string[];
}

const INT64_MAX = 2n ** 63n - 1n;

/** Go's `strconv.ParseBool`. */
function parseBool(text: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  return undefined;
}

/** Go's `strconv.ParseInt(s, base, bits)` for base 0 (prefixes, underscores) or 10: the value or Go's error. */
function parseInt(text: string, base: 0 | 10, bits: 32 | 64): bigint | "syntax" | "range" {
  let rest = text;
  let negative = false;
  if (rest.startsWith("+") || rest.startsWith("-")) {
    negative = rest.startsWith("-");
    rest = rest.slice(1);
  }
  let radix = 10;
  let digits = rest;
  if (base === 0) {
    const prefix = /^0([xXoObB])/.exec(rest);
    if (prefix) {
      radix = { x: 16, o: 8, b: 2 }[prefix[1]!.toLowerCase() as "x" | "o" | "b"];
      digits = rest.slice(2);
    } else if (rest.length > 1 && rest.startsWith("0")) {
      radix = 8;
      digits = rest.slice(1);
    }
    // Underscores only between digits (or after a base prefix), as Go's underscoreOK allows.
    if (digits.includes("_")) {
      if (!/^_?[0-9a-zA-Z]+(?:_[0-9a-zA-Z]+)*$/.test(digits) || (digits.startsWith("_") && radix === 10))
        return "syntax";
      digits = digits.replaceAll("_", "");
    }
  }
  const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, radix);
  if (digits === "" || [...digits.toLowerCase()].some((c) => !alphabet.includes(c))) return "syntax";
  let value = 0n;
  for (const c of digits.toLowerCase()) value = value * BigInt(radix) + BigInt(alphabet.indexOf(c));
  const max = bits === 64 ? INT64_MAX : 2n ** 31n - 1n;
  if (negative ? value > max + 1n : value > max) return "range";
  return negative ? -value : value;
}

/** Splits a `slice` flag's value as pflag does (`encoding/csv` reading one record). */
function splitCsv(text: string): string[] | undefined {
  if (text === "") return [];
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) return undefined;
        field += text.slice(i, quote);
        i = quote + 1;
        if (text[i] === '"') {
          field += '"';
          i++;
          continue;
        }
        break;
      }
      if (i < text.length && text[i] !== ",") return undefined;
    } else {
      const comma = text.indexOf(",", i);
      field = text.slice(i, comma < 0 ? text.length : comma);
      if (field.includes('"')) return undefined;
      i = comma < 0 ? text.length : comma;
    }
    out.push(field);
    if (i >= text.length) return out;
    i++; // the comma
  }
}

/** Go's `%q` of one character, as pflag quotes a shorthand letter. */
function quoteRune(c: string): string {
  if (c === "'") return "'\\''";
  if (c === "\\") return "'\\\\'";
  const code = c.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, "0")}'`;
  return `'${c}'`;
}

/**
 * Reads a command line as kubectl does (spf13/pflag with interspersed arguments): `--name=value`, `--name value`,
 * `-n value`, `-nvalue`, `-n=value`, bundled booleans (`-Aw`), `--` ending the flags, underscores in long names
 * read as dashes. A mistake throws a {@link UsageError} with pflag's own wording (`unknown flag: --x`,
 * `flag needs an argument: 'o' in -o`, `invalid argument "x" for "--chunk-size" flag: …`).
 */
export function parseFlags(args: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short !== undefined).map((s) => [s.short!, s]));
  const values = new Map<string, FlagValue>();
  const positionals: string[] = [];

  const label = (spec: FlagSpec) => (spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`);
  const set = (spec: FlagSpec, text: string): void => {
    const invalid = (why: string) =>
      new UsageError(`invalid argument ${goQuote(text)} for ${goQuote(label(spec))} flag: ${why}`);
    switch (spec.type) {
      case "bool": {
        const b = parseBool(text);
        if (b === undefined) throw invalid(`strconv.ParseBool: parsing ${goQuote(text)}: invalid syntax`);
        values.set(spec.name, b);
        return;
      }
      case "int":
      case "level": {
        const n = spec.type === "int" ? parseInt(text, 0, 64) : parseInt(text, 10, 32);
        if (typeof n === "string")
          throw invalid(
            `strconv.ParseInt: parsing ${goQuote(text)}: ${n === "syntax" ? "invalid syntax" : "value out of range"}`,
          );
        values.set(spec.name, n);
        return;
      }
      case "slice": {
        const parts = splitCsv(text);
        if (parts === undefined) throw invalid(`parse error: extraneous or missing " in quoted-field`);
        const before = values.get(spec.name);
        values.set(spec.name, [...(Array.isArray(before) ? before : []), ...parts]);
        return;
      }
      case "array": {
        const before = values.get(spec.name);
        values.set(spec.name, [...(Array.isArray(before) ? before : []), text]);
        return;
      }
      case "string":
        values.set(spec.name, text);
    }
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = (eq < 0 ? arg.slice(2) : arg.slice(2, eq)).replaceAll("_", "-");
      const spec = byName.get(name);
      if (!spec) throw new UsageError(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, arg.slice(eq + 1));
      else if (spec.type === "bool") set(spec, "true");
      else if (spec.noValue !== undefined) set(spec, spec.noValue);
      else if (i + 1 < args.length) set(spec, args[++i]!);
      else throw new UsageError(`flag needs an argument: --${name}`);
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      let rest = arg.slice(1);
      while (rest.length > 0) {
        const c = String.fromCodePoint(rest.codePointAt(0)!);
        const spec = byShort.get(c);
        if (!spec) throw new UsageError(`unknown shorthand flag: ${quoteRune(c)} in -${rest}`);
        const after = rest.slice(c.length);
        if (after.startsWith("=")) {
          set(spec, after.slice(1));
          rest = "";
        } else if (spec.type === "bool") {
          set(spec, "true");
          rest = after;
        } else if (after.length > 0) {
          set(spec, after);
          rest = "";
        } else if (i + 1 < args.length) {
          set(spec, args[++i]!);
          rest = "";
        } else throw new UsageError(`flag needs an argument: ${quoteRune(c)} in -${rest}`);
      }
      continue;
    }
    positionals.push(arg);
  }
  return { values, positionals };
}

/** Go's `%q` of a string (strconv.Quote): what pflag puts in its messages. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Reads parsed flags with their types: `flags.string("output")`, `flags.bool("watch")`. */
export class Flags {
  readonly positionals: string[];
  readonly #values: Map<string, FlagValue>;

  constructor(parsed: ParsedFlags) {
    this.positionals = parsed.positionals;
    this.#values = parsed.values;
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  string(name: string): string | undefined {
    const v = this.#values.get(name);
    return typeof v === "string" ? v : undefined;
  }

  bool(name: string): boolean {
    return this.#values.get(name) === true;
  }

  int(name: string): bigint | undefined {
    const v = this.#values.get(name);
    return typeof v === "bigint" ? v : undefined;
  }

  list(name: string): string[] {
    const v = this.#values.get(name);
    return Array.isArray(v) ? v : [];
  }
}

/** {@link parseFlags}, read through {@link Flags}. */
export function readFlags(args: readonly string[], specs: readonly FlagSpec[]): Flags {
  return new Flags(parseFlags(args, specs));
}

/** An option in `node:util` parseArgs' shape, for commands that read their flags as a record. */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
  noValue?: string;
}

/**
 * {@link parseFlags} with `node:util` parseArgs' result shape (`values` by long name, defaults applied), so every
 * command reads its command line as kubectl would and reports mistakes in one style.
 */
export function parseCommandArgs<T extends Record<string, OptionSpec>>(
  args: readonly string[],
  options: T,
): {
  values: {
    [K in keyof T]:
      | (T[K]["multiple"] extends true ? string[] : T[K]["type"] extends "boolean" ? boolean : string)
      | (T[K] extends { default: string | boolean } ? never : undefined);
  };
  positionals: string[];
} {
  const specs: FlagSpec[] = Object.entries(options).map(([name, o]) => ({
    name,
    ...(o.short !== undefined ? { short: o.short } : {}),
    type: o.type === "boolean" ? "bool" : o.multiple ? "array" : "string",
    ...(o.noValue !== undefined ? { noValue: o.noValue } : {}),
  }));
  const parsed = parseFlags(args, specs);
  const values: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(options)) {
    const v = parsed.values.get(name);
    values[name] = v !== undefined ? v : o.default;
  }
  return { values: values as never, positionals: parsed.positionals };
}

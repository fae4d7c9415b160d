import { compareUtf8 } from "../go/json.js";
import { goQuote } from "../go/quote.js";
import { goFormatFloat } from "../go/sprint.js";

/**
 * Go's view of values decoded from JSON the way kubectl decodes them (apimachinery unstructured): integers that
 * fit int64 are `int64` (a JavaScript integer or bigint), other numbers `float64`, objects
 * `map[string]interface {}`, arrays `[]interface {}`. Two kinds only a jsonpath template makes: a float literal
 * ({@link GoFloat}, so `1.0` stays a float) and the bytes of a string a wildcard walks ({@link GoByte}).
 */
export class GoFloat {
  constructor(readonly value: number) {}
}

/** A `uint8`: one byte of a string's UTF-8 encoding, as Go's reflect indexes strings. */
export class GoByte {
  constructor(readonly value: number) {}
}

export type GoKind = "nil" | "bool" | "int" | "uint" | "float" | "string" | "slice" | "map";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The reflect kind of a decoded value. */
export function goKind(v: unknown): GoKind {
  if (v === null || v === undefined) return "nil";
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "string":
      return "string";
    case "number":
      // -0 is a float64: the integer literal -0 decodes as the int64 0, which the lossless parse makes +0. An
      // integer beyond 2^53 is a float64 too: the lossless parse makes integer literals that large bigints.
      return Number.isSafeInteger(v) && !Object.is(v, -0) ? "int" : "float";
    case "bigint":
      return v >= INT64_MIN && v <= INT64_MAX ? "int" : "float";
  }
  if (v instanceof GoFloat) return "float";
  if (v instanceof GoByte) return "uint";
  return Array.isArray(v) ? "slice" : "map";
}

/** The Go type name reflect reports (`map[string]interface {}`, `int64`, …). */
export function goTypeName(v: unknown): string {
  switch (goKind(v)) {
    case "map":
      return "map[string]interface {}";
    case "slice":
      return "[]interface {}";
    case "int":
      return "int64";
    case "uint":
      return "uint8";
    case "float":
      return "float64";
    case "bool":
      return "bool";
    case "string":
      return "string";
    case "nil":
      return "<nil>";
  }
}

/** The numeric value of an int, uint or float (as a bigint for ints, a number otherwise). */
export function goNumber(v: unknown): number | bigint {
  if (v instanceof GoFloat || v instanceof GoByte) return v.value;
  if (typeof v === "bigint") return goKind(v) === "int" ? v : Number(v);
  if (typeof v === "number") return goKind(v) === "int" ? BigInt(v) : v;
  return 0;
}

/** Go's `fmt.Sprint` of a decoded value: `map[a:1]`, `[1 2]`, `<nil>`, floats as `%v`. */
export function goSprintValue(v: unknown): string {
  switch (goKind(v)) {
    case "nil":
      return "<nil>";
    case "bool":
      return v ? "true" : "false";
    case "string":
      return v as string;
    case "int":
    case "uint":
      return goNumber(v).toString();
    case "float":
      return goFormatFloat(Number(goNumber(v)));
    case "slice":
      return `[${(v as unknown[]).map(goSprintValue).join(" ")}]`;
    case "map": {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).sort(compareUtf8);
      return `map[${keys.map((k) => `${k}:${goSprintValue(o[k])}`).join(" ")}]`;
    }
  }
}

/** Go's `%#v` of a decoded value, as kubectl prints "the object given to jsonpath engine". */
export function goSyntax(v: unknown): string {
  switch (goKind(v)) {
    case "nil":
      return "interface {}(nil)";
    case "bool":
      return v ? "true" : "false";
    case "string":
      return goQuote(v as string);
    case "int":
    case "uint":
      return goNumber(v).toString();
    case "float":
      return goFormatFloat(Number(goNumber(v)));
    case "slice":
      return `[]interface {}{${(v as unknown[]).map(goSyntax).join(", ")}}`;
    case "map": {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).sort(compareUtf8);
      return `map[string]interface {}{${keys.map((k) => `${goQuote(k)}:${goSyntax(o[k])}`).join(", ")}}`;
    }
  }
}

// The Go values a kubectl template sees. kubectl marshals the object to JSON and decodes it into
// map[string]interface{} with apimachinery's decoder: integers that fit int64 are int64, other numbers float64,
// objects map[string]interface {}, arrays []interface {}. The template adds its own: int constants and lengths,
// float64 and bool constants, strings, and uint8 (a byte of a string). reflect.Value is modelled as:
// undefined (the invalid zero Value), an Iface (a value of kind interface: every map element and slice element is
// one, and so is a nil), or a concrete value. Maps and slices stay the JSON values they are; their elements are
// turned into Go values when read.
import { goJsonNumber } from "../go/json.js";
import { parseGoInt } from "../go/strconv.js";
import { wellFormed } from "./strings.js";

export type NumType = "int" | "int64" | "uint8" | "float64";

/** A Go number: ints as bigint, float64 as number. */
export class GoNum {
  constructor(
    readonly type: NumType,
    readonly v: bigint | number,
  ) {}
  get isFloat(): boolean {
    return this.type === "float64";
  }
  get big(): bigint {
    return typeof this.v === "bigint" ? this.v : BigInt(this.v);
  }
  get num(): number {
    return Number(this.v);
  }
}

export type GoMap = Record<string, unknown>;
export type Concrete = string | boolean | GoNum | unknown[] | GoMap;

/** A reflect.Value of kind Interface (interface {}): what map and slice elements are. `elem` undefined is nil. */
export class Iface {
  constructor(readonly elem: Concrete | undefined) {}
}

export type Value = Concrete | Iface | undefined;

export type Kind = "invalid" | "interface" | "string" | "bool" | NumType | "slice" | "map";

export function kindOf(v: Value): Kind {
  if (v === undefined) return "invalid";
  if (v instanceof Iface) return "interface";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (v instanceof GoNum) return v.type;
  return Array.isArray(v) ? "slice" : "map";
}

/** reflect.Type.String() of a valid value. */
export function typeName(v: Value): string {
  switch (kindOf(v)) {
    case "interface":
      return "interface {}";
    case "slice":
      return "[]interface {}";
    case "map":
      return "map[string]interface {}";
    case "invalid":
      return "<nil>";
    default:
      return kindOf(v);
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A JSON number as the template sees it: int64 when Go's JSON text of it reads as an int64, float64 otherwise. */
export function numberOf(raw: number | bigint): GoNum {
  const text = goJsonNumber(raw);
  if (/^-?\d+$/.test(text)) {
    const i = parseGoInt(text, 10);
    if (i.ok && i.value >= INT64_MIN && i.value <= INT64_MAX) return new GoNum("int64", i.value);
  }
  return new GoNum("float64", Number(raw));
}

/** A JSON value as a concrete Go value (undefined for null). */
export function fromJson(raw: unknown): Concrete | undefined {
  switch (typeof raw) {
    case "string":
      return wellFormed(raw);
    case "number":
    case "bigint":
      return numberOf(raw);
    case "boolean":
      return raw;
    case "object":
      return raw === null ? undefined : (raw as unknown[] | GoMap);
    default:
      return undefined;
  }
}

/** A map or slice element: an interface value. */
export function element(raw: unknown): Iface {
  return new Iface(fromJson(raw));
}

/** indirectInterface: the concrete value in an interface (undefined for nil), other values as they are. */
export function indirectInterface(v: Value): Concrete | undefined {
  return v instanceof Iface ? v.elem : v;
}

/** The length of a string (bytes), slice or map. */
export function lengthOf(v: string | unknown[] | GoMap, byteLength: (s: string) => number): number {
  if (typeof v === "string") return byteLength(v);
  return Array.isArray(v) ? v.length : Object.keys(v).length;
}

/** isTrue: the truth of a value, and whether it has one. */
export function isTrue(v: Value, byteLength: (s: string) => number): [boolean, boolean] {
  if (v === undefined) return [false, true];
  if (v instanceof Iface) return [v.elem !== undefined, true];
  if (typeof v === "boolean") return [v, true];
  if (v instanceof GoNum) return [v.isFloat ? v.num !== 0 : v.big !== 0n, true];
  return [lengthOf(v, byteLength) > 0, true];
}

/**
 * JSON values as structured-merge-diff sees them (sigs.k8s.io/structured-merge-diff/v4/value): integers (int64:
 * whole JS numbers and the `bigint`s of a lossless parse), floats, strings, booleans, lists, maps and null, with
 * its total order (numbers < strings < booleans < lists < maps < null) and its equality (an int equals the float of
 * the same value).
 */
import { setOwn } from "../../internal/own-property.js";
import { goFloatV, goJsonString, goQuote } from "./go-text.js";

/** A JSON value; `bigint` holds an integer that does not fit a JS number exactly. */
export type Value = null | boolean | number | bigint | string | Value[] | { [key: string]: Value };
export type ValueMap = { [key: string]: Value };

export function isMap(v: unknown): v is ValueMap {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isInt(v: unknown): v is number | bigint {
  return typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v) && !Object.is(v, -0));
}

export function isFloat(v: unknown): v is number {
  return typeof v === "number" && !isInt(v);
}

/** The keys of a map that hold a value (`undefined` members of a JS object are not there for JSON). */
export function mapKeys(m: ValueMap): string[] {
  return Object.keys(m).filter((k) => m[k] !== undefined);
}

/**
 * The member `k` of a map, own members only: a document's key may be `constructor` or `__proto__`, which `m[k]`
 * would find on Object.prototype when `m` lacks it.
 */
export function member(m: ValueMap, k: string): Value | undefined {
  return Object.hasOwn(m, k) ? m[k] : undefined;
}

function numericCompare(a: number | bigint, b: number | bigint): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  if (x === y && (typeof a === "bigint" || typeof b === "bigint")) {
    // Past 2^53 the float comparison can tie where the integers differ.
    const big = (v: number | bigint) => (typeof v === "bigint" ? v : BigInt(Math.trunc(v)));
    if (Number.isInteger(x)) return numericCompare(big(a), big(b));
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

function rank(v: Value): number {
  if (typeof v === "number" || typeof v === "bigint") return 0;
  if (typeof v === "string") return 1;
  if (typeof v === "boolean") return 2;
  if (Array.isArray(v)) return 3;
  if (isMap(v)) return 4;
  return 5;
}

/** structured-merge-diff's total order of values (`value.Compare`): -1, 0 or 1. */
export function compareValues(a: Value, b: Value): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return numericCompare(a as number | bigint, b as number | bigint);
    case 1:
      return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    case 2:
      return a === b ? 0 : a === false ? -1 : 1;
    case 3: {
      const la = a as Value[];
      const lb = b as Value[];
      for (let i = 0; ; i++) {
        if (i >= la.length && i >= lb.length) return 0;
        if (i >= la.length) return -1;
        if (i >= lb.length) return 1;
        const c = compareValues(la[i]!, lb[i]!);
        if (c !== 0) return c;
      }
    }
    case 4: {
      const ma = a as ValueMap;
      const mb = b as ValueMap;
      const ka = mapKeys(ma).sort();
      const kb = mapKeys(mb).sort();
      const keys = [...new Set([...ka, ...kb])].sort();
      for (let i = 0; i < keys.length; i++) {
        if (i === ka.length) return -1;
        if (i === kb.length) return 1;
        const k = keys[i]!;
        const va = member(ma, k);
        const vb = member(mb, k);
        if (va === undefined) return 1;
        if (vb === undefined) return -1;
        const c = compareValues(va, vb);
        if (c !== 0) return c;
      }
      return 0;
    }
    default:
      return 0;
  }
}

/** structured-merge-diff's equality (`value.Equals`): numbers compare by value, maps by their members. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  const ra = rank(a);
  if (ra !== rank(b)) return false;
  switch (ra) {
    case 0:
      return numericCompare(a as number | bigint, b as number | bigint) === 0;
    case 3: {
      const la = a as Value[];
      const lb = b as Value[];
      return la.length === lb.length && la.every((x, i) => valuesEqual(x, lb[i]!));
    }
    case 4: {
      const ma = a as ValueMap;
      const mb = b as ValueMap;
      const ka = mapKeys(ma);
      if (ka.length !== mapKeys(mb).length) return false;
      return ka.every((k) => {
        const vb = member(mb, k);
        return vb !== undefined && valuesEqual(ma[k]!, vb);
      });
    }
    default:
      return false;
  }
}

/** The value as Go's encoding/json writes it: map keys sorted, HTML characters escaped. */
export function goJson(v: Value): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "string") return goJsonString(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(",")}]`;
  const keys = mapKeys(v).sort();
  return `{${keys.map((k) => `${goJsonString(k)}:${goJson(v[k]!)}`).join(",")}}`;
}

/** A value in a path's text (structured-merge-diff's `value.ToString`): strings quoted as Go's `%q`. */
export function valueToString(v: Value): string {
  if (v === null) return "null";
  if (isFloat(v)) return goFloatV(v);
  if (typeof v === "number" || typeof v === "bigint") return v.toString();
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(valueToString).join(",")}]`;
  return mapKeys(v)
    .sort()
    .map((k) => `${k}=${valueToString(v[k]!)}`)
    .join("");
}

/** A deep copy of a JSON value (bigints kept). */
export function copyValue<T extends Value>(v: T): T {
  if (Array.isArray(v)) return v.map(copyValue) as T;
  if (isMap(v)) {
    const out: ValueMap = {};
    for (const k of Object.keys(v)) if (v[k] !== undefined) setOwn(out, k, copyValue(v[k]));
    return out as T;
  }
  return v;
}

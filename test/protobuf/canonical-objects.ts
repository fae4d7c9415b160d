import fc from "fast-check";
import { formatGoDuration } from "../../src/protobuf/go-duration.js";
import { compareUtf8 } from "../../src/protobuf/json-text.js";
import type { ProtoField, ProtoMessage, Scalar } from "../../src/protobuf/schema.js";

/**
 * Random objects of a protobuf message in the form the API server writes them in JSON: the fixed points of
 * decode∘encode. Written from Go's rules, not from the decoder: a non-pointer field is present unless it is
 * `omitempty` and zero; a pointer, slice or map is absent (`omitempty`) or null when unset, never an empty `{}` or
 * `[]` (protobuf cannot tell those from unset); structs are always there; map keys are in Go's order.
 */

type Gen = fc.GeneratorValue;
type Obj = Record<string, unknown>;

/** How deep optional fields go (JSONSchemaProps nests without end). */
const MAX_DEPTH = 4;

const text = fc.string({ unit: fc.constantFrom(...'abcXYZ09-_.:/ <>&"\\\n\té中🚀'), maxLength: 12 });
/** Map keys: never integer-like (JavaScript puts those first whatever the insertion order). */
const key = fc.string({ unit: fc.constantFrom(..."abcxyz-._/<&é"), minLength: 1, maxLength: 8 });

const nat = (g: Gen, max: number) => g(fc.nat, { max });
const chance = (g: Gen, percent: number) => nat(g, 99) < percent;

function scalar(g: Gen, t: Scalar): unknown {
  switch (t) {
    case "string":
      return g(() => text);
    case "bool":
      return g(fc.boolean);
    case "int32":
      return g(fc.integer, { min: -(2 ** 31), max: 2 ** 31 - 1 });
    case "int64": {
      const v = g(() =>
        fc.oneof(
          fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
          fc.bigInt({ min: -1000n, max: 1000n }),
        ),
      );
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    case "double":
      return g(fc.double, { noNaN: true, noDefaultInfinity: true });
    case "bytes":
      return Buffer.from(g(fc.uint8Array, { maxLength: 9 })).toString("base64");
  }
}

function isZero(t: Scalar, v: unknown): boolean {
  return v === "" || v === false || v === 0;
}

/** Raw JSON as Go keeps it after a parse: no -0, integers beyond 2^53 as bigint, keys not integer-like. */
function rawJson(g: Gen, depth: number): unknown {
  switch (nat(g, depth > 2 ? 4 : 6)) {
    case 0:
      return null;
    case 1:
      return g(fc.boolean);
    case 2:
      return g(() =>
        fc.oneof(
          fc.integer(),
          fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
        ),
      );
    case 3:
      return g(fc.bigInt, { min: 2n ** 60n, max: 2n ** 62n });
    case 4:
      return g(() => text);
    case 5:
      return Array.from({ length: nat(g, 3) }, () => rawJson(g, depth + 1));
    default: {
      const out: Obj = {};
      for (let i = nat(g, 3); i > 0; i--) out[`k${g(() => key)}`] = rawJson(g, depth + 1);
      return out;
    }
  }
}

/** Forms whose zero value is JSON null (so null is a value an unset non-pointer field decodes to). */
const NULL_ZERO = new Set([
  "time",
  "microTime",
  "rawExtension",
  "rawJson",
  "unknown",
  "schemaOrArray",
  "schemaOrStringArray",
]);

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** Seconds from year 1 to 9999, not Go's zero time (0001-01-01T00:00:00Z), which JSON writes as null. */
function time(g: Gen, micro: boolean): string {
  const seconds = g(fc.integer, { min: -62135596799, max: 253402300799 });
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  return micro ? `${iso}.${pad(nat(g, 999999), 6)}Z` : `${iso}Z`;
}

const CANONICAL_QUANTITIES: string[] = [];

/** Canonical quantities to draw from (Go's own output is canonical). */
export function useQuantities(values: string[]): void {
  CANONICAL_QUANTITIES.push(...values);
}

/** A value of `type` in its JSON form; null only when `allowNull` and null is that type's zero value. */
export function messageValue(g: Gen, type: ProtoMessage, depth: number, allowNull: boolean): unknown {
  if (allowNull && NULL_ZERO.has(type.form) && chance(g, 20)) return null;
  const deep = depth >= MAX_DEPTH;
  switch (type.form) {
    case "struct":
      return struct(g, type, depth, {});
    case "stringList":
      return Array.from({ length: nat(g, 3) }, () => g(() => text));
    case "time":
    case "microTime":
      return time(g, type.form === "microTime");
    case "duration":
      return formatGoDuration(g(fc.bigInt, { min: -(2n ** 63n), max: 2n ** 63n - 1n }));
    case "intOrString":
      return chance(g, 50) ? g(fc.integer, { min: -(2 ** 31), max: 2 ** 31 - 1 }) : g(() => text);
    case "quantity":
      return CANONICAL_QUANTITIES[nat(g, CANONICAL_QUANTITIES.length - 1)];
    case "rawExtension":
    case "rawJson":
    case "unknown": {
      const v = rawJson(g, 0);
      return v === null && !allowNull ? {} : v;
    }
    case "schemaOrArray": {
      const schema = type.byNumber[1]!.type as ProtoMessage;
      if (deep || chance(g, 50)) return struct(g, schema, depth + 1, {});
      return Array.from({ length: 1 + nat(g, 1) }, () => struct(g, schema, depth + 1, {}));
    }
    case "schemaOrBool":
      return deep || chance(g, 60)
        ? g(fc.boolean)
        : struct(g, type.byNumber[2]!.type as ProtoMessage, depth + 1, {});
    case "schemaOrStringArray":
      return deep || chance(g, 50)
        ? Array.from({ length: 1 + nat(g, 2) }, () => g(() => text))
        : struct(g, type.byNumber[1]!.type as ProtoMessage, depth + 1, {});
  }
}

function struct(g: Gen, type: ProtoMessage, depth: number, out: Obj): Obj {
  for (const f of type.fields) field(g, f, depth, out);
  return out;
}

/** Sets (or leaves out) one field as Go's encoding/json writes it. */
function field(g: Gen, f: ProtoField, depth: number, out: Obj): void {
  const t = f.type;
  const deep = depth >= MAX_DEPTH;
  const unset = () => {
    if (!f.omitempty) out[f.json] = null;
  };
  if (f.inline) {
    struct(g, t as ProtoMessage, depth, out);
    return;
  }
  if (f.map) {
    if (deep || chance(g, 50)) return unset();
    const keys = [...new Set(Array.from({ length: 1 + nat(g, 2) }, () => g(() => key)))].sort(compareUtf8);
    const map: Obj = {};
    for (const k of keys)
      map[k] = typeof t === "string" ? scalar(g, t) : messageValue(g, t, depth + 1, t.form !== "stringList");
    out[f.json] = map;
    return;
  }
  if (f.repeated) {
    if (deep || chance(g, 50)) return unset();
    out[f.json] = Array.from({ length: 1 + nat(g, 2) }, () =>
      typeof t === "string" ? scalar(g, t) : messageValue(g, t, depth + 1, true),
    );
    return;
  }
  if (typeof t === "string") {
    if (f.pointer) {
      if (deep || chance(g, 40)) return unset();
      out[f.json] = scalar(g, t);
      return;
    }
    if (t === "bytes") {
      const v = chance(g, 40) ? undefined : (scalar(g, t) as string);
      if (v === undefined || (f.omitempty && v === "")) return unset();
      out[f.json] = v;
      return;
    }
    const v = chance(g, 30) ? (t === "string" ? "" : t === "bool" ? false : 0) : scalar(g, t);
    if (!(f.omitempty && isZero(t, v))) out[f.json] = v;
    return;
  }
  if (f.pointer) {
    if (deep || chance(g, 50)) return unset();
    out[f.json] = messageValue(g, t, depth + 1, false);
    return;
  }
  if (t.form === "stringList") {
    if (chance(g, 40)) return unset();
    const list = messageValue(g, t, depth + 1, false) as unknown[];
    if (f.omitempty && list.length === 0) return unset();
    out[f.json] = list;
    return;
  }
  out[f.json] = messageValue(g, t, depth + 1, true);
}

/** A whole object of `kind`: `kind` and `apiVersion` first, as the decoder writes them from the envelope. */
export function canonicalObject(g: Gen, type: ProtoMessage, apiVersion: string, kind: string): Obj {
  return struct(g, type, 0, { kind, apiVersion });
}

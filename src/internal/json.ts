/**
 * The two questions every layer asks of parsed JSON, answered once.
 *
 * Values here are what `JSON.parse`, `parseJsonLossless` or a caller building objects by hand produce: plain
 * objects, arrays, strings, numbers (a `bigint` where a lossless parse kept an integer beyond 2^53 exact),
 * booleans and null, plus the `undefined` a caller's object may hold where JSON would have no key.
 *
 * Semantics, chosen once (docs/design.md, "JSON values"):
 * - A JSON object is any non-null object that is not an array. The prototype is not checked: objects from
 *   `JSON.parse` and object literals both count, and a class instance is never in a JSON value in the first place.
 * - Two values are equal when they are the same JSON document: key order does not matter; a key holding
 *   `undefined` is the same as no key (`JSON.stringify` drops it, the wire never sees it); numbers compare by
 *   value, so the bigint `1n` equals the number `1` (a lossless and a plain parse of the same text agree); `0` and
 *   `-0` are equal (JSON's `-0` is a spelling of zero); arrays compare item by item and never equal an object.
 *   `NaN` (not JSON, but a caller may hold it) equals `NaN`, so that a value always equals itself.
 */

/** A JSON object: string keys, any values. */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a JSON object (a non-null, non-array object). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const hasOwn = (o: JsonObject, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function sameNumber(a: unknown, b: unknown): boolean {
  if (typeof a === "number") {
    if (typeof b === "number") return a !== a && b !== b; // NaN; other equal numbers were `===`
    return typeof b === "bigint" && Number.isInteger(a) && BigInt(a) === b;
  }
  return typeof a === "bigint" && typeof b === "number" && Number.isInteger(b) && BigInt(b) === a;
}

/** Whether two values are the same JSON document (see the module's semantics: undefined is absent, 1n is 1). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return sameNumber(a, b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as JsonObject;
  const y = b as JsonObject;
  let defined = 0;
  for (const k of Object.keys(x)) {
    const v = x[k];
    if (v === undefined) continue;
    defined++;
    // Own keys only: an inherited `constructor` or `__proto__` is no key of a JSON document.
    if (!hasOwn(y, k) || !jsonEqual(v, y[k])) return false;
  }
  for (const k of Object.keys(y)) if (y[k] !== undefined) defined--;
  return defined === 0;
}

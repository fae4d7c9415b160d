import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { omitManagedFields, toKubectlList } from "../../src/kubectl/index.js";
import { isJsonObject } from "../../src/internal/json.js";

/**
 * kubectl's view copies items key by key rather than with an object spread (V8 adds keys to a spread copy of a
 * parsed object slowly). Property: the copies are those the spreads made (code before the change, below): same
 * keys in the same order, `__proto__` an own key and never the prototype, symbols kept, the input untouched.
 */
type Obj = Record<string, unknown>;

function referenceOmit(object: unknown): unknown {
  if (!isJsonObject(object) || !isJsonObject(object.metadata) || !("managedFields" in object.metadata))
    return object;
  const { managedFields: _dropped, ...metadata } = object.metadata;
  return { ...object, metadata };
}

function referenceItem(item: unknown, kind: string, apiVersion: string): unknown {
  if (!isJsonObject(item)) return item;
  const noKind = typeof item.kind !== "string" || item.kind === "";
  const noApiVersion = typeof item.apiVersion !== "string" || item.apiVersion === "";
  if (!(noKind && noApiVersion)) return referenceOmit(item);
  if (!isJsonObject(item.metadata) || !("managedFields" in item.metadata))
    return { ...item, apiVersion, kind };
  const { managedFields: _dropped, ...metadata } = item.metadata;
  return { ...item, apiVersion, kind, metadata };
}

/** Every own key (symbols and `__proto__` included), in order, with its value, and each object's prototype. */
function shape(v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v;
  if (Array.isArray(v)) return v.map(shape);
  return {
    proto: Object.getPrototypeOf(v) === Object.prototype,
    entries: Reflect.ownKeys(v).map((k) => [String(k), shape((v as Record<PropertyKey, unknown>)[k])]),
  };
}

const key = fc.constantFrom(
  "name",
  "__proto__",
  "managedFields",
  "kind",
  "apiVersion",
  "0",
  "7",
  "labels",
  "z",
);
const value = fc.constantFrom<unknown>("x", 1, null, { a: 1 }, [1]);
const entries = fc.array(fc.tuple(key, value), { maxLength: 6 });
const symbol = Symbol("s");

/** An object as JSON.parse makes it (`__proto__` an own key), sometimes with a symbol key. */
function objectOf(pairs: [string, unknown][], withSymbol: boolean): Obj {
  const o: Obj = {};
  for (const [k, v] of pairs)
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  if (withSymbol) (o as Record<symbol, unknown>)[symbol] = "sym";
  return o;
}

const item = fc
  .tuple(entries, entries, fc.boolean(), fc.boolean())
  .map(([top, meta, metaSymbol, hasMeta]) => {
    const o = objectOf(top, false);
    if (hasMeta)
      Object.defineProperty(o, "metadata", {
        value: objectOf(meta, metaSymbol),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return o;
  });

describe("kubectl's view copies items as the spreads did", () => {
  it("restores the type and drops managedFields with the same keys, order and prototypes", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 4 }), (items) => {
        const before = shape(items);
        const list = { kind: "ConfigMapList", apiVersion: "v1", items };
        expect(shape(toKubectlList(list).items)).toEqual(
          shape(items.map((i) => referenceItem(i, "ConfigMap", "v1"))),
        );
        expect(shape(items.map((i) => omitManagedFields(i)))).toEqual(shape(items.map(referenceOmit)));
        expect(shape(items)).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });
});

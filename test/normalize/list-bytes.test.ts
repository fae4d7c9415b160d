import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseListBytes } from "../../src/normalize/list-bytes.js";
import { cutBytes } from "../helpers/chunks.js";

/** What the client did before: decode the whole body, then `JSON.parse` it. */
function reference(bytes: Buffer): { value: unknown } | { error: true } {
  try {
    return { value: JSON.parse(bytes.toString("utf8")) as unknown };
  } catch {
    return { error: true };
  }
}

/** The same JSON in the same key order, own `__proto__` keys and all. */
function expectSame(actual: unknown, expected: unknown): void {
  expect(isDeepStrictEqual(actual, expected)).toBe(true);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

/**
 * parseListBytes (runs of `runBytes` and more, over the body cut at `cuts`) either declines or gives exactly what
 * decoding and parsing the whole body gives, and leaves the bytes as they were.
 */
function check(bytes: Buffer, runBytes = 1, cuts: readonly number[] = []): unknown {
  const copy = Buffer.from(bytes);
  const fast = parseListBytes(cutBytes(bytes, cuts), runBytes);
  expect(bytes.equals(copy)).toBe(true);
  if (fast === undefined) return undefined;
  const ref = reference(bytes);
  expect(ref).not.toHaveProperty("error");
  expectSame(fast, (ref as { value: unknown }).value);
  return fast;
}

// Texts that look like the places the parser cuts, and characters of every UTF-8 length.
const tricky = fc.constantFrom(
  '},{"metadata":',
  '},{"apiVersion":',
  '"items":[',
  ',"items":[{"a":1}]}',
  "]}",
  "\\",
  '"',
  "é",
  "€",
  "😀",
  "\u2028",
  "\ufeff",
  "__proto__",
);
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.array(fc.oneof(tricky, fc.string({ maxLength: 3 })), { maxLength: 4 }).map((parts) => parts.join("")),
);
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

/** A value whose nested arrays hold objects starting with `key`: every one of them after the first is a false cut. */
function valueWith(key: string): fc.Arbitrary<unknown> {
  const { value } = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      scalar,
      fc.array(tie("object"), { maxLength: 3 }),
      tie("object"),
    ),
    object: fc
      .tuple(
        fc.oneof(scalar, tie("value")),
        fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), tricky), tie("value"), { maxKeys: 3 }),
      )
      .map(([first, rest]) => {
        // Built key by key, as JSON.parse would, so that "__proto__" is an own key.
        const o: Record<string, unknown> = JSON.parse(JSON.stringify({ [key]: first })) as Record<
          string,
          unknown
        >;
        for (const [k, v] of Object.entries(rest))
          Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
        return o;
      }),
  }));
  return value;
}

/**
 * A list body as an API server writes it (compact, items last) with items starting with `key`; `before` adds keys
 * ahead of the list's metadata. With `other`, also what the parser may decline: an earlier "items" array, one in the
 * metadata, and nested objects that start with `key` (false cuts, which may cost more than the parser allows).
 */
const listBodyWith = (other: boolean) =>
  fc
    .constantFrom("metadata", "apiVersion", "é")
    .chain((key) =>
      fc.record({
        key: fc.constant(key),
        items: fc.array(
          fc
            .tuple(
              valueWith(other ? key : "name"),
              fc.dictionary(fc.string({ maxLength: 6 }), valueWith(other ? key : "name"), { maxKeys: 3 }),
            )
            .map(([first, rest]) => {
              const o: Record<string, unknown> = { [key]: first };
              for (const [k, v] of Object.entries(rest))
                // An index-like key would come first in the object, ahead of `key`.
                if (k !== key && !/^(?:0|[1-9]\d*)$/.test(k))
                  Object.defineProperty(o, k, {
                    value: v,
                    enumerable: true,
                    writable: true,
                    configurable: true,
                  });
              return o;
            }),
          { minLength: 1, maxLength: 6 },
        ),
        metadata: fc.dictionary(
          fc.oneof(fc.string({ maxLength: 6 }), tricky),
          valueWith(other ? "items" : "name"),
          {
            maxKeys: 2,
          },
        ),
        before: fc.constantFrom(
          "",
          '"items":null,',
          '"kind":"PodList",',
          ...(other ? ['"items":[{"x":1}],'] : []),
        ),
        end: fc.constantFrom("}", "}\n", " } \n", "}\r\n\t"),
      }),
    )
    .map(({ items, metadata, before, end }) => {
      const text = `{"apiVersion":"v1",${before}"metadata":${JSON.stringify(metadata)},"items":${JSON.stringify(items)}${end}`;
      return Buffer.from(text);
    });
const listBody = listBodyWith(false);

const STRUCTURE = [0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x22, 0x5c, 0x3a, 0x20, 0x0a, 0x61, 0x30];
const FRAGMENTS = [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0xef, 0xbb, 0xbf];
const mutation = fc.record({
  kind: fc.constantFrom("insert", "delete", "replace"),
  at: fc.nat(),
  byte: fc.constantFrom(...STRUCTURE, ...FRAGMENTS),
});

function mutate(bytes: Buffer, edits: { kind: string; at: number; byte: number }[]): Buffer {
  let out = bytes;
  for (const { kind, at, byte } of edits) {
    const i = at % (out.length + 1);
    const b = Buffer.from([byte]);
    if (kind === "insert") out = Buffer.concat([out.subarray(0, i), b, out.subarray(i)]);
    else if (i < out.length)
      out = Buffer.concat([
        out.subarray(0, i),
        kind === "replace" ? b : Buffer.alloc(0),
        out.subarray(i + 1),
      ]);
  }
  return out;
}

describe("parseListBytes", () => {
  it("parses every list as the API server writes it, item by item, to what JSON.parse of its text gives", () => {
    fc.assert(
      fc.property(
        listBody,
        fc.integer({ min: 1, max: 300 }),
        fc.oneof(fc.array(fc.nat(), { maxLength: 8 }), fc.constant([...Array(2000).keys()])),
        (bytes, runBytes, cuts) => {
          // The same answer whole, in chunks cut anywhere, and in chunks of one byte.
          expect(check(bytes, runBytes)).toBeDefined();
          expect(check(bytes, runBytes, cuts)).toBeDefined();
        },
      ),
      { numRuns: 500 },
    );
  });

  it("declines or agrees with JSON.parse for bodies changed anywhere (structure, escapes, split or invalid UTF-8, a BOM)", () => {
    fc.assert(
      fc.property(
        listBodyWith(true),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (bytes, edits, runBytes, cuts) => {
          check(mutate(bytes, edits), runBytes, cuts);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("declines what it cannot prove: other shapes, bodies that are not JSON", () => {
    const declined = [
      '{"items":[]}',
      '{"items": [{"a":1}]}',
      '{"items":[ {"a":1}]}',
      '{"items":[{"a":1}],"kind":"List"}',
      '{"a\\"items":[{"a":1},{"a":2}]}',
      '{"metadata":{"x":{"items":[{"a":1}]}},"items":[{"a":2}]}',
      '{"items":[{"a":1},{"a":2}]}]}',
      '{"items":[{"a":1},{"a":2}]',
      '\ufeff{"items":[{"a":1}]}',
      '{"items":[{"a\\u0022":1},{"a\\u0022":2}]}',
      '[{"items":[{"a":1}]}]',
      '{"items":[1,2]}',
      "not json",
    ];
    for (const text of declined) expect(parseListBytes([Buffer.from(text)], 1), text).toBeUndefined();
  });

  it("parses the items in runs of many, as one array each", () => {
    const list = {
      kind: "List",
      items: Array.from({ length: 100 }, (_, i) => ({ metadata: { name: `n${i}é` } })),
    };
    const bytes = Buffer.from(JSON.stringify(list));
    for (const runBytes of [1, 30, 100, 1000, bytes.length]) {
      expectSame(check(bytes, runBytes), list);
      expectSame(check(bytes, runBytes, [...Array(bytes.length).keys()]), list);
    }
  });

  it("joins pieces cut inside an item (nested objects that start with the item's first key)", () => {
    const item = (i: number) => ({ metadata: { name: `a${i}` }, refs: [{ metadata: 1 }, { metadata: 2 }] });
    const list = { kind: "PodList", items: [item(1), item(2), item(3)] };
    expectSame(check(Buffer.from(JSON.stringify(list))), list);
  });

  it("leaves to JSON.parse a body whose failed pieces would cost more than the body", () => {
    // One item, with more false cuts than its parses can afford: each failed parse reads the item again.
    const refs = Array.from({ length: 100 }, (_, i) => ({ metadata: i }));
    const one = JSON.stringify({ items: [{ metadata: 0, refs }] });
    expect(parseListBytes([Buffer.from(one)], 1)).toBeUndefined();
    // Items with a false cut each cost less than the body: still parsed item by item.
    const many = { items: Array.from({ length: 50 }, (_, i) => ({ metadata: i, refs: refs.slice(0, 2) })) };
    expectSame(check(Buffer.from(JSON.stringify(many))), many);
  });

  it("keeps a body's own __proto__ keys and the last of duplicate items keys, as JSON.parse does", () => {
    const text =
      '{"__proto__":{"x":1},"items":null,"kind":"L","items":[{"__proto__":2,"a":1},{"__proto__":3,"a":2}]}\n';
    const value = check(Buffer.from(text));
    expect(value).toBeDefined();
    expect(Object.keys(value as object)).toEqual(["__proto__", "items", "kind"]);
  });
});

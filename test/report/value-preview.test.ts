import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compactJson } from "../../src/report/value-preview.js";

/** compactJson as it was: the replacer on every value (the reference the fast path is held to). */
function compactJsonReference(value: unknown): string {
  const text =
    JSON.stringify(value, (_key, v: unknown) =>
      typeof v === "bigint" ? "\u0000bigint:" + v.toString() : v,
    ) ?? "null";
  return text.includes("\\u0000bigint:") ? text.replace(/"\\u0000bigint:(-?\d+)"/g, "$1") : text;
}

describe("compactJson", () => {
  it("writes what the replacer on every value wrote: bigints with every digit, the tag's look-alikes too", () => {
    const scalar = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom("\u0000bigint:12", "\u0000bigint:x", "", "<"),
      fc.bigInt(),
      fc.double(),
      fc.constantFrom(null, true, undefined, -0),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, scalar, tie("array"), tie("object")),
      array: fc.array(tie("node"), { maxLength: 5 }),
      object: fc.dictionary(fc.string({ maxLength: 4 }), tie("node"), { maxKeys: 5 }),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(compactJson(v)).toBe(compactJsonReference(v));
      }),
      { numRuns: 3000 },
    );
    expect(compactJson({ n: 12345678901234567890n, s: "a" })).toBe('{"n":12345678901234567890,"s":"a"}');
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8Bytes, Utf8Slabs } from "../../src/internal/utf8-bytes.js";

describe("utf8Bytes", () => {
  it("is Buffer.from(text, 'utf8') for any string: ASCII, Latin-1, BMP, astral, lone surrogates", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 200 }),
          fc.string({
            unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)),
            maxLength: 200,
          }),
          fc.string({
            unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
            maxLength: 50,
          }),
          fc.string({ unit: "grapheme-ascii", maxLength: 200 }),
        ),
        (text) => {
          expect(utf8Bytes(text).equals(Buffer.from(text, "utf8"))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("tells apart the units whose Latin-1 byte would pass for ASCII or for another character", () => {
    for (const text of [
      "\u0141",
      "\u00e9",
      "\ud800",
      "\udc00x",
      "\ud83d\ude00",
      "a\u0080",
      "\u007f",
      "",
      '{"a":1}\n',
    ])
      expect([...utf8Bytes(text)]).toEqual([...Buffer.from(text, "utf8")]);
  });
});

describe("Utf8Slabs", () => {
  it("gives each text its UTF-8 bytes, none overwritten by the texts after it, across slabs and past the slab limit", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: "binary", maxLength: 100 }),
            fc.string({ unit: "grapheme-ascii", maxLength: 100 }),
            // Large texts: some fill a slab, some are past what a slab takes and get a buffer of their own.
            fc
              .tuple(
                fc.constantFrom("a", "\u00e9", "\ud800", '{\\"k\\":1}'),
                fc.integer({ min: 1, max: 40_000 }),
              )
              .map(([unit, n]) => unit.repeat(n)),
          ),
          { maxLength: 40 },
        ),
        (texts) => {
          const slabs = new Utf8Slabs();
          const made = texts.map((t) => slabs.bytes(t));
          texts.forEach((t, i) => {
            expect(made[i]!.length).toBe(Buffer.byteLength(t, "utf8"));
            expect(made[i]!.equals(Buffer.from(t, "utf8"))).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

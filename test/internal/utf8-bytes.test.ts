import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bytesAsEscapedText, escapedTextBytes } from "../../src/internal/escaped-bytes.js";
import { utf8Bytes, Utf8Slabs } from "../../src/internal/utf8-bytes.js";
import { propertyRuns } from "../helpers/property-seed.js";

describe("utf8Bytes", () => {
  it("is escapedTextBytes for any string: ASCII, Latin-1, BMP, astral, lone surrogates, escaped bytes", () => {
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
          // Text read from bytes that are not all UTF-8 (a log kubectl wrote): its bytes come back as they were.
          fc.uint8Array({ maxLength: 200 }).map(bytesAsEscapedText),
        ),
        (text) => {
          expect(utf8Bytes(text).equals(escapedTextBytes(text))).toBe(true);
        },
      ),
      propertyRuns(2000, 2604),
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
      // A low surrogate after a high one is a character, not an escaped byte.
      "\ud83d\udcff",
    ])
      expect([...utf8Bytes(text)]).toEqual([...Buffer.from(text, "utf8")]);
    // A lone U+DC80…U+DCFF is a byte that is not UTF-8, escaped: the byte itself, not U+FFFD's three.
    expect([...utf8Bytes("caf\udce9")]).toEqual([0x63, 0x61, 0x66, 0xe9]);
    expect([...new Utf8Slabs().bytes("\udcff\u00e9")]).toEqual([0xff, 0xc3, 0xa9]);
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
                fc.constantFrom("a", "\u00e9", "\ud800", "\udcff", '{\\"k\\":1}'),
                fc.integer({ min: 1, max: 40_000 }),
              )
              .map(([unit, n]) => unit.repeat(n)),
          ),
          { maxLength: 40 },
        ),
        (texts) => {
          const slabs = new Utf8Slabs();
          const made = texts.map((t) => slabs.bytes(t));
          texts.forEach((t, i) => expect(made[i]!.equals(escapedTextBytes(t))).toBe(true));
        },
      ),
      propertyRuns(300, 2605),
    );
  });
});

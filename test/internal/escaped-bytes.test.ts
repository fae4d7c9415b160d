import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bytesAsEscapedText,
  escapedTextAsUtf8,
  escapedTextBytes,
  hasEscapedBytes,
  headerBytesAsText,
  textAsHeaderBytes,
} from "../../src/internal/escaped-bytes.js";

/** Bytes that are mostly UTF-8 with some that are not: cut characters, Latin-1, stray continuation bytes. */
const mostlyUtf8 = fc
  .array(
    fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 4 }).map((s) => Buffer.from(s, "utf8")),
      fc.uint8Array({ minLength: 1, maxLength: 3 }).map((b) => Buffer.from(b)),
      fc.constantFrom(
        Buffer.from("日本", "utf8").subarray(0, 4),
        Buffer.of(0xe9),
        Buffer.of(0xed, 0xa0, 0x80),
      ),
    ),
    { maxLength: 12 },
  )
  .map((parts) => Buffer.concat(parts));

describe("bytes as escaped text", () => {
  it("gives the bytes back, and reads as Node's UTF-8 decoder reads them", () => {
    fc.assert(
      fc.property(mostlyUtf8, (bytes) => {
        const text = bytesAsEscapedText(bytes);
        expect(escapedTextBytes(text).equals(bytes)).toBe(true);
        expect(escapedTextAsUtf8(text)).toBe(bytes.toString("utf8"));
        expect(hasEscapedBytes(text)).toBe(!bytes.equals(Buffer.from(bytes.toString("utf8"), "utf8")));
      }),
    );
  });

  it("escapedTextBytes is the bytes piece by piece for any text (lone surrogates, pairs, escapes side by side)", () => {
    // The reference: each escape a byte of its own, the text between it as UTF-8 (the first implementation).
    const reference = (text: string) => {
      const parts: Buffer[] = [];
      let start = 0;
      for (const m of text.matchAll(/(?<![\ud800-\udbff])[\udc80-\udcff]/g)) {
        parts.push(
          Buffer.from(text.slice(start, m.index), "utf8"),
          Buffer.of(text.charCodeAt(m.index) - 0xdc00),
        );
        start = m.index + 1;
      }
      return Buffer.concat([...parts, Buffer.from(text.slice(start), "utf8")]);
    };
    const unit = fc.oneof(
      fc.constantFrom("\ud83d", "\ude80", "\udc80", "\udcff", "\udc7f", "\udd00", "a", "\u00e9", "\u65e5"),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        expect(escapedTextBytes(text).equals(reference(text))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps UTF-8, escapes a Latin-1 byte and each byte of a cut character; surrogate pairs are not escapes", () => {
    expect(bytesAsEscapedText(Buffer.from("café 🚀", "utf8"))).toBe("café 🚀");
    expect(bytesAsEscapedText(Buffer.from("caf\xe9", "latin1"))).toBe("caf\udce9");
    expect(bytesAsEscapedText(Buffer.from([0x61, 0xe6, 0x97]))).toBe("a\udce6\udc97");
    expect(hasEscapedBytes("\ud800\udc80")).toBe(false);
  });

  it("header values: a byte a character both ways", () => {
    // What Node reads of "café" sent as UTF-8, and as Latin-1.
    expect(headerBytesAsText("cafÃ©")).toBe("café");
    expect(escapedTextBytes(headerBytesAsText("caf\u00e9"))).toEqual(Buffer.from("caf\xe9", "latin1"));
    expect(headerBytesAsText("日本")).toBe("日本");
    expect(textAsHeaderBytes("café")).toBe("cafÃ©");
    expect(textAsHeaderBytes(headerBytesAsText("caf\u00e9"))).toBe("caf\u00e9");
  });
});

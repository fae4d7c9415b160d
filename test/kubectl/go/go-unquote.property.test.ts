import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { goQuote, goQuoteBytes, goUnquote } from "../../../src/kubectl/go/quote.js";
import { referenceGoUnquote } from "../../helpers/go-unquote-reference.js";

/**
 * goUnquote reads kubectl's quoted bodies a run of text at a time instead of a byte at a time. Property: on any
 * input (quoted strings, cut-short ones, broken escapes, lone surrogates) it answers exactly as the byte-at-a-time
 * reader it replaced (test/helpers/go-unquote-reference.ts), and it inverts goQuote and goQuoteBytes.
 */
const piece = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom(
    '"',
    "\\",
    '\\"',
    "\\n",
    "\\t",
    "\\x4",
    "\\x41",
    "\\xzz",
    "\\u00e9",
    "\\u12",
    "\\ud800",
    "\\U0001F680",
    "\\U0011ffff",
    "\\101",
    "\\7",
    "\\q",
    "é",
    "🚀",
    "\ud800",
    "\udc00",
    "\\\ud83d\ude80",
  ),
);
const text = fc.array(piece, { maxLength: 12 }).map((ps) => ps.join(""));

describe("goUnquote", () => {
  it("answers as the byte-at-a-time reader on any text", () => {
    fc.assert(
      fc.property(text, fc.nat({ max: 4 }), fc.boolean(), (t, start, quote) => {
        const input = quote ? '"' + t : t;
        const at = Math.min(start, input.length);
        const a = goUnquote(input, at);
        const b = referenceGoUnquote(input, at);
        expect(a === undefined).toBe(b === undefined);
        if (a && b) {
          expect(a.end).toBe(b.end);
          expect(a.closed).toBe(b.closed);
          expect(a.bytes.equals(b.bytes)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("reads back what goQuote and goQuoteBytes write", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.uint8Array({ maxLength: 40 }),
        (s, bytes) => {
          const q = goUnquote(goQuote(s));
          expect(q?.closed).toBe(true);
          expect(q?.bytes.equals(Buffer.from(s, "utf8"))).toBe(true);
          expect(goUnquote(goQuoteBytes(bytes))?.bytes.equals(Buffer.from(bytes))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

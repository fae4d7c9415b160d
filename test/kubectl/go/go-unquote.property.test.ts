import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { goQuote, goQuoteBytes, goUnquote, goUnquoteString } from "../../../src/kubectl/go/quote.js";
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
    "\\ud83d\\ude80",
    "\\udc00",
    "\\u0001",
    "\\u0041",
    "\\u00E9",
    "\\\\u0041",
    "\\b",
    "\\f",
    "\\/",
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

  it("reads a closed string at native speed (goUnquoteString) exactly as the byte-at-a-time reader, or declines", () => {
    // Closed strings, so that the fast reader is tried: escapes JSON shares with Go (\u included), escaped surrogate
    // pairs (JSON joins them, Go refuses each half), escapes only Go knows, raw surrogates.
    fc.assert(
      fc.property(text, fc.string({ maxLength: 4 }), (t, after) => {
        const input = '"' + t + '"' + after;
        const a = goUnquoteString(input, 0);
        const b = referenceGoUnquote(input, 0);
        if (a === undefined) return;
        expect(b?.closed).toBe(true);
        expect(a.end).toBe(b!.end);
        expect(Buffer.from(a.text, "utf8").equals(b!.bytes)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    const pair = goUnquoteString('"\\ud83d\\ude80"', 0);
    expect(pair).toBeUndefined();
    expect(goUnquoteString('"a\\u00e9\\"b"', 0)?.text).toBe('a\u00e9"b');
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

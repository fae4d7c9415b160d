import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonTextNestsDeeperThan } from "../../src/normalize/json-depth.js";

/** The scan it replaced: every character read one by one (a backslash skips the next one inside a string). */
function referenceNestsDeeperThan(text: string, max: number): boolean {
  if (text.length <= max * 2) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * jsonTextNestsDeeperThan skips strings with `indexOf` rather than reading every character. Property: it answers
 * as the character loop did, on text made of brackets, quotes, backslashes and letters (escaped quotes, runs of
 * backslashes, unterminated strings, brackets inside strings), for small limits that such text can reach.
 */
describe("jsonTextNestsDeeperThan", () => {
  const piece = fc.constantFrom("{", "}", "[", "]", '"', "\\", '\\"', "\\\\", "a", ":", ",", " ", "é");
  it("answers as the character-by-character scan", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 0, max: 6 }), (pieces, max) => {
        const text = pieces.join("");
        expect(jsonTextNestsDeeperThan(text, max)).toBe(referenceNestsDeeperThan(text, max));
      }),
      { numRuns: 3000 },
    );
  });

  it("finds deep nesting after long strings, and ignores brackets inside them", () => {
    const deep = "[".repeat(1001) + "]".repeat(1001);
    expect(jsonTextNestsDeeperThan(`{"a":"${"x".repeat(5000)}","b":${deep}}`)).toBe(true);
    expect(jsonTextNestsDeeperThan(`{"a":"${"[".repeat(3000)}"}`)).toBe(false);
    expect(jsonTextNestsDeeperThan(`{"a":"\\\\","b":${deep}}`)).toBe(true);
    expect(jsonTextNestsDeeperThan(`{"a":"\\"${"[".repeat(3000)}"}`)).toBe(false);
  });
});

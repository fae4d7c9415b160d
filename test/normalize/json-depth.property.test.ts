import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  jsonTextNestsDeeperThan,
  MAX_JSON_DEPTH,
  valueNestsDeeperThan,
} from "../../src/normalize/json-depth.js";

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

/** The walk it replaced: a pair of value and depth pushed for every value, scalars included. */
function referenceValueNestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

describe("valueNestsDeeperThan", () => {
  it("answers as the walk that pushed every value, for every limit, cycles included", () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "medium" }, fc.jsonValue({ maxDepth: 2 }), tie("array"), tie("object")),
      array: fc.array(tie("node"), { maxLength: 4 }),
      object: fc.dictionary(fc.string({ maxLength: 3 }), tie("node"), { maxKeys: 4 }),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 8 }), fc.boolean(), (v, max, cyclic) => {
        // A cycle (as a YAML alias to an ancestor makes): an object holding itself somewhere inside.
        if (cyclic && typeof v === "object" && v !== null) {
          const holder = Array.isArray(v) ? v : (v as Record<string, unknown>);
          if (Array.isArray(holder)) holder.push({ again: v });
          else holder.again = [v];
        }
        expect(valueNestsDeeperThan(v, max)).toBe(referenceValueNestsDeeperThan(v, max));
      }),
      { numRuns: 3000 },
    );
    expect(valueNestsDeeperThan("x", 0)).toBe(false);
    expect(valueNestsDeeperThan({}, 0)).toBe(true);
    expect(valueNestsDeeperThan([[[1]]], 3)).toBe(false);
    expect(valueNestsDeeperThan([[[[]]]], 3)).toBe(true);
    // At the default limit (the cassette reader's): a chain of objects one level too deep, and one that fits.
    const chain = (levels: number) => {
      let v: unknown = "leaf";
      for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { v };
      return v;
    };
    for (const levels of [MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1])
      expect(valueNestsDeeperThan(chain(levels))).toBe(
        referenceValueNestsDeeperThan(chain(levels), MAX_JSON_DEPTH),
      );
    expect(valueNestsDeeperThan(chain(MAX_JSON_DEPTH + 1))).toBe(true);
  });
});

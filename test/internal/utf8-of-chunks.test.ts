import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SCRATCH_LIMIT, utf8OfChunks } from "../../src/internal/utf8-of-chunks.js";
import { cutBytes } from "../helpers/chunks.js";

describe("utf8OfChunks", () => {
  it("is Buffer.concat(chunks).toString() for any bytes cut anywhere (multi-byte characters split, invalid bytes)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "grapheme", maxLength: 200 }).map((s) => Buffer.from(s)),
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
        ),
        fc.array(fc.nat(), { maxLength: 8 }),
        (bytes, at) => {
          const chunks = cutBytes(bytes, at);
          expect(utf8OfChunks(chunks)).toBe(Buffer.concat(chunks).toString("utf8"));
        },
      ),
    );
  });

  it("reuses its buffer without leaking a longer earlier body into a shorter later one", () => {
    const long = Buffer.from("é".repeat(5000) + "{}");
    expect(utf8OfChunks(cutBytes(long, [1, 333, 7001]))).toBe(long.toString());
    const short = Buffer.from('{"a":"ü"}');
    expect(utf8OfChunks(cutBytes(short, [3, 7]))).toBe('{"a":"ü"}');
  });

  it("decodes a body past the scratch limit too", () => {
    const big = Buffer.alloc(SCRATCH_LIMIT + 3, "ä");
    const chunks = cutBytes(big, [1, 65536, SCRATCH_LIMIT]);
    expect(utf8OfChunks(chunks)).toBe(big.toString("utf8"));
  });

  it("returns the empty string for no chunks", () => {
    expect(utf8OfChunks([])).toBe("");
  });
});

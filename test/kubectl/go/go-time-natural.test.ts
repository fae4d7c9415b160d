import { describe, expect, it } from "vitest";
import { naturalLess } from "../../../src/kubectl/go/natural-less.js";
import { parseGoRfc3339 } from "../../../src/kubectl/go/time-parse.js";

/*
 * The two Go ports table fuzzing called for, on the cases it found (the same cases run against kubectl 1.27–1.33
 * in test/kubectl/kubectl-table-fuzz.test.ts); here without the binaries.
 */

describe("parseGoRfc3339 (time.Parse(time.RFC3339), as metav1.Time reads creationTimestamp)", () => {
  const ms = (s: string, go = 24) => parseGoRfc3339(s, go)?.ms;
  it("reads what Go reads: Z, offsets, fractions after . or , (nine digits kept), a one-digit hour", () => {
    expect(ms("2026-12-05T17:00:00Z")).toBe(Date.UTC(2026, 11, 5, 17));
    expect(ms("2026-12-05T19:00:00+02:00")).toBe(Date.UTC(2026, 11, 5, 17));
    expect(ms("2026-12-05T17:00:00,25Z")).toBe(Date.UTC(2026, 11, 5, 17) + 250);
    expect(ms("2026-12-05T17:00:00.1234567891234Z")).toBe(Date.UTC(2026, 11, 5, 17) + 123.456789);
    expect(ms("2020-03-04T5:06:07Z")).toBe(Date.UTC(2020, 2, 4, 5, 6, 7));
  });
  it("refuses what Date.parse guesses at", () => {
    for (const s of [
      "2026-12-05",
      "2026-12-05 17:00:00Z",
      "2026-12-05t17:00:00Z",
      "2026-12-05T17:00:00z",
      "2026-12-05T17:00:00",
      "Sat, 05 Dec 2026 17:00:00 GMT",
      "2026-02-30T00:00:00Z",
      "2026-12-05T24:00:00Z",
      "2026-1-05T17:00:00Z",
    ])
      expect(parseGoRfc3339(s, 24), s).toBeUndefined();
  });
  it("zone offsets beyond 24 hours: go1.22 reads them, go1.23 does not", () => {
    expect(ms("2026-12-05T17:00:00+25:00", 22)).toBe(Date.UTC(2026, 11, 4, 16));
    expect(ms("2026-12-05T17:00:00+25:00", 23)).toBeUndefined();
    expect(ms("2026-12-05T17:00:00-24:00", 23)).toBe(Date.UTC(2026, 11, 6, 17));
  });
  it("the zero time: 0001-01-01T00:00:00Z in any zone, and the empty or null text", () => {
    for (const s of ["0001-01-01T00:00:00Z", "0001-01-01T01:00:00+01:00", "", "null"])
      expect(parseGoRfc3339(s, 24)?.zero, s).toBe(true);
    expect(parseGoRfc3339("0001-01-01T00:00:01Z", 24)?.zero).toBe(false);
  });
});

describe("naturalLess (fvbommel/sortorder v1.1.0 NaturalLess, kubectl 1.27–1.30 --sort-by)", () => {
  it("orders digit runs as numbers, fewer leading zeros first, digits before other bytes", () => {
    const sorted = ["a10", "a9", "a2b", "a02", "b", "a", "a0", "9", "ä", "Z"].sort((x, y) =>
      naturalLess(x, y) ? -1 : naturalLess(y, x) ? 1 : 0,
    );
    expect(sorted).toEqual(["9", "Z", "a", "a0", "a2b", "a02", "a9", "a10", "b", "ä"]);
  });
});

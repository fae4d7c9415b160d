import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMicros } from "../../src/internal/clock.js";

/** formatMicros as it was written before it wrote its digits into a buffer: the reference. */
function reference(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString();
  const frac = String(((micros % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, "0");
  return `${iso.slice(0, 19)}.${frac}Z`;
}

const outcome = (f: () => string) => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: (e as Error).name };
  }
};

describe("formatMicros", () => {
  it("writes what toISOString and the microseconds made, for any time (and throws where that threw)", () => {
    // Dates reach ±8.64e15 ms; years 0 and 9999 are the edges of the written-out form.
    const edges = [
      0,
      -1,
      1,
      Date.UTC(0, 0, 1) * 1000 - 1,
      Date.UTC(0, 0, 1) * 1000,
      Date.UTC(9999, 11, 31, 23, 59, 59) * 1000 + 999_999,
      Date.UTC(10000, 0, 1) * 1000,
      8.64e18,
      8.64e18 + 1000,
      -8.64e18,
      NaN,
      Infinity,
      1.5,
      -2.25,
    ];
    for (const m of edges)
      expect(
        outcome(() => formatMicros(m)),
        String(m),
      ).toEqual(outcome(() => reference(m)));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -62_200_000_000_000_000, max: 253_500_000_000_000_000 }),
          fc.integer({ min: 1_700_000_000_000_000, max: 1_900_000_000_000_000 }),
          fc.double({ min: -9e18, max: 9e18, noNaN: true }),
        ),
        (m) => {
          expect(outcome(() => formatMicros(m))).toEqual(outcome(() => reference(m)));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it("gives a flat string of its own each time (not one the next call overwrites)", () => {
    const a = formatMicros(1_764_098_601_000_000);
    const b = formatMicros(1_764_098_602_123_456);
    expect([a, b]).toEqual(["2025-11-25T19:23:21.000000Z", "2025-11-25T19:23:22.123456Z"]);
  });
});

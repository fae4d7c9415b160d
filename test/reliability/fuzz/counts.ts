import { describe, expect, it } from "vitest";
import { FUZZ_RUNS, REDACTION_RUNS, SOAK } from "../support/fuzz-support.js";

/** The floors: 100,000 fuzzed inputs and 10,000 generated sessions in every run of the suite. */
describe("the size of the property suites", () => {
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0) * SOAK;

  it("fuzzes at least 100,000 inputs across the parsers", () => {
    expect(sum(FUZZ_RUNS)).toBeGreaterThanOrEqual(100_000);
  });

  it("generates at least 10,000 sessions for the redaction proof", () => {
    expect(sum(REDACTION_RUNS)).toBeGreaterThanOrEqual(10_000);
  });
});

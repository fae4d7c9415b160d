import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importKubectlLog } from "../../../../src/index.js";
import { serializeCassette, validateCassette } from "../../../../src/record/index.js";
import { fixturePath, readFixture } from "../../../helpers/fixtures.js";
import { comparable, readerView } from "./pasted-log-summary.js";
import type { ReaderView } from "./pasted-log-summary.js";

/**
 * kubectl logs as people paste them (fixtures/pasted-logs, whose README says how each was made): the import lists
 * the exchanges a reader lists, keeps the promise on secrets, and gives a cassette that loads.
 */

interface Expected {
  exchanges: ReaderView[];
  secrets?: string[];
  noKubectlLog?: boolean;
}

const LOGS = readdirSync(fixturePath("pasted-logs")).filter(
  (f) => /\.(md|txt)$/.test(f) && f !== "README.md",
);

describe("pasted logs", () => {
  it("the corpus covers every log it documents", () => {
    expect(LOGS.length).toBeGreaterThanOrEqual(20);
  });

  for (const log of LOGS) {
    const text = readFixture(`pasted-logs/${log}`);
    const expected = JSON.parse(
      readFixture(`pasted-logs/${log.replace(/\.(md|txt)$/, ".expected.json")}`),
    ) as Expected;

    it(`${log}: the exchanges a reader lists`, () => {
      const imported = importKubectlLog(text);
      const views = imported.exchanges.map(readerView);
      expect(views).toEqual(expected.exchanges.map((e, i) => comparable(e, views[i])));
      expect(imported.stats.klogLines === 0 && imported.exchanges.length === 0).toBe(
        expected.noKubectlLog === true,
      );
    });

    it(`${log}: a cassette that loads, with no secret left`, () => {
      const imported = importKubectlLog(text);
      const serialized = serializeCassette(imported.cassette);
      expect(() => validateCassette(JSON.parse(serialized))).not.toThrow();
      const everything = JSON.stringify(imported) + serialized;
      for (const secret of expected.secrets ?? []) expect(everything.includes(secret), secret).toBe(false);
    });
  }
});

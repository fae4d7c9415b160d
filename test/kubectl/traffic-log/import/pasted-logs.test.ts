import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importKubectlLog, renderTrafficLog } from "../../../../src/index.js";
import { TRAFFIC_LEVELS } from "../../../../src/kubectl/index.js";
import { bodyBytes, serializeCassette, validateCassette } from "../../../../src/record/index.js";
import { Replayer } from "../../../../src/record/replay/replayer.js";
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

    it(`${log}: renders at every level, and replays only what the log shows`, () => {
      const { cassette } = importKubectlLog(text);
      for (const v of TRAFFIC_LEVELS) expect(() => renderTrafficLog(cassette.exchanges, { v })).not.toThrow();
      const replayer = new Replayer(cassette, { repeat: false });
      for (const ex of cassette.exchanges) {
        const { method, url, headers } = ex.request;
        const answer = replayer.answer({
          method,
          url,
          headers,
          ...(ex.request.body ? { body: bodyBytes(ex.request.body) } : {}),
        });
        const unknown =
          ex.response !== undefined &&
          (ex.response.body?.truncated === true ||
            ex.fromLog?.absent?.some((part) => part === "status" || part === "responseBody") === true);
        expect({ seq: ex.seq, incomplete: answer.incomplete !== undefined }).toEqual({
          seq: ex.seq,
          incomplete: unknown,
        });
        if (!ex.response) expect(answer.failure).toEqual(ex.error);
      }
    });
  }
});

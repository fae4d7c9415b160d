import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCassette, saveCassette } from "kubewire";
import { writeReport } from "kubewire/report";
import { compare } from "../lib/measure.js";
import { mb } from "../lib/format.js";
import { reportSession } from "../lib/report-session.js";

/**
 * `kubewire report` on a long session: the cassette file read and checked, the page made and written, as the
 * command does it. The goal is absolute (the issue's: ≤ 2 s for 10,000 exchanges) and the page must stay within
 * 3× the cassette's size; reading the cassette alone is timed beside it, for context.
 */
export const scenario = {
  name: "report of 10,000 exchanges (kubewire report)",
  contender: "loadCassette + writeReport (make and write the page)",
  baseline: "loadCassette alone",
  goal: { maxMs: 2000, maxSizeRatio: 3 },
  /** @param {{ quick: boolean }} ctx */
  async run({ quick }) {
    const n = quick ? 2000 : 10_000;
    const dir = mkdtempSync(join(tmpdir(), "kubewire-bench-report-"));
    const cassetteFile = join(dir, "session.cassette.json");
    const pageFile = join(dir, "report.html");
    try {
      await saveCassette(cassetteFile, reportSession(n));
      const cassetteBytes = statSync(cassetteFile).size;
      const r = await compare({
        runs: quick ? 2 : 5,
        warmup: 1,
        // As the command writes a page to a file: in parts, never one string (writeReport).
        contender: async () => writeReport(pageFile, await loadCassette(cassetteFile)),
        baseline: () => loadCassette(cassetteFile),
      });
      const pageBytes = statSync(pageFile).size;
      return {
        ...r,
        n,
        ms: r.contenderMs,
        sizeRatio: pageBytes / cassetteBytes,
        data: `${n.toLocaleString("en")} exchanges, cassette ${mb(cassetteBytes)}, page ${mb(pageBytes)}`,
        sizeBytes: cassetteBytes,
        pageBytes,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

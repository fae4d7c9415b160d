import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCassette, saveCassette } from "kubewire";
import { renderReport } from "kubewire/report";
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
  contender: "loadCassette + renderReport + write the page",
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
        contender: async () => {
          const html = renderReport(await loadCassette(cassetteFile));
          writeFileSync(pageFile, html);
          return html.length;
        },
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

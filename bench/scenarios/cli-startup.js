import { fileURLToPath } from "node:url";
import { median } from "../lib/measure.js";
import { runProcess } from "../lib/processes.js";

const KUBEWIRE = fileURLToPath(new URL("../../bin/kubewire.js", import.meta.url));

/**
 * `kubewire --help` against `node -e 0`, whole processes, alternated: what the launcher and the CLI's first module
 * cost on top of Node's own start (every command pays it before doing anything).
 */
export const scenario = {
  name: "kubewire --help (whole process) vs node -e 0: startup",
  contender: "node bin/kubewire.js --help",
  baseline: "node -e 0",
  goal: { max: 1.3 },
  /** @param {{ quick: boolean }} ctx */
  async run({ quick }) {
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
    const help = () => runProcess(process.execPath, [KUBEWIRE, "--help"], { env });
    const node = () => runProcess(process.execPath, ["-e", "0"], { env });
    const first = await help();
    if (first.code !== 0) throw new Error(`kubewire --help failed: ${first.stderr}`);
    await node();
    const c = [];
    const b = [];
    const runs = quick ? 5 : 21;
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        b.push((await node()).ms);
        c.push((await help()).ms);
      } else {
        c.push((await help()).ms);
        b.push((await node()).ms);
      }
    }
    const contenderMs = median(c);
    const baselineMs = median(b);
    return {
      contenderMs,
      baselineMs,
      ratio: contenderMs / baselineMs,
      runs,
      n: 1,
      unit: "ratio",
      data: "no data (startup only)",
      sizeBytes: 0,
    };
  },
};

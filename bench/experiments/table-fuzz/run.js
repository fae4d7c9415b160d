// Session 12: differential fuzzing of kubectl's default `get` output (server-side Tables). Generated Table
// responses, and the lists and objects kubectl prints itself when a server sends no Table
// (test/helpers/table-fuzz.ts), go to the real kubectl binaries through the stub API server and to `kubewire get`
// (this checkout's src/, bundled with esbuild and run in-process, no build needed) on the same stub; stdout, stderr
// and exit code must be the same bytes.
//   node bench/experiments/table-fuzz/run.js [--cases 300] [--seed 1] [--workers 3] [--versions all|rotate]
//     [--out FILE]
// --versions all (the default) runs every case on all seven releases; "rotate" runs one release per case.
import { writeFileSync } from "node:fs";
import {
  RELEASES,
  commandLine,
  firstDiff,
  importBundled,
  isKubectlPanic,
  sameRun,
} from "../fuzz-lib/harness.js";

const { option } = commandLine();
const cases = Number(option("cases", "300"));
const seed = Number(option("seed", "1"));
const workers = Number(option("workers", "3"));
const versionMode = option("versions", "all");
const out = option("out", undefined);

const m = await importBundled(`
  export { default as fc } from "fast-check";
  export { startTableFuzzStubs, tableFuzzSpec, tableScenario } from "./test/helpers/table-fuzz.ts";`);
const { fc } = m;

const versionsOf = (i) => (versionMode === "all" ? RELEASES : [RELEASES[i % RELEASES.length]]);

const stubs = await m.startTableFuzzStubs(workers);
const specs = fc.sample(m.tableFuzzSpec(), { seed, numRuns: cases });
const started = Date.now();
let kubectlRuns = 0;
let done = 0;
const failures = [];
const panics = [];
await Promise.all(
  Array.from({ length: workers }, async (_w, w) => {
    for (let i = w; i < specs.length; i += workers) {
      const versions = versionsOf(i);
      const s = m.tableScenario(specs[i], i, Date.now());
      const runs = await stubs.run(s, versions);
      kubectlRuns += runs.length;
      const bad = [];
      runs.forEach(({ kubectl, kubewire }, j) => {
        if (isKubectlPanic(kubectl)) panics.push({ i, s, v: versions[j], kubectl });
        else if (!sameRun(kubectl, kubewire)) bad.push({ v: versions[j], kubectl, kubewire });
      });
      if (bad.length) failures.push({ i, s, bad });
      if (++done % 25 === 0)
        process.stderr.write(
          `${done}/${cases} cases, ${kubectlRuns} kubectl runs, ${failures.length} failing\n`,
        );
    }
  }),
);
await stubs.close();
const seconds = (Date.now() - started) / 1000;
const where = (p) => /\t(\S+\.go:\d+)/.exec(p.kubectl.stderr)?.[1];
const report = [
  `${cases} cases, ${kubectlRuns} kubectl runs in ${seconds.toFixed(0)} s (seed ${seed}): ${failures.length} failing, ` +
    `${panics.length} kubectl panics (not compared)`,
  ...new Set(panics.map((p) => `  panic: ${p.kubectl.stderr.split("\n")[0]} (${where(p)})`)),
];
for (const { i, s, bad } of failures.sort((a, b) => a.i - b.i)) {
  const lines = [`case ${i}: kubectl ${s.args.join(" ")}  [${bad.map((b) => b.v).join(",")}]`];
  for (const [path, body] of Object.entries(s.bodies)) lines.push(`  ${path}: ${body}`);
  const { kubectl, kubewire } = bad[0];
  lines.push(`  exit kubectl ${kubectl.code} kubewire ${kubewire.code}`);
  if (kubectl.stderr !== kubewire.stderr)
    lines.push(
      `  stderr kubectl ${JSON.stringify(kubectl.stderr.slice(0, 300))}\n         kubewire ${JSON.stringify(kubewire.stderr.slice(0, 300))}`,
    );
  if (kubectl.stdout !== kubewire.stdout)
    lines.push(`  stdout ${JSON.stringify(firstDiff(kubectl.stdout, kubewire.stdout))}`);
  report.push(lines.join("\n"));
}
console.log(report.join("\n\n"));
if (out) writeFileSync(out, report.join("\n\n") + "\n");

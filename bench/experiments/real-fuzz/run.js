// Session 13: differential fuzzing of `kubectl get -o …` on real objects. Objects kube-apiserver 1.28.7 sent
// (/work/shared/realapi: Pods, a Deployment, ConfigMaps, Secrets, a Widget, FlowSchemas) and a Service, Node, Event
// and CRD in that server's shape (test/helpers/real-fuzz.ts) are mutated with odd data and served on the stub API
// server; the real kubectl and `kubewire get` (this checkout's src/, bundled with esbuild, in-process) print them
// with -o json|yaml|name|wide|custom-columns|jsonpath|go-template; stdout, stderr and exit code must be the same.
//   node bench/experiments/real-fuzz/run.js [--cases 300] [--seed 1] [--workers 3] [--versions rotate|all]
//     [--outputs json,yaml,...] [--realapi DIR] [--out FILE]
import { writeFileSync } from "node:fs";
import {
  RELEASES,
  commandLine,
  firstDiff,
  importBundled,
  recordedSeeds,
  isKubectlPanic,
  sameRun,
} from "../fuzz-lib/harness.js";

const { option } = commandLine();
const cases = Number(option("cases", "300"));
const seed = Number(option("seed", "1"));
const workers = Number(option("workers", "3"));
const versionMode = option("versions", "rotate");
const outputs = option("outputs", "json,yaml,name,wide,custom-columns,jsonpath").split(",");
const realapi = option("realapi", "/work/shared/realapi");
const out = option("out", undefined);
// --only N: run case N alone and print both sides in full.
const only = option("only", undefined);

const m = await importBundled(`
  export { default as fc } from "fast-check";
  export { startTableFuzzStubs } from "./test/helpers/table-fuzz.ts";
  export { REAL_DISCOVERY, WRITTEN_SEEDS, realFuzzSpec, realScenario } from "./test/helpers/real-fuzz.ts";`);
const { fc } = m;

const seeds = recordedSeeds(realapi, m.WRITTEN_SEEDS);

const versionsOf = (i) => (versionMode === "all" ? RELEASES : [RELEASES[i % RELEASES.length]]);

const stubs = await m.startTableFuzzStubs(workers, m.REAL_DISCOVERY);
const specs = fc.sample(m.realFuzzSpec(seeds.length, outputs), { seed, numRuns: cases });
const started = Date.now();
let kubectlRuns = 0;
let done = 0;
const failures = [];
const panics = [];
await Promise.all(
  Array.from({ length: workers }, async (_w, w) => {
    for (let i = w; i < specs.length; i += workers) {
      if (only !== undefined && i !== Number(only)) continue;
      const versions = versionsOf(i);
      const s = m.realScenario(specs[i], seeds, i, Date.now());
      const runs = await stubs.run(s, versions);
      kubectlRuns += runs.length;
      if (only !== undefined) console.log(JSON.stringify({ args: s.args, bodies: s.bodies, runs }, null, 1));
      const bad = [];
      runs.forEach(({ kubectl, kubewire }, j) => {
        if (isKubectlPanic(kubectl)) panics.push({ i, s, v: versions[j], kubectl });
        else if (!sameRun(kubectl, kubewire)) bad.push({ v: versions[j], kubectl, kubewire });
      });
      if (bad.length) failures.push({ i, s, bad, output: specs[i].output });
      if (++done % 25 === 0)
        process.stderr.write(
          `${done}/${cases} cases, ${kubectlRuns} kubectl runs, ${failures.length} failing\n`,
        );
    }
  }),
);
await stubs.close();
const seconds = (Date.now() - started) / 1000;
const byOutput = {};
for (const f of failures) byOutput[f.output] = (byOutput[f.output] ?? 0) + 1;
const report = [
  `${cases} cases, ${kubectlRuns} kubectl runs in ${seconds.toFixed(0)} s (seed ${seed}, ${seeds.length} seeds): ` +
    `${failures.length} failing ${JSON.stringify(byOutput)}, ${panics.length} kubectl panics (not compared)`,
];
for (const { i, s, bad } of failures.sort((a, b) => a.i - b.i)) {
  const lines = [
    `case ${i}: kubectl ${s.args.map((a) => JSON.stringify(a)).join(" ")}  [${bad.map((b) => b.v).join(",")}]`,
  ];
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

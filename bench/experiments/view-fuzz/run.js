// Session 11: differential fuzzing of kubectl's views. Generated API server responses (test/helpers/view-fuzz.ts)
// go to the real kubectl binaries through the stub API server and to toKubectlView (this checkout's src/, bundled
// with esbuild, no build needed); stdout, stderr and exit codes must be the same bytes.
//   node bench/experiments/view-fuzz/run.js [--cases 500] [--seed 1] [--workers 3] [--controls] [--no-duplicates]
//     [--versions all|groups] [--outputs json,yaml,name] [--shrink 3] [--out FILE]
// --versions groups (the default) runs -o yaml on one release of each YAML behaviour (Go 1.22 + sigs.k8s.io/yaml
// v1.3.0, Go 1.23 + v1.3.0, Go 1.23 + v1.4.0, Go 1.24) and -o json/name on one release picked by the case; "all"
// runs every output on all seven. --controls lets strings hold what go-yaml refuses (DEL, C1, U+FFFE): each such
// case then mostly tests the error path. Mismatches are shrunk (fast-check, up to --shrink of them) and printed
// as the minimal raw responses with both sides. --templates runs the jsonpath, jsonpath-as-json and custom-columns
// printers (test/helpers/view-fuzz.ts FUZZ_TEMPLATES) instead, each on one release.
import { writeFileSync } from "node:fs";
import {
  RELEASES as ALL,
  commandLine,
  firstDiff,
  importBundled,
  sameRun as same,
} from "../fuzz-lib/harness.js";

const { option, flag } = commandLine();
const cases = Number(option("cases", "500"));
const seed = Number(option("seed", "1"));
const workers = Number(option("workers", "3"));
const outputs = option("outputs", "json,yaml,name").split(",");
const versionMode = option("versions", "groups");
const shrinkMax = Number(option("shrink", "3"));
const out = option("out", undefined);
const valueOptions = { controls: flag("controls"), duplicates: !flag("no-duplicates") };

const m = await importBundled(`
  export { default as fc } from "fast-check";
  export {
    FUZZ_TEMPLATES,
    fuzzRuns,
    fuzzScenario,
    fuzzSpec,
    kubewireTemplate,
    startFuzzStubs,
    templateOutput,
  } from "./test/helpers/view-fuzz.ts";
  export { toKubectlView } from "./src/kubectl/view-output.ts";
  export { KubectlOutputError } from "./src/kubectl/view.ts";
  export { parseJsonLossless, parseJsonLosslessChecked } from "./src/normalize/lossless-json.ts";`);
const { fc } = m;

/** The runs of case i: [output, version] pairs. */
const runsOf = (i) =>
  versionMode === "all"
    ? outputs.flatMap((o) => ALL.map((v) => [o, v]))
    : flag("templates")
      ? Object.keys(TEMPLATES).map((o, k) => [o, ALL[(i + k * 2) % ALL.length]])
      : m.fuzzRuns(i, outputs);

const TEMPLATES = m.FUZZ_TEMPLATES;

function kubewire(s, raws, output, version) {
  if (output in TEMPLATES) return m.kubewireTemplate(s, raws, output);
  try {
    const stdout = m.toKubectlView(raws, {
      output,
      kubectlVersion: version,
      singleObject: s.singleObject,
      showManagedFields: s.showManagedFields,
    });
    return { stdout, stderr: "", code: 0 };
  } catch (error) {
    if (!(error instanceof m.KubectlOutputError))
      return { stdout: "", stderr: `THROWN ${error}\n`, code: -1 };
    return { stdout: error.stdout, stderr: error.stderr, code: error.exitCode };
  }
}

const stubs = await m.startFuzzStubs(workers);

/** Compares one scenario on the given runs; returns the mismatches. */
async function check(s, runs) {
  const reals = await stubs.run(
    s,
    runs.map(([output, v]) => [output in TEMPLATES ? m.templateOutput(output, s) : output, v]),
  );
  const bad = [];
  runs.forEach(([output, v], j) => {
    const real = reals[j];
    const mine = kubewire(s, s.raws, output, v);
    if (!same(real, mine)) bad.push({ output, v, real, mine, path: "raw text" });
    // Parsed values cannot say which literal overflowed a float64: that error is for text only.
    else if (!s.raws.some((r) => m.parseJsonLosslessChecked(r).overflow !== undefined)) {
      const parsed = kubewire(s, s.raws.map(m.parseJsonLossless), output, v);
      if (!same(real, parsed)) bad.push({ output, v, real, mine: parsed, path: "parsed values" });
    }
  });
  return bad;
}

const arb = m.fuzzSpec(valueOptions);
const specs = fc.sample(arb, { seed, numRuns: cases });
const started = Date.now();
let kubectlRuns = 0;
const failures = [];
let done = 0;
await Promise.all(
  Array.from({ length: workers }, async (_w, w) => {
    for (let i = w; i < specs.length; i += workers) {
      const runs = runsOf(i);
      const s = m.fuzzScenario(
        specs[i],
        i,
        runs.map(([o]) => o),
      );
      const bad = await check(s, runs);
      kubectlRuns += runs.length;
      if (bad.length) failures.push({ i, bad });
      if (++done % 50 === 0)
        process.stderr.write(
          `${done}/${cases} cases, ${kubectlRuns} kubectl runs, ${failures.length} failing\n`,
        );
    }
  }),
);
const seconds = (Date.now() - started) / 1000;
console.log(
  `${cases} cases, ${kubectlRuns} kubectl runs in ${seconds.toFixed(0)} s (seed ${seed}): ${failures.length} failing`,
);

function describe(s, bad) {
  const lines = [`  kubectl ${s.args.join(" ")}`, ...s.raws.map((r) => `  raw: ${r}`)];
  for (const { output, v, real, mine, path } of bad) {
    lines.push(`  -o ${output} @${v} (${path}): kubectl exit ${real.code}, kubewire exit ${mine.code}`);
    if (real.stderr !== mine.stderr)
      lines.push(`    stderr kubectl ${JSON.stringify(real.stderr)} kubewire ${JSON.stringify(mine.stderr)}`);
    if (real.stdout !== mine.stdout)
      lines.push(`    stdout ${JSON.stringify(firstDiff(real.stdout, mine.stdout, 120))}`);
  }
  return lines.join("\n");
}

const report = [];
for (const { i, bad } of failures.slice(0, shrinkMax)) {
  const runs = bad.map(({ output, v }) => [output, v]);
  // Shrink with fast-check from the failing sample: replay its path and keep what still differs on the same runs.
  let smallest;
  const result = await fc.check(
    fc.asyncProperty(arb, async (spec) => {
      const s = m.fuzzScenario(
        spec,
        0,
        runs.map(([o]) => o),
      );
      const b = await check(s, runs);
      if (b.length) smallest = { s, b };
      return b.length === 0;
    }),
    { seed, path: String(i), numRuns: 1, endOnFailure: false },
  );
  const text = smallest
    ? describe(smallest.s, smallest.b)
    : describe(m.fuzzScenario(specs[i], i, outputs), bad);
  report.push(`case ${i} (shrunk ${result.numShrinks} times):\n${text}`);
  console.log(report.at(-1));
}
const signature = ({ real, mine, path }) =>
  `${path}: ` +
  (real.stderr !== mine.stderr
    ? `stderr ${JSON.stringify(real.stderr.slice(0, 90))} vs ${JSON.stringify(mine.stderr.slice(0, 90))}`
    : `stdout ${JSON.stringify(firstDiff(real.stdout, mine.stdout, 120))}`);
for (const { i, bad } of failures.slice(shrinkMax)) {
  const line = `case ${i}: ${bad.map(({ output, v }) => `-o ${output} @${v}`).join(", ")}\n  ${signature(bad[0])}`;
  report.push(line);
  console.log(line);
}
if (out) writeFileSync(out, report.join("\n\n") + "\n");
await stubs.close();

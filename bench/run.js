// `npm run bench [-- --quick] [-- --only <text>]`: every scenario, a table on stdout, bench/results.json.
// Figures are ratios against a baseline measured in the same run (see lib/measure.js); absolute times are
// printed for context only. `--quick` is the CI smoke run: smaller data, fewer runs, and it fails only when a
// scenario crashes, never on a timing.
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { quick: { type: "boolean", default: false }, only: { type: "string" }, out: { type: "string" } },
});
const quick = values.quick;

const modules = [
  "./scenarios/list-configmaps.js",
  "./scenarios/list-pods-vs-client-node.js",
  "./scenarios/recorder-overhead.js",
  "./scenarios/normalize-list.js",
  "./scenarios/kubectl-view.js",
  "./scenarios/diff-view.js",
];

const scenarios = [];
for (const m of modules) {
  const mod = await import(m);
  scenarios.push(...(mod.scenarios ?? [mod.scenario]));
}

function verdict(goal, r) {
  if (goal.report) return "report";
  if (goal.max !== undefined) return r.ratio <= goal.max ? "met" : "MISSED";
  if (goal.minPerSecond !== undefined) return r.perSecond >= goal.minPerSecond ? "met" : "MISSED";
  if (goal.maxMB !== undefined) return r.peakRssMB < goal.maxMB ? "met" : "MISSED";
  return "";
}

function goalText(goal) {
  if (goal.report) return "report";
  if (goal.max !== undefined) return `≤ ${goal.max}×`;
  if (goal.minPerSecond !== undefined) return `≥ ${goal.minPerSecond.toLocaleString("en")} ${goal.perUnit}/s`;
  if (goal.maxMB !== undefined) return `peak RSS < ${goal.maxMB} MB`;
  return "";
}

const results = [];
let crashed = 0;
const started = Date.now();
for (const s of scenarios) {
  if (values.only && !s.name.includes(values.only)) continue;
  process.stderr.write(`… ${s.name}\n`);
  try {
    const r = await s.run({ quick });
    const row = {
      scenario: s.name,
      contender: s.contender,
      baseline: s.baseline,
      goal: goalText(s.goal),
      verdict: verdict(s.goal, r),
      ...r,
    };
    results.push(row);
  } catch (error) {
    crashed++;
    results.push({
      scenario: s.name,
      contender: s.contender,
      baseline: s.baseline,
      goal: goalText(s.goal),
      verdict: "CRASHED",
      error: String(error?.stack ?? error),
    });
    process.stderr.write(`CRASHED: ${s.name}\n${error?.stack ?? error}\n`);
  }
}

const fmt = (x, d = 2) => (typeof x === "number" ? x.toFixed(d) : "");
const table = [["scenario", "figure", "goal", "verdict", "contender ms", "baseline ms", "n"]];
for (const r of results) {
  const figure =
    r.ratio !== undefined
      ? `${fmt(r.ratio)}×`
      : r.perSecond !== undefined
        ? `${Math.round(r.perSecond).toLocaleString("en")} ${r.perUnit}/s`
        : r.peakRssMB !== undefined
          ? `${fmt(r.peakRssMB, 0)} MB`
          : "";
  table.push([
    r.scenario,
    figure,
    r.goal,
    r.verdict,
    fmt(r.contenderMs ?? r.ms, 1),
    fmt(r.baselineMs, 1),
    String(r.n ?? ""),
  ]);
}
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
for (const row of table)
  process.stdout.write(
    row
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd() + "\n",
  );

const machine = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGB: Math.round(totalmem() / 2 ** 30),
};
const out = values.out ?? (quick ? undefined : new URL("./results.json", import.meta.url));
if (out)
  writeFileSync(
    out,
    JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        quick,
        machine,
        seconds: Math.round((Date.now() - started) / 1000),
        results,
      },
      null,
      2,
    ) + "\n",
  );
process.stdout.write(
  `\n${results.length} scenarios in ${Math.round((Date.now() - started) / 1000)} s${out ? `; results in ${out instanceof URL ? "bench/results.json" : out}` : ""}\n`,
);
process.exitCode = crashed > 0 ? 1 : 0;

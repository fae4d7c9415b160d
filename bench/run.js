// `npm run bench [-- --quick] [-- --only <text>]`: every scenario, a table on stdout, bench/results.json.
// Figures are ratios against a baseline measured in the same run (see lib/measure.js), throughputs, or a peak RSS;
// absolute times are printed for context only. `--quick` is the CI smoke run: smaller data, fewer runs, and it
// fails only when a scenario crashes, never on a timing (its results go to stdout only, unless --out is given).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { gcExposed } from "./lib/measure.js";

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
  "./scenarios/cli-get.js",
  "./scenarios/cli-startup.js",
  "./scenarios/diff-view.js",
  "./scenarios/openapi-validate.js",
  "./scenarios/log-import.js",
  "./scenarios/paginate-rss.js",
  "./scenarios/report.js",
  "./scenarios/protobuf-codec.js",
  "./scenarios/proxy.js",
  "./scenarios/fake-server.js",
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
  if (goal.maxMs !== undefined)
    return r.ms <= goal.maxMs && (goal.maxSizeRatio === undefined || r.sizeRatio <= goal.maxSizeRatio)
      ? "met"
      : "MISSED";
  return "";
}

function goalText(goal) {
  if (goal.report) return "report";
  if (goal.max !== undefined) return `≤ ${goal.max}×`;
  if (goal.minPerSecond !== undefined) return `≥ ${goal.minPerSecond.toLocaleString("en")} ${goal.perUnit}/s`;
  if (goal.maxMB !== undefined) return `peak RSS < ${goal.maxMB} MB`;
  if (goal.maxMs !== undefined)
    return `≤ ${goal.maxMs / 1000} s${goal.maxSizeRatio !== undefined ? `, page ≤ ${goal.maxSizeRatio}× the input` : ""}`;
  return "";
}

function machine() {
  const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
  let kernel;
  try {
    kernel = execFileSync("uname", ["-sr"], { encoding: "utf8" }).trim();
  } catch {
    kernel = undefined;
  }
  return {
    node: process.version,
    v8: process.versions.v8,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    kernel,
    gcExposed,
    loadAverageAtStart: load(),
    load,
  };
}

const host = machine();
const results = [];
let crashed = 0;
const started = Date.now();
for (const s of scenarios) {
  if (values.only && !s.name.includes(values.only)) continue;
  process.stderr.write(`… ${s.name}\n`);
  const t0 = Date.now();
  try {
    const r = await s.run({ quick });
    results.push({
      scenario: s.name,
      contender: s.contender,
      baseline: s.baseline,
      goal: goalText(s.goal),
      verdict: verdict(s.goal, r),
      ...r,
      seconds: Math.round((Date.now() - t0) / 100) / 10,
    });
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
const table = [["scenario", "data", "figure", "goal", "verdict", "contender ms", "baseline ms"]];
for (const r of results) {
  const figure =
    r.perSecond !== undefined
      ? `${Math.round(r.perSecond).toLocaleString("en")} ${r.perUnit}/s`
      : r.peakRssMB !== undefined
        ? `${fmt(r.peakRssMB, 0)} MB`
        : r.sizeRatio !== undefined
          ? `${fmt(r.ms / 1000)} s, page ${fmt(r.sizeRatio)}×`
          : r.ratio !== undefined && r.ratio !== null
            ? `${fmt(r.ratio)}×`
            : "";
  table.push([
    r.scenario,
    r.data ?? "",
    figure,
    r.goal,
    r.verdict,
    fmt(r.contenderMs ?? r.ms, 1),
    fmt(r.baselineMs, 1),
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

const { load, ...machineInfo } = host;
const seconds = Math.round((Date.now() - started) / 1000);
const out = values.out ?? (quick || values.only ? undefined : new URL("./results.json", import.meta.url));
if (out)
  writeFileSync(
    out,
    JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        quick,
        machine: { ...machineInfo, loadAverageAtEnd: load() },
        seconds,
        results,
      },
      null,
      2,
    ) + "\n",
  );
process.stdout.write(
  `\n${results.length} scenarios in ${seconds} s (load average ${host.loadAverageAtStart.join(", ")} at start, ${load().join(", ")} at end)` +
    `${out ? `; results in ${out instanceof URL ? "bench/results.json" : out}` : ""}\n`,
);
process.exitCode = crashed > 0 ? 1 : 0;

// Session 14: differential fuzzing of `kubectl get -o go-template=…`. Real objects (the real-fuzz seeds, mutated
// with odd data by test/helpers/real-fuzz.ts) are served on the stub API server; each case prints them with a
// generated Go template (every action, builtin, printf verb, constant kind, trim marker, define/block/template,
// variables, missing and nil keys, and broken templates for the parse errors) through the real kubectl and
// `kubewire get` (this checkout's src/, bundled with esbuild, in-process); stdout, stderr and exit code must match.
//   node bench/experiments/gotemplate-fuzz/run.js [--cases 300] [--seed 1] [--workers 3] [--versions rotate|all]
//     [--realapi DIR] [--only N] [--capture FILE]
// --capture FILE writes the cases (template, the object the template sees, kubectl 1.27/1.30/1.33's output: one
// release per Go release kubectl 1.27-1.33 were built with) as the fast tier's fixture.
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
const capture = option("capture", undefined);
const versionMode = option("versions", capture ? "capture" : "rotate");
const realapi = option("realapi", "/work/shared/realapi");
const only = option("only", undefined);

const m = await importBundled(`
  export { default as fc } from "fast-check";
  export { startTableFuzzStubs } from "./test/helpers/table-fuzz.ts";
  export { REAL_DISCOVERY, WRITTEN_SEEDS, realFuzzSpec, realScenario } from "./test/helpers/real-fuzz.ts";
  export { kubectlView } from "./src/kubectl/index.ts";
  export { parseJsonLossless } from "./src/index.ts";`);
const { fc } = m;

const seeds = recordedSeeds(realapi, m.WRITTEN_SEEDS);

/** A small seeded PRNG (mulberry32). */
function prng(s) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Field paths of a value (as key lists), up to a depth. */
function paths(value, prefix = [], out = [], depth = 0) {
  if (depth > 5 || value === null || typeof value !== "object") return out;
  if (Array.isArray(value)) {
    if (value.length > 0) paths(value[0], [...prefix, 0], out, depth + 1);
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    out.push([...prefix, k]);
    paths(v, [...prefix, k], out, depth + 1);
  }
  return out;
}

const q = (s) => JSON.stringify(s);

/** An operand for a key path: `.a.b`, or `(index . "a" 0 "b")` where a key is not an identifier or a step is a list. */
function operand(path, base = ".") {
  if (path.every((k) => typeof k === "string" && IDENT.test(k)))
    return base === "." ? `.${path.join(".")}` : `${base}.${path.join(".")}`;
  return `(index ${base} ${path.map((k) => (typeof k === "number" ? k : q(k))).join(" ")})`;
}

const FORMATS = [
  "%v",
  "%d",
  "%s",
  "%q",
  "%x",
  "%X",
  "%5.2f",
  "%e",
  "%g",
  "%t",
  "%T",
  "%-8s|",
  "%08.3f",
  "%+d",
  "%#v",
  "%c",
  "%U",
  "%[2]v %[1]v",
  "%*d",
  "%!",
  "%",
  "%.3s",
  "%6.2v",
  "%o",
  "%O",
  "%b",
  "%10v|",
  "%+v",
  "%.2e",
  "%G",
  "%E",
  "%.0f",
  "%.10g",
  "% d",
  "%#x",
  "%#o",
  "%3c",
  "%-5t|",
  "%.1q",
  "%x %X",
  "%d %d",
  "%[3]d",
  "%v %v %v",
  "%.*f",
  "%#q",
  "%08d",
  "%-08d|",
  "%+.3e",
  "%.3g",
];
const TEXT = ["", "", " ", "\n", "|", "é", "\t", "x", "  \n "];
const LITERALS = [
  '"str"',
  '"a\\tb"',
  "`raw\\n`",
  "1",
  "-2",
  "0",
  "1.5",
  "1e3",
  "0x1F",
  "'a'",
  "'\\n'",
  "true",
  "false",
  "3",
  "1_000",
  "0b101",
  "0o17",
  '"<&>\'"',
  '"ünï"',
  "2.0",
  "-0.5",
  "9223372036854775807",
];

function generate(rnd, view, isList) {
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const chance = (p) => rnd() < p;
  const dotObject = isList && Array.isArray(view.items) && view.items.length > 0 ? view.items[0] : view;
  const all = paths(dotObject);
  const expr = (depth = 0) => {
    const r = rnd();
    if (r < 0.45 && all.length > 0) return operand(pick(all));
    if (r < 0.52) return `.${pick(["nope", "metadata.nope", "spec.x.y", "Kind"])}`;
    if (r < 0.57 && all.length > 0) return `${operand(pick(all))}.deeper`;
    if (r < 0.62) return pick([".", "$", "$.kind", "$.metadata"]);
    if (r < 0.8) return pick(LITERALS);
    if (r < 0.85) return "nil";
    if (depth < 2) {
      const inner = action(depth + 1).replace(/^\{\{-? ?|-? ?\}\}$/g, "");
      if (!/[{}]/.test(inner)) return `(${inner})`;
    }
    return pick(LITERALS);
  };
  const fn = (depth) => {
    const x = expr(depth);
    const y = expr(depth);
    switch (Math.floor(rnd() * 26)) {
      case 0:
        return `printf ${q(pick(FORMATS))} ${x}`;
      case 1:
        return `printf ${q(pick(FORMATS))} ${x} ${y}`;
      case 2:
        return `print ${x} ${y}`;
      case 3:
        return `println ${x}`;
      case 4:
        return `${x} | printf ${q(pick(FORMATS))}`;
      case 5:
        return `len ${x}`;
      case 6:
        return `index ${x} ${pick(['"name"', "0", "1", '"x"', "-1", y])}`;
      case 7:
        return `slice ${x} ${pick(["0", "1", "0 1", "1 2", "2 1", "0 1 2", ""])}`;
      case 8:
        return `${pick(["eq", "ne", "lt", "le", "gt", "ge"])} ${x} ${y}`;
      case 9:
        return `eq ${x} ${y} ${expr(depth)}`;
      case 10:
        return `${pick(["and", "or"])} ${x} ${y}`;
      case 11:
        return `not ${x}`;
      case 12:
        return `${pick(["html", "js", "urlquery"])} ${x}`;
      case 13:
        return `${pick(["html", "js", "urlquery"])} ${x} ${y}`;
      case 14:
        return `exists ${x} ${pick(['"name"', '"metadata" "name"', "0", '"x"', y])}`;
      case 15:
        return `base64decode ${x}`;
      case 16:
        return `${x} | base64decode`;
      case 17:
        return `call ${x}`;
      case 18:
        return `${x} | len`;
      case 19:
        return `${x} | ${pick(["html", "js", "print", "urlquery", "not", 'printf "%v"', "eq 1", "and 1"])}`;
      case 20:
        return `${pick(["print", "printf", "len", "index", "eq", "lt", "not"])}`;
      case 21:
        return `printf ${x}`;
      default:
        return x;
    }
  };
  const action = (depth = 0) => {
    const trimL = chance(0.1) ? "- " : "";
    const trimR = chance(0.1) ? " -" : "";
    const body = () => block(depth + 1);
    switch (depth > 2 ? 0 : Math.floor(rnd() * 16)) {
      case 1:
        return `{{${trimL}if ${fn(depth)}${trimR}}}${body()}${chance(0.5) ? `{{else${chance(0.3) ? ` if ${expr(depth)}` : ""}}}${body()}` : ""}{{end}}`;
      case 2:
        return `{{with ${expr(depth)}}}${body()}${chance(0.5) ? `{{else${chance(0.3) ? ` with ${expr(depth)}` : ""}}}${body()}` : ""}{{end}}`;
      case 3:
        return `{{range ${pick(["", "$v := ", "$k, $v := ", "$i, $e := "])}${expr(depth)}}}${body()}${chance(0.3) ? "{{break}}" : ""}${chance(0.3) ? "{{continue}}" : ""}${chance(0.4) ? `{{else}}${body()}` : ""}{{end}}`;
      case 4:
        return `{{$x := ${fn(depth)}}}${body()}{{$x}}${chance(0.3) ? `{{$x = ${expr(depth)}}}{{$x}}` : ""}`;
      case 5:
        return `{{/* ${pick(["c", "multi\nline", ""])} */}}`;
      case 6:
        // {{define}} belongs at the top (inside an action it is a parse error: tried now and then).
        if (depth > 0 && !chance(0.1)) return `{{template "missing"}}`;
        return `{{define "t"}}${body()}{{end}}{{template "t" ${expr(depth)}}}`;
      case 7:
        return `{{block "b" ${expr(depth)}}}${body()}{{end}}`;
      case 8:
        return `{{range ${pick(["3", "0", "$i := 2", "$i, $j := 2", ".metadata.generation"])}}}{{.}}{{end}}`;
      default:
        return `{{${trimL}${fn(depth)}${trimR}}}`;
    }
  };
  const block = (depth) => {
    let s = "";
    const n = 1 + Math.floor(rnd() * (depth === 0 ? 3 : 1.5));
    for (let i = 0; i < n; i++) s += pick(TEXT) + action(depth);
    return s + pick(TEXT);
  };
  let template = block(0);
  if (isList && chance(0.6)) template = `{{range .items}}${template}{{"\\n"}}{{end}}`;
  // Broken templates, for the parse errors.
  if (chance(0.05)) template = template.slice(0, Math.floor(rnd() * template.length));
  if (chance(0.04)) {
    const at = Math.floor(rnd() * template.length);
    template =
      template.slice(0, at) +
      pick(["}", "{{", "(", ")", "$y", "'", '"', "|", ":=", "=", "foo", "@", "1x"]) +
      template.slice(at);
  }
  return template === "" ? "{{.kind}}" : template;
}

/** The object the template sees (get's printGeneric view), computed with kubewire's own kubectlView. */
function viewOf(s, named, ns) {
  const raw = Object.values(s.bodies)[0];
  return m.kubectlView([m.parseJsonLossless(raw)], {
    singleObject: named,
    showManagedFields: true,
    listItemNamespaces: [ns],
  });
}

/** kubewire redacts the object in a failed template's debugging dump: where it did, the dumps are not compared. */
function withoutDump(run, kubewire) {
  const at = kubewire.stdout.lastIndexOf("\traw data was:\n");
  if (at < 0 || !kubewire.stdout.slice(at).includes("[redacted")) return run;
  const cut = run.stdout.lastIndexOf("\traw data was:\n");
  return { ...run, stdout: cut < 0 ? run.stdout : run.stdout.slice(0, cut) };
}

const CAPTURE_RELEASES = ["1.27", "1.30", "1.33"];
const versionsOf = (i) =>
  versionMode === "all"
    ? RELEASES
    : versionMode === "capture"
      ? CAPTURE_RELEASES
      : [RELEASES[i % RELEASES.length]];

const stubs = await m.startTableFuzzStubs(workers, m.REAL_DISCOVERY);
const specs = fc.sample(m.realFuzzSpec(seeds.length, ["json"]), { seed, numRuns: cases });
const started = Date.now();
let kubectlRuns = 0;
let done = 0;
const failures = [];
const panics = [];
const captured = [];
await Promise.all(
  Array.from({ length: workers }, async (_w, w) => {
    for (let i = w; i < specs.length; i += workers) {
      if (only !== undefined && i !== Number(only)) continue;
      const versions = versionsOf(i);
      const spec = { ...specs[i], sortBy: capture ? undefined : specs[i].sortBy };
      const s = m.realScenario(spec, seeds, i, Date.now());
      const ns = s.args.includes("-n") ? s.args[s.args.indexOf("-n") + 1] : undefined;
      const view = viewOf(s, spec.named, ns);
      const template = generate(prng(seed * 100003 + i), view, !spec.named);
      const o = s.args.indexOf("-o");
      s.args[o + 1] = `go-template=${template}`;
      const runs = await stubs.run(s, versions);
      kubectlRuns += runs.length;
      if (only !== undefined) console.log(JSON.stringify({ args: s.args, bodies: s.bodies, runs }, null, 1));
      const bad = [];
      runs.forEach(({ kubectl, kubewire }, j) => {
        if (isKubectlPanic(kubectl)) panics.push({ i, s, v: versions[j], kubectl });
        else if (!sameRun(withoutDump(kubectl, kubewire), withoutDump(kubewire, kubewire)))
          bad.push({ v: versions[j], kubectl, kubewire });
      });
      if (bad.length) failures.push({ i, s, bad, template });
      else if (
        capture &&
        runs.every(({ kubectl }) => /^$|^error: error (parsing|executing) template/.test(kubectl.stderr))
      )
        captured.push({
          i,
          template,
          view: JSON.parse(JSON.stringify(view, (_k, v) => (typeof v === "bigint" ? `__big:${v}` : v))),
          kubectl: Object.fromEntries(runs.map(({ kubectl }, j) => [versions[j], kubectl])),
        });
      if (++done % 25 === 0)
        process.stderr.write(
          `${done}/${cases} cases, ${kubectlRuns} kubectl runs, ${failures.length} failing\n`,
        );
    }
  }),
);
await stubs.close();
const seconds = (Date.now() - started) / 1000;
const report = [
  `${cases} cases, ${kubectlRuns} kubectl runs in ${seconds.toFixed(0)} s (seed ${seed}, ${seeds.length} seeds): ` +
    `${failures.length} failing, ${panics.length} kubectl panics (not compared)`,
];
for (const { i, s, bad, template } of failures.sort((a, b) => a.i - b.i)) {
  const lines = [`case ${i}: template ${JSON.stringify(template)}  [${bad.map((b) => b.v).join(",")}]`];
  lines.push(`  kubectl ${s.args.slice(0, -2).join(" ")}`);
  const { kubectl, kubewire } = bad[0];
  lines.push(`  exit kubectl ${kubectl.code} kubewire ${kubewire.code}`);
  if (kubectl.stderr !== kubewire.stderr)
    lines.push(
      `  stderr kubectl ${JSON.stringify(kubectl.stderr.slice(0, 400))}\n         kubewire ${JSON.stringify(kubewire.stderr.slice(0, 400))}`,
    );
  if (kubectl.stdout !== kubewire.stdout)
    lines.push(`  stdout ${JSON.stringify(firstDiff(kubectl.stdout, kubewire.stdout))}`);
  report.push(lines.join("\n"));
}
console.log(report.join("\n\n"));
if (capture) {
  // Small objects only, the first 150 by case number, releases that printed the same bytes under one key
  // ("1.27,1.30"): the fixture stays near half a megabyte.
  const grouped = (runs) => {
    const out = {};
    for (const [v, run] of Object.entries(runs)) {
      const same = Object.keys(out).find((k) => JSON.stringify(out[k]) === JSON.stringify(run));
      if (same) {
        out[`${same},${v}`] = out[same];
        delete out[same];
      } else out[v] = run;
    }
    return out;
  };
  const kept = captured
    .filter((c) => JSON.stringify(c.view).length < 3000)
    .sort((a, b) => a.i - b.i)
    .slice(0, 150)
    .map((c) => ({ ...c, kubectl: grouped(c.kubectl) }));
  writeFileSync(capture, JSON.stringify({ seed, cases: kept }) + "\n");
  console.log(`captured ${kept.length} of ${captured.length} cases into ${capture}`);
}

// The view scenarios' work (toKubectlView -o yaml and renderKubectlJson of the 10,000-ConfigMap list text) with two
// builds in one process, alternated run by run: CPU time (user + sys) and wall of each run, minimum and median.
// node --expose-gc bench/experiments/lossless-anchors/view-ab.js /work/main /work/wt/s12-speed [runs]
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { configMapListBody } from "../../lib/data.js";

const [a, b, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 9);
const text = configMapListBody(10_000);
const load = async (dir) => ({
  dir,
  kw: await import(pathToFileURL(join(dir, "dist/index.js")).href),
  kk: await import(pathToFileURL(join(dir, "dist/kubectl/index.js")).href),
});
const sides = [await load(a), await load(b)];
const work = {
  yaml: (s) => s.kw.toKubectlView(text, { output: "yaml" }),
  json: (s) => s.kk.renderKubectlJson(text),
};
for (const [name, f] of Object.entries(work)) {
  const outs = sides.map((s) => f(s));
  if (outs[0] !== outs[1]) throw new Error(`${name}: the two builds print differently`);
  const times = sides.map(() => ({ cpu: [], wall: [] }));
  for (let r = 0; r < runs; r++)
    for (let i = 0; i < sides.length; i++) {
      globalThis.gc?.();
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      f(sides[i]);
      const wall = Number(process.hrtime.bigint() - t0) / 1e6;
      const c = process.cpuUsage(c0);
      times[i].cpu.push((c.user + c.system) / 1000);
      times[i].wall.push(wall);
    }
  const stat = (xs) => {
    const s = [...xs].sort((x, y) => x - y);
    return `min ${s[0].toFixed(0)} median ${s[s.length >> 1].toFixed(0)} ms`;
  };
  sides.forEach((s, i) =>
    console.log(`${name} ${s.dir.padEnd(20)} cpu ${stat(times[i].cpu)}  wall ${stat(times[i].wall)}`),
  );
}

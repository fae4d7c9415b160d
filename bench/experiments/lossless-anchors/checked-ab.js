// parseJsonLosslessChecked of the view scenarios' 10,000-ConfigMap text, two builds alternated in one process: what
// it answers (does the view walk? scan for overflow?) and its CPU time, and the walk kubectl's List then makes.
// node --expose-gc bench/experiments/lossless-anchors/checked-ab.js /work/main /work/wt/s12-speed [runs]
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { configMapListBody } from "../../lib/data.js";

const [a, b, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 15);
const text = configMapListBody(10_000);
const sides = [];
for (const dir of [a, b])
  sides.push({
    dir,
    lj: await import(pathToFileURL(join(dir, "dist/normalize/lossless-json.js")).href),
    kl: await import(pathToFileURL(join(dir, "dist/normalize/kubectl-list.js")).href),
  });
const cpu = (f) => {
  globalThis.gc?.();
  const c0 = process.cpuUsage();
  const r = f();
  const c = process.cpuUsage(c0);
  return [(c.user + c.system) / 1000, r];
};
const t = sides.map(() => ({ checked: [], list: [] }));
for (let r = 0; r < runs; r++)
  sides.forEach((s, i) => {
    const [ms, checked] = cpu(() => s.lj.parseJsonLosslessChecked(text));
    t[i].checked.push(ms);
    t[i].answer = { negativeZeroFree: checked.negativeZeroFree, overflow: checked.overflow };
    const [ms2] = cpu(() => s.kl.kubectlListOf([checked.value], {}, () => checked.negativeZeroFree));
    t[i].list.push(ms2);
  });
const min = (xs) => Math.min(...xs).toFixed(1);
const med = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1].toFixed(1);
sides.forEach((s, i) =>
  console.log(
    `${s.dir.padEnd(20)} ${JSON.stringify(t[i].answer)} checked cpu min ${min(t[i].checked)} med ${med(t[i].checked)} ms;` +
      ` kubectl List cpu min ${min(t[i].list)} med ${med(t[i].list)} ms`,
  ),
);

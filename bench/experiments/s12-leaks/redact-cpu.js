// CPU time of what the session-12 text rules touch, for one checkout (argv[2]): a kubectl -v=9 log import (which
// redacts every exchange) and the pre-scan plus text rules over every line of the same log. Run under the lock,
// alternating checkouts.
import { pathToFileURL } from "node:url";
const root = process.argv[2];
const { generateLog } = await import(pathToFileURL(`${root}/bench/scenarios/log-import.js`).href);
const { importKubectlLog } = await import(pathToFileURL(`${root}/dist/kubectl/index.js`).href);
const { redactSecretText } = await import(pathToFileURL(`${root}/dist/record/index.js`).href);
const { text } = generateLog(20 * 1024 * 1024);
const lines = text.split("\n");
function cpu(f) {
  globalThis.gc?.();
  const a = process.cpuUsage();
  f();
  const b = process.cpuUsage(a);
  return ((b.user + b.system) / 1000).toFixed(0);
}
const imp = [],
  rules = [];
for (let i = 0; i < 3; i++) {
  imp.push(cpu(() => importKubectlLog(text)));
  rules.push(
    cpu(() => {
      for (const l of lines) redactSecretText(l);
    }),
  );
}
console.log(
  root.includes("main") ? "main" : "s12 ",
  "import ms",
  imp.join(" "),
  " lines ms",
  rules.join(" "),
);

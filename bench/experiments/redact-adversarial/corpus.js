// Session 10: the text rules on ordinary text, to see that the linear rules cost no more than the expressions they
// replace. Every text file of fixtures/ (cassettes, kubectl captures and logs, pasted logs, kubeconfigs, manifests),
// whole and line by line, through redactTextRules (the rules alone, with the keyless marker) and redactSecretText
// (the pre-scan first), `--rounds` times; CPU time of the best round.
//   node --expose-gc bench/experiments/redact-adversarial/corpus.js [--root DIR] [--rounds 7] [--only rules|whole]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const here = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const root = resolve(option("root", here));
const rounds = Number(option("rounds", "7"));

const { redactTextRules } = await import(pathToFileURL(`${root}/dist/record/redact/secret-policy.js`).href);
const { redactSecretText } = await import(pathToFileURL(`${root}/dist/record/index.js`).href);
const marker = (v) => `[redacted len=${Buffer.byteLength(v)}]`;

const texts = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) walk(path);
    else if (st.size < 4 * 1024 * 1024 && /\.(json|ya?ml|txt|log|md|har)$/.test(name)) {
      const text = readFileSync(path, "utf8");
      if (text.includes("\u0000")) continue;
      texts.push(text, ...text.split("\n"));
    }
  }
})(join(here, "fixtures"));
const chars = texts.reduce((n, t) => n + t.length, 0);

function best(run) {
  let min = Infinity;
  let out = 0;
  for (let r = 0; r < rounds; r++) {
    globalThis.gc?.();
    const cpu = process.cpuUsage();
    out = run();
    const used = process.cpuUsage(cpu);
    min = Math.min(min, (used.user + used.system) / 1000);
  }
  return { ms: Math.round(min * 10) / 10, out };
}

const only = option("only", "");
const none = { ms: "-", out: "-" };
const rules =
  only === "whole" ? none : best(() => texts.reduce((n, t) => n + redactTextRules(t, marker).length, 0));
const whole = only === "rules" ? none : best(() => texts.reduce((n, t) => n + redactSecretText(t).length, 0));
console.log(
  `${root}: ${texts.length} texts, ${(chars / 1e6).toFixed(1)} M chars; redactTextRules ${rules.ms} ms ` +
    `(out ${rules.out}), redactSecretText ${whole.ms} ms (out ${whole.out})`,
);

// Session 10: the text rules of redaction on adversarial inputs (long runs of backslashes, quotes, brackets, keys,
// sequences...), each at several sizes, timed through redactSecretText (the path every reader of untrusted text
// takes: log import, report, replay, the proxy). A case whose time grows with the square of its size is a DoS.
//   node bench/experiments/redact-adversarial/run.js [--root DIR] [--only TEXT] [--sizes 10000,40000,200000]
//     [--cap MS] [--out FILE]
// --root: the checkout whose dist/ is measured (default: this one). A size is skipped once the one before it took
// longer than --cap ms (default 400): a quadratic case would take minutes. Run it under the lock (common.md).
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const root = resolve(option("root", resolve(dirname(fileURLToPath(import.meta.url)), "../../..")));
const only = option("only", "");
const sizes = option("sizes", "10000,40000,200000").split(",").map(Number);
const cap = Number(option("cap", "400"));
const out = option("out", undefined);

const { redactSecretText } = await import(pathToFileURL(`${root}/dist/record/index.js`).href);
const { redactBody } = await import(pathToFileURL(`${root}/dist/record/redact/redact.js`).href);

const B = "\\";
const r = (s, n) => s.repeat(Math.max(1, Math.floor(n / s.length)));
/** Deeper escaped-quote openers first, each shallower one after it (no closer for any of them). */
function descendingDepths(n) {
  let text = "";
  for (let k = Math.floor(Math.sqrt(2 * n)); k >= 1 && text.length < n; k--)
    text += `\\"token\\": ${B.repeat(k)}"v `;
  return text;
}

// Each case: a name and the text of about n characters. A prefix such as `token: x\n` is there where the pre-scan
// would otherwise call the text clean (an attacker can always add one).
const CASES = [
  ["query value after ?a= (the finding)", (n) => `?a=${B.repeat(n)}"&sig=s3cretSig`],
  ["bare backslash run", (n) => `token: x\n${B.repeat(n)}`],
  ["backslashes after password: ", (n) => `password: ${B.repeat(n)}`],
  ['backslashes then " after password: ', (n) => `password: ${B.repeat(n)}"x`],
  ['inside \\"token\\":\\"…', (n) => `\\"token\\":\\"${B.repeat(n)}x`],
  ["deep opener, shallower closer", (n) => `\\"token\\": ${B.repeat(n / 2)}"x${B.repeat(n / 2 - 1)}"`],
  ["descending escaped-quote depths", descendingDepths],
  ["flow array of backslashes", (n) => `token: [${B.repeat(n)}]`],
  ['flow array, backslashes then "', (n) => `token: [${B.repeat(n)}"x]`],
  ['flow array of \\\\" pairs', (n) => `token: [${r('\\\\"', n)}]`],
  ["query value of backslashes", (n) => `?sig=${B.repeat(n)}x`],
  ["query value of backslash-slash", (n) => `?sig=${r("\\\\/", n)}x`],
  ['runs of \\" pairs', (n) => `token: x\n${r('\\"', n)}`],
  ['runs of \\\\" triples', (n) => `token: x\n${r('\\\\"', n)}`],
  ['runs of "', (n) => `token: x\n${'"'.repeat(n)}`],
  ["runs of '", (n) => `token: x\n${"'".repeat(n)}`],
  ['token: then "', (n) => `token: ${'"'.repeat(n)}`],
  ["secret block sequence", (n) => `token:\n${r("- a\n", n)}`],
  ["nested non-secret sequences", (n) => `token: x\na:\n${r("- b:\n", n)}`],
  ["nested non-secret block scalars", (n) => `token: x\na: |\n${r("  b: |\n", n)}`],
  ["sequence item with inner spaces", (n) => `token:\n- a${" ".repeat(n)}b\n`],
  ["runs of [", (n) => `token: x\n${"[".repeat(n)}`],
  ["token: then [", (n) => `token: ${"[".repeat(n)}`],
  ["repeated a: (bare values)", (n) => `token: x\n${r("a:", n)}`],
  ["repeated a= (bare values)", (n) => `token: x\n${r("a=", n)}`],
  ["repeated /a: (a PATH)", (n) => `token: x\n${r("/a:", n)}`],
  ["long key word then :", (n) => `token: x\n${"a".repeat(n)}:`],
  ["long secret key word then :", (n) => `${"a".repeat(n)}token: x`],
  ["dotted words (URL scheme)", (n) => `token: x\n${r("a.", n)}`],
  ["scheme then long userinfo", (n) => `https://${"x".repeat(n)}`],
  ["Bearer then spaces", (n) => `Bearer${" ".repeat(n)}!`],
  ["PEM header run", (n) => `-----BEGIN ${"A".repeat(n)}`],
  ["double-quoted value never closed", (n) => `token: "${r('\\"', n)}`],
  ["spaces after password:", (n) => `password:${" ".repeat(n)}\\`],
  ["\\u escapes", (n) => r("\\u0041", n)],
  ["key anchors then backslashes", (n) => `ken${B.repeat(n)}:`],
  ["repeated ken\\\\:", (n) => r("ken\\\\:", n)],
  ["many secret keys, bare values", (n) => r("token: x ", n)],
  ["many escaped secret keys", (n) => r('\\"token\\":\\"v\\",', n)],
  ["many query params", (n) => r("&sig=v", n)],
  ["unclosed markers in a sequence item", (n) => `token:\n- ${r("[redacted ", n)}\n`],
  ["unclosed markers in a flow array", (n) => `token: [${r("[redacted ", n)}]`],
  ["query value of backslashes then /", (n) => `?sig=${B.repeat(n)}x/`],
  ["flow array, descending escaped depths", (n) => `token: [${descendingDepths(n).replace(/token|:/g, "")}]`],
  [
    "exec argument of keys, no =",
    (n) =>
      JSON.stringify({
        kind: "Config",
        users: [{ name: "u", user: { exec: { command: "x", args: [`--${r("key", n)}!`, "--token", "v"] } } }],
      }),
  ],
  // Through redactBody (a text body), not redactSecretText: the YAML-document check of text bodies.
  ["text body: blank lines before a key", (n) => `${"\n".repeat(n)}!\ntoken: x\n`],
];

function time(text, body) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = body
    ? redactBody({ kind: "text", text, bytes: text.length }).body.text
    : redactSecretText(text);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, length: result.length };
}

const results = [];
for (const [name, make] of CASES) {
  if (only && !name.includes(only)) continue;
  const row = { name, sizes: {} };
  let skip = false;
  for (const n of sizes) {
    if (skip) {
      row.sizes[n] = null;
      continue;
    }
    const text = make(n);
    globalThis.gc?.();
    const t = time(text, name.startsWith("text body:"));
    row.sizes[n] = Math.round(t.ms * 10) / 10;
    if (t.ms > cap) skip = true;
  }
  results.push(row);
  const cells = sizes.map((n) => (row.sizes[n] === null ? "skip" : `${row.sizes[n]} ms`).padStart(11));
  console.log(`${name.padEnd(42)}${cells.join("")}`);
}
if (out) writeFileSync(out, JSON.stringify({ root, sizes, results }, null, 2));

// How long each candidate test takes over the 10,000-ConfigMap list text of the view scenarios, and whether it
// matches there (an unanchored exponent test matches the uids' hex, such as `e12`).
// node bench/experiments/lossless-anchors/regex-cost.js
import { configMapListBody } from "../../lib/data.js";

const text = configMapListBody(10_000);
const candidates = {
  unanchored: /[eE]\+?\d\d/,
  anchored: /[:,[]\s*-?\d+(?:\.\d+)?[eE]\+?\d\d/,
  anchoredLookbehindAfter: /[eE]\+?\d\d(?<=[:,[]\s*-?\d+(?:\.\d+)?[eE]\+?\d\d)/,
  digitE: /\d[eE]\+?\d\d/,
  digitEthenBehind: /\d[eE]\+?\d\d(?<=[:,[]\s*-?\d+(?:\.\d+)?[eE]\+?\d\d)/,
  overflowOld: /[eE]\+?\d\d\d|\d{309}/,
  negative: /[:,[]\s*-/,
  long: /\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d/,
};
for (const [name, re] of Object.entries(candidates)) {
  re.test(text);
  const times = [];
  let m;
  for (let r = 0; r < 15; r++) {
    const t = process.hrtime.bigint();
    m = re.test(text);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(26)} match=${m} median ${times[7].toFixed(2)} ms  min ${times[0].toFixed(2)} ms`,
  );
}
console.log(`${(text.length / 1e6).toFixed(1)} MB`);

// One command against one served body, on the real kubectl and `kubewire get` (this checkout's src/), both sides
// printed in full: the quickest way to look at a mismatch the fuzzers report.
//   node bench/experiments/real-fuzz/repro.js '<versions,comma>' '<path>' '<body file or JSON>' get pods -n x -o …
import { existsSync, readFileSync } from "node:fs";
import { importBundled, sameRun } from "../fuzz-lib/harness.js";

const [versions, path, body, ...args] = process.argv.slice(2);
const m = await importBundled(`
  export { startTableFuzzStubs } from "./test/helpers/table-fuzz.ts";
  export { REAL_DISCOVERY } from "./test/helpers/real-fuzz.ts";`);
const stubs = await m.startTableFuzzStubs(1, m.REAL_DISCOVERY);
const text = existsSync(body) ? readFileSync(body, "utf8") : body;
const runs = await stubs.run({ name: "repro", args, bodies: { [path]: text } }, versions.split(","));
await stubs.close();
versions.split(",").forEach((v, i) => {
  const { kubectl, kubewire } = runs[i];
  const same = sameRun(kubectl, kubewire);
  console.log(`== ${v}: ${same ? "same" : "DIFFERENT"}`);
  console.log("kubectl ", JSON.stringify(kubectl));
  if (!same) console.log("kubewire", JSON.stringify(kubewire));
});

// One command against one served body, on the real kubectl and `kubewire get` (this checkout's src/), both sides
// printed in full: the quickest way to look at a mismatch the fuzzers report.
//   node bench/experiments/real-fuzz/repro.js '<versions,comma>' '<path>' '<body file or JSON>' get pods -n x -o …
import { build } from "esbuild";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [versions, path, body, ...args] = process.argv.slice(2);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const bundle = join(root, "bench", "experiments", `.real-fuzz-repro-${process.pid}.mjs`);
await build({
  stdin: {
    contents: `
      export { startTableFuzzStubs } from "./test/helpers/table-fuzz.ts";
      export { REAL_DISCOVERY } from "./test/helpers/real-fuzz.ts";`,
    resolveDir: root,
    loader: "ts",
  },
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: bundle,
  packages: "external",
  logLevel: "error",
});
const m = await import(pathToFileURL(bundle).href);
rmSync(bundle, { force: true });
const stubs = await m.startTableFuzzStubs(1, m.REAL_DISCOVERY);
const text = existsSync(body) ? readFileSync(body, "utf8") : body;
const runs = await stubs.run({ name: "repro", args, bodies: { [path]: text } }, versions.split(","));
await stubs.close();
versions.split(",").forEach((v, i) => {
  const { kubectl, kubewire } = runs[i];
  const same =
    kubectl.stdout === kubewire.stdout &&
    kubectl.stderr === kubewire.stderr &&
    kubectl.code === kubewire.code;
  console.log(`== ${v}: ${same ? "same" : "DIFFERENT"}`);
  console.log("kubectl ", JSON.stringify(kubectl));
  if (!same) console.log("kubewire", JSON.stringify(kubewire));
});

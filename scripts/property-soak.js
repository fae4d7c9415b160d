#!/usr/bin/env node
// `npm run soak:properties [-- <vitest args>]`: every property test of the `fast` and `soak` tiers (the test files
// that use fast-check) under the soak switch, before a merge. KUBEWIRE_SOAK (default 20) multiplies their runs and
// gives them seeds of this run rather than the fixed ones of a normal run (test/helpers/property-seed.ts,
// CONTRIBUTING.md "Property tests and seeds"); a failure names its seed, which KUBEWIRE_PROPERTY_SEED replays.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith(".test.ts") ? [join(dir, d.name)] : [],
  );
}

const files = walk("test").filter((f) => /from "fast-check"/.test(readFileSync(f, "utf8")));
const env = { ...process.env, KUBEWIRE_SOAK: process.env.KUBEWIRE_SOAK || "20" };
console.log(`${files.length} files with properties, KUBEWIRE_SOAK=${env.KUBEWIRE_SOAK}`);
const run = spawnSync(
  "npx",
  [
    "vitest",
    "run",
    "--project",
    "fast",
    "--project",
    "soak",
    "--testTimeout=0",
    ...process.argv.slice(2),
    ...files,
  ],
  { stdio: "inherit", env },
);
process.exit(run.status ?? 1);

#!/usr/bin/env node
// `npm run lint:package`: lint the package as it is published, after `npm run build`. Packs once without running
// scripts (the build already ran; `attw --pack` would pack with scripts), then publint (exports, files,
// fields) and are-the-types-wrong (every entry's types resolve, ESM-only profile: there is no CommonJS build).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "kubewire-pack-"));
const run = (command, args) => execFileSync(command, args, { stdio: "inherit" });
try {
  const [{ filename }] = JSON.parse(
    execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
      encoding: "utf8",
    }),
  );
  const tarball = join(dir, filename);
  run("npx", ["--no-install", "publint", "run", tarball, "--strict"]);
  run("npx", ["--no-install", "attw", tarball, "--profile", "esm-only"]);
} catch (error) {
  process.exitCode = error.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

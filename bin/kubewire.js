#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ once `npm run build` (run by `npm ci` through `prepare`) has compiled it.
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});

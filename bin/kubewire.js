#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ once `npm run build` (run by `npm ci` through `prepare`) has compiled it.
import { main } from "../dist/cli/main.js";

// `kubewire get ... | head`: a reader that stops reading is not an error; stop quietly, as kubectl does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});

#!/usr/bin/env node
// `npm test`'s checks before the test suite: `node scripts/run-checks.js lint,typecheck build+lint:package,format:check`
// runs those npm scripts two at a time (the machine this suite is sized for has two cores, and each of these is one
// busy thread). Each argument is a lane, whose steps (`,`) run one after the other; `a+b` runs b only when a passed
// (lint:package reads the build). It fails when any check fails. The lanes are balanced by time (on that machine,
// idle: lint 60 s, typecheck 16, build 31, lint:package 17, format:check 22): the slower lane is the checks' wall
// time. They read the sources and write nothing another reads (the build writes dist/, which the others ignore), so
// running them together checks what running them in turn did. Each one's output is printed whole when it ends,
// with its time, so outputs never interleave.
import { spawn } from "node:child_process";

const lanes = process.argv.slice(2).map((arg) => arg.split(",").map((step) => step.split("+")));
const PARALLEL = 2;
let failed = 0;
let checks = 0;

/** @param {string} script @returns {Promise<boolean>} */
function run(script) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn("npm", ["run", script], { stdio: ["ignore", "pipe", "pipe"] });
    /** @type {Buffer[]} */
    const output = [];
    child.stdout.on("data", (chunk) => output.push(chunk));
    child.stderr.on("data", (chunk) => output.push(chunk));
    child.on("close", (code, signal) => {
      const seconds = (Number(process.hrtime.bigint() - start) / 1e9).toFixed(1);
      const ok = code === 0;
      if (!ok) failed++;
      checks++;
      process.stdout.write(
        `\n> npm run ${script}: ${ok ? "passed" : `FAILED (${signal ?? code})`} in ${seconds} s\n`,
      );
      process.stdout.write(Buffer.concat(output));
      resolve(ok);
    });
  });
}

const queue = [...lanes];
await Promise.all(
  Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
    for (let lane = queue.shift(); lane !== undefined; lane = queue.shift())
      for (const chain of lane) for (const script of chain) if (!(await run(script))) break;
  }),
);
if (failed > 0) {
  process.stdout.write(`\n${failed} of ${checks} checks failed\n`);
  process.exitCode = 1;
}

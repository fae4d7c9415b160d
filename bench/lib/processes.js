import { spawn } from "node:child_process";

/**
 * Runs a program to its end and times it from spawn to exit, in milliseconds; stdout is collected (for checks),
 * stderr kept for error messages.
 * @param {string} bin @param {string[]} args @param {{ env?: Record<string, string>, cwd?: string }} [options]
 * @returns {Promise<{ ms: number, code: number | null, stdout: Buffer, stderr: string }>}
 */
export function runProcess(bin, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, args, { env: options.env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    let err = "";
    child.stdout.on("data", (c) => out.push(c));
    child.stderr.on("data", (c) => (err += c));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ ms: performance.now() - started, code, stdout: Buffer.concat(out), stderr: err }),
    );
  });
}

import { Readable } from "node:stream";
import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Text served on standard input. */
  stdin?: string;
  /** Make stderr look like a terminal (progress lines, colour). */
  tty?: boolean;
}

/** Streams that collect what a command writes, for running commands in-process. */
export function captureIO(options: CliOptions = {}): { io: CliIO; out: { stdout: string; stderr: string } } {
  const out = { stdout: "", stderr: "" };
  const io: CliIO = {
    stdout: { write: (s: string) => (out.stdout += s) },
    stderr: Object.assign({ write: (s: string) => (out.stderr += s) }, options.tty ? { isTTY: true } : {}),
    env: options.env ?? {},
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.stdin !== undefined ? { stdin: Readable.from([Buffer.from(options.stdin)]) } : {}),
  };
  return { io, out };
}

/** Runs `kubewire <argv...>` in-process and returns its exit code and output. */
export async function runCli(argv: string[], options: CliOptions = {}): Promise<CliRun> {
  const { io, out } = captureIO(options);
  const code = await main(argv, io);
  return { code, ...out };
}

import type { LoadKubeConfigOptions } from "../index.js";

/** What a command may touch: its streams and environment, passed in so tests run commands in-process. */
export interface CliIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  stdin?: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** The working directory for relative paths; defaults to process.cwd(). */
  cwd?: string;
}

/** Where a command finds its kubeconfig: `--kubeconfig` and `--context` as given, else kubectl's rules in `io`'s environment. */
export function kubeConfigLocation(
  flags: { kubeconfig?: string | undefined; context?: string | undefined },
  io: CliIO,
): LoadKubeConfigOptions {
  return {
    ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}),
    ...(flags.context !== undefined ? { context: flags.context } : {}),
    env: io.env,
    ...(io.cwd !== undefined ? { cwd: io.cwd } : {}),
  };
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A command-line mistake: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

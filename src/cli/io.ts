import { KubewireError } from "../index.js";
import type { LoadKubeConfigOptions } from "../index.js";
import { redactSecretText } from "../record/index.js";
import { EXIT } from "./exit-codes.js";

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

export { EXIT } from "./exit-codes.js";

/** A command-line mistake: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  /** A stable identifier, as every kubewire error has. */
  readonly code = "KUBEWIRE_CLI_USAGE";

  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A failure whose exact wording is kubectl's (or a command's own): printed as given, after "error: ". */
export class CliFailure extends Error {
  readonly code = "KUBEWIRE_CLI_FAILURE";
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT.failure) {
    super(message);
    this.name = "CliFailure";
    this.exitCode = exitCode;
  }
}

/**
 * A failure in one line: a library error's message is safe to print as it is; anything else (a file that cannot
 * be written, a number out of range) is told by its code and message, scrubbed like any text.
 */
function describeFailure(error: unknown): string {
  if (error instanceof KubewireError) return oneLine(error.message);
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return oneLine(
      redactSecretText(code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message),
    );
  }
  return oneLine(redactSecretText(String(error)));
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

/**
 * The one place a command's failure becomes output: `error: <message>` on stderr, the usage hint after a
 * command-line mistake (`See 'kubewire get --help' for usage.`, as kubectl writes it), and the exit code from
 * {@link EXIT}. Library errors (`KubewireError`) carry messages that are safe to print; anything else is a bug,
 * reported on one line too (its stack only with `KUBEWIRE_DEBUG=1`).
 */
export function reportError(error: unknown, io: CliIO, command: string | undefined): number {
  if (error instanceof UsageError) {
    const hint = command ? `See 'kubewire ${command} --help' for usage.\n` : "";
    io.stderr.write(`error: ${error.message}\n${hint}`);
    return EXIT.usage;
  }
  if (error instanceof CliFailure) {
    io.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  io.stderr.write(`error: ${describeFailure(error)}\n`);
  // KUBEWIRE_DEBUG=1 adds the stack, for a bug report (scrubbed as well).
  if (io.env.KUBEWIRE_DEBUG && error instanceof Error && error.stack)
    io.stderr.write(`${redactSecretText(error.stack)}\n`);
  return EXIT.failure;
}

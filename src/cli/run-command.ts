import { reportError } from "./io.js";
import type { CliIO } from "./io.js";

/** A command's entry: its arguments (after the command's name) to its exit code. */
export type Command = (args: string[], io: CliIO) => Promise<number>;

/** Runs a command, its failures reported the one way every command reports them (reportError). */
export async function runCommand(name: string, command: Command, args: string[], io: CliIO): Promise<number> {
  try {
    return await command(args, io);
  } catch (error) {
    return reportError(error, io, name);
  }
}

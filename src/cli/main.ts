import { EXIT } from "./io.js";
import type { CliIO } from "./io.js";
import { runCommand } from "./run-command.js";
import type { Command } from "./run-command.js";
import { answerWithoutCommand, commandFirst, USAGE } from "./usage.js";

// Each command is loaded when it runs: `--help` loads nothing, and a `get` does not pay for the fake API server,
// the OpenAPI validator or the log importer.
const COMMANDS: Record<string, Command> = {
  demo: async (args, io) => (await import("./demo.js")).runDemo(args, io),
  diff: async (args, io) => (await import("./diff.js")).runDiff(args, io),
  validate: async (args, io) => (await import("./validate.js")).runValidate(args, io),
  get: async (args, io) => (await import("./get/get-command.js")).runGet(args, io),
  view: async (args, io) => (await import("./view.js")).runView(args, io),
  replay: async (args, io) => (await import("./replay.js")).runReplay(args, io),
  proxy: async (args, io) => (await import("./proxy.js")).runProxy(args, io),
  report: async (args, io) => (await import("./report.js")).runReport(args, io),
  secrets: async (args, io) => (await import("./secrets.js")).runSecrets(args, io),
  "fake-server": async (args, io) => (await import("./fake-server.js")).runFakeServer(args, io),
  log: async (args, io) => (await import("./log.js")).runLog(args, io),
  version: async (args, io) => (await import("./version.js")).runVersion(args, io),
};

/**
 * The CLI entry point: a thin shell over the public API. Returns the exit code; never calls process.exit, so it
 * runs in-process in tests.
 */
export async function main(commandLine: string[], io: CliIO): Promise<number> {
  const argv = commandFirst(commandLine);
  const answered = answerWithoutCommand(argv, io);
  if (answered !== undefined) return answered;
  const [name, ...args] = argv as [string, ...string[]];
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(`error: unknown command ${JSON.stringify(name)} for "kubewire"\n\n${USAGE}`);
    return EXIT.usage;
  }
  return runCommand(name, command, args, io);
}

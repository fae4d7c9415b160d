import { readFileSync } from "node:fs";
import { EXIT, reportError } from "./io.js";
import type { CliIO } from "./io.js";

const USAGE = `Usage: kubewire <command> [options]

Commands:
  get         fetch objects like kubectl get: tables, -o json|yaml|name|wide|jsonpath|custom-columns|raw,
              --watch, --sort-by, --raw, --v=N traffic log, --record (a discovery cache shared with kubectl)
  view        what kubectl get -o json|yaml|name prints for raw API responses, byte for byte
  diff        differences between a raw response and kubectl's view, or between two files
  validate    validate objects against the cluster's OpenAPI v3 documents
  log         render a cassette as kubectl --v=6..10 logs it, or import a kubectl log into a cassette
  replay      serve a cassette on 127.0.0.1 (HTTP or HTTPS) for kubectl or any client
  proxy       kubectl --v=9 for every client: a local proxy that logs and records what any tool sends
  report      a cassette as one self-contained web page (waterfall, filters, diffs), or as HAR
  secrets     update keys in every Secret a selector matches, safely (409 retries, no-op skips, dry run)
  fake-server an in-memory Kubernetes API server for tests; kubectl works against it
  demo        the kubectl --v=9 story on an embedded recorded session (no cluster needed)
  version     kubewire's version, and the server's (--client: kubewire's only)

Run 'kubewire <command> --help' for a command's options, 'kubewire --version' for the version.
`;

type Command = (args: string[], io: CliIO) => Promise<number>;

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

/** kubewire's version, from the package.json next to the code (the one place it is written). */
export function kubewireVersion(): string {
  const url = new URL("../../package.json", import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
}

/**
 * The CLI entry point: a thin shell over the public API. Returns the exit code; never calls process.exit, so it
 * runs in-process in tests.
 */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version") {
    io.stdout.write(`kubewire ${kubewireVersion()}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(`error: unknown command ${JSON.stringify(name)} for "kubewire"\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    return await command(args, io);
  } catch (error) {
    return reportError(error, io, name);
  }
}

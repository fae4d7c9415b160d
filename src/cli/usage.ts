import { readFileSync } from "node:fs";
import { EXIT } from "./exit-codes.js";
import type { CliIO } from "./io.js";

// What `kubewire`, `kubewire --help` and `kubewire --version` print, in a module that imports nothing else of
// kubewire: the launcher (bin/kubewire.js) loads its bundle (dist/bundle/usage.js, a few kB) first and loads the
// CLI only for a command, and main() answers with the same function, so the two cannot disagree.

/** The top-level usage text. */
export const USAGE = `Usage: kubewire <command> [options]

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

/** kubewire's version, from the package.json next to the code (the one place it is written). */
export function kubewireVersion(): string {
  const url = new URL("../../package.json", import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
}

/**
 * kubectl's global flags that take no value (pflag's `NoOptDefVal`): before the command, any other flag written
 * without `=` takes the next word as its value, as cobra reads it when it looks for the command.
 */
const LEADING_BOOLEAN_FLAGS = new Set([
  "--insecure-skip-tls-verify",
  "--match-server-version",
  "--disable-compression",
  "--warnings-as-errors",
  "--help",
  "-h",
]);

/**
 * Puts the command first: `kubewire --kubeconfig k --v=6 get cm` is read as `kubewire get --kubeconfig k --v=6 cm`,
 * as kubectl (cobra) reads global flags written before the command. The command's own parser then judges the flags.
 * A command line that starts with a command, or has none after its flags, is returned as it is.
 */
export function commandFirst(argv: readonly string[]): string[] {
  let at = 0;
  while (at < argv.length && argv[at]!.startsWith("-") && argv[at] !== "-" && argv[at] !== "--") {
    const flag = argv[at]!;
    const takesNext =
      !flag.includes("=") &&
      !LEADING_BOOLEAN_FLAGS.has(flag) &&
      // A short flag with its value attached (`-nkube-system`, `-v9`) is one word.
      (flag.startsWith("--") || flag.length === 2);
    at += takesNext ? 2 : 1;
  }
  if (at === 0 || at >= argv.length || argv[at] === "--") return [...argv];
  return [argv[at]!, ...argv.slice(0, at), ...argv.slice(at + 1)];
}

/**
 * Answers a command line that names no command (none at all, `--help`, `-h`, `help`, `--version`, flags alone) and
 * returns the exit code; `undefined` for any other command line. Expects the command first ({@link commandFirst}).
 */
export function answerWithoutCommand(
  argv: readonly string[],
  io: Pick<CliIO, "stdout" | "stderr">,
): number | undefined {
  const [name] = argv;
  if (name === undefined) {
    io.stderr.write(USAGE);
    return EXIT.usage;
  }
  if (name === "--version") {
    io.stdout.write(`kubewire ${kubewireVersion()}\n`);
    return EXIT.ok;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  // Flags and no command after them (`kubewire --kubeconfig k`; commandFirst has put any command first): kubectl
  // answers as it does with no command at all, and so does kubewire, with its help when the flags ask for it.
  if (name.startsWith("-") && name !== "-") {
    const asksForHelp = argv.includes("--help") || argv.includes("-h");
    (asksForHelp ? io.stdout : io.stderr).write(USAGE);
    return asksForHelp ? EXIT.ok : EXIT.usage;
  }
  return undefined;
}

import { resolve } from "node:path";
import { parseCommandArgs } from "./flags.js";
import {
  importKubectlLogFile,
  importKubectlLogStream,
  loadCassette,
  renderTrafficLog,
  saveCassette,
} from "../index.js";
import { formatKubectlLogImportReport, foundKubectlLog, TRAFFIC_LEVELS } from "../kubectl/index.js";
import { serializeCassette } from "../record/index.js";
import { importHar } from "../report/index.js";
import type { KubectlLogImport, KubectlLogImportOptions, TrafficLevel } from "../index.js";
import { EXIT, UsageError } from "./io.js";
import type { CliIO } from "./io.js";
import { InputError, readInput } from "./read-document.js";

export const LOG_USAGE = `Usage:
  kubewire log render <cassette.json> [--v=N] [--kubectl-version 1.NN] [--show-secrets] [--replay-curl] [--utc]
      Print the cassette's exchanges as kubectl logs them at --v=N (6-10, default 9), in the format of kubectl
      1.NN (1.27-1.31 classic, 1.32 hybrid, 1.33+ structured; default the newest). Bodies and credentials are
      redacted; --show-secrets prints what kubectl would print. --replay-curl prints curl lines that replay the
      request with its body. --utc prints times in UTC rather than the local zone.
  kubewire log import <kubectl.log | -> [-o cassette.json] [--year YYYY] [--utc-offset MINUTES]
      Read a kubectl log (a file, or - for stdin; pasted from an issue, wrapped, quoted, cut) into a cassette,
      written to -o or stdout. A report goes to stderr: the exchanges found, and the lines skipped, by number.
      Exits 1 when the text holds no kubectl log at all.
  kubewire log import --from-har <session.har | -> [-o cassette.json]
      Read a HAR 1.2 file (kubewire report --har, a browser's network panel, a proxy) into a cassette: one
      exchange per HTTP(S) entry, redacted as a recording is.
`;

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value))
    throw new UsageError(`--${name} takes an integer, not ${JSON.stringify(value)}`);
  return Number(value);
}

async function runRender(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    v: { type: "string", default: "9" },
    "kubectl-version": { type: "string" },
    "show-secrets": { type: "boolean", default: false },
    "replay-curl": { type: "boolean", default: false },
    utc: { type: "boolean", default: false },
  });
  if (positionals.length !== 1) throw new UsageError("log render takes one cassette file");
  const v = Number(values.v);
  if (!TRAFFIC_LEVELS.includes(v as TrafficLevel))
    throw new UsageError(`--v must be one of ${TRAFFIC_LEVELS.join(", ")} (below 6 kubectl logs no traffic)`);
  const cassette = await loadCassette(resolve(io.cwd ?? process.cwd(), positionals[0]!));
  if (values["show-secrets"]) {
    io.stderr.write(
      "WARNING: --show-secrets: bodies and headers are printed as the cassette holds them, as kubectl would print\n" +
        "WARNING: them. Secret values, tokens and other credentials may be shown. Do not paste this output anywhere.\n",
    );
  }
  io.stdout.write(
    renderTrafficLog(cassette.exchanges, {
      v: v as TrafficLevel,
      ...(values["kubectl-version"] ? { kubectlVersion: values["kubectl-version"] } : {}),
      showSecrets: values["show-secrets"],
      replayCurl: values["replay-curl"],
      utc: values.utc,
    }),
  );
  return EXIT.ok;
}

async function runImport(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    output: { type: "string", short: "o" },
    year: { type: "string" },
    "utc-offset": { type: "string" },
    "from-har": { type: "boolean" },
  });
  if (positionals.length !== 1) throw new UsageError("log import takes one log file, or - for stdin");
  if (values["from-har"]) return importHarFile(positionals[0]!, values.output, io);
  const year = intOption(values.year, "year");
  const offset = intOption(values["utc-offset"], "utc-offset");
  const result = await importLogInput(positionals[0]!, io, {
    ...(year !== undefined ? { year } : {}),
    ...(offset !== undefined ? { utcOffsetMinutes: offset } : {}),
  });
  // A text with no kubectl log in it is a mistake (the wrong file, an empty paste): say so, write nothing.
  const found = foundKubectlLog(result);
  if (found) {
    if (values.output) await saveCassette(resolve(io.cwd ?? process.cwd(), values.output), result.cassette);
    else io.stdout.write(serializeCassette(result.cassette));
  }
  const name = positionals[0] === "-" ? "stdin" : positionals[0]!;
  io.stderr.write(
    formatKubectlLogImportReport(result, name) +
      (found && values.output ? `cassette written to ${values.output}\n` : ""),
  );
  return found ? EXIT.ok : EXIT.failure;
}

/** A log file (or stdin) imported as it is read: a large log never becomes one string. */
async function importLogInput(
  file: string,
  io: CliIO,
  options: KubectlLogImportOptions,
): Promise<KubectlLogImport> {
  if (file === "-") {
    if (!io.stdin) throw new InputError("no standard input to read '-' from");
    return importKubectlLogStream(io.stdin as AsyncIterable<string | Uint8Array>, options);
  }
  try {
    return await importKubectlLogFile(resolve(io.cwd ?? process.cwd(), file), options);
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
}

async function importHarFile(file: string, output: string | undefined, io: CliIO): Promise<number> {
  const text = await readInput(file, io);
  const name = file === "-" ? "stdin" : file;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${name} is not JSON (${(error as Error).message.split("\n")[0]})`);
  }
  const { cassette, skipped } = importHar(doc, { file: name });
  if (output) await saveCassette(resolve(io.cwd ?? process.cwd(), output), cassette);
  else io.stdout.write(serializeCassette(cassette));
  const n = cassette.exchanges.length;
  io.stderr.write(
    `${n} exchange${n === 1 ? "" : "s"} imported from the HAR` +
      (skipped.length
        ? `; ${skipped.length} entr${skipped.length === 1 ? "y" : "ies"} skipped:\n` +
          skipped.map((s) => `  log.entries[${s.index}] ${s.reason}\n`).join("")
        : "\n") +
      (output ? `cassette written to ${output}\n` : ""),
  );
  return EXIT.ok;
}

/** `kubewire log render|import`: kubectl verbose logs from cassettes, and cassettes from kubectl verbose logs. */
export async function runLog(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "--help" || sub === "-h") {
    io.stdout.write(LOG_USAGE);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  if (sub === "render") return runRender(rest, io);
  if (sub === "import") return runImport(rest, io);
  throw new UsageError(`unknown log subcommand ${JSON.stringify(sub)}\n\n${LOG_USAGE}`);
}

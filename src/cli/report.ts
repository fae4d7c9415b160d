import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { KUBEWIRE_VERSION } from "../client/index.js";
import { KubewireError } from "../index.js";
import { cassetteToHar, loadSession, renderReport, sessionFromText, writeReport } from "../report/index.js";
import type { LoadedSession } from "../report/index.js";
import { parseCommandArgs } from "./flags.js";
import { EXIT, UsageError } from "./io.js";
import type { CliIO } from "./io.js";
import { cannotRead, readStdin } from "./read-document.js";

export const REPORT_USAGE = `Usage:
  kubewire report <cassette.json | session.har | -> [-o report.html] [--har out.har] [--title TEXT]
      One self-contained HTML page of a recorded session: a waterfall of the exchanges with filters, each
      exchange with its request and response, kubectl's view of lists and the differences, what admission
      changed in writes, warnings and a curl command. It opens from disk and loads nothing.
      The input is a cassette, a HAR, or - for standard input (kubewire log import kubectl.log | kubewire report -).
      -o writes the page to a file (default: standard output). --har writes the session as HAR 1.2 (- for
      standard output), for a browser's network panel or any HAR viewer; given alone, no page is written.
      Secret values, tokens and credentials are redacted in both.
`;

/**
 * The session a file argument holds, read once: a cassette or a HAR file as `loadSession` reads it (in pieces, never
 * as one string); standard input whole. A file that cannot be read is worded as every command words it.
 */
async function readSession(file: string, io: CliIO): Promise<LoadedSession> {
  if (file !== "-") {
    try {
      return await loadSession(resolve(io.cwd ?? process.cwd(), file), { name: file });
    } catch (error) {
      // The system's own errors (a missing file, a folder) worded as every command words them; the file is not read
      // again to find out.
      if (!(error instanceof KubewireError) && typeof (error as NodeJS.ErrnoException).code === "string")
        throw cannotRead(file, error);
      throw error;
    }
  }
  return sessionFromText(await readStdin(io), "stdin");
}

function size(bytes: number): string {
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** `kubewire report`: a cassette as one web page, and as HAR. */
export async function runReport(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    output: { type: "string", short: "o" },
    har: { type: "string" },
    title: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    io.stdout.write(REPORT_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw new UsageError(`report takes one cassette or HAR file, or - for stdin\n\n${REPORT_USAGE}`);
  if (values.output === "-" && values.har === "-")
    throw new UsageError("-o - and --har - would both write to standard output: give one of them a file");
  const file = positionals[0]!;
  const { cassette, skipped } = await readSession(file, io);
  const cwd = io.cwd ?? process.cwd();
  const notes: string[] = [];
  const n = cassette.exchanges.length;
  const exchanges = `${n} exchange${n === 1 ? "" : "s"}${skipped.length ? ` (${skipped.length} HAR entries skipped)` : ""}`;

  if (values.har !== undefined) {
    const har = `${JSON.stringify(cassetteToHar(cassette, { creator: { name: "kubewire", version: KUBEWIRE_VERSION } }), null, 2)}\n`;
    if (values.har === "-") io.stdout.write(har);
    else {
      await writeFile(resolve(cwd, values.har), har);
      notes.push(`HAR of ${exchanges} written to ${values.har} (${size(Buffer.byteLength(har))})`);
    }
  }
  if (values.output !== undefined || values.har === undefined) {
    const options = {
      generator: `kubewire ${KUBEWIRE_VERSION}`,
      ...(values.title !== undefined ? { title: values.title } : {}),
    };
    if (values.output === undefined || values.output === "-")
      io.stdout.write(renderReport(cassette, options));
    else {
      const bytes = await writeReport(resolve(cwd, values.output), cassette, options);
      notes.push(`report of ${exchanges} written to ${values.output} (${size(bytes)})`);
    }
  }
  if (notes.length) io.stderr.write(`${notes.join("\n")}\n`);
  return EXIT.ok;
}

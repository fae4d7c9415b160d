import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import type { CliRun } from "../helpers/cli.js";

const BIN = fileURLToPath(new URL("../../bin/kubewire.js", import.meta.url));

/** `node bin/kubewire.js <argv...>` as a process: the built launcher and bundles (npm run build). */
function runLauncher(argv: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...argv],
      { env: { PATH: process.env.PATH } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : undefined;
        if (code === undefined) reject(error ?? new Error("no exit code"));
        else resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("bin/kubewire.js", () => {
  // The launcher answers these from dist/bundle/usage.js without loading the CLI: what it prints must stay what
  // main() prints, byte for byte, exit code included.
  it.each([
    [[]],
    [["--help"]],
    [["-h"]],
    [["help"]],
    [["help", "get"]],
    [["--help", "--bogus"]],
    [["--version"]],
  ])("answers %j without a command exactly as main() does", async (argv) => {
    const launched = await runLauncher(argv);
    expect(launched).toEqual(await runCli(argv));
    expect(launched.stdout + launched.stderr).toMatch(
      /^(Usage: kubewire <command>|kubewire \d+\.\d+\.\d+\n$)/,
    );
  });

  it.each([[["bogus"]], [["version", "--client", "-o", "json"]], [["get", "--bogus"]]])(
    "runs %j through the bundled CLI exactly as main() does",
    async (argv) => {
      expect(await runLauncher(argv)).toEqual(await runCli(argv));
    },
  );
});

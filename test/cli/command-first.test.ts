import { describe, expect, it } from "vitest";
import { commandFirst, USAGE } from "../../src/cli/usage.js";
import { runCli } from "../helpers/cli.js";

describe("commandFirst: global flags before the command, read as cobra reads them", () => {
  it.each([
    [
      ["get", "cm"],
      ["get", "cm"],
    ],
    [
      ["--kubeconfig", "k", "get", "cm"],
      ["get", "--kubeconfig", "k", "cm"],
    ],
    [
      ["--kubeconfig=k", "--v", "6", "proxy", "--http"],
      ["proxy", "--kubeconfig=k", "--v", "6", "--http"],
    ],
    // A short flag with its value attached is one word; without, the next word is its value, even a command's name.
    [
      ["-nshop", "-v9", "get", "cm"],
      ["get", "-nshop", "-v9", "cm"],
    ],
    [
      ["-n", "get", "get", "cm"],
      ["get", "-n", "get", "cm"],
    ],
    // kubectl's boolean global flags take no value.
    [
      ["--insecure-skip-tls-verify", "get", "cm"],
      ["get", "--insecure-skip-tls-verify", "cm"],
    ],
    [
      ["--warnings-as-errors", "--context", "c", "get"],
      ["get", "--warnings-as-errors", "--context", "c"],
    ],
    // No command after the flags, or none at all: left as it is, for the usage error.
    [
      ["--kubeconfig", "k"],
      ["--kubeconfig", "k"],
    ],
    [
      ["--kubeconfig", "k", "--", "get"],
      ["--kubeconfig", "k", "--", "get"],
    ],
    [["--help"], ["--help"]],
    [[], []],
  ])("%j → %j", (argv, expected) => {
    expect(commandFirst(argv)).toEqual(expected);
  });
});

describe("flags and no command", () => {
  const run = (argv: string[]) => runCli(argv);

  it("answers as no command at all does (kubectl prints its help), not as an unknown command named by a flag", async () => {
    const bare = await run([]);
    for (const argv of [
      ["--kubeconfig", "k"],
      ["--kubeconfig=k", "-n", "shop"],
      ["-v9"],
      ["--kubeconfig", "k", "--", "get"],
    ]) {
      expect(await run(argv)).toEqual(bare);
    }
    expect(bare.code).toBe(2);
    expect(bare.stderr).toBe(USAGE);
  });

  it("prints the help on stdout, exit 0, when a flag asks for it", async () => {
    expect(await run(["--kubeconfig", "k", "--help"])).toEqual({ code: 0, stdout: USAGE, stderr: "" });
    expect(await run(["-n", "shop", "-h"])).toEqual({ code: 0, stdout: USAGE, stderr: "" });
  });

  it("still runs a command written after the flags", async () => {
    const { code, stdout } = await run(["--kubeconfig", "k", "version", "--client"]);
    expect(code).toBe(0);
    expect(stdout).toContain("kubewire");
  });
});

import { describe, expect, it } from "vitest";
import { commandFirst } from "../../src/cli/usage.js";

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

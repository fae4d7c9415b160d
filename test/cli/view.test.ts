import { describe, expect, it } from "vitest";
import { fixturePath, readFixture } from "../helpers/fixtures.js";
import { runCli } from "../helpers/cli.js";

const run = (args: string[], stdin?: string) =>
  runCli(args, { cwd: fixturePath("kubectl/inputs"), ...(stdin !== undefined ? { stdin } : {}) });

const captured = (path: string): string => readFixture(`kubectl/captures/${path}`);

describe("kubewire view", () => {
  it("prints kubectl's -o yaml for a raw list response, byte for byte", async () => {
    expect(await run(["view", "cm-list.json", "-o", "yaml"])).toEqual({
      code: 0,
      stdout: captured("https/1.33/yaml-v9.stdout"),
      stderr: "",
    });
  });

  it("keeps managedFields with --show-managed-fields", async () => {
    const { code, stdout } = await run(["view", "cm-list.json", "-o", "json", "--show-managed-fields"]);
    expect(code).toBe(0);
    expect(stdout).toBe(captured("https/1.33/json-managed-v9.stdout"));
  });

  it("reads stdin and prints a named object bare with --single", async () => {
    const { code, stdout } = await run(
      ["view", "-", "-o", "yaml", "--single"],
      readFixture("kubectl/inputs/cm-single.json"),
    );
    expect(code).toBe(0);
    expect(stdout).toBe(captured("https/1.33/single-yaml-v0.stdout"));
  });

  it("merges several responses into one List, as `kubectl get a,b` does", async () => {
    const { code, stdout } = await run(["view", "cm-list.json", "cr-list.json", "-o", "name"]);
    expect(code).toBe(0);
    expect(stdout).toBe(captured("https/1.33/name-v9.stdout") + captured("crd/1.33/cr-name-v0.stdout"));
  });

  it("fails as kubectl does where YAML cannot carry a control character, per version", async () => {
    for (const version of ["1.30", "1.31"]) {
      expect(await run(["view", "del_post.json", "-o", "yaml", "--kubectl-version", version])).toEqual({
        code: Number(captured(`crd/${version}/del-yaml-v0.rc`)),
        stdout: "",
        stderr: captured(`crd/${version}/del-yaml-v0.stderr`),
      });
    }
    expect((await run(["view", "del_post.json", "-o", "json"])).stdout).toBe(
      captured("crd/1.33/del-json-v0.stdout"),
    );
  });

  it.each([
    [["view", "cm-list.json"], "-o is required"],
    [["view", "cm-list.json", "-o", "wide"], "-o must be one of json, yaml, name"],
    [["view", "cm-list.json", "-o", "json", "--kubectl-version", "1.26"], "--kubectl-version must be one of"],
    [["view", "-o", "json"], "give one or more raw response files"],
    [["view", "cm-list.json", "cr-list.json", "-o", "json", "--single"], "--single is the response of one"],
    [
      ["view", "cm-list.json", "-o", "json", "--sort-by", "x"],
      "error: unknown flag: --sort-by\nSee 'kubewire view --help' for usage.",
    ],
  ])("rejects bad usage %j with exit code 2", async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
  });

  it("reports unreadable and non-JSON input without echoing it (exit 1)", async () => {
    expect(await run(["view", "missing.json", "-o", "json"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: cannot read missing.json: ENOENT\n",
    });
    const { code, stderr } = await run(["view", "-", "-o", "json"], '{"data":{"password":"hunter2"}');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: stdin is not JSON/);
    expect(stderr).not.toContain("hunter2");
  });

  it("documents itself", async () => {
    const { code, stdout } = await run(["view", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: kubewire view");
  });
});

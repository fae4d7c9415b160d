import { describe, expect, it } from "vitest";
import { fixturePath } from "../helpers/fixtures.js";
import { runCli } from "../helpers/cli.js";

const run = (args: string[]) => runCli(args, { cwd: fixturePath("") });

const CM_LIST = "realapi/curl/03b-cm-list-kubectl-ua.body";
const SECRET_LIST = "realapi/curl/07-secret-list.body";
const OPENAPI = "realapi/curl/16-openapi-v3-api-v1.body";

describe("kubewire diff", () => {
  it("one file: the raw response against kubectl's view, every difference explained, exit 1", async () => {
    const { code, stdout, stderr } = await run(["diff", CM_LIST]);
    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    expect(stdout).toMatch(/^difference +as printed by kubectl +as sent by the API server +why$/m);
    for (const row of [
      /^\.kind +List +ConfigMapList +\[\d\]$/m,
      /^\.metadata\.resourceVersion +"" +241 +\[\d\]$/m,
      /^\.items\[\*\]\.metadata\.managedFields +absent +present \(differs in each of 2 items\) +\[\d\]$/m,
      /^\.items\[\*\]\.apiVersion +v1 +absent +\[\d\]$/m,
      /^\.items\[\*\]\.kind +ConfigMap +absent +\[\d\]$/m,
    ])
      expect(stdout).toMatch(row);
    expect(stdout).toMatch(/^\[\d\] managedFields hidden/m);
  });

  it("--format json and unified", async () => {
    const json = await run(["diff", CM_LIST, "--format", "json"]);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { path: string }[]).map((d) => d.path)).toHaveLength(5);
    const unified = await run(["diff", CM_LIST, "-f", "unified"]);
    expect(unified.code).toBe(1);
    expect(unified.stdout).toMatch(
      /^--- realapi\/curl\/03b-cm-list-kubectl-ua\.body \(as sent by the API server\)\n\+\+\+ kubectl -o json\n@@ /,
    );
  });

  it("two files: exit 0 and nothing printed when equal, 1 with the differences otherwise", async () => {
    expect(await run(["diff", CM_LIST, CM_LIST])).toEqual({ code: 0, stdout: "", stderr: "" });
    const different = await run(["diff", CM_LIST, SECRET_LIST]);
    expect(different.code).toBe(1);
    expect(different.stdout).toMatch(
      /^difference +realapi\/curl\/03b-cm-list-kubectl-ua\.body +realapi\/curl\/07-secret-list\.body$/m,
    );
    expect(different.stdout).toMatch(/^\.kind +ConfigMapList +SecretList$/m);
  });

  it("masks Secret values unless --show-secrets", async () => {
    const masked = await run(["diff", SECRET_LIST, "--format", "unified"]);
    expect(masked.stdout).toContain('api-key: "***"');
    expect(masked.stdout).not.toContain("bm90LWEtcmVhbC1rZXktMTIz");
    const shown = await run(["diff", SECRET_LIST, "--format", "unified", "--show-secrets"]);
    expect(shown.stdout).toContain("api-key: bm90LWEtcmVhbC1rZXktMTIz");
  });

  it("errors exit 2: usage, unreadable files", async () => {
    expect((await run(["diff"])).code).toBe(2);
    expect((await run(["diff", CM_LIST, "--format", "xml"])).stderr).toMatch(
      /--format must be one of table, unified, json/,
    );
    const missing = await run(["diff", "nope.json"]);
    expect(missing).toEqual({ code: 2, stdout: "", stderr: "error: cannot read nope.json: ENOENT\n" });
  });
});

describe("kubewire validate", () => {
  it("exit 0 for a valid object (JSON or YAML)", async () => {
    const json = await run(["validate", "realapi/admission/01-pod-dryrun-create.body", "--openapi", OPENAPI]);
    expect(json).toEqual({ code: 0, stdout: "Pod/minimal-pod (document 1): valid\n", stderr: "" });
    const yaml = await run(["validate", "realapi/admission/pod-warn-apply.yaml", "--openapi", OPENAPI]);
    expect(yaml.code).toBe(0);
  });

  it("exit 1 with each issue: list items without kind and apiVersion", async () => {
    const { code, stdout } = await run(["validate", CM_LIST, "--openapi", OPENAPI]);
    expect(code).toBe(1);
    expect(stdout).toContain("(no kind)/hello-world (document 1, .items[0]): 2 issues\n");
    expect(stdout).toMatch(
      /^ {2}\.apiVersion: an object sent to the API server needs apiVersion and kind.* \[type-meta; found absent\]$/m,
    );
  });

  it("exit 2 for usage errors and unreadable documents", async () => {
    expect((await run(["validate", CM_LIST])).code).toBe(2);
    expect((await run(["validate", "--openapi", OPENAPI])).code).toBe(2);
    const missing = await run(["validate", CM_LIST, "--openapi", "nope.json"]);
    expect(missing).toEqual({ code: 2, stdout: "", stderr: "error: cannot read nope.json\n" });
    const notOpenApi = await run(["validate", CM_LIST, "--openapi", CM_LIST]);
    expect(notOpenApi.code).toBe(2);
    expect(notOpenApi.stderr).toMatch(/neither components\.schemas/);
  });
});

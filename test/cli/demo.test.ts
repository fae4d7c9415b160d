import { describe, expect, it } from "vitest";
import { readFixture } from "../helpers/fixtures.js";
import { runCli } from "../helpers/cli.js";

const run = (args: string[]) => runCli(args);

describe("kubewire demo", () => {
  it("prints the log, the raw JSON, kubectl's view, the differences and the restored items, in that order", async () => {
    const { code, stdout, stderr } = await run(["demo"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const sections = stdout.split(/^━━ \d\. /m).slice(1);
    expect(sections).toHaveLength(5);
    const [log, raw, view, table, items] = sections as [string, string, string, string, string];
    expect(log).toMatch(/round_trippers\.go:466\] curl -v -XGET  -H /);
    expect(log).toMatch(
      /round_trippers\.go:553\] GET https:\/\/127\.0\.0\.1:6443\/api\/v1\/namespaces\/list-resources-ns\/configmaps\?labelSelector=app%3Dblog&limit=500 200 OK in \d+ milliseconds/,
    );
    expect(log).toContain("request.go:1188] Response Body: {");
    expect(raw).toContain(readFixture("realapi/curl/03b-cm-list-kubectl-ua.body"));
    // kubectl's view, exactly as kubectl printed it.
    expect(view).toContain(readFixture("realapi/kubectl/kubectl-1.33-get-cm-json.stdout"));
    expect(table).toMatch(/^difference +as printed by kubectl +as sent by the API server/m);
    expect(
      (JSON.parse(items.slice(items.indexOf("\n["))) as { kind: string; apiVersion: string }[]).map(
        (i: { kind: string; apiVersion: string }) => `${i.apiVersion}/${i.kind}`,
      ),
    ).toEqual(["v1/ConfigMap", "v1/ConfigMap"]);
    for (const path of [
      ".kind",
      ".metadata.resourceVersion",
      ".items[*].apiVersion",
      ".items[*].kind",
      ".items[*].metadata.managedFields",
    ]) {
      expect(stdout).toMatch(new RegExp(`^${path.replace(/[.*[\]]/g, "\\$&")} `, "m"));
    }
  });

  it("never prints the bearer token: masked in the log as kubectl masks it", async () => {
    const { stdout } = await run(["demo"]);
    expect(stdout).toContain('-H "Authorization: Bearer <masked>"');
    expect(stdout).not.toContain("demo-token-that-must-never-be-printed");
  });

  it("answers unknown commands with usage and exit code 2", async () => {
    const { code, stderr } = await run(["nope"]);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command");
  });
});

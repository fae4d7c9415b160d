// Issue 17, item 3: `kubewire diff` masked by the object's own kind only: a Table of Secrets (the rows'
// last-applied annotation), a ConfigMap holding a kubeconfig or a Secret manifest, and a kind-less kubeconfig file
// printed values.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { diffJson, renderUnifiedDiff } from "../../src/diff/index.js";
import { runCli } from "../helpers/cli.js";
import { expectNoLeak } from "./support.js";
import { tempDir } from "../helpers/temp-dir.js";

const VALUE = "d1ff-s3cret-value-42";
const B64 = Buffer.from(VALUE).toString("base64");

function lastApplied(data: Record<string, string>): string {
  return JSON.stringify({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data }) + "\n";
}

const cases: [string, unknown, unknown][] = [
  [
    "a Table of Secrets",
    {
      kind: "Table",
      apiVersion: "meta.k8s.io/v1",
      columnDefinitions: [{ name: "Name", type: "string" }],
      rows: [
        {
          cells: ["s"],
          object: {
            kind: "PartialObjectMetadata",
            apiVersion: "meta.k8s.io/v1",
            metadata: {
              name: "s",
              annotations: { "kubectl.kubernetes.io/last-applied-configuration": lastApplied({ k: B64 }) },
            },
          },
        },
      ],
    },
    { kind: "Table", apiVersion: "meta.k8s.io/v1", rows: [] },
  ],
  [
    "a ConfigMap holding a kubeconfig",
    {
      kind: "ConfigMap",
      apiVersion: "v1",
      data: { config: `users:\n- name: u\n  user:\n    token: ${VALUE}\n` },
    },
    { kind: "ConfigMap", apiVersion: "v1", data: {} },
  ],
  [
    "a ConfigMap holding a Secret manifest",
    {
      kind: "ConfigMap",
      apiVersion: "v1",
      data: { s: `apiVersion: v1\nkind: Secret\ndata:\n  k: ${B64}\n` },
    },
    { kind: "ConfigMap", apiVersion: "v1", data: {} },
  ],
  [
    "a kubeconfig file without its kind",
    { apiVersion: "v1", clusters: [], users: [{ name: "u", user: { token: VALUE } }] },
    { apiVersion: "v1", clusters: [], users: [{ name: "u", user: { token: "other-token-value" } }] },
  ],
  [
    "a custom resource's password field",
    { apiVersion: "db.example.com/v1", kind: "Database", spec: { adminPassword: VALUE } },
    { apiVersion: "db.example.com/v1", kind: "Database", spec: {} },
  ],
];

describe("diffs mask what the recorder redacts", () => {
  for (const [name, a, b] of cases) {
    it(`${name}: diffJson, the unified diff and kubewire diff show no value`, async () => {
      const dir = tempDir("diff");
      writeFileSync(join(dir, "a.json"), JSON.stringify(a));
      writeFileSync(join(dir, "b.json"), JSON.stringify(b));
      const cli = await runCli(["diff", join(dir, "a.json"), join(dir, "b.json")], { cwd: dir });
      const cliUnified = await runCli(["diff", "-o", "unified", join(dir, "a.json"), join(dir, "b.json")], {
        cwd: dir,
      });
      const outputs = {
        diffJson: JSON.stringify(diffJson(a, b)),
        reversed: JSON.stringify(diffJson(b, a)),
        unified: renderUnifiedDiff(a, b),
        stdout: cli.stdout + cliUnified.stdout,
        stderr: cli.stderr + cliUnified.stderr,
      };
      expectNoLeak(outputs, VALUE);
      expectNoLeak(outputs, B64);
    });
  }
});

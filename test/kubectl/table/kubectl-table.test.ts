import { describe, expect, it } from "vitest";
import { humanDuration, KUBECTL_TABLE_ACCEPT, renderKubectlTable } from "../../../src/kubectl/index.js";
import { KUBECTL_VERSIONS, readFixture } from "../../helpers/fixtures.js";

/** The last response body in a kubectl --v=8/9 log: one line in ≤1.31, a `body=<` block in 1.32+. */
function lastResponseBody(log: string): string {
  const structured = [...log.matchAll(/"Response Body" body=<\n\t(.*)\n >/g)].pop();
  if (structured) return structured[1]!;
  const legacy = [...log.matchAll(/\] Response Body: (.*)$/gm)].pop();
  if (!legacy) throw new Error("no response body in the log");
  return legacy[1]!;
}

describe("renderKubectlTable on real server Tables, against what real kubectl printed", () => {
  for (const v of KUBECTL_VERSIONS) {
    it(`kubectl ${v} get cm (real kube-apiserver 1.28.7)`, () => {
      const body = lastResponseBody(readFixture(`realapi/kubectl/kubectl-${v}-get-cm-table.stderr`));
      expect(renderKubectlTable(body, { namespace: "list-resources-ns" })).toEqual({
        stdout: readFixture(`realapi/kubectl/kubectl-${v}-get-cm-table.stdout`),
        stderr: "",
      });
    });
  }

  for (const what of ["pods", "widgets"]) {
    it(`kubectl 1.33 get ${what} (real kube-apiserver 1.28.7)`, () => {
      const body = lastResponseBody(
        readFixture(`realapi/kubectl/extra-kubectl-1.33-get-${what}-table.stderr`),
      );
      expect(renderKubectlTable(body).stdout).toBe(
        readFixture(`realapi/kubectl/extra-kubectl-1.33-get-${what}-table.stdout`),
      );
    });
  }

  for (const v of KUBECTL_VERSIONS) {
    it(`kubectl ${v} captures: plain, --show-labels, --no-headers, -o wide, -A, empty`, () => {
      const dir = `kubectl-captures/https/${v}`;
      const body = lastResponseBody(readFixture(`${dir}/table-v9.stderr`));
      const out = (name: string) => ({
        stdout: readFixture(`${dir}/${name}.stdout`),
        stderr: readFixture(`${dir}/${name}.stderr`),
      });
      const ns = { namespace: "list-resources-ns" };
      expect(renderKubectlTable(body, ns).stdout).toBe(readFixture(`${dir}/table-v9.stdout`));
      expect(renderKubectlTable(body, { ...ns, showLabels: true })).toEqual(out("table-showlabels-v0"));
      expect(renderKubectlTable(body, { ...ns, noHeaders: true })).toEqual(out("table-noheaders-v0"));
      expect(renderKubectlTable(body, { ...ns, wide: true })).toEqual(out("table-wide-v0"));
      expect(renderKubectlTable(body, { allNamespaces: true })).toEqual(out("allns-table-v0"));
      const empty = JSON.stringify({ ...JSON.parse(body), rows: [] });
      expect(renderKubectlTable(empty, { namespace: "empty-ns" })).toEqual(out("empty-table-v0"));
    });

    it(`kubectl ${v} capture: NAME/AGE fallback when the server ignores as=Table`, () => {
      const dir = `kubectl-captures/crd/${v}`;
      // The capture ran at 2026-11-25 19:33:54 UTC (its log); ages are relative to that.
      const out = renderKubectlTable(readFixture("kubectl-captures/inputs/edge_post.json"), {
        namespace: "edge-ns",
        now: Date.parse("2026-11-25T19:33:54Z"),
      });
      expect(out).toEqual({
        stdout: readFixture(`${dir}/fallback-table-v0.stdout`),
        stderr: readFixture(`${dir}/fallback-table-v0.stderr`),
      });
    });
  }

  it("recorded curl Tables render with the server's columns", () => {
    const secrets = readFixture("realapi/curl/x08-secret-list-table.body");
    expect(renderKubectlTable(secrets).stdout).toBe(
      "NAME                  TYPE     DATA   AGE\nblog-api-key          Opaque   2      85s\nblog-db-credentials   Opaque   2      85s\n",
    );
  });
});

describe("renderKubectlTable rules", () => {
  const table = (columns: object[], rows: object[]) =>
    JSON.stringify({
      kind: "Table",
      apiVersion: "meta.k8s.io/v1",
      metadata: {},
      columnDefinitions: columns,
      rows,
    });
  const col = (name: string, priority = 0, format = "") => ({
    name,
    type: "string",
    format,
    description: "",
    priority,
  });
  const obj = (name: string, namespace = "ns", labels?: object) => ({
    kind: "PartialObjectMetadata",
    apiVersion: "meta.k8s.io/v1",
    metadata: { name, namespace, labels },
  });

  it("cuts cells at line breaks and makes escapes visible", () => {
    const t = table(
      [col("Name", 0, "name"), col("Note")],
      [
        { cells: ["a", "one\ntwo"], object: obj("a") },
        { cells: ["b", "\x1b[31mred"], object: obj("b") },
      ],
    );
    expect(renderKubectlTable(t).stdout).toBe("NAME   NOTE\na      one...\nb      ^[[31mred\n");
  });

  it("prints one table per type with kind prefixes and a blank line between", () => {
    const cm = table([col("Name", 0, "name"), col("Data")], [{ cells: ["x", 1], object: obj("x") }]);
    const w = table([col("Name", 0, "name")], [{ cells: ["y"], object: obj("y") }]);
    const out = renderKubectlTable([
      { body: cm, kind: "ConfigMap", group: "" },
      { body: w, kind: "Widget", group: "example.com" },
    ]);
    expect(out.stdout).toBe("NAME          DATA\nconfigmap/x   1\n\nNAME\nwidget.example.com/y\n");
  });

  it("says no resources were found on stderr, with the namespace unless cluster-scoped or -A", () => {
    const empty = table([col("Name", 0, "name")], []);
    expect(renderKubectlTable(empty, { namespace: "x" })).toEqual({
      stdout: "",
      stderr: "No resources found in x namespace.\n",
    });
    expect(renderKubectlTable({ body: empty, namespaced: false }).stderr).toBe("No resources found\n");
    expect(renderKubectlTable(empty, { allNamespaces: true }).stderr).toBe("No resources found\n");
  });

  it("exports kubectl's Accept header for tables", () => {
    expect(KUBECTL_TABLE_ACCEPT).toBe(
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json",
    );
  });
});

describe("humanDuration (apimachinery HumanDuration)", () => {
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  const d = 24 * h;
  it.each([
    [-2 * s, "<invalid>"],
    [-1500, "0s"],
    [0, "0s"],
    [119 * s, "119s"],
    [2 * m, "2m"],
    [2 * m + 5 * s, "2m5s"],
    [10 * m + 59 * s, "10m"],
    [179 * m, "179m"],
    [3 * h, "3h"],
    [7 * h + 59 * m, "7h59m"],
    [47 * h, "47h"],
    [2 * d, "2d"],
    [7 * d + 23 * h, "7d23h"],
    [8 * d, "8d"],
    [729 * d, "729d"],
    [730 * d, "2y"],
    [878 * d, "2y148d"],
    [8 * 365 * d, "8y"],
  ])("%d ms → %s", (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

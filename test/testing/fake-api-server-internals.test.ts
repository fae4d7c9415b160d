import { describe, expect, it } from "vitest";
import { updateManagedFields } from "../../src/testing/fake-api-server/managed-fields.js";
import { applyStrategicMergePatch, builtinPatchMeta } from "../../src/normalize/patch.js";
import {
  matchLabels,
  parseFieldSelector,
  parseLabelSelector,
} from "../../src/testing/fake-api-server/selectors.js";

describe("strategic merge patch directives", () => {
  const pod = {
    metadata: { finalizers: ["a", "b"] },
    spec: {
      containers: [
        { name: "app", image: "a:1", env: [{ name: "X", value: "1" }] },
        { name: "side", image: "s:1" },
      ],
      volumes: [{ name: "v", emptyDir: {} }],
    },
  };
  const smp = (patch: unknown) => applyStrategicMergePatch(pod, patch, (p) => builtinPatchMeta("Pod", p));

  it("merges nested lists by their keys (env by name inside a container matched by name)", () => {
    const out = smp({
      spec: { containers: [{ name: "app", env: [{ name: "Y", value: "2" }] }] },
    }) as typeof pod;
    // The API server's order (strategicpatch normalizeElementOrder): what the patch names first, unless the live
    // order puts a live item before it (recorded in fixtures/workflows/patch-diff: env B, then A).
    expect(out.spec.containers[0]!.env).toEqual([
      { name: "Y", value: "2" },
      { name: "X", value: "1" },
    ]);
    const both = smp({
      spec: {
        containers: [
          { name: "side", image: "s:2" },
          { name: "app", image: "a:2" },
        ],
      },
    }) as typeof pod;
    expect(both.spec.containers.map((c) => c.name)).toEqual(["side", "app"]);
    const live = smp({ spec: { containers: [{ name: "new" }, { name: "side" }] } }) as typeof pod;
    expect(live.spec.containers.map((c) => c.name)).toEqual(["new", "app", "side"]);
  });

  it("honours $patch: delete and replace, $deleteFromPrimitiveList, $setElementOrder and $retainKeys", () => {
    const deleted = smp({ spec: { containers: [{ name: "side", $patch: "delete" }] } }) as typeof pod;
    expect(deleted.spec.containers.map((c) => c.name)).toEqual(["app"]);
    const replaced = smp({
      spec: { containers: [{ name: "only", image: "o" }, { $patch: "replace" }] },
    }) as typeof pod;
    expect(replaced.spec.containers).toEqual([{ name: "only", image: "o" }]);
    const finalizers = smp({ metadata: { "$deleteFromPrimitiveList/finalizers": ["a"] } }) as typeof pod;
    expect(finalizers.metadata.finalizers).toEqual(["b"]);
    const union = smp({ metadata: { finalizers: ["c", "a"] } }) as typeof pod;
    expect(union.metadata.finalizers).toEqual(["c", "a", "b"]);
    const ordered = smp({
      spec: { "$setElementOrder/containers": [{ name: "side" }, { name: "app" }] },
    }) as typeof pod;
    expect(ordered.spec.containers.map((c) => c.name)).toEqual(["side", "app"]);
    const retained = smp({
      spec: { volumes: [{ name: "v", hostPath: { path: "/x" }, $retainKeys: ["name", "hostPath"] }] },
    });
    expect((retained as { spec: { volumes: unknown[] } }).spec.volumes).toEqual([
      { name: "v", hostPath: { path: "/x" } },
    ]);
    const mapReplaced = smp({ spec: { $patch: "replace", containers: [] } }) as { spec: object };
    expect(mapReplaced.spec).toEqual({ containers: [] });
  });

  it("replaces lists that have no merge key, like a type without patch metadata", () => {
    const out = applyStrategicMergePatch(
      { spec: { args: ["a", "b"] } },
      { spec: { args: ["c"] } },
      () => ({}),
    );
    expect(out).toEqual({ spec: { args: ["c"] } });
  });
});

describe("managedFields for Update operations", () => {
  const ctx = { custom: false, listMeta: (p: readonly string[]) => builtinPatchMeta("ConfigMap", p) };

  it("gives a create's fields to its manager, and a later change to the one who made it", () => {
    const created = { metadata: { name: "c", labels: { app: "x" } }, data: { a: "1", b: "2" } };
    const first = updateManagedFields(undefined, created, "kubectl-create", "v1", "T1", ctx);
    expect(first).toEqual([
      {
        manager: "kubectl-create",
        operation: "Update",
        apiVersion: "v1",
        time: "T1",
        fieldsType: "FieldsV1",
        fieldsV1: {
          "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
          "f:data": { ".": {}, "f:a": {}, "f:b": {} },
        },
      },
    ]);
    const before = { ...created, metadata: { ...created.metadata, managedFields: first } };
    const after = { metadata: { name: "c", labels: { app: "x" } }, data: { a: "changed", c: "3" } };
    const second = updateManagedFields(before, after, "tool", "v1", "T2", ctx);
    expect(second.map((e) => [e.manager, e.fieldsV1])).toEqual([
      ["kubectl-create", { "f:metadata": { "f:labels": { ".": {}, "f:app": {} } }, "f:data": { ".": {} } }],
      ["tool", { "f:data": { "f:a": {}, "f:c": {} } }],
    ]);
  });
});

describe("selectors", () => {
  it("parse and match like apimachinery's, including the odd corners", () => {
    expect(parseLabelSelector("x in (foo,,baz),y,z notin ()")).toEqual([
      { key: "x", operator: "in", values: ["", "baz", "foo"] },
      { key: "y", operator: "exists", values: [] },
      { key: "z", operator: "notin", values: [""] },
    ]);
    expect(matchLabels(parseLabelSelector("!legacy,tier!=db"), { tier: "web" })).toBe(true);
    expect(matchLabels(parseLabelSelector("!legacy,tier!=db"), { tier: "web", legacy: "" })).toBe(false);
    expect(() => parseLabelSelector("app===blog")).toThrow(
      "unable to parse requirement: found '=', expected: identifier",
    );
    expect(() => parseLabelSelector("a,")).toThrow("found '', expected: identifier after ','");
    expect(parseFieldSelector("metadata.name=a\\,b,type!=Opaque")).toEqual([
      { field: "metadata.name", operator: "=", value: "a,b" },
      { field: "type", operator: "!=", value: "Opaque" },
    ]);
    expect(() => parseFieldSelector("justtext")).toThrow(
      "invalid selector: 'justtext'; can't understand 'justtext'",
    );
  });
});

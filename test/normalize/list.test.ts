import { describe, expect, it } from "vitest";
import { isList, NormalizeError, normalizeList } from "../../src/index.js";
import { toKubectlList } from "../../src/kubectl/index.js";
import { itemKindOf } from "../../src/normalize/list.js";
import { readFixture } from "../helpers/fixtures.js";

const serverList = JSON.parse(readFixture("realapi/curl/03b-cm-list-kubectl-ua.body")) as { items: object[] };

describe("normalizeList", () => {
  it("restores kind and apiVersion on the items of a real ConfigMapList, apiVersion and kind first", () => {
    const list = normalizeList(serverList);
    expect(list.items.map((i) => [i.apiVersion, i.kind])).toEqual([
      ["v1", "ConfigMap"],
      ["v1", "ConfigMap"],
    ]);
    expect(Object.keys(list.items[0]!).slice(0, 2)).toEqual(["apiVersion", "kind"]);
    expect(list.items[0]!.metadata?.name).toBe("hello-world");
  });

  it("does not modify its input", () => {
    const before = JSON.stringify(serverList);
    normalizeList(serverList);
    expect(JSON.stringify(serverList)).toBe(before);
  });

  it("leaves items that already carry their type alone (custom resources)", () => {
    const widget = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "blue" } };
    const list = normalizeList({ apiVersion: "example.com/v1", kind: "WidgetList", items: [widget] });
    expect(list.items[0]).toBe(widget);
  });

  it("fills only the missing one of kind and apiVersion", () => {
    const list = normalizeList({
      apiVersion: "apps/v1",
      kind: "DeploymentList",
      items: [{ kind: "Deployment" }, { apiVersion: "apps/v1beta1" }],
    });
    expect(list.items).toEqual([
      { apiVersion: "apps/v1", kind: "Deployment" },
      { apiVersion: "apps/v1beta1", kind: "Deployment" },
    ]);
  });

  it("turns items: null into []", () => {
    expect(normalizeList({ apiVersion: "v1", kind: "SecretList", metadata: {}, items: null }).items).toEqual(
      [],
    );
  });

  it("takes the item type from the caller when the list kind cannot tell (a CRD whose listKind is unusual)", () => {
    const list = normalizeList(
      { apiVersion: "example.com/v1", kind: "WidgetCollection", items: [{ metadata: { name: "a" } }] },
      { kind: "Widget" },
    );
    expect(list.items[0]!.kind).toBe("Widget");
  });

  it("rejects what is not a list with a typed error that does not echo the data", () => {
    expect(() => normalizeList("secret-value")).toThrow(NormalizeError);
    expect(() => normalizeList("secret-value")).not.toThrow(/secret-value/);
    expect(() => normalizeList({ kind: "ConfigMapList", items: {} })).toThrow(/\.items must be an array/);
    expect(() => normalizeList({ kind: "Weird", apiVersion: "v1", items: [{}] })).toThrow(
      /cannot tell the kind/,
    );
  });

  it("derives item kinds as apimachinery does", () => {
    expect(itemKindOf("ConfigMapList")).toBe("ConfigMap");
    expect(itemKindOf("List")).toBeUndefined();
    expect(isList({ items: null })).toBe(true);
    expect(isList({ kind: "ConfigMap" })).toBe(false);
  });
});

describe("toKubectlList", () => {
  it("builds kubectl's List: v1 List, blank resourceVersion, types restored, managedFields deleted", () => {
    const view = toKubectlList(serverList) as {
      items: { kind: string; metadata: object }[];
      metadata: object;
      kind: string;
    };
    expect(view.kind).toBe("List");
    expect(view.metadata).toEqual({ resourceVersion: "" });
    expect(view.items.map((i) => i.kind)).toEqual(["ConfigMap", "ConfigMap"]);
    expect(view.items.every((i) => !("managedFields" in i.metadata))).toBe(true);
  });

  it("keeps managedFields when asked, and restores a type only when both kind and apiVersion are missing", () => {
    const view = toKubectlList(
      { apiVersion: "v1", kind: "PodList", items: [{ kind: "Pod", metadata: { managedFields: [] } }] },
      { showManagedFields: true },
    );
    expect(view.items).toEqual([{ kind: "Pod", metadata: { managedFields: [] } }]);
  });

  it("merges several responses in order, single objects included", () => {
    const view = toKubectlList([
      serverList,
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } },
    ]) as { items: { kind: string }[] };
    expect(view.items.map((i) => i.kind)).toEqual(["ConfigMap", "ConfigMap", "Namespace"]);
  });
});

import { describe, expect, it } from "vitest";
import { diffJson, renderDifferenceTable } from "../../src/diff/index.js";
import { diffAgainstKubectl } from "../../src/index.js";
import { readFixture } from "../helpers/fixtures.js";

const raw = readFixture("realapi/curl/03b-cm-list-kubectl-ua.body");

describe("diffAgainstKubectl on the real ConfigMap list", () => {
  const diffs = diffAgainstKubectl(raw);

  it("finds every difference, each explained", () => {
    expect(diffs.map((d) => [d.path, d.change, d.transformation])).toEqual([
      [".kind", "changed", "list-wrapping"],
      [".metadata.resourceVersion", "changed", "resource-version-blanked"],
      [".items[*].metadata.managedFields", "removed", "managed-fields-hidden"],
      [".items[*].apiVersion", "added", "type-restored"],
      [".items[*].kind", "added", "type-restored"],
    ]);
    expect(diffs.find((d) => d.path === ".kind")).toMatchObject({ old: "ConfigMapList", new: "List" });
    expect(diffs.find((d) => d.path === ".items[*].kind")).toMatchObject({ new: "ConfigMap", count: 2 });
  });

  it("renders the seed story's table", () => {
    const table = renderDifferenceTable(diffs);
    expect(table).toMatch(/^\.kind +List +ConfigMapList$/m);
    expect(table).toMatch(/^\.items\[\*\]\.kind +ConfigMap +absent$/m);
    expect(table).toMatch(/^\.items\[\*\]\.metadata\.managedFields +absent +present/m);
  });
});

describe("diffJson", () => {
  it("reports added, removed, changed and type changes with jq-style paths", () => {
    expect(
      diffJson({ a: 1, b: "x", c: [1], "d.e": true }, { a: 2, c: "1", "d.e": true, f: null }).map((d) => [
        d.path,
        d.change,
      ]),
    ).toEqual([
      [".a", "changed"],
      [".b", "removed"],
      [".c", "type"],
      [".f", "added"],
    ]);
  });

  it("matches list items by namespace and name, not position", () => {
    const a = {
      items: [
        { metadata: { name: "a" }, v: 1 },
        { metadata: { name: "b" }, v: 2 },
      ],
    };
    const b = {
      items: [
        { metadata: { name: "b" }, v: 2 },
        { metadata: { name: "a" }, v: 3 },
      ],
    };
    expect(diffJson(a, b)).toEqual([
      { path: ".items[0].v", segments: ["items", 0, "v"], change: "changed", old: 1, new: 3 },
    ]);
  });

  it("aggregates only what every item shares", () => {
    const a = {
      items: [
        { x: 1, y: 1 },
        { x: 1, y: 1 },
      ],
    };
    const b = {
      items: [
        { x: 2, y: 1 },
        { x: 2, y: 5 },
      ],
    };
    expect(diffJson(a, b).map((d) => d.path)).toEqual([".items[*].x", ".items[1].y"]);
  });
});

describe("diffJson list item identity", () => {
  it("matches by kind, namespace and name; kind only when both sides carry it", () => {
    const a = {
      items: [
        { kind: "ConfigMap", metadata: { name: "x" }, v: 1 },
        { kind: "Secret", metadata: { name: "x" }, v: 2 },
      ],
    };
    const b = {
      items: [
        { kind: "Secret", metadata: { name: "x" }, v: 2 },
        { kind: "ConfigMap", metadata: { name: "x" }, v: 5 },
      ],
    };
    expect(diffJson(a, b).map((d) => [d.path, d.old, d.new])).toEqual([[".items[0].v", 1, 5]]);
    // The server's bare items match kubectl's typed ones.
    const bare = { items: [{ metadata: { name: "y" } }, { metadata: { name: "x" } }] };
    const typed = {
      items: [
        { kind: "ConfigMap", metadata: { name: "x" } },
        { kind: "ConfigMap", metadata: { name: "y" } },
      ],
    };
    expect(diffJson(bare, typed).map((d) => d.path)).toEqual([".items[*].kind"]);
  });

  it("matches named items without metadata (containers, volumes, env) by name", () => {
    const a = {
      containers: [
        { name: "app", image: "a:1" },
        { name: "side", image: "s:1" },
      ],
    };
    const b = {
      containers: [
        { name: "side", image: "s:1" },
        { name: "app", image: "a:2" },
      ],
    };
    expect(diffJson(a, b).map((d) => [d.path, d.change])).toEqual([[".containers[0].image", "changed"]]);
  });

  it("reports added and removed items and falls back to positions when names repeat", () => {
    const a = { items: [{ metadata: { name: "a" } }] };
    const b = { items: [{ metadata: { name: "b" } }] };
    expect(diffJson(a, b).map((d) => [d.path, d.change])).toEqual([
      [".items[0]", "removed"],
      [".items[0]", "added"],
    ]);
    expect(
      diffJson(
        {
          l: [
            { name: "n", v: 1 },
            { name: "n", v: 2 },
          ],
        },
        {
          l: [
            { name: "n", v: 2 },
            { name: "n", v: 1 },
          ],
        },
      ).map((d) => [d.path, d.count]),
    ).toEqual([[".l[*].v", 2]]);
  });

  it("can keep every item's own path", () => {
    const a = { items: [{ x: 1 }, { x: 1 }] };
    const b = { items: [{ x: 2 }, { x: 2 }] };
    expect(diffJson(a, b, { aggregate: false }).map((d) => d.path)).toEqual([".items[0].x", ".items[1].x"]);
  });
});

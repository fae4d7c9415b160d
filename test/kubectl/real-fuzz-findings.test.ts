import { describe, expect, it } from "vitest";
import {
  KubectlCustomColumnsError,
  parseCustomColumns,
  renderKubectlCustomColumns,
} from "../../src/kubectl/custom-columns.js";
import { kubectlRequireNamespace } from "../../src/kubectl/require-namespace.js";
import { kubectlView } from "../../src/kubectl/view.js";

/**
 * What fuzzing `kubectl get` on real objects found (bench/experiments/real-fuzz/), pinned without kubectl: each
 * expectation is what kubectl 1.27 and 1.33 printed for the same input (bench/experiments/real-fuzz/repro.js).
 */
describe("real-object fuzzing findings", () => {
  it("a custom column that fails on an object: kubectl still prints the headers and the rows before it", () => {
    const list = {
      kind: "ConfigMapList",
      apiVersion: "v1",
      items: [
        { metadata: { name: "a", managedFields: [{ manager: "m" }] } },
        { metadata: { name: "bbbbbbbbbbbb", managedFields: [{ manager: "m2" }] } },
        { metadata: { name: "c", managedFields: "s" } },
        { metadata: { name: "d" } },
      ],
    };
    const columns = parseCustomColumns("NAME:.metadata.name,M:.metadata.managedFields[0].manager");
    let caught: unknown;
    try {
      renderKubectlCustomColumns(list, columns);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KubectlCustomColumnsError);
    expect((caught as KubectlCustomColumnsError).message).toBe("string is not array or slice");
    expect((caught as KubectlCustomColumnsError).printed).toBe(
      "NAME           M\na              m\nbbbbbbbbbbbb   m2\n",
    );
    // No headers and a failing first row: nothing at all.
    expect(() => renderKubectlCustomColumns(list.items[2], columns, { noHeaders: true })).toThrow(
      expect.objectContaining({ printed: "" }),
    );
  });

  const list = (items: string) =>
    `{"kind":"WidgetList","apiVersion":"example.com/v1","metadata":{},"items":[${items}]}`;

  it("list items without a namespace get the request's (metadata made when missing, left alone when not a map)", () => {
    const raw = list(
      `{"kind":"Widget","apiVersion":"example.com/v1"},{"kind":"Widget","apiVersion":"example.com/v1","metadata":null},` +
        `{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"a","namespace":""}},` +
        `{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"b","namespace":5}},` +
        `{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"c","namespace":"own"}}`,
    );
    const items = (namespaces?: (string | undefined)[]) =>
      (kubectlView([raw], { listItemNamespaces: namespaces }).items as { metadata?: unknown }[]).map(
        (i) => i.metadata,
      );
    expect(items(["x"])).toEqual([
      { namespace: "x" },
      null,
      { name: "a", namespace: "x" },
      { name: "b", namespace: "x" },
      { name: "c", namespace: "own" },
    ]);
    // -A, a cluster-scoped type, a named object: as sent.
    expect(items([undefined])[0]).toBeUndefined();
    expect(kubectlView([raw]).items).toEqual(kubectlView([raw], { listItemNamespaces: [undefined] }).items);
  });

  it("items of another namespace than -n named are refused with kubectl's message (%q), the others kept", () => {
    const body = JSON.parse(
      list(
        `{"metadata":{"name":"a","namespace":"other"}},{"metadata":{"name":"b"}},` +
          `{"metadata":{"name":"c","namespace":"ü\\u0007"}},{"metadata":{"name":"d","namespace":"x"}}`,
      ),
    ) as { items: unknown[] };
    const check = kubectlRequireNamespace(body, "x");
    expect(check.errors).toEqual([
      `the namespace from the provided object "other" does not match the namespace "x". You must pass '--namespace=other' to perform this operation.`,
      `the namespace from the provided object "ü\\a" does not match the namespace "x". You must pass '--namespace=ü\u0007' to perform this operation.`,
    ]);
    expect(
      (check.body as { items: { metadata: { name: string } }[] }).items.map((i) => i.metadata.name),
    ).toEqual(["b", "d"]);
    const same = JSON.parse(list(`{"metadata":{"name":"d","namespace":"x"}}`)) as unknown;
    expect(kubectlRequireNamespace(same, "x")).toEqual({ body: same, errors: [] });
  });
});

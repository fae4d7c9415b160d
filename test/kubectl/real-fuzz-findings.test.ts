import { describe, expect, it } from "vitest";
import {
  KubectlCustomColumnsError,
  parseCustomColumns,
  renderKubectlCustomColumns,
} from "../../src/kubectl/custom-columns.js";

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
});

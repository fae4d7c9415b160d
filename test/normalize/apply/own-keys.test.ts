/**
 * Keys such as `__proto__` and `constructor` are data in a ConfigMap's or Secret's map (the API server stores them
 * as any other key): every copy and merge of the engine keeps them as own keys, never as a prototype.
 */
import { describe, expect, it } from "vitest";
import { applyObject, builtinObjectSchema, trackUpdate } from "../../../src/normalize/apply/index.js";

const configMaps = builtinObjectSchema("v1", "ConfigMap")!;
const now = new Date("2026-11-25T12:00:00Z");
const hasOwn = (o: unknown, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function objectOf(result: ReturnType<typeof applyObject>): Record<string, unknown> {
  if (!("object" in result)) throw new Error(`conflicts: ${JSON.stringify(result.conflicts)}`);
  return result.object;
}

function configMap(data: string): Record<string, unknown> {
  return JSON.parse(
    `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"default"},"data":${data}}`,
  ) as Record<string, unknown>;
}

describe("keys named like Object members stay data", () => {
  it("through an apply that creates, then one that merges", () => {
    const base = { manager: "kubectl", schema: configMaps, now };
    const created = objectOf(
      applyObject({ ...base, live: undefined, applied: configMap(`{"__proto__":"p","constructor":"c"}`) }),
    );
    const data = created.data as object;
    expect(hasOwn(data, "__proto__") && hasOwn(data, "constructor")).toBe(true);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);

    const merged = objectOf(
      applyObject({ ...base, manager: "other", live: created, applied: configMap(`{"prototype":"q"}`) }),
    );
    expect(Object.keys(merged.data as object).sort()).toEqual(["__proto__", "constructor", "prototype"]);
  });

  it("through a tracked update", () => {
    const before = configMap(`{"a":"1"}`);
    const after = configMap(`{"a":"1","__proto__":"p"}`);
    const r = trackUpdate({ before, after, manager: "kubectl-edit", schema: configMaps, now });
    expect(hasOwn((r.object as { data: object }).data, "__proto__")).toBe(true);
    expect(JSON.stringify(r.managedFields)).toContain(`"f:__proto__"`);
  });
});

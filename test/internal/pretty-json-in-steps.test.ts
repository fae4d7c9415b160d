import { describe, expect, it } from "vitest";
import { prettyJsonInSteps, runSteps } from "../../src/internal/pretty-json-in-steps.js";

/** The text and the number of times the generator stopped to let other work run. */
function made(value: unknown, indent = ""): { text: string | undefined; pauses: number } {
  const steps = prettyJsonInSteps(value, indent);
  let pauses = 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return { text: r.value, pauses };
    pauses++;
  }
}

describe("prettyJsonInSteps", () => {
  it("writes what JSON.stringify(value, null, 2) writes, pausing between slices of a long array", () => {
    const item = (i: number) => ({
      metadata: {
        name: `c-${i}`,
        labels: i % 3 === 0 ? {} : { a: "x\ny" },
        list: i % 5 === 0 ? [] : [i, -0, 1.5e300],
      },
      data: { skipped: undefined, fn: () => 1, text: 'quote " and \\ and \u2028', when: new Date(0) },
      holes: [undefined, null, () => 2],
    });
    const list = {
      kind: "List",
      apiVersion: "v1",
      metadata: {},
      empty: [],
      items: Array.from({ length: 1001 }, (_, i) => item(i)),
    };
    const { text, pauses } = made(list);
    expect(text).toBe(JSON.stringify(list, null, 2));
    expect(pauses).toBe(5);
    for (const value of [
      [],
      {},
      null,
      3,
      "s",
      [1, [2, [3]]],
      { a: { b: { c: [] } } },
      new Date(0),
      { toJSON: () => [1] },
    ])
      expect(made(value).text).toBe(JSON.stringify(value, null, 2));
    expect(made(undefined).text).toBe(undefined);
  });

  it("indents every line after the first as if the value sat that deep", () => {
    const long = Array.from({ length: 450 }, (_, i) =>
      i % 7 === 0 ? undefined : { i, nested: [i, { x: [] }] },
    );
    const value = { items: [{ a: 1 }, [2, { b: [] }]], s: "line\nbreak", long };
    expect(runSteps(prettyJsonInSteps(value, "    "))).toBe(
      JSON.stringify(value, null, 2).replaceAll("\n", "\n    "),
    );
  });
});

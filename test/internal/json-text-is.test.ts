import { describe, expect, it } from "vitest";
import { jsonTextIs } from "../../src/internal/json-text-is.js";

/** The answer jsonTextIs must give, made the plain way. */
const expected = (text: string) => {
  const value: unknown = JSON.parse(text);
  return { value, is: JSON.stringify(value) + "\n" === text };
};

describe("jsonTextIs", () => {
  it("says whether a text is JSON.stringify(value) plus a newline, as the comparison of the whole text says", () => {
    const list = {
      kind: "List",
      metadata: {},
      items: Array.from({ length: 300 }, (_, i) => ({
        metadata: { name: `c-${i}`, labels: {} },
        n: [i, 1.5, -0],
      })),
      empty: [],
    };
    const compact = JSON.stringify(list);
    for (const text of [
      compact + "\n",
      compact,
      compact + "\n\n",
      " " + compact + "\n",
      JSON.stringify(list, null, 2) + "\n",
      compact.replace('"c-7"', '"c\\u002d7"') + "\n", // an escape JSON.stringify would not write
      compact.replace('"kind":"List"', '"kind":"List","kind":"List"') + "\n", // a repeated key
      compact.replace('"kind":"List","metadata":{}', '"metadata":{},"kind":"List"') + "\n", // the same members, another order
      compact.replace("1.5", "1.50") + "\n",
      compact.replace('"n":[7,', '"n":[7.0,') + "\n",
      '{"b":1,"1":2}\n', // integer keys come first when parsed
      "[]\n",
      "{}\n",
      '"text"\n',
      "3\n",
      "null\n",
      '[1,{"a":[]},[[]]]\n',
      '{"a":[1,{"b":{}}],"c":"\\"\\\\\\n"}\n',
    ]) {
      const { value, is } = expected(text);
      expect(jsonTextIs(value, text), text.slice(0, 60)).toBe(is);
    }
    expect(jsonTextIs(list, compact + "\n")).toBe(true);
    expect(jsonTextIs({ ...list, extra: 1 }, compact + "\n")).toBe(false);
    expect(jsonTextIs({ ...list, items: list.items.slice(1) }, compact + "\n")).toBe(false);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJsonLossless } from "../../src/index.js";
import { kubectlView, renderKubectlJson, toKubectlList } from "../../src/kubectl/index.js";

/**
 * kubectl's view re-decodes every value (a float -0 prints as 0), a walk of the whole list; kubectlView skips it for
 * text with no literal that could parse to -0. Property: with or without the shortcut, the view is the same, -0s
 * included, whatever number literals the text holds.
 */
const literal = fc.constantFrom(
  "0",
  "-0",
  "-0.0",
  "-0e5",
  "-0.000",
  "-1e-400",
  "-12.5e-330",
  "-1E-0400",
  "-9e-324",
  "1e-400",
  "-5",
  "-1.5e-10",
  "12345678901234567",
  "-0.5",
  '"-0"',
  '"-1e-400"',
  '"035e2982-035e-435e-8298-035e2982035e"',
);

const text = fc
  .array(fc.tuple(fc.constantFrom("a", "b", "c"), fc.array(literal, { maxLength: 3 })), { maxLength: 4 })
  .map(
    (items) =>
      `{"kind":"ConfigMapList","apiVersion":"v1","metadata":{},"items":[${items
        .map(
          ([name, values]) =>
            `{"metadata":{"name":"${name}"},"n":[${values.join(", ")}],"m":${values[0] ?? "1"}}`,
        )
        .join(",")}]}`,
  );

/** JSON with -0 told apart from 0. */
function exact(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === "number" && Object.is(v, -0) ? "<-0>" : typeof v === "bigint" ? `<${v}n>` : v,
  );
}

describe("kubectl's view of text", () => {
  it("is the same with the re-decoding walk skipped for text that cannot hold -0", () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(exact(kubectlView(t))).toBe(exact(toKubectlList(parseJsonLossless(t))));
        expect(renderKubectlJson(t)).toBe(renderKubectlJson(parseJsonLossless(t)));
      }),
      { numRuns: 500 },
    );
  });
});

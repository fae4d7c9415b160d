import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  diffAgainstKubectl,
  NormalizeError,
  normalizeList,
  parseJsonLossless,
  toKubectlView,
} from "../../../src/index.js";
import { KUBECTL_VERSIONS } from "../../../src/kubectl/index.js";
import { readFixture } from "../../helpers/fixtures.js";
import {
  FUZZ_RUNS,
  jsonMutation,
  mutateJson,
  mutateText,
  runs,
  textMutation,
  typedOrValue,
} from "../support/fuzz-support.js";

/**
 * Fuzzing the parsers of raw JSON bodies: parseJsonLossless, normalizeList, and kubectl's views (toKubectlView in
 * every format and version, diffAgainstKubectl). Only success or a KubewireError; never another exception.
 */

const BODIES = [
  "realapi/curl/03b-cm-list-kubectl-ua.body",
  "realapi/curl/05-cm-get.body",
  "realapi/curl/07-secret-list.body",
  "realapi/curl/08-widget-list.body",
  "realapi/curl/09-pod-list.body",
  "realapi/curl/10-cm-list-page1.body",
  "realapi/curl/06-cm-get-404.body",
  "realapi/curl/x06-widget-list-table.body",
].map(readFixture);
const PARSED = BODIES.map((b) => JSON.parse(b) as unknown);

describe("parseJsonLossless", () => {
  it("succeeds, or throws NormalizeError only where JSON.parse fails (or nesting is too deep), on any JSON-like text", () => {
    const text = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v, null, 2)),
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => `{"n":${n},"m":[-0,-0.0,${n}e0]}`),
      fc.string({ unit: "binary", maxLength: 60 }),
      fc
        .array(fc.constantFrom("{", "}", "[", "]", '"', ":", ",", "1", "-0", "\\u12", "1234567890123456"), {
          maxLength: 40,
        })
        .map((parts) => parts.join("")),
    );
    fc.assert(
      fc.property(text, (t) => {
        const value = typedOrValue("parseJsonLossless", () => parseJsonLossless(t));
        if (value === undefined) {
          let parses = true;
          try {
            JSON.parse(t);
          } catch {
            parses = false;
          }
          // It refuses only what JSON.parse refuses (or what nests too deep to walk).
          if (parses) expect(t.length).toBeGreaterThan(2000);
        }
      }),
      runs(FUZZ_RUNS.losslessJsonText, 101),
    );
  });

  it("only NormalizeError on mutated real bodies, whose messages never quote the body", () => {
    fc.assert(
      fc.property(fc.nat(BODIES.length - 1), fc.array(textMutation, { maxLength: 6 }), (i, mutations) => {
        const text = mutateText(BODIES[i]!, mutations);
        try {
          parseJsonLossless(text);
        } catch (error) {
          expect(error).toBeInstanceOf(NormalizeError);
          // At most a position and one syntax character: nothing of the input.
          expect((error as Error).message).toMatch(
            /^invalid JSON(?: at offset \d+)?: [^"]*(?:"(?:[^"\\]|\\u[0-9a-f]{4}|\\.)"[^"]*)?$/,
          );
        }
      }),
      runs(FUZZ_RUNS.losslessJsonMutated, 102),
    );
  });
});

describe("normalizeList and kubectl's views", () => {
  it("normalizeList: a normalized list or a NormalizeError, on structurally mutated responses", () => {
    fc.assert(
      fc.property(
        fc.nat(PARSED.length - 1),
        fc.array(jsonMutation, { minLength: 1, maxLength: 5 }),
        (i, m) => {
          const list = typedOrValue("normalizeList", () => normalizeList(mutateJson(PARSED[i], m as never)));
          if (list)
            for (const item of list.items)
              expect([typeof item.kind, typeof item.apiVersion]).toEqual(["string", "string"]);
        },
      ),
      runs(FUZZ_RUNS.normalizeList, 103),
    );
  });

  it("toKubectlView in every -o format and kubectl version, and diffAgainstKubectl: typed errors only", () => {
    fc.assert(
      fc.property(
        fc.nat(PARSED.length - 1),
        fc.array(jsonMutation, { minLength: 1, maxLength: 5 }),
        fc.constantFrom<"json" | "yaml" | "name">("json", "yaml", "name"),
        fc.constantFrom(...KUBECTL_VERSIONS),
        fc.boolean(),
        (i, mutations, output, kubectlVersion, asText) => {
          const mutated = mutateJson(PARSED[i], mutations);
          const raw = asText ? JSON.stringify(mutated) : mutated;
          typedOrValue("toKubectlView", () =>
            toKubectlView(raw, { output, kubectlVersion, singleObject: i % 2 === 0 }),
          );
          typedOrValue("toKubectlView of several", () => toKubectlView([raw, BODIES[0]], { output }));
          typedOrValue("diffAgainstKubectl", () => diffAgainstKubectl(raw));
        },
      ),
      runs(FUZZ_RUNS.kubectlViews, 104),
    );
  });
});

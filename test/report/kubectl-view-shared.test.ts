import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Body } from "../../src/index.js";
import { bodyText, jsonBody } from "../../src/record/index.js";
import { textMayHoldSecrets } from "../../src/record/redact/secret-policy.js";
import { diffAgainstKubectl } from "../../src/diff/kubectl-diff.js";
import { marshalGoJson } from "../../src/kubectl/go/json.js";
import { kubectlView } from "../../src/kubectl/view.js";
import { kubectlOf } from "../../src/report/derived-views.js";
import { previewValue } from "../../src/report/value-preview.js";
import type { Difference } from "../../src/diff/diff.js";
import { runs } from "../reliability/support/fuzz-support.js";

/**
 * The report makes kubectl's view of a list once and uses it for both the page's JSON of it and the differences
 * (diffAgainstKubectlView); held here to what it was before, each made on its own from the body (kept as the
 * reference), on lists of every shape: items with and without their type, managedFields, -0, Secrets, values
 * that are not objects, lists whose exact text keeps integers beyond 2^53.
 */

function side(d: Difference, which: "old" | "new"): string {
  if (!(which in d) && d.count !== undefined) {
    const absent = (which === "old" && d.change === "added") || (which === "new" && d.change === "removed");
    if (!absent) return `present (differs in each of ${d.count} items)`;
  }
  return previewValue(d[which], which in d);
}

function reference(body: Body, showSecrets: boolean) {
  if (body.kind !== "json") return undefined;
  const source = body.raw ?? body.value;
  try {
    return {
      json: marshalGoJson(kubectlView(source)),
      differences: diffAgainstKubectl(source, { showSecrets }).map((d) => {
        const row: Record<string, unknown> = {
          path: d.path,
          change: d.change,
          server: side(d, "old"),
          kubectl: side(d, "new"),
          explanation: d.explanation,
        };
        if (d.transformation) row.transformation = d.transformation;
        if (d.count !== undefined) row.count = d.count;
        return row;
      }),
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const managedFields = fc.constant([
  {
    manager: "kubectl",
    operation: "Update",
    apiVersion: "v1",
    fieldsType: "FieldsV1",
    fieldsV1: { "f:data": {} },
  },
]);

const item = fc.oneof(
  fc.record(
    {
      kind: fc.constantFrom("ConfigMap", "Secret", "Pod"),
      apiVersion: fc.constantFrom("v1", "apps/v1"),
      metadata: fc.record(
        {
          name: fc.string({ maxLength: 6 }),
          namespace: fc.constantFrom("a", "b"),
          managedFields,
          labels: fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 })),
        },
        { requiredKeys: ["name"] },
      ),
      data: fc.dictionary(fc.constantFrom("password", "token", "a", "b"), fc.string({ maxLength: 8 })),
      spec: fc.record({ replicas: fc.constantFrom(0, -0, 1, 2.5, -0), on: fc.boolean() }),
    },
    { requiredKeys: ["metadata"] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

const list = fc.record(
  {
    kind: fc.constantFrom("ConfigMapList", "SecretList", "PodList", "List"),
    apiVersion: fc.constantFrom("v1", "apps/v1"),
    metadata: fc.record({
      resourceVersion: fc.string({ maxLength: 4 }),
      continue: fc.string({ maxLength: 3 }),
    }),
    items: fc.array(item, { maxLength: 6 }),
  },
  { requiredKeys: ["kind", "items"] },
);

/** The body as a cassette holds it: the value; and with an exact text (a big integer written in it). */
const body: fc.Arbitrary<Body> = fc.oneof(
  list.map((v): Body => ({ kind: "json", value: v, bytes: 1 })),
  list.map((v) => {
    const text = JSON.stringify(v).replace(/"items":\[/, '"big":12345678901234567890,"items":[') + "\n";
    return jsonBody(JSON.parse(text) as unknown, text);
  }),
);

describe("kubectl's view of a list, made once for the page", () => {
  it("gives the JSON and the differences (or the error) each gave made on its own", () => {
    fc.assert(
      fc.property(body, (b) => {
        const text = bodyText(b) ?? "";
        expect(kubectlOf(b, text)).toEqual(reference(b, !textMayHoldSecrets(text)));
        // Masking asked for whatever the text: the differences are masked as they were.
        expect(kubectlOf(b, "Secret password: x")).toEqual(reference(b, false));
      }),
      runs(800, 8101),
    );
  });
});

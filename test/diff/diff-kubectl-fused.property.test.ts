import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffJson, explainKubectlDifferences } from "../../src/diff/index.js";
import { diffAgainstKubectl, isList } from "../../src/index.js";
import { kubectlView } from "../../src/kubectl/index.js";
import type { DiffOptions, KubectlDiffOptions } from "../../src/diff/index.js";
import { LazyItems } from "../../src/diff/diff.js";
import { parseResponses } from "../../src/kubectl/view.js";
import { referenceDiffJson } from "../helpers/diff-reference.js";

/**
 * diffAgainstKubectl makes kubectl's view of each list item only when the diff reaches it, and lets it go after,
 * instead of composing the whole view and diffing it. Property: it answers exactly as composing the view
 * (kubectlView) and diffing the server's items against it, with the diff and with the reference walk
 * (test/helpers/diff-reference.ts): every difference, its order, paths, counts and masking, on generated responses
 * (Secrets, credential kinds, duplicates, missing kinds, non-object items, -0 and big integers, several responses,
 * singleObject), given as text or as parsed values. Secret values never show unless asked for.
 */

type Json = unknown;

/** Secret data values carry this marker; nothing else does. */
const SECRET_MARK = "s3cr3t";

/** Placeholders for number literals JSON.stringify cannot write, replaced in the text. */
const LITERALS: Record<string, string> = {
  "@neg-zero-float@": "-0.0",
  "@neg-zero-int@": "-0",
  "@underflow@": "-1e-400",
  "@big@": "12345678901234567890",
  "@big-negative@": "-9223372036854775808",
};

const number = fc.constantFrom<Json>(0, 1, -5, 1.5, ...Object.keys(LITERALS));
const plain = fc.oneof(
  number,
  fc.constantFrom<Json>(null, true, "", "v", "Secret", "\u00e9", "<x>"),
  fc.array(number, { maxLength: 2 }),
);

const name = fc.constantFrom("a", "b", "c");
const managedFields = fc.option(
  fc.array(fc.record({ manager: fc.constantFrom("kubectl", "helm"), n: number }), { maxLength: 2 }),
);

/** A list item or a single response: Secrets, credential kinds and plain objects, some typed, some bare. */
const object = fc.oneof(
  fc
    .record(
      {
        name,
        namespace: fc.option(fc.constantFrom("ns", "other"), { nil: undefined }),
        kind: fc.constantFrom<Json>(undefined, "", "ConfigMap", "Pod", 5, null),
        apiVersion: fc.constantFrom<Json>(undefined, "", "v1", "apps/v1", null),
        managed: managedFields,
        data: fc.option(fc.dictionary(fc.constantFrom("k", "password", "token"), plain, { maxKeys: 2 })),
        extra: plain,
      },
      { requiredKeys: ["name", "managed", "extra"] },
    )
    .map(({ name, namespace, kind, apiVersion, managed, data, extra }) => {
      const metadata: Record<string, Json> = { name };
      if (namespace !== undefined) metadata.namespace = namespace;
      if (managed !== null) metadata.managedFields = managed;
      const o: Record<string, Json> = { metadata, extra };
      if (kind !== undefined) o.kind = kind;
      if (apiVersion !== undefined) o.apiVersion = apiVersion;
      if (data) o.data = data;
      return o;
    }),
  fc
    .record({
      name,
      kind: fc.constantFrom<Json>(undefined, "Secret"),
      apiVersion: fc.constantFrom<Json>(undefined, "v1"),
      managed: managedFields,
      n: fc.nat({ max: 9 }),
    })
    .map(({ name, kind, apiVersion, managed, n }) => {
      const o: Record<string, Json> = {
        metadata: managed === null ? { name } : { name, managedFields: managed },
        data: { password: `${SECRET_MARK}-${n}` },
        type: "Opaque",
      };
      if (kind !== undefined) o.kind = kind;
      if (apiVersion !== undefined) o.apiVersion = apiVersion;
      return o;
    }),
  fc.constantFrom<Json>(
    { kind: "Config", apiVersion: "v1", users: [{ name: "u", user: { token: `${SECRET_MARK}-k` } }] },
    { kind: "TokenRequest", metadata: { name: "a" }, status: { token: `${SECRET_MARK}-t` } },
    { metadata: { name: "a" }, status: { token: "not-a-secret-here" } },
    5,
    null,
    "item",
  ),
);

const response = fc.oneof(
  fc
    .record({
      kind: fc.constantFrom<Json>(
        undefined,
        "ConfigMapList",
        "SecretList",
        "List",
        "PodList",
        "ConfigList",
        7,
      ),
      apiVersion: fc.constantFrom<Json>(undefined, "v1", "apps/v1"),
      items: fc.oneof(fc.array(object, { maxLength: 5 }), fc.constant(null)),
      continued: fc.boolean(),
    })
    .map(({ kind, apiVersion, items, continued }) => {
      const list: Record<string, Json> = {};
      if (kind !== undefined) list.kind = kind;
      if (apiVersion !== undefined) list.apiVersion = apiVersion;
      list.metadata = continued ? { resourceVersion: "7", continue: "x" } : { resourceVersion: "7" };
      list.items = items;
      return list;
    }),
  object.filter((o) => typeof o === "object" && o !== null),
);

/** JSON text of a response, the placeholders written as the literals they stand for. */
function textOf(value: Json): string {
  let text = JSON.stringify(value);
  for (const [placeholder, literal] of Object.entries(LITERALS))
    text = text.split(JSON.stringify(placeholder)).join(literal);
  return text;
}

const options: fc.Arbitrary<KubectlDiffOptions> = fc.record(
  {
    showSecrets: fc.boolean(),
    secret: fc.boolean(),
    showManagedFields: fc.boolean(),
    singleObject: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** The composed path: kubectl's whole view, then a diff of the server's items against it (as before the fusion). */
function composed(raws: Json, o: KubectlDiffOptions, diff: typeof diffJson): unknown {
  const { showSecrets, secret, ...viewOptions } = o;
  const responses = parseResponses(raws).values;
  const view = kubectlView(raws, viewOptions);
  const single = responses.length === 1 && (isList(responses[0]) || viewOptions.singleObject === true);
  const server = single
    ? responses[0]
    : { items: responses.flatMap((r) => (isList(r) ? (r.items ?? []) : [r])) };
  return explainKubectlDifferences(diff(server, view, { showSecrets, secret }));
}

const show = (v: unknown) => JSON.stringify(v, (_, x: unknown) => (typeof x === "bigint" ? `${x}n` : x));

describe("diffAgainstKubectl, each item's view made as the diff reaches it", () => {
  it("answers as composing kubectl's view and diffing it, for text and parsed responses", () => {
    fc.assert(
      fc.property(
        fc.array(response, { minLength: 1, maxLength: 3 }),
        options,
        fc.boolean(),
        (rs, o, asText) => {
          const texts = rs.map(textOf);
          const raws: Json = asText
            ? texts.length === 1
              ? texts[0]
              : texts
            : texts.map((t): unknown => JSON.parse(t));
          const fused = diffAgainstKubectl(raws, o);
          expect(fused).toEqual(composed(raws, o, diffJson));
          expect(fused).toEqual(composed(raws, o, referenceDiffJson));
          if (!o.showSecrets) expect(show(fused)).not.toContain(SECRET_MARK);
        },
      ),
      { numRuns: 600 },
    );
  });

  it("answers as composing the view for a single named object, and for no response at all", () => {
    fc.assert(
      fc.property(response, options, (r, o) => {
        const text = textOf(r);
        expect(diffAgainstKubectl(text, { ...o, singleObject: true })).toEqual(
          composed(text, { ...o, singleObject: true }, diffJson),
        );
      }),
      { numRuns: 200 },
    );
    expect(diffAgainstKubectl([], {})).toEqual(composed([], {}, diffJson));
  });

  it("fails as composing the view does, for a response that is not an object", () => {
    for (const raws of [["5"], ['{"items":[]}', "null"], "[1]"])
      expect(() => diffAgainstKubectl(raws)).toThrow(
        (() => {
          try {
            kubectlView(raws);
          } catch (error) {
            return (error as Error).message;
          }
          throw new Error("kubectlView did not fail");
        })(),
      );
  });
});

describe("the diff of items made on demand (LazyItems)", () => {
  const item = fc.oneof(
    fc
      .record({ name, kind: fc.constantFrom<Json>(undefined, "", "A", "Secret"), v: plain })
      .map(({ name, kind, v }) => {
        const o: Record<string, Json> = { metadata: { name }, data: { k: v } };
        if (kind !== undefined) o.kind = kind;
        return o;
      }),
    fc.record({ name, v: plain }),
    plain,
  );
  const diffOptions: fc.Arbitrary<DiffOptions> = fc.record(
    {
      matchByName: fc.boolean(),
      aggregate: fc.boolean(),
      showSecrets: fc.boolean(),
      secret: fc.boolean(),
      indexFrom: fc.constantFrom<"old" | "new">("old", "new"),
    },
    { requiredKeys: [] },
  );

  it("answers as the array of its items, in order or not, of any length, or against a non-array", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.array(item, { maxLength: 6 }), plain),
        fc.array(item, { maxLength: 6 }),
        fc.constantFrom("SecretList", "List", undefined),
        diffOptions,
        (left, right, kind, o) => {
          const a = kind === undefined ? { items: left } : { kind, items: left };
          const array = kind === undefined ? { items: right } : { kind, items: right };
          let made = 0;
          const lazy = new LazyItems(right.length, (i) => {
            made++;
            return right[i];
          });
          const onDemand = kind === undefined ? { items: lazy } : { kind, items: lazy };
          expect(diffJson(a, onDemand, o)).toEqual(diffJson(a, array, o));
          expect(made).toBeLessThanOrEqual(3 * right.length); // walked, maybe paired again, maybe aggregated again
        },
      ),
      { numRuns: 800 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffJson } from "../../src/diff/index.js";
import { diffAgainstKubectl, parseJsonLossless } from "../../src/index.js";
import { kubectlView, toKubectlList } from "../../src/kubectl/index.js";
import type { DiffOptions } from "../../src/diff/index.js";
import { referenceDiffJson } from "../helpers/diff-reference.js";

/**
 * The structural diff skips subtrees that both sides share by reference, pairs list items through a map, masks
 * Secrets only where one can be, and aggregates with precomputed keys. Property: it answers exactly as the plain
 * walk it replaced (test/helpers/diff-reference.ts), on documents that share subtrees (kubectl's view of a list, an
 * edited copy) and on unrelated ones, under every option.
 */

type Json = unknown;

const scalar = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -0, 1, 1.5, "", "a", "***", "v1", "ConfigMap", "Secret"),
  fc.integer({ min: -3, max: 3 }),
  fc.string({ maxLength: 4 }),
);

const key = fc.constantFrom(
  "a",
  "b",
  "name",
  "kind",
  "apiVersion",
  "metadata",
  "data",
  "stringData",
  "items",
  "annotations",
  "kubectl.kubernetes.io/last-applied-configuration",
  "managedFields",
  "x.y",
  "__proto__",
  "toString",
);

const { tree } = fc.letrec<{ tree: Json }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("tree"), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie("tree")), { maxLength: 5 }).map((entries) => {
      const o: Record<string, Json> = {};
      // defineProperty, as JSON.parse does, so "__proto__" is a key.
      for (const [k, v] of entries)
        Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
      return o;
    }),
  ),
}));

/** A Kubernetes-like object: names from a small set (so identities collide across kinds), Secrets among them. */
const object = fc
  .record(
    {
      name: fc.constantFrom("a", "b", "c", "d"),
      namespace: fc.constantFrom(undefined, "ns", "other"),
      kind: fc.constantFrom(undefined, "", "ConfigMap", "Secret", "Pod", "Config", "TokenRequest"),
      apiVersion: fc.constantFrom(undefined, "v1", "apps/v1"),
      data: fc.option(fc.dictionary(fc.constantFrom("k", "password", "ca.crt"), scalar, { maxKeys: 3 })),
      managedFields: fc.boolean(),
      extra: tree,
    },
    { requiredKeys: ["name", "managedFields", "extra"] },
  )
  .map(({ name, namespace, kind, apiVersion, data, managedFields, extra }) => {
    const metadata: Record<string, Json> = { name };
    if (namespace !== undefined) metadata.namespace = namespace;
    if (managedFields) metadata.managedFields = [{ manager: "kubectl", fieldsV1: { "f:data": {} } }];
    const o: Record<string, Json> = { metadata, extra };
    if (kind !== undefined) o.kind = kind;
    if (apiVersion !== undefined) o.apiVersion = apiVersion;
    if (data) o.data = data;
    return o;
  });

const list = fc
  .tuple(
    fc.constantFrom("ConfigMapList", "SecretList", "List", "PodList"),
    fc.array(object, { maxLength: 6 }),
  )
  .map(([kind, items]) => ({ kind, apiVersion: "v1", metadata: { resourceVersion: "7" }, items }));

/**
 * An edited copy of `value` that shares every subtree it did not touch, as kubectl's view shares with the server's
 * answer. `choices` drive the edits.
 */
function edit(value: Json, choices: number[]): Json {
  let at = 0;
  const next = () => choices[at++ % Math.max(choices.length, 1)] ?? 0;
  const go = (v: Json, depth: number): Json => {
    const c = next() % 10;
    if (c === 0) return "edited";
    if (c === 1 && depth > 0) return Array.isArray(v) ? {} : [];
    if (c < 6 || typeof v !== "object" || v === null) return v; // shared
    if (Array.isArray(v)) {
      const out = v.map((x) => go(x, depth + 1));
      if (next() % 4 === 0) out.reverse();
      if (next() % 5 === 0) out.pop();
      return out;
    }
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v as Record<string, Json>)) {
      if (next() % 7 === 0) continue; // removed
      Object.defineProperty(out, k, {
        value: go(x, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    if (next() % 6 === 0) out.added = "new";
    return out;
  };
  return go(value, 0);
}

const options: fc.Arbitrary<DiffOptions> = fc.record(
  {
    matchByName: fc.boolean(),
    aggregate: fc.boolean(),
    showSecrets: fc.boolean(),
    secret: fc.boolean(),
    indexFrom: fc.constantFrom<"old" | "new">("old", "new"),
  },
  { requiredKeys: [] },
);

function expectSame(a: Json, b: Json, o: DiffOptions): void {
  expect(diffJson(a, b, o)).toEqual(referenceDiffJson(a, b, o));
}

describe("the structural diff", () => {
  it("answers as the plain walk on a list and kubectl's view of it (which shares subtrees)", () => {
    fc.assert(
      fc.property(list, options, fc.boolean(), (l, o, show) => {
        expectSame(l, toKubectlList(l, { showManagedFields: show }), o);
        expectSame(l, kubectlView(l), o);
      }),
      { numRuns: 400 },
    );
  });

  it("answers as the plain walk on a document and an edited copy that shares what it did not touch", () => {
    fc.assert(
      fc.property(
        fc.oneof(list, tree),
        fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 40 }),
        options,
        (a, choices, o) => {
          const b = edit(a, choices);
          expectSame(a, b, o);
          expectSame(b, a, o);
        },
      ),
      { numRuns: 600 },
    );
  });

  it("answers as the plain walk on unrelated documents", () => {
    fc.assert(
      fc.property(fc.oneof(list, tree), fc.oneof(list, tree), options, (a, b, o) => expectSame(a, b, o)),
      { numRuns: 400 },
    );
  });

  it("answers as the plain walk on arrays whose items differ in many places (more than a few per item)", () => {
    const item = fc.dictionary(fc.constantFrom(..."abcdefghijklmn"), scalar, { minKeys: 6, maxKeys: 14 });
    fc.assert(
      fc.property(fc.array(fc.tuple(item, item), { minLength: 2, maxLength: 5 }), options, (pairs, o) => {
        const a = { items: pairs.map(([x]) => x) };
        const b = { items: pairs.map(([, y]) => y) };
        expectSame(a, b, o);
      }),
      { numRuns: 300 },
    );
  });

  it("answers as the plain walk on arrays whose items all differ in the same places, values alike or not", () => {
    const small = fc.constantFrom<Json>(
      "x",
      "y",
      1,
      null,
      ["s"],
      { k: "Secret" },
      { kind: "Secret", data: { a: "b" } },
    );
    const spec = fc.record({
      keys: fc.uniqueArray(fc.constantFrom("a", "b", "c", "kind", "data"), { minLength: 1, maxLength: 3 }),
      items: fc.array(
        fc.record({
          old: fc.array(small, { minLength: 3, maxLength: 3 }),
          new: fc.array(small, { minLength: 3, maxLength: 3 }),
          extra: fc.option(fc.constantFrom("e", "f")),
          drop: fc.boolean(),
        }),
        { minLength: 2, maxLength: 6 },
      ),
    });
    fc.assert(
      fc.property(spec, options, ({ keys, items }, o) => {
        const a = items.map((it) => Object.fromEntries(keys.map((k, i) => [k, it.old[i]])));
        const b = items.map((it, n) => {
          const y: Record<string, Json> = Object.fromEntries(keys.map((k, i) => [k, it.new[i]]));
          if (it.extra) y[it.extra] = n; // a difference only some items have
          if (it.drop && n > 0) delete y[keys[0]!]; // a key the first item's differences may not share
          return y;
        });
        expectSame({ items: a }, { items: b }, o);
        expectSame({ kind: "SecretList", items: a }, { kind: "SecretList", items: b }, o);
      }),
      { numRuns: 600 },
    );
  });

  it("against kubectl's view, answers the same for a response's text as for its parsed value", () => {
    // Text lets diffAgainstKubectl know there is no Secret to mask; its answer must not change for it.
    const value = fc.constantFrom<Json>(
      "v",
      "Secret",
      "SecretList",
      { kind: "Secret", data: { k: "dmFsdWU=" } },
      1,
    );
    const raw = fc
      .tuple(
        fc.constantFrom("ConfigMapList", "SecretList", "List"),
        fc.array(fc.tuple(fc.constantFrom("a", "b"), value, fc.boolean()), { maxLength: 4 }),
        fc.constantFrom(
          "",
          '"kind":"\\u0053ecret","data":{"k":"dmFsdWU="},',
          '"x":"\\u003c",',
          '"__proto__":{"a":1},',
        ),
      )
      .map(([kind, items, extra]) => {
        const body = JSON.stringify({
          kind,
          apiVersion: "v1",
          metadata: { resourceVersion: "7" },
          items: items.map(([name, v, managed]) => ({
            metadata: { name, ...(managed ? { managedFields: [{ manager: "m", extra: v }] } : {}) },
            data: { v },
          })),
        });
        // Spliced into every managedFields entry (a value the view removes): a Secret spelled with an escape, an
        // escape that spells nothing, a __proto__ key.
        return body.split('"manager":"m"').join(`${extra}"manager":"m"`);
      });
    fc.assert(
      fc.property(raw, fc.boolean(), fc.boolean(), (text, showSecrets, secret) => {
        const o = { showSecrets, secret };
        expect(diffAgainstKubectl(text, o)).toEqual(diffAgainstKubectl(parseJsonLossless(text), o));
      }),
      { numRuns: 400 },
    );
  });

  it("against kubectl's view, masks the same in text whose removed values hide a Secret, and keeps a __proto__ key as data", () => {
    for (const splice of ['"kind":"\\u0053ecret","data":{"k":"dmFsdWU="},', '"__proto__":{"a":1},']) {
      const text = JSON.stringify({
        kind: "ConfigMapList",
        apiVersion: "v1",
        metadata: {},
        items: [{ metadata: { name: "a", managedFields: [{ manager: "m" }] } }],
      }).replace('"manager"', `${splice}"manager"`);
      const fromText = diffAgainstKubectl(text);
      expect(fromText).toEqual(diffAgainstKubectl(parseJsonLossless(text)));
      // A Secret spelled with an escape is masked; a `__proto__` key is data like any other, shown as it is.
      expect(fromText.find((d) => d.path.endsWith("managedFields"))?.masked).toBe(
        splice.includes("ecret") ? true : undefined,
      );
    }
  });

  it("pairs 20,000 reordered items by name", () => {
    const items = Array.from({ length: 20_000 }, (_, i) => ({ metadata: { name: `cm-${i}` }, data: { i } }));
    const view = toKubectlList({ kind: "ConfigMapList", apiVersion: "v1", items: [...items].reverse() });
    const diffs = diffJson({ items }, view);
    expect(diffs.map((d) => [d.path, d.count])).toEqual([
      [".items[*].apiVersion", 20_000],
      [".items[*].kind", 20_000],
      [".apiVersion", undefined],
      [".kind", undefined],
      [".metadata", undefined],
    ]);
  });
});

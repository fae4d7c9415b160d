/**
 * Properties of server-side apply over random objects of a custom resource whose schema has every kind of list
 * and map (keyed by two fields, set, atomic, atomic map, granular map, unknown fields, int-or-string), written by
 * several managers in turn (fast-check, fixed seed):
 * - applying the same configuration twice changes nothing the second time (configurations hold no empty
 *   granular map or associative list: one replacing a non-empty one is pruned to null, which the server drops,
 *   so the next apply adds it back, in the real server too);
 * - a forced apply makes the configuration's fields the manager's, and the object then agrees with it;
 * - FieldsV1 encoding and decoding are inverse, and the encoding's key order is the set's order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyObject,
  crdObjectSchema,
  decodeFieldsV1,
  encodeFieldsV1,
  FieldSet,
} from "../../../src/normalize/apply/index.js";
import type { ApplyResult, PathElement } from "../../../src/normalize/apply/index.js";
import { comparePathElements, serializePathElement } from "../../../src/normalize/apply/path-element.js";
import { fieldPath } from "../../../src/normalize/apply/path-element.js";
import { toFieldSet } from "../../../src/normalize/apply/to-field-set.js";
import { propertyRuns } from "../../helpers/property-seed.js";

type Obj = Record<string, unknown>;

const SEED = 20261125;

const schema = crdObjectSchema(
  {
    spec: {
      group: "fidelity.example.com",
      names: { kind: "Gadget", plural: "gadgets" },
      versions: [
        {
          name: "v1",
          served: true,
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: {
                spec: {
                  type: "object",
                  properties: {
                    parts: {
                      type: "array",
                      "x-kubernetes-list-type": "map",
                      "x-kubernetes-list-map-keys": ["kind", "id"],
                      items: {
                        type: "object",
                        properties: {
                          kind: { type: "string" },
                          id: { type: "integer" },
                          size: { type: "integer" },
                        },
                      },
                    },
                    tags: { type: "array", "x-kubernetes-list-type": "set", items: { type: "string" } },
                    plain: { type: "array", items: { type: "string" } },
                    limits: {
                      type: "object",
                      "x-kubernetes-map-type": "atomic",
                      additionalProperties: { type: "string" },
                    },
                    options: { type: "object", additionalProperties: { type: "string" } },
                    extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                    port: { "x-kubernetes-int-or-string": true },
                    replicas: { type: "integer" },
                  },
                },
              },
            },
          },
        },
      ],
    },
  },
  "v1",
);

const word = fc.constantFrom("a", "b", "c", "d");
const part = fc.record(
  {
    kind: fc.constantFrom("wheel", "gear"),
    id: fc.integer({ min: 0, max: 3 }),
    size: fc.integer({ min: 0, max: 9 }),
  },
  { requiredKeys: ["kind", "id"] },
);
const spec = fc.record(
  {
    parts: fc.uniqueArray(part, { minLength: 1, maxLength: 4, selector: (p) => `${p.kind}/${p.id}` }),
    tags: fc.uniqueArray(word, { minLength: 1, maxLength: 4 }),
    plain: fc.array(word, { maxLength: 3 }),
    limits: fc.dictionary(word, word, { maxKeys: 3 }),
    options: fc.dictionary(word, word, { minKeys: 1, maxKeys: 3 }),
    extra: fc.dictionary(word, fc.oneof(word, fc.dictionary(word, word, { minKeys: 1, maxKeys: 2 })), {
      minKeys: 1,
      maxKeys: 3,
    }),
    port: fc.oneof(fc.integer({ min: 1, max: 3 }), word),
    replicas: fc.integer({ min: 0, max: 3 }),
  },
  // A configuration that owns nothing leaves the object untracked, and the next apply then records a
  // before-first-apply entry (in the real server too): every configuration here sets replicas.
  { requiredKeys: ["replicas"] },
);
const config = fc
  .record({ labels: fc.dictionary(word, word, { maxKeys: 2 }), spec })
  .map(({ labels, spec }) => ({
    apiVersion: "fidelity.example.com/v1",
    kind: "Gadget",
    metadata: { name: "g", ...(Object.keys(labels).length > 0 ? { labels } : {}) },
    spec,
  }));
const manager = fc.constantFrom("alpha", "beta", "gamma");
const history = fc.array(fc.tuple(manager, config), { maxLength: 4 });

/** What nobody owns: type and identity fields (the field manager's strip list). */
const SERVER_OWNED = FieldSet.of(
  fieldPath("apiVersion"),
  fieldPath("kind"),
  fieldPath("metadata"),
  fieldPath("metadata", "name"),
);

let clock = 0;
const now = () => new Date(Date.parse("2026-11-25T12:00:00Z") + (clock += 1500));

function ok(r: ApplyResult): Extract<ApplyResult, { object: unknown }> {
  if (r.conflicts) throw new Error(r.status.message);
  return r;
}

/** The object after each manager forced its configuration in turn. */
function build(steps: [string, Obj][]): Obj | undefined {
  let live: Obj | undefined;
  for (const [m, c] of steps)
    live = ok(applyObject({ live, applied: c, manager: m, force: true, schema, now: now() })).object;
  return live;
}

describe("apply properties", () => {
  it("applying the same configuration twice is a no-op the second time", () => {
    fc.assert(
      fc.property(history, manager, config, (steps, m, c) => {
        const live = build(steps);
        const first = ok(applyObject({ live, applied: c, manager: m, force: true, schema, now: now() }));
        const second = ok(applyObject({ live: first.object, applied: c, manager: m, schema, now: now() }));
        expect(second.changed).toBe(false);
        expect(second.object).toEqual(first.object);
      }),
      propertyRuns(150, SEED),
    );
  });

  it("a forced apply gives the manager exactly the configuration's fields, and the object agrees with it", () => {
    fc.assert(
      fc.property(history, manager, config, (steps, m, c) => {
        const live = build(steps);
        const r = ok(applyObject({ live, applied: c, manager: m, force: true, schema, now: now() }));
        const mine = r.managedFields?.find((e) => e.manager === m && e.operation === "Apply");
        const expected = toFieldSet({ schema: schema.schema, typeRef: schema.typeRef, value: c }).difference(
          SERVER_OWNED,
        );
        expect(mine?.fieldsV1 ?? {}).toEqual(expected.empty() ? {} : encodeFieldsV1(expected));
        // Every other manager keeps only fields whose value this apply did not change: applying again, unforced,
        // meets no conflict and changes nothing.
        const again = applyObject({ live: r.object, applied: c, manager: m, schema, now: now() });
        expect(again.conflicts).toBeUndefined();
        expect(ok(again).changed).toBe(false);
      }),
      propertyRuns(150, SEED),
    );
  });
});

describe("FieldsV1", () => {
  const value = fc.oneof(
    fc.integer({ min: -3, max: 300 }),
    fc.constantFrom("x", "a<b", 'q"uote', "é", "tab\t"),
    fc.boolean(),
  );
  const element: fc.Arbitrary<PathElement> = fc.oneof(
    fc.constantFrom("a", "b", "metadata", "spec", "k.io/x").map((field) => ({ field })),
    fc
      .uniqueArray(fc.tuple(fc.constantFrom("name", "port", "protocol"), value), {
        minLength: 1,
        maxLength: 2,
        selector: ([n]) => n,
      })
      .map((fields) => ({
        key: fields.map(([name, v]) => ({ name, value: v })).sort((x, y) => (x.name < y.name ? -1 : 1)),
      })),
    value.map((v) => ({ value: v })),
    fc.integer({ min: 0, max: 12 }).map((index) => ({ index })),
  );
  const set = fc
    .array(fc.array(element, { minLength: 1, maxLength: 4 }), { maxLength: 12 })
    .map((paths) => FieldSet.of(...paths));

  it("decodes what it encodes, and encodes what it decodes back to the same text", () => {
    fc.assert(
      fc.property(set, (s) => {
        const encoded = encodeFieldsV1(s);
        expect(decodeFieldsV1(encoded).equals(s)).toBe(true);
        expect(JSON.stringify(encodeFieldsV1(decodeFieldsV1(JSON.parse(JSON.stringify(encoded)))))).toBe(
          JSON.stringify(encoded),
        );
      }),
      propertyRuns(500, SEED),
    );
  });

  it("writes the keys of each level in the set's order (fields, keys, values, indexes), with `.` first", () => {
    fc.assert(
      fc.property(set, (s) => {
        const check = (node: FieldSet, encoded: Record<string, unknown>) => {
          const keys = Object.keys(encoded).filter((k) => k !== ".");
          const elements = [...node.members, ...node.children.map((c) => c.pe)].sort(comparePathElements);
          const unique = elements.filter(
            (pe, i) => i === 0 || comparePathElements(elements[i - 1]!, pe) !== 0,
          );
          expect(keys).toEqual(unique.map(serializePathElement));
          for (const c of node.children)
            check(c.set, encoded[serializePathElement(c.pe)] as Record<string, unknown>);
        };
        check(s, encodeFieldsV1(s));
      }),
      propertyRuns(300, SEED),
    );
  });
});

/**
 * structured-merge-diff's own table tests (merge/*_test.go at v4.2.3, extracted into
 * fixtures/apply/structured-merge-diff-cases.json by scripts/extract-smd-merge-cases.js), run against the port:
 * leaves, sets, keyed lists (with defaulted keys), nested lists and maps, structs, atomic maps, deduced types,
 * ignored fields, multiple appliers pruning and keeping each other's items, conflicts and force. Each case passes
 * when the live object and the managers at the end are the ones the Go implementation expects, and every
 * apply reports exactly the conflicts it lists.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FieldSet } from "../../../src/normalize/apply/field-set.js";
import { compareTyped, comparisonIsSame } from "../../../src/normalize/apply/merge-typed.js";
import type { Path, PathElement } from "../../../src/normalize/apply/path-element.js";
import { pathToString, sortKey } from "../../../src/normalize/apply/path-element.js";
import { COMMON_TYPES, DEDUCED_SCHEMA, UNTYPED_DEDUCED } from "../../../src/normalize/apply/schema.js";
import type { Atom, Schema, TypeRef } from "../../../src/normalize/apply/schema.js";
import type { TypedValue } from "../../../src/normalize/apply/typed-value.js";
import {
  ConflictsError,
  sameVersion,
  updaterApply,
  updaterUpdate,
} from "../../../src/normalize/apply/updater.js";
import type { ManagerSets } from "../../../src/normalize/apply/updater.js";
import { validateTyped } from "../../../src/normalize/apply/validate-typed.js";
import type { Value } from "../../../src/normalize/apply/value.js";
import { readFixture } from "../../helpers/fixtures.js";

type Y = Record<string, unknown>;

interface Op {
  op: "apply" | "forceApply" | "update";
  manager: string;
  apiVersion: string;
  object: string;
  conflicts?: { manager: string; path: PathElement[] }[];
}

interface Case {
  file: string;
  /** The Go test expects the case to fail. */
  mustFail?: boolean;
  name: string;
  parser: string;
  ops: Op[];
  object?: string;
  apiVersion?: string;
  managed?: Record<string, { paths: PathElement[][]; apiVersion: string }>;
  ignoredFields?: Record<string, PathElement[][]>;
}

const data = JSON.parse(readFixture("apply/structured-merge-diff-cases.json")) as {
  parsers: Record<string, { deduced?: true; schema?: string; type?: string }>;
  cases: Case[];
};

/** An SMD schema document (`types: [{name, map|list|scalar}]`) as the engine's schema. */
function smdSchema(yaml: string): Schema {
  const types = new Map<string, Atom>(COMMON_TYPES);
  const scalar = (s: unknown) => (s === "numeric" || s === "string" || s === "boolean" ? s : "untyped");
  const ref = (y: Y): TypeRef => {
    const rel = y.elementRelationship as TypeRef["elementRelationship"];
    if (typeof y.namedType === "string")
      return { named: y.namedType, ...(rel ? { elementRelationship: rel } : {}) };
    return { inlined: atom(y) };
  };
  const atom = (y: Y): Atom => {
    const out: {
      scalar?: NonNullable<Atom["scalar"]>;
      list?: NonNullable<Atom["list"]>;
      map?: NonNullable<Atom["map"]>;
    } = {};
    if (y.scalar !== undefined) out.scalar = scalar(y.scalar);
    if (y.list) {
      const l = y.list as Y;
      out.list = {
        elementType: ref(l.elementType as Y),
        elementRelationship: (l.elementRelationship ?? "") as "atomic",
        ...(l.keys ? { keys: l.keys as string[] } : {}),
      };
    }
    if (y.map) {
      const m = y.map as Y;
      const fields = Object.fromEntries(
        ((m.fields as Y[] | undefined) ?? []).map((f) => [
          f.name as string,
          { type: ref(f.type as Y), ...(f.default !== undefined ? { default: f.default as Value } : {}) },
        ]),
      );
      out.map = {
        ...(m.fields ? { fields } : {}),
        ...(m.elementType ? { elementType: ref(m.elementType as Y) } : {}),
        ...(m.elementRelationship ? { elementRelationship: m.elementRelationship as "atomic" } : {}),
      };
    }
    return out;
  };
  for (const t of (parse(yaml) as { types: Y[] }).types) types.set(t.name as string, atom(t));
  return { types };
}

/** Go's `_KBF` sorts a key's fields by name; the extracted paths keep them as written. */
function sorted(path: PathElement[]): Path {
  return path.map((pe) => ("key" in pe ? { key: sortKey([...pe.key]) } : pe));
}

function runCase(c: Case): void {
  const p = data.parsers[c.parser]!;
  const schema = p.deduced ? DEDUCED_SCHEMA : smdSchema(p.schema!);
  const typeFor = (version: string): TypeRef => ({
    named: p.deduced ? UNTYPED_DEDUCED : (p.type ?? version),
  });
  const typed = (value: Value | undefined, version: string): TypedValue => ({
    schema,
    typeRef: typeFor(version),
    value,
  });
  const ignoredFields = c.ignoredFields
    ? new Map(Object.entries(c.ignoredFields).map(([v, paths]) => [v, FieldSet.of(...paths.map(sorted))]))
    : undefined;
  const updater = { convert: sameVersion, ...(ignoredFields ? { ignoredFields } : {}) };
  let live: TypedValue = typed(null, c.ops[0]!.apiVersion);
  let managers: ManagerSets = new Map();
  c.ops.forEach((op, i) => {
    const config = typed(parse(op.object) as Value, op.apiVersion);
    expect(validateTyped(config), `operation ${i}: the object fits the schema`).toEqual([]);
    live = { ...live, typeRef: typeFor(op.apiVersion) };
    if (op.op === "update") {
      managers = updaterUpdate(updater, live, config, op.apiVersion, managers, op.manager);
      live = config;
      return;
    }
    try {
      const r = updaterApply(
        updater,
        live,
        config,
        op.apiVersion,
        managers,
        op.manager,
        op.op === "forceApply",
      );
      expect(op.conflicts ?? [], `operation ${i}: conflicts`).toEqual([]);
      managers = r.managers;
      if (r.object) live = r.object;
    } catch (e) {
      if (!(e instanceof ConflictsError)) throw e;
      const text = (list: { manager: string; path: Path }[]) =>
        list.map((x) => `${x.manager} ${pathToString(sorted([...x.path]))}`).sort();
      expect(text([...e.conflicts]), `operation ${i}: conflicts`).toEqual(text(op.conflicts ?? []));
    }
  });
  if (c.object) {
    const { comparison } = compareTyped(live, typed(parse(c.object) as Value, c.apiVersion ?? "v1"));
    expect(comparisonIsSame(comparison), `the live object is ${c.object}`).toBe(true);
  }
  if (c.managed) {
    const got = Object.fromEntries(
      [...managers].map(([m, vs]) => [
        m,
        { apiVersion: vs.apiVersion, fields: vs.set.paths().map(pathToString).sort() },
      ]),
    );
    const want = Object.fromEntries(
      Object.entries(c.managed)
        .filter(([, vs]) => vs.paths.length > 0)
        .map(([m, vs]) => [
          m,
          {
            apiVersion: vs.apiVersion,
            fields: FieldSet.of(...vs.paths.map(sorted))
              .paths()
              .map(pathToString)
              .sort(),
          },
        ]),
    );
    expect(got).toEqual(want);
  }
  for (const [m, vs] of managers) expect(vs.set.empty(), `${m} has fields`).toBe(false);
}

describe("structured-merge-diff v4.2.3 merge tests", () => {
  const files = [...new Set(data.cases.map((c) => c.file))];
  for (const file of files) {
    const cases = data.cases.filter((c) => c.file === file);
    describe(file, () => {
      it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        if (c.mustFail) expect(() => runCase(c)).toThrow();
        else runCase(c);
      });
    });
  }
});

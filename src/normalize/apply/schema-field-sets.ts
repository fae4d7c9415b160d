/**
 * Field-set operations that need the schema (structured-merge-diff `Set.EnsureNamedFieldsAreMembers` and
 * `typed.ReconcileFieldSetWithSchema`): making the struct fields on the way to owned fields members themselves
 * (so pruning can tell a struct that is still used from one that is not), and rewriting a manager's fields after a
 * type changed between atomic and granular.
 */
import { FieldSet } from "./field-set.js";
import type { PathElement } from "./path-element.js";
import { findField, resolve, UNTYPED_DEDUCED } from "./schema.js";
import type { MapType, Schema, TypeRef } from "./schema.js";

/** `set` plus every named struct field that has owned fields below it. */
export function ensureNamedFieldsAreMembers(set: FieldSet, schema: Schema, tr: TypeRef): FieldSet {
  const atom = resolve(schema, tr) ?? {};
  const out = new FieldSet([...set.members]);
  for (const c of set.children) {
    if ("field" in c.pe && atom.map && findField(atom.map, c.pe.field)) out.insertMember(c.pe);
  }
  out.children = set.children.map((c) => {
    let childTr: TypeRef = {};
    if ("field" in c.pe && atom.map)
      childTr = findField(atom.map, c.pe.field)?.type ?? atom.map.elementType ?? {};
    else if ("key" in c.pe && atom.list) childTr = atom.list.elementType;
    return { pe: c.pe, set: ensureNamedFieldsAreMembers(c.set, schema, childTr) };
  });
  return out;
}

function isUntypedDeducedMap(m: MapType): boolean {
  const e = m.elementType;
  const deducedRef =
    e !== undefined &&
    (e.named !== undefined ? e.named === UNTYPED_DEDUCED : e.inlined?.scalar === "untyped");
  return deducedRef && m.fields === undefined;
}

interface Reconcile {
  toRemove?: FieldSet;
  toAdd?: FieldSet;
}

/**
 * The manager's fields rewritten for the current schema, or undefined when nothing changes: a field owned below a
 * type that is now atomic becomes ownership of the atomic field itself.
 */
export function reconcileFieldSetWithSchema(
  set: FieldSet,
  schema: Schema,
  tr: TypeRef,
): FieldSet | undefined {
  const acc: Reconcile = {};
  walk(schema, tr, set, [], false, acc);
  if (!acc.toAdd && !acc.toRemove) return undefined;
  let out = set;
  if (acc.toRemove) out = out.recursiveDifference(acc.toRemove);
  if (acc.toAdd) out = out.union(acc.toAdd);
  return out;
}

function add(acc: Reconcile, key: "toRemove" | "toAdd", set: FieldSet): void {
  acc[key] = acc[key] ? acc[key].union(set) : set;
}

function walk(
  schema: Schema,
  tr: TypeRef,
  fieldSet: FieldSet | undefined,
  path: PathElement[],
  isAtomic: boolean,
  acc: Reconcile,
): void {
  const atom = resolve(schema, tr);
  if (!atom) return;
  // No value picks a branch here: a map is handled first, then a scalar (nothing to do), then a list.
  if (atom.map) {
    const t = atom.map;
    if (isUntypedDeducedMap(t)) return;
    if (!isAtomic && t.elementRelationship === "atomic") {
      if (fieldSet && fieldSet.size() > 0) {
        add(acc, "toRemove", FieldSet.of(path));
        add(acc, "toAdd", FieldSet.of(path));
      }
      return;
    }
    if (fieldSet)
      visit(fieldSet, (pe, child, member) => {
        const childTr = ("field" in pe ? findField(t, pe.field)?.type : undefined) ?? t.elementType;
        if (!childTr || (childTr.named === undefined && childTr.inlined === undefined)) return;
        walk(schema, childTr, child, [...path, pe], member && !child, acc);
      });
    return;
  }
  if (atom.list && !atom.scalar) {
    const t = atom.list;
    if (!isAtomic && t.elementRelationship === "atomic") {
      add(acc, "toRemove", FieldSet.of(path));
      add(acc, "toAdd", FieldSet.of(path));
      return;
    }
    if (fieldSet)
      visit(fieldSet, (pe, child, member) =>
        walk(schema, t.elementType, child, [...path, pe], member && !child, acc),
      );
  }
}

/** Children that are not members first, then members, as the Go walker visits them. */
function visit(
  set: FieldSet,
  f: (pe: PathElement, child: FieldSet | undefined, member: boolean) => void,
): void {
  for (const c of set.children) if (!set.hasMember(c.pe)) f(c.pe, c.set, false);
  for (const m of set.members) f(m, set.child(m), true);
}

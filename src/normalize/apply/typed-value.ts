/**
 * What the walkers over a value and its schema share (structured-merge-diff `typed/helpers.go`): validation errors
 * with their path text, picking the branch of an atom that fits a value, and the path element of a list item (its
 * index, its value in a set, or its key fields in a keyed list, a missing key field taking its default).
 */
import { findField, resolve } from "./schema.js";
import type { Atom, ListType, MapType, Scalar, Schema, TypeRef } from "./schema.js";
import { sortKey } from "./path-element.js";
import type { KeyField, PathElement } from "./path-element.js";
import { isMap, mapKeys, member } from "./value.js";
import type { Value } from "./value.js";

/** A value with the schema and type it is read with. */
export interface TypedValue {
  readonly value: Value | undefined;
  readonly schema: Schema;
  readonly typeRef: TypeRef;
}

export interface ValidationError {
  path: string;
  message: string;
}

/** The text of validation errors as the real server puts them in its messages. */
export function validationErrorsText(errs: readonly ValidationError[]): string {
  const one = (e: ValidationError) => (e.path ? `${e.path}: ${e.message}` : e.message);
  if (errs.length === 1) return one(errs[0]!);
  return ["errors:", ...errs.map((e) => `  ${one(e)}`)].join("\n");
}

export function errorf(message: string): ValidationError[] {
  return [{ path: "", message }];
}

export function withPrefix(errs: ValidationError[], prefix: string): ValidationError[] {
  for (const e of errs) e.path = prefix + e.path;
  return errs;
}

export interface AtomHandler {
  doScalar(t: Scalar): ValidationError[];
  doList(t: ListType): ValidationError[];
  doMap(t: MapType): ValidationError[];
}

function typeName(tr: TypeRef): string {
  return tr.named ?? "inlined type";
}

/** Of an atom that allows several kinds of value, the branch that fits `v` (all of them for null or absence). */
export function deduceAtom(atom: Atom, v: Value | undefined): Atom {
  if (v === undefined || v === null) return atom;
  if (Array.isArray(v)) return atom.list ? { list: atom.list } : atom;
  if (isMap(v)) return atom.map ? { map: atom.map } : atom;
  return atom.scalar ? { scalar: atom.scalar } : atom;
}

/** Whether two deduced atoms are the same branch. */
export function sameAtom(a: Atom, b: Atom): boolean {
  return a.scalar === b.scalar && a.list === b.list && a.map === b.map;
}

export function handleAtom(a: Atom, tr: TypeRef, h: AtomHandler): ValidationError[] {
  if (a.map) return h.doMap(a.map);
  if (a.scalar) return h.doScalar(a.scalar);
  if (a.list) return h.doList(a.list);
  return errorf(
    `schema error: invalid atom: ${tr.named !== undefined ? `named type: ${tr.named}` : "inlined"}`,
  );
}

export function resolveSchema(
  schema: Schema,
  tr: TypeRef,
  v: Value | undefined,
  h: AtomHandler,
): ValidationError[] {
  const a = resolve(schema, tr);
  if (!a) return errorf(`schema error: no type found matching: ${typeName(tr)}`);
  return handleAtom(deduceAtom(a, v), tr, h);
}

/** Why a list item has no path element. */
export class ListItemError extends Error {}

function keyDefault(schema: Schema, list: ListType, name: string): Value | undefined {
  const atom = resolve(schema, list.elementType);
  if (!atom) throw new ListItemError(`couldn't find default value for ${name}: invalid elementType for list`);
  if (!atom.map)
    throw new ListItemError(
      `couldn't find default value for ${name}: associative list may not have non-map types`,
    );
  return findField(atom.map, name)?.default;
}

/** The path element of a list's item: its index, its value (a set), or its key fields (a keyed list). */
export function listItemPathElement(
  schema: Schema,
  list: ListType,
  index: number,
  child: Value,
): PathElement {
  if (list.elementRelationship !== "associative") return { index };
  if (list.keys && list.keys.length > 0) {
    if (child === null) throw new ListItemError("associative list with keys may not have a null element");
    if (!isMap(child)) throw new ListItemError("associative list with keys may not have non-map elements");
    const key: KeyField[] = [];
    for (const name of list.keys) {
      const present = member(child, name);
      if (present !== undefined) {
        key.push({ name, value: present });
        continue;
      }
      const def = keyDefault(schema, list, name);
      if (def !== undefined && def !== null) key.push({ name, value: def });
      else
        throw new ListItemError(
          `associative list with keys has an element that omits key field ${JSON.stringify(name)} (and doesn't have default value)`,
        );
    }
    return { key: sortKey(key) };
  }
  if (isMap(child)) throw new ListItemError("associative list without keys has an element that's a map type");
  if (Array.isArray(child)) throw new ListItemError("not supported: associative list with lists as elements");
  if (child === null)
    throw new ListItemError("associative list without keys has an element that's an explicit null");
  return { value: child };
}

/** Go's `%T` of an unstructured value. */
export function goTypeName(v: Value): string {
  if (v === null) return "<nil>";
  if (Array.isArray(v)) return "[]interface {}";
  if (isMap(v)) return "map[string]interface {}";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  return Number.isInteger(v) || typeof v === "bigint" ? "int64" : "float64";
}

/** Go's `%v` of an unstructured value. */
export function goPlain(v: Value): string {
  if (v === null) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goPlain).join(" ")}]`;
  if (isMap(v))
    return `map[${mapKeys(v)
      .sort()
      .map((k) => `${k}:${goPlain(v[k]!)}`)
      .join(" ")}]`;
  return String(v);
}

/** Go's `%#v` of an unstructured value. */
export function goSharp(v: Value): string {
  if (v === null) return "interface {}(nil)";
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharp).join(", ")}}`;
  if (isMap(v))
    return `map[string]interface {}{${mapKeys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${goSharp(v[k]!)}`)
      .join(", ")}}`;
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}

/** A value as Go's `%v` prints structured-merge-diff's value wrapper (`&{...}`). */
export function goValueWrapper(v: Value): string {
  return `&{${goPlain(v)}}`;
}

/**
 * The schema server-side apply merges with (structured-merge-diff's `schema` package): named types whose atoms are
 * a scalar, a list (atomic, a set, or a map keyed by some of its items' fields), a map or struct (granular or
 * atomic, with declared fields and a type for other keys), or several of these for untyped values. A type
 * reference names a type or inlines an atom, and may override a named map's or list's element relationship
 * (`x-kubernetes-map-type` on a `$ref`).
 */
import type { Value } from "./value.js";

/** `separable` is a granular map or struct; `associative` a set or a keyed list. */
export type ElementRelationship = "atomic" | "associative" | "separable";

export type Scalar = "numeric" | "string" | "boolean" | "untyped";

export interface TypeRef {
  readonly named?: string;
  readonly inlined?: Atom;
  readonly elementRelationship?: ElementRelationship;
}

export interface ListType {
  readonly elementType: TypeRef;
  readonly elementRelationship: ElementRelationship;
  /** The key fields of an associative list of maps (`x-kubernetes-list-map-keys`). */
  readonly keys?: readonly string[];
}

export interface StructField {
  readonly type: TypeRef;
  /** The field's default, used for a list key field an item omits. */
  readonly default?: Value;
}

export interface MapType {
  /** Declared fields (a struct's). */
  readonly fields?: Readonly<Record<string, StructField>>;
  /** The type of keys that are not declared fields; none means such keys are not allowed. */
  readonly elementType?: TypeRef;
  /** Unset is granular. */
  readonly elementRelationship?: ElementRelationship;
}

export interface Atom {
  readonly scalar?: Scalar;
  readonly list?: ListType;
  readonly map?: MapType;
}

/** A set of named types. */
export interface Schema {
  readonly types: ReadonlyMap<string, Atom>;
}

/** A type that accepts anything and merges it atomically (kube-openapi's `__untyped_atomic_`). */
export const UNTYPED_ATOMIC = "__untyped_atomic_";
/** A type that accepts anything and merges maps granularly, lists atomically (`__untyped_deduced_`). */
export const UNTYPED_DEDUCED = "__untyped_deduced_";

export const COMMON_TYPES: ReadonlyMap<string, Atom> = new Map<string, Atom>([
  [
    UNTYPED_ATOMIC,
    {
      scalar: "untyped",
      list: { elementType: { named: UNTYPED_ATOMIC }, elementRelationship: "atomic" },
      map: { elementType: { named: UNTYPED_ATOMIC }, elementRelationship: "atomic" },
    },
  ],
  [
    UNTYPED_DEDUCED,
    {
      scalar: "untyped",
      list: { elementType: { named: UNTYPED_ATOMIC }, elementRelationship: "atomic" },
      map: { elementType: { named: UNTYPED_DEDUCED }, elementRelationship: "separable" },
    },
  ],
]);

/** The schema of objects that have none: maps granular, everything else atomic (CRDs without a schema). */
export const DEDUCED_SCHEMA: Schema = { types: COMMON_TYPES };

/** The atom a type reference stands for, or undefined when it names no type (`Schema.Resolve`). */
export function resolve(schema: Schema, tr: TypeRef): Atom | undefined {
  // An empty reference resolves to an empty atom, which the walkers report as an invalid atom.
  const atom = tr.named !== undefined ? schema.types.get(tr.named) : (tr.inlined ?? {});
  if (!atom) return undefined;
  if (!tr.elementRelationship) return atom;
  if (atom.map) return { ...atom, map: { ...atom.map, elementRelationship: tr.elementRelationship } };
  if (atom.list) return { ...atom, list: { ...atom.list, elementRelationship: tr.elementRelationship } };
  return undefined;
}

/** A reference that names nothing: no type at all. */
export function isEmptyRef(tr: TypeRef | undefined): boolean {
  return !tr || (tr.named === undefined && tr.inlined === undefined);
}

export function findField(map: MapType, name: string): StructField | undefined {
  return map.fields && Object.hasOwn(map.fields, name) ? map.fields[name] : undefined;
}

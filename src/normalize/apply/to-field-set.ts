/**
 * The fields a value sets (structured-merge-diff `TypedValue.ToFieldSet`): every scalar, every atomic list or map,
 * every list item, every key of a granular map that is not a declared struct field, and null or empty values. A
 * struct field that holds a non-empty value is not itself a member; its children are.
 */
import { FieldSet } from "./field-set.js";
import type { PathElement } from "./path-element.js";
import { findField } from "./schema.js";
import type { Schema, TypeRef } from "./schema.js";
import { ListItemError, listItemPathElement, resolveSchema } from "./typed-value.js";
import type { TypedValue } from "./typed-value.js";
import { isMap, mapKeys } from "./value.js";
import type { Value } from "./value.js";

export function toFieldSet(tv: TypedValue): FieldSet {
  const root: Node = { set: new FieldSet() };
  walk(tv.schema, tv.typeRef, tv.value, root);
  return root.set!;
}

/** A position in the walk; its set is made when a field below it is inserted (the set has no empty children). */
interface Node {
  parent?: Node;
  pe?: PathElement;
  set?: FieldSet;
}

function setOf(node: Node): FieldSet {
  return (node.set ??= setOf(node.parent!).descend(node.pe!));
}

function insertSelf(node: Node): void {
  if (node.parent) setOf(node.parent).insertMember(node.pe!);
}

function walk(schema: Schema, tr: TypeRef, value: Value | undefined, node: Node): void {
  resolveSchema(schema, tr, value, {
    doScalar: () => {
      insertSelf(node);
      return [];
    },
    doList: (t) => {
      if (t.elementRelationship === "atomic") {
        insertSelf(node);
        return [];
      }
      if (!Array.isArray(value)) return [];
      value.forEach((child, i) => {
        let pe: PathElement;
        try {
          pe = listItemPathElement(schema, t, i, child);
        } catch (e) {
          if (!(e instanceof ListItemError)) throw e;
          return; // the value was validated before; a broken item has no path to own
        }
        const item: Node = { parent: node, pe };
        walk(schema, t.elementType, child, item);
        insertSelf(item);
      });
      return [];
    },
    doMap: (t) => {
      if (t.elementRelationship === "atomic") {
        insertSelf(node);
        return [];
      }
      if (!isMap(value)) return [];
      for (const key of mapKeys(value)) {
        const v = value[key]!;
        const declared = findField(t, key);
        const field: Node = { parent: node, pe: { field: key } };
        walk(schema, declared?.type ?? t.elementType ?? {}, v, field);
        if (v === null || (isMap(v) && mapKeys(v).length === 0) || !declared) insertSelf(field);
      }
      return [];
    },
  });
}

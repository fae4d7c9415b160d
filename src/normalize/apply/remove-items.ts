/**
 * Removing fields and list items from a value (structured-merge-diff `TypedValue.RemoveItems`), how apply prunes
 * what a manager stopped applying. A granular map or list left with nothing becomes null in its parent, as in the
 * real server (whose typed objects then drop it).
 */
import { setOwn } from "../../internal/own-property.js";
import type { FieldSet } from "./field-set.js";
import type { PathElement } from "./path-element.js";
import { findField } from "./schema.js";
import type { Schema, TypeRef } from "./schema.js";
import { ListItemError, listItemPathElement, resolveSchema } from "./typed-value.js";
import type { TypedValue } from "./typed-value.js";
import { isMap, mapKeys } from "./value.js";
import type { Value, ValueMap } from "./value.js";

export function removeItems(tv: TypedValue, toRemove: FieldSet): TypedValue {
  return { ...tv, value: remove(tv.schema, tv.typeRef, tv.value, toRemove) };
}

function remove(
  schema: Schema,
  tr: TypeRef,
  value: Value | undefined,
  toRemove: FieldSet,
): Value | undefined {
  let out: Value | undefined;
  resolveSchema(schema, tr, value, {
    doScalar: () => {
      out = value;
      return [];
    },
    doList: (t) => {
      if (!Array.isArray(value) || value.length === 0 || t.elementRelationship === "atomic") return [];
      const items: Value[] = [];
      value.forEach((item, i) => {
        let pe: PathElement | undefined;
        try {
          pe = listItemPathElement(schema, t, i, item);
        } catch (e) {
          if (!(e instanceof ListItemError)) throw e;
        }
        if (pe && toRemove.has([pe])) return;
        const subset = pe ? toRemove.withPrefix(pe) : undefined;
        const kept = subset && !subset.empty() ? remove(schema, t.elementType, item, subset) : item;
        items.push(kept === undefined ? null : kept);
      });
      if (items.length > 0) out = items;
      return [];
    },
    doMap: (t) => {
      if (!isMap(value) || mapKeys(value).length === 0 || t.elementRelationship === "atomic") return [];
      const kept: ValueMap = {};
      for (const key of mapKeys(value)) {
        const pe = { field: key };
        if (toRemove.has([pe])) continue;
        const subset = toRemove.withPrefix(pe);
        const fieldTr = findField(t, key)?.type ?? t.elementType ?? {};
        const v = subset.empty() ? value[key] : remove(schema, fieldTr, value[key], subset);
        setOwn(kept, key, v === undefined ? null : v);
      }
      if (mapKeys(kept).length > 0) out = kept;
      return [];
    },
  });
  return out;
}

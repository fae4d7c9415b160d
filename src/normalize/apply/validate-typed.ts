/**
 * Whether a value conforms to its schema (structured-merge-diff `typed/validate.go`), with the real server's
 * messages: `.bogus: field not declared in schema`, `.spec.replicas: expected numeric (int or float), got string`,
 * `.spec.ports: element 0: associative list with keys has an element that omits key field "port" ...`,
 * `duplicate entries for key [name="app"]`. An apply body that fails is answered with a 500 whose message holds
 * these lines.
 */
import { pathElementToString } from "./path-element.js";
import type { PathElement } from "./path-element.js";
import { findField, isEmptyRef } from "./schema.js";
import type { ListType, MapType, Scalar, Schema, TypeRef } from "./schema.js";
import {
  errorf,
  goSharp,
  goTypeName,
  goValueWrapper,
  ListItemError,
  listItemPathElement,
  resolveSchema,
  withPrefix,
} from "./typed-value.js";
import type { TypedValue, ValidationError } from "./typed-value.js";
import { isMap, mapKeys } from "./value.js";
import type { Value } from "./value.js";
import { comparePathElements } from "./path-element.js";

/** Checks a scalar against its type; absent and null values always pass. */
export function validateScalar(t: Scalar, v: Value | undefined, prefix: string): ValidationError[] {
  if (v === undefined || v === null) return [];
  switch (t) {
    case "numeric":
      if (typeof v !== "number" && typeof v !== "bigint")
        return errorf(`${prefix}expected numeric (int or float), got ${goTypeName(v)}`);
      return [];
    case "string":
      if (typeof v !== "string")
        return errorf(`${prefix}expected string, got &value.valueUnstructured{Value:${goSharp(v)}}`);
      return [];
    case "boolean":
      if (typeof v !== "boolean") return errorf(`${prefix}expected boolean, got ${goValueWrapper(v)}`);
      return [];
    default:
      return [];
  }
}

/** The errors of a typed value; empty when it conforms. */
export function validateTyped(tv: TypedValue): ValidationError[] {
  return validate(tv.schema, tv.typeRef, tv.value);
}

function validate(schema: Schema, tr: TypeRef, value: Value | undefined): ValidationError[] {
  return resolveSchema(schema, tr, value, {
    doScalar: (t) => validateScalar(t, value, ""),
    doList: (t) => validateList(schema, t, value),
    doMap: (t) => validateMap(schema, t, value),
  });
}

function validateList(schema: Schema, t: ListType, value: Value | undefined): ValidationError[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return errorf(`expected list, got ${goValueWrapper(value)}`);
  const errs: ValidationError[] = [];
  const seen: PathElement[] = [];
  for (let i = 0; i < value.length; i++) {
    const child = value[i]!;
    let pe: PathElement;
    if (t.elementRelationship !== "associative") pe = { index: i };
    else {
      try {
        pe = listItemPathElement(schema, t, i, child);
      } catch (e) {
        if (!(e instanceof ListItemError)) throw e;
        errs.push(...errorf(`element ${i}: ${e.message}`));
        return errs;
      }
      if (seen.some((s) => comparePathElements(s, pe) === 0))
        errs.push(...errorf(`duplicate entries for key ${pathElementToString(pe)}`));
      seen.push(pe);
    }
    errs.push(...withPrefix(validate(schema, t.elementType, child), pathElementToString(pe)));
  }
  return errs;
}

function validateMap(schema: Schema, t: MapType, value: Value | undefined): ValidationError[] {
  if (value === undefined) return errorf("expected map, got nil");
  if (value === null) return [];
  if (!isMap(value)) return errorf(`expected map, got ${goValueWrapper(value)}`);
  const errs: ValidationError[] = [];
  for (const key of mapKeys(value)) {
    const prefix = pathElementToString({ field: key });
    const declared = findField(t, key);
    if (!declared && isEmptyRef(t.elementType)) {
      errs.push(...withPrefix(errorf("field not declared in schema"), prefix));
      break;
    }
    const tr = declared?.type ?? t.elementType!;
    errs.push(...withPrefix(validate(schema, tr, value[key]), prefix));
  }
  return errs;
}

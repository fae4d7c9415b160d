/**
 * Structural-schema handling of custom resources, as kube-apiserver does for CRDs of apiextensions.k8s.io/v1:
 * unknown fields are pruned (and reported, for `fieldValidation=Strict|Warn`), `null` in a non-nullable field is
 * dropped, and the common OpenAPI constraints are checked with kube-openapi's messages. `metadata` is left to
 * the object-meta validation; CEL rules (`x-kubernetes-validations`) are not evaluated.
 */
import { getOwn, setOwn } from "../../internal/own-property.js";
import type { FieldError } from "./status.js";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function goType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v === "object" ? "object" : typeof v;
}

function typeMatches(schema: Obj, v: unknown): boolean {
  if (schema["x-kubernetes-int-or-string"] === true) return typeof v === "string" || Number.isInteger(v);
  switch (schema.type) {
    case undefined:
      return true;
    case "object":
      return isObj(v);
    case "array":
      return Array.isArray(v);
    case "string":
      return typeof v === "string";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number";
    case "boolean":
      return typeof v === "boolean";
    default:
      return true;
  }
}

interface Result {
  errors: FieldError[];
  unknown: string[];
}

function walk(value: unknown, schema: Obj, path: string, out: Result): unknown {
  if (value === null) return schema.nullable === true ? null : undefined;
  if (!typeMatches(schema, value)) {
    const type = schema["x-kubernetes-int-or-string"] === true ? "integer or string" : String(schema.type);
    out.errors.push({
      type: "FieldValueInvalid",
      field: path,
      // kube-openapi's type error names the value's JSON type, not the value.
      value: goType(value),
      detail: `${path} in body must be of type ${type}: ${JSON.stringify(goType(value))}`,
    });
    return value;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    out.errors.push({
      type: "FieldValueNotSupported",
      field: path,
      value,
      detail: `supported values: ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`,
    });
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum)
      out.errors.push({
        type: "FieldValueInvalid",
        field: path,
        value,
        detail: `${path} in body should be greater than or equal to ${schema.minimum}`,
      });
    if (typeof schema.maximum === "number" && value > schema.maximum)
      out.errors.push({
        type: "FieldValueInvalid",
        field: path,
        value,
        detail: `${path} in body should be less than or equal to ${schema.maximum}`,
      });
  }
  if (typeof value === "string") {
    const length = [...value].length;
    if (typeof schema.maxLength === "number" && length > schema.maxLength)
      out.errors.push({
        type: "FieldValueTooLong",
        field: path,
        detail: `may not be longer than ${schema.maxLength}`,
      });
    if (typeof schema.minLength === "number" && length < schema.minLength)
      out.errors.push({
        type: "FieldValueInvalid",
        field: path,
        value,
        detail: `${path} in body should be at least ${schema.minLength} chars long`,
      });
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value))
      out.errors.push({
        type: "FieldValueInvalid",
        field: path,
        value,
        detail: `${path} in body should match '${schema.pattern}'`,
      });
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems)
      out.errors.push({
        type: "FieldValueTooMany",
        field: path,
        value: value.length,
        detail: `must have at most ${schema.maxItems} items`,
      });
    if (typeof schema.minItems === "number" && value.length < schema.minItems)
      out.errors.push({
        type: "FieldValueInvalid",
        field: path,
        value: value.length,
        detail: `${path} in body should have at least ${schema.minItems} items`,
      });
    const items = isObj(schema.items) ? schema.items : undefined;
    return (value as unknown[])
      .map((item, i) => (items ? walk(item, items, `${path}[${i}]`, out) : item))
      .filter((v) => v !== undefined);
  }
  if (isObj(value)) {
    const properties = isObj(schema.properties) ? schema.properties : undefined;
    const additional = schema.additionalProperties;
    const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true;
    const result: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      const childPath = path ? `${path}.${k}` : k;
      const declared = properties ? getOwn(properties, k) : undefined;
      const sub = isObj(declared) ? declared : isObj(additional) ? additional : undefined;
      if (sub) {
        const r = walk(v, sub, childPath, out);
        if (r !== undefined) setOwn(result, k, r);
      } else if (
        preserve ||
        additional === true ||
        (!properties && additional === undefined && schema.type === undefined)
      ) {
        setOwn(result, k, v);
      } else {
        out.unknown.push(childPath);
      }
    }
    if (Array.isArray(schema.required))
      for (const r of schema.required)
        if (typeof r === "string" && result[r] === undefined)
          out.errors.push({ type: "FieldValueRequired", field: path ? `${path}.${r}` : r });
    return result;
  }
  return value;
}

/**
 * Prunes `obj` in place to its schema (apiVersion, kind and metadata are kept), and returns the validation errors
 * and the paths of the unknown fields that were dropped.
 */
export function pruneAndValidate(obj: Obj, schema: unknown): Result {
  const out: Result = { errors: [], unknown: [] };
  if (!isObj(schema)) return out;
  const properties = isObj(schema.properties) ? schema.properties : {};
  const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true;
  for (const [k, v] of Object.entries(obj)) {
    if (k === "apiVersion" || k === "kind" || k === "metadata") continue;
    const sub = getOwn(properties, k);
    if (isObj(sub)) {
      const r = walk(v, sub, k, out);
      if (r === undefined) delete obj[k];
      else setOwn(obj, k, r);
    } else if (!preserve) {
      out.unknown.push(k);
      delete obj[k];
    }
  }
  if (Array.isArray(schema.required))
    for (const r of schema.required)
      if (typeof r === "string" && r !== "metadata" && obj[r] === undefined)
        out.errors.push({ type: "FieldValueRequired", field: r });
  return out;
}

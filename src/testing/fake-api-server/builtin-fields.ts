/**
 * A built-in kind's object read against its OpenAPI definition, as kube-apiserver's strict decoder reads it into
 * the Go types: fields the type does not have are found (and dropped: a Go struct has nowhere to keep them), and a
 * value of the wrong JSON type is the decoder's `json: cannot unmarshal …` error.
 */
import { isPlainObject } from "./json.js";
import { builtinOpenApi, refOf } from "./openapi/definitions.js";
import type { OpenApiSchema } from "./openapi/definitions.js";

type Obj = Record<string, unknown>;

/** What reading an object found. */
export interface BuiltinDecode {
  /** Paths of unknown fields, in document order (`spec.template.spec.containers[0].imagePolicy`). */
  unknown: string[];
  /** The first type error, as Go's encoding/json words it. */
  typeError?: string;
}

/** The Go type a schema decodes into, as encoding/json names it in errors. */
function goTypeName(schema: OpenApiSchema): string {
  const ref = refOf(schema);
  if (ref) {
    const parts = ref.split(".");
    return `${parts.at(-2)}.${parts.at(-1)}`;
  }
  switch (schema.type) {
    case "string":
      return schema.format === "byte" ? "[]uint8" : "string";
    case "integer":
      return schema.format === "int64" ? "int64" : "int32";
    case "number":
      return "float64";
    case "boolean":
      return "bool";
    case "array":
      return `[]${isPlainObject(schema.items) ? goTypeName(schema.items) : "interface {}"}`;
    case "object":
      return isPlainObject(schema.additionalProperties)
        ? `map[string]${goTypeName(schema.additionalProperties)}`
        : "map[string]interface {}";
    default:
      return "interface {}";
  }
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  return typeof v === "object" ? "object" : typeof v;
}

function resolve(schema: OpenApiSchema): { schema: OpenApiSchema; name?: string } {
  const ref = refOf(schema);
  if (!ref) return { schema };
  return { schema: builtinOpenApi().definitions[ref] ?? {}, name: ref };
}

/** Whether a value of a schema's type can be decoded from this JSON value (null decodes into anything). */
function typeMismatch(schema: OpenApiSchema, v: unknown): string | undefined {
  if (v === null) return undefined;
  const format = schema.format;
  if (format === "int-or-string")
    return typeof v === "string" || typeof v === "number" ? undefined : jsonKind(v);
  if (format === "quantity") return typeof v === "string" || typeof v === "number" ? undefined : jsonKind(v);
  switch (schema.type) {
    case "string":
      return typeof v === "string" ? undefined : jsonKind(v);
    case "integer": {
      if (typeof v !== "number") return jsonKind(v);
      const limit = format === "int64" ? 2 ** 63 : 2 ** 31;
      return Number.isInteger(v) && v >= -limit && v < limit ? undefined : `number ${String(v)}`;
    }
    case "number":
      return typeof v === "number" ? undefined : jsonKind(v);
    case "boolean":
      return typeof v === "boolean" ? undefined : jsonKind(v);
    case "array":
      return Array.isArray(v) ? undefined : jsonKind(v);
    case "object":
      return isPlainObject(v) ? undefined : jsonKind(v);
    default:
      return undefined;
  }
}

/**
 * Reads `obj` as the definition `definition` (its root), dropping unknown fields in place. `kind` names the root
 * struct in type errors.
 */
export function readBuiltin(obj: Obj, definition: string): BuiltinDecode {
  const out: BuiltinDecode = { unknown: [] };
  const root = builtinOpenApi().definitions[definition];
  if (!root) return out;
  const rootStruct = definition.slice(definition.lastIndexOf(".") + 1);

  // `struct` is the Go struct holding the field; `goPath` the field path without indices, as Go's errors print it.
  const walk = (
    value: unknown,
    schema: OpenApiSchema,
    path: string,
    goPath: string,
    struct: string,
  ): unknown => {
    const { schema: s, name } = resolve(schema);
    const mismatch = typeMismatch(s, value);
    if (mismatch !== undefined) {
      out.typeError ??= `json: cannot unmarshal ${mismatch} into Go struct field ${struct}.${goPath} of type ${goTypeName(schema)}`;
      return value;
    }
    if (Array.isArray(value)) {
      const items = isPlainObject(s.items) ? s.items : undefined;
      return items ? value.map((v, i) => walk(v, items, `${path}[${i}]`, goPath, struct)) : value;
    }
    if (!isPlainObject(value)) return value;
    const properties = isPlainObject(s.properties) ? s.properties : undefined;
    const additional = isPlainObject(s.additionalProperties) ? s.additionalProperties : undefined;
    // An object without declared fields (RawExtension, FieldsV1, free-form JSON) keeps whatever it holds.
    if ((!properties && !additional) || s["x-kubernetes-preserve-unknown-fields"] === true) return value;
    const holder = name ? name.slice(name.lastIndexOf(".") + 1) : struct;
    for (const [k, v] of Object.entries(value)) {
      const childPath = path ? `${path}.${k}` : k;
      // Go names a map value's errors after the map field, without the key.
      const isMap = additional !== undefined && properties === undefined;
      const childGo = isMap ? goPath : goPath ? `${goPath}.${k}` : k;
      const sub = properties?.[k] ?? additional;
      if (isPlainObject(sub)) value[k] = walk(v, sub, childPath, childGo, isMap ? struct : holder);
      else {
        out.unknown.push(childPath);
        delete value[k];
      }
    }
    return value;
  };
  walk(obj, root, "", "", rootStruct);
  return out;
}

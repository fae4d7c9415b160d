/**
 * Schemas from OpenAPI definitions, as kube-openapi's `schemaconv.ToSchemaFromOpenAPI` builds them for the API
 * server's field manager: `type: object` is a struct (declared `properties`) or map (`additionalProperties`),
 * `x-kubernetes-map-type: atomic` makes it atomic; arrays are atomic unless `x-kubernetes-list-type` is `set`
 * or `map` (with `x-kubernetes-list-map-keys`) or, for built-in types, `x-kubernetes-patch-strategy: merge` says
 * so (with `x-kubernetes-patch-merge-key`); strings with a format other than `byte`, Quantity and IntOrString are
 * untyped scalars; a schema without a type accepts anything; `x-kubernetes-preserve-unknown-fields` lets any key
 * through (merged granularly). The zero object of a kind is derived from the same definitions: fields with a
 * `default: {}` on a `$ref` are Go non-pointer structs, which a new object always holds, and `required` fields
 * (no `omitempty`) render as null or their scalar default.
 */
import { COMMON_TYPES, UNTYPED_ATOMIC, UNTYPED_DEDUCED } from "./schema.js";
import type { Atom, ElementRelationship, ListType, MapType, Schema, StructField, TypeRef } from "./schema.js";
import { copyValue, isMap } from "./value.js";
import type { Value, ValueMap } from "./value.js";

/** The parts of an OpenAPI (v2 or v3) schema object the conversion reads. */
export interface OpenApiSchema {
  type?: string | string[];
  format?: string;
  $ref?: string;
  allOf?: OpenApiSchema[];
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema | OpenApiSchema[];
  required?: string[];
  default?: unknown;
  nullable?: boolean;
  "x-kubernetes-list-type"?: string;
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-map-type"?: string;
  "x-kubernetes-patch-strategy"?: string;
  "x-kubernetes-patch-merge-key"?: string;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
  "x-kubernetes-group-version-kind"?: { group: string; version: string; kind: string }[];
  [other: string]: unknown;
}

export const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
export const RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";
const INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
const TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
const MICRO_TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";

/** The definition name a `$ref` points at (`#/components/schemas/X`, `#/definitions/X` or `X`). */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}

/** The `$ref` of a schema, also when wrapped in a one-element `allOf` (OpenAPI v3 with a description or default). */
export function refOf(s: OpenApiSchema): string | undefined {
  if (s.$ref) return refName(s.$ref);
  if (s.allOf?.length === 1 && s.allOf[0]!.$ref) return refName(s.allOf[0]!.$ref);
  return undefined;
}

function firstType(s: OpenApiSchema): string {
  return Array.isArray(s.type) ? (s.type[0] ?? "") : (s.type ?? "");
}

/** Problems a definition has for the conversion (unknown list or map types, arrays without items). */
export class SchemaConversionError extends Error {}

class Converter {
  readonly errors: string[] = [];
  constructor(
    private preserveUnknownFields: boolean,
    private readonly name: string,
  ) {}

  private child(name: string): Converter {
    const c = new Converter(this.preserveUnknownFields, name);
    return c;
  }

  private report(message: string): void {
    this.errors.push(`${this.name}: ${message}`);
  }

  visit(s: OpenApiSchema): Atom {
    if (s["x-kubernetes-preserve-unknown-fields"] === true) this.preserveUnknownFields = true;
    return this.parse(s);
  }

  private parse(s: OpenApiSchema): Atom {
    if (s["x-kubernetes-int-or-string"] === true) return { scalar: "untyped" };
    const type = firstType(s);
    switch (type) {
      case "":
        return { scalar: "untyped", list: this.parseList(s), map: this.parseObject(s) };
      case "object":
        return { map: this.parseObject(s) };
      case "array":
        return { list: this.parseList(s) };
      case "integer":
      case "number":
        return { scalar: "numeric" };
      case "boolean":
        return { scalar: "boolean" };
      case "string":
        return { scalar: !s.format || s.format === "byte" ? "string" : "untyped" };
      default:
        this.report(`unrecognized type: '${type}'`);
        return { scalar: "untyped" };
    }
  }

  ref(s: OpenApiSchema): TypeRef {
    const named = refOf(s);
    if (named !== undefined) {
      const rel = this.mapRelationship(s);
      return rel ? { named, elementRelationship: rel } : { named };
    }
    const inner = this.child(`inlined in ${this.name}`);
    const inlined = inner.visit(s);
    this.errors.push(...inner.errors);
    return { inlined };
  }

  private mapRelationship(s: OpenApiSchema): ElementRelationship | undefined {
    const v = s["x-kubernetes-map-type"];
    if (v === undefined) return undefined;
    if (v === "atomic") return "atomic";
    if (v === "granular") return "separable";
    this.report(`unknown map type ${String(v)}`);
    return undefined;
  }

  private parseObject(s: OpenApiSchema): MapType {
    const fields: Record<string, StructField> = {};
    const props = s.properties ?? {};
    for (const [name, member] of Object.entries(props)) {
      const def = member.default;
      fields[name] = { type: this.ref(member), ...(def !== undefined ? { default: def as Value } : {}) };
    }
    let elementType: TypeRef | undefined;
    const ap = s.additionalProperties;
    if (ap === undefined) {
      if (this.preserveUnknownFields || Object.keys(props).length === 0)
        elementType = { named: UNTYPED_DEDUCED };
    } else if (typeof ap === "object") elementType = this.ref(ap);
    else if (ap === true) elementType = { named: UNTYPED_DEDUCED };
    const rel = this.mapRelationship(s);
    return {
      ...(Object.keys(props).length > 0 ? { fields } : {}),
      ...(elementType ? { elementType } : {}),
      ...(rel ? { elementRelationship: rel } : {}),
    };
  }

  private parseList(s: OpenApiSchema): ListType {
    const { relationship, keys } = this.listRelationship(s);
    let elementType: TypeRef;
    if (s.items !== undefined) {
      const items = Array.isArray(s.items) ? s.items : [s.items];
      if (items.length !== 1) {
        this.report("structural schema arrays must have exactly one member subtype");
        elementType = { named: UNTYPED_DEDUCED };
      } else elementType = this.ref(items[0]!);
    } else {
      if (firstType(s) !== "") this.report("`items` must be specified on arrays");
      elementType = { named: UNTYPED_ATOMIC };
    }
    return { elementType, elementRelationship: relationship, ...(keys ? { keys } : {}) };
  }

  private listRelationship(s: OpenApiSchema): { relationship: ElementRelationship; keys?: string[] } {
    const listType = s["x-kubernetes-list-type"];
    if (listType !== undefined) {
      if (listType === "atomic") return { relationship: "atomic" };
      if (listType === "set") return { relationship: "associative" };
      if (listType === "map") {
        const keys = s["x-kubernetes-list-map-keys"];
        if (!Array.isArray(keys)) {
          this.report("missing map keys");
          return { relationship: "associative" };
        }
        return { relationship: "associative", keys: keys.filter((k) => typeof k === "string") };
      }
      this.report(`unknown list type ${String(listType)}`);
      return { relationship: "atomic" };
    }
    const strategy = s["x-kubernetes-patch-strategy"];
    if (strategy !== undefined) {
      if (strategy === "merge" || strategy === "merge,retainKeys") {
        const key = s["x-kubernetes-patch-merge-key"];
        if (key === undefined) return { relationship: "associative" };
        if (typeof key !== "string") {
          this.report(`uninterpreted merge key: ${String(key)}`);
          return { relationship: "associative" };
        }
        return { relationship: "associative", keys: [key] };
      }
      if (strategy === "retainKeys") return { relationship: "atomic" };
      this.report(`unknown patch strategy ${String(strategy)}`);
      return { relationship: "atomic" };
    }
    return { relationship: "atomic" };
  }
}

/**
 * The schema of a set of OpenAPI definitions (by definition name). `preserveUnknownFields` lets every object
 * keep unknown fields (a CRD's `spec.preserveUnknownFields`).
 *
 * @throws {SchemaConversionError} for definitions the real server would refuse to convert.
 */
export function schemaFromOpenApi(
  definitions: Readonly<Record<string, OpenApiSchema>>,
  preserveUnknownFields = false,
): Schema {
  const types = new Map<string, Atom>(COMMON_TYPES);
  const errors: string[] = [];
  for (const [name, spec] of Object.entries(definitions)) {
    if (spec.$ref) continue;
    let atom: Atom;
    if (name === QUANTITY) atom = { scalar: "untyped" };
    else if (name === RAW_EXTENSION) atom = COMMON_TYPES.get(UNTYPED_ATOMIC)!;
    else {
      const c = new Converter(preserveUnknownFields, name);
      atom = c.visit(spec);
      errors.push(...c.errors);
    }
    if (atom.scalar || atom.list || atom.map) types.set(name, atom);
  }
  if (errors.length > 0) throw new SchemaConversionError(errors.join("\n"));
  return { types };
}

/** A Go zero value of a named type that marshals itself, or undefined for a plain struct. */
function specialZero(name: string): Value | undefined {
  if (name === TIME || name === MICRO_TIME) return null;
  if (name === QUANTITY) return "0";
  if (name === INT_OR_STRING) return 0;
  if (name === RAW_EXTENSION) return null;
  return undefined;
}

/**
 * The object a new, empty value of a definition renders as in Go: non-pointer struct fields (a `$ref` with
 * `default: {}`) hold their own zero value, fields without `omitempty` (`required`) are null or their scalar
 * default; everything else is left out.
 */
export function zeroOfDefinition(
  definitions: Readonly<Record<string, OpenApiSchema>>,
  name: string,
  depth = 0,
): Value {
  const special = specialZero(name);
  if (special !== undefined) return special;
  const def = definitions[name];
  if (!def || depth > 32) return {};
  const out: ValueMap = {};
  const required = new Set(def.required ?? []);
  for (const [field, prop] of Object.entries(def.properties ?? {})) {
    const ref = refOf(prop);
    if (ref !== undefined && isMap(prop.default) && Object.keys(prop.default).length === 0) {
      out[field] = zeroOfDefinition(definitions, ref, depth + 1);
    } else if (required.has(field)) {
      const scalar = ref === undefined && !["array", "object"].includes(firstType(prop));
      out[field] = scalar && prop.default !== undefined ? copyValue(prop.default as Value) : null;
    }
  }
  return out;
}

/** The definition names that declare a group-version-kind, by `group/version/Kind` (`version/Kind` for core). */
export function kindsOfDefinitions(
  definitions: Readonly<Record<string, OpenApiSchema>>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, spec] of Object.entries(definitions)) {
    for (const gvk of spec["x-kubernetes-group-version-kind"] ?? []) {
      out.set(`${gvk.group ? `${gvk.group}/` : ""}${gvk.version}/${gvk.kind}`, name);
    }
  }
  return out;
}

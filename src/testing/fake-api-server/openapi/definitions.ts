/**
 * The OpenAPI definitions the in-memory server serves and validates against: kube-apiserver 1.28.7's own for the
 * built-in kinds (builtin-openapi.ts, parsed on first use), and for every CRD version the definitions the real
 * server builds from its schema (`com.example.v1.Widget` and its list).
 */
import { isPlainObject } from "../json.js";
import type { ResourceType } from "../resource-types.js";
import { BUILTIN_OPENAPI_JSON } from "./builtin-openapi.js";

/** An OpenAPI v3 schema object (as JSON). */
export type OpenApiSchema = Record<string, unknown>;

interface BuiltinOpenApi {
  definitions: Record<string, OpenApiSchema>;
  /** Group version document key (`api/v1`, `apis/apps/v1`) → the definitions it holds. */
  documents: Record<string, string[]>;
}

let builtin: BuiltinOpenApi | undefined;
let byGvk: Map<string, string> | undefined;

export function builtinOpenApi(): BuiltinOpenApi {
  return (builtin ??= JSON.parse(BUILTIN_OPENAPI_JSON) as BuiltinOpenApi);
}

const gvkKey = (group: string, version: string, kind: string) => `${group}/${version}/${kind}`;

/** The definition of a built-in kind (`apps`, `v1`, `Deployment` → io.k8s.api.apps.v1.Deployment's name). */
export function builtinDefinitionName(group: string, version: string, kind: string): string | undefined {
  if (!byGvk) {
    byGvk = new Map();
    for (const [name, schema] of Object.entries(builtinOpenApi().definitions)) {
      const gvks = schema["x-kubernetes-group-version-kind"];
      // Shared meta kinds (DeleteOptions, WatchEvent…) name every group: only a kind's own definition counts.
      if (!Array.isArray(gvks) || gvks.length !== 1) continue;
      const g = gvks[0] as { group: string; version: string; kind: string };
      byGvk.set(gvkKey(g.group, g.version, g.kind), name);
    }
  }
  return byGvk.get(gvkKey(group, version, kind));
}

/** `$ref` of a schema (directly, or the one-element `allOf` kube-openapi writes for documented references). */
export function refOf(schema: OpenApiSchema): string | undefined {
  const direct = schema.$ref;
  if (typeof direct === "string") return direct.slice(direct.lastIndexOf("/") + 1);
  const all = schema.allOf;
  if (Array.isArray(all) && all.length === 1 && isPlainObject(all[0]) && typeof all[0].$ref === "string")
    return all[0].$ref.slice(all[0].$ref.lastIndexOf("/") + 1);
  return undefined;
}

/** The meta definitions every CRD's document holds. */
const CRD_META_DEFINITIONS = [
  "DeleteOptions",
  "FieldsV1",
  "ListMeta",
  "ManagedFieldsEntry",
  "ObjectMeta",
  "OwnerReference",
  "Patch",
  "Preconditions",
  "Status",
  "StatusCause",
  "StatusDetails",
  "Time",
].map((n) => `io.k8s.apimachinery.pkg.apis.meta.v1.${n}`);

const API_VERSION_DESCRIPTION =
  "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
const KIND_DESCRIPTION =
  "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
const META_REF = (name: string) => ({
  allOf: [{ $ref: `#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.${name}` }],
});

/** `example.com` → `com.example`, as the real server names a CRD's definitions. */
export function crdDefinitionPrefix(group: string, version: string): string {
  return `${group.split(".").reverse().join(".")}.${version}`;
}

function sortedProperties(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(properties)
      .sort()
      .map((k) => [k, properties[k]]),
  );
}

/** The definitions of a CRD version's document: the object, its list, and the meta definitions they use. */
export function crdDefinitions(type: ResourceType, version: string): Record<string, OpenApiSchema> {
  const schema = type.crd?.schemas[version];
  const base = isPlainObject(schema) ? structuredClone(schema) : { type: "object" };
  const prefix = crdDefinitionPrefix(type.group, version);
  const properties = isPlainObject(base.properties) ? base.properties : {};
  const object: OpenApiSchema = {
    ...base,
    type: "object",
    properties: sortedProperties({
      ...properties,
      apiVersion: { description: API_VERSION_DESCRIPTION, type: "string" },
      kind: { description: KIND_DESCRIPTION, type: "string" },
      metadata: {
        description:
          "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
        ...META_REF("ObjectMeta"),
      },
    }),
    "x-kubernetes-group-version-kind": [{ group: type.group, kind: type.kind, version }],
  };
  const list: OpenApiSchema = {
    description: `${type.listKind} is a list of ${type.kind}`,
    type: "object",
    required: ["items"],
    properties: {
      apiVersion: { description: API_VERSION_DESCRIPTION, type: "string" },
      items: {
        description: `List of ${type.resource}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
        type: "array",
        items: { $ref: `#/components/schemas/${prefix}.${type.kind}` },
      },
      kind: { description: KIND_DESCRIPTION, type: "string" },
      metadata: {
        description:
          "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        ...META_REF("ListMeta"),
      },
    },
    "x-kubernetes-group-version-kind": [{ group: type.group, kind: type.listKind, version }],
  };
  const out: Record<string, OpenApiSchema> = {
    [`${prefix}.${type.kind}`]: object,
    [`${prefix}.${type.listKind}`]: list,
  };
  const { definitions } = builtinOpenApi();
  for (const name of CRD_META_DEFINITIONS) out[name] = definitions[name]!;
  return out;
}

/**
 * The object schema of a custom resource, built from its CustomResourceDefinition (apiextensions.k8s.io/v1) as the
 * API server builds it for server-side apply: the version's structural `openAPIV3Schema`, with `apiVersion`,
 * `kind` and `metadata` (ObjectMeta) added at the root and in every `x-kubernetes-embedded-resource`; its
 * `x-kubernetes-list-type`, `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`,
 * `x-kubernetes-preserve-unknown-fields` and `x-kubernetes-int-or-string` decide the merge. A version without a
 * schema merges every map granularly and everything else atomically.
 */
import { KubewireError } from "../../errors.js";
import { builtinDefinitions } from "./builtin-schemas.js";
import type { ObjectSchema } from "./object-schema.js";
import { kindsOfDefinitions, refOf, schemaFromOpenApi, SchemaConversionError } from "./openapi-schema.js";
import type { OpenApiSchema } from "./openapi-schema.js";
import { fieldPath } from "./path-element.js";
import { DEDUCED_SCHEMA, UNTYPED_DEDUCED } from "./schema.js";
import { isMap } from "./value.js";

const OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

/** A CRD the engine cannot build a schema from. */
export class CrdSchemaError extends KubewireError {
  constructor(message: string) {
    super("KUBEWIRE_CRD_SCHEMA", message);
    this.name = "CrdSchemaError";
  }
}

/** ObjectMeta and the definitions it reaches. */
function metaDefinitions(): Record<string, OpenApiSchema> {
  const all = builtinDefinitions();
  const out: Record<string, OpenApiSchema> = {};
  const queue = [OBJECT_META];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (out[name] || !all[name]) continue;
    out[name] = all[name];
    JSON.stringify(all[name], (k, v: unknown) => {
      if (k === "$ref" && typeof v === "string") queue.push(v);
      return v;
    });
  }
  return out;
}

const TYPE_META = { apiVersion: { type: "string" }, kind: { type: "string" } } as const;

function withEmbedded(s: OpenApiSchema): OpenApiSchema {
  const out: OpenApiSchema = { ...s };
  if (s.properties)
    out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, withEmbedded(v)]));
  if (s.items && !Array.isArray(s.items)) out.items = withEmbedded(s.items);
  if (isMap(s.additionalProperties)) out.additionalProperties = withEmbedded(s.additionalProperties);
  if (s["x-kubernetes-embedded-resource"] === true) {
    out.properties = { ...out.properties, ...TYPE_META, metadata: { $ref: OBJECT_META } };
  }
  return out;
}

function rootName(group: string, version: string, kind: string): string {
  return `${group.split(".").reverse().join(".")}.${version}.${kind}`;
}

/**
 * The schema of the custom resources a CRD serves in `version`.
 *
 * @throws {CrdSchemaError} when the CRD does not serve that version or its schema is not convertible.
 */
export function crdObjectSchema(crd: object, version: string): ObjectSchema {
  const spec = isMap((crd as { spec?: unknown }).spec)
    ? (crd as { spec: Record<string, unknown> }).spec
    : undefined;
  const group = typeof spec?.group === "string" ? spec.group : "";
  const names = isMap(spec?.names) ? (spec.names as Record<string, unknown>) : {};
  const kind = typeof names.kind === "string" ? names.kind : "";
  const versions = Array.isArray(spec?.versions) ? (spec.versions as unknown[]) : [];
  const v = versions.find((x) => isMap(x) && x.name === version) as Record<string, unknown> | undefined;
  if (!spec || !group || !kind || !v)
    throw new CrdSchemaError(`the CRD does not serve ${group}/${version} ${kind}`);
  const apiVersion = `${group}/${version}`;
  const subresources = isMap(v.subresources) ? v.subresources : {};
  const resetFields = isMap(subresources.status)
    ? { resetFields: { "": [fieldPath("status")], status: [fieldPath("spec")] } }
    : {};
  const schemaDoc = isMap(v.schema) ? (v.schema.openAPIV3Schema as OpenApiSchema | undefined) : undefined;
  if (!isMap(schemaDoc))
    return {
      schema: DEDUCED_SCHEMA,
      typeRef: { named: UNTYPED_DEDUCED },
      apiVersion,
      kind,
      zero: {},
      ...resetFields,
    };
  const root = withEmbedded(schemaDoc);
  root.properties = { ...root.properties, metadata: { $ref: OBJECT_META }, ...TYPE_META };
  if (!root.type) root.type = "object";
  const name = rootName(group, version, kind);
  const definitions = { ...metaDefinitions(), [name]: root };
  if (refOf(root) !== undefined) throw new CrdSchemaError("the root of a CRD schema cannot be a $ref");
  let schema;
  try {
    schema = schemaFromOpenApi(definitions, spec.preserveUnknownFields === true);
  } catch (e) {
    if (e instanceof SchemaConversionError) throw new CrdSchemaError(e.message);
    throw e;
  }
  return { schema, typeRef: { named: name }, apiVersion, kind, zero: {}, ...resetFields };
}

/**
 * The object schema of a kind from OpenAPI definitions as a server serves them (`/openapi/v3/apis/GROUP/VERSION`
 * components), e.g. a custom resource's: the definition tagged with the kind's `x-kubernetes-group-version-kind`.
 * ObjectMeta and its types are taken from the built-in definitions when the document lacks them. Without
 * `zero`, a create starts from the empty object, as for custom resources.
 *
 * @throws {CrdSchemaError} when no definition declares that kind or the definitions are not convertible.
 */
export function openApiObjectSchema(
  definitions: Readonly<Record<string, OpenApiSchema>>,
  apiVersion: string,
  kind: string,
  options: { zero?: ObjectSchema["zero"]; resetFields?: ObjectSchema["resetFields"] } = {},
): ObjectSchema {
  const name = kindsOfDefinitions(definitions).get(`${apiVersion}/${kind}`);
  if (!name) throw new CrdSchemaError(`no definition declares ${apiVersion} ${kind}`);
  let schema;
  try {
    schema = schemaFromOpenApi({ ...metaDefinitions(), ...definitions });
  } catch (e) {
    if (e instanceof SchemaConversionError) throw new CrdSchemaError(e.message);
    throw e;
  }
  return {
    schema,
    typeRef: { named: name },
    apiVersion,
    kind,
    zero: options.zero ?? {},
    ...(options.resetFields ? { resetFields: options.resetFields } : {}),
  };
}

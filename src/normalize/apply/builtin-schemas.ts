/**
 * The object schemas of kube-apiserver 1.28.7's built-in kinds, built on first use from the bundled definitions
 * (builtin-definitions.ts, generated from the real server's OpenAPI v3 documents), and the ObjectMeta definitions
 * custom resources share.
 *
 * Reset fields follow the registry strategies: a kind with a status subresource resets `status` on main-resource
 * writes and `spec` on status writes; apps/v1 workloads also reset `metadata.labels` on status writes, Pods
 * `metadata.deletionTimestamp` and `metadata.ownerReferences`.
 */
import { BUILTIN_DEFINITIONS_JSON, BUILTIN_KINDS } from "./builtin-definitions.js";
import type { ObjectSchema } from "./object-schema.js";
import { schemaFromOpenApi, zeroOfDefinition } from "./openapi-schema.js";
import type { OpenApiSchema } from "./openapi-schema.js";
import { fieldPath } from "./path-element.js";
import type { Path } from "./path-element.js";
import type { Schema } from "./schema.js";
import type { ValueMap } from "./value.js";

let definitions: Record<string, OpenApiSchema> | undefined;
let schema: Schema | undefined;
const cache = new Map<string, ObjectSchema | null>();

/** The bundled OpenAPI definitions (parsed once). */
export function builtinDefinitions(): Readonly<Record<string, OpenApiSchema>> {
  return (definitions ??= JSON.parse(BUILTIN_DEFINITIONS_JSON) as Record<string, OpenApiSchema>);
}

function builtinSchema(): Schema {
  return (schema ??= schemaFromOpenApi(builtinDefinitions()));
}

function statusResetFields(group: string, kind: string): Path[] {
  const out = [fieldPath("spec")];
  if (group === "apps") out.push(fieldPath("metadata", "labels"));
  if (group === "" && kind === "Pod")
    out.push(fieldPath("metadata", "deletionTimestamp"), fieldPath("metadata", "ownerReferences"));
  return out;
}

/**
 * The schema of a built-in kind in a served version (`apps/v1`, `Deployment`), or undefined for a kind the
 * real server does not serve in that version.
 */
export function builtinObjectSchema(apiVersion: string, kind: string): ObjectSchema | undefined {
  const key = `${apiVersion}/${kind}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
  const entry = BUILTIN_KINDS.find((k) => k.group === group && k.version === version && k.kind === kind);
  let out: ObjectSchema | null = null;
  if (entry) {
    out = {
      schema: builtinSchema(),
      typeRef: { named: entry.definition },
      apiVersion,
      kind,
      zero: zeroOfDefinition(builtinDefinitions(), entry.definition) as ValueMap,
      ...(entry.status
        ? { resetFields: { "": [fieldPath("status")], status: statusResetFields(group!, kind) } }
        : {}),
    };
  }
  cache.set(key, out);
  return out ?? undefined;
}

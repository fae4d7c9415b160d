/**
 * Field ownership (`metadata.managedFields`) on every write, by the server-side apply engine
 * (src/normalize/apply, docs/server-side-apply.md): the kind's schema decides how lists and maps are owned. A kind
 * the engine has no schema for (a CRD whose schema it cannot read) keeps the simpler tracker.
 */
import {
  builtinObjectSchema,
  crdObjectSchema,
  keepManagedFieldsTimestamps,
  openApiObjectSchema,
  trackUpdate,
  zeroOfDefinition,
} from "../../../normalize/apply/index.js";
import type { ObjectSchema, OpenApiSchema } from "../../../normalize/apply/index.js";
import { builtinDefinitionName, builtinOpenApi } from "../openapi/definitions.js";
import { updateManagedFields } from "../managed-fields.js";
import { apiVersionOf, typeKey } from "../resource-types.js";
import type { ResourceType } from "../resource-types.js";
import { objectKey } from "../store.js";
import type { Obj } from "../store.js";
import { fieldManagerOf, fieldSetContext, formatTime, metaOf } from "./context.js";
import type { RegistryContext, UpdateOptions } from "./context.js";

const builtinSchemas = new Map<string, ObjectSchema | undefined>();

/**
 * A built-in kind's apply schema: the engine's own for the kinds it carries, else one made from the server's full
 * OpenAPI definitions (the create-only kinds: access reviews, TokenRequest…), with Go's zero object.
 */
export function builtinSchemaOf(group: string, version: string, kind: string): ObjectSchema | undefined {
  const apiVersion = apiVersionOf(group, version);
  const key = `${apiVersion}/${kind}`;
  if (builtinSchemas.has(key)) return builtinSchemas.get(key);
  let schema = builtinObjectSchema(apiVersion, kind);
  const definition = schema ? undefined : builtinDefinitionName(group, version, kind);
  if (definition) {
    const definitions = builtinOpenApi().definitions as Record<string, OpenApiSchema>;
    try {
      const zero = zeroOfDefinition(definitions, definition);
      schema = openApiObjectSchema(definitions, apiVersion, kind, {
        ...(zero && typeof zero === "object" && !Array.isArray(zero) ? { zero } : {}),
      });
    } catch {
      schema = undefined;
    }
  }
  builtinSchemas.set(key, schema);
  return schema;
}

/** The apply schema of a kind in a version: the built-in's, or its CRD's. */
export function objectSchemaOf(
  ctx: RegistryContext,
  type: ResourceType,
  version: string,
): ObjectSchema | undefined {
  if (!type.crd) return builtinSchemaOf(type.group, version, type.kind);
  const crdType = ctx.registry.get("apiextensions.k8s.io", "customresourcedefinitions");
  const crd = crdType && ctx.store.get(typeKey(crdType), objectKey(undefined, type.crd.name));
  if (!crd) return undefined;
  try {
    return crdObjectSchema(crd.object, version);
  } catch {
    return undefined;
  }
}

/**
 * Sets the managedFields a create (`before` undefined) or an update stores on `after`, which carries the
 * managedFields the request sent (they replace the stored ones, as on the real server). Returns the object to store,
 * and whether its managedFields are exact (their timestamps kept on a no-op, so the whole object tells a no-op).
 */
export function trackWrite(
  ctx: RegistryContext,
  type: ResourceType,
  version: string,
  before: Obj | undefined,
  after: Obj,
  options: UpdateOptions,
): { object: Obj; exact: boolean } {
  const schema = objectSchemaOf(ctx, type, version);
  const manager = fieldManagerOf(options);
  if (!schema) {
    metaOf(after).managedFields = updateManagedFields(
      before,
      after,
      manager,
      apiVersionOf(type.group, version),
      formatTime(ctx.now()),
      fieldSetContext(type),
      options.subresource,
    );
    return { object: after, exact: false };
  }
  const { object } = trackUpdate({
    ...(before ? { before } : {}),
    after,
    manager,
    schema,
    now: ctx.now(),
    ...(options.subresource ? { subresource: options.subresource } : {}),
  });
  return { object: before ? keepManagedFieldsTimestamps(before, object) : object, exact: true };
}

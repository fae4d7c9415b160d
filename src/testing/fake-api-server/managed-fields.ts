/**
 * `metadata.managedFields` for the in-memory server's non-apply writes, computed by the server-side apply engine
 * (src/normalize/apply) as kube-apiserver computes them for operation Update: built-in kinds with the real
 * server's schemas (list and map types, Go zero values of a new object), custom resources with the deduced schema
 * (maps granular, lists atomic) until the server passes their CRD's schema.
 */
import type { PatchMeta } from "../../normalize/patch.js";
import { builtinObjectSchema, fieldManagerFromUserAgent, trackUpdate } from "../../normalize/apply/index.js";
import type { ManagedFieldsEntry, ObjectSchema } from "../../normalize/apply/index.js";
import { DEDUCED_SCHEMA, UNTYPED_DEDUCED } from "../../normalize/apply/schema.js";

type Obj = Record<string, unknown>;

export interface FieldSetContext {
  /** Custom resources: merged with the deduced schema. */
  custom: boolean;
  /** Patch metadata for list fields, by path of field names (the engine reads the schema instead). */
  listMeta: (path: readonly string[]) => PatchMeta;
}

export type { ManagedFieldsEntry };

function schemaFor(after: Obj, apiVersion: string, ctx: FieldSetContext): ObjectSchema {
  const kind = typeof after.kind === "string" ? after.kind : "";
  const builtin = ctx.custom ? undefined : builtinObjectSchema(apiVersion, kind);
  return (
    builtin ?? { schema: DEDUCED_SCHEMA, typeRef: { named: UNTYPED_DEDUCED }, apiVersion, kind, zero: {} }
  );
}

/**
 * The managedFields of `after`, written by `manager` over `before` (undefined on create) at `time` (RFC 3339):
 * the manager gains the fields that changed, the other managers lose them, and everyone loses fields that no
 * longer exist.
 */
export function updateManagedFields(
  before: Obj | undefined,
  after: Obj,
  manager: string,
  apiVersion: string,
  time: string,
  ctx: FieldSetContext,
  subresource?: string,
): ManagedFieldsEntry[] | undefined {
  return trackUpdate({
    ...(before ? { before } : {}),
    after: { apiVersion, ...after },
    manager,
    schema: schemaFor(after, apiVersion, ctx),
    now: new Date(time),
    ...(subresource ? { subresource } : {}),
  }).managedFields;
}

/** The field manager kube-apiserver names after a User-Agent: the part before the first `/`, printable, ≤128. */
export function managerFromUserAgent(userAgent: string | undefined): string {
  return fieldManagerFromUserAgent(userAgent);
}

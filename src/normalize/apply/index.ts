/**
 * Server-side apply as pure functions: the merge, the field ownership (`managedFields`) and the errors of
 * kube-apiserver 1.28, following structured-merge-diff (see docs/server-side-apply.md).
 */
export { applyObject, keepManagedFieldsTimestamps, trackUpdate } from "./apply-object.js";
export type { ApplyConflict, ApplyRequest, ApplyResult, ApplyTarget, UpdateRequest } from "./apply-object.js";
export {
  ApplyError,
  conflictMessage,
  conflictStatus,
  fieldManagerFromUserAgent,
  patchOptionsStatus,
} from "./apply-status.js";
export type { PatchOptions, Status, StatusCause } from "./apply-status.js";
export { builtinApplyKinds, builtinObjectSchema } from "./builtin-schemas.js";
export { crdObjectSchema, CrdSchemaError, openApiObjectSchema } from "./crd-schema.js";
export { LAST_APPLIED_ANNOTATION } from "./last-applied.js";
export { FieldSet } from "./field-set.js";
export { decodeFieldsV1, encodeFieldsV1, FieldsV1Error } from "./fields-v1.js";
export type { FieldsV1 } from "./fields-v1.js";
export { ManagedFieldsError, sortManagedFields } from "./managed-fields.js";
export type { ManagedFieldsEntry } from "./managed-fields.js";
export type { ObjectSchema } from "./object-schema.js";
export { schemaFromOpenApi, SchemaConversionError, zeroOfDefinition } from "./openapi-schema.js";
export type { OpenApiSchema } from "./openapi-schema.js";
export { pathToString } from "./path-element.js";
export type { Path, PathElement } from "./path-element.js";
export type { Schema, TypeRef } from "./schema.js";

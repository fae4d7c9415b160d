/**
 * Server-side apply as pure functions: the merge, the field ownership (`managedFields`) and the errors of
 * kube-apiserver 1.28, following structured-merge-diff (see docs/server-side-apply.md).
 */
export { applyObject, keepManagedFieldsTimestamps, trackUpdate } from "./apply-object.js";
export type { ApplyRequest, ApplyResult } from "./apply-object.js";
export {
  ApplyError,
  conflictMessage,
  fieldManagerFromUserAgent,
  patchOptionsStatus,
} from "./apply-status.js";
export type { Status } from "./apply-status.js";
export { builtinObjectSchema } from "./builtin-schemas.js";
export { crdObjectSchema, openApiObjectSchema } from "./crd-schema.js";
export { LAST_APPLIED_ANNOTATION } from "./last-applied.js";
export { FieldSet } from "./field-set.js";
export { decodeFieldsV1, encodeFieldsV1 } from "./fields-v1.js";
export type { ManagedFieldsEntry } from "./managed-fields.js";
export type { ObjectSchema } from "./object-schema.js";
export { zeroOfDefinition } from "./openapi-schema.js";
export type { OpenApiSchema } from "./openapi-schema.js";
export type { PathElement } from "./path-element.js";

export { isList, itemKindOf, normalizeList } from "./list.js";
export type { ItemType } from "./list.js";
export { omitManagedFields, toKubectlList, toKubectlObject } from "./kubectl-list.js";
export type { KubectlViewOptions } from "./kubectl-list.js";
export { parseJsonLossless } from "./lossless-json.js";
export { jsonTextNestsDeeperThan, MAX_JSON_DEPTH, valueNestsDeeperThan } from "./json-depth.js";
export { applyMergePatch, createMergePatch } from "./merge-patch.js";
export { describeType, NormalizeError } from "./normalize-error.js";
export { FIELD_CHANGE_OPS, objectChanges } from "./object-changes.js";
export type { FieldChange, FieldChangeOp, FieldPath, ObjectChangesOptions } from "./object-changes.js";
export {
  decodeBase64,
  encodeBase64,
  normalizeSecret,
  secretDataBytes,
  secretDataStrings,
} from "./secret-data.js";
export type { SecretLike } from "./secret-data.js";
export { semanticEqual } from "./semantic-equal.js";
export type { SemanticEqualOptions } from "./semantic-equal.js";
export type { KubeObject, ListMeta, NormalizedList, RawList, TypeMeta } from "./types.js";
export { scrubVolatile, VOLATILE_TIME_FIELDS } from "./scrub-volatile.js";
export {
  applyJsonMergePatch,
  applyJsonPatch,
  applyStrategicMergePatch,
  builtinPatchMeta,
  PatchError,
} from "./patch.js";
export type { PatchMeta } from "./patch.js";
export { describeJsonError } from "./json-error.js";

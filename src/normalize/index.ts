export { isList, itemKindOf, normalizeList } from "./list.js";
export type { ItemType } from "./list.js";
export { omitManagedFields, toKubectlList, toKubectlObject } from "./kubectl-list.js";
export type { KubectlViewOptions } from "./kubectl-list.js";
export { parseJsonLossless } from "./lossless-json.js";
export { describeType, NormalizeError } from "./normalize-error.js";
export type { KubeObject, ListMeta, NormalizedList, RawList, TypeMeta } from "./types.js";
export { scrubVolatile, VOLATILE_TIME_FIELDS } from "./scrub-volatile.js";

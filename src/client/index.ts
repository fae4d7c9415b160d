export { createClient, errorFromResponse, KubeClient, PATCH_CONTENT_TYPES } from "./client.js";
export type {
  CallOptions,
  DeleteOptions,
  PatchOptions,
  PatchType,
  WriteOptions,
  ClientOptions,
  GetOptions,
  ListOptions,
  ListResult,
  ObjectResult,
  RawRequest,
  RawResponse,
} from "./client.js";
export {
  ERROR_BODY_LIMIT,
  isAlreadyExists,
  isBadRequest,
  isConflict,
  isForbidden,
  isGone,
  isInvalid,
  isNotFound,
  isTooManyRequests,
  isUnauthorized,
  KubeApiError,
  KubeDecodeError,
  KubeHttpError,
  KubeNetworkError,
  KubeTimeoutError,
} from "./errors.js";
export type { RequestInfo } from "./errors.js";
export { BUILTIN_RESOURCES } from "./builtin-resources.js";
export type { ResourceInfo } from "./builtin-resources.js";
export { encodeQuery, parseApiVersion, queryEscape, resourcePath, withQuery } from "./request.js";
export type { PathSpec, QueryValue } from "./request.js";
export { pluralize, resolveResource } from "./resource-mapping.js";
export { DEFAULT_USER_AGENT, KUBEWIRE_VERSION } from "./version.js";

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
export { isSecret, maskedValue, maskSecretField, scrubSecretValues, secretData } from "./secrets.js";
export type { Secret, SecretData } from "./secrets.js";
export { InvalidMutationError, ObjectReplacedError, UpdateConflictError } from "./update-errors.js";
export type { ObjectRef } from "./update-errors.js";
export { updateSecrets } from "./update-secrets.js";
export type {
  FailedSecret,
  SecretName,
  SecretSelector,
  SecretUpdater,
  UpdatedSecret,
  UpdateSecretsOptions,
  UpdateSecretsReport,
} from "./update-secrets.js";
export {
  DEFAULT_CONFLICT_BACKOFF,
  DEFAULT_CONFLICT_RETRY,
  NO_CHANGE,
  UPDATE_STRATEGIES,
  updateWithRetry,
} from "./update-with-retry.js";
export type {
  ConflictBackoff,
  Mutate,
  MutateContext,
  UpdateOptions,
  UpdateReport,
  UpdateStrategy,
} from "./update-with-retry.js";

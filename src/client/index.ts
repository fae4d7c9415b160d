export {
  CLIENT_WARNING_CODES,
  createClient,
  createClientFromKubeConfig,
  errorFromResponse,
  KubeClient,
  PATCH_CONTENT_TYPES,
} from "./client.js";
export type {
  CallOptions,
  ClientOptions,
  ClientWarning,
  ClientWarningCode,
  DeleteOptions,
  ExecClusterInfo,
  GetOptions,
  ImpersonationOptions,
  ListOptions,
  ListResult,
  LogOptions,
  ObjectResult,
  PatchOptions,
  PatchType,
  RawRequest,
  RawResponse,
  Typed,
  WriteOptions,
} from "./client.js";
export {
  ERROR_BODY_LIMIT,
  isAlreadyExists,
  isBadRequest,
  isConflict,
  isForbidden,
  isGone,
  isInternalError,
  isInvalid,
  isMethodNotAllowed,
  isNotFound,
  isServerTimeout,
  isServiceUnavailable,
  isTooManyRequests,
  isUnauthorized,
  KubeAbortError,
  KubeApiError,
  KubeDecodeError,
  KubeHttpError,
  KubeNetworkError,
  KubeTimeoutError,
  KubeWatchExpiredError,
} from "./errors.js";
export type { RequestInfo } from "./errors.js";
export { BUILTIN_RESOURCES } from "./resources/builtin-resources.js";
export type { ResourceInfo } from "./resources/builtin-resources.js";
export type { BuiltinKinds, KindType } from "./resources/kind-types.js";
export { encodeQuery, parseApiVersion, queryEscape, resourcePath, withQuery } from "./resources/request.js";
export type { PathSpec, QueryValue } from "./resources/request.js";
export { pluralize, resolveResource, resolveResourceArg } from "./resources/resource-mapping.js";
export type { ResourceArg } from "./resources/resource-mapping.js";
export { DEFAULT_USER_AGENT, KUBEWIRE_VERSION } from "./version.js";
export {
  AGGREGATED_DISCOVERY_ACCEPT,
  DISCOVERY_FORMATS,
  discoveryFormatOf,
  LEGACY_DISCOVERY_ACCEPT,
  loadDiscovery,
  parseAggregatedDiscovery,
  parseApiResourceList,
  parseLegacyGroups,
} from "./resources/discovery.js";
export type { DiscoveredGroup, DiscoveryFormat, DiscoveryResult } from "./resources/discovery.js";
export { DEFAULT_PAGE_SIZE, EXPIRED_CHOICES, paginate, paginateItems } from "./resources/pagination.js";
export type { ExpiredChoice, ListPage, PaginateOptions } from "./resources/pagination.js";
export {
  compareResourceVersions,
  DISCARD_REASONS,
  parseWatchLine,
  readLines,
  WATCH_DEDUPLICATION_WINDOW,
  WATCH_EVENT_TYPES,
  watchEvents,
} from "./resources/watch.js";
export type {
  DiscardReason,
  WatchConnection,
  WatchEvent,
  WatchEventType,
  WatchLine,
  WatchOptions,
} from "./resources/watch.js";
export { retryAfterSeconds, retryInterceptor } from "./transport/retry.js";
export type { RetryOptions } from "./transport/retry.js";
export { createTransport, RotatingTransport } from "./transport/transport.js";
export {
  CONTENT_CODINGS,
  contentCodings,
  decodeContent,
  decodeContentStream,
} from "./transport/content-encoding.js";
export type { ContentCoding } from "./transport/content-encoding.js";
export type { TransportOptions } from "./transport/transport.js";
export { Authenticator } from "./auth/authenticator.js";
export type { AppliedAuth } from "./auth/authenticator.js";
export {
  EXEC_PLUGIN_FAILURES,
  EXEC_STDERR_LIMIT,
  ExecCredentialPlugin,
  ExecPluginError,
  execInfo,
} from "./auth/exec-plugin.js";
export type { ExecCredentialResult, ExecPluginFailure, ExecPluginOptions } from "./auth/exec-plugin.js";
export { TokenFileSource } from "./auth/token-file.js";
export { KubeConfigError } from "./config/kubeconfig-error.js";
export { EXEC_API_VERSIONS, EXEC_INTERACTIVE_MODES } from "./config/kubeconfig-types.js";
export type {
  ExecApiVersion,
  ExecConfig,
  ExecInteractiveMode,
  KubeConfig,
  KubeConfigCluster,
  KubeConfigContext,
  KubeConfigEntry,
  KubeConfigUser,
} from "./config/kubeconfig-types.js";
export { mergeKubeConfigs, parseKubeConfig } from "./config/parse-kubeconfig.js";
export { kubeConfigFiles, loadKubeConfig, resolveKubeConfigContext } from "./config/load-kubeconfig.js";
export type { LoadedKubeConfig, LoadKubeConfigOptions } from "./config/load-kubeconfig.js";
export { inClusterConfig, isInCluster, SERVICE_ACCOUNT_DIR } from "./config/in-cluster.js";
export type { InClusterOptions } from "./config/in-cluster.js";
export { proxyFromEnvironment } from "./config/proxy-from-environment.js";
export { isSecret, maskedValue, maskSecretField, scrubSecretValues, secretData } from "./update/secrets.js";
export type { Secret, SecretData } from "./update/secrets.js";
export { InvalidMutationError, ObjectReplacedError, UpdateConflictError } from "./update/update-errors.js";
export type { ObjectRef } from "./update/update-errors.js";
export { updateSecrets } from "./update/update-secrets.js";
export type {
  FailedSecret,
  SecretName,
  SecretSelector,
  SecretUpdater,
  UpdatedSecret,
  UpdateSecretsOptions,
  UpdateSecretsReport,
} from "./update/update-secrets.js";
export {
  DEFAULT_CONFLICT_BACKOFF,
  DEFAULT_CONFLICT_RETRY,
  NO_CHANGE,
  UPDATE_STRATEGIES,
  updateWithRetry,
} from "./update/update-with-retry.js";
export type {
  ConflictBackoff,
  Mutate,
  MutateContext,
  UpdateOptions,
  UpdateReport,
  UpdateStrategy,
} from "./update/update-with-retry.js";
export { OpenApiNotServedError, openApiDocumentUrl, openApiPathOf } from "./resources/openapi.js";

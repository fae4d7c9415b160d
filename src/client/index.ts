/**
 * `kubewire/client`: the client's parts for programs that compose their own (pagination and watch as functions,
 * the retry interceptor and transport, discovery parsing, REST paths, resource mapping). Most programs need only
 * `createClient` from the main entry.
 *
 * @packageDocumentation
 */
export { CLIENT_WARNING_CODES, PATCH_CONTENT_TYPES } from "./client-options.js";
export type { ClientWarningCode, ExecClusterInfo, ImpersonationOptions } from "./client-options.js";
export type { Typed } from "./client.js";
export { DEFAULT_MAX_RESPONSE_BYTES, ERROR_BODY_LIMIT, KubeResponseTooLargeError } from "./errors.js";
export type { ObjectMetaLike } from "../normalize/types.js";
export type { RequestInfo } from "./errors.js";
export { DEFAULT_PAGE_SIZE, EXPIRED_CHOICES, paginate, paginateItems } from "./resources/pagination.js";
export type { ExpiredChoice, ListPage, PaginateOptions } from "./resources/pagination.js";
export { compareResourceVersions, WATCH_EVENT_TYPES, watchEvents } from "./resources/watch.js";
export type { WatchConnection, WatchEventType } from "./resources/watch.js";
export { retryAfterSeconds, retryInterceptor } from "./transport/retry.js";
export type { RetryOptions } from "./transport/retry.js";
export { createTransport } from "./transport/transport.js";
export type { TransportOptions } from "./transport/transport.js";
export {
  AGGREGATED_DISCOVERY_ACCEPT,
  DISCOVERY_FORMATS,
  LEGACY_DISCOVERY_ACCEPT,
  parseAggregatedDiscovery,
  parseApiResourceList,
  parseLegacyGroups,
} from "./resources/discovery.js";
export type { DiscoveredGroup, DiscoveryFormat, DiscoveryResult } from "./resources/discovery.js";
export { BUILTIN_RESOURCES } from "./resources/builtin-resources.js";
export type { BuiltinKinds, KindType } from "./resources/kind-types.js";
export { resourcePath } from "./resources/request.js";
export type { PathSpec } from "./resources/request.js";
export { resolveResourceArg } from "./resources/resource-mapping.js";
export type { ResourceArg } from "./resources/resource-mapping.js";
export { OpenApiNotServedError } from "./resources/openapi.js";
export { DEFAULT_USER_AGENT, KUBEWIRE_VERSION } from "./version.js";
export { DEFAULT_CONFLICT_BACKOFF, UPDATE_STRATEGIES } from "./update/update-with-retry.js";
export type { ConflictBackoff, MutateContext, UpdateStrategy } from "./update/update-with-retry.js";
export { InvalidMutationError } from "./update/update-errors.js";
export type { FailedSecret, SecretName, SecretUpdater, UpdatedSecret } from "./update/update-secrets.js";
export type { SecretData } from "./update/secrets.js";
export {
  defaultKubectlCacheDir,
  DISCOVERY_CACHE_TTL_MS,
  DiscoveryDiskCache,
  discoveryCacheDirectory,
} from "./resources/discovery-cache.js";
export type { CachedDiscovery, DiscoveryCacheOptions } from "./resources/discovery-cache.js";
export { documentsFromAggregated } from "./resources/discovery-documents.js";
export type {
  ApiGroupDocument,
  ApiGroupListDocument,
  ApiResourceDocument,
  ApiResourceListDocument,
  DiscoveryDocuments,
} from "./resources/discovery-documents.js";
export type { DiscoverySource } from "./resources/discovery.js";
export { ResourceArgumentError, selectResources } from "./resources/resource-selection.js";
export type {
  ResourceRequest,
  ResourceSelection,
  SelectResourcesOptions,
} from "./resources/resource-selection.js";

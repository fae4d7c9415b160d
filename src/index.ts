/**
 * kubewire: see what really crosses the wire to the Kubernetes API, and act on it safely.
 *
 * The main entry holds what most programs use: the client, kubeconfig loading, errors, the core data types, safe
 * updates, recording and replay, and the headline views. Everything else is on documented subpaths
 * (`kubewire/kubectl`, `kubewire/diff`, `kubewire/config`, `kubewire/client`, `kubewire/cassette`,
 * `kubewire/testing`); docs/api.md lists every public name.
 *
 * @packageDocumentation
 */

// The client: one undici seam, typed verbs, raw-first results.
export { createClient, createClientFromKubeConfig, KubeClient } from "./client/client.js";
export type {
  CallOptions,
  ClientOptions,
  ClientWarning,
  DeleteOptions,
  GetOptions,
  ListOptions,
  ListResult,
  LogOptions,
  ObjectResult,
  PatchOptions,
  PatchType,
  RawRequest,
  RawResponse,
  WriteOptions,
} from "./client/client-options.js";
export type { ResourceInfo } from "./client/resources/builtin-resources.js";
export type { WatchEvent, WatchOptions } from "./client/resources/watch.js";

// Configuration: kubeconfig files like kubectl reads them (more on kubewire/config).
export { loadKubeConfig } from "./client/config/load-kubeconfig.js";
export type { LoadKubeConfigOptions } from "./client/config/load-kubeconfig.js";
export type { KubeConfig } from "./client/config/kubeconfig-types.js";

// Errors: one base class, data not strings; the API server's Status on KubeApiError.
export { KubewireError } from "./errors.js";
export {
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
} from "./client/errors.js";
export { KubeConfigError } from "./client/config/kubeconfig-error.js";
export { ExecPluginError } from "./client/auth/exec-plugin.js";
export { NormalizeError } from "./normalize/normalize-error.js";
export { CassetteFormatError, CassetteMissError } from "./record/errors.js";
export { ObjectReplacedError, UpdateConflictError } from "./client/update/update-errors.js";

// Core data: Kubernetes objects and lists, and what crossed the wire.
export type {
  KubeObject,
  ListMeta,
  NormalizedList,
  ObjectLike,
  RawList,
  TypeMeta,
} from "./normalize/types.js";
export type { Body, Cassette, Exchange, HeaderMap, WarningHeader } from "./record/exchange/exchange.js";
export { isList, normalizeList } from "./normalize/list.js";
export { parseJsonLossless } from "./normalize/lossless-json.js";
export { scrubVolatile } from "./normalize/scrub-volatile.js";

// Safe read-modify-update, Secrets first.
export { NO_CHANGE, updateWithRetry } from "./client/update/update-with-retry.js";
export type { Mutate, UpdateOptions, UpdateReport } from "./client/update/update-with-retry.js";
export type { ObjectRef } from "./client/update/update-errors.js";
export { updateSecrets } from "./client/update/update-secrets.js";
export type {
  SecretSelector,
  UpdateSecretsOptions,
  UpdateSecretsReport,
} from "./client/update/update-secrets.js";
export { secretData } from "./client/update/secrets.js";

// Recording and replay (the cassette format and the replay server are on kubewire/cassette).
export { createRecorder } from "./record/capture/recorder.js";
export type { Recorder, RecordingOptions } from "./record/capture/recorder.js";
export { loadCassette, saveCassette } from "./record/cassette/cassette.js";
export { openCassette } from "./record/cassette/cassette-session.js";
export { createReplayDispatcher } from "./record/replay/replay-dispatcher.js";
export type { ReplayOptions } from "./record/replay/replay-dispatcher.js";

// The headline views: kubectl's view, the diff against it, traffic logs both ways.
export { toKubectlView } from "./kubectl/view-output.js";
export type { KubectlViewOutput, ToKubectlViewOptions } from "./kubectl/view-output.js";
export type { KubectlVersion } from "./kubectl/versions.js";
export { diffAgainstKubectl } from "./diff/kubectl-diff.js";
export type { Difference } from "./diff/diff.js";
export { renderTrafficLog } from "./kubectl/traffic-log/render.js";
export type { TrafficLevel, TrafficLogOptions } from "./kubectl/traffic-log/render.js";
export { importKubectlLog } from "./kubectl/traffic-log/import/import.js";
export { importKubectlLogFile, importKubectlLogStream } from "./kubectl/traffic-log/import/import-stream.js";
export type { KubectlLogImport, KubectlLogImportOptions } from "./kubectl/traffic-log/import/import.js";

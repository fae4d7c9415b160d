/**
 * `kubewire/cassette`: the exchange and cassette format (docs/cassette-format.md), reading, writing and validating
 * cassettes, cassette sessions, the recorder's interceptor, redaction, request matching, and the replay server
 * that serves a cassette to real kubectl.
 *
 * @packageDocumentation
 */
export { BODY_KINDS, CASSETTE_VERSION, LOG_HOST_MARKS, LOG_PARTS } from "./exchange/exchange.js";
export type {
  Body,
  BodyKind,
  Cassette,
  ConnectionEvent,
  ConnectionInfo,
  Exchange,
  ExchangeError,
  HeaderMap,
  LogHostMark,
  LogPart,
  LogProvenance,
  RecordedRequest,
  RecordedResponse,
  StreamChunk,
  TunnelInfo,
  WarningHeader,
} from "./exchange/exchange.js";
export { bodyBytes, bodyFromBytes, bodyText, jsonBody, streamBody } from "./exchange/body.js";
export { formatMicros } from "../internal/clock.js";
export {
  appendToCassette,
  isLogProvenance,
  loadCassette,
  parseCassette,
  saveCassette,
  serializeCassette,
  validateCassette,
} from "./cassette/cassette.js";
export {
  CASSETTE_MODES,
  cassetteModeFromEnv,
  openCassette,
  openCassetteRecording,
} from "./cassette/cassette-session.js";
export type {
  CassetteMode,
  CassetteSession,
  CassetteSessionOptions,
  SaveResult,
} from "./cassette/cassette-session.js";
export { CassetteFormatError, CassetteIncompleteError, CassetteMissError } from "./errors.js";
export type { NearMiss } from "./errors.js";
export { createRecorder, ON_EXCHANGE, ON_STREAM_START, recordingInterceptor } from "./capture/recorder.js";
export type { Recorder, RecordingOptions } from "./capture/recorder.js";
export { isRedactionMarker, redactExchange, redactJson, redactSecretText } from "./redact/redact.js";
export {
  configureSecretPolicy,
  DEFAULT_SECRET_FIELD_NAMES,
  SECRET_QUERY_PARAMETERS,
} from "./redact/secret-policy.js";
export { redactionKeyFile } from "./redact/redaction-marker.js";
export { ExchangeMatcher, requestKey, VOLATILE_QUERY_PARAMS } from "./replay/match.js";
export type { MatchResult, RequestKey } from "./replay/match.js";
export { createReplayDispatcher } from "./replay/replay-dispatcher.js";
export type { ReplayOptions } from "./replay/replay-dispatcher.js";
export { replayKubeconfig, startReplayServer } from "./replay/replay-server.js";
export type { ReplayServer, ReplayServerEvent, ReplayServerOptions } from "./replay/replay-server.js";
export { synthesizeDiscovery } from "./replay/synthetic-discovery.js";
export { DEMO_CASSETTE } from "./cassette/demo-cassette.js";

export type {
  Body,
  BodyKind,
  Cassette,
  ConnectionEvent,
  ConnectionInfo,
  Exchange,
  ExchangeError,
  HeaderMap,
  RecordedRequest,
  RecordedResponse,
  StreamChunk,
  WarningHeader,
} from "./exchange/exchange.js";
export { BODY_KINDS, CASSETTE_VERSION } from "./exchange/exchange.js";
export {
  bodyBytes,
  bodyFromBytes,
  bodyFromChunks,
  bodyText,
  capturedBytes,
  isJsonContentType,
  jsonBody,
  streamBody,
} from "./exchange/body.js";
export { formatMicros, nowMicros, parseMicros } from "../internal/clock.js";
export { CassetteFormatError, CassetteIncompleteError, CassetteMissError } from "./errors.js";
export type { NearMiss } from "./errors.js";
export {
  ExchangeMatcher,
  exchangeKey,
  keyDifferences,
  requestKey,
  VOLATILE_QUERY_PARAMS,
} from "./replay/match.js";
export type { MatchResult, RequestKey } from "./replay/match.js";
export {
  acceptRank,
  formatMediaType,
  inferContentType,
  offeredMediaType,
  parseAccept,
  parseMediaType,
} from "./exchange/media-type.js";
export type { MediaType } from "./exchange/media-type.js";
export { createRecorder, ON_EXCHANGE, recordingInterceptor } from "./capture/recorder.js";
export type { Recorder, RecordingOptions } from "./capture/recorder.js";
export {
  isRedactionMarker,
  isSecretsUrl,
  redactBody,
  redactExchange,
  redactHeaders,
  redactJson,
  redactionMarker,
  redactUrl,
} from "./redact/redact.js";
export { createReplayDispatcher, ReplayDispatcher } from "./replay/replay-dispatcher.js";
export type { ReplayOptions } from "./replay/replay-dispatcher.js";
export { prepareAnswer, Replayer } from "./replay/replayer.js";
export type { ReplayAnswer, ReplayRequest } from "./replay/replayer.js";
export { replayKubeconfig, startReplayServer } from "./replay/replay-server.js";
export type { ReplayServer, ReplayServerEvent, ReplayServerOptions } from "./replay/replay-server.js";
export {
  createCertificateAuthority,
  createSelfSignedCertificate,
  issueCertificate,
} from "../internal/certificates.js";
export { synthesizeDiscovery } from "./replay/synthetic-discovery.js";
export type { SyntheticAnswer } from "./replay/synthetic-discovery.js";
export type {
  CertificateAuthority,
  CertificateKeyPair,
  GeneratedCertificate,
  IssueCertificateOptions,
} from "../internal/certificates.js";
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
export {
  appendToCassette,
  loadCassette,
  parseCassette,
  saveCassette,
  serializeCassette,
  validateCassette,
} from "./cassette/cassette.js";
export { parseWarningHeaders } from "./exchange/warnings.js";

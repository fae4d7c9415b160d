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
} from "./exchange.js";
export { BODY_KINDS, CASSETTE_VERSION } from "./exchange.js";
export {
  bodyBytes,
  bodyFromBytes,
  bodyFromChunks,
  bodyText,
  capturedBytes,
  isJsonContentType,
  jsonBody,
  streamBody,
} from "./body.js";
export { formatMicros, nowMicros, parseMicros } from "./clock.js";
export { CassetteFormatError, CassetteIncompleteError, CassetteMissError } from "./errors.js";
export type { NearMiss } from "./errors.js";
export { ExchangeMatcher, exchangeKey, keyDifferences, requestKey, VOLATILE_QUERY_PARAMS } from "./match.js";
export type { MatchResult, RequestKey } from "./match.js";
export {
  acceptRank,
  formatMediaType,
  inferContentType,
  offeredMediaType,
  parseAccept,
  parseMediaType,
} from "./media-type.js";
export type { MediaType } from "./media-type.js";
export { createRecorder, ON_EXCHANGE, recordingInterceptor } from "./recorder.js";
export type { Recorder, RecordingOptions } from "./recorder.js";
export {
  isRedactionMarker,
  isSecretsUrl,
  redactBody,
  redactExchange,
  redactHeaders,
  redactJson,
  redactionMarker,
  redactUrl,
} from "./redact.js";
export { createReplayDispatcher, ReplayDispatcher } from "./replay-dispatcher.js";
export type { ReplayOptions } from "./replay-dispatcher.js";
export { prepareAnswer, Replayer } from "./replayer.js";
export type { ReplayAnswer, ReplayRequest } from "./replayer.js";
export { replayKubeconfig, startReplayServer } from "./replay-server.js";
export type { ReplayServer, ReplayServerEvent, ReplayServerOptions } from "./replay-server.js";
export { createCertificateAuthority, createSelfSignedCertificate, issueCertificate } from "./certificates.js";
export { synthesizeDiscovery } from "./synthetic-discovery.js";
export type { SyntheticAnswer } from "./synthetic-discovery.js";
export type {
  CertificateAuthority,
  CertificateKeyPair,
  GeneratedCertificate,
  IssueCertificateOptions,
} from "./certificates.js";
export {
  CASSETTE_MODES,
  cassetteModeFromEnv,
  openCassette,
  openCassetteRecording,
} from "./cassette-session.js";
export type {
  CassetteMode,
  CassetteSession,
  CassetteSessionOptions,
  SaveResult,
} from "./cassette-session.js";
export {
  appendToCassette,
  loadCassette,
  parseCassette,
  saveCassette,
  serializeCassette,
  validateCassette,
} from "./cassette.js";
export { parseWarningHeaders } from "./warnings.js";

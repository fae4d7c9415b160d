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
export { bodyBytes, bodyFromBytes, bodyText, isJsonContentType, jsonBody, streamBody } from "./body.js";
export { formatMicros, nowMicros, parseMicros } from "./clock.js";
export { CassetteFormatError, CassetteMissError } from "./errors.js";
export type { NearMiss } from "./errors.js";
export { ExchangeMatcher, keyDifferences, requestKey } from "./match.js";
export type { RequestKey } from "./match.js";
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
export {
  loadCassette,
  parseCassette,
  saveCassette,
  serializeCassette,
  validateCassette,
} from "./cassette.js";
export { parseWarningHeaders } from "./warnings.js";

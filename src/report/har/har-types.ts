/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the fields kubewire writes and reads. Fields of its
 * own start with an underscore, as the format asks: `_kubewire` on an entry keeps what HAR has no place for
 * (the cassette's seq, watch chunk times, truncation, transport errors), so a session survives the round trip.
 */
import type {
  ConnectionInfo,
  ExchangeError,
  LogProvenance,
  WarningHeader,
} from "../../record/exchange/exchange.js";

export interface HarNameValue {
  name: string;
  value: string;
  comment?: string;
}

export interface HarPostData {
  mimeType: string;
  text: string;
  params?: HarNameValue[];
  comment?: string;
  /** kubewire's: `base64` when `text` holds base64 bytes (HAR has no encoding for request bodies). */
  _encoding?: "base64";
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  queryString: HarNameValue[];
  postData?: HarPostData;
  headersSize: number;
  bodySize: number;
  comment?: string;
}

export interface HarContent {
  size: number;
  compression?: number;
  mimeType: string;
  text?: string;
  encoding?: string;
  comment?: string;
}

export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  content: HarContent;
  redirectURL: string;
  headersSize: number;
  bodySize: number;
  comment?: string;
}

export interface HarTimings {
  blocked?: number;
  dns?: number;
  connect?: number;
  send: number;
  wait: number;
  receive: number;
  ssl?: number;
  comment?: string;
}

/** What kubewire keeps beside a HAR entry so that importing it gives the exchange back. */
export interface HarKubewireEntry {
  seq: number;
  durationMs: number;
  totalMs?: number;
  /** The cassette's start time, with microseconds (HAR's `startedDateTime` keeps milliseconds). */
  startedAt: string;
  /** The request got no (complete) answer. */
  error?: ExchangeError;
  warnings?: WarningHeader[];
  redacted?: true;
  connection?: ConnectionInfo;
  caller?: string;
  /** An exchange imported from a log: which lines, and what the log does not show. */
  fromLog?: LogProvenance;
  /** The cassette's body kinds and sizes where HAR's would lose them. */
  requestBody?: HarKubewireBody;
  responseBody?: HarKubewireBody;
  /** The exchange had a response (HAR writes status 0 for one that did not). */
  response: boolean;
}

export interface HarKubewireBody {
  kind: "json" | "text" | "binary" | "stream";
  bytes: number;
  truncated?: true;
  /** A watch's chunks: when each arrived after the response headers, and how many UTF-16 units of the text. */
  chunks?: [number, number][];
}

/** One request and its response: an entry of `log.entries`. */
export interface HarEntry {
  pageref?: string;
  startedDateTime: string;
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, unknown>;
  timings: HarTimings;
  serverIPAddress?: string;
  connection?: string;
  comment?: string;
  _kubewire?: HarKubewireEntry;
}

export interface HarLog {
  version: string;
  creator: { name: string; version: string; comment?: string };
  browser?: { name: string; version: string; comment?: string };
  pages?: unknown[];
  entries: HarEntry[];
  comment?: string;
  /** kubewire's: the cassette's own fields. */
  _kubewire?: { recordedAt: string; server?: { gitVersion: string } };
}

/** A HAR document. */
export interface Har {
  log: HarLog;
}

/**
 * The data model of recorded traffic (docs/design.md, "The data model"). Everything here is plain JSON-compatible data,
 * so an exchange can be printed, diffed, stored in a cassette and replayed without losing anything.
 */

/** HTTP headers as they crossed the wire: names as received, repeated headers as arrays, in arrival order. */
export type HeaderMap = Record<string, string | string[]>;

/** One chunk of a streamed body (a watch), with its arrival time relative to the response start. */
export interface StreamChunk {
  atMs: number;
  text: string;
}

/** Fields every body kind may carry. */
interface BodyCommon {
  /** Size of the body on the wire, in bytes (after content decoding). */
  bytes: number;
  /**
   * Set when the body is known only in part: an imported log that kubectl truncated, a connection that dropped
   * mid-body. `bytes` is then the size that was announced or reported, not the size of what is held.
   */
  truncated?: boolean;
}

/**
 * A request or response body.
 *
 * `json` bodies are stored parsed, so cassettes diff well. When re-serialising `value` with `JSON.stringify`
 * plus kube-apiserver's trailing newline would not give the exact bytes back (pretty-printed JSON, `\u003c`
 * escapes, integers beyond 2^53, no trailing newline), `raw` keeps the exact text: a replay sends what the server
 * sent.
 */
export type Body =
  | (BodyCommon & { kind: "json"; value: unknown; raw?: string })
  | (BodyCommon & { kind: "text"; text: string })
  | (BodyCommon & { kind: "binary"; base64: string })
  | (BodyCommon & { kind: "stream"; chunks: StreamChunk[] });

/** The closed set of body kinds. */
export const BODY_KINDS = ["json", "text", "binary", "stream"] as const;
/** The `kind` of a {@link Body}, one of {@link BODY_KINDS}. */
export type BodyKind = (typeof BODY_KINDS)[number];

/** A `Warning` response header (RFC 7234 form `299 - "text"`), as data. */
export interface WarningHeader {
  code: number;
  agent: string;
  text: string;
}

/** The request half of an {@link Exchange}, with method, absolute URL, headers and body as sent. */
export interface RecordedRequest {
  method: string;
  /**
   * The absolute URL, query included, exactly as sent; an exchange imported from a log keeps the URL as the log
   * shows it, which may have lost its host (see {@link LogProvenance.host}).
   */
  url: string;
  headers: HeaderMap;
  body?: Body;
}

/** The response half of an {@link Exchange}, with status, reason phrase, headers and body as received. */
export interface RecordedResponse {
  status: number;
  /** The reason phrase, e.g. `OK`; empty when the protocol carries none (HTTP/2). */
  statusText: string;
  headers: HeaderMap;
  body?: Body;
}

/** A transport failure: the request got no (complete) answer. */
export interface ExchangeError {
  name: string;
  message: string;
  code?: string;
}

/** One event of client-go's HTTP trace (kubectl -v=9 logs them): a DNS answer or a dial, with its failure. */
export type ConnectionEvent =
  | { kind: "dns"; host: string; addresses: string[] }
  | { kind: "dial"; network: string; address: string; error?: string };

/**
 * How the request got its connection, as client-go's HTTP trace reports it (`HTTP Statistics` at kubectl -v=9).
 * Known only where something measured it: an imported kubectl log carries it, kubewire's recorder does not.
 */
export interface ConnectionInfo {
  /** A pooled connection was reused (`GetConnection`) rather than dialed (`DNSLookup`, `Dial`, `TLSHandshake`). */
  reused: boolean;
  getConnectionMs?: number;
  dnsLookupMs?: number;
  dialMs?: number;
  tlsHandshakeMs?: number;
  /** From the request written to the first response byte; absent when zero (client-go then leaves it out). */
  serverProcessingMs?: number;
  /** DNS answers and dials, in the order they happened. */
  events?: ConnectionEvent[];
}

/**
 * What crossed an upgraded connection (`exec`, `attach`, `port-forward`, `cp` over WebSocket or SPDY): counted, never
 * kept, since the stream is a terminal session or a file.
 */
export interface TunnelInfo {
  /** Bytes the client sent through the tunnel after the upgrade. */
  bytesToServer: number;
  /** Bytes the server sent through the tunnel after the upgrade. */
  bytesToClient: number;
}

/** A part of an exchange that a log (kubectl's verbose log, pasted or not) may not show. */
export const LOG_PARTS = [
  "startedAt",
  "requestHeaders",
  "requestBody",
  "status",
  "responseHeaders",
  "responseBody",
  "duration",
] as const;
export type LogPart = (typeof LOG_PARTS)[number];

/** How the URL's host, as a log shows it, differs from a server's. */
export const LOG_HOST_MARKS = ["redacted", "elided", "missing"] as const;
export type LogHostMark = (typeof LOG_HOST_MARKS)[number];

/**
 * Where an exchange imported from a log was read, and what of it the log does not show. What is not listed in
 * `absent` came from the log (a body the log cut short is marked `truncated` on the body itself).
 */
export interface LogProvenance {
  /** The log lines it was read from, 1-based: the first and the last. */
  lines: [number, number];
  /**
   * Parts the log does not show: unknown, not empty. An absent `status` leaves `response.status` 0, an absent
   * `duration` `durationMs` 0; an absent `startedAt` is the start of the year the log was read for.
   */
  absent?: LogPart[];
  /**
   * The URL's host is not a server's: `redacted` by the author (`<redacted>`, `xx.xx.xx.xx`), `elided` (`https://...`),
   * or `missing` (a path without scheme and host). `request.url` keeps the URL as the log shows it.
   */
  host?: LogHostMark;
  /** The author cut lines out of this exchange (an `...` line in its midst). */
  elided?: true;
  /**
   * Bodies the log shows as a hex dump (kubectl dumps a body holding a byte below 0x0A) though none of the bytes
   * it kept is below 0x0A: the dump was cut before the first.
   */
  hexDump?: ("requestBody" | "responseBody")[];
}

/** One request and its response (or failure), as they crossed the wire. */
export interface Exchange {
  /** Order within the cassette, from 0. */
  seq: number;
  /** When the request was sent, RFC 3339 with fractional seconds (UTC). */
  startedAt: string;
  /** Milliseconds from sending the request to receiving the response headers (what kubectl logs). */
  durationMs: number;
  /** Milliseconds from sending the request to the end of the response body, when known. */
  totalMs?: number;
  request: RecordedRequest;
  response?: RecordedResponse;
  error?: ExchangeError;
  /** `Warning` headers of the response, parsed. */
  warnings?: WarningHeader[];
  /** True when redaction replaced at least one value in this exchange. */
  redacted?: boolean;
  /** How the connection was obtained, when known (an imported kubectl -v=9 log). */
  connection?: ConnectionInfo;
  /**
   * The `file:line` of the code that issued the request, as kubectl 1.32+ logs it beside bodies (`helper.go:113`);
   * kept by a log import so that rendering the exchange again reproduces the log.
   */
  caller?: string;
  /** For a request the server upgraded (`101 Switching Protocols`): how many bytes went through the tunnel. */
  tunnel?: TunnelInfo;
  /** Set on exchanges read from a log rather than recorded: which lines, and what the log does not show. */
  fromLog?: LogProvenance;
}

/** A recorded session: the unit stored on disk and replayed. */
export interface Cassette {
  version: 1;
  recordedAt: string;
  server?: { gitVersion: string };
  exchanges: Exchange[];
}

/** The current cassette format version. */
export const CASSETTE_VERSION = 1;

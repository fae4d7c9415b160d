import { bodyBytes, bodyFromBytes } from "../exchange/body.js";
import { httpModule } from "../../internal/lazy-modules.js";
import { CassetteIncompleteError, CassetteMissError } from "../errors.js";
import type { Cassette, Exchange, ExchangeError, HeaderMap, StreamChunk } from "../exchange/exchange.js";
import { ExchangeMatcher, requestKey } from "./match.js";
import { formatMediaType, inferContentType } from "../exchange/media-type.js";
import { headerValue } from "../../internal/headers.js";
import type { MediaType } from "../exchange/media-type.js";
import { redactBody, redactUrl } from "../redact/redact.js";

/** A request to answer from a cassette, as any transport sees it. */
export interface ReplayRequest {
  method: string;
  /** Absolute URL or path with query. */
  url: string;
  headers: HeaderMap;
  body?: Uint8Array;
}

/** A recorded answer, ready to send: headers fixed up for the body actually sent. */
export interface ReplayAnswer {
  exchange: Exchange;
  /** Set when the recording holds a transport failure and no response. */
  failure?: ExchangeError;
  status: number;
  statusText: string;
  headers: Record<string, string | string[]>;
  /** The whole body (not streamed). */
  body?: Buffer;
  /** A streamed body (a watch): chunks with their recorded times relative to the response headers. */
  chunks?: StreamChunk[];
  /**
   * How a streamed body ends: at a recorded time (the server closed it), or `hold` (the recording ended because
   * the client went away; a live server would have kept it open, so the replay does too until the client leaves).
   */
  streamEnd?: { atMs: number } | "hold";
  /** A failure that ended the recorded body (connection reset mid-body): replayed after the body. */
  failureAfterBody?: ExchangeError;
  /** Set when the recorded body is only partly known and no failure explains it: nothing sensible can be sent. */
  incomplete?: CassetteIncompleteError;
}

/** Headers that describe one connection or one encoding of the body, not the answer; recomputed on replay. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "content-length",
  // Cassettes store bodies decoded, so the recorded encoding no longer applies.
  "content-encoding",
]);

const CLIENT_ABORTS = new Set(["AbortError", "UND_ERR_ABORTED", "RequestAbortedError", "ECONNABORTED"]);

/** Converts an aggregated discovery body between v2beta1 and v2, which share one schema. */
function convertDiscovery(text: string, version: string): string {
  return text.replace(/("apiVersion"\s*:\s*"apidiscovery\.k8s\.io\/)v2(?:beta1)?"/, `$1${version}"`);
}

/**
 * Answers requests from a cassette: matching (method, path, normalised query, body for writes, Accept
 * negotiation, order) and the recorded response, prepared for sending. One Replayer backs every replay transport:
 * the in-process dispatcher, the cassette interceptor and the HTTP(S) replay server.
 */
export class Replayer {
  readonly matcher: ExchangeMatcher;

  constructor(cassette: Cassette, options: { repeat?: boolean } = {}) {
    this.matcher = new ExchangeMatcher(cassette.exchanges, options);
  }

  /** Finds the answer to a request; throws {@link CassetteMissError} naming the closest recordings when none matches. */
  answer(request: ReplayRequest): ReplayAnswer {
    const contentType = headerValue(request.headers, "content-type");
    const incoming = request.body?.length ? bodyFromBytes(request.body, contentType) : undefined;
    // Recorded bodies are redacted, so the incoming one is compared in its redacted form.
    const body = incoming ? redactBody(incoming, { url: request.url }).body : undefined;
    const key = requestKey(request.method, request.url, body, contentType);
    const accept = headerValue(request.headers, "accept");
    const found = this.matcher.find(key, accept);
    if (!found) {
      throw new CassetteMissError(
        { method: request.method, url: redactUrl(request.url).url, ...(accept ? { accept } : {}) },
        this.matcher.closest(key, 3, accept),
      );
    }
    return prepareAnswer(found.exchange, found.mediaType);
  }
}

/** The answer a recorded exchange gives, served as `mediaType` (which differs only for converted discovery). */
export function prepareAnswer(exchange: Exchange, mediaType?: MediaType): ReplayAnswer {
  const response = exchange.response;
  if (!response) {
    return {
      exchange,
      failure: exchange.error ?? {
        name: "Error",
        message: "the recording has neither a response nor an error",
      },
      status: 0,
      statusText: "",
      headers: {},
    };
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers[name] = value;
  }
  const recordedType = headerValue(response.headers, "content-type");
  const converted =
    mediaType?.params.g === "apidiscovery.k8s.io" && recordedVersion(exchange) !== mediaType.params.v;
  if (converted) {
    for (const name of Object.keys(headers)) if (name.toLowerCase() === "content-type") delete headers[name];
    headers["Content-Type"] = formatMediaType(mediaType);
  } else if (recordedType === undefined) {
    const inferred = inferContentType(response.body);
    if (inferred) headers["Content-Type"] = inferred;
  }
  // What the log an exchange was imported from does not show cannot be served as if it were known.
  const missing = exchange.fromLog?.absent?.find((part) => part === "status" || part === "responseBody");
  if (missing) {
    const request = { method: exchange.request.method, url: redactUrl(exchange.request.url).url };
    return {
      exchange,
      status: 0,
      statusText: "",
      headers: {},
      incomplete: new CassetteIncompleteError(request, exchange.seq, 0, 0, missing),
    };
  }
  const answer: ReplayAnswer = {
    exchange,
    status: response.status,
    statusText: response.statusText || httpModule().STATUS_CODES[response.status] || "",
    headers,
  };
  const body = response.body;
  if (body?.kind === "stream") {
    answer.chunks = body.chunks;
    const clientLeft =
      exchange.error &&
      (CLIENT_ABORTS.has(exchange.error.name) || CLIENT_ABORTS.has(exchange.error.code ?? ""));
    if (exchange.error && !clientLeft) answer.failureAfterBody = exchange.error;
    else if (clientLeft || body.truncated || exchange.totalMs === undefined) answer.streamEnd = "hold";
    else answer.streamEnd = { atMs: Math.max(0, exchange.totalMs - exchange.durationMs) };
  } else {
    if (body) {
      const bytes = bodyBytes(body);
      answer.body = converted
        ? Buffer.from(convertDiscovery(bytes.toString("utf8"), mediaType.params.v!))
        : bytes;
    }
    if (exchange.error) answer.failureAfterBody = exchange.error;
    else if (body?.truncated) {
      const request = { method: exchange.request.method, url: redactUrl(exchange.request.url).url };
      answer.incomplete = new CassetteIncompleteError(
        request,
        exchange.seq,
        answer.body?.length ?? 0,
        body.bytes,
      );
    }
  }
  return answer;
}

function recordedVersion(exchange: Exchange): string | undefined {
  const body = exchange.response?.body;
  if (body?.kind !== "json") return undefined;
  const apiVersion = (body.value as { apiVersion?: unknown } | null)?.apiVersion;
  return typeof apiVersion === "string" ? apiVersion.split("/")[1] : undefined;
}

/** An Error rebuilt from a recorded transport failure. */
export function failureError(failure: ExchangeError): Error {
  const error = new Error(failure.message);
  error.name = failure.name;
  if (failure.code) Object.assign(error, { code: failure.code });
  return error;
}

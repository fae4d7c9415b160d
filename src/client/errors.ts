import type { Status } from "kubernetes-types/meta/v1.js";
import { KubewireError } from "../errors.js";
import type { Exchange } from "../record/exchange/exchange.js";
import { redactSecretText } from "../record/redact/redact.js";

/** Every message an error carries goes through the secret policy's text rules (a server may quote anything). */
const safe = (text: string): string => redactSecretText(text);

/** Where a failed call went: the verb and URL (credential query parameters already redacted). */
export interface RequestInfo {
  method: string;
  url: string;
}

/** The largest part of a non-Status error body kept on an error (2 KiB): enough to read, never a whole page. */
export const ERROR_BODY_LIMIT = 2048;

/**
 * The API server answered with a non-2xx status and a `Status` object. Carries the request, the HTTP status, the
 * server's `Status` (reason, message, details, causes) and the exchange.
 *
 * @example
 * try { await client.get("v1", "ConfigMap", "nope", { namespace: "default" }); }
 * catch (e) { if (isNotFound(e)) console.log(e.status.details?.name); }
 */
export class KubeApiError extends KubewireError {
  readonly request: RequestInfo;
  /** The HTTP status code. */
  readonly statusCode: number;
  /** The server's `Status` object, as sent. */
  readonly status: Status;
  /** `Status.reason` (`NotFound`, `Conflict`, `AlreadyExists`, `Invalid`, `Forbidden`, ...) or `Unknown`. */
  readonly reason: string;
  readonly exchange: Exchange | undefined;

  /** Seconds the server asked the client to wait (`Retry-After`, or `details.retryAfterSeconds`), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    request: RequestInfo,
    statusCode: number,
    status: Status,
    exchange?: Exchange,
    options: { retryAfterSeconds?: number; code?: string } = {},
  ) {
    const reason = status.reason || "Unknown";
    super(
      options.code ?? "KUBEWIRE_API_ERROR",
      `${reason} (${statusCode}): ${request.method} ${request.url}: ${safe(status.message ?? "no message")}`,
    );
    this.name = "KubeApiError";
    this.request = request;
    this.statusCode = statusCode;
    this.status = status;
    this.reason = reason;
    this.exchange = exchange;
    this.retryAfterSeconds = options.retryAfterSeconds ?? status.details?.retryAfterSeconds;
  }

  /** `status.details.causes`: which fields failed validation and why (422 Invalid), or `[]`. */
  get causes(): NonNullable<NonNullable<Status["details"]>["causes"]> {
    return this.status.details?.causes ?? [];
  }
}

/**
 * A watch (or a list continuation) asked for a resourceVersion the server no longer has: `410 Gone` / `Expired`,
 * sent as the HTTP status or as an `ERROR` event inside the stream. The caller must list again and watch from the
 * list's resourceVersion. `isGone(e)` is true for it.
 */
export class KubeWatchExpiredError extends KubeApiError {
  /** The resourceVersion the watch tried to resume from. */
  readonly resourceVersion: string | undefined;

  constructor(
    request: RequestInfo,
    status: Status,
    resourceVersion: string | undefined,
    exchange?: Exchange,
  ) {
    super(request, status.code ?? 410, status, exchange, { code: "KUBEWIRE_WATCH_EXPIRED" });
    this.name = "KubeWatchExpiredError";
    this.resourceVersion = resourceVersion;
  }
}

/**
 * A non-2xx answer whose body is not a Kubernetes `Status`: `404 page not found` as text/plain from an unknown
 * group, an HTML page from a proxy or load balancer. Keeps at most {@link ERROR_BODY_LIMIT} bytes of the body.
 */
export class KubeHttpError extends KubewireError {
  readonly request: RequestInfo;
  readonly statusCode: number;
  readonly contentType: string | undefined;
  /** The start of the body, at most 2 KiB. */
  readonly body: string;
  readonly bodyTruncated: boolean;
  readonly exchange: Exchange | undefined;

  constructor(
    request: RequestInfo,
    statusCode: number,
    contentType: string | undefined,
    body: string,
    exchange?: Exchange,
  ) {
    const capped = capText(safe(body), ERROR_BODY_LIMIT);
    const firstLine = capped.text.split("\n", 1)[0]!.trim().slice(0, 200);
    super(
      "KUBEWIRE_HTTP_ERROR",
      `HTTP ${statusCode} (${contentType ?? "no content type"}): ${request.method} ${request.url}: ${firstLine}`,
    );
    this.name = "KubeHttpError";
    this.request = request;
    this.statusCode = statusCode;
    this.contentType = contentType;
    this.body = capped.text;
    this.bodyTruncated = capped.truncated;
    this.exchange = exchange;
  }
}

/** The request got no complete answer: connection refused or reset, DNS, TLS, a body cut short. `cause` says why. */
export class KubeNetworkError extends KubewireError {
  readonly request: RequestInfo;
  readonly exchange: Exchange | undefined;

  constructor(request: RequestInfo, cause: unknown, exchange?: Exchange, code = "KUBEWIRE_NETWORK_ERROR") {
    const detail =
      cause instanceof Error
        ? `${(cause as { code?: string }).code ?? cause.name}: ${cause.message}`
        : String(cause);
    const what =
      code === "KUBEWIRE_TIMEOUT" ? "timeout" : code === "KUBEWIRE_ABORTED" ? "aborted" : "network error";
    super(code, `${what}: ${request.method} ${request.url}: ${safe(detail)}`, { cause });
    this.name = "KubeNetworkError";
    this.request = request;
    this.exchange = exchange;
  }
}

/**
 * A response body larger than the client accepts (`maxResponseBytes`, default {@link DEFAULT_MAX_RESPONSE_BYTES}):
 * the request was cut off rather than let a body that never ends fill the memory.
 */
export class KubeResponseTooLargeError extends KubewireError {
  readonly request: RequestInfo;
  readonly limitBytes: number;

  constructor(request: RequestInfo, limitBytes: number) {
    super(
      "KUBEWIRE_RESPONSE_TOO_LARGE",
      `response too large: ${request.method} ${request.url}: the body exceeds ${limitBytes} bytes (maxResponseBytes)`,
    );
    this.name = "KubeResponseTooLargeError";
    this.request = request;
    this.limitBytes = limitBytes;
  }
}

/** The default largest response body a client reads (512 MiB: far above any list a cluster sends in one page). */
export const DEFAULT_MAX_RESPONSE_BYTES = 512 * 1024 * 1024;

/** A timeout: connect, response headers, an idle body, or the caller's `AbortSignal.timeout()`. */
export class KubeTimeoutError extends KubeNetworkError {
  readonly timeoutMs: number | undefined;

  constructor(request: RequestInfo, cause: unknown, timeoutMs?: number, exchange?: Exchange) {
    super(request, cause, exchange, "KUBEWIRE_TIMEOUT");
    this.name = "KubeTimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/** The caller aborted the request through its `AbortSignal`; `cause` is the signal's reason. */
export class KubeAbortError extends KubeNetworkError {
  constructor(request: RequestInfo, cause: unknown, exchange?: Exchange) {
    super(request, cause, exchange, "KUBEWIRE_ABORTED");
    this.name = "KubeAbortError";
  }
}

/** The server said 2xx but the body is not what was asked for (not JSON, cut short). Never a partial object. */
export class KubeDecodeError extends KubewireError {
  readonly request: RequestInfo;
  readonly exchange: Exchange | undefined;

  constructor(request: RequestInfo, problem: string, exchange?: Exchange) {
    super(
      "KUBEWIRE_DECODE_ERROR",
      `cannot decode response: ${request.method} ${request.url}: ${safe(problem)}`,
    );
    this.name = "KubeDecodeError";
    this.request = request;
    this.exchange = exchange;
  }
}

function capText(text: string, limit: number): { text: string; truncated: boolean } {
  const bytes = Buffer.from(text);
  if (bytes.length <= limit) return { text, truncated: false };
  // Cut on a character boundary so the kept text is valid UTF-8.
  return { text: new TextDecoder().decode(bytes.subarray(0, limit)).replace(/\uFFFD$/, ""), truncated: true };
}

function reasonIs(error: unknown, reason: string, code?: number): error is KubeApiError {
  return (
    error instanceof KubeApiError &&
    (error.reason === reason ||
      (code !== undefined && error.reason === "Unknown" && error.statusCode === code))
  );
}

/** 404 NotFound. */
export const isNotFound = (e: unknown): e is KubeApiError => reasonIs(e, "NotFound", 404);
/** 409 Conflict: a write with a stale resourceVersion (retry after reading again). */
export const isConflict = (e: unknown): e is KubeApiError => reasonIs(e, "Conflict", 409);
/** 409 AlreadyExists: a create of a name that exists. */
export const isAlreadyExists = (e: unknown): e is KubeApiError => reasonIs(e, "AlreadyExists");
/** 403 Forbidden (RBAC, admission such as PodSecurity). */
export const isForbidden = (e: unknown): e is KubeApiError => reasonIs(e, "Forbidden", 403);
/** 422 Invalid: validation failed; `status.details.causes` says where. */
export const isInvalid = (e: unknown): e is KubeApiError => reasonIs(e, "Invalid", 422);
/** 410 Gone / Expired: a resourceVersion or continue token too old; relist. */
export const isGone = (e: unknown): e is KubeApiError => reasonIs(e, "Gone", 410) || reasonIs(e, "Expired");
/** 429 TooManyRequests (API Priority and Fairness). */
export const isTooManyRequests = (e: unknown): e is KubeApiError => reasonIs(e, "TooManyRequests", 429);
/** 401 Unauthorized. */
export const isUnauthorized = (e: unknown): e is KubeApiError => reasonIs(e, "Unauthorized", 401);
/** 400 BadRequest. */
export const isBadRequest = (e: unknown): e is KubeApiError => reasonIs(e, "BadRequest", 400);
/** 405 MethodNotAllowed: the resource does not support the verb. */
export const isMethodNotAllowed = (e: unknown): e is KubeApiError => reasonIs(e, "MethodNotAllowed", 405);
/** 500 InternalError. */
export const isInternalError = (e: unknown): e is KubeApiError => reasonIs(e, "InternalError", 500);
/** 503 ServiceUnavailable (an aggregated API that is down, a server shutting down). */
export const isServiceUnavailable = (e: unknown): e is KubeApiError => reasonIs(e, "ServiceUnavailable", 503);
/** 500/504 with reason ServerTimeout or Timeout: the server gave up; the request may be retried. */
export const isServerTimeout = (e: unknown): e is KubeApiError =>
  reasonIs(e, "ServerTimeout") || reasonIs(e, "Timeout", 504);

/** The exchanges of every attempt behind an error (the transport retried a 500 with Retry-After, say). */
const attemptsBehind = new WeakMap<object, readonly Exchange[]>();

/** Records the attempts that led to an error (the client does, for every answer it turns into an error). */
export function recordAttempts(error: unknown, attempts: readonly Exchange[]): void {
  if (typeof error === "object" && error !== null) attemptsBehind.set(error, [...attempts]);
}

/**
 * Whether an attempt before the one that gave this error got an answer after which a write may have landed (a 5xx,
 * or a transport failure): a 409 that follows one may be the write's own success seen again.
 */
export function followedAmbiguousAnswer(error: unknown): boolean {
  const attempts = typeof error === "object" && error !== null ? attemptsBehind.get(error) : undefined;
  if (!attempts) return false;
  return attempts
    .slice(0, -1)
    .some((e) => e.error !== undefined || (e.response !== undefined && e.response.status >= 500));
}

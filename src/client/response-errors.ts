import type { Status } from "kubernetes-types/meta/v1.js";
import { describeJsonError } from "../normalize/json-error.js";
import { bodyText } from "../record/exchange/body.js";
import type { Exchange } from "../record/exchange/exchange.js";
import {
  KubeAbortError,
  KubeApiError,
  KubeDecodeError,
  KubeHttpError,
  KubeNetworkError,
  KubeTimeoutError,
} from "./errors.js";
import type { RequestInfo } from "./errors.js";

export function firstValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function isStatus(value: unknown): value is Status {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "Status";
}

export function isTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return (
    code === "UND_ERR_HEADERS_TIMEOUT" ||
    code === "UND_ERR_BODY_TIMEOUT" ||
    code === "UND_ERR_CONNECT_TIMEOUT" ||
    (error as Error)?.name === "TimeoutError"
  );
}

export /** Classifies a failure to get a (complete) answer: the caller's abort, a timeout, or a network error. */
function networkError(
  info: RequestInfo,
  error: unknown,
  signal: AbortSignal | undefined,
  timeoutMs: number,
  exchange?: Exchange,
): KubeNetworkError {
  if (error instanceof KubeNetworkError) return error;
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if ((reason as Error | undefined)?.name === "TimeoutError")
      return new KubeTimeoutError(info, reason, undefined, exchange);
    return new KubeAbortError(info, reason ?? error, exchange);
  }
  if (isTimeout(error)) return new KubeTimeoutError(info, error, timeoutMs, exchange);
  return new KubeNetworkError(info, error, exchange);
}

/** Seconds in a `Retry-After` header, when it is an integer. */
export function retryAfterHeader(headers: Record<string, string | string[] | undefined>): number | undefined {
  const value = firstValue(headers["retry-after"])?.trim();
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Turns a non-2xx answer into the right error: a `Status` body gives KubeApiError, anything else KubeHttpError. */
export function errorFromResponse(
  info: RequestInfo,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
  exchange?: Exchange,
): KubeApiError | KubeHttpError {
  const contentType = firstValue(headers["content-type"]);
  if (contentType?.includes("json")) {
    try {
      // The Status as recorded: redacted, and scrubbed of what the request carried (a webhook quoting the Secret
      // it rejects), so neither the message nor the error's `status` shows it.
      const recordedBody = exchange?.response?.body;
      const value: unknown =
        recordedBody?.kind === "json" && isStatus(recordedBody.value) ? recordedBody.value : JSON.parse(text);
      if (isStatus(value)) {
        const retryAfterSeconds = retryAfterHeader(headers);
        return new KubeApiError(
          info,
          status,
          value,
          exchange,
          retryAfterSeconds !== undefined ? { retryAfterSeconds } : {},
        );
      }
    } catch {
      // Not JSON after all: fall through to the generic error.
    }
  }
  // An error is printed and logged far more often than a result: it keeps the body as recorded, so redacted.
  const recorded = exchange?.response?.body ? bodyText(exchange.response.body) : undefined;
  return new KubeHttpError(info, status, contentType, recorded ?? text, exchange);
}

/** Decodes a JSON answer; a body that is not JSON is a KubeDecodeError, never a value. */
export function parseJsonBody(res: { text: string; exchange: Exchange }): unknown {
  try {
    return JSON.parse(res.text) as unknown;
  } catch (error) {
    throw new KubeDecodeError(
      { method: res.exchange.request.method, url: res.exchange.request.url },
      `body is not JSON (${describeJsonError(error)})`,
      res.exchange,
    );
  }
}

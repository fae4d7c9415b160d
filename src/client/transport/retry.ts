import type { Dispatcher } from "undici";
import { headerValue } from "../../internal/headers.js";

type Headers = Record<string, string | string[] | undefined>;

/** client-go's retry rule, as options. */
export interface RetryOptions {
  /** Retries after the first attempt (client-go: 10). */
  maxRetries?: number;
  /** The longest single wait honoured, in ms; a longer `Retry-After` is shortened to it. Default: no limit (client-go). */
  maxWaitMs?: number;
  /**
   * Also retry a GET whose connection was reset or closed before an answer, as client-go does (after an
   * artificial `Retry-After: 1`). Off by default: Node cannot tell a reset from a TLS alert (a refused client
   * certificate reads as "other side closed"), and ten one-second retries would hide that failure for ten seconds.
   */
  retryNetworkErrors?: boolean;
  /** Wait before such a retry. Default 1000 ms. */
  networkErrorWaitMs?: number;
}

/**
 * The wait, in seconds, that a response asks for before a retry: only 429 and 5xx answers, and only with an integer
 * `Retry-After` (client-go's `checkWait`); otherwise undefined (no retry).
 */
export function retryAfterSeconds(status: number, headers: Headers): number | undefined {
  if (status !== 429 && status < 500) return undefined;
  const value = headerValue(headers, "retry-after")?.trim();
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return undefined;
  return Math.max(0, Number(value));
}

/** A body that can be sent again byte for byte (a stream cannot: it was consumed by the first attempt). */
function resendable(body: Dispatcher.DispatchOptions["body"]): boolean {
  return body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array;
}

/** Connection failures after which an idempotent GET may safely go again (client-go: reset or unexpected EOF). */
function isRetryableNetworkError(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET";
}

/**
 * The controller the caller's handler sees for the whole request: it forwards to the current attempt's
 * connection, and an abort while waiting between attempts ends the request instead of reaching a finished one.
 */
class StableController implements Dispatcher.DispatchController {
  target: Dispatcher.DispatchController | undefined;
  onIdleAbort: ((reason: Error) => void) | undefined;
  #aborted = false;
  #reason: Error | null = null;
  #paused = false;

  get aborted(): boolean {
    return this.#aborted || (this.target?.aborted ?? false);
  }
  get paused(): boolean {
    return this.#paused || (this.target?.paused ?? false);
  }
  get reason(): Error | null {
    return this.#reason ?? this.target?.reason ?? null;
  }
  abort(reason: Error): void {
    this.#aborted = true;
    this.#reason = reason;
    if (this.onIdleAbort) this.onIdleAbort(reason);
    else this.target?.abort(reason);
  }
  pause(): void {
    this.#paused = true;
    this.target?.pause();
  }
  resume(): void {
    this.#paused = false;
    this.target?.resume();
  }
}

class RetryingRequest {
  attempts = 0;
  started = false;
  readonly controller = new StableController();

  constructor(
    readonly dispatch: Dispatcher.Dispatch,
    readonly opts: Dispatcher.DispatchOptions,
    readonly inner: Dispatcher.DispatchHandler,
    readonly options: RetryOptions,
  ) {}

  send(): boolean {
    return this.dispatch(this.opts, new AttemptHandler(this));
  }

  /** Whether another attempt is allowed, counting it. */
  mayRetry(): boolean {
    if (this.controller.aborted || this.attempts >= (this.options.maxRetries ?? 10)) return false;
    this.attempts++;
    return true;
  }

  retryLater(waitMs: number): void {
    // A timer longer than 2^31-1 ms fires at once (and Node warns on stderr): a huge Retry-After waits the longest
    // a timer can, unless maxWaitMs says less.
    const ms = Math.min(waitMs, this.options.maxWaitMs ?? Infinity, 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.controller.onIdleAbort = undefined;
      try {
        this.send();
      } catch (error) {
        this.inner.onResponseError?.(this.controller, error as Error);
      }
    }, ms);
    this.controller.onIdleAbort = (reason) => {
      clearTimeout(timer);
      this.controller.onIdleAbort = undefined;
      this.inner.onResponseError?.(this.controller, reason);
    };
  }
}

/** One attempt: answers that ask for a retry are swallowed here (the recorder below has already seen them). */
class AttemptHandler implements Dispatcher.DispatchHandler {
  #retryInMs: number | undefined;
  #responded = false;

  constructor(readonly request: RetryingRequest) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    const r = this.request;
    r.controller.target = controller;
    if (r.controller.paused) controller.pause();
    if (!r.started) {
      r.started = true;
      r.inner.onRequestStart?.(r.controller, context);
    }
  }

  onRequestUpgrade(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: Headers,
    socket: Parameters<NonNullable<Dispatcher.DispatchHandler["onRequestUpgrade"]>>[3],
  ): void {
    this.request.inner.onRequestUpgrade?.(this.request.controller, status, headers, socket);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: Headers,
    statusMessage?: string,
  ): void {
    this.#responded = true;
    const wait = retryAfterSeconds(status, headers);
    if (wait !== undefined && this.request.mayRetry()) {
      this.#retryInMs = wait * 1000;
      return;
    }
    this.request.inner.onResponseStart?.(this.request.controller, status, headers, statusMessage);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#retryInMs === undefined) this.request.inner.onResponseData?.(this.request.controller, chunk);
  }

  onResponseEnd(_controller: Dispatcher.DispatchController, trailers: Headers): void {
    if (this.#retryInMs !== undefined) this.request.retryLater(this.#retryInMs);
    else this.request.inner.onResponseEnd?.(this.request.controller, trailers);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const r = this.request;
    if (this.#retryInMs !== undefined && !r.controller.aborted) {
      // The answer asking for a retry was cut short; the retry is still what the server asked for.
      r.retryLater(this.#retryInMs);
      return;
    }
    const method = (r.opts.method ?? "GET").toUpperCase();
    if (
      r.options.retryNetworkErrors &&
      !this.#responded &&
      method === "GET" &&
      isRetryableNetworkError(error) &&
      r.mayRetry()
    ) {
      r.retryLater(r.options.networkErrorWaitMs ?? 1000);
      return;
    }
    r.inner.onResponseError?.(r.controller, error);
  }
}

/**
 * client-go's retry rule as an undici interceptor: a 429 or 5xx answer with an integer `Retry-After` is retried
 * after that many seconds (and, when asked, a GET whose connection was reset), at most `maxRetries` times, and only
 * when the body can be sent again. Compose it OUTSIDE the recorder (`agent.compose(recorder, retryInterceptor())`) so that
 * every attempt is its own recorded exchange.
 *
 * @example
 * const dispatcher = new Agent().compose(recordingInterceptor({ onExchange }), retryInterceptor({ maxRetries: 3 }));
 */
export function retryInterceptor(options: RetryOptions = {}): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    if (!resendable(opts.body)) return dispatch(opts, handler);
    return new RetryingRequest(dispatch, opts, handler, options).send();
  };
}

import { Dispatcher } from "undici";
import { bodyBytes, bodyFromBytes } from "./body.js";
import { CassetteMissError } from "./errors.js";
import type { Cassette, Exchange, HeaderMap } from "./exchange.js";
import { headersToRecord, toHandler } from "./handler.js";
import type { Handler } from "./handler.js";
import { ExchangeMatcher, requestKey } from "./match.js";
import { redactBody } from "./redact.js";

export interface ReplayOptions {
  /** Multiplies recorded stream timings (watch chunks): 0 sends them at once, 1 keeps recorded timing. Default 0. */
  timeScale?: number;
  /** Answer again with the last match once every match has been used (default true). */
  repeat?: boolean;
}

class ReplayController implements Dispatcher.DispatchController {
  #aborted = false;
  #paused = false;
  #reason: Error | null = null;
  #onResume: (() => void) | undefined;
  #onAbort: ((reason: Error) => void) | undefined;

  get aborted() {
    return this.#aborted;
  }
  get paused() {
    return this.#paused;
  }
  get reason() {
    return this.#reason;
  }
  abort(reason: Error) {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#onAbort?.(reason);
  }
  pause() {
    this.#paused = true;
  }
  resume() {
    this.#paused = false;
    const waiting = this.#onResume;
    this.#onResume = undefined;
    waiting?.();
  }
  waitUntilResumed(): Promise<void> {
    return this.#paused ? new Promise((resolve) => (this.#onResume = resolve)) : Promise.resolve();
  }
  onAbort(listener: (reason: Error) => void) {
    this.#onAbort = listener;
  }
}

function toUndiciHeaders(headers: HeaderMap): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

async function readRequestBody(body: Dispatcher.DispatchOptions["body"]): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * An undici Dispatcher that answers requests from a cassette instead of the network: pass it as `dispatcher` to
 * `createClient`, `fetch` or `request`. Responses carry the recorded status, headers and exact body bytes; watch
 * streams are replayed chunk by chunk. A request with no recording fails with {@link CassetteMissError}.
 *
 * @example
 * const client = createClient({ server: "https://127.0.0.1:6443", dispatcher: createReplayDispatcher(cassette) });
 */
export class ReplayDispatcher extends Dispatcher {
  readonly #matcher: ExchangeMatcher;
  readonly #timeScale: number;
  #closed = false;

  constructor(cassette: Cassette, options: ReplayOptions = {}) {
    super();
    this.#matcher = new ExchangeMatcher(cassette.exchanges, { repeat: options.repeat ?? true });
    this.#timeScale = options.timeScale ?? 0;
  }

  override dispatch(opts: Dispatcher.DispatchOptions, rawHandler: Dispatcher.DispatchHandler): boolean {
    const handler = toHandler(rawHandler);
    const controller = new ReplayController();
    void this.#answer(opts, handler, controller).catch((error: unknown) => {
      if (!controller.aborted)
        handler.onResponseError(controller, error instanceof Error ? error : new Error(String(error)));
    });
    return true;
  }

  async #answer(
    opts: Dispatcher.DispatchOptions,
    handler: Handler,
    controller: ReplayController,
  ): Promise<void> {
    let aborted: Error | undefined;
    controller.onAbort((reason) => (aborted = reason));
    handler.onRequestStart(controller, {});
    const origin = typeof opts.origin === "string" ? opts.origin : (opts.origin?.toString() ?? "");
    const url = origin.replace(/\/$/, "") + opts.path;
    const headers = headersToRecord(opts.headers);
    const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === "content-type")?.[1];
    const raw = await readRequestBody(opts.body);
    // Recorded bodies are redacted, so the incoming one is compared in its redacted form.
    const incoming = raw
      ? bodyFromBytes(raw, Array.isArray(contentType) ? contentType[0] : contentType)
      : undefined;
    const body = incoming ? redactBody(incoming, { url }).body : undefined;
    const key = requestKey(opts.method, url, body);
    const exchange = this.#closed ? undefined : this.#matcher.match(key);
    if (!exchange) throw new CassetteMissError({ method: opts.method, url }, this.#matcher.closest(key));
    await this.#respond(exchange, handler, controller, () => aborted);
  }

  async #respond(
    exchange: Exchange,
    handler: Handler,
    controller: ReplayController,
    aborted: () => Error | undefined,
  ) {
    await Promise.resolve();
    if (exchange.error && !exchange.response) {
      const error = new Error(exchange.error.message);
      error.name = exchange.error.name;
      if (exchange.error.code) Object.assign(error, { code: exchange.error.code });
      throw error;
    }
    const response = exchange.response!;
    if (aborted()) return;
    handler.onResponseStart(
      controller,
      response.status,
      toUndiciHeaders(response.headers),
      response.statusText,
    );
    const body = response.body;
    if (body?.kind === "stream") {
      let previous = 0;
      for (const chunk of body.chunks) {
        const wait = (chunk.atMs - previous) * this.#timeScale;
        previous = chunk.atMs;
        if (wait > 0) await sleep(wait);
        await controller.waitUntilResumed();
        if (aborted()) return;
        handler.onResponseData(controller, Buffer.from(chunk.text));
      }
    } else if (body) {
      await controller.waitUntilResumed();
      if (aborted()) return;
      handler.onResponseData(controller, bodyBytes(body));
    }
    if (aborted()) return;
    if (exchange.error) {
      // The recording ended in a failure mid-body: replay the failure too.
      const error = new Error(exchange.error.message);
      error.name = exchange.error.name;
      throw error;
    }
    handler.onResponseEnd(controller, {});
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    this.#closed = true;
    if (callback) {
      queueMicrotask(callback);
      return;
    }
    return Promise.resolve();
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(errOrCallback?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
    this.#closed = true;
    const cb = typeof errOrCallback === "function" ? errOrCallback : callback;
    if (cb) {
      queueMicrotask(cb);
      return;
    }
    return Promise.resolve();
  }
}

/** Creates a {@link ReplayDispatcher} for a cassette. */
export function createReplayDispatcher(cassette: Cassette, options: ReplayOptions = {}): ReplayDispatcher {
  return new ReplayDispatcher(cassette, options);
}

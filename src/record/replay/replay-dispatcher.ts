import { Dispatcher } from "undici";
import type { Cassette } from "../exchange/exchange.js";
import { headersToRecord, toHandler } from "../capture/handler.js";
import type { Handler } from "../capture/handler.js";
import { failureError, Replayer } from "./replayer.js";
import type { ReplayAnswer } from "./replayer.js";

/** How recorded answers are replayed, the timing of streams and whether the last match answers again. */
export interface ReplayOptions {
  /** Multiplies recorded stream timings (watch chunks): 0 sends them at once, 1 keeps recorded timing. Default 0. */
  timeScale?: number;
  /** Answer again with the last match once every match has been used (default true). */
  repeat?: boolean;
}

/** The controller a replayed response hands to undici handlers: pause/resume for backpressure, abort. */
export class ReplayController implements Dispatcher.DispatchController {
  /**
   * The response headers as name/value pairs, as undici's own controllers carry them: undici 8's fetch reads
   * headers from here (and would see none without it).
   */
  rawHeaders: Buffer[] = [];
  #aborted = false;
  #paused = false;
  #reason: Error | null = null;
  #onResume: (() => void) | undefined;
  readonly #onAbort: ((reason: Error) => void)[] = [];

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
    for (const listener of this.#onAbort.splice(0)) listener(reason);
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
    if (this.#aborted) listener(this.#reason!);
    else this.#onAbort.push(listener);
  }
  /** Resolves once the consumer aborts (a held-open watch ends only that way). */
  untilAborted(): Promise<void> {
    return new Promise((resolve) => this.onAbort(() => resolve()));
  }
}

/** Waits `ms`, or less if the request is aborted meanwhile. */
function sleep(ms: number, controller: ReplayController): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    controller.onAbort(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Reads a request body of any form undici accepts into one buffer. */
export async function readRequestBody(body: Dispatcher.DispatchOptions["body"]): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function toUndiciHeaders(headers: Record<string, string | string[]>, body?: Buffer) {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  if (body) out["content-length"] = String(body.length);
  return out;
}

/** Plays a prepared answer into an undici handler: status and headers, the body (streams chunk by chunk), the end. */
export async function playAnswer(
  answer: ReplayAnswer,
  handler: Handler,
  controller: ReplayController,
  timeScale: number,
): Promise<void> {
  await Promise.resolve();
  if (answer.failure) throw failureError(answer.failure);
  if (answer.incomplete) throw answer.incomplete;
  if (controller.aborted) return;
  const headers = toUndiciHeaders(answer.headers, answer.body);
  controller.rawHeaders = Object.entries(headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).flatMap((v) => [
      Buffer.from(name, "latin1"),
      Buffer.from(v, "latin1"),
    ]),
  );
  handler.onResponseStart(controller, answer.status, headers, answer.statusText);
  if (answer.chunks) {
    let previous = 0;
    for (const chunk of answer.chunks) {
      const wait = (chunk.atMs - previous) * timeScale;
      previous = chunk.atMs;
      if (wait > 0) await sleep(wait, controller);
      await controller.waitUntilResumed();
      if (controller.aborted) return;
      handler.onResponseData(controller, Buffer.from(chunk.text));
    }
    if (answer.streamEnd === "hold") {
      await controller.untilAborted();
      return;
    }
    const wait = ((answer.streamEnd?.atMs ?? previous) - previous) * timeScale;
    if (wait > 0) await sleep(wait, controller);
  } else if (answer.body && answer.body.length > 0) {
    await controller.waitUntilResumed();
    if (controller.aborted) return;
    handler.onResponseData(controller, answer.body);
  }
  if (controller.aborted) return;
  if (answer.failureAfterBody) throw failureError(answer.failureAfterBody);
  handler.onResponseEnd(controller, {});
}

/** Answers one dispatch from a replayer; reports failures (a miss included) through the handler, as undici does. */
export function replayDispatch(
  replayer: Replayer,
  opts: Dispatcher.DispatchOptions,
  rawHandler: Dispatcher.DispatchHandler,
  timeScale: number,
  closed = false,
): boolean {
  const handler = toHandler(rawHandler);
  const controller = new ReplayController();
  const run = async () => {
    handler.onRequestStart(controller, {});
    const origin = typeof opts.origin === "string" ? opts.origin : (opts.origin?.toString() ?? "");
    const body = await readRequestBody(opts.body);
    if (closed) throw new Error("the replay dispatcher is closed");
    const answer = replayer.answer({
      method: opts.method,
      url: origin.replace(/\/$/, "") + opts.path,
      headers: headersToRecord(opts.headers),
      ...(body ? { body } : {}),
    });
    await playAnswer(answer, handler, controller, timeScale);
  };
  run().catch((error: unknown) => {
    if (!controller.aborted)
      handler.onResponseError(controller, error instanceof Error ? error : new Error(String(error)));
  });
  return true;
}

/**
 * An undici Dispatcher that answers requests from a cassette instead of the network: pass it as `dispatcher` to
 * `createClient`, `fetch` or `request` (so also to other undici-based clients). Responses carry the recorded
 * status, headers and exact body bytes; watch streams are replayed chunk by chunk. A request with no recording
 * fails with {@link CassetteMissError}, naming the closest recorded requests and how they differ.
 *
 * @example
 * const client = createClient({ server: "https://127.0.0.1:6443", dispatcher: createReplayDispatcher(cassette) });
 */
export class ReplayDispatcher extends Dispatcher {
  readonly #replayer: Replayer;
  readonly #timeScale: number;
  #closed = false;

  constructor(cassette: Cassette, options: ReplayOptions = {}) {
    super();
    this.#replayer = new Replayer(cassette, { repeat: options.repeat ?? true });
    this.#timeScale = options.timeScale ?? 0;
  }

  /** The recorded exchanges no request has used yet (to check that a test exercised the whole recording). */
  unused() {
    return this.#replayer.matcher.unused();
  }

  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return replayDispatch(this.#replayer, opts, handler, this.#timeScale, this.#closed);
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

/**
 * Creates a {@link ReplayDispatcher} for a cassette: an undici dispatcher that answers from the recording and
 * never touches the network (a request nothing matches fails with {@link CassetteMissError}).
 *
 * @example
 * const dispatcher = createReplayDispatcher(await loadCassette("fixtures/cassettes/list.json"));
 * const client = createClient({ server: "https://127.0.0.1:6443", dispatcher });
 */
export function createReplayDispatcher(cassette: Cassette, options: ReplayOptions = {}): ReplayDispatcher {
  return new ReplayDispatcher(cassette, options);
}

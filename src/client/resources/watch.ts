import type { Status } from "kubernetes-types/meta/v1.js";
import { KubewireError } from "../../errors.js";
import { describeJsonError } from "../../normalize/json-error.js";
import type { KubeObject } from "../../normalize/types.js";
import type { Exchange } from "../../record/exchange/exchange.js";
import type { CallOptions } from "../client-options.js";
import { contentCodings, decodeContentStream } from "../transport/content-encoding.js";
import {
  KubeAbortError,
  KubeApiError,
  KubeDecodeError,
  KubeNetworkError,
  KubeWatchExpiredError,
} from "../errors.js";
import type { RequestInfo } from "../errors.js";
import type { QueryValue } from "./request.js";
import { errorFromResponse, networkError } from "../response-errors.js";

/** The event types a watch yields (`ERROR` events are thrown as errors, never yielded). */
export const WATCH_EVENT_TYPES = ["ADDED", "MODIFIED", "DELETED", "BOOKMARK"] as const;
/** The `type` of a {@link WatchEvent}, one of {@link WATCH_EVENT_TYPES}. */
export type WatchEventType = (typeof WATCH_EVENT_TYPES)[number];

/** One watch event: the object as the server sent it, and the exact line it came in. */
export interface WatchEvent<T = KubeObject> {
  type: WatchEventType;
  /** For `BOOKMARK`, only `kind`, `apiVersion` and `metadata.resourceVersion` (and annotations) are set. */
  object: T;
  /** The event's JSON line, as received. */
  raw: string;
}

/**
 * Options of `watch`, saying what to watch (namespace, selectors), where to start (resourceVersion) and whether to ask for bookmarks.
 */
export interface WatchOptions extends CallOptions {
  /** Omit for cluster-scoped resources or to watch all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Start after this resourceVersion (typically a list's); omitted: synthetic ADDED events for what exists, then changes. */
  resourceVersion?: string;
  resourceVersionMatch?: "NotOlderThan" | "Exact";
  /** Ask for another representation of the objects, e.g. kubectl's Table Accept header. */
  accept?: string;
  /** Ask for BOOKMARK events, which move the resume point forward when nothing else changes. */
  allowWatchBookmarks?: boolean;
  /** Ask the server to end the watch after this long; the iteration then ends instead of resuming. */
  timeoutSeconds?: number;
  /** Streaming lists (`sendInitialEvents=true`, with `resourceVersionMatch: "NotOlderThan"` and bookmarks). */
  sendInitialEvents?: boolean;
  /**
   * Reconnect after a dropped connection or a server-side close, from the last resourceVersion seen (objects and
   * bookmarks). Default true. A resourceVersion the server no longer has ends the watch with KubeWatchExpiredError.
   */
  resume?: boolean;
  /** Consecutive failed reconnections before giving up. Default 5. */
  maxReconnects?: number;
  /** Wait before reconnecting, doubled after each consecutive failure (at most 30 s). Default 1000 ms. */
  reconnectDelayMs?: number;
  /**
   * A connection silent for this long is taken for dead (a proxy that stopped forwarding) and the watch reconnects.
   * Default: `timeoutSeconds` + 30 s when `timeoutSeconds` is set (the server promised to end the watch by then),
   * otherwise none, since a quiet watch is normal.
   */
  idleTimeoutMs?: number;
  /**
   * Told about events that are not yielded: a `duplicate` of an event already yielded (same object, same
   * resourceVersion), or a `stale` one (an older resourceVersion of an object than one already yielded), as a
   * misbehaving proxy or a replayed stream can send them.
   */
  onDiscardedEvent?: (event: WatchEvent<unknown>, reason: DiscardReason) => void;
}

/** Why a watch event was not yielded. */
export const DISCARD_REASONS = ["duplicate", "stale"] as const;
export type DiscardReason = (typeof DISCARD_REASONS)[number];

/** How many objects a watch remembers the last yielded resourceVersion of, to drop duplicates and stale events. */
export const WATCH_DEDUPLICATION_WINDOW = 10_000;

/** A parsed watch line: an event, or the server's `ERROR` Status. */
export type WatchLine<T> =
  { kind: "event"; event: WatchEvent<T> } | { kind: "error"; status: Status; raw: string };

/** Parses one line of a watch stream (`{"type":"ADDED","object":{...}}`). */
export function parseWatchLine<T>(line: string): WatchLine<T> {
  let value: { type?: unknown; object?: unknown };
  try {
    value = JSON.parse(line) as { type?: unknown; object?: unknown };
  } catch (error) {
    // V8 quotes the line around the fault, and the line may hold a Secret: keep only what and where.
    throw new SyntaxError(describeJsonError(error));
  }
  if (typeof value !== "object" || value === null || typeof value.type !== "string")
    throw new SyntaxError("a watch event needs a type");
  if (value.type === "ERROR")
    return {
      kind: "error",
      status: typeof value.object === "object" && value.object !== null ? value.object : {},
      raw: line,
    };
  if (!(WATCH_EVENT_TYPES as readonly string[]).includes(value.type))
    throw new SyntaxError(`unknown watch event type ${JSON.stringify(value.type.slice(0, 40))}`);
  if (typeof value.object !== "object" || value.object === null || Array.isArray(value.object))
    throw new SyntaxError(`a ${value.type} event needs an object`);
  return {
    kind: "event",
    event: { type: value.type as WatchEventType, object: value.object as T, raw: line },
  };
}

/** Lines of a stream; `complete` is false for text after the last newline (a stream that ended mid-line). */
async function* framedLines(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<{ line: string; complete: boolean }, void, undefined> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line !== "") yield { line, complete: true };
    }
  }
  buffered += decoder.decode();
  if (buffered.trim() !== "") yield { line: buffered.trim(), complete: false };
}

/**
 * Orders two resourceVersions when both are decimal integers, as every etcd-backed API server makes them (and as
 * Kubernetes documents them to compare, KEP-5504); undefined when either is opaque, which only equality may judge.
 */
export function compareResourceVersions(a: string, b: string): number | undefined {
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return undefined;
  const x = a.replace(/^0+(?=\d)/, "");
  const y = b.replace(/^0+(?=\d)/, "");
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A watch stream that ended in the middle of an event: a dropped connection, to be resumed, not an answer. */
class CutShort extends Error {
  constructor() {
    super("the watch stream ended in the middle of an event");
    this.name = "CutShort";
  }
}

/**
 * What a watch has yielded, per object: drops duplicates and stale events, and keeps the resume point, which
 * never moves back (a reordered stream must not make a reconnect deliver again what was yielded).
 */
class WatchLedger {
  readonly #yielded = new Map<string, string>();
  resumeFrom: string | undefined;

  constructor(resourceVersion: string | undefined) {
    this.resumeFrom = resourceVersion;
  }

  /** Why the event must not be yielded, or undefined to yield it (and remember it). */
  admit(event: WatchEvent<unknown>): DiscardReason | undefined {
    const metadata = (event.object as KubeObject | undefined)?.metadata;
    const rv = metadata?.resourceVersion;
    if (typeof rv !== "string" || rv === "") return undefined;
    if (event.type !== "BOOKMARK") {
      const key =
        metadata?.uid ?? (metadata?.name !== undefined ? `${metadata.namespace ?? ""}/${metadata.name}` : "");
      if (key !== "") {
        const previous = this.#yielded.get(key);
        if (previous !== undefined) {
          const order = compareResourceVersions(rv, previous);
          if (order === undefined ? rv === previous : order <= 0)
            return order === undefined || order === 0 ? "duplicate" : "stale";
          this.#yielded.delete(key);
        }
        this.#yielded.set(key, rv);
        if (this.#yielded.size > WATCH_DEDUPLICATION_WINDOW)
          this.#yielded.delete(this.#yielded.keys().next().value!);
      }
    }
    const order = this.resumeFrom === undefined ? undefined : compareResourceVersions(rv, this.resumeFrom);
    if (order === undefined || order > 0) this.resumeFrom = rv;
    return undefined;
  }
}

/** One watch request on its way: its status and headers, and the body still streaming. */
export interface WatchConnection {
  info: RequestInfo;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Uint8Array> & { text(): Promise<string> };
  /** The body, when it was read already. */
  text?: string;
  attempts: Exchange[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The watch loop behind `client.watch`: connects, parses events, follows the resourceVersion (objects and
 * bookmarks), reconnects after a dropped connection or a server-side close, and turns `410` into
 * KubeWatchExpiredError. `connect` sends one watch request with the given query.
 */
export async function* watchEvents<T>(
  connect: (query: Record<string, QueryValue>, signal: AbortSignal) => Promise<WatchConnection>,
  request: RequestInfo,
  options: WatchOptions,
): AsyncGenerator<WatchEvent<T>, void, undefined> {
  const resume = options.resume ?? true;
  const maxReconnects = options.maxReconnects ?? 5;
  const delayMs = options.reconnectDelayMs ?? 1000;
  const ledger = new WatchLedger(options.resourceVersion);
  let failures = 0;
  for (;;) {
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    let dropped: unknown;
    let info = request;
    let events = 0;
    try {
      const sent = await connect(
        {
          watch: "true",
          labelSelector: options.labelSelector,
          fieldSelector: options.fieldSelector,
          resourceVersion: ledger.resumeFrom,
          resourceVersionMatch: options.resourceVersionMatch,
          allowWatchBookmarks: options.allowWatchBookmarks,
          sendInitialEvents: options.sendInitialEvents,
          timeoutSeconds: options.timeoutSeconds,
        },
        controller.signal,
      );
      info = sent.info;
      if (sent.status < 200 || sent.status > 299) {
        const text = sent.text ?? (await sent.body.text().catch(() => ""));
        const error = errorFromResponse(sent.info, sent.status, sent.headers, text, sent.attempts.at(-1));
        if (error instanceof KubeApiError && sent.status === 410)
          throw new KubeWatchExpiredError(sent.info, error.status, ledger.resumeFrom, error.exchange);
        throw error;
      }
      let codings;
      try {
        codings = contentCodings(sent.headers["content-encoding"]);
      } catch (error) {
        throw new KubeDecodeError(sent.info, (error as Error).message);
      }
      const body = codings ? decodeContentStream(sent.body, codings) : sent.body;
      for await (const { line, complete } of framedLines(body)) {
        let parsed: WatchLine<T>;
        try {
          parsed = parseWatchLine<T>(line);
        } catch (error) {
          // A last line without its newline that does not parse is an event cut short: resume after it.
          if (!complete) throw new CutShort();
          throw new KubeDecodeError(sent.info, `watch event is not valid: ${(error as Error).message}`);
        }
        if (parsed.kind === "error") {
          const status = parsed.status;
          if (status.code === 410 || status.reason === "Expired" || status.reason === "Gone")
            throw new KubeWatchExpiredError(sent.info, status, ledger.resumeFrom);
          throw new KubeApiError(sent.info, status.code ?? 500, status);
        }
        const discarded = ledger.admit(parsed.event);
        if (discarded !== undefined) {
          options.onDiscardedEvent?.(parsed.event, discarded);
          continue;
        }
        failures = 0;
        events++;
        yield parsed.event;
      }
    } catch (error) {
      if (options.signal?.aborted) {
        if (error instanceof KubeNetworkError) throw error;
        throw new KubeAbortError(info, options.signal.reason);
      }
      // API errors, bad events, credential and configuration problems are answers, not dropped connections.
      if (error instanceof KubewireError && !(error instanceof KubeNetworkError)) throw error;
      dropped = error;
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
      // Ends the request when the caller broke out of the loop (a no-op when it had ended).
      controller.abort();
    }
    if (dropped === undefined) {
      // The server closed the watch: it was asked to (timeoutSeconds), or its own request timeout ran out.
      if (!resume || options.timeoutSeconds !== undefined) return;
      // An idle watch closes now and then; one that closes at once must not turn into a busy loop.
      if (events === 0) await sleep(delayMs);
      continue;
    }
    const wrapped = dropped instanceof KubeNetworkError ? dropped : networkError(info, dropped, undefined, 0);
    if (!resume || failures >= maxReconnects) throw wrapped;
    await sleep(Math.min(30_000, delayMs * 2 ** failures));
    failures++;
  }
}

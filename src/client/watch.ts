import type { Status } from "kubernetes-types/meta/v1.js";
import { KubewireError } from "../errors.js";
import type { KubeObject } from "../normalize/index.js";
import type { Exchange } from "../record/index.js";
import type { CallOptions } from "./client-options.js";
import {
  KubeAbortError,
  KubeApiError,
  KubeDecodeError,
  KubeNetworkError,
  KubeWatchExpiredError,
} from "./errors.js";
import type { RequestInfo } from "./errors.js";
import type { QueryValue } from "./request.js";
import { errorFromResponse, networkError } from "./response-errors.js";

/** The event types a watch yields (`ERROR` events are thrown as errors, never yielded). */
export const WATCH_EVENT_TYPES = ["ADDED", "MODIFIED", "DELETED", "BOOKMARK"] as const;
export type WatchEventType = (typeof WATCH_EVENT_TYPES)[number];

/** One watch event: the object as the server sent it, and the exact line it came in. */
export interface WatchEvent<T = KubeObject> {
  type: WatchEventType;
  /** For `BOOKMARK`, only `kind`, `apiVersion` and `metadata.resourceVersion` (and annotations) are set. */
  object: T;
  /** The event's JSON line, as received. */
  raw: string;
}

export interface WatchOptions extends CallOptions {
  /** Omit for cluster-scoped resources or to watch all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Start after this resourceVersion (typically a list's); omitted: synthetic ADDED events for what exists, then changes. */
  resourceVersion?: string;
  resourceVersionMatch?: "NotOlderThan" | "Exact";
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
}

/** A parsed watch line: an event, or the server's `ERROR` Status. */
export type WatchLine<T> =
  { kind: "event"; event: WatchEvent<T> } | { kind: "error"; status: Status; raw: string };

/** Parses one line of a watch stream (`{"type":"ADDED","object":{...}}`). */
export function parseWatchLine<T>(line: string): WatchLine<T> {
  const value = JSON.parse(line) as { type?: unknown; object?: unknown };
  if (typeof value !== "object" || value === null || typeof value.type !== "string")
    throw new SyntaxError("a watch event needs a type");
  if (value.type === "ERROR") return { kind: "error", status: value.object ?? {}, raw: line };
  if (!(WATCH_EVENT_TYPES as readonly string[]).includes(value.type))
    throw new SyntaxError(`unknown watch event type ${JSON.stringify(value.type)}`);
  return {
    kind: "event",
    event: { type: value.type as WatchEventType, object: value.object as T, raw: line },
  };
}

/** Splits a byte stream into lines (JSON watch framing), decoding UTF-8 across chunk boundaries. */
export async function* readLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line !== "") yield line;
    }
  }
  buffered += decoder.decode();
  if (buffered.trim() !== "") yield buffered.trim();
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
  let resourceVersion = options.resourceVersion;
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
          resourceVersion,
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
          throw new KubeWatchExpiredError(sent.info, error.status, resourceVersion, error.exchange);
        throw error;
      }
      for await (const line of readLines(sent.body)) {
        let parsed: WatchLine<T>;
        try {
          parsed = parseWatchLine<T>(line);
        } catch (error) {
          throw new KubeDecodeError(sent.info, `watch event is not valid: ${(error as Error).message}`);
        }
        if (parsed.kind === "error") {
          const status = parsed.status;
          if (status.code === 410 || status.reason === "Expired" || status.reason === "Gone")
            throw new KubeWatchExpiredError(sent.info, status, resourceVersion);
          throw new KubeApiError(sent.info, status.code ?? 500, status);
        }
        const rv = (parsed.event.object as KubeObject | undefined)?.metadata?.resourceVersion;
        if (typeof rv === "string" && rv !== "") resourceVersion = rv;
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

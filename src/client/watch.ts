import type { Status } from "kubernetes-types/meta/v1.js";
import type { KubeObject } from "../normalize/index.js";
import type { CallOptions } from "./client-options.js";

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

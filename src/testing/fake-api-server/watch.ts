/**
 * Watch streams: newline-delimited JSON events over a chunked 200 response, as kube-apiserver sends them (or, when
 * the client asks for Kubernetes protobuf first, as client-go programs do, length-prefixed WatchEvent frames). Resumes
 * from a resourceVersion (410 Expired as an ERROR event when history no longer reaches it), sends synthetic ADDED
 * events for the current state when no resourceVersion (or `sendInitialEvents`) is given, turns selector
 * transitions into ADDED/DELETED, and sends BOOKMARK events when asked.
 */
import type { ServerResponse } from "node:http";
import type { FakeCluster, Target } from "./cluster.js";
import { encodeJson } from "./json.js";
import { statusBody } from "./status.js";
import type { Obj, StoreEvent } from "./store.js";
import { encodeWatchEventFrame } from "../../protobuf/watch.js";
import { toTable } from "./tables.js";
import type { IncludeObject } from "./tables.js";
import { apiVersionOf, typeKey } from "./resource-types.js";

export interface WatchOptions {
  resourceVersion?: string;
  labelSelector?: string;
  fieldSelector?: string;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
  /** Encode event objects as Tables (`kubectl get -w`). */
  table?: { includeObject: IncludeObject };
  /** Pretty-print events (curl, wget, browsers). */
  pretty?: boolean;
  /** Frame events as Kubernetes protobuf (`application/vnd.kubernetes.protobuf;stream=watch`). */
  protobuf?: boolean;
}

export interface WatchSettings {
  bookmarkIntervalMs: number;
  defaultTimeoutSeconds: number;
}

type EventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

/** Streams a watch; resolves when the stream ends (timeout, client gone, server closing). */
export function serveWatch(
  res: ServerResponse,
  cluster: FakeCluster,
  target: Target,
  options: WatchOptions,
  settings: WatchSettings,
  closing: AbortSignal,
): Promise<void> {
  const selectors = cluster.parseSelectors(target, options);
  const key = typeKey(target.type);
  const prefix = target.namespace !== undefined ? `${target.namespace}/` : "";
  const inScope = (k: string) => k.startsWith(prefix);
  const matches = (o: Obj | undefined) => o !== undefined && cluster.matches(o, selectors);
  let headersSent = false;
  let tableHeaders = true;

  const sendHeaders = () => {
    if (headersSent) return false;
    res.writeHead(200, {
      "Content-Type": options.protobuf
        ? "application/vnd.kubernetes.protobuf;stream=watch"
        : "application/json",
      "Cache-Control": "no-cache, private",
      "Transfer-Encoding": "chunked",
    });
    headersSent = true;
    return true;
  };

  const write = (type: EventType, object: Obj) => {
    sendHeaders();
    let payload = object;
    if (options.table && type !== "ERROR" && type !== "BOOKMARK") {
      payload = toTable(
        target.type,
        target.version,
        [object],
        {},
        {
          now: cluster.now().getTime(),
          includeObject: options.table.includeObject,
          noHeaders: !tableHeaders,
        },
      );
      tableHeaders = false;
    }
    const event = { type, object: payload };
    res.write(options.protobuf ? protobufFrame(event) : encodeJson(event, options.pretty === true));
  };

  const present = (o: Obj) => cluster.present(target.type, target.version, o);

  const deliver = (ev: StoreEvent) => {
    if (ev.typeKey !== key || !inScope(ev.key)) return;
    const now = matches(ev.object);
    const before = matches(ev.prev);
    if (ev.type === "ADDED") {
      if (now) write("ADDED", present(ev.object));
    } else if (ev.type === "DELETED") {
      if (before || now) write("DELETED", present(ev.object));
    } else if (now && before) write("MODIFIED", present(ev.object));
    else if (now) write("ADDED", present(ev.object));
    else if (before) write("DELETED", present(ev.object));
  };

  const bookmark = (extra: Record<string, string> = {}) => {
    const metadata: Obj = { resourceVersion: String(cluster.store.revision), creationTimestamp: null };
    if (Object.keys(extra).length > 0) metadata.annotations = extra;
    write("BOOKMARK", {
      kind: target.type.kind,
      apiVersion: apiVersionOf(target.type.group, target.version),
      metadata,
    });
  };

  return new Promise<void>((resolve) => {
    let done = false;
    const timers: NodeJS.Timeout[] = [];
    let unsubscribe = () => {};
    const finish = () => {
      if (done) return;
      done = true;
      unsubscribe();
      for (const t of timers) clearTimeout(t);
      closing.removeEventListener("abort", finish);
      res.end();
      resolve();
    };

    const rvParam = options.resourceVersion;
    const fromState =
      options.sendInitialEvents === true || rvParam === undefined || rvParam === "" || rvParam === "0";
    if (fromState) {
      const snapshot = cluster.store.snapshot(key, cluster.store.revision) ?? [];
      for (const [k, o] of snapshot) if (inScope(k) && matches(o)) write("ADDED", present(o));
      if (options.sendInitialEvents) bookmark({ "k8s.io/initial-events-end": "true" });
    } else {
      const rv = Number(rvParam);
      const history = Number.isSafeInteger(rv) ? cluster.store.eventsSince(rv) : undefined;
      if (!history) {
        const oldest = cluster.store.compactedRevision + 1;
        write(
          "ERROR",
          statusBody(410, "Expired", `too old resource version: ${rvParam} (${oldest})`) as unknown as Obj,
        );
        finish();
        return;
      }
      for (const ev of history) deliver(ev);
    }
    // A watch with nothing to send yet still answers at once: the client learns the watch is established.
    if (sendHeaders()) res.flushHeaders();
    unsubscribe = cluster.store.subscribe(deliver);
    const timeout = (options.timeoutSeconds ?? settings.defaultTimeoutSeconds) * 1000;
    timers.push(setTimeout(finish, timeout));
    if (options.allowWatchBookmarks && settings.bookmarkIntervalMs > 0) {
      const tick = () => {
        if (done) return;
        bookmark();
        timers.push(setTimeout(tick, settings.bookmarkIntervalMs));
      };
      timers.push(setTimeout(tick, settings.bookmarkIntervalMs));
    }
    res.on("close", finish);
    closing.addEventListener("abort", finish);
  });
}

/**
 * One event as a protobuf watch frame. An object its kind's message cannot hold (the server would not have stored
 * it) becomes an ERROR event with an InternalError Status, as the server reports an encoding failure mid-watch.
 */
function protobufFrame(event: { type: EventType; object: Obj }): Uint8Array {
  try {
    return encodeWatchEventFrame(event);
  } catch (error) {
    return encodeWatchEventFrame({
      type: "ERROR",
      object: statusBody(500, "InternalError", `unable to encode watch object: ${(error as Error).message}`),
    });
  }
}

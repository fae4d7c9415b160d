import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiConnection } from "../client/api-connection.js";
import { formatMicros, nowMicros } from "../internal/clock.js";
import { ON_EXCHANGE } from "../record/capture/recorder.js";
import type { RecordableDispatchOptions } from "../record/capture/recorder.js";
import type { Exchange, HeaderMap } from "../record/exchange/exchange.js";
import type { ClientToken } from "./client-token.js";
import { shownPath } from "./client-token.js";
import { clientConnection, clientHeaders, clientUrl } from "./client-view.js";
import type { ClientSide } from "./client-view.js";
import type { ExchangeLog, LiveLog } from "./live-log.js";
import type { ProxySession } from "./proxy-session.js";
import type { RelayedHead } from "./relay-handler.js";

/** What every forwarded request shares: the way up, the client's token, the log and the session. */
export interface ForwardContext {
  connection: ApiConnection;
  /** The upstream's origin (`https://10.0.0.1:6443`) and path prefix (`/k8s/clusters/c-1`, or empty). */
  origin: string;
  prefix: string;
  /** How the upstream is named in notices: its kubeconfig context, else its URL. */
  upstreamName: string;
  token: ClientToken;
  scheme: "http" | "https";
  log: LiveLog;
  session: ProxySession;
  maxRequestBodyBytes: number;
  /**
   * Registers work that close() waits for (an exchange still to be recorded); with the response it answers, work
   * that flush() waits for too once that answer has left the proxy whole.
   */
  track: (work: Promise<unknown>, answer?: ServerResponse) => void;
}

/** One request as it arrived: who asked for what, and when. */
export interface Arrival {
  side: ClientSide;
  /** The path the client meant (the proxy's token segment taken off), query included. */
  path: string;
  started: number;
  /** The exchange's live log, part by part. */
  log: ExchangeLog;
}

/**
 * Admits a request (its token) and notes its arrival; undefined, after a notice, when it did not present the
 * proxy's token.
 */
export function arrive(ctx: ForwardContext, req: IncomingMessage): Arrival | undefined {
  const started = performance.now();
  const startedAt = formatMicros(nowMicros());
  const raw = req.url ?? "/";
  const admitted = ctx.token.admit(req.headers.authorization, raw);
  if (!admitted) {
    ctx.log.notice(
      `refused ${req.method ?? "?"} ${shownPath(raw, ctx.token)}: the client did not present this proxy's token ` +
        "(point it at the kubeconfig the proxy wrote)",
    );
    return undefined;
  }
  const { headers, redacted } = clientHeaders(req.rawHeaders);
  return {
    path: admitted.path,
    started,
    log: ctx.log.begin(),
    side: {
      seq: ctx.session.nextSeq(),
      startedAt,
      durationMs: 0,
      method: req.method ?? "GET",
      url: clientUrl(ctx.scheme, req.headers.host, admitted.path),
      headers,
      redacted,
      connection: clientConnection(req),
    },
  };
}

/** Milliseconds since the request arrived. */
export function since(arrival: Arrival): number {
  return Math.round(performance.now() - arrival.started);
}

/** The head the proxy wrote, as a header map for the exchange. */
export function headMap(head: RelayedHead): { status: number; statusText: string; headers: HeaderMap } {
  const headers: HeaderMap = {};
  for (const [name, value] of head.headers) {
    const existing = headers[name];
    headers[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return { status: head.status, statusText: head.statusText, headers };
}

/** Dispatch options for the upstream, and a promise of the exchange the recorder makes of them. */
export function upstreamDispatch(
  ctx: ForwardContext,
  arrival: Arrival,
  headers: string[],
  extra: { body?: Buffer; upgrade?: string },
): { opts: RecordableDispatchOptions; recorded: Promise<Exchange> } {
  let resolve!: (exchange: Exchange) => void;
  const recorded = new Promise<Exchange>((r) => (resolve = r));
  const opts: RecordableDispatchOptions = {
    origin: ctx.origin,
    path: ctx.prefix + arrival.path,
    method: arrival.side.method,
    headers,
    body: extra.body && extra.body.length > 0 ? extra.body : null,
    // The client has its own timeouts; a watch may be quiet for minutes, and the server ends it, not the proxy.
    headersTimeout: 0,
    bodyTimeout: 0,
    ...(extra.upgrade !== undefined ? { upgrade: extra.upgrade } : {}),
    [ON_EXCHANGE]: resolve,
  };
  return { opts, recorded };
}

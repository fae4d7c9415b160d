import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import type { Socket } from "node:net";
import type { ConnectionInfo, Exchange, HeaderMap } from "../record/exchange/exchange.js";
import { redactHeaders, redactUrl } from "../record/redact/redact.js";

/**
 * The exchange as the proxied client saw it, which is what the proxy logs and records: the URL it asked for (the
 * proxy's), the headers it sent (its own credential among them, redacted), the headers the proxy relayed back,
 * and its connection to the proxy. Bodies, warnings and failures are the forwarded exchange's, as the recorder
 * captured and redacted them.
 */

/**
 * Request headers as the client sent them (names as on the wire, repeated headers as arrays, in order), with its
 * credentials redacted.
 */
export function clientHeaders(rawHeaders: readonly string[]): { headers: HeaderMap; redacted: boolean } {
  const out: HeaderMap = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const key = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    const existing = out[key];
    out[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const { headers, changed } = redactHeaders(out);
  return { headers, redacted: changed };
}

/** What the proxy knows of one client connection. */
interface ClientSocketState {
  requests: number;
}

const sockets = new WeakMap<Socket, ClientSocketState>();

/**
 * How the client got its connection, as Go's HTTP trace would report it: the first request on a connection
 * dialed it (to the proxy's address, after a DNS lookup when the client named a host), later ones reused it. The
 * proxy sees the connection from the far end, so the dial and handshake times it cannot know are 0.
 */
export function clientConnection(req: IncomingMessage, serverProcessingMs?: number): ConnectionInfo {
  const socket = req.socket;
  let state = sockets.get(socket);
  if (!state) {
    state = { requests: 0 };
    sockets.set(socket, state);
  }
  state.requests++;
  const timing = serverProcessingMs !== undefined ? { serverProcessingMs } : {};
  if (state.requests > 1) return { reused: true, getConnectionMs: 0, ...timing };
  const address = socket.localAddress ?? "127.0.0.1";
  const port = socket.localPort ?? 0;
  const dialed = isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
  const host = hostName(req.headers.host);
  const events: NonNullable<ConnectionInfo["events"]> = [];
  if (host !== undefined && isIP(host) === 0) events.push({ kind: "dns", host, addresses: [address] });
  events.push({ kind: "dial", network: "tcp", address: dialed });
  return { reused: false, dnsLookupMs: 0, dialMs: 0, tlsHandshakeMs: 0, ...timing, events };
}

function hostName(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const bracketed = /^\[([^\]]+)\]/.exec(host);
  if (bracketed) return bracketed[1];
  const colon = host.lastIndexOf(":");
  return colon < 0 ? host : host.slice(0, colon);
}

/** The URL the client asked for (credentials in its query redacted): the proxy's origin as addressed, the path meant. */
export function clientUrl(scheme: "http" | "https", host: string | undefined, path: string): string {
  return redactUrl(`${scheme}://${host ?? "127.0.0.1"}${path}`).url;
}

/** The moments and what the client saw, that the forwarded exchange does not know. */
export interface ClientSide {
  seq: number;
  startedAt: string;
  durationMs: number;
  totalMs?: number;
  method: string;
  url: string;
  headers: HeaderMap;
  /** Whether redaction changed the client's headers (its credential). */
  redacted: boolean;
  connection: ConnectionInfo;
  /** The status line and headers the proxy wrote to the client. */
  response?: { status: number; statusText: string; headers: HeaderMap };
}

/** The exchange as the client saw it, made of the forwarded one (bodies, warnings, failure) and the client's side. */
export function clientExchange(forwarded: Exchange | undefined, side: ClientSide): Exchange {
  const out: Exchange = {
    seq: side.seq,
    startedAt: side.startedAt,
    durationMs: side.durationMs,
    ...(side.totalMs !== undefined ? { totalMs: side.totalMs } : {}),
    request: {
      method: side.method,
      url: side.url,
      headers: side.headers,
      ...(forwarded?.request.body ? { body: forwarded.request.body } : {}),
    },
  };
  if (side.response) {
    const body = forwarded?.response?.body;
    out.response = { ...side.response, ...(body ? { body } : {}) };
  }
  if (forwarded?.error) out.error = forwarded.error;
  if (forwarded?.warnings) out.warnings = forwarded.warnings;
  if (forwarded?.tunnel) out.tunnel = forwarded.tunnel;
  out.connection = side.connection;
  if (side.redacted) out.redacted = true;
  else if (forwarded && Object.getOwnPropertyDescriptor(forwarded, "redacted")?.get) {
    // The recorder answers `redacted` by redacting the body (decoding and scanning it): it stays a question until
    // someone asks, so a proxy that never reads the body (a list relayed at --v=6) never pays for that.
    Object.defineProperty(out, "redacted", {
      enumerable: true,
      configurable: true,
      get: () => forwarded.redacted,
    });
  } else if (forwarded?.redacted) out.redacted = true;
  return out;
}

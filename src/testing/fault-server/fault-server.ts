import {
  Agent as HttpAgent,
  createServer as createHttpServer,
  request as httpRequest,
  STATUS_CODES,
} from "node:http";
import type {
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
  Server,
  ServerResponse,
} from "node:http";
import { Agent as HttpsAgent, createServer as createHttpsServer, request as httpsRequest } from "node:https";
import { createServer as createNetServer, Socket } from "node:net";
import type { Server as NetServer } from "node:net";
import { constants as zlib, createGzip, gzipSync } from "node:zlib";
import {
  createCertificateAuthority,
  createSelfSignedCertificate,
  issueCertificate,
} from "../../internal/certificates.js";
import { listenLocally } from "../../internal/listen-locally.js";
import { apiserverQuery, queryOf } from "../../internal/query-flag.js";
import { readBody } from "../../internal/read-body.js";
import { kubeconfigYaml } from "../kubeconfig.js";
import type { KubeconfigOptions } from "../kubeconfig.js";
import type { FaultRuleHandle } from "../fault-rules.js";
import { describeRequest } from "../request-info.js";
import { FaultPlan } from "./fault-spec.js";
import type { FaultRule, FaultSpec, RandomFaults } from "./fault-spec.js";
import {
  EXPIRED_CONTINUE_MESSAGE,
  expiredWatchEvent,
  proxyErrorPage,
  statusObject,
} from "./synthetic-answers.js";
import { WatchFaultStream } from "./watch-faults.js";
import type { StreamSink } from "./watch-faults.js";

/** The TLS a fault server offers: none, valid, or broken the ways a misconfigured cluster breaks it. */
export const FAULT_SERVER_TLS = ["valid", "wrong-ca", "wrong-host", "silent"] as const;
export type FaultServerTls = (typeof FAULT_SERVER_TLS)[number];

export interface FaultServerOptions {
  /**
   * Where requests go when no fault answers them: a URL, or a server object with `url` and `ca` (a replay server,
   * an in-memory API server).
   */
  upstream: string | { url: string; ca?: string | undefined };
  /**
   * Serve HTTPS: `true` or `valid` (a fresh CA, in `ca`), `wrong-ca` (`ca` is a CA that did not sign the server's
   * certificate), `wrong-host` (the certificate names only `kube.example`), `silent` (connections are accepted
   * and the TLS handshake never answered: a client's connect timeout is what ends it). Default: plain HTTP.
   */
  tls?: boolean | FaultServerTls;
  /** Scripted faults, tried in order; more can be added with `inject`. */
  faults?: readonly FaultRule[];
  /** Faults at random, from a seed, for requests no scripted fault matched. */
  random?: RandomFaults;
  /** Port on 127.0.0.1; default 0 (a free one). */
  port?: number;
}

/** A request the fault server received, and what it did to it. */
export interface FaultServerRequest {
  seq: number;
  method: string;
  /** Path and query, as received. */
  path: string;
  watch: boolean;
  /** The fault injected; absent when the upstream's answer went through untouched. */
  fault?: FaultSpec;
}

/** A running fault server. */
export interface FaultServer {
  /** `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** The CA a client should be told to trust (with `wrong-ca`, one that did not sign the certificate). */
  readonly ca: string | undefined;
  /** Every request received, in order, with the fault it got. */
  readonly requests: FaultServerRequest[];
  /** Adds a scripted fault (after those already registered). */
  inject(rule: FaultRule): FaultRuleHandle<FaultRule>;
  /** Removes every scripted fault (random ones go on). */
  clear(): void;
  /** A kubeconfig (YAML) for this server, with `ca` as its certificate authority. */
  kubeconfig(options?: KubeconfigOptions): string;
  /** Stops listening and ends every connection, upstream ones included. */
  close(): Promise<void>;
}

/**
 * Headers not forwarded: hop-by-hop ones, lengths (recomputed), and Accept-Encoding, so the upstream always answers
 * uncompressed and compression happens only as a fault.
 */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "accept-encoding",
]);

function forwardedHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

/** Resolves after `ms`, or when the client leaves; `ms` undefined waits for the client only. */
function pause(ms: number | undefined, gone: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (gone.aborted) return resolve();
    const timer = ms === undefined ? undefined : setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      gone.removeEventListener("abort", done);
      resolve();
    }
    gone.addEventListener("abort", done, { once: true });
  });
}

/** Resets the client's connection: a TCP RST where Node can send one (plain TCP), else an abrupt close. */
function resetConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  try {
    if (socket.constructor === Socket) {
      socket.resetAndDestroy();
      return;
    }
  } catch {
    // Not a plain TCP handle: fall through.
  }
  socket.destroy();
}

/** Where a cut falls: strictly inside the body, so a body of two bytes or more always loses some. */
function cutAt(length: number, at: number | undefined): number {
  if (length === 0) return 0;
  return Math.min(length - 1, Math.max(0, Math.floor(length * (at ?? 0.5))));
}

function sendText(res: ServerResponse, status: number, contentType: string, text: string, extra = {}): void {
  const body = Buffer.from(text);
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": body.length, ...extra });
  res.end(body);
}

function certificatesFor(tls: FaultServerTls): { cert: string; key: string; ca: string } {
  if (tls === "wrong-host") {
    // Valid, from a CA the client trusts, but for another host name than the one it dials.
    const ca = createCertificateAuthority();
    const server = issueCertificate(ca, {
      commonName: "kube.example",
      dns: ["kube.example"],
      usage: "server",
    });
    return { ca: ca.cert, ...server };
  }
  const presented = createSelfSignedCertificate();
  // Another CA altogether: what a client given a stale or foreign kubeconfig trusts.
  if (tls === "wrong-ca") return { ...presented, ca: createCertificateAuthority("some other CA").cert };
  return presented;
}

/**
 * A fault-injecting proxy for tests: it stands between a client and an upstream API server (an in-memory one, a
 * replay server, any URL) and, per request, scripted or at random from a seed, resets connections before headers
 * or mid-body, truncates JSON behind a correct-looking status and length, stalls headers or bodies, answers 429,
 * 500 and 503 with or without `Retry-After`, 410 for continue tokens and watches, an HTML page from a "proxy",
 * gzip-encodes bodies, cuts watch streams mid-event, duplicates or reorders watch events; and it can serve TLS with
 * the wrong CA, the wrong host name, or a handshake that never comes. Everything it did is in `requests`.
 *
 * @example
 * const api = await createFakeApiServer();
 * const faults = await createFaultServer({ upstream: api, faults: [{ path: "/api/v1", fault: { kind: "truncated-json" } }] });
 * const client = createClient({ server: faults.url });
 * await client.list("v1", "ConfigMap", { namespace: "default" }); // KubeDecodeError: the body is cut short
 */
export async function createFaultServer(options: FaultServerOptions): Promise<FaultServer> {
  const upstream = typeof options.upstream === "string" ? { url: options.upstream } : options.upstream;
  const base = new URL(upstream.url);
  const upstreamTls = base.protocol === "https:";
  const agent = upstreamTls
    ? new HttpsAgent({ keepAlive: true, ...(upstream.ca !== undefined ? { ca: upstream.ca } : {}) })
    : new HttpAgent({ keepAlive: true });
  const plan = new FaultPlan(options.faults ?? [], options.random);
  const requests: FaultServerRequest[] = [];
  /** One controller per request being served: aborted when its client leaves, or when the server closes. */
  const inFlight = new Set<AbortController>();
  const tls: FaultServerTls | undefined =
    options.tls === true ? "valid" : options.tls === false ? undefined : options.tls;

  const forward = (req: IncomingMessage, body: Buffer, gone: AbortSignal): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const headers = forwardedHeaders(req.headers);
      if (body.length > 0) headers["content-length"] = body.length;
      const outgoing = (upstreamTls ? httpsRequest : httpRequest)(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          path: base.pathname.replace(/\/+$/, "") + (req.url ?? "/"),
          method: req.method ?? "GET",
          headers,
          agent,
        },
        resolve,
      );
      outgoing.on("error", reject);
      gone.addEventListener("abort", () => outgoing.destroy(), { once: true });
      outgoing.end(body);
    });

  const respondBuffered = (
    res: ServerResponse,
    up: IncomingMessage,
    body: Buffer,
    fault: FaultSpec | undefined,
    gone: AbortSignal,
  ) => {
    const headers = forwardedHeaders(up.headers);
    const status = up.statusCode ?? 502;
    switch (fault?.kind) {
      case "gzip": {
        const zipped = gzipSync(body);
        res.writeHead(status, { ...headers, "Content-Encoding": "gzip", "Content-Length": zipped.length });
        res.end(zipped);
        return;
      }
      case "truncated-json": {
        const cut = body.subarray(0, cutAt(body.length, fault.at));
        res.writeHead(status, { ...headers, "Content-Length": cut.length });
        res.end(cut);
        return;
      }
      case "reset-mid-body": {
        res.writeHead(status, { ...headers, "Content-Length": body.length });
        res.write(body.subarray(0, cutAt(body.length, fault.at)), () =>
          setImmediate(() => resetConnection(res)),
        );
        return;
      }
      case "slow-body": {
        const at = cutAt(body.length, fault.at);
        res.writeHead(status, { ...headers, "Content-Length": body.length });
        res.write(body.subarray(0, at));
        void pause(fault.ms, gone).then(() => {
          if (!gone.aborted) res.end(body.subarray(at));
        });
        return;
      }
      default:
        res.writeHead(status, { ...headers, "Content-Length": body.length });
        res.end(body);
    }
  };

  const respondStreaming = (
    res: ServerResponse,
    up: IncomingMessage,
    fault: FaultSpec | undefined,
    gone: AbortSignal,
  ) => {
    const headers = forwardedHeaders(up.headers);
    const gzip = fault?.kind === "gzip" ? createGzip() : undefined;
    res.writeHead(up.statusCode ?? 502, gzip ? { ...headers, "Content-Encoding": "gzip" } : headers);
    res.flushHeaders();
    if (gzip) {
      gzip.pipe(res);
      gzip.on("error", () => resetConnection(res));
    }
    const sink: StreamSink = {
      write: (bytes) => {
        if (gzip) {
          gzip.write(bytes);
          // Each event reaches the client when it happens, not when a compression block fills.
          gzip.flush(zlib.Z_SYNC_FLUSH);
        } else res.write(bytes);
      },
      end: () => (gzip ? gzip.end() : res.end()),
      // A moment first, as a connection dies some time after its last bytes left: an RST right behind them makes
      // the kernel drop what the client had not read yet, and the cut would fall before the events it follows.
      reset: () => setTimeout(() => resetConnection(res), 10),
    };
    const stream = new WatchFaultStream(fault, sink);
    up.on("data", (chunk: Buffer) => {
      stream.data(chunk);
      if (stream.done) up.destroy();
    });
    up.on("end", () => stream.end());
    up.on("error", () => {
      if (!stream.done) resetConnection(res);
    });
    gone.addEventListener("abort", () => {
      stream.close();
      up.destroy();
    });
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const info = describeRequest(method, path);
    const fault = plan.faultFor(info);
    requests.push({ seq: requests.length, method, path, watch: info.watch, ...(fault ? { fault } : {}) });
    const left = new AbortController();
    inFlight.add(left);
    res.on("close", () => {
      inFlight.delete(left);
      left.abort();
    });
    const gone = left.signal;
    switch (fault?.kind) {
      case "reset-before-headers":
        return resetConnection(res);
      case "slow-headers":
        await pause(fault.ms, gone);
        if (gone.aborted) return;
        break;
      case "status": {
        const retry = fault.retryAfter !== undefined ? String(fault.retryAfter) : undefined;
        const seconds = retry !== undefined && /^\d+$/.test(retry) ? Number(retry) : undefined;
        const status = statusObject(fault.status, {
          ...(fault.reason !== undefined ? { reason: fault.reason } : {}),
          ...(fault.message !== undefined ? { message: fault.message } : {}),
          ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}),
        });
        return sendText(res, fault.status, "application/json", JSON.stringify(status) + "\n", {
          ...(retry !== undefined ? { "Retry-After": retry } : {}),
        });
      }
      case "expired": {
        const query = apiserverQuery(queryOf(path));
        if (info.watch && fault.as !== "status") {
          res.writeHead(200, { "Content-Type": "application/json", "Transfer-Encoding": "chunked" });
          res.end(expiredWatchEvent(query.get("resourceVersion")));
          return;
        }
        const message = info.continuation
          ? EXPIRED_CONTINUE_MESSAGE
          : `too old resource version: ${query.get("resourceVersion") ?? "0"}`;
        return sendText(res, 410, "application/json", JSON.stringify(statusObject(410, { message })) + "\n");
      }
      case "html-error": {
        const status = fault.status ?? 502;
        return sendText(res, status, "text/html", proxyErrorPage(status, STATUS_CODES[status] ?? "Error"));
      }
    }
    let up: IncomingMessage;
    try {
      up = await forward(req, body, gone);
    } catch {
      if (!gone.aborted) sendText(res, 502, "text/plain", "fault server: the upstream did not answer\n");
      return;
    }
    if (info.watch) return respondStreaming(res, up, fault, gone);
    const answer = await readBody(up).catch(() => undefined);
    if (answer === undefined) return resetConnection(res);
    if (!gone.aborted) respondBuffered(res, up, answer, fault, gone);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    readBody(req)
      .then((body) => serve(req, res, body))
      .catch(() => resetConnection(res));
  };

  const certificates = tls !== undefined && tls !== "silent" ? certificatesFor(tls) : undefined;
  let server: Server | NetServer;
  if (tls === "silent") {
    // Accepts the connection and reads the ClientHello, and never answers it.
    server = createNetServer((socket) => {
      socket.on("error", () => undefined);
      socket.resume();
    });
  } else {
    server = certificates
      ? createHttpsServer({ cert: certificates.cert, key: certificates.key }, handle)
      : createHttpServer(handle);
  }
  // A fault can leave a client's socket in any state; its errors are the client's story, not this server's.
  server.on("connection", (socket: Socket) => socket.on("error", () => undefined));
  const listener = await listenLocally(server, { port: options.port });
  const { port } = listener;
  const url = `${tls ? "https" : "http"}://127.0.0.1:${port}`;
  const ca = certificates?.ca;
  return {
    url,
    port,
    ca,
    requests,
    inject: (rule) => plan.add(rule),
    clear: () => plan.clear(),
    kubeconfig: (o = {}) => kubeconfigYaml(url, ca, undefined, { name: "kubewire-faults", ...o }),
    close: async () => {
      for (const request of inFlight) request.abort();
      inFlight.clear();
      agent.destroy();
      await listener.close();
    },
  };
}

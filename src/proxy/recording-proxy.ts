import { createServer as createHttpServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Duplex } from "node:stream";
import { ApiConnection } from "../client/api-connection.js";
import type { ClientOptions } from "../client/client-options.js";
import { loadKubeConfig } from "../client/config/load-kubeconfig.js";
import type { LoadKubeConfigOptions } from "../client/config/load-kubeconfig.js";
import { createSelfSignedCertificate } from "../internal/certificates.js";
import { listenLocally } from "../internal/listen-locally.js";
import { writeFileAtomic } from "../internal/write-file-atomic.js";
import type { TrafficLevel } from "../kubectl/traffic-log/render.js";
import { recordingInterceptor } from "../record/capture/recorder.js";
import type { Cassette, Exchange } from "../record/exchange/exchange.js";
import { redactUrl } from "../record/redact/redact.js";
import { ClientToken } from "./client-token.js";
import { ProxyListenError } from "./errors.js";
import type { ForwardContext } from "./forward-context.js";
import { forwardRequest } from "./forward-request.js";
import { forwardUpgrade } from "./forward-upgrade.js";
import { LiveLog } from "./live-log.js";
import type { LogSink } from "./live-log.js";
import { proxyAnswer, sendAnswer } from "./proxy-answers.js";
import { proxyKubeconfig } from "./proxy-kubeconfig.js";
import { ProxySession } from "./proxy-session.js";

/** Options of {@link createRecordingProxy}. */
export interface RecordingProxyOptions {
  /**
   * The cluster to forward to and the credentials to use, as client options (a server URL with its CA and a
   * token, a client certificate, an exec plugin…). When absent, they come from `kubeconfig`.
   */
  upstream?: ClientOptions;
  /** Where to read the upstream as kubectl does (`--kubeconfig`, `--context`, `KUBECONFIG`). Default: kubectl's rules. */
  kubeconfig?: LoadKubeConfigOptions;
  /** The port on 127.0.0.1. Default 0: a free one. */
  port?: number;
  /** Serve plain HTTP instead of HTTPS with a throwaway CA. */
  http?: boolean;
  /** Where the live log goes (the CLI passes stderr). Default: nowhere. */
  log?: LogSink;
  /** kubectl's `--v` for the live log: 6 to 10, or 0 for notices only. Default 9. */
  v?: TrafficLevel | 0;
  /**
   * The kubectl version whose log format to print (`1.27`…`1.33`; newer ones log as 1.33 does). Default: the newest.
   * Any other value is an UnsupportedTrafficLogVersionError from `createRecordingProxy`.
   */
  kubectlVersion?: string;
  /** A cassette file kept up to date with every exchange, redacted, and written a last time on close. */
  record?: string;
  /** Write the proxy's kubeconfig to this file (mode 0600) once the proxy listens. */
  kubeconfigOut?: string;
  /** The namespace of the written kubeconfig's context. Default: the upstream context's. */
  namespace?: string;
  /** Called with every completed exchange as the client saw it, redacted. */
  onExchange?: (exchange: Exchange) => void;
  /** The largest request body forwarded; larger ones get a 413 Status. Default 64 MiB. */
  maxRequestBodyBytes?: number;
}

/** A running recording proxy. */
export interface RecordingProxy {
  /** `https://127.0.0.1:PORT` (or `http://`). */
  readonly url: string;
  readonly port: number;
  /** The throwaway CA that signed the proxy's certificate (PEM); undefined over plain HTTP. */
  readonly ca: string | undefined;
  /**
   * The per-run token a client presents (`Authorization: Bearer`, or over plain HTTP the path's first segment).
   * It is in {@link kubeconfig}; keep it out of logs.
   */
  readonly token: string;
  /** A kubeconfig (YAML) that points any client at the proxy. */
  readonly kubeconfig: string;
  /** Every completed exchange so far, as the clients saw them, redacted, in completion order. */
  readonly exchanges: readonly Exchange[];
  /** The session as a cassette. */
  cassette(): Cassette;
  /** Writes {@link kubeconfig} to a file (mode 0600), whole. */
  writeKubeconfig(file: string): Promise<void>;
  /**
   * Writes the `record` cassette now with every exchange answered so far, one whose answer has just left the proxy
   * included (it is otherwise written at most once a second, after the answers have reached their clients);
   * resolves when it is on disk. Nothing to do without `record`.
   */
  flush(): Promise<void>;
  /**
   * Stops: ends open connections (held watches, tunnels), records what they were doing, writes the cassette a
   * last time and frees the port.
   */
  close(): Promise<void>;
}

async function resolveUpstream(
  options: RecordingProxyOptions,
): Promise<{ clientOptions: ClientOptions; namespace: string | undefined; name: string }> {
  if (options.upstream) {
    return {
      clientOptions: options.upstream,
      namespace: options.upstream.namespace,
      name: redactUrl(options.upstream.server).url,
    };
  }
  const loaded = await loadKubeConfig(options.kubeconfig ?? {});
  return {
    clientOptions: loaded.clientOptions,
    namespace: loaded.namespace,
    name: loaded.context
      ? `context ${JSON.stringify(loaded.context)} (${redactUrl(loaded.clientOptions.server).url})`
      : redactUrl(loaded.clientOptions.server).url,
  };
}

/**
 * A local proxy for the Kubernetes API that records what any client sends: kubectl, helm, a client-go operator,
 * a client-node script. It listens on 127.0.0.1 (HTTPS with a throwaway CA, or HTTP), admits clients that present
 * its per-run token, forwards with the user's real credentials through the same connection, recorder and redaction
 * as kubewire's client, relays answers and streams as they arrive, tunnels `exec`/`attach`/`port-forward`, logs
 * every exchange as kubectl `--v=N` would, and keeps the redacted exchanges (and a cassette file).
 *
 * @example
 * ```ts
 * const proxy = await createRecordingProxy({ upstream: { server, ca, token }, log: process.stderr });
 * await proxy.writeKubeconfig("/tmp/proxied.kubeconfig");
 * // KUBECONFIG=/tmp/proxied.kubeconfig helm list
 * proxy.exchanges.map((e) => `${e.request.method} ${e.request.url} ${e.response?.status}`);
 * await proxy.close();
 * ```
 */
export async function createRecordingProxy(options: RecordingProxyOptions = {}): Promise<RecordingProxy> {
  // The log first: a kubectl version it cannot write fails here, before anything listens or any client is sent.
  const log = new LiveLog(options.log, {
    ...(options.v !== undefined ? { v: options.v } : {}),
    ...(options.kubectlVersion !== undefined ? { kubectlVersion: options.kubectlVersion } : {}),
  });
  const upstream = await resolveUpstream(options);
  const connection = new ApiConnection(
    {
      ...upstream.clientOptions,
      onClientWarning: (warning) => {
        upstream.clientOptions.onClientWarning?.(warning);
        log.notice(warning.message);
      },
    },
    // The proxied tool retries as it sees fit; the proxy forwards each of its attempts once.
    { recorder: recordingInterceptor(), retry: false },
    "createRecordingProxy",
  );
  const serverUrl = new URL(connection.server);
  const session = new ProxySession({
    ...(options.record !== undefined ? { file: options.record } : {}),
    ...(options.onExchange ? { onExchange: options.onExchange } : {}),
  });
  const token = new ClientToken();
  const certificate = options.http ? undefined : createSelfSignedCertificate();
  const pending = new Set<Promise<unknown>>();
  /** Relays by the response they answer with. */
  const answering = new Map<Promise<unknown>, ServerResponse>();
  const ctx: ForwardContext = {
    connection,
    origin: serverUrl.origin,
    prefix: serverUrl.pathname.replace(/\/+$/, ""),
    upstreamName: upstream.name,
    token,
    scheme: certificate ? "https" : "http",
    log,
    session,
    maxRequestBodyBytes: options.maxRequestBodyBytes ?? 64 * 1024 * 1024,
    track: (work, answer) => {
      const tracked = work.catch((error: unknown) =>
        log.notice(`internal error: ${(error as Error)?.stack ?? String(error)}`),
      );
      pending.add(tracked);
      if (answer) answering.set(tracked, answer);
      void tracked.finally(() => {
        pending.delete(tracked);
        answering.delete(tracked);
      });
    },
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    ctx.track(
      forwardRequest(ctx, req, res).catch((error: unknown) => {
        sendAnswer(res, proxyAnswer(500, "InternalError", "kubewire proxy: internal error"));
        throw error;
      }),
    );
  };
  // Larger socket buffers than Node's 16 KiB for the plain-HTTP server's connections; `https.createServer` does not
  // pass this to its TLS sockets, so the relay bounds what waits for a client itself (relay-handler.ts).
  const highWaterMark = 1024 * 1024;
  const server: Server = certificate
    ? createHttpsServer({ cert: certificate.cert, key: certificate.key, highWaterMark }, onRequest)
    : createHttpServer({ highWaterMark }, onRequest);
  // Go's transport keeps idle connections for 90 s; Node's default 5 s would make it dial again and again.
  server.keepAliveTimeout = 120_000;
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    forwardUpgrade(ctx, req, socket, head),
  );
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    log.notice(
      `a client sent a request that is not HTTP (${error.code ?? error.message}); answered 400 and closed its connection`,
    );
    socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  server.on("tlsClientError", (error: NodeJS.ErrnoException) => {
    log.notice(
      `a TLS handshake with a client failed (${error.code ?? error.message}): clients must use the kubeconfig the ` +
        "proxy wrote, whose CA signed its certificate, and speak HTTPS",
    );
  });

  let listener;
  try {
    listener = await listenLocally(server, { port: options.port });
  } catch (error) {
    await connection.close();
    throw new ProxyListenError(options.port ?? 0, error);
  }
  const url = `${certificate ? "https" : "http"}://127.0.0.1:${listener.port}`;
  const kubeconfig = proxyKubeconfig({
    url,
    token: token.value,
    ca: certificate?.ca,
    namespace: options.namespace ?? upstream.namespace,
  });
  const writeKubeconfig = (file: string) => writeFileAtomic(file, kubeconfig, 0o600);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await listener.close();
      while (pending.size > 0) await Promise.allSettled([...pending]);
      try {
        await session.close();
      } finally {
        await connection.close();
      }
    })());

  if (options.kubeconfigOut !== undefined) {
    try {
      await writeKubeconfig(options.kubeconfigOut);
    } catch (error) {
      await close();
      throw error;
    }
  }
  return {
    url,
    port: listener.port,
    ca: certificate?.ca,
    token: token.value,
    kubeconfig,
    exchanges: session.exchanges,
    cassette: () => session.cassette(),
    writeKubeconfig,
    flush: async () => {
      // An answer a client may have whole (the proxy has ended it) is recorded a moment later, once the relay has
      // the recorder's exchange: "answered so far" includes it. A watch still streaming is not waited for.
      await Promise.allSettled([...answering].filter(([, res]) => res.writableEnded).map(([work]) => work));
      await session.flush();
    },
    close,
  };
}

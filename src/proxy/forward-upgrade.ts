import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Dispatcher } from "undici";
import type { Exchange } from "../record/exchange/exchange.js";
import { redactUrl } from "../record/redact/redact.js";
import { clientExchange } from "./client-view.js";
import type { ClientSide } from "./client-view.js";
import { arrive, headMap, since, upstreamDispatch } from "./forward-context.js";
import type { Arrival, ForwardContext } from "./forward-context.js";
import { relayedResponseHeaders, upstreamRequestHeaders } from "./forwarded-headers.js";
import { proxyAnswer, writeRawResponse } from "./proxy-answers.js";
import type { RelayedHead } from "./relay-handler.js";

/**
 * The undici handler of an upgrade request (`exec`, `attach`, `port-forward`, `cp`: WebSocket or SPDY). On `101`
 * the client's socket and the upstream's are joined byte for byte, with backpressure, until either side ends; any
 * other answer (a 403, a 404 Status) is read whole and written to the client as it came.
 */
class TunnelHandler implements Dispatcher.DispatchHandler {
  readonly #client: Duplex;
  readonly #head: Buffer;
  readonly #onHead: (head: RelayedHead) => void;
  readonly #done: (head: RelayedHead | undefined, error?: Error) => void;
  #controller: Dispatcher.DispatchController | undefined;
  #answer: { head: RelayedHead; chunks: Buffer[] } | undefined;

  constructor(
    client: Duplex,
    head: Buffer,
    onHead: (head: RelayedHead) => void,
    done: (head: RelayedHead | undefined, error?: Error) => void,
  ) {
    this.#client = client;
    this.#head = head;
    this.#onHead = onHead;
    this.#done = done;
  }

  abort(reason: Error): void {
    this.#controller?.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
  }

  onRequestUpgrade(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    upstream: Duplex,
  ): void {
    const head: RelayedHead = {
      status,
      statusText: "Switching Protocols",
      headers: relayedResponseHeaders(headers, true),
    };
    const client = this.#client;
    if (client.destroyed) {
      upstream.destroy();
      this.#done(head, new Error("the client closed its connection"));
      return;
    }
    const lines = [`HTTP/1.1 ${status} ${head.statusText}`, ...head.headers.map(([k, v]) => `${k}: ${v}`)];
    client.write(lines.join("\r\n") + "\r\n\r\n", "latin1");
    this.#onHead(head);
    if (this.#head.length > 0) upstream.write(this.#head);
    // Byte for byte both ways; either side ending or failing ends the tunnel.
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.once("error", end);
    upstream.once("error", end);
    client.once("close", () => upstream.destroy());
    upstream.once("close", () => {
      if (!client.destroyed) client.end();
      this.#done(head);
    });
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    statusText?: string,
  ): void {
    this.#answer = {
      head: { status, statusText: statusText ?? "", headers: relayedResponseHeaders(headers) },
      chunks: [],
    };
    this.#onHead(this.#answer.head);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#answer?.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const answer = this.#answer!;
    writeRawResponse(this.#client, answer.head, Buffer.concat(answer.chunks));
    this.#done(answer.head);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#done(this.#answer?.head, error);
  }
}

/**
 * Forwards an upgrade request: admitted and credentialled like any other, then tunnelled. The exchange records
 * the request and the `101` with the bytes that went each way, never the stream's content (a terminal session, a
 * copied file).
 */
export function forwardUpgrade(
  ctx: ForwardContext,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): void {
  socket.on("error", () => socket.destroy());
  const arrival = arrive(ctx, req);
  if (!arrival) {
    const answer = proxyAnswer(401, "Unauthorized", "Unauthorized");
    writeRawResponse(socket, answer.head, answer.body);
    return;
  }
  arrival.log.part(clientExchange(undefined, arrival.side), "request");
  ctx.track(tunnel(ctx, arrival, req, socket, head));
}

async function tunnel(
  ctx: ForwardContext,
  arrival: Arrival,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  let headers: string[];
  try {
    headers = upstreamRequestHeaders(req.rawHeaders, await ctx.connection.credentials());
  } catch (error) {
    fail(ctx, arrival, socket, undefined, `cannot get the credentials of ${ctx.upstreamName}`, error);
    return;
  }
  const { opts, recorded } = upstreamDispatch(ctx, arrival, headers, {
    upgrade: req.headers.upgrade ?? "websocket",
  });
  const result = await new Promise<{ head: RelayedHead | undefined; error?: Error }>((done) => {
    const handler = new TunnelHandler(
      socket,
      head,
      (h) => {
        arrival.side.durationMs = since(arrival);
        arrival.side.response = headMap(h);
        arrival.log.part(clientExchange(undefined, arrival.side), "response");
      },
      (h, error) => done({ head: h, ...(error ? { error } : {}) }),
    );
    socket.once("close", () => handler.abort(new Error("the client closed its connection")));
    ctx.connection.dispatcher.dispatch(opts, handler);
  });
  const forwarded = await recorded;
  if (!result.head && !socket.destroyed) {
    fail(ctx, arrival, socket, forwarded, `cannot reach the API server ${ctx.upstreamName}`, result.error);
    return;
  }
  const side: ClientSide = { ...arrival.side, totalMs: since(arrival) };
  const exchange = clientExchange(forwarded, side);
  if (exchange.response?.body && exchange.response.status !== 101 && !result.error)
    arrival.log.part(exchange, "body");
  ctx.session.add(exchange);
}

function fail(
  ctx: ForwardContext,
  arrival: Arrival,
  socket: Duplex,
  forwarded: Exchange | undefined,
  what: string,
  error: unknown,
): void {
  const cause = redactUrl((error as Error)?.message ?? String(error)).url;
  const answer = proxyAnswer(502, "BadGateway", `kubewire proxy: ${what}: ${cause}`);
  ctx.log.notice(`${arrival.side.method} ${arrival.side.url}: ${what}: ${cause}; answered 502 Bad Gateway`);
  writeRawResponse(socket, answer.head, answer.body);
  arrival.side.durationMs = since(arrival);
  const exchange = clientExchange(forwarded, {
    ...arrival.side,
    totalMs: arrival.side.durationMs,
    response: headMap(answer.head),
  });
  delete exchange.error;
  ctx.session.add(exchange);
}

import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppliedAuth } from "../client/api-connection.js";
import { bodyFromBytes, jsonBody } from "../record/exchange/body.js";
import type { Exchange } from "../record/exchange/exchange.js";
import { redactUrl } from "../record/redact/redact.js";
import { clientExchange } from "./client-view.js";
import type { ClientSide } from "./client-view.js";
import { arrive, headMap, since, upstreamDispatch } from "./forward-context.js";
import type { Arrival, ForwardContext } from "./forward-context.js";
import { relayedResponseHeaders, upstreamRequestHeaders } from "./forwarded-headers.js";
import { proxyAnswer, sendAnswer } from "./proxy-answers.js";
import type { ProxyAnswer } from "./proxy-answers.js";
import { RelayHandler, writeHead } from "./relay-handler.js";
import type { RelayedHead, RelayOutcome } from "./relay-handler.js";

/** The client stopped waiting (it closed its connection) before the answer was complete. */
class ClientGoneError extends Error {
  constructor() {
    super("the client closed its connection");
    this.name = "ClientGoneError";
  }
}

/** A request body larger than the proxy takes. */
class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once("error", reject);
    req.once("close", () => {
      if (!req.complete) reject(new ClientGoneError());
    });
  });
}

/**
 * Forwards one request: admits it (the proxy's token), reads its body, logs it, sends it upstream with the real
 * credentials through the client's connection (recorder included), relays the answer as it arrives, and records
 * the exchange as the client saw it. A 401 is answered again once with fresher credentials when there are any (a
 * re-run exec plugin, a rotated token file), as the client does; the proxied tool cannot refresh them itself.
 */
export async function forwardRequest(
  ctx: ForwardContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const arrival = arrive(ctx, req);
  if (!arrival) {
    req.resume();
    sendAnswer(res, proxyAnswer(401, "Unauthorized", "Unauthorized"));
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req, ctx.maxRequestBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      ctx.log.notice(
        `refused ${arrival.side.method} ${arrival.side.url}: its body is larger than ${ctx.maxRequestBodyBytes} bytes`,
      );
      sendAnswer(
        res,
        proxyAnswer(
          413,
          "RequestEntityTooLarge",
          `kubewire proxy: the request body is larger than ${ctx.maxRequestBodyBytes} bytes`,
        ),
      );
    }
    return;
  }
  const contentType = req.headers["content-type"];
  const requestBody = bodyFromBytes(body, contentType);
  const logged = clientExchange(undefined, arrival.side);
  if (requestBody) logged.request.body = requestBody;
  arrival.log.part(logged, "request");
  ctx.track(relay(ctx, arrival, req, res, body), res);
}

async function relay(
  ctx: ForwardContext,
  arrival: Arrival,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): Promise<void> {
  let applied: AppliedAuth;
  try {
    applied = await ctx.connection.credentials();
  } catch (error) {
    answerFailure(ctx, arrival, res, undefined, `cannot get the credentials of ${ctx.upstreamName}`, error);
    return;
  }
  let current: RelayHandler | undefined;
  res.once("close", () => {
    if (!res.writableFinished) current?.abort(new ClientGoneError());
  });
  for (let round = 0; ; round++) {
    let head: RelayedHead | undefined;
    const { opts, recorded } = upstreamDispatch(
      ctx,
      arrival,
      upstreamRequestHeaders(req.rawHeaders, applied),
      {
        body,
      },
    );
    const outcome = await new Promise<RelayOutcome>((done) => {
      current = new RelayHandler(res, {
        hold: (status) => status === 401 && round === 0 && ctx.connection.hasCredentials,
        onHead: (h) => {
          head = h;
          logResponse(ctx, arrival, h);
        },
        done,
      });
      if (res.destroyed) current.abort(new ClientGoneError());
      ctx.connection.dispatcher.dispatch(opts, current);
    });
    const forwarded = await recorded;
    if (outcome.kind === "held") {
      const fresh = await ctx.connection.credentialsAfterUnauthorized(applied).catch(() => undefined);
      if (fresh && !res.destroyed) {
        ctx.log.notice(
          `the API server answered 401 to ${arrival.side.method} ${arrival.side.url}: sending it again with fresh credentials`,
        );
        applied = fresh;
        continue;
      }
      const { response } = outcome;
      head = {
        status: response.status,
        statusText: response.statusText,
        headers: relayedResponseHeaders(response.headers),
      };
      if (!res.destroyed) {
        writeHead(res, head);
        res.end(response.body);
      }
      logResponse(ctx, arrival, head);
      finish(ctx, arrival, res, forwarded, head);
      return;
    }
    if (outcome.kind === "failed") {
      if (outcome.error instanceof ClientGoneError || res.destroyed) {
        finish(ctx, arrival, res, forwarded, undefined, new ClientGoneError());
        return;
      }
      const invalid = (outcome.error as { code?: unknown }).code === "UND_ERR_INVALID_ARG";
      answerFailure(
        ctx,
        arrival,
        res,
        forwarded,
        invalid ? "cannot forward this request" : `cannot reach the API server ${ctx.upstreamName}`,
        outcome.error,
        invalid ? 400 : 502,
      );
      return;
    }
    finish(ctx, arrival, res, forwarded, head, outcome.error);
    return;
  }
}

function logResponse(ctx: ForwardContext, arrival: Arrival, head: RelayedHead): void {
  arrival.side.durationMs = since(arrival);
  arrival.side.response = headMap(head);
  arrival.side.connection = { ...arrival.side.connection, serverProcessingMs: arrival.side.durationMs };
  arrival.log.part(clientExchange(undefined, arrival.side), "response");
  if (head.status === 401)
    ctx.log.noticeOnce(
      "unauthorized",
      `the API server answered 401 Unauthorized: it refused the credentials of ${ctx.upstreamName} ` +
        "(the client gets the 401 as it came)",
    );
}

/** Records the exchange as the client saw it, and logs its body as kubectl would (a stream's it does not). */
function finish(
  ctx: ForwardContext,
  arrival: Arrival,
  res: ServerResponse,
  forwarded: Exchange | undefined,
  head: RelayedHead | undefined,
  error?: Error,
): void {
  const side: ClientSide = { ...arrival.side, totalMs: since(arrival) };
  if (head) side.response = headMap(head);
  const exchange = clientExchange(forwarded, side);
  if (error && !exchange.error) exchange.error = { name: error.name, message: error.message };
  const done = delivered(res);
  // Only a log that shows bodies reads one: a captured body's kind is known once it is decoded and parsed. The body
  // is logged once the answer has left the proxy: at --v 9 kubectl logs all of it, and rendering a 10 MB list must
  // not hold the client's last bytes. A sequential client's next request comes after that, so the order holds.
  // Which answers kubectl logs a body for (a stream's it does not, a body-less one's it logs empty) is the log's to say.
  if (!error && ctx.log.showsBodies && exchange.response)
    void done.then(() => logBody(ctx, arrival, exchange));
  ctx.session.add(exchange, done);
}

function logBody(ctx: ForwardContext, arrival: Arrival, exchange: Exchange): void {
  try {
    arrival.log.part(exchange, "body");
  } catch (error) {
    // Only the error's name: its message could quote the body.
    const url = redactUrl(exchange.request.url).url;
    ctx.log.notice(`cannot log the body of ${exchange.request.method} ${url}: ${(error as Error)?.name}`);
  }
}

/**
 * Settles once the answer has left the proxy: all of it handed to the client's connection (`finish`), or the
 * connection gone. The last megabyte of a large answer may still be in the proxy's buffers when the upstream's
 * ends, and the cassette's work on the exchange must not hold it there.
 */
function delivered(res: ServerResponse): Promise<void> {
  if (res.writableFinished || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    res.once("finish", resolve);
    res.once("close", resolve);
  });
}

/** Answers with a `Status` for what the proxy could not do, logs it once, and records what the client saw. */
function answerFailure(
  ctx: ForwardContext,
  arrival: Arrival,
  res: ServerResponse,
  forwarded: Exchange | undefined,
  what: string,
  error: unknown,
  status = 502,
): void {
  const cause = redactUrl((error as Error)?.message ?? String(error)).url;
  const answer: ProxyAnswer = proxyAnswer(
    status,
    status === 502 ? "BadGateway" : "BadRequest",
    `kubewire proxy: ${what}: ${cause}`,
  );
  ctx.log.notice(
    `${arrival.side.method} ${arrival.side.url}: ${what}: ${cause}; answered ${answer.head.status} ${answer.head.statusText}`,
  );
  sendAnswer(res, answer);
  arrival.side.durationMs = since(arrival);
  const side: ClientSide = {
    ...arrival.side,
    totalMs: arrival.side.durationMs,
    response: headMap(answer.head),
  };
  const exchange = clientExchange(forwarded, side);
  delete exchange.error;
  exchange.response!.body = jsonBody(JSON.parse(answer.body.toString("utf8")), answer.body.toString("utf8"));
  arrival.log.part(exchange, "response");
  arrival.log.part(exchange, "body");
  ctx.session.add(exchange, delivered(res));
}

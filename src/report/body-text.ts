import type { Body, Exchange } from "../record/exchange/exchange.js";

/**
 * A JSON body loaded from a cassette holds its value; its text is `JSON.stringify` of it (plus the final newline).
 * Redaction needs that text to scan it and the page embeds it, so it is made once and carried as `raw` (which
 * every reader takes as the body's text) through redaction, then taken off again for the readers that would
 * otherwise parse it back (the kubectl view, the admission diff), so they use the value.
 */
const added = new WeakSet<Body>();

function withText(body: Body | undefined): Body | undefined {
  if (body?.kind !== "json" || body.raw !== undefined) return body;
  const texted: Body = { ...body, raw: `${JSON.stringify(body.value)}\n` };
  added.add(texted);
  return texted;
}

/** The body without the text {@link withBodyText} added (a body redaction replaced has none). */
export function withoutText(body: Body | undefined): Body | undefined {
  if (body === undefined || !added.has(body) || body.kind !== "json") return body;
  const { raw: _raw, ...plain } = body;
  return plain;
}

function mapBodies(exchange: Exchange, f: (body: Body | undefined) => Body | undefined): Exchange {
  const request = exchange.request.body
    ? withBody(exchange.request, f(exchange.request.body))
    : exchange.request;
  const response =
    exchange.response?.body !== undefined
      ? withBody(exchange.response, f(exchange.response.body))
      : exchange.response;
  return { ...exchange, request, ...(response ? { response } : {}) };
}

/** The message with `body` in place of its own; without one when `body` is undefined (an absent optional field). */
function withBody<T extends { body?: Body }>(message: T, body: Body | undefined): T {
  const { body: _old, ...rest } = message;
  return (body === undefined ? rest : { ...rest, body }) as T;
}

/** The exchange with the text of its JSON bodies made once. */
export function withBodyText(exchange: Exchange): Exchange {
  return mapBodies(exchange, withText);
}

/** The exchange with the texts {@link withBodyText} added taken off again (bodies redaction replaced have none). */
export function withoutBodyText(exchange: Exchange): Exchange {
  return mapBodies(exchange, withoutText);
}

import type { Body, Exchange, LogPart, LogProvenance } from "../../../record/exchange/exchange.js";
import { bodyBytes } from "../../../record/exchange/body.js";
import type { Draft } from "./correlate.js";
import type { LogContext } from "./exchange.js";
import { findHeader } from "./correlate.js";
import { hostMark } from "./logged-url.js";

/**
 * What an imported exchange's log shows of it and what not (see LogProvenance): a part is absent when the log does
 * not show it, never when it shows that there is none. What kubectl logs depends on the level (`-v=6` shows no
 * headers, `-v=8` every body kubectl sends and reads), so the level the log was taken at decides for bodies.
 */

/** Responses that have no body whatever the log shows. */
function answersWithoutBody(method: string, status: number, draft: Draft): boolean {
  return (
    method === "HEAD" ||
    (status >= 100 && status < 200) ||
    status === 204 ||
    status === 304 ||
    findHeader(draft.responseHeaders, "content-length") === "0"
  );
}

/** A body kept from a dump whose bytes alone would not say it was dumped (the dump was cut before its first low byte). */
function dumpedWithoutLowByte(body: Body | undefined): boolean {
  return body !== undefined && !bodyBytes(body).some((b) => b < 0x0a);
}

export function logProvenance(draft: Draft, exchange: Exchange, context: LogContext): LogProvenance {
  const absent: LogPart[] = [];
  const { level, format } = context;
  const bodiesShown = level !== undefined && level >= 8 && !draft.fromMention;
  // From 1.32 kubectl logs a request body line before every request (body="" for none): without one, the log
  // lost it. Before, it logged one only for a request that had a body.
  // A request body line seen (body="" too) says what the body was, whatever level the log is read as.
  const requestBodyShown = draft.requestBodyLogged === true || (bodiesShown && format === "classic");
  if (draft.startUnknown) absent.push("startedAt");
  if (draft.requestHeaders.length === 0) absent.push("requestHeaders");
  if (!draft.requestBody && !requestBodyShown) absent.push("requestBody");
  const response = exchange.response;
  if (response) {
    if (draft.statusUnknown) absent.push("status");
    if (draft.responseHeaders.length === 0) absent.push("responseHeaders");
    if (!draft.responseBody && (!bodiesShown || !answersWithoutBody(draft.method, response.status, draft)))
      absent.push("responseBody");
  }
  if (draft.milliseconds === undefined) absent.push("duration");
  const provenance: LogProvenance = { lines: [draft.span.first, draft.span.last] };
  if (absent.length) provenance.absent = absent;
  const host = hostMark(draft.url);
  if (host) provenance.host = host;
  if (draft.elided) provenance.elided = true;
  const hexDump: ("requestBody" | "responseBody")[] = [];
  if (draft.requestBody?.hex && dumpedWithoutLowByte(exchange.request.body)) hexDump.push("requestBody");
  if (draft.responseBody?.hex && dumpedWithoutLowByte(response?.body)) hexDump.push("responseBody");
  if (hexDump.length) provenance.hexDump = hexDump;
  return provenance;
}

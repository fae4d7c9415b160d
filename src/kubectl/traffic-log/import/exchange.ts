import { textAsHeaderBytes } from "../../../internal/escaped-bytes.js";
import { utf8Bytes } from "../../../internal/utf8-bytes.js";
import { formatMicros } from "../../../internal/clock.js";
import { bodyFromBytes, partialBodyFromBytes } from "../../../record/exchange/body.js";
import { redactExchange } from "../../../record/redact/redact.js";
import type {
  Body,
  ConnectionEvent,
  ConnectionInfo,
  Exchange,
  ExchangeError,
  HeaderMap,
} from "../../../record/exchange/exchange.js";
import { goStatusText } from "../../go/status-text.js";
import { findHeader } from "./correlate.js";
import { failureCode } from "./failures.js";
import { logProvenance } from "./provenance.js";
import { redactUrlHeaders } from "./redact-urls.js";
import type { TrafficLevel } from "../render.js";
import type { TrafficLogFormat } from "../format.js";
import type { Draft } from "./correlate.js";
import { loggedBytes, looksLikeJson } from "./parse.js";
import type { LoggedBody, Timing } from "./parse.js";

/**
 * The last step of the log import: a draft's logged bodies resolved (klog's ambiguous final newline, bodies that
 * continue over several lines, truncation) and the draft made an exchange, redacted before it leaves.
 */

function parseStatus(status: string): { code: number; text: string } | undefined {
  // 100 to 599, the codes HTTP defines (and a cassette holds); anything else is a garbled line, not an answer.
  const m = /^([1-5]\d\d)(?: (.*))?$/.exec(status);
  return m ? { code: Number(m[1]), text: m[2] ?? goStatusText(Number(m[1])) } : undefined;
}

/** Header values as a recorder holds them (each byte a character, as Node and undici read them): the log's bytes. */
function headerMap(pairs: [string, string][]): HeaderMap {
  const out: HeaderMap = {};
  for (const [k, text] of pairs) {
    const v = textAsHeaderBytes(text);
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * A printf-style body whose Content-Length says it is longer than its first line: it had newlines of its own, and
 * the header-less lines after it are its continuation. Returns the body and how many lines it took.
 */
function extendBody(logged: LoggedBody, contentLength: number): { body: LoggedBody; lines: number } {
  let text = loggedBytes(logged);
  const following = logged.following ?? [];
  for (let k = 0; k < following.length && text.length < contentLength; k++) {
    text = Buffer.concat([text, utf8Bytes("\n" + following[k]!)]);
    if (text.length === contentLength || text.length + 1 === contentLength) {
      const body: LoggedBody = {
        bytes: text,
        length: text.length,
        hex: false,
        alternative: Buffer.concat([text, Buffer.from("\n")]),
      };
      return { body, lines: k + 1 };
    }
  }
  return { body: logged, lines: 0 };
}

/** Picks between the two readings of an ambiguous trailing newline; marks a body shorter than announced as cut. */
function resolveBody(
  logged: LoggedBody,
  contentLength: number | undefined,
  encodedWithNewline = true,
): LoggedBody {
  const unwrapped = logged.unwrapped;
  if (unwrapped && unwrappedFits(logged, unwrapped, contentLength))
    return resolveBody(unwrapped, contentLength, encodedWithNewline);
  // Every byte the answer announced is there: the body is whole, whatever made it read as cut (a body that starts
  // like JSON and does not close, e.g. bytes that are no JSON at all).
  if (logged.cut && logged.truncatedTotal === undefined && contentLength === logged.length)
    return { bytes: logged.bytes, text: logged.text, length: logged.length, hex: logged.hex };
  if (logged.truncatedTotal !== undefined || logged.cut) {
    if (logged.cut && contentLength !== undefined && contentLength > logged.length)
      return { ...logged, truncatedTotal: contentLength };
    return logged;
  }
  const alt = logged.alternative;
  const as = (bytes: Buffer): LoggedBody => ({ bytes, length: bytes.length, hex: logged.hex });
  const asLogged = (): LoggedBody => ({
    bytes: logged.bytes,
    text: logged.text,
    length: logged.length,
    hex: logged.hex,
  });
  if (contentLength !== undefined) {
    if (contentLength === logged.length) return asLogged();
    if (alt && contentLength === alt.length) return as(alt);
    // Shorter than announced: the log broke off inside it. Only what was seen is kept (no guessed newline).
    const longest = alt && alt.length > logged.length ? alt.length : logged.length;
    if (contentLength > longest) return { ...asLogged(), cut: true, truncatedTotal: contentLength };
  }
  if (!alt) return logged;
  // No length to go by: API machinery ends every JSON document it encodes with a newline (a patch it did not
  // encode has none).
  const bytes = loggedBytes(logged);
  const withNewline = alt.length > bytes.length ? alt : bytes;
  const without = alt.length > bytes.length ? bytes : alt;
  return as(encodedWithNewline && looksLikeJson(without) ? withNewline : without);
}

/**
 * Whether a printf body continued over lines reads better as one line a terminal or a page wrapped: its length is
 * the announced one (and the other reading's is not), or, with no length to go by, it is JSON and the other not.
 */
function unwrappedFits(
  logged: LoggedBody,
  unwrapped: LoggedBody,
  contentLength: number | undefined,
): boolean {
  const fits = (b: LoggedBody) =>
    contentLength === undefined ||
    (b.truncatedTotal !== undefined
      ? b.truncatedTotal === contentLength
      : b.length === contentLength || b.alternative?.length === contentLength);
  // 2: compact JSON (what API machinery encodes: the newlines were the wrapping's); 1: JSON; 0: not JSON.
  const json = (b: LoggedBody) => {
    const text = loggedBytes(b).toString("utf8").replace(/\n$/, "");
    try {
      return JSON.stringify(JSON.parse(text)) === text ? 2 : 1;
    } catch {
      return 0;
    }
  };
  const [fitsU, fitsL] = [fits(unwrapped), fits(logged)];
  return fitsU !== fitsL ? fitsU : json(unwrapped) > json(logged);
}

function toBody(logged: LoggedBody, contentType: string | undefined): Body {
  const total = logged.truncatedTotal;
  if (total === undefined && !logged.cut) {
    return bodyFromBytes(loggedBytes(logged), contentType) ?? { kind: "text", text: "", bytes: 0 };
  }
  return partialBodyFromBytes(loggedBytes(logged), Math.max(total ?? 0, logged.length));
}

function timingToConnection(
  timing: Timing | undefined,
  events: ConnectionEvent[],
): ConnectionInfo | undefined {
  if (!timing || timing.reused === undefined) return undefined;
  const c: ConnectionInfo = { reused: timing.reused };
  if (timing.reused) c.getConnectionMs = timing.getConnectionMs ?? 0;
  else {
    c.dnsLookupMs = timing.dnsLookupMs ?? 0;
    c.dialMs = timing.dialMs ?? 0;
    c.tlsHandshakeMs = timing.tlsHandshakeMs ?? 0;
  }
  if (timing.serverProcessingMs !== undefined) c.serverProcessingMs = timing.serverProcessingMs;
  if (events.length) c.events = events;
  return c;
}

/** What the import knows about the whole log, which a draft's exchange depends on. */
export interface LogContext {
  /** The `--v` the log was taken at, when the log shows. */
  level: TrafficLevel | undefined;
  /** The log's format, when it shows traffic. */
  format: TrafficLogFormat | undefined;
}

/**
 * Turns an assembled draft into an exchange, redacted, with what the log shows of it (`fromLog`). `extraLines`
 * counts the header-less lines that a printf body turned out to continue on (they were first counted as
 * unrecognised).
 */
export function finishExchange(
  draft: Draft,
  context: LogContext,
): { exchange: Exchange; extraLines: number } {
  let extraLines = 0;
  const requestHeaders = headerMap(draft.requestHeaders);
  const exchange: Exchange = {
    seq: draft.seq,
    startedAt: formatMicros(draft.start),
    durationMs: draft.milliseconds ?? 0,
    request: { method: draft.method, url: draft.url, headers: requestHeaders },
  };
  if (draft.bodyAt !== undefined) exchange.totalMs = Math.max(0, (draft.bodyAt - draft.start) / 1000);
  if (draft.requestBody) {
    // kubectl sends objects through API machinery's encoder (a final newline) but merge, strategic-merge and
    // JSON patches as the bytes it computed or was given (none); server-side apply sends an encoded object.
    const contentType = findHeader(draft.requestHeaders, "content-type") ?? "";
    const encoded = draft.method !== "PATCH" || /apply-patch/.test(contentType);
    const logged = resolveBody(draft.requestBody, undefined, encoded);
    exchange.request.body = toBody(logged, findHeader(draft.requestHeaders, "content-type"));
  }
  // A response whose status the log does not show (kubectl 1.23 at -v=9) was an answer only if something of it
  // was logged; with nothing but a failure mention it was a failed request.
  const answered =
    draft.statusUnknown === true &&
    !(draft.errorMessage !== undefined && draft.responseHeaders.length === 0 && !draft.responseBody);
  const status = answered
    ? { code: 0, text: "" }
    : draft.status !== undefined && !draft.statusUnknown
      ? parseStatus(draft.status)
      : undefined;
  if (status) {
    const headers = headerMap(draft.responseHeaders);
    const safeHeaders = redactUrlHeaders(headers);
    if (safeHeaders !== headers) exchange.redacted = true;
    exchange.response = { status: status.code, statusText: status.text, headers: safeHeaders };
    if (draft.responseBody) {
      const header = findHeader(draft.responseHeaders, "content-length");
      const cl = header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
      let raw = draft.responseBody;
      if (cl !== undefined && raw.following && cl > raw.length + 1) {
        const extended = extendBody(raw, cl);
        raw = extended.body;
        extraLines = extended.lines;
      }
      const logged = resolveBody(raw, cl);
      exchange.response.body = toBody(logged, findHeader(draft.responseHeaders, "content-type"));
    }
  } else {
    const failedDial = draft.events.find((e) => e.kind === "dial" && e.error !== undefined);
    const failed = draft.status === "" || draft.errorMessage !== undefined;
    const message =
      draft.errorMessage ??
      (failedDial?.kind === "dial" ? failedDial.error : undefined) ??
      (!failed
        ? draft.status === undefined || draft.statusUnknown
          ? "the log shows the request but not its response"
          : `unreadable status ${JSON.stringify(draft.status)}`
        : "no response: kubectl logged an empty status");
    const error: ExchangeError = {
      name: failed || draft.status !== undefined ? "TransportError" : "IncompleteExchangeError",
      message,
    };
    const code = !failed && draft.status === undefined ? "LOG_ENDED" : failureCode(message);
    if (code) error.code = code;
    exchange.error = error;
  }
  const connection = timingToConnection(draft.timing, draft.events);
  if (connection) exchange.connection = connection;
  if (draft.caller) exchange.caller = draft.caller;
  exchange.fromLog = logProvenance(draft, exchange, context);
  return { exchange: redactExchange(exchange), extraLines };
}

import { bodyBytes } from "../../record/exchange/body.js";
import { redactExchange } from "../../record/redact/redact.js";
import type { Body, ConnectionEvent, Exchange, HeaderMap } from "../../record/exchange/exchange.js";
import { canonicalHeaderKey } from "../../internal/canonical-header.js";
import { goQuote, goQuoteBytes } from "../go/quote.js";
import {
  bytesAsEscapedText,
  escapedTextAsUtf8,
  escapedTextBytes,
  hasEscapedBytes,
  headerBytesAsText,
} from "../../internal/escaped-bytes.js";
import { goStatus } from "../go/status-text.js";
import { hexDump, hexDumpLength } from "./hex-dump.js";
import { exchangeMicros, klogHeader } from "./klog.js";
import type { KlogHeaderOptions } from "./klog.js";
import { klogKV, klogStructured } from "./klog-values.js";
import type { KlogValue } from "./klog-values.js";
import { replayCurlCommand } from "./curl.js";
import { headerValue } from "../../internal/headers.js";
import { apiserverQueryBool, firstQueryValue, queryOf } from "../../internal/query-flag.js";
import { isDiscoveryRequest, loggedHeaders } from "./logged-headers.js";
import { trafficLogLayout } from "./format.js";
import type { ClassicLines, TrafficLogLayout } from "./format.js";

/** Verbosity levels that log traffic (below 6 kubectl logs none). */
export const TRAFFIC_LEVELS = [6, 7, 8, 9, 10] as const;
/** A kubectl `--v` level that logs traffic, one of {@link TRAFFIC_LEVELS}. */
export type TrafficLevel = (typeof TRAFFIC_LEVELS)[number];

/**
 * Options of {@link renderTrafficLog} (the `--v` level, the kubectl version whose layout to copy, redaction).
 */
export interface TrafficLogOptions extends KlogHeaderOptions {
  /** kubectl's `--v` level, 6 to 10. Default 9. */
  v?: TrafficLevel;
  /**
   * The kubectl version whose format to print: `1.27`…`1.31` (classic), `1.32` (hybrid), `1.33` and later
   * (structured). Default: the newest format.
   */
  kubectlVersion?: string;
  /**
   * Print bodies and headers as the exchanges hold them, as kubectl would print them, Secret values included.
   * Off by default: every exchange is redacted again before it is printed (Secret `data`, tokens, cookies,
   * credentials in URLs), so nothing secret reaches the output even from an exchange built by hand.
   */
  showSecrets?: boolean;
  /**
   * Go beyond kubectl: at -v=9 and above, print a curl command that replays the request with its body (kubectl's
   * leaves the body out) in place of kubectl's curl line. See {@link replayCurlCommand}.
   */
  replayCurl?: boolean;
}

/** kubectl's `maskValue`: only `Authorization` is masked, keeping a known scheme (`Bearer <masked>`). */
export function maskHeaderValue(key: string, value: string): string {
  if (key.toLowerCase() !== "authorization") return value;
  if (value.length === 0) return "";
  const space = value.indexOf(" ");
  const scheme = space > 0 ? value.slice(0, space) : value;
  if (!["bearer", "basic", "negotiate"].includes(scheme.toLowerCase())) return "<masked>";
  return value.length > scheme.length + 1 ? `${scheme} <masked>` : scheme;
}

/** Headers Go's transport handles itself: never in `req.Header`, so never in kubectl's log. */
const TRANSPORT_REQUEST_HEADERS = new Set(["host", "content-length", "connection", "transfer-encoding"]);

/** The spaces and tabs around a header value, which Go's `textproto.Reader` trims from what it reads. */
const GO_HEADER_SPACE = /^[ \t]+|[ \t]+$/g;

function headerLines(headers: HeaderMap, side: "request" | "response", mask: boolean): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(headers)) {
    const lower = k.toLowerCase();
    if (side === "request" ? TRANSPORT_REQUEST_HEADERS.has(lower) : lower === "transfer-encoding") continue;
    const key = canonicalHeaderKey(k);
    for (const raw of Array.isArray(v) ? v : [v]) {
      // Go's textproto drops the spaces and tabs around a value it reads; a request's are as kubectl set them.
      // A value holds a byte a character (as Node and undici read it): kubectl prints those bytes.
      const value = headerBytesAsText(side === "response" ? raw.replace(GO_HEADER_SPACE, "") : raw);
      out.push([key, mask ? maskHeaderValue(key, value) : value]);
    }
  }
  return out;
}

/** client-go's `toCurl()`: `curl -v -XGET  -H "K: v" 'url'` (two spaces after the verb, headers `%q`-quoted). */
export function kubectlCurlCommand(exchange: Exchange): string {
  const headers = headerLines(loggedHeaders(exchange).request, "request", true)
    .map(([k, v]) => {
      const flag = `${k}: ${v}`;
      // Go's %q quotes the bytes: one that is not UTF-8 as \xNN.
      return ` -H ${hasEscapedBytes(flag) ? goQuoteBytes(escapedTextBytes(flag)) : goQuote(flag)}`;
    })
    .join("");
  return `curl -v -X${exchange.request.method} ${headers} '${exchange.request.url}'`;
}

/** kubectl's `truncateBody`: a byte limit per level, then ` [truncated N chars]` (N counts bytes). */
const TRUNCATE_AT: Record<TrafficLevel, number> = { 6: 0, 7: 0, 8: 1024, 9: 10240, 10: Infinity };

/** The length of the dump prefix that `n` known bytes determine (up to their last hex digit). */
function knownDumpPrefix(n: number): number {
  const rest = n % 16;
  return Math.floor(n / 16) * 79 + (rest ? 9 + 3 * rest + (rest > 8 ? 1 : 0) : 0);
}

/**
 * The text kubectl logs for a body at a level: the body (or its hex dump when a byte is below 0x0A), cut at the
 * level's limit with kubectl's suffix. A body known only in part (an imported log that kubectl truncated) prints
 * what is known, and the suffix counts from the size the body really had.
 */
function loggedBody(body: Body, v: TrafficLevel, dumped: boolean): { bytes: Buffer; hex: boolean } {
  const held = bodyBytes(body);
  const total = body.truncated ? Math.max(body.bytes, held.length) : held.length;
  const limit = TRUNCATE_AT[v];
  const suffix = (n: number) => Buffer.from(n > 0 ? ` [truncated ${n} chars]` : "");
  if (dumped || held.some((b) => b < 0x0a)) {
    const dump = Buffer.from(hexDump(held));
    const known = body.truncated ? Math.min(dump.length, knownDumpPrefix(held.length)) : dump.length;
    const shown = Math.min(limit, known);
    return {
      bytes: Buffer.concat([dump.subarray(0, shown), suffix(hexDumpLength(total) - shown)]),
      hex: true,
    };
  }
  const shown = Math.min(limit, held.length);
  const left = total - shown;
  // kubectl counts what it cut from the bytes it received: where redaction changed the length of what is held
  // (a marker for a credential-shaped word in an OpenAPI description), the wire size still gives kubectl's count.
  const cut = left > 0 && !body.truncated && body.bytes > limit ? body.bytes - limit : left;
  return { bytes: Buffer.concat([held.subarray(0, shown), suffix(cut)]), hex: false };
}

/**
 * What rendering an exchange may know of the exchanges around it, as kubectl's log depends on them: whether client-go
 * sent the request again (so did not read this answer), and the exchange before it.
 */
export interface ExchangeContext {
  retried: boolean;
  previous?: Exchange | undefined;
  /**
   * The first attempt of the call `previous` ended (itself unless it was a retry or a followed redirect): the
   * object a call asked for is the first attempt's, whatever URL the last one went to.
   */
  previousCallStart?: Exchange | undefined;
}

const KUBECTL_LOGS_CALLERS: readonly [string, string] = ["logs.go:469", "interrupt.go:103"];

/** The commands with `--raw` (rawhttp/raw.go), and the line of each that reads an error answer (1.32 and 1.33). */
const RAW_COMMANDS: Record<string, string> = {
  "kubectl get": "get.go:174",
  "kubectl create": "create.go:114",
  "kubectl replace": "replace.go:123",
  "kubectl delete": "delete.go:161",
};

/**
 * One call that logs its request body and its response body at two lines (1.32+): the request's line, and the
 * response's. An import keeps the request's as the exchange's caller.
 */
export const SPLIT_BODY_CALLERS: Readonly<Record<string, string>> = {
  "raw.go:84": RAW_COMMANDS["kubectl get"]!,
  [KUBECTL_LOGS_CALLERS[0]]: KUBECTL_LOGS_CALLERS[1],
};

/**
 * kubectl's `get|create|replace|delete --raw <path>` (rawhttp): a request of the factory's REST client (its Accept is
 * `application/json, *\/*`, which these commands send otherwise only to discovery), read with `Stream()`, so its
 * body is logged only for an answer that is not 2xx. Returns the caller of that body's line, or undefined. An
 * imported exchange has lost the command header: its caller tells.
 */
function rawHttpCaller(ex: Exchange): string | undefined {
  if (headerValue(ex.request.headers, "accept") !== "application/json, */*") return undefined;
  if (isDiscoveryRequest(ex.request.url)) return undefined;
  const command = headerValue(ex.request.headers, "kubectl-command");
  if (command !== undefined) return RAW_COMMANDS[command];
  if (ex.caller === undefined) return undefined;
  return (
    SPLIT_BODY_CALLERS[ex.caller] ?? (Object.values(RAW_COMMANDS).includes(ex.caller) ? ex.caller : undefined)
  );
}

/**
 * A GET of an object in namespace `ns` (not `default`) that client-go read as NotFound (a Status with reason
 * NotFound, whatever the code, or a 404 without a Status reason): the answer after which cli-runtime checks `ns`.
 */
function notFoundIn(ex: Exchange | undefined, ns: string, start: Exchange | undefined): boolean {
  const r = ex?.response;
  if (!ex || !r || ex.request.method !== "GET" || ns === "default") return false;
  if (!pathOf((start ?? ex).request.url).includes(`/namespaces/${ns}/`)) return false;
  const value =
    r.body?.kind === "json" ? (r.body.value as { kind?: unknown; reason?: unknown } | null) : undefined;
  const reason = value?.kind === "Status" && typeof value.reason === "string" ? value.reason : "";
  return reason === "NotFound" || (reason === "" && r.status === 404);
}

/**
 * Whether the request is client-go's or Go's own second attempt at the one before: a retry of an answer that asked
 * for it, or the request Go's client makes to follow a redirect. kubectl logs a request body once per call, before
 * the first attempt.
 */
export function repeatsPrevious(ex: Exchange, previous: Exchange | undefined): boolean {
  const r = previous?.response;
  if (!previous || !r) return false;
  if (
    previous.request.method === ex.request.method &&
    previous.request.url === ex.request.url &&
    asksForRetry(previous)
  )
    return true;
  const location = GO_REDIRECTS.includes(r.status) ? headerValue(r.headers, "location") : undefined;
  if (!location) return false;
  try {
    return new URL(location, previous.request.url).href === new URL(ex.request.url).href;
  } catch {
    return false;
  }
}

/** The `file:line` kubectl 1.32+ logs bodies at: the caller of `Do()`, recorded or inferred from the request. */
function bodyCaller(
  ex: Exchange,
  layout: TrafficLogLayout,
  context: ExchangeContext,
  prefix: "Request Body" | "Response Body",
): string {
  // `kubectl logs` reads a container's log itself (polymorphichelpers/logs.go) and reads an error answer's body in
  // its interrupt handler: two callers for one exchange, the same lines in 1.32 and 1.33.
  if (ex.request.method === "GET" && /\/pods\/[^/]+\/log$/.test(pathOf(ex.request.url)))
    if (ex.caller === undefined || KUBECTL_LOGS_CALLERS.includes(ex.caller))
      return prefix === "Request Body" ? KUBECTL_LOGS_CALLERS[0] : KUBECTL_LOGS_CALLERS[1];
  // rawhttp hands its file to the request as a stream (never logged); a GET is given no body, logged as "".
  const raw = rawHttpCaller(ex);
  if (raw && ex.caller === undefined) return prefix === "Request Body" ? "raw.go:84" : raw;
  const split = ex.caller === undefined ? undefined : SPLIT_BODY_CALLERS[ex.caller];
  if (split) return prefix === "Request Body" ? ex.caller! : split;
  if (ex.caller) return ex.caller;
  // A redirect Go's client followed (or a retry) is the same call: its body is logged at the call's caller, which
  // the first attempt's URL tells (a list redirected to an object is still the list's helper.go:113).
  const start = context.previousCallStart ?? context.previous;
  if (start !== undefined && start !== ex && repeatsPrevious(ex, context.previous))
    return bodyCaller(start, layout, { retried: false }, prefix);
  let path = "/";
  try {
    path = new URL(ex.request.url).pathname;
  } catch {
    // Not a URL: fall through to the generic callers.
  }
  const discovery = layout.discovery!;
  if (path === "/api") return discovery.api;
  if (path === "/apis") return discovery.apis;
  if (/^\/api\/v1\/?$|^\/apis\/[^/]+\/[^/]+\/?$/.test(path)) return discovery.groupVersion;
  if (path === "/openapi/v3") return "client.go:46";
  if (path.startsWith("/openapi/v3/")) return "groupversion.go:75";
  if (layout.watch && apiserverQueryBool(firstQueryValue(queryOf(ex.request.url), "watch")))
    return layout.watch;
  // kubectl delete waits for the object to go with the dynamic client: its GETs carry delete's command header.
  const command = headerValue(ex.request.headers, "kubectl-command");
  if (layout.deleteWait && ex.request.method === "GET" && command === "kubectl delete")
    return layout.deleteWait;
  // cli-runtime's `Info.Get`: an object not found in a namespace other than `default` makes it ask whether the
  // namespace exists, with a request of its own (resource/visitor.go), to say which of the two is missing.
  const namespace = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(path)?.[1];
  if (
    ex.request.method === "GET" &&
    namespace !== undefined &&
    notFoundIn(context.previous, namespace, context.previousCallStart)
  )
    return "visitor.go:104";
  // client-go's typed clients (gentype, `kubectl create configmap|secret|…`) send protobuf, cli-runtime's JSON.
  const contentType = headerValue(ex.request.headers, "content-type") ?? "";
  if (ex.request.method === "POST" && contentType.includes("protobuf")) return "type.go:252";
  // cli-runtime's resource helper (kubectl get, create -f, replace, patch, delete), lines of 1.32 and 1.33.
  switch (ex.request.method) {
    case "POST":
      return "helper.go:246";
    case "PUT":
      return "helper.go:319";
    case "PATCH":
      return "helper.go:269";
    case "DELETE":
      return "helper.go:202";
  }
  const segments = path.split("/").filter(Boolean);
  let rest = segments.slice(segments[0] === "api" ? 2 : 3);
  if (rest[0] === "namespaces" && rest.length >= 3) rest = rest.slice(2);
  return rest.length <= 1 ? "helper.go:113" : "helper.go:105";
}

/**
 * When kubectl writes a line: as the request goes out, when the response headers arrive, or when the response
 * body has been read. A live log (the recording proxy's) prints each part as its moment comes.
 */
export const TRAFFIC_LOG_PHASES = ["request", "response", "body"] as const;
/** One of the moments kubectl writes an exchange's lines: `request`, `response` (headers in) or `body` (read). */
export type TrafficLogPhase = (typeof TRAFFIC_LOG_PHASES)[number];

interface Line {
  micros: number;
  phase: TrafficLogPhase;
  file: string;
  text: string;
}

function connectionOf(ex: Exchange) {
  // Unknown (a recorded exchange): a pooled connection, or a fresh one for a request that failed.
  return ex.connection ?? (ex.response ? { reused: true, getConnectionMs: 0 } : { reused: false });
}

function classicStats(ex: Exchange, ms: number): string {
  const c = connectionOf(ex);
  const serverProcessing = ex.connection ? ex.connection.serverProcessingMs : ex.response ? ms : undefined;
  let stats = c.reused
    ? `GetConnection ${c.getConnectionMs ?? 0} ms`
    : `DNSLookup ${c.dnsLookupMs ?? 0} ms Dial ${c.dialMs ?? 0} ms TLSHandshake ${c.tlsHandshakeMs ?? 0} ms`;
  if (serverProcessing !== undefined) stats += ` ServerProcessing ${serverProcessing} ms`;
  return `${stats} Duration ${ms} ms`;
}

function structuredTiming(ex: Exchange, ms: number): [string, KlogValue][] {
  const c = connectionOf(ex);
  const serverProcessing = ex.connection ? ex.connection.serverProcessingMs : ex.response ? ms : undefined;
  const out: [string, KlogValue][] = c.reused
    ? [["getConnectionMilliseconds", c.getConnectionMs ?? 0]]
    : [
        ["dnsLookupMilliseconds", c.dnsLookupMs ?? 0],
        ["dialMilliseconds", c.dialMs ?? 0],
        ["tlsHandshakeMilliseconds", c.tlsHandshakeMs ?? 0],
      ];
  if (serverProcessing !== undefined) out.push(["serverProcessingMilliseconds", serverProcessing]);
  return out;
}

function splitAddress(address: string): { ip: string; zone: string } {
  const pct = address.indexOf("%");
  return pct < 0 ? { ip: address, zone: "" } : { ip: address.slice(0, pct), zone: address.slice(pct + 1) };
}

function traceLine(event: ConnectionEvent, layout: TrafficLogLayout): { file: string; text: string } {
  const s = layout.structured;
  const c = layout.classic;
  if (event.kind === "dns") {
    const addrs = event.addresses.map(splitAddress);
    if (s) {
      // A failed lookup logs an empty list (address=[]), as kubectl 1.33 does.
      const json = JSON.stringify(addrs.map((a) => ({ IP: a.ip, Zone: a.zone })));
      return {
        file: s.dns,
        text: klogStructured("HTTP Trace: DNS Lookup resolved", [
          ["host", event.host],
          ["address", { raw: json }],
        ]),
      };
    }
    const list = addrs.map((a) => `{${a.ip} ${a.zone}}`).join(" ");
    return { file: c!.dns, text: `HTTP Trace: DNS Lookup for ${event.host} resolved to [${list}]` };
  }
  if (s) {
    const pairs: [string, KlogValue][] = [
      ["network", event.network],
      ["address", event.address],
    ];
    if (event.error !== undefined) pairs.push(["err", event.error]);
    return event.error !== undefined
      ? { file: s.dialFailed, text: klogStructured("HTTP Trace: Dial failed", pairs) }
      : { file: s.dialSucceed, text: klogStructured("HTTP Trace: Dial succeed", pairs) };
  }
  return event.error !== undefined
    ? {
        file: c!.dialFailed,
        text: `HTTP Trace: Dial to ${event.network}:${event.address} failed: ${event.error}`,
      }
    : { file: c!.dialSucceed, text: `HTTP Trace: Dial to ${event.network}:${event.address} succeed` };
}

function bodyLine(
  prefix: "Request Body" | "Response Body",
  body: Body | undefined,
  ex: Exchange,
  v: TrafficLevel,
  layout: TrafficLogLayout,
  context: ExchangeContext,
): { file: string; text: string } {
  const part = prefix === "Request Body" ? "requestBody" : "responseBody";
  const dumped = ex.fromLog?.hexDump?.includes(part) ?? false;
  const logged = body ? loggedBody(body, v, dumped) : { bytes: Buffer.alloc(0), hex: false };
  if (layout.bodyLines) {
    const file = logged.hex ? layout.bodyLines.hex : layout.bodyLines.text;
    const text = bytesAsEscapedText(logged.bytes);
    return { file, text: logged.hex ? `${prefix}:\n${text}` : `${prefix}: ${text}` };
  }
  const value: KlogValue = logged.hex ? logged.bytes.toString("utf8") : logged.bytes;
  return { file: bodyCaller(ex, layout, context, prefix), text: goQuote(prefix) + klogKV("body", value) };
}

function headersValue(lines: [string, string][]): KlogValue {
  return [...lines]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, val]) => `${k}: ${val}\n`)
    .join("");
}

function renderExchange(
  ex: Exchange,
  v: TrafficLevel,
  layout: TrafficLogLayout,
  replayCurl: boolean,
  showSecrets: boolean,
  context: ExchangeContext,
): Line[] {
  const start = exchangeMicros(ex.startedAt);
  const end = exchangeMicros(ex.startedAt, ex.durationMs);
  const bodyEnd = exchangeMicros(ex.startedAt, ex.totalMs ?? ex.durationMs);
  const lines: Line[] = [];
  const micros: Record<TrafficLogPhase, number> = { request: start, response: end, body: bodyEnd };
  const at = (phase: TrafficLogPhase, line: { file: string; text: string }) =>
    lines.push({ micros: micros[phase], phase, ...line });
  const status = ex.response ? goStatus(ex.response.status, ex.response.statusText) : "";
  const ms = Math.floor(ex.durationMs);
  const method = ex.request.method;
  const url = ex.request.url;
  const curl = () => (replayCurl ? replayCurlCommand(ex, { showSecrets }) : kubectlCurlCommand(ex));
  const requestHeaders = headerLines(loggedHeaders(ex).request, "request", true);
  const events = v >= 9 ? (ex.connection?.events ?? []) : [];

  // client-go logs a request body when the request is built (`Body()`), once per call: a retry or a followed
  // redirect sends it again without a line of its own, in every release.
  const raw = rawHttpCaller(ex) !== undefined;
  // An imported exchange whose log showed no request body line had none.
  const bodyLogged = raw
    ? !layout.bodyLines && method === "GET"
    : ex.request.body || (!layout.bodyLines && !ex.fromLog?.absent?.includes("requestBody"));
  if (v >= 8 && bodyLogged && !repeatsPrevious(ex, context.previous))
    at("request", bodyLine("Request Body", ex.request.body, ex, v, layout, context));

  if (layout.classic) {
    const c: ClassicLines = layout.classic;
    if (v >= 9) at("request", { file: c.curl, text: curl() });
    else if (v >= 7) {
      at("request", { file: c.justUrl, text: `${method} ${url}` });
      at("request", { file: c.requestHeaders, text: "Request Headers:" });
      for (const [k, val] of requestHeaders)
        at("request", { file: c.requestHeader, text: `    ${k}: ${val}` });
    }
    for (const event of events) at("request", traceLine(event, layout));
    if (v === 6 || v >= 9)
      at("response", { file: c.urlTiming, text: `${method} ${url} ${status} in ${ms} milliseconds` });
    if (v >= 9) at("response", { file: c.stats, text: `HTTP Statistics: ${classicStats(ex, ms)}` });
    if (v === 7 || v === 8)
      at("response", { file: c.responseStatus, text: `Response Status: ${status} in ${ms} milliseconds` });
    if (v >= 8) {
      at("response", { file: c.responseHeaders, text: "Response Headers:" });
      for (const [k, val] of headerLines(loggedHeaders(ex).response, "response", false))
        at("response", { file: c.responseHeader, text: `    ${k}: ${val}` });
    }
  } else {
    const s = layout.structured!;
    if (v >= 9)
      at("request", { file: s.request, text: klogStructured("Request", [["curlCommand", curl() + "\n"]]) });
    else if (v >= 7)
      at("request", {
        file: s.request,
        text: klogStructured("Request", [
          ["verb", method],
          ["url", url],
          ["headers", headersValue(requestHeaders)],
        ]),
      });
    for (const event of events) at("request", traceLine(event, layout));
    const pairs: [string, KlogValue][] = [];
    if (v === 6 || v >= 9) pairs.push(["verb", method], ["url", url]);
    pairs.push(["status", status]);
    if (v >= 8)
      pairs.push(["headers", headersValue(headerLines(loggedHeaders(ex).response, "response", true))]);
    pairs.push(["milliseconds", ms]);
    if (v >= 9) pairs.push(...structuredTiming(ex, ms));
    at("response", { file: s.response, text: klogStructured("Response", pairs) });
  }

  if (v >= 8 && responseBodyLogged(ex, context.retried))
    at("body", bodyLine("Response Body", ex.response!.body, ex, v, layout, context));
  return lines;
}

/** The codes Go's `http.Client` follows when the answer has a `Location`. */
const GO_REDIRECTS = [301, 302, 303, 307, 308];

/** Go's `strconv.Atoi` accepts a sign and decimal digits (the value has been trimmed as textproto trims it). */
const GO_ATOI = /^[+-]?\d+$/;

/**
 * client-go's `checkWait`: a 429 or 5xx answer whose first `Retry-After` is a whole number of seconds (any sign) is
 * one client-go sends again (`IsNextRetry`), up to {@link CLIENT_GO_MAX_RETRIES} times.
 */
export function asksForRetry(ex: Exchange): boolean {
  const r = ex.response;
  if (!r || (r.status !== 429 && r.status < 500)) return false;
  const after = headerValue(r.headers, "retry-after");
  return after !== undefined && GO_ATOI.test(after.replace(/^[ \t]+|[ \t]+$/g, ""));
}

/** kubectl's rest clients retry an answer that asks for it this many times (`maxRetries: 10`), then read it. */
export const CLIENT_GO_MAX_RETRIES = 10;

/** Whether a request is a watch, as client-go's `Watch()` sends it (`?watch=true`, or the legacy `/watch/` path). */
function isWatch(url: string): boolean {
  return (
    apiserverQueryBool(firstQueryValue(queryOf(url), "watch")) ||
    /\/(?:api\/[^/?#]+|apis\/[^/?#]+\/[^/?#]+)\/watch(?:[/?#]|$)/.test(pathOf(url))
  );
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split(/[?#]/, 1)[0]!;
  }
}

/**
 * Whether kubectl logs a response's body: client-go logs it in `transformResponse`, which reads every answer of
 * `Do()`, and of `Watch()` and `Stream()` only the answers that are not a stream (a watch's non-200, a log's
 * non-2xx), and never an answer it is about to try again (`IsNextRetry` comes first) nor a redirect Go's client
 * follows. A body-less answer logs an
 * empty body (`Response Body: `). An exchange imported from a log shows what that log showed.
 */
function responseBodyLogged(ex: Exchange, retried: boolean): boolean {
  const r = ex.response;
  if (!r) return false;
  // An imported answer: a body line read gave it a body (empty too). Without one, the log either does not show
  // bodies (\`absent\`) or showed this answer's lines and no body line for it, as kubectl logs an answer it reads
  // with \`Stream()\` (\`--raw\`, whose command the log may not name) or does not read at all: none either way.
  if (ex.fromLog) return r.body !== undefined;
  if (retried) return false;
  // Go's client follows a redirect with a Location below client-go, which reads only the last answer.
  if (GO_REDIRECTS.includes(r.status) && headerValue(r.headers, "location")) return false;
  if (isWatch(ex.request.url)) return r.status !== 200;
  // `--raw` reads its answer with `Stream()`, as `kubectl logs` does.
  if (rawHttpCaller(ex) !== undefined) return r.status < 200 || r.status >= 300;
  // `kubectl logs` reads a container's log with `Stream()`.
  if (ex.request.method === "GET" && /\/pods\/[^/]+\/log$/.test(pathOf(ex.request.url)))
    return r.status < 200 || r.status >= 300;
  return true;
}

/**
 * Renders exchanges as kubectl logs them at `--v=6..10`, in the format of the chosen kubectl version: the classic
 * printf lines of 1.27–1.31 (`round_trippers.go` / `request.go`), the hybrid of 1.32 (printf round-tripper lines,
 * structured bodies) or the structured entries of 1.33 and later (`"Request" curlCommand=<…>`, `"Response" verb=…
 * status=… headers=<…> milliseconds=N`, `"Response Body" body=<…>`), with kubectl's header masking and its
 * truncation per level. Every line's klog header carries the exchange's own time.
 *
 * By default the exchanges are redacted again before printing (see {@link TrafficLogOptions.showSecrets}).
 *
 * @example
 * ```ts
 * const cassette = await loadCassette("fixtures/demo/configmaps-by-label.cassette.json");
 * process.stdout.write(renderTrafficLog(cassette.exchanges, { v: 8, kubectlVersion: "1.31" }));
 * ```
 */
export function renderTrafficLog(exchanges: readonly Exchange[], options: TrafficLogOptions = {}): string {
  // Text cannot hold bytes that are not UTF-8 (a body cut inside a character, a Latin-1 header): they read as
  // U+FFFD here, as they would from kubectl's log read as UTF-8. The proxy's live log writes the bytes.
  return escapedTextAsUtf8(renderTrafficLogEscaped(exchanges, options));
}

/**
 * {@link renderTrafficLog} with the bytes kubectl would print that are not UTF-8 escaped (see `bytesAsEscapedText`):
 * `escapedTextBytes` gives kubectl's bytes exactly, e.g. the log an import read from bytes.
 */
export function renderTrafficLogEscaped(
  exchanges: readonly Exchange[],
  options: TrafficLogOptions = {},
): string {
  let out = "";
  // How many answers in a row before this one asked client-go to send the same request again: the last attempt
  // (a request client-go has no retry left for, or one not sent again) is read, and its body logged.
  let run = 0;
  let callStart: Exchange | undefined;
  exchanges.forEach((exchange, i) => {
    const next = exchanges[i + 1];
    const asks = asksForRetry(exchange);
    const again =
      next !== undefined &&
      next.request.method === exchange.request.method &&
      next.request.url === exchange.request.url;
    const retried = asks && again && run < CLIENT_GO_MAX_RETRIES;
    if (i >= 2 && !repeatsPrevious(exchanges[i - 1]!, exchanges[i - 2])) callStart = exchanges[i - 1];
    else if (i === 1) callStart = exchanges[0];
    const context = { retried, previous: exchanges[i - 1], previousCallStart: callStart };
    for (const line of exchangeLines(exchange, options, context)) out += formatLine(line, options);
    run = asks && again ? run + 1 : 0;
  });
  return out;
}

/** One exchange's log, cut at the moments kubectl writes its parts (see {@link TrafficLogPhase}). */
export type TrafficLogParts = Record<TrafficLogPhase, string>;

/**
 * {@link renderTrafficLog} for one exchange, in its three parts: the request's lines, the response's, and the
 * response body's. A live log prints `request` as the request goes out (from an exchange that holds only the
 * request), `response` when the headers are in and `body` at the end, so that concurrent exchanges interleave as
 * they do in kubectl's own log. The parts of a whole exchange, joined, are its {@link renderTrafficLog}.
 */
export function renderTrafficLogParts(
  exchange: Exchange,
  options: TrafficLogOptions = {},
  context: ExchangeContext = { retried: asksForRetry(exchange) },
): TrafficLogParts {
  const parts = trafficLogPartsEscaped(exchange, options, context);
  for (const phase of TRAFFIC_LOG_PHASES) parts[phase] = escapedTextAsUtf8(parts[phase]);
  return parts;
}

/**
 * {@link renderTrafficLogParts} with the bytes kubectl would print that are not UTF-8 escaped (see
 * `bytesAsEscapedText`): `escapedTextBytes` gives kubectl's bytes exactly.
 */
export function trafficLogPartsEscaped(
  exchange: Exchange,
  options: TrafficLogOptions,
  context: ExchangeContext,
): TrafficLogParts {
  const parts: TrafficLogParts = { request: "", response: "", body: "" };
  for (const line of exchangeLines(exchange, options, context))
    parts[line.phase] += formatLine(line, options);
  return parts;
}

function exchangeLines(exchange: Exchange, options: TrafficLogOptions, context: ExchangeContext): Line[] {
  const v = options.v ?? 9;
  const layout = trafficLogLayout(options.kubectlVersion);
  const showSecrets = options.showSecrets ?? false;
  const ex = showSecrets ? exchange : redactExchange(exchange);
  return renderExchange(ex, v, layout, options.replayCurl ?? false, showSecrets, context);
}

function formatLine(line: Line, options: TrafficLogOptions): string {
  // klog adds a newline only to a message that lacks one; a body ending in "\n" ends its own line.
  const text = klogHeader(line.micros, line.file, options) + line.text;
  return text.endsWith("\n") ? text : text + "\n";
}

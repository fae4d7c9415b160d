import { parseMicros } from "../internal/clock.js";
import { replayCurlCommand } from "../kubectl/traffic-log/curl.js";
import { parseWarningHeaders } from "../record/exchange/warnings.js";
import type { Body, Cassette, Exchange, HeaderMap } from "../record/exchange/exchange.js";
import { MARKER_PATTERN, redactForPage } from "./redaction.js";
import type {
  ReportBody,
  ReportData,
  ReportExchange,
  ReportMessage,
  ReportMeta,
  ReportRow,
} from "./report-model.js";
import { BodyTexts } from "./body-text.js";
import { admissionOf, kubectlOf } from "./derived-views.js";
import { requestTarget, resourceLabel } from "./request-target.js";

/** Options of a report. */
export interface ReportOptions {
  /** The page's title. Default: `kubewire report`, with the server's version when known. */
  title?: string;
  /** Who made the page (shown in its footer and HAR's `creator`). Default `kubewire`. */
  generator?: string;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function headerValue(headers: HeaderMap | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [k, v] of Object.entries(headers))
    if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  return undefined;
}

function reportBody(body: Body, texts: BodyTexts): ReportBody {
  const out: ReportBody = { kind: body.kind, bytes: body.bytes };
  if (body.truncated) out.truncated = true;
  switch (body.kind) {
    case "json":
    case "text":
      out.text = texts.of(body) ?? "";
      break;
    case "binary":
      out.base64 = body.base64;
      break;
    case "stream":
      out.chunks = body.chunks.map((c) => [c.atMs, c.text]);
      break;
  }
  return out;
}

function message(headers: HeaderMap, body: Body | undefined, texts: BodyTexts): ReportMessage {
  const out: ReportMessage = { headers };
  if (body) out.body = reportBody(body, texts);
  return out;
}

/** The times of a stream's events (its non-blank lines, each when its end arrived), from the request's start. */
function eventTimes(body: Body, durationMs: number): number[] | undefined {
  if (body.kind !== "stream") return undefined;
  const times: number[] = [];
  let open = false; // the line being read has text
  for (const chunk of body.chunks) {
    const { text } = chunk;
    let from = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", from)) {
      if (open || text.slice(from, nl).trim() !== "") times.push(durationMs + chunk.atMs);
      open = false;
      from = nl + 1;
    }
    open ||= text.slice(from).trim() !== "";
  }
  const last = body.chunks.at(-1);
  if (open && last) times.push(durationMs + last.atMs);
  return times;
}

function jsonValue(body: Body | undefined): unknown {
  return body?.kind === "json" ? body.value : undefined;
}

const WRITES = new Set(["POST", "PUT", "PATCH"]);

function reportExchange(
  exchange: Exchange,
  started: number | undefined,
  startMicros: number,
  agents: Map<string, number>,
  texts: BodyTexts,
): ReportExchange {
  const { request, response } = exchange;
  const target = requestTarget(request.method, request.url);
  const userAgent = headerValue(request.headers, "user-agent");
  let agent = -1;
  if (userAgent !== undefined) {
    agent = agents.get(userAgent) ?? agents.size;
    agents.set(userAgent, agent);
  }
  const out: ReportExchange = {
    seq: exchange.seq,
    at: started === undefined ? 0 : (started - startMicros) / 1000,
    duration: exchange.durationMs,
    method: request.method,
    verb: target.verb,
    url: request.url,
    agent,
    size: response?.body?.bytes ?? 0,
    request: message(request.headers, request.body, texts),
    // The request alone: the replayed command needs nothing of the response. The exchange is redacted already
    // (redactForPage), and redacting twice changes nothing: the command is made from it as it is.
    curl: replayCurlCommand(requestOnly(exchange, texts), { showSecrets: true }),
  };
  if (exchange.totalMs !== undefined) out.total = exchange.totalMs;
  const resource = resourceLabel(target);
  if (resource !== undefined) out.resource = resource;
  if (target.namespace !== undefined) out.namespace = target.namespace;
  if (target.name !== undefined) out.name = target.name;
  const returned = jsonValue(response?.body);
  const sent = jsonValue(request.body);
  const kind = isObj(returned) ? returned.kind : isObj(sent) ? sent.kind : undefined;
  if (typeof kind === "string" && kind !== "") out.kind = kind;
  if (/(?:^|&)dryRun=All(?:&|$)/.test(request.url.split("?")[1] ?? "")) out.dryRun = true;
  if (exchange.error) out.error = { ...exchange.error };
  // A recorder parses `Warning` headers at capture; a cassette made otherwise may carry only the headers.
  const warnings = exchange.warnings ?? (response ? parseWarningHeaders(response.headers) : []);
  if (warnings.length) out.warnings = warnings;
  if (exchange.redacted) out.redacted = true;
  if (request.body?.truncated || response?.body?.truncated) out.truncated = true;
  if (response) {
    out.status = response.status;
    out.statusText = response.statusText;
    out.response = message(response.headers, response.body, texts);
    if (response.body) {
      const events = eventTimes(response.body, exchange.durationMs);
      if (events) out.events = events;
    }
    if (response.status >= 400 && isObj(returned) && returned.kind === "Status") {
      out.failure = {};
      if (typeof returned.reason === "string") out.failure.reason = returned.reason;
      if (typeof returned.message === "string") out.failure.message = returned.message;
    }
    // The bodies as they are (a JSON body's value), their texts as the page embeds them (see body-text.ts).
    if (target.verb === "list" && response.status < 300 && response.body) {
      const view = kubectlOf(response.body, texts.of(response.body) ?? "");
      if (view) out.kubectl = view;
    }
    if (WRITES.has(request.method.toUpperCase())) out.admission = admissionOf(exchange);
  }
  return out;
}

function defaultTitle(cassette: Cassette): string {
  return cassette.server
    ? `kubewire report: kube-apiserver ${cassette.server.gitVersion}`
    : "kubewire report";
}

/**
 * Visits every exchange as the report shows it: redacted, in the order requests started, with what the report
 * derives for it (kubectl's view of lists and its differences, the admission diff of writes, a curl command). One
 * at a time, so a caller that writes each out as it comes keeps none of them alive (a report of a long session
 * would otherwise hold every derived document until the end). Returns what the page knows besides.
 */
export function visitReportExchanges(
  cassette: Cassette,
  options: ReportOptions,
  visit: (exchange: ReportExchange) => void,
): ReportMeta {
  // Redaction keeps `startedAt`, so the order (and each start, parsed once) is read from the exchanges as they are.
  const ordered = cassette.exchanges.map((e) => {
    const started = parseMicros(e.startedAt);
    return { e, started, at: started ?? Infinity };
  });
  ordered.sort((a, b) => a.at - b.at || a.e.seq - b.e.seq);
  const first = ordered.find((o) => Number.isFinite(o.at));
  const agents = new Map<string, number>();
  const texts = new BodyTexts();
  for (const { e, started } of ordered) {
    texts.clear();
    visit(reportExchange(redactForPage(e, texts.of), started, first?.at ?? 0, agents, texts));
  }
  const meta: ReportMeta = {
    format: "kubewire-report/1",
    title: options.title ?? defaultTitle(cassette),
    generator: options.generator ?? "kubewire",
    recordedAt: cassette.recordedAt,
    agents: [...agents.keys()],
    markerPattern: MARKER_PATTERN,
  };
  if (first) meta.startedAt = first.e.startedAt;
  if (cassette.server) meta.server = cassette.server.gitVersion;
  return meta;
}

/** The data of a report: {@link visitReportExchanges}' exchanges, all in one document. */
export function buildReportData(cassette: Cassette, options: ReportOptions = {}): ReportData {
  const exchanges: ReportExchange[] = [];
  const meta = visitReportExchanges(cassette, options, (e) => exchanges.push(e));
  return { ...meta, exchanges };
}

const MARKER_START = "[redacted len=";

/** The exchange as the summary and the list without JavaScript need it: no bodies, no derived documents. */
export function reportRow(e: ReportExchange): ReportRow {
  const {
    request,
    response,
    curl: _curl,
    kubectl: _kubectl,
    admission: _admission,
    events: _events,
    ...rest
  } = e;
  const row: ReportRow = rest;
  if (!e.redacted) return row;
  // Whether redaction reached the URL or a body: every call's credential header is not news.
  const texts = [e.url, request.body, response?.body].flatMap((x) =>
    typeof x === "string" ? [x] : x ? [x.text ?? "", ...(x.chunks ?? []).map((c) => c[1])] : [],
  );
  if (texts.some((t) => t.includes(MARKER_START) || t.includes(encodeURIComponent(MARKER_START))))
    row.redactedValues = true;
  return row;
}

/**
 * The exchange without its response: what the replayed command is made from. Built field by field: a spread would
 * also read the redacted exchange's lazy `redacted` flag, which works out whether the response body changed. A JSON
 * body carries the text the page made of it as `raw` (which every reader takes as the body's text), so the command
 * does not make it again.
 */
function requestOnly(exchange: Exchange, texts: BodyTexts): Exchange {
  let { request } = exchange;
  const body = request.body;
  if (body?.kind === "json" && body.raw === undefined) {
    const raw = texts.of(body);
    if (raw !== undefined) request = { ...request, body: { ...body, raw } };
  }
  return {
    seq: exchange.seq,
    startedAt: exchange.startedAt,
    durationMs: exchange.durationMs,
    request,
  };
}

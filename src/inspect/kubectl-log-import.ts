import { bodyFromBytes, CASSETTE_VERSION, formatMicros, redactExchange } from "../record/index.js";
import type {
  Body,
  Cassette,
  ConnectionEvent,
  ConnectionInfo,
  Exchange,
  ExchangeError,
  HeaderMap,
} from "../record/index.js";
import { goStatusText } from "./go-status-text.js";
import { looksLikeJson, matchHeader, readEntry } from "./kubectl-log-parse.js";
import type { LogEntry, LoggedBody, LogTime, Timing, TrafficEvent } from "./kubectl-log-parse.js";
import type { TrafficLevel } from "./traffic-log.js";
import { versionFromLogLine } from "./traffic-log-format.js";
import type { TrafficLogFormat } from "./traffic-log-format.js";

export interface KubectlLogImportOptions {
  /**
   * The year of the log's timestamps (klog prints none). Default: the year of the first `Date` response header,
   * else the current year.
   */
  year?: number;
  /**
   * The offset of the log's clock from UTC, in minutes (klog prints local time). Default: worked out from the
   * first `Date` response header (kubectl logs the response a moment after the server stamped it), else 0.
   */
  utcOffsetMinutes?: number;
}

/** Counts that say how much of a log became exchanges. */
export interface KubectlLogImportStats {
  /** Lines in the input. */
  lines: number;
  /** Lines that went into exchanges. */
  trafficLines: number;
  /** klog lines about something else (config loading, feature gates, errors, discovery cache). */
  otherKlogLines: number;
  /** Lines that are not klog output at all (command output, prompts, goroutine dumps), or unreadable. */
  unrecognizedLines: number;
  /** Traffic lines that could not be tied to an exchange. */
  orphanedLines: number;
  exchanges: number;
  /** Bodies that kubectl truncated, or the log cut: kept in part, marked `truncated`. */
  truncatedBodies: number;
  /** Exchanges without a response: transport errors (empty status), or a log that ends first. */
  failedExchanges: number;
}

export interface KubectlLogImport {
  /** The exchanges, in the order their requests were sent, redacted like recorded ones. */
  exchanges: Exchange[];
  /** The same exchanges as a cassette. */
  cassette: Cassette;
  stats: KubectlLogImportStats;
  /** What the log looks like, when it shows traffic. */
  detected: {
    format?: TrafficLogFormat;
    /** `1.NN`, from the User-Agent or the logged `file:line`s. */
    kubectlVersion?: string;
    /** The lowest `--v` consistent with what the log shows. */
    level?: TrafficLevel;
    /** The process id of the first traffic line. */
    pid?: number;
    utcOffsetMinutes: number;
  };
}

/** An exchange being assembled from log lines. */
interface Draft {
  seq: number;
  method: string;
  url: string;
  requestHeaders: [string, string][];
  requestBody?: LoggedBody;
  caller?: string;
  start: number;
  responded: boolean;
  responseAt?: number;
  status?: string;
  milliseconds?: number;
  responseHeaders: [string, string][];
  responseBody?: LoggedBody;
  bodyAt?: number;
  timing?: Timing;
  events: ConnectionEvent[];
  errorMessage?: string;
}

function toMicros(t: LogTime, year: number, offsetMinutes: number): number {
  const ms = Date.UTC(year, t.month - 1, t.day, t.hour, t.minute, t.second) - offsetMinutes * 60_000;
  return ms * 1000 + t.micros;
}

/** Year and clock offset from the first `Date` response header and the time kubectl logged it. */
function clockFromDateHeader(
  entries: { time: LogTime; date: string }[],
): { year: number; offset: number } | undefined {
  for (const { time, date } of entries) {
    const ms = Date.parse(date);
    if (Number.isNaN(ms)) continue;
    const y = new Date(ms).getUTCFullYear();
    let best: { year: number; offset: number; diff: number } | undefined;
    for (const year of [y - 1, y, y + 1]) {
      const diffMin = (toMicros(time, year, 0) / 1000 - ms) / 60_000;
      const offset = Math.round(diffMin / 15) * 15;
      if (Math.abs(offset) <= 14 * 60 && (!best || Math.abs(diffMin) < best.diff))
        best = { year, offset, diff: Math.abs(diffMin) };
    }
    if (best) return { year: best.year, offset: best.offset };
  }
  return undefined;
}

function parseStatus(status: string): { code: number; text: string } | undefined {
  const m = /^(\d{3})(?: (.*))?$/.exec(status);
  return m ? { code: Number(m[1]), text: m[2] ?? goStatusText(Number(m[1])) } : undefined;
}

function headerMap(pairs: [string, string][]): HeaderMap {
  const out: HeaderMap = {};
  for (const [k, v] of pairs) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function findHeader(pairs: [string, string][], name: string): string | undefined {
  return pairs.find(([k]) => k.toLowerCase() === name)?.[1];
}

/**
 * A printf-style body whose Content-Length says it is longer than its first line: it had newlines of its own, and
 * the header-less lines after it are its continuation. Returns the body and how many lines it took.
 */
function extendBody(logged: LoggedBody, contentLength: number): { body: LoggedBody; lines: number } {
  let text = logged.bytes;
  const following = logged.following ?? [];
  for (let k = 0; k < following.length && text.length < contentLength; k++) {
    text = Buffer.concat([text, Buffer.from("\n" + following[k]!, "utf8")]);
    if (text.length === contentLength || text.length + 1 === contentLength) {
      const body: LoggedBody = {
        bytes: text,
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
  if (logged.truncatedTotal !== undefined || logged.cut) {
    if (logged.cut && contentLength !== undefined && contentLength > logged.bytes.length)
      return { ...logged, truncatedTotal: contentLength };
    return logged;
  }
  const alt = logged.alternative;
  if (contentLength !== undefined) {
    if (contentLength === logged.bytes.length) return { bytes: logged.bytes, hex: logged.hex };
    if (alt && contentLength === alt.length) return { bytes: alt, hex: logged.hex };
    // Shorter than announced: the log broke off inside it. Only what was seen is kept (no guessed newline).
    const longest = alt && alt.length > logged.bytes.length ? alt : logged.bytes;
    if (contentLength > longest.length)
      return { bytes: logged.bytes, hex: logged.hex, cut: true, truncatedTotal: contentLength };
  }
  if (!alt) return logged;
  // No length to go by: API machinery ends every JSON document it encodes with a newline (a patch it did not
  // encode has none).
  const withNewline = alt.length > logged.bytes.length ? alt : logged.bytes;
  const without = alt.length > logged.bytes.length ? logged.bytes : alt;
  return { bytes: encodedWithNewline && looksLikeJson(without) ? withNewline : without, hex: logged.hex };
}

function toBody(logged: LoggedBody, contentType: string | undefined): Body {
  const total = logged.truncatedTotal;
  if (total === undefined && !logged.cut) {
    return bodyFromBytes(logged.bytes, contentType) ?? { kind: "text", text: "", bytes: 0 };
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(logged.bytes);
  const exact = Buffer.from(text, "utf8").equals(logged.bytes);
  const binary = !exact || /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text);
  const bytes = Math.max(total ?? 0, logged.bytes.length);
  return binary
    ? { kind: "binary", base64: logged.bytes.toString("base64"), bytes, truncated: true }
    : { kind: "text", text, bytes, truncated: true };
}

/** A Go transport error's text, classified like Node's error codes. */
function errorCode(message: string): string | undefined {
  if (/connection refused/.test(message)) return "ECONNREFUSED";
  if (/no such host|server misbehaving/.test(message)) return "ENOTFOUND";
  if (/connection reset/.test(message)) return "ECONNRESET";
  if (/timeout|deadline exceeded/i.test(message)) return "ETIMEDOUT";
  if (/x509:|tls:/.test(message)) return "ETLS";
  if (/EOF$/.test(message)) return "EOF";
  return undefined;
}

function urlParts(url: string): { host: string; port: string } | undefined {
  try {
    const u = new URL(url);
    return { host: u.hostname, port: u.port || (u.protocol === "https:" ? "443" : "80") };
  } catch {
    return undefined;
  }
}

/** How many bytes the header-less lines after a printf body could add to it. */
function followingBytes(body: LoggedBody): number {
  return (body.following ?? []).reduce((n, line) => n + Buffer.byteLength(line) + 1, 0);
}

/** Ties events to exchanges: requests to their responses, headers and bodies to theirs. */
class Correlator {
  readonly drafts: Draft[] = [];
  private readonly inFlight: Draft[] = [];
  private readonly awaitingBody: Draft[] = [];
  private readonly pendingRequestBodies: { body: LoggedBody; caller?: string; at: number }[] = [];
  private readonly pendingTraces: { event: ConnectionEvent; at: number }[] = [];
  private headerTarget: { draft: Draft; side: "request" | "response" } | undefined;
  private lastRequest: Draft | undefined;
  private lastTimed: Draft | undefined;
  orphaned = 0;

  constructor(private readonly classicBodies: () => boolean) {}

  /** Handles one event; returns false when it could not be tied to an exchange. */
  accept(event: TrafficEvent, at: number): boolean {
    switch (event.type) {
      case "requestBody":
        this.pendingRequestBodies.push({
          body: event.body,
          ...(event.caller ? { caller: event.caller } : {}),
          at,
        });
        return true;
      case "request":
        return this.request(event, at);
      case "requestHeadersStart":
        if (!this.lastRequest) return false;
        this.headerTarget = { draft: this.lastRequest, side: "request" };
        return true;
      case "responseHeadersStart":
        if (!this.lastTimed) return false;
        this.headerTarget = { draft: this.lastTimed, side: "response" };
        return true;
      case "header": {
        if (!this.headerTarget) return false;
        const { draft, side } = this.headerTarget;
        (side === "request" ? draft.requestHeaders : draft.responseHeaders).push([event.key, event.value]);
        return true;
      }
      case "response":
        return this.response(event, at);
      case "stats": {
        const draft = this.lastTimed;
        if (!draft || draft.timing) return false;
        draft.timing = event.timing;
        this.takeTraces(draft);
        return true;
      }
      case "trace":
        this.pendingTraces.push({ event: event.event, at });
        return true;
      case "responseBody":
        return this.responseBody(event.body, event.caller, at);
      case "transportError": {
        const draft = [...this.drafts]
          .reverse()
          .find(
            (d) => d.status === "" && d.method === event.method && d.url === event.url && !d.errorMessage,
          );
        if (draft) draft.errorMessage = event.message;
        return false; // the line itself is another component's message, not traffic
      }
    }
  }

  private request(event: { method: string; url: string; headers?: [string, string][] }, at: number): boolean {
    const draft: Draft = {
      seq: this.drafts.length,
      method: event.method,
      url: event.url,
      requestHeaders: event.headers ? [...event.headers] : [],
      start: at,
      responded: false,
      responseHeaders: [],
      events: [],
    };
    // Bodies are logged before their request: 1.32+ right before it (body="" for none), 1.27-1.31 when the
    // request is built, which for a request with a body is before any request that goes out in between.
    const idx = this.classicBodies()
      ? /^(?:GET|HEAD)$/.test(event.method)
        ? -1
        : 0
      : this.pendingRequestBodies.length
        ? 0
        : -1;
    const pending = idx >= 0 ? this.pendingRequestBodies.splice(idx, 1)[0] : undefined;
    if (pending) {
      if (pending.body.bytes.length > 0 || pending.body.hex || pending.body.cut)
        draft.requestBody = pending.body;
      if (pending.caller) draft.caller = pending.caller;
    }
    this.drafts.push(draft);
    this.inFlight.push(draft);
    this.lastRequest = draft;
    this.headerTarget = undefined;
    return true;
  }

  private response(event: TrafficEvent & { type: "response" }, at: number): boolean {
    const ms = event.milliseconds ?? 0;
    let candidates = this.inFlight;
    if (event.method && event.url)
      candidates = candidates.filter((d) => d.method === event.method && d.url === event.url);
    let draft = this.bestByTiming(candidates, at, ms);
    if (!draft) {
      if (!event.method || !event.url) return false;
      // At -v=6 the response line is all there is: it stands for the request too.
      draft = {
        seq: this.drafts.length,
        method: event.method,
        url: event.url,
        requestHeaders: [],
        start: at - ms * 1000,
        responded: false,
        responseHeaders: [],
        events: [],
      };
      this.drafts.push(draft);
    } else this.inFlight.splice(this.inFlight.indexOf(draft), 1);
    draft.responded = true;
    draft.responseAt = at;
    draft.status = event.status;
    draft.milliseconds = ms;
    if (event.headers) draft.responseHeaders = [...event.headers];
    if (event.timing) {
      draft.timing = event.timing;
      this.takeTraces(draft);
    }
    this.lastTimed = draft;
    this.headerTarget = undefined;
    if (event.status !== "") this.awaitingBody.push(draft);
    return true;
  }

  /** Of requests still in flight, the one whose elapsed time best fits the logged milliseconds. */
  private bestByTiming(candidates: Draft[], at: number, ms: number): Draft | undefined {
    let best: Draft | undefined;
    let bestScore = Infinity;
    for (const d of candidates) {
      const elapsedMs = (at - d.start) / 1000;
      // kubectl measures from just after logging the request to just before logging the response.
      const score = elapsedMs < ms - 1 ? 1e6 + (ms - elapsedMs) : Math.abs(elapsedMs - ms - 0.5);
      if (score < bestScore) {
        best = d;
        bestScore = score;
      }
    }
    return best;
  }

  /** Trace lines logged during a request that dialed a connection of its own. */
  private takeTraces(draft: Draft): void {
    if (draft.timing?.reused !== false) return;
    const target = urlParts(draft.url);
    const mine = this.pendingTraces.filter(
      ({ event, at }) =>
        at >= draft.start &&
        (event.kind === "dns" ? event.host === target?.host : event.address.endsWith(`:${target?.port}`)),
    );
    for (const t of mine) {
      this.pendingTraces.splice(this.pendingTraces.indexOf(t), 1);
      draft.events.push(t.event);
    }
  }

  private responseBody(body: LoggedBody, caller: string | undefined, at: number): boolean {
    let best: Draft | undefined;
    let bestScore = -Infinity;
    for (const d of this.awaitingBody) {
      if ((d.responseAt ?? 0) > at) continue;
      let score = 0;
      if (caller && d.caller) score += d.caller === caller ? 8 : -8;
      const cl = Number(findHeader(d.responseHeaders, "content-length"));
      if (Number.isInteger(cl) && findHeader(d.responseHeaders, "content-length") !== undefined) {
        const fits =
          body.truncatedTotal !== undefined
            ? cl === body.truncatedTotal
            : cl === body.bytes.length ||
              cl === body.alternative?.length ||
              (body.cut && cl > body.bytes.length) ||
              (cl > body.bytes.length && cl <= body.bytes.length + followingBytes(body) + 1);
        score += fits ? 4 : -4;
      }
      const gv = /^\s*\{"kind":"APIResourceList"(?:,"apiVersion":"v1")?,"groupVersion":"([^"]+)"/.exec(
        body.bytes.subarray(0, 200).toString("utf8"),
      );
      if (gv)
        score +=
          d.url.includes(gv[1] === "v1" ? "/api/v1?" : `/apis/${gv[1]}?`) || d.url.endsWith(gv[1]!) ? 2 : -2;
      // Otherwise the most recent response: Do() reads the body right after the response returns.
      score += (d.responseAt ?? 0) / 1e15;
      if (score > bestScore) {
        best = d;
        bestScore = score;
      }
    }
    if (!best) return false;
    this.awaitingBody.splice(this.awaitingBody.indexOf(best), 1);
    best.responseBody = body;
    best.bodyAt = at;
    if (caller && !best.caller) best.caller = caller;
    return true;
  }
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

function finish(draft: Draft, stats: KubectlLogImportStats): Exchange {
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
  const status = draft.status !== undefined ? parseStatus(draft.status) : undefined;
  if (status) {
    exchange.response = {
      status: status.code,
      statusText: status.text,
      headers: headerMap(draft.responseHeaders),
    };
    if (draft.responseBody) {
      const header = findHeader(draft.responseHeaders, "content-length");
      const cl = header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
      let raw = draft.responseBody;
      if (cl !== undefined && raw.following && cl > raw.bytes.length + 1) {
        const extended = extendBody(raw, cl);
        raw = extended.body;
        stats.unrecognizedLines -= extended.lines;
        stats.trafficLines += extended.lines;
      }
      const logged = resolveBody(raw, cl);
      exchange.response.body = toBody(logged, findHeader(draft.responseHeaders, "content-type"));
    }
  } else {
    const failedDial = draft.events.find((e) => e.kind === "dial" && e.error !== undefined);
    const message =
      draft.errorMessage ??
      (failedDial?.kind === "dial" ? failedDial.error : undefined) ??
      (draft.status === undefined
        ? "the log shows the request but not its response"
        : draft.status === ""
          ? "no response: kubectl logged an empty status"
          : `unreadable status ${JSON.stringify(draft.status)}`);
    const error: ExchangeError = {
      name: draft.status === undefined ? "IncompleteExchangeError" : "TransportError",
      message,
    };
    const code = draft.status === undefined ? "LOG_ENDED" : errorCode(message);
    if (code) error.code = code;
    exchange.error = error;
  }
  const connection = timingToConnection(draft.timing, draft.events);
  if (connection) exchange.connection = connection;
  if (draft.caller) exchange.caller = draft.caller;
  return redactExchange(exchange);
}

/** Splits text into lines the way a log was written: LF, or CRLF when every line break is one. */
function splitLines(text: string): { lines: string[]; endsCut: boolean } {
  const crlf = text.includes("\r\n") && !/(^|[^\r])\n/.test(text);
  const lines = text.split(crlf ? "\r\n" : "\n");
  const endsCut = lines.at(-1) !== "";
  if (!endsCut) lines.pop();
  return { lines, endsCut: endsCut && text.length > 0 };
}

function detectLevel(
  events: TrafficEvent[],
  drafts: Draft[],
  sawV10Lines: boolean,
): TrafficLevel | undefined {
  const has = (f: (e: TrafficEvent) => boolean) => events.some(f);
  if (has((e) => e.type === "request" && e.curl === true) || has((e) => e.type === "stats")) {
    const bigWhole = drafts.some(
      (d) =>
        d.responseBody && d.responseBody.truncatedTotal === undefined && d.responseBody.bytes.length > 10240,
    );
    return sawV10Lines || bigWhole ? 10 : 9;
  }
  if (has((e) => e.type === "request")) {
    const eight =
      has((e) => e.type === "responseBody" || e.type === "responseHeadersStart") ||
      drafts.some((d) => d.responseHeaders.length > 0);
    return eight ? 8 : 7;
  }
  return has((e) => e.type === "response") ? 6 : undefined;
}

/**
 * Reads a kubectl verbose log (`--v=6` to `--v=10`, any of the three formats: kubectl 1.27–1.31, 1.32, 1.33+) into
 * exchanges and a cassette, taking what each level shows: method, URL, status and duration at 6; headers at 7 and
 * 8; bodies at 8 and above; the curl line and connection details at 9 and above.
 *
 * Made for logs pasted into issue reports: lines may be indented or prefixed (a shell prompt, a quote marker, a CI
 * timestamp), cut off mid-line, or interleaved with other output (kubectl's own output, errors, `E`/`W`/`F` klog
 * lines, goroutine dumps); what is not traffic is counted and skipped. Bodies kubectl truncated are kept in part
 * and marked `truncated`, never passed off as complete; hex-dumped bodies (protobuf) become binary bodies;
 * requests that got no response (an empty status: timeouts, refused dials, DNS failures) become exchanges with an
 * `error`. Every exchange is redacted as a recorded one is, before anything is returned. Never throws.
 *
 * @example
 * ```ts
 * const { cassette, stats } = importKubectlLog(await readFile("kubectl.log", "utf8"));
 * await saveCassette("issue-1234.cassette.json", cassette);
 * ```
 */
export function importKubectlLog(text: string, options: KubectlLogImportOptions = {}): KubectlLogImport {
  const { lines, endsCut } = splitLines(typeof text === "string" ? text : String(text));
  const stats: KubectlLogImportStats = {
    lines: lines.length,
    trafficLines: 0,
    otherKlogLines: 0,
    unrecognizedLines: 0,
    orphanedLines: 0,
    exchanges: 0,
    truncatedBodies: 0,
    failedExchanges: 0,
  };

  const entries: LogEntry[] = [];
  for (let i = 0; i < lines.length;) {
    const header = matchHeader(lines[i]!);
    if (!header) {
      stats.unrecognizedLines++;
      i++;
      continue;
    }
    let entry: LogEntry;
    try {
      entry = readEntry(lines, i, header);
    } catch {
      // A line this reader does not understand is skipped, never fatal.
      entry = {
        lineNo: i + 1,
        lines: 1,
        severity: header.severity,
        time: header.time,
        pid: header.pid,
        fileLine: header.fileLine,
        message: header.message,
        structured: false,
      };
    }
    // A last line without its newline may have broken off, or lost the newline on the way into an issue. Bodies
    // and most lines show whether they are whole (a closing quote, `>`, Content-Length, "milliseconds"); a bare
    // `GET <url>` line does not, so its URL is not trusted.
    const ev = entry.event;
    if (endsCut && i + entry.lines >= lines.length && ev?.type === "request" && !ev.curl && !ev.headers)
      delete entry.event;
    entries.push(entry);
    i += entry.lines;
  }

  // klog prints neither the year nor the zone: take them from the first Date header, or the options.
  const dated: { time: LogTime; date: string }[] = [];
  for (const e of entries) {
    const ev = e.event;
    if (ev?.type === "header" && ev.key.toLowerCase() === "date")
      dated.push({ time: e.time, date: ev.value });
    if (ev?.type === "response" && ev.headers) {
      const date = findHeader(ev.headers, "date");
      if (date) dated.push({ time: e.time, date });
    }
    if (dated.length) break;
  }
  const fromDate = clockFromDateHeader(dated);
  let year = options.year ?? fromDate?.year ?? new Date().getUTCFullYear();
  const offset = options.utcOffsetMinutes ?? fromDate?.offset ?? 0;

  const format = detectFormat(entries);
  const correlator = new Correlator(() => format === "classic");
  const trafficEvents: TrafficEvent[] = [];
  let lastMonth: number | undefined;
  let pid: number | undefined;
  let sawV10Lines = false;
  for (const e of entries) {
    if (lastMonth !== undefined && e.time.month < lastMonth - 6) year++; // the log crossed New Year
    lastMonth = e.time.month;
    // The discovery cache reports its hits at V(10) only.
    if (e.message.startsWith("returning cached discovery info")) sawV10Lines = true;
    if (!e.event) {
      stats.otherKlogLines += e.lines;
      continue;
    }
    const at = toMicros(e.time, year, offset);
    let tied = false;
    try {
      tied = correlator.accept(e.event, at);
    } catch {
      tied = false;
    }
    if (e.event.type === "transportError") {
      stats.otherKlogLines += e.lines;
      continue;
    }
    if (tied) {
      stats.trafficLines += e.lines;
      trafficEvents.push(e.event);
      pid ??= e.pid;
    } else stats.orphanedLines += e.lines;
  }

  const exchanges: Exchange[] = [];
  for (const draft of correlator.drafts) {
    try {
      exchanges.push(finish(draft, stats));
    } catch {
      stats.orphanedLines++;
    }
  }
  exchanges.forEach((ex, i) => (ex.seq = i));
  stats.exchanges = exchanges.length;
  for (const ex of exchanges) {
    if (ex.request.body?.truncated) stats.truncatedBodies++;
    if (ex.response?.body?.truncated) stats.truncatedBodies++;
    if (!ex.response) stats.failedExchanges++;
  }

  const detected: KubectlLogImport["detected"] = { utcOffsetMinutes: offset };
  if (trafficEvents.length) {
    if (format) detected.format = format;
    const version = detectVersion(exchanges, entries, format);
    if (version) detected.kubectlVersion = version;
    const level = detectLevel(trafficEvents, correlator.drafts, sawV10Lines);
    if (level) detected.level = level;
    if (pid !== undefined) detected.pid = pid;
  }
  const cassette: Cassette = {
    version: CASSETTE_VERSION,
    recordedAt: exchanges[0]?.startedAt ?? formatMicros(Date.UTC(year, 0, 1) * 1000),
    exchanges,
  };
  return { exchanges, cassette, stats, detected };
}

function detectFormat(entries: LogEntry[]): TrafficLogFormat | undefined {
  let structuredRt = false;
  let classicRt = false;
  let structuredBodies = false;
  let hybridLines = false;
  for (const e of entries) {
    const t = e.event?.type;
    if (!t || t === "transportError") continue;
    if (t === "requestBody" || t === "responseBody") structuredBodies ||= e.structured;
    else if (e.structured) structuredRt = true;
    else {
      classicRt = true;
      // 1.32 shows no body lines below -v=8; its round-tripper line numbers tell it apart.
      hybridLines ||= versionFromLogLine(e.fileLine)?.format === "hybrid";
    }
  }
  if (structuredRt) return "structured";
  if (classicRt) return structuredBodies || hybridLines ? "hybrid" : "classic";
  return structuredBodies ? "hybrid" : undefined;
}

function detectVersion(
  exchanges: Exchange[],
  entries: LogEntry[],
  format: TrafficLogFormat | undefined,
): string | undefined {
  for (const ex of exchanges) {
    const ua = ex.request.headers["User-Agent"] ?? ex.request.headers["user-agent"];
    const m = /\/v1\.(\d+)\.\d+/.exec(Array.isArray(ua) ? (ua[0] ?? "") : (ua ?? ""));
    if (m) return `1.${m[1]}`;
  }
  for (const e of entries) {
    if (!e.event) continue;
    const hint = versionFromLogLine(e.fileLine);
    if (hint && hint.format === format && hint.versions.length === 1) return hint.versions[0];
  }
  if (format === "hybrid") return "1.32";
  if (format === "structured") return "1.33";
  return undefined;
}

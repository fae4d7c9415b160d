import { formatMicros, parseMicros } from "../../internal/clock.js";
import { isLogProvenance, validateCassette } from "../../record/cassette/cassette.js";
import { bodyFromBytes, jsonBody, plainBody, streamBody } from "../../record/exchange/body.js";
import { CASSETTE_VERSION } from "../../record/exchange/exchange.js";
import type { Body, Cassette, Exchange, HeaderMap, StreamChunk } from "../../record/exchange/exchange.js";
import { parseWarningHeaders } from "../../record/exchange/warnings.js";
import { HarFormatError } from "../errors.js";
import { redactForReport } from "../redaction.js";
import type { HarKubewireBody, HarKubewireEntry } from "./har-types.js";

/** An entry left out of the cassette, and why. */
export interface SkippedHarEntry {
  /** Its index in `log.entries`. */
  index: number;
  reason: string;
}

/** What {@link importHar} made of a HAR document. */
export interface HarImport {
  cassette: Cassette;
  /** Entries that are not HTTP(S) exchanges (`data:` URLs, WebSockets...) or lack what an exchange needs. */
  skipped: SkippedHarEntry[];
}

/** Options of {@link importHar}. */
export interface HarImportOptions {
  /** The file the document came from, named in errors. */
  file?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** An entry that cannot become an exchange; the entry is skipped with this reason. */
class Skip extends Error {}

function headerMap(list: unknown, path: string): HeaderMap {
  if (list === undefined) return {};
  if (!Array.isArray(list)) throw new Skip(`${path} is not an array`);
  const out: HeaderMap = {};
  for (const h of list) {
    if (!isObj(h) || typeof h.name !== "string" || typeof h.value !== "string")
      throw new Skip(`${path} holds an entry that is not { name, value }`);
    // HTTP/2 pseudo-headers (`:authority`, `:path`) are the request line, not headers.
    if (h.name.startsWith(":")) continue;
    const seen = out[h.name];
    out[h.name] = seen === undefined ? h.value : Array.isArray(seen) ? [...seen, h.value] : [seen, h.value];
  }
  return out;
}

function contentType(headers: HeaderMap): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === "content-type") return [v].flat()[0];
  return undefined;
}

function kubewireBody(v: unknown): HarKubewireBody | undefined {
  if (!isObj(v) || typeof v.kind !== "string" || !isNumber(v.bytes)) return undefined;
  return v as unknown as HarKubewireBody;
}

/** A body from HAR text (base64 when `base64`), shaped as the cassette had it when kubewire wrote the HAR. */
function body(
  text: string,
  base64: boolean,
  mime: string | undefined,
  known: HarKubewireBody | undefined,
): Body | undefined {
  const bytes = base64 ? Buffer.from(text, "base64") : Buffer.from(text, "utf8");
  const size = known?.bytes ?? bytes.length;
  const truncated = known?.truncated ? { truncated: true } : {};
  switch (known?.kind) {
    case "stream": {
      const chunks: StreamChunk[] = [];
      let at = 0;
      for (const [atMs, length] of known.chunks ?? []) {
        chunks.push({ atMs, text: text.slice(at, at + length) });
        at += length;
      }
      if (at < text.length) chunks.push({ atMs: chunks.at(-1)?.atMs ?? 0, text: text.slice(at) });
      return { ...streamBody(chunks), bytes: size, ...truncated };
    }
    case "json":
      try {
        return { ...jsonBody(JSON.parse(text), text), bytes: size, ...truncated };
      } catch {
        return { kind: "text", text, bytes: size, ...truncated };
      }
    case "text":
      return { kind: "text", text, bytes: size, ...truncated };
    case "binary":
      return { kind: "binary", base64: bytes.toString("base64"), bytes: size, ...truncated };
    default: {
      const b = bodyFromBytes(bytes, mime);
      return b && plainBody(b);
    }
  }
}

function startedAt(entry: Obj, kubewire: HarKubewireEntry | undefined): string {
  if (kubewire && typeof kubewire.startedAt === "string" && parseMicros(kubewire.startedAt) !== undefined)
    return kubewire.startedAt;
  const ms = typeof entry.startedDateTime === "string" ? Date.parse(entry.startedDateTime) : NaN;
  if (Number.isNaN(ms)) throw new Skip("startedDateTime is not a date");
  return formatMicros(ms * 1000);
}

/** Milliseconds to the response headers: the HAR phases before `receive`. */
function durationOf(timings: unknown, time: number): number {
  if (!isObj(timings)) return time;
  let sum = 0;
  for (const phase of ["blocked", "dns", "connect", "send", "wait"])
    if (isNumber(timings[phase]) && timings[phase] > 0) sum += timings[phase];
  return sum;
}

function exchangeOf(entry: unknown, index: number): Exchange {
  if (!isObj(entry)) throw new Skip("is not an object");
  const kubewire = isObj(entry._kubewire) ? (entry._kubewire as unknown as HarKubewireEntry) : undefined;
  const req = entry.request;
  if (!isObj(req) || typeof req.method !== "string" || req.method === "" || typeof req.url !== "string")
    throw new Skip("has no request method and URL");
  // A URL read from a log keeps the host its author hid; kubewire's own fields say so.
  const fromLog = isLogProvenance(kubewire?.fromLog) ? kubewire.fromLog : undefined;
  if (!/^https?:\/\//i.test(req.url) && !fromLog?.host)
    throw new Skip(`is not an HTTP(S) request (${req.url.split(":")[0]}:)`);
  const requestHeaders = headerMap(req.headers, "request.headers");
  const time = isNumber(entry.time) ? Math.max(entry.time, 0) : 0;
  const exchange: Exchange = {
    seq: kubewire && Number.isSafeInteger(kubewire.seq) ? kubewire.seq : index,
    startedAt: startedAt(entry, kubewire),
    durationMs:
      kubewire && isNumber(kubewire.durationMs) ? kubewire.durationMs : durationOf(entry.timings, time),
    request: { method: req.method, url: req.url, headers: requestHeaders },
  };
  const total = kubewire ? kubewire.totalMs : time;
  if (isNumber(total)) exchange.totalMs = total;
  const post = req.postData;
  if (isObj(post) && typeof post.text === "string") {
    const b = body(
      post.text,
      post._encoding === "base64",
      contentType(requestHeaders) ?? (typeof post.mimeType === "string" ? post.mimeType : undefined),
      kubewireBody(kubewire?.requestBody),
    );
    if (b) exchange.request.body = b;
  }

  const res = entry.response;
  const answered = kubewire
    ? kubewire.response !== false
    : isObj(res) && isNumber(res.status) && res.status > 0;
  if (answered) {
    const statusAbsent = fromLog?.absent?.includes("status") === true && isObj(res) && res.status === 0;
    if (
      !isObj(res) ||
      !Number.isInteger(res.status) ||
      (!statusAbsent && ((res.status as number) < 100 || (res.status as number) > 599))
    )
      throw new Skip("has a response without an HTTP status");
    const headers = headerMap(res.headers, "response.headers");
    exchange.response = {
      status: res.status as number,
      statusText: typeof res.statusText === "string" ? res.statusText : "",
      headers,
    };
    const content = res.content;
    const known = kubewireBody(kubewire?.responseBody);
    if (isObj(content) && typeof content.text === "string") {
      const b = body(
        content.text,
        content.encoding === "base64",
        contentType(headers) ?? (typeof content.mimeType === "string" ? content.mimeType : undefined),
        known,
      );
      if (b) exchange.response.body = b;
    } else if (isObj(content) && isNumber(content.size) && content.size > 0) {
      // The viewer that wrote the HAR left the body out: its size is all that is known.
      exchange.response.body = { kind: "text", text: "", bytes: Math.round(content.size), truncated: true };
    }
    // kubewire's HAR says which warnings the exchange held; another tool's has only the headers.
    const warnings = kubewire ? (kubewire.warnings ?? []) : parseWarningHeaders(headers);
    if (warnings.length) exchange.warnings = warnings;
  }
  if (kubewire?.error) exchange.error = kubewire.error;
  else if (isObj(res) && typeof res._error === "string" && res._error !== "")
    // Chromium's HAR names a failed request's network error in `response._error`.
    exchange.error = { name: "NetworkError", message: res._error };
  if (!exchange.response && !exchange.error)
    exchange.error = { name: "NoResponse", message: "the HAR entry has no response" };
  if (kubewire?.redacted) exchange.redacted = true;
  if (kubewire?.connection) exchange.connection = kubewire.connection;
  if (typeof kubewire?.caller === "string") exchange.caller = kubewire.caller;
  if (fromLog) exchange.fromLog = fromLog;
  return exchange;
}

/**
 * A cassette from a HAR document (one kubewire wrote, or a browser's or a proxy's): one exchange per HTTP(S)
 * entry, in the order requests started, every exchange redacted as a recording is. kubewire's own `_kubewire`
 * fields give back what HAR has no place for (watch chunks, microseconds, truncation, transport errors).
 *
 * @throws {HarFormatError} when the document is not a HAR (`log.entries` missing), naming the place.
 *
 * @example
 * const { cassette, skipped } = importHar(JSON.parse(await readFile("session.har", "utf8")));
 */
export function importHar(doc: unknown, options: HarImportOptions = {}): HarImport {
  const { file } = options;
  if (!isObj(doc) || !isObj(doc.log)) throw new HarFormatError(file, "log", "is missing: not a HAR document");
  const log = doc.log;
  if (!Array.isArray(log.entries)) throw new HarFormatError(file, "log.entries", "must be an array");
  const skipped: SkippedHarEntry[] = [];
  const exchanges: Exchange[] = [];
  log.entries.forEach((entry: unknown, index) => {
    try {
      exchanges.push(exchangeOf(entry, index));
    } catch (error) {
      if (!(error instanceof Skip)) throw error;
      skipped.push({ index, reason: error.message });
    }
  });
  // Requests in the order they started; seqs kept when kubewire wrote them and they are unique, else renumbered.
  const ordered = exchanges
    .map((e, i) => ({ e, i, at: parseMicros(e.startedAt) ?? 0 }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((x) => x.e);
  const unique = new Set(ordered.map((e) => e.seq)).size === ordered.length;
  const numbered = ordered.map((e, i) => (unique ? e : { ...e, seq: i }));
  if (unique) numbered.sort((a, b) => a.seq - b.seq);
  const meta = isObj(log._kubewire) ? log._kubewire : {};
  const server =
    isObj(meta.server) && typeof meta.server.gitVersion === "string" ? meta.server.gitVersion : undefined;
  const recordedAt =
    typeof meta.recordedAt === "string" ? meta.recordedAt : (numbered[0]?.startedAt ?? formatMicros(0));
  const cassette = validateCassette(
    {
      version: CASSETTE_VERSION,
      recordedAt,
      ...(server !== undefined ? { server: { gitVersion: server } } : {}),
      exchanges: numbered.map(redactForReport),
    },
    file,
  );
  return { cassette, skipped };
}

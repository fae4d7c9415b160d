import { parseMicros } from "../../internal/clock.js";
import { bodyText } from "../../record/exchange/body.js";
import type { Body, Cassette, Exchange, HeaderMap } from "../../record/exchange/exchange.js";
import { inferContentType } from "../../record/exchange/media-type.js";
import { redactForReport } from "../redaction.js";
import type {
  Har,
  HarContent,
  HarEntry,
  HarKubewireBody,
  HarKubewireEntry,
  HarNameValue,
  HarPostData,
  HarTimings,
} from "./har-types.js";

/** Options of {@link cassetteToHar}. */
export interface HarExportOptions {
  /** HAR's `creator`. Default `{ name: "kubewire", version: "" }`. */
  creator?: { name: string; version: string };
}

function nameValues(headers: HeaderMap): HarNameValue[] {
  const out: HarNameValue[] = [];
  for (const [name, value] of Object.entries(headers))
    for (const v of Array.isArray(value) ? value : [value]) out.push({ name, value: v });
  return out;
}

function header(headers: HeaderMap, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers))
    if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  return undefined;
}

function queryString(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function mimeType(headers: HeaderMap, body: Body): string {
  return header(headers, "content-type") ?? inferContentType(body) ?? "application/octet-stream";
}

/** The body's text, or its bytes as base64 when it has no text. */
function bodyContent(body: Body): { text: string; base64: boolean } {
  if (body.kind === "binary") return { text: body.base64, base64: true };
  return { text: bodyText(body) ?? "", base64: false };
}

function kubewireBody(body: Body): HarKubewireBody {
  const out: HarKubewireBody = { kind: body.kind, bytes: body.bytes };
  if (body.truncated) out.truncated = true;
  if (body.kind === "stream") out.chunks = body.chunks.map((c) => [c.atMs, c.text.length]);
  return out;
}

/** HTTP/2 answers carry no reason phrase; HTTP/1.1 ones do. Nothing else in a cassette tells the version. */
function httpVersion(e: Exchange): string {
  return e.response && e.response.statusText === "" ? "HTTP/2.0" : "HTTP/1.1";
}

function timings(e: Exchange): HarTimings {
  const c = e.connection;
  const dns = c && !c.reused ? (c.dnsLookupMs ?? -1) : -1;
  const tls = c && !c.reused ? (c.tlsHandshakeMs ?? -1) : -1;
  const dial = c && !c.reused ? (c.dialMs ?? -1) : -1;
  // HAR counts the TLS handshake inside `connect` as well as in `ssl`.
  const connect = dial < 0 && tls < 0 ? -1 : Math.max(dial, 0) + Math.max(tls, 0);
  const before = Math.max(dns, 0) + Math.max(connect, 0);
  const out: HarTimings = {
    blocked: -1,
    dns,
    connect,
    send: 0,
    wait: Math.max(0, e.durationMs - before),
    receive: Math.max(0, (e.totalMs ?? e.durationMs) - e.durationMs),
    ssl: tls,
  };
  return out;
}

function entry(e: Exchange): HarEntry {
  const { request, response } = e;
  const micros = parseMicros(e.startedAt);
  const kubewire: HarKubewireEntry = {
    seq: e.seq,
    startedAt: e.startedAt,
    durationMs: e.durationMs,
    response: response !== undefined,
  };
  if (e.totalMs !== undefined) kubewire.totalMs = e.totalMs;
  if (e.error) kubewire.error = { ...e.error };
  if (e.warnings?.length) kubewire.warnings = e.warnings;
  if (e.redacted) kubewire.redacted = true;
  if (e.connection) kubewire.connection = e.connection;
  if (e.caller) kubewire.caller = e.caller;
  if (e.fromLog) kubewire.fromLog = e.fromLog;

  let postData: HarPostData | undefined;
  if (request.body) {
    const { text, base64 } = bodyContent(request.body);
    postData = { mimeType: mimeType(request.headers, request.body), text };
    if (base64) postData._encoding = "base64";
    kubewire.requestBody = kubewireBody(request.body);
  }
  let content: HarContent = { size: 0, mimeType: "x-unknown" };
  if (response?.body) {
    const { text, base64 } = bodyContent(response.body);
    content = { size: response.body.bytes, mimeType: mimeType(response.headers, response.body), text };
    if (base64) content.encoding = "base64";
    kubewire.responseBody = kubewireBody(response.body);
  } else if (response)
    content = { size: 0, mimeType: header(response.headers, "content-type") ?? "x-unknown" };

  const t = timings(e);
  const time = [t.blocked, t.dns, t.connect, t.send, t.wait, t.receive].reduce<number>(
    (sum, x) => sum + Math.max(x ?? 0, 0),
    0,
  );
  const out: HarEntry = {
    startedDateTime: new Date(micros === undefined ? 0 : Math.floor(micros / 1000)).toISOString(),
    time,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: httpVersion(e),
      cookies: [],
      headers: nameValues(request.headers),
      queryString: queryString(request.url),
      ...(postData ? { postData } : {}),
      headersSize: -1,
      bodySize: request.body ? request.body.bytes : 0,
    },
    response: {
      status: response?.status ?? 0,
      statusText: response?.statusText ?? "",
      httpVersion: response ? httpVersion(e) : "",
      cookies: [],
      headers: response ? nameValues(response.headers) : [],
      content,
      redirectURL: (response && header(response.headers, "location")) ?? "",
      headersSize: -1,
      bodySize: response?.body ? response.body.bytes : response ? 0 : -1,
    },
    cache: {},
    timings: t,
    _kubewire: kubewire,
  };
  if (e.error) out.comment = `no response: ${e.error.name}: ${e.error.message}`;
  return out;
}

/**
 * A cassette as a HAR 1.2 document, for a browser's network panel or any HAR viewer. Every exchange is redacted
 * first, exactly as a cassette is when it is written: the HAR holds markers where the cassette would.
 *
 * @example
 * const har = cassetteToHar(await loadCassette("session.cassette.json"));
 * await writeFile("session.har", JSON.stringify(har, null, 2));
 */
export function cassetteToHar(cassette: Cassette, options: HarExportOptions = {}): Har {
  const exchanges = cassette.exchanges.map(redactForReport);
  const order = exchanges.map((e) => ({ e, at: parseMicros(e.startedAt) ?? 0 }));
  order.sort((a, b) => a.at - b.at || a.e.seq - b.e.seq);
  return {
    log: {
      version: "1.2",
      creator: options.creator ?? { name: "kubewire", version: "" },
      entries: order.map(({ e }) => entry(e)),
      comment:
        "Recorded by kubewire. Secret values, tokens and credentials are redacted: each stands as " +
        "[redacted len=N hmac:…] (its length and a short digest keyed by the recording user's key, see SECURITY.md).",
      _kubewire: {
        recordedAt: cassette.recordedAt,
        ...(cassette.server ? { server: { gitVersion: cassette.server.gitVersion } } : {}),
      },
    },
  };
}

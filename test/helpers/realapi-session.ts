import { readFileSync } from "node:fs";
import { bodyFromBytes, streamBody } from "../../src/record/index.js";
import type { Cassette, Exchange, HeaderMap } from "../../src/index.js";
import type { StreamChunk } from "../../src/record/index.js";
import { fixturePath } from "./fixtures.js";

/**
 * The real kube-apiserver 1.28.7 session of fixtures/realapi as a cassette, built at test time from the byte-exact
 * curl captures in fixtures/realapi/curl (NAME.headers as `curl -D` wrote them, NAME.body). Request headers are
 * not in the captures: the Accept of each request is the one the recording's notes give for it.
 */
const ORIGIN = "https://127.0.0.1:6443";
const AGGREGATED_V2BETA1 =
  "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
const AGGREGATED_V2_FIRST =
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
const TABLE =
  "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

/** name, method, path and query, Accept: as INDEX.tsv lists them. */
export const REALAPI_CAPTURES: [string, string, string, string][] = [
  ["17-version", "GET", "/version", "*/*"],
  ["01-api", "GET", "/api", "*/*"],
  ["02-apis", "GET", "/apis", "*/*"],
  ["x01-api-v1", "GET", "/api/v1", "*/*"],
  ["x02-apis-example-v1", "GET", "/apis/example.com/v1", "*/*"],
  ["x03-api-aggregated", "GET", "/api", AGGREGATED_V2BETA1],
  ["x04-apis-aggregated", "GET", "/apis", AGGREGATED_V2BETA1],
  ["x05-apis-aggregated-v2-only", "GET", "/apis", AGGREGATED_V2_FIRST],
  [
    "03b-cm-list-kubectl-ua",
    "GET",
    "/api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3Dblog&limit=500",
    "application/json",
  ],
  [
    "04-cm-list-table",
    "GET",
    "/api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3Dblog&limit=500",
    TABLE,
  ],
  ["05-cm-get", "GET", "/api/v1/namespaces/list-resources-ns/configmaps/hello-world", "*/*"],
  ["07-secret-list", "GET", "/api/v1/namespaces/list-resources-ns/secrets?labelSelector=app%3Dblog", "*/*"],
  ["08-widget-list", "GET", "/apis/example.com/v1/namespaces/list-resources-ns/widgets", "*/*"],
  ["x06-widget-list-table", "GET", "/apis/example.com/v1/namespaces/list-resources-ns/widgets", TABLE],
  ["x07-pod-list-table", "GET", "/api/v1/namespaces/list-resources-ns/pods", TABLE],
];

/** Parses a `curl -D` header dump: status line, then `name: value` lines. */
export function parseCurlHeaders(text: string): { status: number; statusText: string; headers: HeaderMap } {
  const [statusLine = "", ...lines] = text.split(/\r?\n/);
  const m = /^HTTP\/[\d.]+ (\d{3}) ?(.*)$/.exec(statusLine.trim());
  if (!m) throw new Error(`not a status line: ${statusLine}`);
  const headers: HeaderMap = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    const existing = headers[name];
    headers[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return { status: Number(m[1]), statusText: m[2]!.trim(), headers };
}

/** One exchange from a capture pair. */
export function exchangeFromCapture(
  seq: number,
  name: string,
  method: string,
  path: string,
  accept: string,
  options: { chunks?: StreamChunk[]; endMs?: number } = {},
): Exchange {
  const head = parseCurlHeaders(readFileSync(fixturePath(`realapi/curl/${name}.headers`), "utf8"));
  const bytes = readFileSync(fixturePath(`realapi/curl/${name}.body`));
  const contentType = head.headers["content-type"];
  const body = options.chunks
    ? streamBody(options.chunks)
    : bodyFromBytes(bytes, Array.isArray(contentType) ? contentType[0] : contentType);
  const exchange: Exchange = {
    seq,
    startedAt: "2026-11-25T19:24:44.000000Z",
    durationMs: 2,
    totalMs: options.endMs !== undefined ? 2 + options.endMs : 3,
    request: { method, url: ORIGIN + path, headers: { Accept: accept } },
    response: { status: head.status, statusText: head.statusText, headers: head.headers },
  };
  if (body) exchange.response!.body = body;
  return exchange;
}

/** The whole realapi session (discovery in both forms, lists as JSON and as Tables, a Secret list). */
export function realapiCassette(): Cassette {
  return {
    version: 1,
    recordedAt: "2026-11-25T19:24:43.000000Z",
    server: { gitVersion: "v1.28.7" },
    exchanges: REALAPI_CAPTURES.map(([name, method, path, accept], i) =>
      exchangeFromCapture(i, name, method, path, accept),
    ),
  };
}

/** The watch capture (13-watch.body) split into its event lines, one chunk each, spread over `spanMs`. */
export function watchChunks(spanMs: number): StreamChunk[] {
  const lines = readFileSync(fixturePath("realapi/curl/13-watch.body"), "utf8").split(/(?<=\n)/);
  return lines.map((text, i) => ({ atMs: Math.round((i * spanMs) / lines.length), text }));
}

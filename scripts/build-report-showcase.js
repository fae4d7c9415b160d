#!/usr/bin/env node
// Builds fixtures/report/showcase.cassette.json: one session made of the real kube-apiserver 1.28.7 recordings in
// fixtures/realapi (curl/ and admission/), in an order a tool and kubectl would produce them, for the report's
// docs and tests. The bytes are the server's; the timing is laid out here (the captures have none) and said so in
// fixtures/report/README.md. Run by hand after `npm run build`: node scripts/build-report-showcase.js
import { readFileSync } from "node:fs";
import { bodyFromBytes, formatMicros, parseMicros, saveCassette, streamBody } from "../dist/index.js";

const root = new URL("../", import.meta.url);
const fixture = (path) => readFileSync(new URL(`fixtures/realapi/${path}`, root));
const ORIGIN = "https://127.0.0.1:6443";
const KUBECTL = "kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0";
const TOOL = "kubewire/0.1.0 (linux/x64) node/v20.20.2";
const RECORDER = "kubewire-recorder/0";
const TOKEN = "Bearer showcase-token-redacted-when-saved";
const START = parseMicros("2026-11-25T19:24:41.000000Z");

function parseHeaders(text) {
  const [statusLine = "", ...lines] = text.split(/\r?\n/);
  const m = /^HTTP\/[\d.]+ (\d{3}) ?(.*)$/.exec(statusLine.trim());
  const headers = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    const seen = headers[name];
    headers[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return { status: Number(m[1]), statusText: m[2].trim(), headers };
}

function plain(body) {
  return body && JSON.parse(JSON.stringify(body));
}

/**
 * [capture folder/name, method, path, user agent, accept, start ms, duration ms, options]. Durations are
 * illustrative: a write through a mutating webhook is slower than a read from the watch cache.
 */
const TABLE =
  "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
const AGGREGATED =
  "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
const STEPS = [
  ["curl/17-version", "GET", "/version?timeout=32s", KUBECTL, "application/json, */*", 0, 3],
  ["curl/x03-api-aggregated", "GET", "/api?timeout=32s", KUBECTL, AGGREGATED, 5, 6],
  ["curl/x04-apis-aggregated", "GET", "/apis?timeout=32s", KUBECTL, AGGREGATED, 6, 9],
  [
    "curl/03b-cm-list-kubectl-ua",
    "GET",
    "/api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3Dblog&limit=500",
    KUBECTL,
    "application/json",
    22,
    4,
  ],
  [
    "curl/04-cm-list-table",
    "GET",
    "/api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3Dblog&limit=500",
    KUBECTL,
    TABLE,
    160,
    5,
  ],
  [
    "curl/05-cm-get",
    "GET",
    "/api/v1/namespaces/list-resources-ns/configmaps/hello-world",
    TOOL,
    "application/json",
    310,
    3,
  ],
  [
    "curl/06-cm-get-404",
    "GET",
    "/api/v1/namespaces/list-resources-ns/configmaps/does-not-exist",
    TOOL,
    "application/json",
    318,
    2,
  ],
  [
    "curl/07-secret-list",
    "GET",
    "/api/v1/namespaces/list-resources-ns/secrets?labelSelector=app%3Dblog",
    TOOL,
    "application/json",
    330,
    4,
  ],
  [
    "curl/08-widget-list",
    "GET",
    "/apis/example.com/v1/namespaces/list-resources-ns/widgets",
    TOOL,
    "application/json",
    342,
    5,
  ],
  ["curl/09-pod-list", "GET", "/api/v1/namespaces/list-resources-ns/pods", TOOL, "application/json", 351, 3],
  [
    "curl/10-cm-list-page1",
    "GET",
    "/api/v1/namespaces/list-resources-ns/configmaps?limit=2",
    TOOL,
    "application/json",
    360,
    4,
  ],
  [
    "curl/11-cm-list-page2",
    "GET",
    "/api/v1/namespaces/list-resources-ns/configmaps?limit=2&continue=CONTINUE",
    TOOL,
    "application/json",
    366,
    4,
  ],
  [
    "curl/13-watch",
    "GET",
    "/api/v1/namespaces/list-resources-ns/configmaps?watch=1&timeoutSeconds=2",
    TOOL,
    "application/json",
    380,
    2,
    { watchMs: 2000 },
  ],
  [
    "curl/12c-conflict-put-stale",
    "PUT",
    "/api/v1/namespaces/list-resources-ns/configmaps/conflict-demo",
    TOOL,
    "application/json",
    520,
    6,
  ],
  [
    "admission/01-pod-dryrun-create",
    "POST",
    "/api/v1/namespaces/admission-demo/pods?dryRun=All",
    RECORDER,
    "application/json",
    700,
    11,
  ],
  [
    "admission/02-deployment-dryrun-create",
    "POST",
    "/apis/apps/v1/namespaces/admission-demo/deployments?dryRun=All",
    RECORDER,
    "application/json",
    716,
    9,
  ],
  [
    "admission/03-pod-create-mutated",
    "POST",
    "/api/v1/namespaces/admission-demo/pods",
    RECORDER,
    "application/json",
    735,
    48,
  ],
  [
    "admission/06-pod-warn-restricted",
    "POST",
    "/api/v1/namespaces/admission-warn/pods",
    RECORDER,
    "application/json",
    800,
    14,
  ],
  [
    "admission/07-pod-forbidden-baseline",
    "POST",
    "/api/v1/namespaces/admission-warn/pods",
    RECORDER,
    "application/json",
    820,
    7,
  ],
  [
    "admission/08-deprecated-api-warning",
    "GET",
    "/apis/flowcontrol.apiserver.k8s.io/v1beta2/flowschemas",
    RECORDER,
    "application/json",
    840,
    5,
  ],
  [
    "curl/x13-bad-selector-400",
    "GET",
    "/api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3D%3D%3Dx",
    KUBECTL,
    "application/json",
    1900,
    2,
  ],
  [
    "curl/x16-bad-token-401",
    "GET",
    "/api/v1/namespaces/list-resources-ns/configmaps",
    KUBECTL,
    "application/json",
    1910,
    1,
  ],
  [
    "curl/x17-forbidden-403",
    "GET",
    "/api/v1/namespaces/list-resources-ns/configmaps",
    KUBECTL,
    "application/json",
    1920,
    2,
  ],
  [
    "curl/x24-conflict-demo-delete",
    "DELETE",
    "/api/v1/namespaces/list-resources-ns/configmaps/conflict-demo",
    TOOL,
    "application/json",
    2450,
    5,
  ],
];

// The second page asks with the continue token the first page returned.
const token = JSON.parse(fixture("curl/10-cm-list-page1.body").toString("utf8")).metadata.continue;
for (const step of STEPS) step[2] = step[2].replace("CONTINUE", encodeURIComponent(token));

const exchanges = STEPS.map(([capture, method, path, agent, accept, at, duration, options = {}], seq) => {
  const head = parseHeaders(fixture(`${capture}.headers`).toString("utf8"));
  const bytes = fixture(`${capture}.body`);
  const contentType = [head.headers["content-type"]].flat()[0];
  let body;
  let totalMs = duration + 1;
  if (options.watchMs !== undefined) {
    const lines = bytes.toString("utf8").split(/(?<=\n)/);
    body = streamBody(
      lines.map((text, i) => ({ atMs: Math.round(((i + 1) * options.watchMs) / (lines.length + 1)), text })),
    );
    totalMs = duration + options.watchMs;
  } else body = plain(bodyFromBytes(bytes, contentType));
  const headers = { Accept: accept, "User-Agent": agent, Authorization: TOKEN };
  const request = { method, url: ORIGIN + path, headers };
  let sent;
  try {
    sent = fixture(`${capture}.request.json`);
  } catch {
    sent = undefined;
  }
  if (sent) {
    headers["Content-Type"] = "application/json";
    request.body = plain(bodyFromBytes(sent, "application/json"));
  }
  const exchange = {
    seq,
    startedAt: formatMicros(START + at * 1000),
    durationMs: duration,
    totalMs,
    request,
    response: { ...head, ...(body ? { body } : {}) },
  };
  return exchange;
});

await saveCassette(new URL("fixtures/report/showcase.cassette.json", root).pathname, {
  version: 1,
  recordedAt: formatMicros(START),
  server: { gitVersion: "v1.28.7" },
  exchanges,
});
process.stdout.write(`fixtures/report/showcase.cassette.json: ${exchanges.length} exchanges\n`);

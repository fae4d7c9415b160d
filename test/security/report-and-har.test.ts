import { describe, expect, it } from "vitest";
import type { Cassette, Exchange } from "../../src/index.js";
import { serializeCassette } from "../../src/record/index.js";
import { cassetteToHar, importHar, renderReport } from "../../src/report/index.js";
import { expectNoLeak, PEM_KEY } from "./support.js";

/**
 * The report page and the HAR are outputs too (issue 17, "every output"): a cassette written by hand or by another
 * tool holds whatever it holds, and a HAR from a browser or a proxy holds the wire's bytes. Each content class of
 * the issue goes in unredacted; the page, the HAR export, the cassette imported from a raw HAR and the page made
 * from that import must hold none of it, in any form. On main before the policy, the legacy unkeyed marker passed
 * through and the text rules (manifests and kind-less kubeconfigs in strings, error pages) were not applied.
 */

const PASSWORD = "hunter2-report-Pa55";
const TOKEN = "eyJhbGciOiJSUzI1NiJ9.reportTokenBody.sigREPORT";
const REFRESH = "refresh-REPORT-4f1d9c";
const AMZ = "amzsigREPORT0a1b2c3d4e5f";
const USERINFO = "proxyPassREPORT77";
const API_KEY = "apiKeyREPORT-0099aabb";
const WEBHOOK_ECHO = "echoedSecretREPORT-5566";
const LEGACY_DIGEST = "sha256:0a1b2c3d";

const manifest = [
  "apiVersion: v1",
  "kind: Secret",
  "metadata:",
  "  name: tls",
  "data:",
  `  password: ${Buffer.from(PASSWORD).toString("base64")}`,
  "",
].join("\n");
const kindlessKubeconfig = [
  "apiVersion: v1",
  "clusters:",
  "- name: c",
  "  cluster:",
  "    server: https://10.0.0.1",
  "users:",
  "- name: u",
  "  user:",
  `    token: ${TOKEN}`,
  "",
].join("\n");

function exchange(
  seq: number,
  request: Exchange["request"],
  response: NonNullable<Exchange["response"]>,
): Exchange {
  return {
    seq,
    startedAt: `2026-03-01T10:00:0${seq}.000000Z`,
    durationMs: 1,
    totalMs: 2,
    request,
    response,
  };
}

const json = (value: unknown) => ({ kind: "json", bytes: JSON.stringify(value).length, value }) as const;
const text = (t: string) => ({ kind: "text", bytes: Buffer.byteLength(t), text: t }) as const;
const api = "https://127.0.0.1:6443";

const exchanges: Exchange[] = [
  exchange(
    0,
    {
      method: "GET",
      url: `${api}/api/v1/namespaces/d/configmaps/held`,
      headers: { Authorization: `Bearer ${TOKEN}` },
    },
    {
      status: 200,
      statusText: "OK",
      headers: { "content-type": "application/json" },
      body: json({
        kind: "ConfigMap",
        apiVersion: "v1",
        metadata: { name: "held", namespace: "d" },
        data: { "secret.yaml": manifest, kubeconfig: kindlessKubeconfig },
      }),
    },
  ),
  exchange(
    1,
    { method: "GET", url: `${api}/apis/example.com/v1/widgets`, headers: {} },
    {
      status: 500,
      statusText: "Internal Server Error",
      headers: { "content-type": "text/html" },
      body: text(
        `<html><body><pre>upstream said:\n${PEM_KEY}\nAuthorization: Bearer ${TOKEN}</pre></body></html>`,
      ),
    },
  ),
  exchange(
    2,
    {
      method: "GET",
      url: `https://admin:${USERINFO}@127.0.0.1:6443/api/v1/pods?refresh_token=${REFRESH}&X-Amz-Signature=${AMZ}`,
      headers: {},
    },
    {
      status: 302,
      statusText: "Found",
      headers: { location: `https://idp.example/cb?client_secret=${REFRESH}&code=${AMZ}` },
    },
  ),
  exchange(
    3,
    { method: "GET", url: `${api}/apis/example.com/v1/namespaces/d/databases/db`, headers: {} },
    {
      status: 200,
      statusText: "OK",
      headers: { "content-type": "application/json" },
      body: json({
        kind: "Database",
        apiVersion: "example.com/v1",
        metadata: { name: "db", namespace: "d" },
        spec: { password: PASSWORD, apiKey: API_KEY, note: `[redacted len=8 ${LEGACY_DIGEST}]` },
      }),
    },
  ),
  exchange(
    4,
    {
      method: "POST",
      url: `${api}/api/v1/namespaces/d/secrets`,
      headers: { "Content-Type": "application/json" },
      body: json({
        kind: "Secret",
        apiVersion: "v1",
        metadata: { name: "s" },
        stringData: { k: WEBHOOK_ECHO },
      }),
    },
    {
      status: 400,
      statusText: "Bad Request",
      headers: { "content-type": "application/json", warning: `299 - "value ${WEBHOOK_ECHO} looks weak"` },
      body: json({
        kind: "Status",
        apiVersion: "v1",
        status: "Failure",
        message: `admission webhook "policy.example" denied the request: k=${WEBHOOK_ECHO} is not allowed`,
        reason: "BadRequest",
        code: 400,
      }),
    },
  ),
];

const cassette = (): Cassette =>
  JSON.parse(
    JSON.stringify({ version: 1, recordedAt: "2026-03-01T10:00:00.000000Z", exchanges }),
  ) as Cassette;

/** A HAR as a browser or a proxy writes one: the same exchanges, nothing redacted. */
function rawHar(): unknown {
  const bodyText = (b: Exchange["request"]["body"]) =>
    b === undefined
      ? undefined
      : b.kind === "json"
        ? JSON.stringify(b.value)
        : b.kind === "text"
          ? b.text
          : "";
  return {
    log: {
      version: "1.2",
      creator: { name: "some-proxy", version: "1" },
      entries: exchanges.map((e) => {
        const requestBody = bodyText(e.request.body);
        return {
          startedDateTime: e.startedAt.replace(/0{3}Z$/, "Z"),
          time: 2,
          request: {
            method: e.request.method,
            url: e.request.url,
            httpVersion: "HTTP/1.1",
            cookies: [],
            headers: Object.entries(e.request.headers).map(([name, value]) => ({ name, value })),
            queryString: [],
            ...(requestBody !== undefined
              ? { postData: { mimeType: "application/json", text: requestBody } }
              : {}),
            headersSize: -1,
            bodySize: -1,
          },
          response: {
            status: e.response!.status,
            statusText: e.response!.statusText,
            httpVersion: "HTTP/1.1",
            cookies: [],
            headers: Object.entries(e.response!.headers).map(([name, value]) => ({ name, value })),
            content: {
              size: -1,
              mimeType: e.response!.headers["content-type"] ?? "text/plain",
              text: bodyText(e.response!.body) ?? "",
            },
            redirectURL: "",
            headersSize: -1,
            bodySize: -1,
          },
          cache: {},
          timings: { send: 0, wait: 1, receive: 1 },
        };
      }),
    },
  };
}

describe("the report page and the HAR carry no secret (issue 17, every output)", () => {
  const fromRawHar = importHar(rawHar()).cassette;
  const exported = JSON.stringify(cassetteToHar(cassette()));
  const outputs = {
    page: renderReport(cassette()),
    har: exported,
    "cassette from the exported HAR": serializeCassette(importHar(JSON.parse(exported) as unknown).cassette),
    "cassette from a raw HAR": serializeCassette(fromRawHar),
    "page of a raw HAR": renderReport(fromRawHar),
    "HAR of a raw HAR": JSON.stringify(cassetteToHar(fromRawHar)),
  };

  it.each([
    ["a Secret manifest in a ConfigMap string", PASSWORD],
    ["a kind-less kubeconfig's token and the request's bearer token", TOKEN],
    ["a PEM private key in an HTML error page", PEM_KEY],
    ["credential query parameters, in the URL and in Location", REFRESH],
    ["an AWS signature and an OAuth code", AMZ],
    ["URL userinfo", USERINFO],
    ["a custom resource's apiKey field", API_KEY],
    ["the request's Secret value echoed in a Status message and a Warning", WEBHOOK_ECHO],
    ["an unkeyed digest of an earlier marker", LEGACY_DIGEST],
  ])("%s", (_what, secret) => {
    expectNoLeak(outputs, secret);
  });

  it("still shows what is not secret, so the test above can see the exchanges at all", () => {
    for (const [name, output] of Object.entries(outputs)) {
      expect(output, name).toContain("admission webhook");
      expect(output, name).toContain("/api/v1/namespaces/d/configmaps/held");
    }
  });
});

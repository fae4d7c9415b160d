import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { renderTrafficLog } from "../../../src/index.js";
import {
  kubectlCurlCommand,
  replayCurlCommand,
  KUBECTL_VERSIONS,
  UnsupportedTrafficLogVersionError,
} from "../../../src/kubectl/index.js";
import { trafficLogLayout } from "../../../src/kubectl/traffic-log/format.js";
import { maskHeaderValue, trafficLogPartsEscaped } from "../../../src/kubectl/traffic-log/render.js";
import { escapedTextBytes } from "../../../src/internal/escaped-bytes.js";
import { bodyFromBytes, jsonBody } from "../../../src/record/index.js";
import type { Exchange, HeaderMap, TrafficLevel } from "../../../src/index.js";
import { readFixture } from "../../helpers/fixtures.js";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const run = promisify(execFile);
const LIST_URL =
  "https://127.0.0.1:42199/api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3Dblog&limit=500";
const normalizeTime = (line: string) =>
  line.replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}/, "$1mmdd hh:mm:ss.uuuuuu");

/** The ConfigMapList the stub served (1057 bytes with its newline), as kubectl 1.33 logged it whole at -v=9. */
const LIST_BODY =
  /^\t(\{"kind":"ConfigMapList".*)$/m.exec(readFixture("kubectl/captures/https/1.33/json-v9.stderr"))![1]! +
  "\n";

/** The list request of the captures, built by hand (no import): the token is the stub kubeconfig's. */
function listExchange(requestHeaders: HeaderMap, responseHeaders: HeaderMap): Exchange {
  return {
    seq: 0,
    startedAt: "2026-11-25T19:28:12.782812Z",
    durationMs: 1,
    request: { method: "GET", url: LIST_URL, headers: requestHeaders },
    response: {
      status: 200,
      statusText: "OK",
      headers: responseHeaders,
      body: bodyFromBytes(Buffer.from(LIST_BODY), "application/json")!,
    },
    connection: { reused: true, getConnectionMs: 0, serverProcessingMs: 1 },
    caller: "helper.go:113",
  };
}

/** The log lines of the list request in a capture: from its first line (its Request Body at -v=8+) to the end. */
function listLines(capture: string): string[] {
  const lines = capture.split("\n").slice(0, -1);
  let start = lines.findIndex(
    (l) => l.includes("/configmaps?labelSelector") || l.includes("configmaps?label"),
  );
  if (/Request Body/.test(lines[start - 1] ?? "")) start--;
  if (lines[start]!.startsWith("\t")) start--; // the curl line inside "Request" curlCommand=<
  if (/"Request Body"/.test(lines[start - 1] ?? "")) start--;
  return lines
    .slice(start)
    .filter((l) => !/table_printer|helpers\.go/.test(l))
    .map(normalizeTime);
}

describe("renderTrafficLog, built by hand, against kubectl's own output", () => {
  const responseHeaders = {
    "Audit-Id": "4f1c2b6e-1d7a-4c9e-9a59-2f0e0f0c1a11",
    "Cache-Control": "no-cache, private",
    "Content-Length": "1057",
    "Content-Type": "application/json",
    Date: "Wed, 25 Nov 2026 19:28:12 GMT",
    Server: "stub-apiserver",
    "X-Kubernetes-Pf-Flowschema-Uid": "d0c4f9a2-0000-4000-8000-000000000001",
    "X-Kubernetes-Pf-Prioritylevel-Uid": "d0c4f9a2-0000-4000-8000-000000000002",
  };

  for (const v of [6, 7, 8, 9] as const) {
    it(`kubectl 1.33 at -v=${v}: headers sorted and masked, the curl line as the request, bodies structured`, () => {
      const capture = readFixture(`kubectl/captures/https/1.33/json-v${v}.stderr`);
      const pid = Number(/^I\d{4} \S+ +(\d+) /.exec(capture)![1]);
      // Unsorted on purpose: 1.33 sorts them (headersMap.String); the curl line keeps the request's order.
      const exchange = listExchange(
        {
          Accept: "application/json",
          "User-Agent": "kubectl.1.33/v1.33.1 (linux/amd64) kubernetes/8adc0f0",
          Authorization: "Bearer abc123secrettoken",
        },
        Object.fromEntries(Object.entries(responseHeaders).reverse()),
      );
      const rendered = renderTrafficLog([exchange], { v, kubectlVersion: "1.33", pid, utc: true });
      expect(rendered.split("\n").slice(0, -1).map(normalizeTime)).toEqual(listLines(capture));
      expect(rendered).not.toContain("abc123secrettoken");
    });
  }

  it("kubectl 1.27 at -v=9: printf lines, the curl line, statistics, headers in the exchange's order", () => {
    const capture = readFixture("kubectl/captures/https/1.27/json-v9.stderr");
    const expected = listLines(capture);
    // Go's map order is random: the capture's order is the one to give the exchange.
    const order = expected.flatMap(
      (l) => /round_trippers\.go:580\] {5}([^:]+): (.*)$/.exec(l)?.slice(1, 3) ?? [],
    );
    const headers: HeaderMap = {};
    for (let i = 0; i < order.length; i += 2) headers[order[i]!] = order[i + 1]!;
    const exchange = listExchange(
      {
        Accept: "application/json",
        "User-Agent": "kubectl.1.27/v1.27.16 (linux/amd64) kubernetes/cbb86e0",
        Authorization: "Bearer abc123secrettoken",
      },
      headers,
    );
    exchange.connection = { reused: true, getConnectionMs: 0, serverProcessingMs: 0 };
    exchange.durationMs = 0;
    const rendered = renderTrafficLog([exchange], { v: 9, kubectlVersion: "1.27", pid: 8096, utc: true });
    expect(rendered.split("\n").slice(0, -1).map(normalizeTime)).toEqual(expected);
  });
});

describe("formats and levels", () => {
  const base: Exchange = {
    seq: 0,
    startedAt: "2026-11-25T19:28:12.000001Z",
    durationMs: 12.7,
    request: {
      method: "POST",
      url: "https://10.0.0.1:6443/api/v1/namespaces/ns/configmaps?fieldManager=kubectl-create",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        "content-length": "31",
        host: "10.0.0.1:6443",
        authorization: "Basic dXNlcjpwYXNz",
      },
      body: jsonBody({ kind: "ConfigMap", data: { a: "b" } }),
    },
    response: { status: 201, statusText: "Created", headers: { "content-type": "application/json" } },
  };

  it("maps versions to formats; newer versions log as 1.33, older ones and nonsense are refused", () => {
    expect(KUBECTL_VERSIONS.map((v) => trafficLogLayout(v).format)).toEqual([
      "classic",
      "classic",
      "classic",
      "classic",
      "classic",
      "hybrid",
      "structured",
    ]);
    expect(trafficLogLayout().format).toBe("structured");
    expect(trafficLogLayout("v1.36.0").version).toBe("1.33");
    expect(trafficLogLayout("1.31.9-gke.100").bodyLines?.text).toBe("request.go:1351");
    for (const bad of ["1.26", "2.0", "latest", ""])
      expect(() => trafficLogLayout(bad)).toThrow(UnsupportedTrafficLogVersionError);
  });

  it("the default is the newest format", () => {
    expect(renderTrafficLog([base], { v: 6, utc: true })).toBe(
      renderTrafficLog([base], { v: 6, kubectlVersion: "1.33", utc: true }),
    );
    expect(renderTrafficLog([base], { v: 6, utc: true })).toContain(
      'round_trippers.go:632] "Response" verb="POST"',
    );
  });

  it("canonical header names; Host and Content-Length never shown (Go's transport sets them); Basic masked", () => {
    const log = renderTrafficLog([base], { v: 7, kubectlVersion: "1.29", utc: true });
    expect(log).toContain("round_trippers.go:473]     Content-Type: application/json\n");
    expect(log).toContain("round_trippers.go:473]     Authorization: Basic <masked>\n");
    expect(log).not.toMatch(/Host:|Content-Length:/);
    expect(log).toContain("round_trippers.go:574] Response Status: 201 Created in 12 milliseconds\n");
  });

  it("classic request bodies come first at -v=8, from request.go; none at -v=7", () => {
    const v8 = renderTrafficLog([base], { v: 8, kubectlVersion: "1.28", utc: true, pid: 7 });
    expect(v8.split("\n")[0]).toBe(
      'I1125 19:28:12.000001       7 request.go:1212] Request Body: {"kind":"ConfigMap","data":{"a":"b"}}',
    );
    expect(renderTrafficLog([base], { v: 7, kubectlVersion: "1.28" })).not.toContain("Request Body");
  });

  it("header values and bodies are bytes: kubectl prints them as they are, UTF-8 or not", () => {
    // Node reads a header a byte a character: "café" sent as UTF-8, and "caf\xe9" sent as Latin-1.
    const ex: Exchange = {
      ...base,
      response: {
        status: 200,
        statusText: "OK",
        headers: { "x-utf8": "cafÃ©", "x-latin1": "caf\u00e9" },
        body: bodyFromBytes(Buffer.from([0x61, 0xe6, 0x97]), "text/plain")!,
      },
    };
    for (const kubectlVersion of ["1.29", "1.33"]) {
      const text = renderTrafficLog([ex], { v: 8, kubectlVersion });
      expect(text).toContain("X-Utf8: café\n");
      // Text cannot hold the bytes: U+FFFD, as kubectl's log read as UTF-8.
      expect(text).toContain("X-Latin1: caf\ufffd\n");
      const parts = trafficLogPartsEscaped(ex, { v: 8, kubectlVersion }, { retried: false });
      const bytes = escapedTextBytes(parts.response + parts.body);
      expect(bytes.includes(Buffer.from("X-Latin1: caf\xe9\n", "latin1"))).toBe(true);
      // A one-line body in 1.32+ is quoted (%q: \xNN), a classic one printed as it is.
      const body =
        kubectlVersion === "1.29" ? Buffer.from([0x61, 0xe6, 0x97]) : Buffer.from('body="a\\xe6\\x97"');
      expect(bytes.includes(body)).toBe(true);
    }
  });

  it("kubectl get|create --raw: read with Stream() (a body only for an answer not 2xx), its own callers", () => {
    const headers = { accept: "application/json, */*", "kubectl-command": "kubectl get" };
    const raw = (method: string, url: string, status: number, command = "kubectl get"): Exchange => ({
      seq: 0,
      startedAt: base.startedAt,
      durationMs: 1,
      request: {
        method,
        url,
        headers: { ...headers, "kubectl-command": command },
        ...(method === "POST" ? { body: jsonBody({ kind: "ConfigMap" }) } : {}),
      },
      response: { status, statusText: "", headers: {}, body: jsonBody({ kind: "Status", code: status }) },
    });
    const url = "https://h/api/v1/namespaces/a/configmaps/x";
    const log = (ex: Exchange, kubectlVersion: string) => renderTrafficLog([ex], { v: 8, kubectlVersion });
    expect(log(raw("GET", url, 200), "1.29")).not.toContain("Body");
    expect(log(raw("GET", url, 404), "1.29")).toContain("request.go:1212] Response Body: {");
    expect(log(raw("GET", url, 200), "1.33")).toMatch(
      / raw\.go:84\] "Request Body" body=""\n(?![^]*Response Body)/,
    );
    expect(log(raw("GET", url, 404), "1.33")).toMatch(/ get\.go:174\] "Response Body" body=/);
    // create --raw hands its file over as a stream, which client-go does not log.
    const create = log(raw("POST", url, 500, "kubectl create"), "1.32");
    expect(create).not.toContain("Request Body");
    expect(create).toMatch(/ create\.go:114\] "Response Body" body=/);
    // Discovery asks with the same Accept: read with Do(), body logged.
    expect(log(raw("GET", "https://h/api/v1?timeout=32s", 200), "1.33")).toContain('"Response Body" body=');
  });

  it("after a redirected GET answered NotFound, the namespace checked is the one the call asked for", () => {
    const get = (url: string, status: number, headers: HeaderMap = {}): Exchange => ({
      seq: 0,
      startedAt: base.startedAt,
      durationMs: 1,
      request: { method: "GET", url: `https://h${url}`, headers: {} },
      response: {
        status,
        statusText: "",
        headers,
        body: jsonBody({ kind: "Status", reason: status === 404 ? "NotFound" : "", code: status }),
      },
    });
    const exchanges = [
      get("/api/v1/namespaces/a/configmaps/x", 301, { location: "/api/v1/namespaces/b/configmaps/x" }),
      get("/api/v1/namespaces/b/configmaps/x", 404),
      get("/api/v1/namespaces/a", 404),
    ];
    const log = renderTrafficLog(exchanges, { v: 8, kubectlVersion: "1.33" });
    expect(log).toMatch(
      / visitor\.go:104\] "Request Body" body=""\n[^\n]*"Request" verb="GET" url="https:\/\/h\/api\/v1\/namespaces\/a"/,
    );
  });

  it("a redirect followed within a call logs its body at the call's caller (a list redirected to an object)", () => {
    // kubectl 1.33 `get configmaps -w` (fuzz seed 15072): the list's 301 was followed to an object, whose 404 body
    // kubectl logged at helper.go:113, the list's caller, not helper.go:105 (a get's).
    const get = (url: string, status: number, headers: HeaderMap = {}): Exchange => ({
      seq: 0,
      startedAt: base.startedAt,
      durationMs: 1,
      request: { method: "GET", url: `https://h${url}`, headers: {} },
      response: { status, statusText: "", headers, body: jsonBody({ kind: "Status", code: status }) },
    });
    const exchanges = [
      get("/api/v1/namespaces/a/configmaps?limit=500", 301, {
        location: "/api/v1/namespaces/b/configmaps/x",
      }),
      get("/api/v1/namespaces/b/configmaps/x", 404),
    ];
    const log = renderTrafficLog(exchanges, { v: 8, kubectlVersion: "1.33" });
    expect(log).toMatch(/ helper\.go:113\] "Response Body" body=/);
    expect(log).not.toContain("helper.go:105");
  });

  it("a request body is logged once per call: not again for a retry (Retry-After) nor a followed redirect", () => {
    const busy: Exchange = {
      ...base,
      response: { status: 503, statusText: "Service Unavailable", headers: { "retry-after": "0" } },
    };
    const moved: Exchange = {
      ...base,
      response: { status: 307, statusText: "Temporary Redirect", headers: { location: base.request.url } },
    };
    for (const kubectlVersion of ["1.29", "1.33"]) {
      const count = (exchanges: Exchange[]) =>
        renderTrafficLog(exchanges, { v: 8, kubectlVersion }).split("Request Body").length - 1;
      expect(count([busy, base])).toBe(1);
      expect(count([moved, base])).toBe(1);
      // Two calls in a row, the first not asking for a retry: two bodies.
      expect(count([base, base])).toBe(2);
    }
  });

  it('1.32+ log a "Request Body" for every request, body="" when there is none, at the caller\'s file:line', () => {
    const get: Exchange = {
      ...base,
      request: { method: "GET", url: "https://h/api/v1/namespaces/ns/pods/p", headers: {} },
    };
    expect(renderTrafficLog([get], { v: 8, kubectlVersion: "1.32" })).toMatch(
      / helper\.go:105\] "Request Body" body=""\n/,
    );
    const list = {
      ...get,
      request: { ...get.request, url: "https://h/api/v1/namespaces/ns/pods?limit=500" },
    };
    expect(renderTrafficLog([list], { v: 8, kubectlVersion: "1.33" })).toMatch(
      / helper\.go:113\] "Request Body" body=""\n/,
    );
    const api = { ...get, request: { ...get.request, url: "https://h/api?timeout=32s" } };
    expect(renderTrafficLog([api], { v: 8, kubectlVersion: "1.32" })).toMatch(
      / discovery_client\.go:253\] "Request Body"/,
    );
    expect(renderTrafficLog([api], { v: 8, kubectlVersion: "1.33" })).toMatch(
      / discovery_client\.go:252\] "Request Body"/,
    );
    expect(renderTrafficLog([{ ...api, caller: "visitor.go:104" }], { v: 8 })).toMatch(
      / visitor\.go:104\] "Request Body"/,
    );
  });

  it("truncates bodies per level and logs bodies with bytes below 0x0A as hex dumps", () => {
    const big = "x".repeat(12000);
    const ex: Exchange = {
      ...base,
      response: { ...base.response!, body: { kind: "text", text: big, bytes: 12000 } },
    };
    expect(renderTrafficLog([ex], { v: 8, kubectlVersion: "1.30" })).toContain(
      `Response Body: ${"x".repeat(1024)} [truncated 10976 chars]\n`,
    );
    expect(renderTrafficLog([ex], { v: 9, kubectlVersion: "1.33" })).toContain(
      `body="${"x".repeat(10240)} [truncated 1760 chars]"\n`,
    );
    expect(renderTrafficLog([ex], { v: 10, kubectlVersion: "1.33" })).toContain(`body="${big}"\n`);
    const tab: Exchange = {
      ...base,
      response: { ...base.response!, body: { kind: "text", text: "a\tb", bytes: 3 } },
    };
    expect(renderTrafficLog([tab], { v: 8, kubectlVersion: "1.27" })).toContain(
      "request.go:1186] Response Body:\n00000000  61 09 62                                          |a.b|\n",
    );
    expect(renderTrafficLog([tab], { v: 8, kubectlVersion: "1.33" })).toContain(
      '"Response Body" body=<\n\t00000000  61 09 62                                          |a.b|\n >\n',
    );
  });

  it("counts a cut body's bytes as kubectl received them, also where redaction changed what is held", () => {
    // A credential in a description ("send Bearer <token>") is redacted, which changes the body's length;
    // kubectl's suffix still counts the bytes on the wire, and the proxy's log must say what kubectl says.
    const wire = Buffer.from(`{"description":"${"x".repeat(11000)} send bearer c2VjcmV0LXRva2Vu"}\n`);
    const ex: Exchange = {
      ...base,
      response: { ...base.response!, body: bodyFromBytes(wire, "application/json")! },
    };
    const v9 = renderTrafficLog([ex], { v: 9, kubectlVersion: "1.33" });
    expect(v9).toContain(` [truncated ${wire.length - 10240} chars]"\n`);
    const v10 = renderTrafficLog([ex], { v: 10, kubectlVersion: "1.33" });
    expect(v10).toMatch(/send bearer \[redacted len=16 hmac:[0-9a-f]+\]"\}/);
    expect(v10).not.toContain("[truncated");
  });

  it("quotes a body without a newline, and prints one with a newline in the multi-line form", () => {
    const one = (text: string) => ({
      ...base,
      response: { ...base.response!, body: { kind: "text" as const, text, bytes: Buffer.byteLength(text) } },
    });
    expect(renderTrafficLog([one('{"a":"\u00e9\\""}')], { v: 8 })).toContain(
      'body="{\\"a\\":\\"\u00e9\\\\\\"\\"}"\n',
    );
    expect(renderTrafficLog([one("{}\n")], { v: 8 })).toContain("body=<\n\t{}\n >\n");
    expect(renderTrafficLog([one("a\nb")], { v: 8 })).toContain("body=<\n\ta\n\tb\n >\n");
  });

  it("keeps the exact bytes of a body cut inside a character (Go quotes invalid UTF-8 as \\x..)", () => {
    const odd = "a" + "é".repeat(600); // 1201 bytes: the cut at 1024 bytes splits the 512th "é"
    const ex = {
      ...base,
      response: { ...base.response!, body: { kind: "text" as const, text: odd, bytes: 1201 } },
    };
    expect(renderTrafficLog([ex], { v: 8, kubectlVersion: "1.33" })).toContain(
      `body="a${"é".repeat(511)}\\xc3 [truncated 177 chars]"`,
    );
  });

  it("an exchange that got no response logs an empty status, and kubectl's statistics for a failed dial", () => {
    const failed: Exchange = {
      seq: 0,
      startedAt: "2026-11-25T19:33:08.881675Z",
      durationMs: 1,
      request: { method: "GET", url: "http://127.0.0.1:1/api?timeout=32s", headers: {} },
      error: {
        name: "TransportError",
        message: "dial tcp 127.0.0.1:1: connect: connection refused",
        code: "ECONNREFUSED",
      },
      connection: {
        reused: false,
        dnsLookupMs: 0,
        dialMs: 0,
        tlsHandshakeMs: 0,
        events: [
          {
            kind: "dial",
            network: "tcp",
            address: "127.0.0.1:1",
            error: "dial tcp 127.0.0.1:1: connect: connection refused",
          },
        ],
      },
    };
    const classic = renderTrafficLog([failed], { v: 9, kubectlVersion: "1.27" });
    expect(classic).toContain(
      "] HTTP Trace: Dial to tcp:127.0.0.1:1 failed: dial tcp 127.0.0.1:1: connect: connection refused\n",
    );
    expect(classic).toContain("] GET http://127.0.0.1:1/api?timeout=32s  in 1 milliseconds\n");
    expect(classic).toContain(
      "] HTTP Statistics: DNSLookup 0 ms Dial 0 ms TLSHandshake 0 ms Duration 1 ms\n",
    );
    expect(classic).toMatch(/round_trippers\.go:577\] Response Headers:\n$/);
    const structured = renderTrafficLog([failed], { v: 9, kubectlVersion: "1.33" });
    expect(structured).toContain(
      ' round_trippers.go:632] "Response" verb="GET" url="http://127.0.0.1:1/api?timeout=32s" status="" headers="" milliseconds=1 dnsLookupMilliseconds=0 dialMilliseconds=0 tlsHandshakeMilliseconds=0\n',
    );
    expect(structured).toContain(
      ' round_trippers.go:560] "HTTP Trace: Dial failed" network="tcp" address="127.0.0.1:1" err="dial tcp 127.0.0.1:1: connect: connection refused"\n',
    );
  });

  it("prints DNS answers as Go does: %v in printf lines, JSON in structured ones", () => {
    const ex: Exchange = {
      ...base,
      connection: {
        reused: false,
        events: [{ kind: "dns", host: "localhost", addresses: ["::1", "127.0.0.1", "fe80::1%eth0"] }],
      },
    };
    expect(renderTrafficLog([ex], { v: 9, kubectlVersion: "1.31" })).toContain(
      "round_trippers.go:495] HTTP Trace: DNS Lookup for localhost resolved to [{::1 } {127.0.0.1 } {fe80::1 eth0}]\n",
    );
    expect(renderTrafficLog([ex], { v: 9, kubectlVersion: "1.32" })).toContain(
      "round_trippers.go:502] HTTP Trace: DNS Lookup for localhost",
    );
    expect(renderTrafficLog([ex], { v: 9 })).toContain(
      'round_trippers.go:547] "HTTP Trace: DNS Lookup resolved" host="localhost" address=[{"IP":"::1","Zone":""},{"IP":"127.0.0.1","Zone":""},{"IP":"fe80::1","Zone":"eth0"}]\n',
    );
  });

  it("uses the exchange's own time and the pid it is given, never the clock", () => {
    const a = renderTrafficLog([base], { v: 6, utc: true, pid: 4242 });
    expect(a).toMatch(/^I1125 19:28:12\.012701    4242 round_trippers\.go:632\] /);
    expect(renderTrafficLog([base], { v: 6, utc: true, pid: 4242 })).toBe(a);
  });
});

describe("masking and redaction", () => {
  it("masks Authorization exactly as kubectl's maskValue does", () => {
    expect(maskHeaderValue("Authorization", "Bearer abc")).toBe("Bearer <masked>");
    expect(maskHeaderValue("authorization", "bearer abc")).toBe("bearer <masked>");
    expect(maskHeaderValue("Authorization", "Basic abc")).toBe("Basic <masked>");
    expect(maskHeaderValue("Authorization", "Negotiate abc")).toBe("Negotiate <masked>");
    expect(maskHeaderValue("Authorization", "Bearer")).toBe("Bearer");
    expect(maskHeaderValue("Authorization", "Token abc")).toBe("<masked>");
    expect(maskHeaderValue("Authorization", "")).toBe("");
    expect(maskHeaderValue("Impersonate-User", "alice")).toBe("alice");
  });

  const secretList = {
    kind: "SecretList",
    apiVersion: "v1",
    metadata: { resourceVersion: "9" },
    items: [{ metadata: { name: "db" }, data: { password: "c3VwZXJzZWNyZXQtdmFsdWU=" }, type: "Opaque" }],
  };
  const exchange: Exchange = {
    seq: 0,
    startedAt: "2026-11-25T19:28:12.000001Z",
    durationMs: 3,
    request: {
      method: "GET",
      url: "https://h/api/v1/namespaces/ns/secrets?access_token=url-token-value",
      headers: { Authorization: "Bearer header-token-value", Cookie: "session=cookie-value-1" },
    },
    response: {
      status: 200,
      statusText: "OK",
      headers: { "Content-Type": "application/json" },
      body: jsonBody(secretList),
    },
  };
  const secrets = ["c3VwZXJzZWNyZXQtdmFsdWU=", "header-token-value", "url-token-value", "cookie-value-1"];

  it("prints no credential and no Secret value by default, at any level and in any format", () => {
    for (const kubectlVersion of KUBECTL_VERSIONS)
      for (const v of [6, 7, 8, 9, 10] as TrafficLevel[]) {
        const log = renderTrafficLog([exchange], { v, kubectlVersion });
        for (const s of secrets) expect(log.includes(s)).toBe(false);
        for (const s of secrets)
          expect(renderTrafficLog([exchange], { v, kubectlVersion, replayCurl: true }).includes(s)).toBe(
            false,
          );
      }
    expect(renderTrafficLog([exchange], { v: 8 })).toContain('"password":"[redacted len=24 hmac:');
  });

  it("showSecrets prints what kubectl would print: the Secret's data and the cookie, but still a masked token", () => {
    const log = renderTrafficLog([exchange], { v: 9, kubectlVersion: "1.27", showSecrets: true });
    expect(log).toContain("c3VwZXJzZWNyZXQtdmFsdWU=");
    expect(log).toContain("Cookie: session=cookie-value-1");
    expect(log).toContain('-H "Authorization: Bearer <masked>"');
    expect(log.includes("header-token-value")).toBe(false);
    expect(kubectlCurlCommand(exchange)).toContain('-H "Authorization: Bearer <masked>"');
  });
});

describe("replayCurlCommand: a curl line that replays the request, body included", () => {
  it("replays a JSON body and a protobuf body byte for byte, with the token from $KUBE_TOKEN", async () => {
    const received: { url: string; authorization: string | undefined; body: Buffer }[] = [];
    const http = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({
          url: req.url ?? "",
          authorization: req.headers.authorization,
          body: Buffer.concat(chunks),
        });
        res.end("{}");
      });
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const server = { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
    try {
      const json = '{"kind":"ConfigMap","data":{"quote":"it\'s","$HOME":"`x`"}}\n';
      const proto = Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0f, 0xff, 0x27, 0x22]);
      const exchanges: Exchange[] = [json, proto].map((b, i) => ({
        seq: i,
        startedAt: "2026-11-25T19:28:12.000001Z",
        durationMs: 1,
        request: {
          method: "POST",
          url: `${server.url}/api/v1/namespaces/ns/configmaps?fieldManager=kubectl-create&x='y'`,
          headers: { Authorization: "Bearer real-token-never-printed", "Content-Type": "application/json" },
          body: bodyFromBytes(Buffer.from(b), "application/json")!,
        },
        response: { status: 201, statusText: "Created", headers: {} },
      }));
      for (const ex of exchanges) {
        const command = replayCurlCommand(ex);
        expect(command).not.toContain("real-token-never-printed");
        expect(command).toContain('-H "Authorization: Bearer $KUBE_TOKEN"');
        await run("bash", ["-c", command.replace(/^curl -v /, "curl -s ")], {
          env: { ...process.env, KUBE_TOKEN: "t0ken" },
        });
      }
      expect(received.map((r) => r.url)).toEqual(
        exchanges.map(() => "/api/v1/namespaces/ns/configmaps?fieldManager=kubectl-create&x='y'"),
      );
      expect(received[0]!.body.toString("utf8")).toBe(json);
      expect(received[1]!.body.equals(proto)).toBe(true);
      expect(received.map((r) => r.authorization)).toEqual(["Bearer t0ken", "Bearer t0ken"]);
      const rendered = renderTrafficLog(exchanges, { v: 9, kubectlVersion: "1.31", replayCurl: true });
      expect(rendered).toContain('--data-binary $\'{"kind":"ConfigMap"');
    } finally {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });
});

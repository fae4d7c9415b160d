import { fetch, request } from "undici";
import { describe, expect, it } from "vitest";
import { CassetteMissError, createReplayDispatcher } from "../../../src/index.js";
import { inferContentType, offeredMediaType, parseAccept } from "../../../src/record/exchange/media-type.js";
import { ExchangeMatcher, jsonBody, requestKey } from "../../../src/record/index.js";
import type { Cassette, Exchange } from "../../../src/index.js";
import { realapiCassette } from "../../helpers/realapi-session.js";

const AGGREGATED_1_27 =
  "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
const AGGREGATED_1_30 =
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
const TABLE =
  "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
const CM_LIST = "/api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3Dblog&limit=500";

function find(matcher: ExchangeMatcher, path: string, accept?: string) {
  return matcher.find(requestKey("GET", path), accept);
}

describe("request keys", () => {
  it("normalise the query: order, encoding, Go booleans; kubectl's timeout and watch timeoutSeconds do not count", () => {
    expect(requestKey("get", "https://h/api?timeout=32s")).toEqual({
      method: "GET",
      path: "/api",
      query: [],
    });
    expect(requestKey("GET", "/x?watch=1&timeoutSeconds=317&b=%3D&a=1").query).toEqual([
      "a=1",
      "b==",
      "watch=true",
    ]);
    expect(requestKey("GET", "/x?watch=true").query).toEqual(requestKey("GET", "/x?watch=1").query);
    // As the API server reads booleans (apimachinery's query conversion): all of these ask for a watch.
    for (const spelling of ["watch=True", "watch=yes", "watch=", "watch", "watch=t", "watch=f"])
      expect(requestKey("GET", `/x?${spelling}`).query, spelling).toEqual(["watch=true"]);
    for (const spelling of ["watch=0", "watch=false", "watch=FALSE"])
      expect(requestKey("GET", `/x?${spelling}`).query, spelling).toEqual(["watch=false"]);
    expect(requestKey("GET", "/log?follow=1").query).toEqual(requestKey("GET", "/log?follow=true").query);
  });

  it("compare JSON bodies of writes by content, and PATCH bodies with their patch type", () => {
    expect(requestKey("POST", "/x", '{"b":1,"a":2}').body).toBe(
      requestKey("POST", "/x", '{ "a": 2, "b": 1 }\n').body,
    );
    expect(requestKey("GET", "/x", "{}").body).toBeUndefined();
    expect(requestKey("PATCH", "/x", "{}", "application/merge-patch+json; charset=utf-8").patchType).toBe(
      "application/merge-patch+json",
    );
  });
});

describe("content negotiation over recordings of the same request", () => {
  const matcher = () => new ExchangeMatcher(realapiCassette().exchanges);

  it("kubectl 1.27 and 1.30+ get aggregated discovery; a legacy client gets the APIGroupList", () => {
    const m = matcher();
    expect(find(m, "/apis?timeout=32s", AGGREGATED_1_27)?.exchange.request.headers.Accept).toBe(
      AGGREGATED_1_27,
    );
    // The v2-first request has its own recording (the 1.28 server answered it with v2beta1).
    expect(find(m, "/apis?timeout=32s", AGGREGATED_1_30)?.exchange.request.headers.Accept).toBe(
      AGGREGATED_1_30,
    );
    expect(
      (find(m, "/apis", "application/json, */*")?.exchange.response?.body as { value: { kind: string } })
        .value.kind,
    ).toBe("APIGroupList");
    expect(
      (find(m, "/api", "application/json")?.exchange.response?.body as { value: { kind: string } }).value
        .kind,
    ).toBe("APIVersions");
  });

  it("a Table for a Table request, plain JSON for -o json, from the same URL", () => {
    const m = matcher();
    expect((find(m, CM_LIST, TABLE)?.exchange.response?.body as { value: { kind: string } }).value.kind).toBe(
      "Table",
    );
    expect(
      (find(m, CM_LIST, "application/json")?.exchange.response?.body as { value: { kind: string } }).value
        .kind,
    ).toBe("ConfigMapList");
    // The apiserver labels Tables plain application/json: the representation comes from the body.
    const table = realapiCassette().exchanges.find((e) =>
      String(e.request.headers.Accept).startsWith("application/json;as=Table"),
    )!;
    expect(offeredMediaType(table).params).toEqual({ as: "Table", g: "meta.k8s.io", v: "v1" });
  });

  it("what the recording cannot offer is a miss that says so", () => {
    const m = new ExchangeMatcher(
      realapiCassette().exchanges.filter((e) => !String(e.request.headers.Accept).includes("Table")),
    );
    const key = requestKey("GET", "/apis/example.com/v1/namespaces/list-resources-ns/widgets");
    expect(m.find(key, "application/json;as=Table;v=v1;g=meta.k8s.io")).toBeUndefined();
    expect(m.closest(key, 1, "application/json;as=Table;v=v1;g=meta.k8s.io")[0]?.differences).toEqual([
      'recorded as application/json, not accepted by "application/json;as=Table;v=v1;g=meta.k8s.io"',
    ]);
  });

  it("Accept parsing: preference by order, q=0 refused, missing header accepts anything", () => {
    expect(parseAccept(undefined).map((m) => `${m.type}/${m.subtype}`)).toEqual(["*/*"]);
    expect(
      parseAccept("text/plain;q=0.5, application/json, application/yaml;q=0").map((m) => m.subtype),
    ).toEqual(["json", "plain"]);
  });

  it("the OpenAPI protobuf kubectl 1.27/1.28 asks for (`@v1.0`) is the one kube-openapi answers as `.v1.0`", () => {
    const served = (contentType: string): Exchange => ({
      seq: 0,
      startedAt: "2026-12-04T00:00:00.000000Z",
      durationMs: 1,
      request: { method: "GET", url: "https://127.0.0.1:6443/openapi/v2?timeout=32s", headers: {} },
      response: {
        status: 200,
        statusText: "OK",
        headers: { "Content-Type": contentType },
        body: { kind: "binary", base64: "CgMyLjA=", bytes: 5 },
      },
    });
    const asked = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    const key = requestKey("GET", "/openapi/v2?timeout=32s");
    expect(parseAccept(asked).map((m) => m.subtype)).toEqual([
      "com.github.proto-openapi.spec.v2.v1.0+protobuf",
    ]);
    const recorded = served("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    expect(new ExchangeMatcher([recorded]).find(key, asked)?.exchange).toBe(recorded);
    // What is not that document's type is no answer to it; another `@` type is no media type at all.
    expect(new ExchangeMatcher([served("application/octet-stream")]).find(key, asked)).toBeUndefined();
    expect(new ExchangeMatcher([served("application/json")]).find(key, asked)).toBeUndefined();
    expect(parseAccept("application/json@v1, application/yaml").map((m) => m.subtype)).toEqual(["yaml"]);
  });

  it("infers the Content-Type a recording lacks: aggregated discovery gets its full media type", () => {
    const aggregated = realapiCassette().exchanges.find((e) => e.request.headers.Accept === AGGREGATED_1_27)!;
    expect(inferContentType(aggregated.response!.body)).toBe(
      "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
    );
    expect(inferContentType({ kind: "text", text: "ok", bytes: 2 })).toBe("text/plain; charset=utf-8");
  });
});

describe("order and repeats", () => {
  const ex = (seq: number, method: string, status: number, body?: unknown): Exchange => ({
    seq,
    startedAt: "2026-11-25T00:00:00.000000Z",
    durationMs: 1,
    request: {
      method,
      url: "https://h/api/v1/namespaces/ns/configmaps/c",
      headers: {},
      ...(body ? { body: jsonBody(body) } : {}),
    },
    response: {
      status,
      statusText: "",
      headers: {},
      body: jsonBody({ kind: "ConfigMap", metadata: { resourceVersion: String(seq) } }),
    },
  });

  it("identical requests are answered in recorded order, then the last one repeats (or not, with repeat: false)", () => {
    const exchanges = [
      ex(0, "GET", 200),
      ex(1, "PUT", 409, { a: 1 }),
      ex(2, "GET", 200),
      ex(3, "PUT", 200, { a: 1 }),
    ];
    const m = new ExchangeMatcher(exchanges);
    const get = requestKey("GET", "/api/v1/namespaces/ns/configmaps/c");
    const put = requestKey("PUT", "/api/v1/namespaces/ns/configmaps/c", '{"a":1}');
    expect([
      m.match(get)?.seq,
      m.match(put)?.seq,
      m.match(get)?.seq,
      m.match(put)?.seq,
      m.match(get)?.seq,
    ]).toEqual([0, 1, 2, 3, 2]);
    expect(m.unused()).toEqual([]);
    const once = new ExchangeMatcher(exchanges, { repeat: false });
    once.match(get);
    once.match(get);
    expect(once.match(get)).toBeUndefined();
    expect(once.closest(get, 1)[0]?.differences).toEqual(["already replayed (repeat is off)"]);
  });

  it("a complete list answers the same list with another limit; an incomplete one or a smaller limit does not", () => {
    const m = new ExchangeMatcher(realapiCassette().exchanges);
    expect(
      find(m, "/api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3Dblog", "application/json"),
    ).toBeDefined();
    expect(find(m, "/api/v1/namespaces/list-resources-ns/pods?limit=500", TABLE)).toBeDefined();
    expect(
      find(
        m,
        "/api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3Dblog&limit=1",
        "application/json",
      ),
    ).toBeUndefined();
  });

  it("a write whose body differs says where", () => {
    const m = new ExchangeMatcher([ex(0, "PUT", 200, { data: { a: "1" } })]);
    const near = m.closest(
      requestKey("PUT", "/api/v1/namespaces/ns/configmaps/c", '{"data":{"a":"2"}}'),
      1,
    )[0]!;
    expect(near.differences[0]).toMatch(/^body differs at character 14: recorded ".*", requested ".*"$/);
  });
});

describe("the in-process dispatcher serves undici's request and fetch, and Node's own fetch", () => {
  const cassette: Cassette = realapiCassette();

  it("same bytes through request(), undici fetch and globalThis.fetch; misses reject with the closest recordings", async () => {
    const dispatcher = createReplayDispatcher(cassette);
    const url = `https://127.0.0.1:6443${CM_LIST}`;
    const viaRequest = await (
      await request(url, { dispatcher, headers: { accept: "application/json" } })
    ).body.text();
    const viaFetch = await (await fetch(url, { dispatcher, headers: { accept: "application/json" } })).text();
    expect(viaFetch).toBe(viaRequest);
    expect(viaRequest.startsWith('{"kind":"ConfigMapList"')).toBe(true);
    const error = await request("https://127.0.0.1:6443/api/v1/namespaces/nope/configmaps", {
      dispatcher,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CassetteMissError);
    const miss = error as CassetteMissError;
    expect(miss.message).toMatch(
      /^No recorded exchange matches GET https:\/\/127\.0\.0\.1:6443\/api\/v1\/namespaces\/nope\/configmaps; closest:\n  #\d+ GET /,
    );
    expect(miss.closest[0]!.url).toContain("/configmaps");
  });

  it("replays a watch chunk by chunk: the consumer reads one event before the next is sent", async () => {
    const lines = [
      '{"type":"ADDED","object":{"kind":"ConfigMap","metadata":{"name":"a"}}}\n',
      '{"type":"DELETED","object":{"kind":"ConfigMap","metadata":{"name":"a"}}}\n',
    ];
    const watch: Cassette = {
      version: 1,
      recordedAt: "2026-11-25T00:00:00.000000Z",
      exchanges: [
        {
          seq: 0,
          startedAt: "2026-11-25T00:00:00.000000Z",
          durationMs: 1,
          totalMs: 101,
          request: {
            method: "GET",
            url: "https://h/api/v1/namespaces/ns/configmaps?watch=true",
            headers: {},
          },
          response: {
            status: 200,
            statusText: "OK",
            headers: { "Content-Type": "application/json" },
            body: {
              kind: "stream",
              bytes: 0,
              chunks: [
                { atMs: 0, text: lines[0]! },
                { atMs: 50, text: lines[1]! },
              ],
            },
          },
        },
      ],
    };
    const res = await request("https://h/api/v1/namespaces/ns/configmaps?watch=1&timeoutSeconds=30", {
      dispatcher: createReplayDispatcher(watch, { timeScale: 1 }),
    });
    const reader = res.body[Symbol.asyncIterator]();
    const first = await reader.next();
    expect(Buffer.from(first.value as Buffer).toString()).toBe(lines[0]);
    const second = await reader.next();
    expect(Buffer.from(second.value as Buffer).toString()).toBe(lines[1]);
    expect((await reader.next()).done).toBe(true);
  });
});

describe("recordings that hold only part of a body", () => {
  it("fail loudly instead of handing the client a broken body (in-process and over HTTP)", async () => {
    const { CassetteIncompleteError, startReplayServer } = await import("../../../src/record/index.js");
    const cut = '{"kind":"ConfigMapList","items":[{"metadata":{"name":"a"}';
    const cassette: Cassette = {
      version: 1,
      recordedAt: "2026-11-25T00:00:00.000000Z",
      exchanges: [
        {
          seq: 0,
          startedAt: "2026-11-25T00:00:00.000000Z",
          durationMs: 1,
          request: { method: "GET", url: "https://h/api/v1/configmaps", headers: {} },
          response: {
            status: 200,
            statusText: "OK",
            headers: {},
            body: { kind: "text", text: cut, bytes: 20480, truncated: true },
          },
        },
      ],
    };
    const error = await request("https://h/api/v1/configmaps", {
      dispatcher: createReplayDispatcher(cassette),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CassetteIncompleteError);
    expect((error as Error).message).toBe(
      `The recording #0 of GET https://h/api/v1/configmaps holds only part of its body (${cut.length} of 20480 bytes); re-record it, or import a kubectl log taken at -v=10 (lower levels truncate bodies)`,
    );
    const server = await startReplayServer(cassette);
    try {
      const res = await fetch(`${server.url}/api/v1/configmaps`);
      expect(res.status).toBe(502);
      expect(((await res.json()) as { message: string }).message).toContain("holds only part of its body");
    } finally {
      await server.close();
    }
  });
});

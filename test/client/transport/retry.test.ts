import { Readable } from "node:stream";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retryAfterSeconds, retryInterceptor } from "../../../src/client/index.js";
import {
  createClient,
  createRecorder,
  isInternalError,
  isTooManyRequests,
  KubeAbortError,
} from "../../../src/index.js";
import { recordingInterceptor } from "../../../src/record/index.js";
import type { Exchange } from "../../../src/index.js";
import { startHttpServer } from "../../helpers/servers.js";
import type { TestServer } from "../../helpers/servers.js";

/** Answers each path with a script of statuses, one per request, then 200. */
const scripts = new Map<string, { status: number; retryAfter?: string; destroy?: boolean }[]>();
let server: TestServer;

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    const step = scripts.get(req.url!.split("?")[0]!)?.shift();
    if (step?.destroy) return req.socket.destroy();
    const status = step?.status ?? 200;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (step?.retryAfter !== undefined) headers["retry-after"] = step.retryAfter;
    res.writeHead(status, headers);
    res.end(
      status === 200
        ? '{"kind":"ConfigMapList","apiVersion":"v1","metadata":{},"items":[]}'
        : JSON.stringify({
            kind: "Status",
            apiVersion: "v1",
            status: "Failure",
            reason: status === 429 ? "TooManyRequests" : "InternalError",
            code: status,
          }),
    );
  });
});
afterAll(() => server.close());

const path = (ns: string) => `/api/v1/namespaces/${ns}/configmaps`;

describe("client-go's retry rule", () => {
  it.each([
    [429, "0", true],
    [503, "0", true],
    [500, "1.5", false],
    [500, undefined, false],
    [404, "0", false],
    [429, "Fri, 31 Dec 1999 23:59:59 GMT", false],
  ])("status %i with Retry-After %s → retry %s", (status, retryAfter, retried) => {
    expect(
      retryAfterSeconds(status, retryAfter === undefined ? {} : { "Retry-After": retryAfter }) !== undefined,
    ).toBe(retried);
  });

  it("retries a 429 with Retry-After, each attempt its own recorded exchange", async () => {
    scripts.set(path("a"), [
      { status: 429, retryAfter: "0" },
      { status: 429, retryAfter: "0" },
    ]);
    const recorder = createRecorder();
    const seen: Exchange[] = [];
    const client = createClient({ server: server.url, recorder, onExchange: (e) => seen.push(e) });
    const res = await client.request({ method: "GET", path: path("a") });
    await client.close();
    expect(res.attempts.map((e) => e.response?.status)).toEqual([429, 429, 200]);
    expect(recorder.exchanges.map((e) => e.response?.status)).toEqual([429, 429, 200]);
    expect(seen.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(res.exchange.response?.status).toBe(200);
  });

  it("retries a write whose body can be sent again", async () => {
    scripts.set(path("b"), [{ status: 503, retryAfter: "0" }]);
    const client = createClient({ server: server.url });
    const before = server.requests.length;
    await client.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "b" } });
    await client.close();
    const sent = server.requests.slice(before);
    expect(sent.map((r) => r.method)).toEqual(["POST", "POST"]);
    expect(sent[1]!.body).toBe(sent[0]!.body);
  });

  it("does not retry without Retry-After, and stops after maxRetries", async () => {
    scripts.set(path("c"), [{ status: 500 }]);
    scripts.set(
      path("d"),
      Array.from({ length: 10 }, () => ({ status: 429, retryAfter: "0" })),
    );
    const client = createClient({ server: server.url, retry: { maxRetries: 3 } });
    const plain = await client.list("v1", "ConfigMap", { namespace: "c" }).catch((e: unknown) => e);
    expect(isInternalError(plain)).toBe(true);
    const before = server.requests.length;
    const bounded = await client.list("v1", "ConfigMap", { namespace: "d" }).catch((e: unknown) => e);
    await client.close();
    expect(isTooManyRequests(bounded)).toBe(true);
    expect(server.requests.length - before).toBe(4);
  });

  it("never retries a streamed body, which cannot be sent twice", async () => {
    scripts.set(path("e"), [{ status: 429, retryAfter: "0" }]);
    const statuses: number[] = [];
    const dispatcher = new Agent().compose(
      recordingInterceptor({ onExchange: (e) => statuses.push(e.response!.status) }),
      retryInterceptor(),
    );
    const res = await request(`${server.url}${path("e")}`, {
      method: "POST",
      body: Readable.from(["{}"]),
      dispatcher,
    });
    await res.body.text();
    await dispatcher.close();
    expect([res.statusCode, statuses]).toEqual([429, [429]]);
  });

  it("can be turned off", async () => {
    scripts.set(path("f"), [{ status: 429, retryAfter: "0" }]);
    const client = createClient({ server: server.url, retry: false });
    const error = await client.list("v1", "ConfigMap", { namespace: "f" }).catch((e: unknown) => e);
    await client.close();
    expect(isTooManyRequests(error)).toBe(true);
  });

  it("an abort while waiting for Retry-After ends the request at once", async () => {
    scripts.set(path("g"), [{ status: 429, retryAfter: "3600" }]);
    const client = createClient({ server: server.url });
    const controller = new AbortController();
    const pending = client
      .list("v1", "ConfigMap", { namespace: "g", signal: controller.signal })
      .catch((e: unknown) => e);
    setTimeout(() => controller.abort(new Error("enough")), 50);
    const error = await pending;
    await client.close();
    expect(error).toBeInstanceOf(KubeAbortError);
  });

  it("retries a GET whose connection dropped, when asked to", async () => {
    scripts.set(path("h"), [{ status: 0, destroy: true }]);
    const client = createClient({
      server: server.url,
      retry: { retryNetworkErrors: true, networkErrorWaitMs: 0 },
    });
    const res = await client.request({ method: "GET", path: path("h") });
    await client.close();
    expect(res.attempts.map((e) => e.response?.status ?? e.error?.code)).toEqual(["UND_ERR_SOCKET", 200]);
  });
});

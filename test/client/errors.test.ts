import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_BODY_LIMIT } from "../../src/client/index.js";
import {
  createClient,
  isAlreadyExists,
  isBadRequest,
  isConflict,
  isForbidden,
  isGone,
  isInvalid,
  isNotFound,
  isTooManyRequests,
  isUnauthorized,
  KubeAbortError,
  KubeApiError,
  KubeDecodeError,
  KubeHttpError,
  KubeNetworkError,
  KubeTimeoutError,
} from "../../src/index.js";
import type { KubeClient } from "../../src/index.js";
import { routes, sendRecorded, startHttpServer } from "../helpers/servers.js";
import type { TestServer } from "../helpers/servers.js";

const TOKEN = "error-test-token-never-in-messages";
const NS = "/api/v1/namespaces/list-resources-ns";
const html = `<html><head><title>502 Bad Gateway</title></head><body>${"<p>upstream unavailable</p>".repeat(300)}</body></html>`;

let server: TestServer;
let client: KubeClient;
beforeAll(async () => {
  server = await startHttpServer(
    routes({
      [`GET ${NS}/configmaps/does-not-exist`]: "realapi/curl/06-cm-get-404",
      [`GET ${NS}/configmaps?labelSelector=app%3D%3D%3Dblog`]: "realapi/curl/x13-bad-selector-400",
      [`POST ${NS}/configmaps`]: (_req, res, body) => {
        const name = (JSON.parse(body) as { metadata: { name: string } }).metadata.name;
        sendRecorded(
          res,
          name === "hello-world"
            ? "realapi/curl/x15-create-exists-409"
            : "realapi/curl/x14-create-invalid-422",
        );
      },
      [`PUT ${NS}/configmaps/conflict-demo`]: "realapi/curl/12c-conflict-put-stale",
      [`GET ${NS}/secrets`]: "realapi/curl/x16-bad-token-401",
      [`GET ${NS}/pods`]: "realapi/curl/x17-forbidden-403",
      "GET /apis/nope.example.com/v1/things": "realapi/curl/x12-unknown-group-404",
      "GET /api/v1/namespaces/proxied/configmaps": (_q, res) => {
        res.writeHead(502, { "content-type": "text/html" });
        res.end(html);
      },
      "GET /api/v1/namespaces/slow/configmaps": () => {
        // Never answers: the client's timeout has to end it.
      },
      "GET /api/v1/namespaces/throttled/configmaps": (_q, res) => {
        res.writeHead(429, { "content-type": "application/json", "retry-after": "7" });
        res.end(
          '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Too many requests, please try again later.","reason":"TooManyRequests","details":{"retryAfterSeconds":7},"code":429}',
        );
      },
      "GET /api/v1/namespaces/garbled/configmaps": (_q, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{not json");
      },
    }),
  );
  client = createClient({ server: server.url, token: TOKEN, retry: false });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

async function caught(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).not.toContain(TOKEN);
  return error as Error;
}

const cm = (name: string) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "list-resources-ns" },
});

describe("the server's Status becomes a KubeApiError", () => {
  it.each([
    [
      "404 NotFound",
      () => client.get("v1", "ConfigMap", "does-not-exist", { namespace: "list-resources-ns" }),
      isNotFound,
      404,
      "NotFound",
    ],
    [
      "400 BadRequest",
      () => client.list("v1", "ConfigMap", { namespace: "list-resources-ns", labelSelector: "app===blog" }),
      isBadRequest,
      400,
      "BadRequest",
    ],
    [
      "401 Unauthorized",
      () => client.list("v1", "Secret", { namespace: "list-resources-ns" }),
      isUnauthorized,
      401,
      "Unauthorized",
    ],
    [
      "403 Forbidden",
      () => client.list("v1", "Pod", { namespace: "list-resources-ns" }),
      isForbidden,
      403,
      "Forbidden",
    ],
    ["409 AlreadyExists", () => client.create(cm("hello-world")), isAlreadyExists, 409, "AlreadyExists"],
    [
      "409 Conflict",
      () =>
        client.replace({
          ...cm("conflict-demo"),
          metadata: { ...cm("conflict-demo").metadata, resourceVersion: "1" },
        }),
      isConflict,
      409,
      "Conflict",
    ],
    ["422 Invalid", () => client.create(cm("Not_Valid")), isInvalid, 422, "Invalid"],
  ] as const)("%s", async (_name, call, predicate, status, reason) => {
    const error = await caught(call());
    expect(error).toBeInstanceOf(KubeApiError);
    const e = error as KubeApiError;
    expect(predicate(e)).toBe(true);
    for (const other of [
      isNotFound,
      isBadRequest,
      isUnauthorized,
      isForbidden,
      isAlreadyExists,
      isConflict,
      isInvalid,
      isGone,
    ])
      if (other !== predicate) expect(other(e)).toBe(false);
    expect([e.statusCode, e.reason, e.status.code, e.code]).toEqual([
      status,
      reason,
      status,
      "KUBEWIRE_API_ERROR",
    ]);
    expect(e.message).toBe(
      `${reason} (${status}): ${e.request.method} ${e.request.url}: ${e.status.message}`,
    );
    expect(e.exchange?.response?.status).toBe(status);
  });

  it("keeps the causes of a 422", async () => {
    const e = (await caught(client.create(cm("Not_Valid")))) as KubeApiError;
    expect(e.causes.map((c) => c.field)).toEqual(["metadata.name"]);
    expect(e.causes[0]?.reason).toBe("FieldValueInvalid");
  });

  it("keeps Retry-After of a 429", async () => {
    const e = (await caught(client.list("v1", "ConfigMap", { namespace: "throttled" }))) as KubeApiError;
    expect(isTooManyRequests(e)).toBe(true);
    expect(e.retryAfterSeconds).toBe(7);
  });
});

describe("answers that are not a Status", () => {
  it("404 page not found from an unknown group is a KubeHttpError", async () => {
    const e = (await caught(client.list("nope.example.com/v1", "things"))) as KubeHttpError;
    expect(e).toBeInstanceOf(KubeHttpError);
    expect([e.statusCode, e.contentType, e.body, e.bodyTruncated]).toEqual([
      404,
      "text/plain; charset=utf-8",
      "404 page not found\n",
      false,
    ]);
    expect(isNotFound(e)).toBe(false);
  });

  it("a proxy's HTML page is kept to its first 2 KiB", async () => {
    const e = (await caught(client.list("v1", "ConfigMap", { namespace: "proxied" }))) as KubeHttpError;
    expect(e.statusCode).toBe(502);
    expect(Buffer.byteLength(e.body)).toBe(ERROR_BODY_LIMIT);
    expect(html.startsWith(e.body)).toBe(true);
    expect(e.bodyTruncated).toBe(true);
    expect(e.message).toMatch(
      /^HTTP 502 \(text\/html\): GET .*\/namespaces\/proxied\/configmaps: <html><head><title>502 Bad Gateway/,
    );
    expect(e.message.length).toBeLessThan(400);
  });

  it("a 2xx body that is not JSON is a KubeDecodeError, never a value", async () => {
    const e = await caught(client.list("v1", "ConfigMap", { namespace: "garbled" }));
    expect(e).toBeInstanceOf(KubeDecodeError);
  });
});

describe("no answer at all", () => {
  it("a refused connection is a KubeNetworkError with its cause", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const refused = createClient({ server: `http://127.0.0.1:${port}`, token: TOKEN });
    const e = (await caught(refused.list("v1", "ConfigMap"))) as KubeNetworkError;
    await refused.close();
    expect(e).toBeInstanceOf(KubeNetworkError);
    expect((e.cause as { code?: string }).code).toBe("ECONNREFUSED");
    expect(e.message).toBe(
      `network error: GET http://127.0.0.1:${port}/api/v1/configmaps: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    expect(e.exchange?.error?.code).toBe("ECONNREFUSED");
  });

  it("a server that does not answer in time is a KubeTimeoutError", async () => {
    const e = (await caught(
      client.list("v1", "ConfigMap", { namespace: "slow", timeoutMs: 100 }),
    )) as KubeTimeoutError;
    expect(e).toBeInstanceOf(KubeTimeoutError);
    expect(e.code).toBe("KUBEWIRE_TIMEOUT");
    expect((e.cause as { code?: string }).code).toBe("UND_ERR_HEADERS_TIMEOUT");
    expect(e.timeoutMs).toBe(100);
  });

  it("the caller's abort is a KubeAbortError, its AbortSignal.timeout a KubeTimeoutError", async () => {
    const controller = new AbortController();
    const pending = client.list("v1", "ConfigMap", { namespace: "slow", signal: controller.signal });
    controller.abort(new Error("user pressed ^C"));
    const aborted = await caught(pending);
    expect(aborted).toBeInstanceOf(KubeAbortError);
    expect((aborted.cause as Error).message).toBe("user pressed ^C");
    const timedOut = await caught(
      client.list("v1", "ConfigMap", { namespace: "slow", signal: AbortSignal.timeout(50) }),
    );
    expect(timedOut).toBeInstanceOf(KubeTimeoutError);
  });
});

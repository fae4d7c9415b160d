import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  createRecorder,
  isGone,
  isInternalError,
  isServiceUnavailable,
  isTooManyRequests,
  KubeDecodeError,
  KubeHttpError,
  KubeNetworkError,
  KubeTimeoutError,
  KubeWatchExpiredError,
  KubewireError,
} from "../../src/index.js";
import type { ClientOptions, KubeApiError, KubeClient, WatchEvent } from "../../src/index.js";
import { startReplayServer } from "../../src/record/index.js";
import { createFakeApiServer, createFaultServer } from "../../src/testing/index.js";
import type { FakeApiServer, FaultRule, FaultServer, FaultSpec } from "../../src/testing/index.js";
import { fixturePath } from "../helpers/fixtures.js";

/**
 * The client against every fault of the fault server, end to end: each fault ends in a typed error or a bounded,
 * recorded retry; nothing hangs; nothing partial comes back as a success. docs/reliability.md cites these tests.
 */

const NS = "rel";
const NAMES = Array.from({ length: 12 }, (_, i) => `cm-${String(i).padStart(2, "0")}`);

let api: FakeApiServer;
let faults: FaultServer;
const clients: KubeClient[] = [];

beforeAll(async () => {
  api = await createFakeApiServer({
    objects: [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } },
      ...NAMES.map((name) => ({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name, namespace: NS },
        data: { payload: `value of ${name} `.repeat(8) },
      })),
    ],
  });
  faults = await createFaultServer({ upstream: api });
});
afterEach(async () => {
  faults.clear();
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await faults.close();
  await api.close();
});

/**
 * A client for the fault server. Its timeout is long (an answer that comes must never be cut by a busy machine);
 * the tests of timeouts set short ones against stalls that never end, whose outcome no load can change.
 */
function client(options: Partial<ClientOptions> = {}, server: { url: string } = faults) {
  const c = createClient({ server: server.url, timeoutMs: 60_000, retry: { maxWaitMs: 20 }, ...options });
  clients.push(c);
  return c;
}

function inject(fault: FaultSpec, rule: Omit<FaultRule, "fault"> = {}) {
  return faults.inject({ ...rule, fault });
}

async function failure(promise: Promise<unknown>): Promise<KubewireError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the call must fail").toBeInstanceOf(KubewireError);
  return error as KubewireError;
}

const get = (c: KubeClient, name = "cm-00") => c.get("v1", "ConfigMap", name, { namespace: NS });

describe("connection faults", () => {
  it("reset before headers: KubeNetworkError, the attempt recorded with its error", async () => {
    const recorder = createRecorder();
    inject({ kind: "reset-before-headers" });
    const e = await failure(get(client({ recorder })));
    expect(e).toBeInstanceOf(KubeNetworkError);
    expect(e.code).toBe("KUBEWIRE_NETWORK_ERROR");
    expect(recorder.exchanges).toHaveLength(1);
    expect(recorder.exchanges[0]!.response).toBeUndefined();
    expect(recorder.exchanges[0]!.error?.code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
  });

  it("reset before headers, with retryNetworkErrors: a GET is retried once per reset, each attempt recorded", async () => {
    const recorder = createRecorder();
    inject({ kind: "reset-before-headers" }, { times: 2 });
    const c = client({ recorder, retry: { retryNetworkErrors: true, networkErrorWaitMs: 0, maxRetries: 3 } });
    const { object } = await get(c);
    expect(object.metadata?.name).toBe("cm-00");
    expect(recorder.exchanges.map((x) => x.response?.status ?? x.error?.code)).toEqual([
      expect.stringMatching(/ECONNRESET|UND_ERR_SOCKET/),
      expect.stringMatching(/ECONNRESET|UND_ERR_SOCKET/),
      200,
    ]);
  });

  it("reset mid-body: KubeNetworkError, never the part that arrived; the exchange says truncated", async () => {
    const recorder = createRecorder();
    inject({ kind: "reset-mid-body", at: 0.6 });
    const e = await failure(c_list(client({ recorder })));
    expect(e).toBeInstanceOf(KubeNetworkError);
    const exchange = recorder.exchanges.at(-1)!;
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.body?.truncated).toBe(true);
  });

  it("a connection that never completes its TLS handshake: KubeTimeoutError from the connect timeout", async () => {
    const silent = await createFaultServer({ upstream: api, tls: "silent" });
    try {
      const e = await failure(get(client({ connectTimeoutMs: 200 }, silent)));
      expect(e).toBeInstanceOf(KubeTimeoutError);
      expect((e.cause as { code?: string }).code).toBe("UND_ERR_CONNECT_TIMEOUT");
    } finally {
      await silent.close();
    }
  });
});

const c_list = (c: KubeClient) => c.list("v1", "ConfigMap", { namespace: NS });

describe("bodies that are not what they seem", () => {
  it("truncated JSON behind 200 and a matching Content-Length: KubeDecodeError from get, list and listItems", async () => {
    const c = client();
    inject({ kind: "truncated-json" });
    expect(await failure(get(c))).toBeInstanceOf(KubeDecodeError);
    inject({ kind: "truncated-json", at: 0.9 });
    expect(await failure(c_list(c))).toBeInstanceOf(KubeDecodeError);
    // Page 2 of 3 cut short: the items of page 1 came, then the iteration fails; no item of page 2 is yielded.
    inject({ kind: "truncated-json", at: 0.95 }, { continuation: true });
    const seen: string[] = [];
    const e = await failure(
      (async () => {
        for await (const item of c.listItems("v1", "ConfigMap", { namespace: NS, limit: 5 }))
          seen.push(item.metadata!.name!);
      })(),
    );
    expect(e).toBeInstanceOf(KubeDecodeError);
    expect(e.message).toMatch(/body is not JSON \(.*in JSON/);
    expect(seen).toEqual(NAMES.slice(0, 5));
  });

  it("an HTML error page from a proxy: KubeHttpError keeping the page; an HTML 200: KubeDecodeError", async () => {
    const c = client();
    inject({ kind: "html-error", status: 502 });
    const e = await failure(get(c));
    expect(e).toBeInstanceOf(KubeHttpError);
    expect(e).toMatchObject({ statusCode: 502, contentType: "text/html" });
    expect((e as KubeHttpError).body).toContain("<center><h1>502 Bad Gateway</h1></center>");
    inject({ kind: "html-error", status: 200 });
    const decode = await failure(get(c));
    expect(decode).toBeInstanceOf(KubeDecodeError);
    expect(decode.message).toContain("unexpected '<' in JSON");
  });

  it("gzip-encoded bodies the client did not ask for are decoded: an object, a list, an error, a watch", async () => {
    const recorder = createRecorder();
    const c = client({ recorder });
    inject({ kind: "gzip" }, { times: 2 });
    expect((await get(c)).object.data).toEqual({ payload: "value of cm-00 ".repeat(8) });
    expect((await c_list(c)).items.map((i) => i.metadata?.name)).toEqual(NAMES);
    // The recorder stores the decoded body (a cassette must be readable), and the wire's header.
    const stored = recorder.exchanges.at(-1)!.response!;
    expect(stored.headers["content-encoding"]).toBe("gzip");
    expect(stored.body?.kind).toBe("json");
    inject({ kind: "gzip" });
    expect(await failure(get(c, "missing"))).toMatchObject({ statusCode: 404, reason: "NotFound" });
    const { list } = await c_list(c);
    inject({ kind: "gzip" }, { watch: true });
    const events = watchUntil(c, list.metadata.resourceVersion!, 1);
    await expect.poll(() => faults.requests.some((r) => r.watch)).toBe(true);
    await writer().create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "gz", namespace: NS } });
    expect((await events).map((e) => e.object.metadata?.name)).toEqual(["gz"]);
    await writer().delete("v1", "ConfigMap", "gz", { namespace: NS });
  });

  it("bytes that are not what Content-Encoding says: KubeDecodeError", async () => {
    const replay = await import("node:http").then(
      ({ createServer }) =>
        new Promise<{ url: string; close: () => void }>((resolve) => {
          const s = createServer((_req, res) => {
            res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" });
            res.end("{}");
          }).listen(0, "127.0.0.1", () =>
            resolve({
              url: `http://127.0.0.1:${(s.address() as { port: number }).port}`,
              close: () => s.close(),
            }),
          );
        }),
    );
    try {
      const e = await failure(client({}, replay).request({ method: "GET", path: "/api/v1/namespaces" }));
      expect(e).toBeInstanceOf(KubeDecodeError);
      expect(e.message).toContain("not valid gzip");
    } finally {
      replay.close();
    }
  });
});

describe("stalls", () => {
  it("headers that never come: KubeTimeoutError after timeoutMs; headers that come late but in time: the answer", async () => {
    inject({ kind: "slow-headers" });
    const e = await failure(get(client({ timeoutMs: 300 })));
    expect(e).toBeInstanceOf(KubeTimeoutError);
    expect((e.cause as { code?: string }).code).toBe("UND_ERR_HEADERS_TIMEOUT");
    inject({ kind: "slow-headers", ms: 50 });
    expect((await get(client())).object.metadata?.name).toBe("cm-00");
  });

  it("a body that stops mid-way: KubeTimeoutError (idle body or whole-body deadline), the exchange marked truncated", async () => {
    const recorder = createRecorder();
    inject({ kind: "slow-body" });
    const e = await failure(c_list(client({ timeoutMs: 300, recorder })));
    expect(e).toBeInstanceOf(KubeTimeoutError);
    // Two bounds of `timeoutMs` watch a stalled body: undici's idle timer (from the last byte) and the whole-body
    // deadline (from the headers, against bodies that trickle). Which fires first depends on when the last byte
    // came, so either cause is right; both are a timeout.
    const cause = e.cause as { code?: unknown; name?: string };
    expect(cause.code === "UND_ERR_BODY_TIMEOUT" || cause.name === "TimeoutError").toBe(true);
    expect(recorder.exchanges.at(-1)?.response?.body?.truncated).toBe(true);
  });

  it("a watch whose connection goes silent: reconnects after idleTimeoutMs instead of hanging", async () => {
    const c = client();
    const { list } = await c_list(c);
    inject({ kind: "slow-body" }, { watch: true });
    const events = watchUntil(c, list.metadata.resourceVersion!, 2, { idleTimeoutMs: 300 });
    await expect.poll(() => faults.requests.filter((r) => r.watch).length).toBe(1);
    await writer().create({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "idle-a", namespace: NS },
    });
    await writer().create({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "idle-b", namespace: NS },
    });
    expect((await events).map((e) => e.object.metadata?.name)).toEqual(["idle-a", "idle-b"]);
    for (const name of ["idle-a", "idle-b"])
      await writer().delete("v1", "ConfigMap", name, { namespace: NS });
  });
});

describe("answers that ask for a retry, and those that do not", () => {
  it("429 with Retry-After: retried after the wait, every attempt recorded; retries exhausted: KubeApiError", async () => {
    const recorder = createRecorder();
    inject({ kind: "status", status: 429, retryAfter: 0 }, { times: 3 });
    const res = await client({ recorder }).request({
      method: "GET",
      path: `/api/v1/namespaces/${NS}/configmaps/cm-00`,
    });
    expect(res.attempts.map((a) => a.response?.status)).toEqual([429, 429, 429, 200]);
    expect(recorder.exchanges).toHaveLength(4);
    inject({ kind: "status", status: 429, retryAfter: 1 }, { times: Infinity });
    const e = await failure(get(client({ retry: { maxRetries: 2, maxWaitMs: 5 } })));
    expect(isTooManyRequests(e)).toBe(true);
    expect((e as KubeApiError).retryAfterSeconds).toBe(1);
    expect(faults.requests.filter((r) => r.fault?.kind === "status")).toHaveLength(3 + 3);
  });

  it("500 without Retry-After: KubeApiError at once; 500 and 503 with Retry-After: retried", async () => {
    const c = client();
    inject({ kind: "status", status: 500 });
    const e = await failure(get(c));
    expect(isInternalError(e)).toBe(true);
    expect(faults.requests.at(-1)?.fault).toEqual({ kind: "status", status: 500 });
    for (const status of [500, 503]) {
      const before = faults.requests.length;
      inject({ kind: "status", status, retryAfter: 0 });
      expect((await get(c)).object.metadata?.name).toBe("cm-00");
      expect(faults.requests.length - before).toBe(2);
    }
  });

  it("a Retry-After too long for a timer waits (no retry storm, no warning), and the caller's signal ends the wait", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      inject({ kind: "status", status: 429, retryAfter: 99_999_999_999 }, { times: Infinity });
      const before = faults.requests.length;
      const e = await failure(
        client({ retry: {} }).get("v1", "ConfigMap", "cm-00", {
          namespace: NS,
          signal: AbortSignal.timeout(300),
        }),
      );
      expect(e.name).toMatch(/KubeTimeoutError|KubeAbortError/);
      expect(faults.requests.length - before).toBe(1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("503 without Retry-After: KubeApiError ServiceUnavailable, not retried", async () => {
    inject({ kind: "status", status: 503 });
    const before = faults.requests.length;
    expect(isServiceUnavailable(await failure(get(client())))).toBe(true);
    expect(faults.requests.length - before).toBe(1);
  });

  it("a write is retried only when its body can be sent again, and never on a reset", async () => {
    const c = client({ retry: { retryNetworkErrors: true, networkErrorWaitMs: 0, maxWaitMs: 5 } });
    inject({ kind: "status", status: 429, retryAfter: 0 }, { method: "POST" });
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "retried", namespace: NS } };
    expect((await c.create(cm)).object.metadata?.name).toBe("retried");
    inject({ kind: "reset-before-headers" }, { method: "DELETE" });
    expect(await failure(c.delete("v1", "ConfigMap", "retried", { namespace: NS }))).toBeInstanceOf(
      KubeNetworkError,
    );
    await c.delete("v1", "ConfigMap", "retried", { namespace: NS });
  });
});

describe("paginated lists", () => {
  it("410 for a continue token: relisted in one request (items once each), or KubeApiError with onExpired: throw", async () => {
    const c = client();
    inject({ kind: "expired" }, { continuation: true });
    const pages = [];
    for await (const page of c.listPages("v1", "ConfigMap", { namespace: NS, limit: 5 })) pages.push(page);
    expect(pages.map((p) => [p.items.length, p.relisted])).toEqual([
      [5, false],
      [12, true],
    ]);
    inject({ kind: "expired" }, { continuation: true });
    const names: string[] = [];
    for await (const item of c.listItems("v1", "ConfigMap", { namespace: NS, limit: 5 }))
      names.push(item.metadata!.name!);
    expect(names).toEqual(NAMES);
    inject({ kind: "expired" }, { continuation: true });
    const e = await failure(
      (async () => {
        for await (const _ of c.listPages("v1", "ConfigMap", {
          namespace: NS,
          limit: 5,
          onExpired: "throw",
        }));
      })(),
    );
    expect(isGone(e)).toBe(true);
    expect((e as KubeApiError).status.message).toMatch(/continue parameter is too old/);
  });

  it("under random faults (seeded), every paginated list completes with exactly the items, or fails with a typed error", async () => {
    const random = await createFaultServer({
      upstream: api,
      random: { seed: 20261125, rate: 0.35, maxStallMs: 20 },
    });
    try {
      // Random stalls always end (maxStallMs), so every answer comes: no timeout of its own.
      const c = client({}, random);
      let completed = 0;
      let failed = 0;
      for (let run = 0; run < 40; run++) {
        const names: string[] = [];
        try {
          for await (const item of c.listItems("v1", "ConfigMap", { namespace: NS, limit: 4 }))
            names.push(item.metadata!.name!);
          expect(names).toEqual(NAMES);
          completed++;
        } catch (error) {
          expect(error).toBeInstanceOf(KubewireError);
          // What was yielded before the failure were whole pages, in order.
          expect(NAMES.slice(0, names.length)).toEqual(names);
          expect(names.length % 4).toBe(0);
          failed++;
        }
      }
      expect(completed).toBeGreaterThan(0);
      expect(failed).toBeGreaterThan(0);
      expect(new Set(random.requests.flatMap((r) => (r.fault ? [r.fault.kind] : []))).size).toBeGreaterThan(
        6,
      );
    } finally {
      await random.close();
    }
  });
});

/** The API server itself, for writes the watch under test must see. */
function writer() {
  return client({}, api);
}

async function watchUntil(
  c: KubeClient,
  resourceVersion: string,
  count: number,
  options: Parameters<KubeClient["watch"]>[2] = {},
): Promise<WatchEvent<ConfigMap>[]> {
  const events: WatchEvent<ConfigMap>[] = [];
  for await (const event of c.watch("v1", "ConfigMap", {
    namespace: NS,
    resourceVersion,
    reconnectDelayMs: 5,
    ...options,
  })) {
    events.push(event);
    if (events.length === count) break;
  }
  return events;
}

/** resourceVersions the writes of {@link history} produced (a delete answers with a Status, without one). */
const written = new Map<string, string>();

/** Creates, modifies and deletes ConfigMaps directly on the API server; returns the events a watch must see. */
async function history(prefix: string, objects: number): Promise<string[]> {
  const w = writer();
  const out: string[] = [];
  for (let i = 0; i < objects; i++) {
    const name = `${prefix}-${i}`;
    const created = await w.create<ConfigMap>({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name, namespace: NS },
    });
    written.set(`ADDED ${name}`, created.object.metadata?.resourceVersion ?? "");
    out.push(`ADDED ${name}`);
  }
  for (let i = 0; i < objects; i++) {
    const name = `${prefix}-${i}`;
    const patched = await w.patch(
      "v1",
      "ConfigMap",
      name,
      { data: { step: "2" } },
      { namespace: NS, type: "merge" },
    );
    written.set(`MODIFIED ${name}`, patched.object.metadata!.resourceVersion!);
    out.push(`MODIFIED ${name}`);
  }
  for (let i = 0; i < objects; i++) {
    const name = `${prefix}-${i}`;
    await w.delete("v1", "ConfigMap", name, { namespace: NS });
    out.push(`DELETED ${name}`);
  }
  return out;
}

/** The events as `TYPE name`, after checking each carries the resourceVersion its write produced. */
function described(events: WatchEvent<ConfigMap>[]): string[] {
  return events.map((e) => {
    const line = `${e.type} ${e.object.metadata?.name}`;
    const rv = written.get(line);
    if (rv !== undefined) expect(e.object.metadata?.resourceVersion, line).toBe(rv);
    return line;
  });
}

/** resourceVersions strictly increasing: the order the server wrote them in. */
function inOrder(events: WatchEvent<ConfigMap>[]): boolean {
  const rvs = events.map((e) => Number(e.object.metadata?.resourceVersion));
  return rvs.every((rv, i) => i === 0 || rv > rvs[i - 1]!);
}

describe("watches", () => {
  it("resumes after 10 streams cut mid-event (5 resets, 5 clean ends): every event exactly once, in order", async () => {
    const c = client();
    const { list } = await c_list(c);
    const expected = await history("cut", 10);
    const start = faults.requests.length;
    inject({ kind: "cut-watch", afterEvents: 2, how: "reset" }, { watch: true, times: 5 });
    inject({ kind: "cut-watch", afterEvents: 1, how: "end" }, { watch: true, times: 5 });
    const events = await watchUntil(c, list.metadata.resourceVersion!, expected.length);
    expect(described(events)).toEqual(expected);
    expect(inOrder(events)).toBe(true);
    const watches = faults.requests.slice(start).filter((r) => r.watch);
    expect(watches.filter((r) => r.fault?.kind === "cut-watch")).toHaveLength(10);
    // Each reconnection resumed from the last event delivered before the cut.
    const resumedFrom = watches.map((r) => new URLSearchParams(r.path.split("?")[1]).get("resourceVersion"));
    expect(resumedFrom[0]).toBe(list.metadata.resourceVersion);
    const delivered = events.map((e) => e.object.metadata?.resourceVersion);
    for (const rv of resumedFrom.slice(1))
      expect([list.metadata.resourceVersion, ...delivered]).toContain(rv);
    expect(new Set(resumedFrom).size).toBeGreaterThan(5);
  });

  it("duplicate events are dropped (and reported), reordered ones of different objects each arrive once", async () => {
    const c = client();
    const { list } = await c_list(c);
    const expected = await history("dup", 4);
    const discarded: string[] = [];
    inject({ kind: "duplicate-events", every: 1 }, { watch: true });
    const events = await watchUntil(c, list.metadata.resourceVersion!, expected.length, {
      onDiscardedEvent: (e, reason) => discarded.push(`${reason} ${e.type}`),
    });
    expect(described(events)).toEqual(expected);
    expect(inOrder(events)).toBe(true);
    expect(discarded).toHaveLength(expected.length - 1);
    expect(discarded.every((d) => d.startsWith("duplicate "))).toBe(true);

    const { list: again } = await c_list(c);
    const reordered = await history("swap", 3);
    inject({ kind: "reorder-events" }, { watch: true });
    const got = described(await watchUntil(c, again.metadata.resourceVersion!, reordered.length));
    expect([...got].sort()).toEqual([...reordered].sort());
    expect(got).not.toEqual(reordered);
  });

  it("a stale event (an older version of an object already delivered) is dropped, not delivered", async () => {
    const c = client();
    const { list } = await c_list(c);
    const expected = await history("stale", 1); // ADDED, MODIFIED, DELETED of one object
    inject({ kind: "reorder-events" }, { watch: true });
    const discarded: string[] = [];
    const events = await watchUntil(c, list.metadata.resourceVersion!, 2, {
      onDiscardedEvent: (_e, reason) => discarded.push(reason),
    });
    // MODIFIED came before ADDED: the ADDED that followed it is stale.
    expect(described(events)).toEqual([expected[1], expected[2]]);
    expect(discarded).toEqual(["stale"]);
  });

  it("410 for a watch, as an ERROR event or an HTTP status: KubeWatchExpiredError naming the resourceVersion", async () => {
    const c = client();
    for (const as of ["event", "status"] as const) {
      inject({ kind: "expired", as }, { watch: true });
      const e = await failure(watchUntil(c, "12", 1));
      expect(e).toBeInstanceOf(KubeWatchExpiredError);
      expect(e).toMatchObject({ statusCode: 410, reason: "Expired", resourceVersion: "12" });
    }
  });

  it("under random watch faults (seeded), every event arrives exactly once", async () => {
    const random = await createFaultServer({
      upstream: api,
      random: {
        seed: 7,
        rate: 0.8,
        kinds: ["cut-watch", "duplicate-events", "gzip", "reset-before-headers"],
      },
    });
    try {
      const { list } = await c_list(writer());
      const expected = await history("rnd", 8);
      const c = client({}, random);
      const events = await watchUntil(c, list.metadata.resourceVersion!, expected.length, {
        maxReconnects: 20,
      });
      expect(described(events)).toEqual(expected);
      expect(inOrder(events)).toBe(true);
      expect(random.requests.filter((r) => r.fault).length).toBeGreaterThanOrEqual(3);
    } finally {
      await random.close();
    }
  });
});

describe("a replay server upstream", () => {
  it("the recorded list, cut short behind a 200, is a KubeDecodeError; gzipped, it is the recorded list", async () => {
    const replay = await startReplayServer(fixturePath("demo/configmaps-by-label.cassette.json"));
    const proxy = await createFaultServer({
      upstream: replay,
      faults: [
        { fault: { kind: "truncated-json" }, path: "/api/v1/namespaces/list-resources-ns/configmaps" },
      ],
    });
    try {
      const c = client({}, proxy);
      const list = () =>
        c.list("v1", "ConfigMap", { namespace: "list-resources-ns", labelSelector: "app=blog", limit: 500 });
      expect(await failure(list())).toBeInstanceOf(KubeDecodeError);
      proxy.inject({ fault: { kind: "gzip" } });
      expect((await list()).items.map((i) => i.metadata?.name)).toEqual(["hello-world", "sithisms"]);
    } finally {
      await proxy.close();
      await replay.close();
    }
  });
});

import type { IncomingMessage, ServerResponse } from "node:http";
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, createRecorder, isGone, KubeWatchExpiredError } from "../../../src/index.js";
import type { Exchange, KubeClient, WatchEvent } from "../../../src/index.js";
import { readFixture } from "../../helpers/fixtures.js";
import { readRecordedFixture, startHttpServer } from "../../helpers/servers.js";
import type { TestServer } from "../../helpers/servers.js";

const LINES = readFixture("realapi/curl/13-watch.body").split("\n").filter(Boolean);
const GONE = {
  type: "ERROR",
  object: {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: "too old resource version: 243 (250)",
    reason: "Expired",
    code: 410,
  },
};
const bookmark = (rv: string) =>
  JSON.stringify({
    type: "BOOKMARK",
    object: { kind: "ConfigMap", apiVersion: "v1", metadata: { resourceVersion: rv } },
  });

/** What each watch request gets: a function of the request's query, per scenario (the namespace). */
type Script = (query: URLSearchParams, req: IncomingMessage, res: ServerResponse) => void;
const scripts = new Map<string, Script>();
const closed: string[] = [];

function stream(res: ServerResponse, lines: string[], then: "end" | "drop" | "hang" = "end") {
  const fixture = readRecordedFixture("realapi/curl/13-watch");
  res.writeHead(200, fixture.headers.flat());
  for (const line of lines) res.write(`${line}\n`);
  if (then === "end") res.end();
  if (then === "drop") setTimeout(() => res.socket?.destroy(), 20);
}

let server: TestServer;
let client: KubeClient;
const recorder = createRecorder();
beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    const namespace = url.pathname.split("/")[4]!;
    res.on("close", () => closed.push(namespace));
    scripts.get(namespace)?.(url.searchParams, req, res);
  });
  client = createClient({ server: server.url, recorder });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

async function collect(namespace: string, script: Script, options: Parameters<KubeClient["watch"]>[2] = {}) {
  scripts.set(namespace, script);
  const events: WatchEvent<ConfigMap>[] = [];
  let error: unknown;
  try {
    for await (const event of client.watch("v1", "ConfigMap", { namespace, reconnectDelayMs: 0, ...options }))
      events.push(event);
  } catch (e) {
    error = e;
  }
  return { events, error };
}

describe("watch", () => {
  it("yields the recorded stream as typed events, and records it as one streamed exchange", async () => {
    const { events, error } = await collect(
      "recorded",
      (q, _req, res) => {
        expect(q.get("watch")).toBe("true");
        expect(q.get("timeoutSeconds")).toBe("2");
        stream(res, LINES);
      },
      { timeoutSeconds: 2 },
    );
    expect(error).toBeUndefined();
    expect(events.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual([
      "ADDED conflict-demo",
      "ADDED hello-world",
      "ADDED sithisms",
      "ADDED watch-demo",
      "MODIFIED watch-demo",
      "DELETED watch-demo",
      "MODIFIED conflict-demo",
    ]);
    expect(events.map((e) => e.raw)).toEqual(LINES);
    // Typed from kubernetes-types: ConfigMap.data is a string map.
    const data: Record<string, string> | undefined = events[0]!.object.data;
    expect(data).toEqual({ step: "2" });
    const exchange = recorder.exchanges.at(-1)!;
    expect(exchange.response?.body?.kind).toBe("stream");
  });

  it("tells onStreamStart when the headers are in, redacted and without a body, before onExchange has the whole", async () => {
    scripts.set("live", (_q, _req, res) => stream(res, LINES.slice(0, 1), "hang"));
    const started: Exchange[] = [];
    const ended: Exchange[] = [];
    const live = createClient({
      server: server.url,
      token: "watch-token-s3cret",
      onStreamStart: (e) => started.push(e),
      onExchange: (e) => ended.push(e),
    });
    try {
      for await (const event of live.watch("v1", "ConfigMap", { namespace: "live" })) {
        expect(event.type).toBe("ADDED");
        expect(ended).toEqual([]);
        expect(started).toHaveLength(1);
        const [exchange] = started;
        expect(exchange!.request.url).toContain("/namespaces/live/configmaps?watch=true");
        expect(exchange!.response?.status).toBe(200);
        expect(exchange!.response?.headers["content-type"]).toBe("application/json");
        expect(exchange!.response?.body).toBeUndefined();
        expect(JSON.stringify(exchange)).not.toContain("watch-token-s3cret");
        break;
      }
      // Breaking out closes the connection; the whole exchange follows.
      while (ended.length === 0) await new Promise((r) => setTimeout(r, 10));
      expect(ended.map((e) => e.seq)).toEqual([started[0]!.seq]);
      expect(ended[0]!.response?.body?.kind).toBe("stream");
      // Not a stream: onExchange alone.
      scripts.set("plain", (_q, _req, res) =>
        res.writeHead(200, { "content-type": "application/json" }).end("{}"),
      );
      await live.request({ method: "GET", path: "/api/v1/namespaces/plain/configmaps" });
      expect(started).toHaveLength(1);
    } finally {
      await live.close();
    }
  });

  it("resumes after a dropped connection from the last resourceVersion it saw", async () => {
    const seen: (string | null)[] = [];
    const { events, error } = await collect(
      "dropped",
      (q, _req, res) => {
        seen.push(q.get("resourceVersion"));
        if (seen.length === 1) stream(res, LINES.slice(0, 4), "drop");
        else stream(res, LINES.slice(4));
      },
      { timeoutSeconds: 2, resourceVersion: "240" },
    );
    expect(error).toBeUndefined();
    expect(seen).toEqual(["240", "244"]);
    expect(events).toHaveLength(7);
  });

  it("moves the resume point with bookmarks, resumes after the server's own close, and surfaces 410 as KubeWatchExpiredError", async () => {
    const seen: (string | null)[] = [];
    const { events, error } = await collect(
      "bookmarks",
      (q, _req, res) => {
        seen.push(q.get("resourceVersion"));
        expect(q.get("allowWatchBookmarks")).toBe("true");
        if (seen.length === 1) stream(res, [LINES[0]!, bookmark("300")]);
        else stream(res, [JSON.stringify(GONE)]);
      },
      { allowWatchBookmarks: true },
    );
    expect(events.map((e) => e.type)).toEqual(["ADDED", "BOOKMARK"]);
    expect(seen).toEqual([null, "300"]);
    expect(error).toBeInstanceOf(KubeWatchExpiredError);
    const e = error as KubeWatchExpiredError;
    expect([isGone(e), e.statusCode, e.reason, e.resourceVersion, e.code]).toEqual([
      true,
      410,
      "Expired",
      "300",
      "KUBEWIRE_WATCH_EXPIRED",
    ]);
  });

  it("surfaces a 410 answer to the watch request itself the same way", async () => {
    const { error } = await collect(
      "gone",
      (_q, _req, res) => {
        res.writeHead(410, { "content-type": "application/json" });
        res.end(JSON.stringify(GONE.object));
      },
      { resourceVersion: "1" },
    );
    expect(error).toBeInstanceOf(KubeWatchExpiredError);
    expect((error as KubeWatchExpiredError).resourceVersion).toBe("1");
  });

  it("closes the connection when the caller stops iterating", async () => {
    scripts.set("break", (_q, _req, res) => stream(res, LINES.slice(0, 2), "hang"));
    for await (const event of client.watch("v1", "ConfigMap", { namespace: "break" })) {
      expect(event.type).toBe("ADDED");
      break;
    }
    await expect.poll(() => closed.includes("break")).toBe(true);
  });

  it("gives up after maxReconnects consecutive failures", async () => {
    let attempts = 0;
    const { error } = await collect(
      "flaky",
      (_q, req) => {
        attempts++;
        req.socket.destroy();
      },
      { maxReconnects: 2 },
    );
    expect(attempts).toBe(3);
    expect((error as Error).name).toBe("KubeNetworkError");
  });
});

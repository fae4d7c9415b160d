import { Agent, request as httpRequest } from "node:http";
import type { IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeApiServer } from "../../src/testing/index.js";
import type { FakeApiServer } from "../../src/testing/index.js";

/**
 * The in-memory server driven the way the Python `kubernetes` client 30.1 drives kube-apiserver, byte for byte on
 * the request side: urllib3 over one keep-alive connection pool, `User-Agent: OpenAPI-Generator/30.1.0/python`,
 * `Accept: application/json` (it picks JSON out of every operation's list), `Content-Type: application/json` on
 * every request, GETs and bodiless DELETEs included (rest.py sets it when the caller did not), http.client's
 * `Accept-Encoding: identity`, query strings from `urlencode`, so booleans are Python's `True` and `False`. A dict
 * body to a patch operation goes as a strategic merge patch, a list as a JSON patch (`select_header_content_type`).
 * `watch.Watch().stream` reads the body line by line, `json.loads` each line and reads its `object` (the
 * `KeyError: 'object'` of issue 18 was a plain list answered to `watch=True`), raising on an `ERROR` event.
 */
const USER_AGENT = "OpenAPI-Generator/30.1.0/python";

let server: FakeApiServer;
const pool = new Agent({ keepAlive: true, maxSockets: 4 });

beforeAll(async () => {
  server = await createFakeApiServer({ bookmarkIntervalMs: 50, namespaceFinalizationMs: 0 });
});
afterAll(async () => {
  pool.destroy();
  await server.close();
});

type Query = Record<string, string | number | boolean | undefined>;

/** Python's `urlencode` of the client's query parameters: `str(True)` is `True`, `quote_plus` for the rest. */
function pythonQuery(query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    params.append(k, typeof v === "boolean" ? (v ? "True" : "False") : String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

interface Options {
  query?: Query;
  body?: unknown;
  contentType?: string;
}

/** One request as rest.py sends it; resolves with the response still unread (a watch streams). */
function send(method: string, path: string, options: Options = {}): Promise<IncomingMessage> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const url = new URL(server.url + path + pythonQuery(options.query ?? {}));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method,
        agent: pool,
        headers: {
          "Accept-Encoding": "identity",
          Accept: "application/json",
          "Content-Type": options.contentType ?? "application/json",
          "User-Agent": USER_AGENT,
          ...(body !== undefined ? { "Content-Length": Buffer.byteLength(body) } : {}),
        },
      },
      resolve,
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function readAll(res: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of res) text += (chunk as Buffer).toString("utf8");
  return text;
}

interface Answer {
  status: number;
  contentType: string | undefined;
  json: Record<string, unknown> & { metadata?: Record<string, unknown> };
}

async function call(method: string, path: string, options: Options = {}): Promise<Answer> {
  const res = await send(method, path, options);
  const text = await readAll(res);
  return {
    status: res.statusCode ?? 0,
    contentType: res.headers["content-type"],
    json: JSON.parse(text) as Answer["json"],
  };
}

interface WatchEvent {
  type: string;
  object: {
    kind?: string;
    metadata?: { name?: string; resourceVersion?: string; annotations?: object };
  } & Record<string, unknown>;
}

/** An `ApiException` as Watch.stream raises it for an ERROR event. */
class ErrorEvent extends Error {
  constructor(readonly status: unknown) {
    super("ERROR event");
  }
}

/**
 * What `watch.Watch().stream` does with the body: split it into lines, parse each, take `object` (a missing one is
 * the KeyError), raise on ERROR. A caller's `w.stop()` is a `break` out of the loop.
 */
async function* stream(res: IncomingMessage): AsyncGenerator<WatchEvent> {
  let buffer = "";
  for await (const chunk of res) {
    buffer += (chunk as Buffer).toString("utf8");
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.trim() === "") continue;
      const event = JSON.parse(line) as Record<string, unknown>;
      if (!("object" in event)) throw new Error(`KeyError: 'object' in ${line.slice(0, 100)}`);
      if (event.type === "ERROR") throw new ErrorEvent(event.object);
      yield event as unknown as WatchEvent;
    }
  }
  if (buffer.trim() !== "") throw new Error(`unterminated last line: ${buffer.slice(0, 100)}`);
}

const ns = "python";
const base = `/api/v1/namespaces/${ns}/configmaps`;

describe("the Python client's session, as raw HTTP", () => {
  it("creates a namespace and ConfigMaps, reads and lists them with Python's query spelling", async () => {
    const namespace = await call("POST", "/api/v1/namespaces", {
      body: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } },
    });
    expect(namespace.status).toBe(201);
    // `create_namespaced_config_map(ns, body)`: POST, Content-Type application/json, manager from the User-Agent.
    const created = await call("POST", base, {
      body: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "app", labels: { app: "py" } },
        data: { a: "1" },
      },
    });
    expect(created.status).toBe(201);
    expect(created.contentType).toBe("application/json");
    expect(created.json.data).toEqual({ a: "1" });
    expect(created.json.metadata?.namespace).toBe(ns);
    expect(
      (created.json.metadata?.managedFields as { manager: string; operation: string }[]).map((m) => [
        m.manager,
        m.operation,
      ]),
    ).toEqual([["OpenAPI-Generator", "Update"]]);
    await call("POST", base, { body: { metadata: { name: "other" }, data: { b: "2" } } });

    // `read_namespaced_config_map(name, ns, pretty=True)`: a GET with Content-Type and `pretty=True`.
    const read = await send("GET", `${base}/app`, { query: { pretty: true } });
    const text = await readAll(read);
    expect(read.statusCode).toBe(200);
    expect(text).toMatch(/^\{\n {2}"kind": "ConfigMap",\n {2}"apiVersion": "v1",\n/);

    // `list_namespaced_config_map(ns, label_selector="app=py", watch=False, limit=1)`.
    const list = await call("GET", base, { query: { labelSelector: "app=py", limit: 1, watch: false } });
    expect(list.status).toBe(200);
    expect(list.json.kind).toBe("ConfigMapList");
    expect((list.json.items as { metadata: { name: string } }[]).map((i) => i.metadata.name)).toEqual([
      "app",
    ]);
    const all = await call("GET", base, { query: { limit: 1 } });
    expect((all.json.items as unknown[]).length).toBe(1);
    expect(all.json.metadata?.continue).toEqual(expect.any(String));
    const rest = await call("GET", base, {
      query: { limit: 1, continue: all.json.metadata!.continue as string },
    });
    expect((rest.json.items as { metadata: { name: string } }[]).map((i) => i.metadata.name)).toEqual([
      "other",
    ]);
  });

  it("streams a watch=True from a resourceVersion: ADDED, MODIFIED, DELETED, each with its object", async () => {
    const from = (await call("GET", base)).json.metadata!.resourceVersion as string;
    const res = await send("GET", base, {
      query: { resourceVersion: from, timeoutSeconds: 300, watch: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.headers["transfer-encoding"]).toBe("chunked");

    const created = await call("POST", base, { body: { metadata: { name: "watched" }, data: { n: "1" } } });
    // A dict body to `patch_namespaced_config_map` goes as a strategic merge patch.
    const patched = await call("PATCH", `${base}/watched`, {
      body: { data: { n: "2" } },
      contentType: "application/strategic-merge-patch+json",
    });
    expect([patched.status, patched.json.data]).toEqual([200, { n: "2" }]);
    // `delete_namespaced_config_map(name, ns)`: DELETE with Content-Type application/json and no body at all.
    const deleted = await call("DELETE", `${base}/watched`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toMatchObject({
      kind: "Status",
      status: "Success",
      details: { name: "watched", kind: "configmaps" },
    });

    const seen: [string, string | undefined, unknown, string | undefined][] = [];
    for await (const event of stream(res)) {
      seen.push([
        event.type,
        event.object.metadata?.name,
        event.object.data,
        event.object.metadata?.resourceVersion,
      ]);
      if (event.type === "DELETED") break; // w.stop()
    }
    res.destroy();
    expect(seen).toEqual([
      ["ADDED", "watched", { n: "1" }, created.json.metadata!.resourceVersion],
      ["MODIFIED", "watched", { n: "2" }, patched.json.metadata!.resourceVersion],
      ["DELETED", "watched", { n: "2" }, String(Number(patched.json.metadata!.resourceVersion) + 1)],
    ]);
  });

  it("watch=True without a resourceVersion starts with ADDED for what exists; timeoutSeconds ends the stream", async () => {
    const res = await send("GET", base, { query: { timeoutSeconds: 1, watch: true } });
    const seen: string[] = [];
    // Nothing stops this loop but the server ending the response after timeoutSeconds.
    for await (const event of stream(res)) seen.push(`${event.type} ${event.object.metadata?.name}`);
    expect(res.complete).toBe(true);
    expect(seen).toEqual(["ADDED app", "ADDED other"]);
  });

  it("allowWatchBookmarks=True gets BOOKMARK events carrying only kind, apiVersion and a resourceVersion", async () => {
    const from = (await call("GET", base)).json.metadata!.resourceVersion as string;
    const res = await send("GET", base, {
      query: { allowWatchBookmarks: true, resourceVersion: from, timeoutSeconds: 30, watch: true },
    });
    // The server's 50 ms bookmark timer fires before its 30 s end of the watch however busy the machine is (timers
    // fire in the order they expire): a server that ignores `True` ends the stream with no event, and this fails.
    let bookmark: WatchEvent | undefined;
    for await (const event of stream(res)) {
      bookmark = event;
      break;
    }
    res.destroy();
    expect(bookmark).toEqual({
      type: "BOOKMARK",
      object: {
        kind: "ConfigMap",
        apiVersion: "v1",
        metadata: { resourceVersion: from, creationTimestamp: null },
      },
    });
  });

  it("sendInitialEvents=True: the current state, then the initial-events-end bookmark", async () => {
    const res = await send("GET", base, {
      query: {
        allowWatchBookmarks: true,
        resourceVersionMatch: "NotOlderThan",
        sendInitialEvents: true,
        timeoutSeconds: 30,
        watch: true,
      },
    });
    const seen: [string, string | undefined, object | undefined][] = [];
    for await (const event of stream(res)) {
      seen.push([event.type, event.object.metadata?.name, event.object.metadata?.annotations]);
      if (event.type === "BOOKMARK") break;
    }
    res.destroy();
    expect(seen).toEqual([
      ["ADDED", "app", undefined],
      ["ADDED", "other", undefined],
      ["BOOKMARK", undefined, { "k8s.io/initial-events-end": "true" }],
    ]);
  });

  it("allowWatchBookmarks=False gets none", async () => {
    const from = (await call("GET", base)).json.metadata!.resourceVersion as string;
    const res = await send("GET", base, {
      query: { allowWatchBookmarks: false, resourceVersion: from, timeoutSeconds: 1, watch: true },
    });
    const seen: string[] = [];
    // The server's bookmark interval here is 50 ms: a second without one is twenty missed.
    for await (const event of stream(res)) seen.push(event.type);
    expect(seen).toEqual([]);
  });

  it("answers a too old resourceVersion with an ERROR event holding the 410 Status, which Watch.stream raises", async () => {
    const small = await createFakeApiServer({ historyLimit: 2 });
    try {
      const url = `${small.url}${base.replace(ns, "default")}`;
      for (const name of ["a", "b", "c", "d"])
        await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", "User-Agent": USER_AGENT },
          body: JSON.stringify({ metadata: { name } }),
        });
      const res = await new Promise<IncomingMessage>((resolve, reject) =>
        httpRequest(
          `${url}?resourceVersion=2&watch=True`,
          {
            headers: {
              Accept: "application/json",
              "User-Agent": USER_AGENT,
              "Content-Type": "application/json",
            },
          },
          resolve,
        )
          .on("error", reject)
          .end(),
      );
      const error = await (async () => {
        try {
          for await (const _ of stream(res)) return undefined;
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ErrorEvent);
      expect((error as ErrorEvent).status).toMatchObject({
        kind: "Status",
        apiVersion: "v1",
        status: "Failure",
        reason: "Expired",
        code: 410,
      });
    } finally {
      await small.close();
    }
  });

  it("answers errors with Status bodies: 404 NotFound, 409 AlreadyExists, 409 Conflict", async () => {
    const missing = await call("GET", `${base}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'configmaps "nope" not found',
      reason: "NotFound",
      details: { name: "nope", kind: "configmaps" },
      code: 404,
    });
    const twice = await call("POST", base, { body: { metadata: { name: "app" } } });
    expect(twice.status).toBe(409);
    expect(twice.json).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'configmaps "app" already exists',
      reason: "AlreadyExists",
      details: { name: "app", kind: "configmaps" },
      code: 409,
    });
    const current = await call("GET", `${base}/app`);
    const stale = await call("PUT", `${base}/app`, {
      body: {
        ...current.json,
        metadata: { ...current.json.metadata, resourceVersion: "1" },
        data: { a: "x" },
      },
    });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ reason: "Conflict", details: { name: "app", kind: "configmaps" } });
    // A delete of what is not there: 404 with the same shape (DELETE, no body).
    expect((await call("DELETE", `${base}/nope`)).json).toMatchObject({ code: 404, reason: "NotFound" });
  });

  it("patches as Python sends them: a list body as JSON patch, apply-patch+yaml with force=True", async () => {
    const json = await call("PATCH", `${base}/app`, {
      body: [{ op: "add", path: "/data/j", value: "p" }],
      contentType: "application/json-patch+json",
    });
    expect(json.json.data).toEqual({ a: "1", j: "p" });
    const merge = await call("PATCH", `${base}/app`, {
      body: { data: { j: null } },
      contentType: "application/merge-patch+json",
    });
    expect(merge.json.data).toEqual({ a: "1" });

    // `patch_namespaced_config_map(..., field_manager="py-apply", _content_type="application/apply-patch+yaml")`:
    // the body is still json.dumps of the dict.
    const applyBody = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "app", namespace: ns },
      data: { a: "A" },
    };
    const conflict = await call("PATCH", `${base}/app`, {
      query: { fieldManager: "py-apply" },
      body: applyBody,
      contentType: "application/apply-patch+yaml",
    });
    expect(conflict.status).toBe(409);
    expect(conflict.json).toMatchObject({
      reason: "Conflict",
      message: 'Apply failed with 1 conflict: conflict with "OpenAPI-Generator" using v1: .data.a',
      details: {
        causes: [
          {
            reason: "FieldManagerConflict",
            message: 'conflict with "OpenAPI-Generator" using v1',
            field: ".data.a",
          },
        ],
      },
    });
    const forced = await call("PATCH", `${base}/app`, {
      query: { fieldManager: "py-apply", force: true },
      body: applyBody,
      contentType: "application/apply-patch+yaml",
    });
    expect(forced.status).toBe(200);
    expect(forced.json.data).toEqual({ a: "A" });
    expect(
      (forced.json.metadata?.managedFields as { manager: string; operation: string }[]).map((m) => [
        m.manager,
        m.operation,
      ]),
    ).toContainEqual(["py-apply", "Apply"]);

    // `dry_run="All"` leaves the object alone.
    const dry = await call("PATCH", `${base}/app`, {
      query: { dryRun: "All" },
      body: { data: { a: "dry" } },
      contentType: "application/strategic-merge-patch+json",
    });
    expect(dry.json.data).toEqual({ a: "dry" });
    expect((await call("GET", `${base}/app`)).json.data).toEqual({ a: "A" });
  });
});

import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  CassetteMissError,
  createClient,
  KubeNetworkError,
  loadCassette,
  openCassette,
} from "../../../src/index.js";
import { cassetteModeFromEnv, openCassetteRecording } from "../../../src/record/index.js";
import type { KubeObject } from "../../../src/index.js";
import { readFixture } from "../../helpers/fixtures.js";
import { startHttpServer } from "../../helpers/servers.js";
import type { TestServer } from "../../helpers/servers.js";

const tmp = mkdtempSync(join(tmpdir(), "kubewire-session-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const NS = "list-resources-ns";
/** Byte-exact answers of the real kube-apiserver, served by path. */
const ROUTES: Record<string, string> = {
  [`/api/v1/namespaces/${NS}/configmaps?labelSelector=app%3Dblog&limit=500`]: "03b-cm-list-kubectl-ua",
  [`/api/v1/namespaces/${NS}/configmaps/hello-world`]: "05-cm-get",
  [`/api/v1/namespaces/${NS}/pods`]: "09-pod-list",
  [`/apis/example.com/v1/namespaces/${NS}/widgets`]: "08-widget-list",
  "/version": "17-version",
};

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startRealapiServer(): Promise<TestServer> {
  return startHttpServer((req, res) => {
    const name = ROUTES[req.url ?? ""];
    if (!name) {
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          kind: "Status",
          apiVersion: "v1",
          status: "Failure",
          reason: "NotFound",
          code: 404,
        }),
      );
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json", "Audit-Id": `audit-${Math.random()}` });
    res.end(readFixture(`realapi/curl/${name}.body`));
  });
}

/** What a small tool does: list, get, and read a custom resource. */
async function session(client: ReturnType<typeof createClient>) {
  const list = await client.list("v1", "ConfigMap", { namespace: NS, labelSelector: "app=blog", limit: 500 });
  const one = await client.get("v1", "ConfigMap", "hello-world", { namespace: NS });
  const pods = await client.list("v1", "Pod", { namespace: NS });
  const widgets = await client.list<KubeObject>("example.com/v1", "widgets", { namespace: NS });
  const version = await client.request({ method: "GET", path: "/version" });
  return { list, one, pods, widgets, version };
}

describe("cassette sessions (record, replay, update, passthrough)", () => {
  it("records a session, then replays it offline through the client: the same raw bytes and the same objects", async () => {
    server = await startRealapiServer();
    const file = join(tmp, "roundtrip.cassette.json");
    const recording = await openCassette(file, { mode: "record" });
    const live = createClient({
      server: server.url,
      token: "t0ken-that-must-not-be-saved",
      recorder: recording,
    });
    const original = await session(live);
    await live.close();
    // Five calls, plus the discovery the client does to map the custom resource `widgets` (/api, /apis).
    expect(await recording.save()).toMatchObject({ written: true, exchanges: 7, added: 7 });
    await server.close();
    server = undefined;

    const text = readFileSync(file, "utf8");
    expect(text).not.toContain("t0ken-that-must-not-be-saved");
    const saved = await loadCassette(file);
    expect(saved.server).toEqual({ gitVersion: "v1.28.7" });
    expect(saved.exchanges.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);

    const replay = await openCassette(file, { mode: "replay" });
    // The server is gone: only the cassette can answer.
    const offline = createClient({ server: "https://recorded.invalid:6443", recorder: replay });
    const replayed = await session(offline);
    await offline.close();

    expect(replayed.list.raw).toBe(original.list.raw);
    expect(replayed.list.items).toEqual(original.list.items);
    expect(replayed.one.object).toEqual(original.one.object);
    expect(replayed.pods.raw).toBe(original.pods.raw);
    expect(replayed.widgets.items).toEqual(original.widgets.items);
    expect(replayed.version.text).toBe(original.version.text);
    expect(replay.replayed).toHaveLength(7);
    expect(replay.recorded).toHaveLength(0);
    expect(await replay.save()).toMatchObject({ written: false });
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("replay: a request with no recording fails loudly, naming the closest recorded requests", async () => {
    server = await startRealapiServer();
    const file = join(tmp, "miss.cassette.json");
    const rec = await openCassette(file, { mode: "record" });
    const live = createClient({ server: server.url, recorder: rec });
    await live.get("v1", "ConfigMap", "hello-world", { namespace: NS });
    await live.close();
    await rec.save();

    const replay = await openCassette(file, { mode: "replay" });
    const client = createClient({ server: server.url, recorder: replay });
    const error = await client.get("v1", "ConfigMap", "sithisms", { namespace: NS }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(KubeNetworkError);
    const miss = (error as Error).cause as CassetteMissError;
    expect(miss).toBeInstanceOf(CassetteMissError);
    expect(miss.closest[0]).toMatchObject({
      seq: 0,
      differences: [`path /api/v1/namespaces/${NS}/configmaps/hello-world`],
    });
    expect(server.requests).toHaveLength(1); // only the recording run reached the server
  });

  it("update: replays what is recorded, sends what is missing to the server, and appends it, numbered after", async () => {
    server = await startRealapiServer();
    const file = join(tmp, "update.cassette.json");
    const first = await openCassette(file, { mode: "record" });
    let client = createClient({ server: server.url, recorder: first });
    await client.get("v1", "ConfigMap", "hello-world", { namespace: NS });
    await client.close();
    await first.save();

    const update = await openCassette(file, { mode: "update" });
    client = createClient({ server: server.url, recorder: update });
    await client.get("v1", "ConfigMap", "hello-world", { namespace: NS });
    await client.list("v1", "Pod", { namespace: NS });
    await client.close();
    expect(update.replayed.map((e) => e.request.url)).toEqual([
      `${server.url}/api/v1/namespaces/${NS}/configmaps/hello-world`,
    ]);
    expect(update.recorded.map((e) => e.request.url)).toEqual([`${server.url}/api/v1/namespaces/${NS}/pods`]);
    expect(server.requests.map((r) => r.url)).toEqual([
      `/api/v1/namespaces/${NS}/configmaps/hello-world`,
      `/api/v1/namespaces/${NS}/pods`,
    ]);
    expect(await update.save()).toMatchObject({ written: true, exchanges: 2, added: 1 });
    const saved = await loadCassette(file);
    expect(saved.exchanges.map((e) => [e.seq, new URL(e.request.url).pathname])).toEqual([
      [0, `/api/v1/namespaces/${NS}/configmaps/hello-world`],
      [1, `/api/v1/namespaces/${NS}/pods`],
    ]);
  });

  it("openCassetteRecording (for --record): appends to an existing cassette, renumbering, and keeps its header", async () => {
    server = await startRealapiServer();
    const file = join(tmp, "append.cassette.json");
    for (const name of ["hello-world", "hello-world"]) {
      const rec = await openCassetteRecording(file);
      const client = createClient({ server: server.url, recorder: rec });
      await client.get("v1", "ConfigMap", name, { namespace: NS });
      await client.list("v1", "Pod", { namespace: NS });
      await client.close();
      await rec.save();
    }
    const saved = await loadCassette(file);
    expect(saved.exchanges.map((e) => e.seq)).toEqual([0, 1, 2, 3]);
    expect(saved.exchanges.map((e) => new URL(e.request.url).pathname.split("/").at(-1))).toEqual([
      "hello-world",
      "pods",
      "hello-world",
      "pods",
    ]);
  });

  it("passthrough: talks to the server, reads and writes nothing", async () => {
    server = await startRealapiServer();
    const file = join(tmp, "passthrough.cassette.json");
    const pass = await openCassette(file, { mode: "passthrough" });
    const client = createClient({ server: server.url, recorder: pass });
    const { exchange } = await client.get("v1", "ConfigMap", "hello-world", { namespace: NS });
    await client.close();
    expect(exchange.response?.status).toBe(200);
    expect(pass.recorded).toEqual([]);
    expect(await pass.save()).toMatchObject({ written: false });
    expect(existsSync(file)).toBe(false);
  });

  it("replay of a missing file says which file and how to record it", async () => {
    await expect(openCassette(join(tmp, "nope.cassette.json"), { mode: "replay" })).rejects.toThrow(
      /nope\.cassette\.json: \(document\): cannot read: ENOENT/,
    );
  });

  it("reads the mode from KUBEWIRE_RECORD, and refuses a value it does not know", () => {
    expect(cassetteModeFromEnv({})).toBe("replay");
    expect(cassetteModeFromEnv({ KUBEWIRE_RECORD: "1" })).toBe("record");
    expect(cassetteModeFromEnv({ KUBEWIRE_RECORD: "update" })).toBe("update");
    expect(cassetteModeFromEnv({ KUBEWIRE_RECORD: "passthrough" })).toBe("passthrough");
    expect(cassetteModeFromEnv({ KUBEWIRE_RECORD: "0" })).toBe("replay");
    expect(() => cassetteModeFromEnv({ KUBEWIRE_RECORD: "yes please" })).toThrow(
      /KUBEWIRE_RECORD="yes please"/,
    );
  });
});

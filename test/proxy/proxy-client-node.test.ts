import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as k8sV1 from "@kubernetes/client-node";
import { afterAll, describe, expect, it } from "vitest";
import { createRecordingProxy, NOTICE_PREFIX } from "../../src/proxy/index.js";
import type { RecordingProxy } from "../../src/proxy/index.js";
import { headerValue } from "../../src/internal/headers.js";
import { bodyText } from "../../src/record/exchange/body.js";
import type { Exchange } from "../../src/record/exchange/exchange.js";
import { createFakeApiServer } from "../../src/testing/index.js";

/**
 * @kubernetes/client-node through the recording proxy, in front of the in-memory API server: CRUD on ConfigMaps, a
 * `Watch` and an informer, all with nothing but the kubeconfig the proxy wrote (its throwaway CA, its per-run
 * token). The upstream has credentials of its own, which client-node never sees. Then the proxy's record: the
 * client's User-Agent, each request's method, path and status, the watches recorded as streams, and no token of
 * either side in the log or the cassette.
 *
 * 1.x sends through node-fetch and an `https.Agent`; 2.x through undici's fetch, whose undici 8 needs
 * Node >= 22.19 (under older Node the 2.x case does not run; CI runs the suite again on Node 24, where it does).
 */

const UPSTREAM_TOKEN = "upstream-cluster-token-9b3e71d04c";
const NAMESPACE = "default";
const PATH = `/api/v1/namespaces/${NAMESPACE}/configmaps`;
const dir = mkdtempSync(join(tmpdir(), "kubewire-proxy-client-node-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The parts of client-node 1.x and 2.x this test uses (their APIs are the same here). */
type ClientNode = typeof k8sV1;

interface ConfigMap {
  metadata?: { name?: string; resourceVersion?: string };
  data?: Record<string, string>;
}

/** A promise and the function that settles it: the test waits for events, never for time. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

interface Seen {
  watch: string[];
  informer: string[];
}

/**
 * What a client-node script does through the proxy: starts a Watch and an informer, then creates, reads, lists,
 * replaces, patches and deletes one ConfigMap, and waits until both saw it go.
 */
async function clientNodeSession(k8s: ClientNode, kubeconfig: string): Promise<Seen> {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const name = "from-client-node";
  const seen: Seen = { watch: [], informer: [] };
  const watchSawDelete = deferred();
  const informerSawDelete = deferred();
  const watchDone = deferred<unknown>();

  const watch = new k8s.Watch(kc);
  const controller = await watch.watch(
    PATH,
    {},
    (type: string, obj: ConfigMap) => {
      if (obj.metadata?.name !== name) return;
      seen.watch.push(`${type} ${obj.data?.k ?? ""}`);
      if (type === "DELETED") watchSawDelete.resolve();
    },
    (error: unknown) => watchDone.resolve(error),
  );

  const informer = k8s.makeInformer<ConfigMap>(kc, PATH, () =>
    core.listNamespacedConfigMap({ namespace: NAMESPACE }),
  );
  const note = (event: string) => (obj: ConfigMap) => {
    if (obj.metadata?.name !== name) return;
    seen.informer.push(`${event} ${obj.data?.k ?? ""}`);
    if (event === "delete") informerSawDelete.resolve();
  };
  informer.on("add", note("add"));
  informer.on("update", note("update"));
  informer.on("delete", note("delete"));
  await informer.start();

  const created = await core.createNamespacedConfigMap({
    namespace: NAMESPACE,
    body: { metadata: { name }, data: { k: "created" } },
  });
  expect(created.metadata?.name).toBe(name);
  const read = await core.readNamespacedConfigMap({ name, namespace: NAMESPACE });
  expect(read.data).toEqual({ k: "created" });
  const list = await core.listNamespacedConfigMap({ namespace: NAMESPACE });
  expect(list.items.map((cm) => cm.metadata?.name)).toContain(name);
  const replaced = await core.replaceNamespacedConfigMap({
    name,
    namespace: NAMESPACE,
    body: { metadata: { name, resourceVersion: read.metadata!.resourceVersion! }, data: { k: "replaced" } },
  });
  expect(replaced.data).toEqual({ k: "replaced" });
  // client-node's default patch type is a JSON patch (application/json-patch+json).
  const patched = await core.patchNamespacedConfigMap({
    name,
    namespace: NAMESPACE,
    body: [{ op: "replace", path: "/data/k", value: "patched" }],
  });
  expect(patched.data).toEqual({ k: "patched" });
  await core.deleteNamespacedConfigMap({ name, namespace: NAMESPACE });

  await Promise.all([watchSawDelete.promise, informerSawDelete.promise]);
  await informer.stop();
  controller.abort();
  await watchDone.promise;
  return seen;
}

const pathOf = (e: Exchange) => new URL(e.request.url).pathname;
const isWatch = (e: Exchange) => new URL(e.request.url).searchParams.get("watch") === "true";

async function throughProxy(
  k8s: ClientNode,
  label: string,
): Promise<{ seen: Seen; proxy: RecordingProxy; log: string; cassetteText: string }> {
  const upstream = await createFakeApiServer({ tls: true, token: UPSTREAM_TOKEN });
  const upstreamKubeconfig = join(dir, `${label}-upstream.kubeconfig`);
  await upstream.writeKubeconfig(upstreamKubeconfig);
  let log = "";
  const record = join(dir, `${label}.cassette.json`);
  const proxy = await createRecordingProxy({
    kubeconfig: { kubeconfig: upstreamKubeconfig },
    log: { write: (text: string) => (log += text) },
    v: 8,
    record,
  });
  try {
    const seen = await clientNodeSession(k8s, proxy.kubeconfig);
    await proxy.close();
    return { seen, proxy, log, cassetteText: readFileSync(record, "utf8") };
  } finally {
    await proxy.close();
    await upstream.close();
  }
}

/** The assertions both majors share. */
function checkRecord(
  { seen, proxy, log, cassetteText }: Awaited<ReturnType<typeof throughProxy>>,
  userAgents: RegExp[],
): void {
  expect(seen.watch).toEqual(["ADDED created", "MODIFIED replaced", "MODIFIED patched", "DELETED patched"]);
  expect(seen.informer).toEqual(["add created", "update replaced", "update patched", "delete patched"]);

  const exchanges = proxy.cassette().exchanges;
  if (process.env.KUBEWIRE_SHOW_PROXY_LOG) process.stderr.write(log);
  // The client's User-Agents, as it sent them, in the record and in the proxy's notices naming the client.
  const agents = [
    ...new Set(exchanges.map((e) => headerValue(e.request.headers, "user-agent") ?? "")),
  ].sort();
  expect(agents).toHaveLength(userAgents.length);
  agents.forEach((agent, i) => {
    expect(agent).toMatch(userAgents[i]!);
    expect(log).toContain(`${NOTICE_PREFIX}client ${JSON.stringify(agent)}`);
  });

  // The informer's list first (its start waited for it), then the CRUD calls in the order made.
  const name = `${PATH}/from-client-node`;
  expect(
    exchanges.filter((e) => !isWatch(e)).map((e) => `${e.request.method} ${pathOf(e)} ${e.response?.status}`),
  ).toEqual([
    `GET ${PATH} 200`,
    `POST ${PATH} 201`,
    `GET ${name} 200`,
    `GET ${PATH} 200`,
    `PUT ${name} 200`,
    `PATCH ${name} 200`,
    `DELETE ${name} 200`,
  ]);
  const patch = exchanges.find((e) => e.request.method === "PATCH");
  expect(headerValue(patch?.request.headers, "content-type")).toMatch(/^application\/json-patch\+json/);

  // Two watches (the Watch's and the informer's), each recorded as a stream of the events it relayed.
  const watches = exchanges.filter(isWatch);
  expect(watches.map((e) => `${e.request.method} ${pathOf(e)} ${e.response?.status}`)).toEqual([
    `GET ${PATH} 200`,
    `GET ${PATH} 200`,
  ]);
  for (const w of watches) {
    expect(w.response?.body?.kind).toBe("stream");
    const events = (bodyText(w.response!.body!) ?? "")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; object: ConfigMap })
      .filter((event) => event.object.metadata?.name === "from-client-node")
      .map((event) => `${event.type} ${event.object.data?.k}`);
    expect(events).toEqual(["ADDED created", "MODIFIED replaced", "MODIFIED patched", "DELETED patched"]);
  }
  // The proxy logged every request as kubectl 1.33 logs it at --v=8 (the watches when their heads came).
  expect(log.match(/ round_trippers\.go:\d+\] "Response" status="/g)?.length ?? 0).toBe(exchanges.length);

  // Neither the upstream's token nor the per-run token the client presented reaches the log or the cassette.
  for (const secret of [UPSTREAM_TOKEN, proxy.token]) {
    expect(log.includes(secret)).toBe(false);
    expect(cassetteText.includes(secret)).toBe(false);
    expect(JSON.stringify(exchanges).includes(secret)).toBe(false);
  }
  expect(
    exchanges.every((e) =>
      /^Bearer \[redacted len=/.test(headerValue(e.request.headers, "authorization") ?? ""),
    ),
  ).toBe(true);
}

describe("@kubernetes/client-node through the recording proxy", () => {
  it("1.x: CRUD, a Watch and an informer, recorded with its User-Agent and no token", async () => {
    const k8s = await import("@kubernetes/client-node");
    checkRecord(await throughProxy(k8s, "v1"), [/^node-fetch\//]);
  }, 120_000);

  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const nodeFor2x = major > 22 || (major === 22 && minor >= 19);

  it.skipIf(!nodeFor2x)(
    "2.x: CRUD, a Watch and an informer, recorded with its User-Agent and no token (Node >= 22.19)",
    async () => {
      const k8s = (await import("client-node-v2")) as unknown as ClientNode;
      // Its API calls name client-node; its Watch goes through undici's fetch, which names itself.
      checkRecord(await throughProxy(k8s, "v2"), [/^kubernetes-client-javascript\/2\./, /^undici$/]);
    },
    120_000,
  );
});

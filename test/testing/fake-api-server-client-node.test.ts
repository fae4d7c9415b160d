import type * as ClientNode1 from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeApiServer } from "../../src/testing/index.js";
import type { FakeApiServer } from "../../src/testing/index.js";

/**
 * @kubernetes/client-node, a client nobody here wrote, against the in-memory server over HTTPS: CRUD with every
 * patch type, server-side apply with a conflict and force, /scale, Watch and an informer. 1.x sends through
 * node-fetch and an `https.Agent`; 2.x through undici's fetch (its undici 8 needs Node >= 22.19, so under older
 * Node the 2.x half does not run; CI runs the suite again on Node 24, where it does).
 */
type ClientNode = typeof ClientNode1;

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
const nodeFor2x = major > 22 || (major === 22 && minor >= 19);

let server: FakeApiServer;
beforeAll(async () => {
  server = await createFakeApiServer({ tls: true, namespaceFinalizationMs: 0 });
});
afterAll(() => server.close());

interface WatchEvent {
  type: string;
  name: string | undefined;
  data: Record<string, string> | undefined;
  resourceVersion: string | undefined;
}

/** Events as they arrive, and a way to wait until some have (no clock: the test's timeout only catches a hang). */
function eventLog() {
  const events: WatchEvent[] = [];
  let wake = () => {};
  return {
    events,
    push(event: WatchEvent) {
      events.push(event);
      wake();
    },
    async until(done: (events: WatchEvent[]) => boolean): Promise<WatchEvent[]> {
      while (!done(events)) await new Promise<void>((resolve) => (wake = resolve));
      return events;
    },
  };
}

/** The error a call fails with; the test fails when it succeeds. */
async function failure(call: Promise<unknown>): Promise<{ code: number; body: unknown }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  const { code, body } = error as { code: number; body: unknown };
  return { code, body: typeof body === "string" ? JSON.parse(body) : body };
}

function configMap(
  namespace: string,
  name: string,
  data: Record<string, string>,
  labels?: Record<string, string>,
) {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    data,
  };
}

function deployment(namespace: string) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [
            { name: "app", image: "nginx:1.25" },
            { name: "sidecar", image: "busybox:1.36" },
          ],
        },
      },
    },
  };
}

/** The managers of an object's managedFields with their operations, in the order the server keeps them. */
function managers(obj: { metadata?: { managedFields?: { manager?: string; operation?: string }[] } }) {
  return (obj.metadata?.managedFields ?? []).map((m) => `${m.manager}:${m.operation}`);
}

/** The fieldsV1 a manager owns (as the server serializes it). */
function owned(
  obj: { metadata?: { managedFields?: { manager?: string; fieldsV1?: unknown }[] } },
  manager: string,
): unknown {
  return obj.metadata?.managedFields?.find((m) => m.manager === manager)?.fieldsV1;
}

async function newNamespace(k8s: ClientNode, kc: InstanceType<ClientNode["KubeConfig"]>, name: string) {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespace({ body: { metadata: { name } } });
  return name;
}

/** CRUD of ConfigMaps with merge, JSON and strategic merge patches, as an application would write it. */
async function crud(
  k8s: ClientNode,
  kc: InstanceType<ClientNode["KubeConfig"]>,
  namespace: string,
  userAgentManager: string,
) {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const created = await core.createNamespacedConfigMap({
    namespace,
    body: configMap(namespace, "settings", { mode: "fast" }, { app: "demo" }),
  });
  expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
  expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
  expect(created.data).toEqual({ mode: "fast" });
  // No fieldManager given: kube-apiserver names the manager after the User-Agent, up to its first "/".
  expect(managers(created)).toEqual([`${userAgentManager}:Update`]);
  await core.createNamespacedConfigMap({ namespace, body: configMap(namespace, "other", { x: "1" }) });

  const read = await core.readNamespacedConfigMap({ name: "settings", namespace });
  expect(read.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
  expect(read.metadata?.uid).toBe(created.metadata?.uid);

  const list = await core.listNamespacedConfigMap({ namespace, labelSelector: "app=demo" });
  expect(list.items.map((cm) => cm.metadata?.name)).toEqual(["settings"]);
  expect(Number(list.metadata?.resourceVersion)).toBeGreaterThanOrEqual(
    Number(created.metadata?.resourceVersion),
  );

  read.data = { mode: "slow", extra: "1" };
  const replaced = await core.replaceNamespacedConfigMap({ name: "settings", namespace, body: read });
  expect(replaced.data).toEqual({ mode: "slow", extra: "1" });
  expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(Number(read.metadata?.resourceVersion));

  // A replace from the stale copy is the real 409 Conflict.
  const stale = await failure(
    core.replaceNamespacedConfigMap({
      name: "settings",
      namespace,
      body: { ...read, data: { mode: "lost" } },
    }),
  );
  expect(stale.code).toBe(409);
  expect(stale.body).toMatchObject({
    kind: "Status",
    reason: "Conflict",
    message:
      'Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again',
    details: { name: "settings", kind: "configmaps" },
  });

  const merged = await core.patchNamespacedConfigMap(
    { name: "settings", namespace, body: { data: { extra: null, merged: "yes" } } },
    k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
  );
  expect(merged.data).toEqual({ mode: "slow", merged: "yes" });

  // JSON patch is what client-node 1.x sends when nothing else is asked for.
  const jsonPatched = await core.patchNamespacedConfigMap({
    name: "settings",
    namespace,
    body: [
      { op: "test", path: "/data/mode", value: "slow" },
      { op: "replace", path: "/data/mode", value: "json" },
    ],
  });
  expect(jsonPatched.data).toEqual({ mode: "json", merged: "yes" });
  const failedTest = await failure(
    core.patchNamespacedConfigMap({
      name: "settings",
      namespace,
      body: [{ op: "test", path: "/data/mode", value: "slow" }],
    }),
  );
  expect(failedTest.code).toBe(422);
  expect(failedTest.body).toMatchObject({ kind: "Status", reason: "Invalid" });

  const strategic = await core.patchNamespacedConfigMap(
    { name: "settings", namespace, body: { metadata: { labels: { tier: "b" } }, data: { merged: null } } },
    k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.StrategicMergePatch),
  );
  expect(strategic.metadata?.labels).toEqual({ app: "demo", tier: "b" });
  expect(strategic.data).toEqual({ mode: "json" });

  const deleted = await core.deleteNamespacedConfigMap({ name: "settings", namespace });
  expect(deleted).toMatchObject({ status: "Success", details: { name: "settings", kind: "configmaps" } });
  const gone = await failure(core.readNamespacedConfigMap({ name: "settings", namespace }));
  expect(gone.code).toBe(404);
  expect(gone.body).toMatchObject({
    kind: "Status",
    status: "Failure",
    reason: "NotFound",
    message: 'configmaps "settings" not found',
    details: { name: "settings", kind: "configmaps" },
    code: 404,
  });
  const left = await core.listNamespacedConfigMap({ namespace });
  expect(left.items.map((cm) => cm.metadata?.name)).toEqual(["other"]);
}

/** A Deployment: strategic merge on the containers list by its merge key (name), then /scale. */
async function deploymentAndScale(
  k8s: ClientNode,
  kc: InstanceType<ClientNode["KubeConfig"]>,
  namespace: string,
) {
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const created = await apps.createNamespacedDeployment({ namespace, body: deployment(namespace) });
  expect(created.metadata?.generation).toBe(1);
  // Defaulted as the server does: the strategy and the pull policy of a tagged image.
  expect(created.spec?.strategy?.type).toBe("RollingUpdate");
  expect(created.spec?.template.spec?.containers.map((c) => c.imagePullPolicy)).toEqual([
    "IfNotPresent",
    "IfNotPresent",
  ]);

  const patched = await apps.patchNamespacedDeployment(
    {
      name: "web",
      namespace,
      body: { spec: { template: { spec: { containers: [{ name: "sidecar", image: "busybox:1.37" }] } } } },
    },
    k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.StrategicMergePatch),
  );
  expect(patched.spec?.template.spec?.containers.map((c) => [c.name, c.image])).toEqual([
    ["app", "nginx:1.25"],
    ["sidecar", "busybox:1.37"],
  ]);
  expect(patched.metadata?.generation).toBe(2);

  // A merge patch replaces the list whole.
  const merged = await apps.patchNamespacedDeployment(
    {
      name: "web",
      namespace,
      body: { spec: { template: { spec: { containers: [{ name: "app", image: "nginx:1.27" }] } } } },
    },
    k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
  );
  expect(merged.spec?.template.spec?.containers.map((c) => [c.name, c.image])).toEqual([
    ["app", "nginx:1.27"],
  ]);

  const scale = await apps.readNamespacedDeploymentScale({ name: "web", namespace });
  expect(scale).toMatchObject({
    apiVersion: "autoscaling/v1",
    kind: "Scale",
    metadata: { name: "web", namespace, resourceVersion: merged.metadata?.resourceVersion },
    spec: { replicas: 2 },
  });
  const replaced = await apps.replaceNamespacedDeploymentScale({
    name: "web",
    namespace,
    body: { ...scale, spec: { replicas: 5 } },
  });
  expect(replaced.spec?.replicas).toBe(5);
  // The same stale Scale again is a conflict: the resourceVersion is the Deployment's.
  const conflict = await failure(
    apps.replaceNamespacedDeploymentScale({
      name: "web",
      namespace,
      body: { ...scale, spec: { replicas: 7 } },
    }),
  );
  expect(conflict.code).toBe(409);
  expect(conflict.body).toMatchObject({ reason: "Conflict", details: { name: "web", group: "apps" } });

  const patchedScale = await apps.patchNamespacedDeploymentScale(
    { name: "web", namespace, body: { spec: { replicas: 3 } } },
    k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
  );
  expect(patchedScale.spec?.replicas).toBe(3);
  const after = await apps.readNamespacedDeployment({ name: "web", namespace });
  expect(after.spec?.replicas).toBe(3);
  expect(after.metadata?.generation).toBe(5);
}

/** Server-side apply through client-node: managers, a conflict with the real causes, then force. */
async function serverSideApply(
  k8s: ClientNode,
  kc: InstanceType<ClientNode["KubeConfig"]>,
  namespace: string,
) {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const apply = k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.ServerSideApply);
  const applied = await core.patchNamespacedConfigMap(
    {
      name: "applied",
      namespace,
      fieldManager: "alice",
      body: configMap(namespace, "applied", { a: "1", b: "2" }),
    },
    apply,
  );
  expect(applied.data).toEqual({ a: "1", b: "2" });
  expect(managers(applied)).toEqual(["alice:Apply"]);
  // An Apply entry holds the applied fields only: no "." for the maps around them (unlike an Update's).
  expect(owned(applied, "alice")).toEqual({ "f:data": { "f:a": {}, "f:b": {} } });

  // Bob applies a different value for a field Alice owns: the real 409, one cause per field.
  const conflict = await failure(
    core.patchNamespacedConfigMap(
      { name: "applied", namespace, fieldManager: "bob", body: configMap(namespace, "applied", { a: "9" }) },
      apply,
    ),
  );
  expect(conflict.code).toBe(409);
  expect(conflict.body).toEqual({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: 'Apply failed with 1 conflict: conflict with "alice": .data.a',
    reason: "Conflict",
    // StatusCause's Type is "reason" on the wire (its Go JSON tag).
    details: {
      causes: [{ reason: "FieldManagerConflict", message: 'conflict with "alice"', field: ".data.a" }],
    },
    code: 409,
  });

  const forced = await core.patchNamespacedConfigMap(
    {
      name: "applied",
      namespace,
      fieldManager: "bob",
      force: true,
      body: configMap(namespace, "applied", { a: "9" }),
    },
    apply,
  );
  expect(forced.data).toEqual({ a: "9", b: "2" });
  expect(managers(forced)).toEqual(["alice:Apply", "bob:Apply"]);
  expect(owned(forced, "alice")).toEqual({ "f:data": { "f:b": {} } });
  expect(owned(forced, "bob")).toEqual({ "f:data": { "f:a": {} } });

  // Alice applies again without b: the field she alone owned goes.
  const shrunk = await core.patchNamespacedConfigMap(
    {
      name: "applied",
      namespace,
      fieldManager: "alice",
      body: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "applied", namespace, labels: { x: "y" } },
      },
    },
    apply,
  );
  expect(shrunk.data).toEqual({ a: "9" });
  expect(shrunk.metadata?.labels).toEqual({ x: "y" });

  // The generic KubernetesObjectApi applies the same way (PatchStrategy.ServerSideApply).
  const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
  const viaObjectApi = await objects.patch<ClientNode1.V1ConfigMap>(
    configMap(namespace, "generic", { k: "v" }),
    undefined,
    undefined,
    "carol",
    undefined,
    k8s.PatchStrategy.ServerSideApply,
  );
  expect(viaObjectApi).toMatchObject({ kind: "ConfigMap", data: { k: "v" } });
  expect(managers(viaObjectApi)).toEqual(["carol:Apply"]);
}

/** k8s.Watch from a list's resourceVersion sees ADDED, MODIFIED and DELETED with the objects. */
async function watchEvents(k8s: ClientNode, kc: InstanceType<ClientNode["KubeConfig"]>, namespace: string) {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const start = await core.listNamespacedConfigMap({ namespace });
  const log = eventLog();
  const ended: unknown[] = [];
  const watch = new k8s.Watch(kc);
  const controller = await watch.watch(
    `/api/v1/namespaces/${namespace}/configmaps`,
    { resourceVersion: start.metadata?.resourceVersion, allowWatchBookmarks: true },
    (type, obj: { metadata?: { name?: string; resourceVersion?: string }; data?: Record<string, string> }) =>
      log.push({
        type,
        name: obj.metadata?.name,
        data: obj.data,
        resourceVersion: obj.metadata?.resourceVersion,
      }),
    (err: unknown) => ended.push(err),
  );
  try {
    const created = await core.createNamespacedConfigMap({
      namespace,
      body: configMap(namespace, "w", { n: "1" }),
    });
    const patched = await core.patchNamespacedConfigMap(
      { name: "w", namespace, body: { data: { n: "2" } } },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
    );
    await core.deleteNamespacedConfigMap({ name: "w", namespace });
    const events = await log.until((e) => e.some((x) => x.type === "DELETED"));
    expect(events.filter((e) => e.type !== "BOOKMARK")).toEqual([
      { type: "ADDED", name: "w", data: { n: "1" }, resourceVersion: created.metadata?.resourceVersion },
      { type: "MODIFIED", name: "w", data: { n: "2" }, resourceVersion: patched.metadata?.resourceVersion },
      {
        type: "DELETED",
        name: "w",
        data: { n: "2" },
        resourceVersion: String(Number(patched.metadata?.resourceVersion) + 1),
      },
    ]);
    expect(ended).toEqual([]);
  } finally {
    controller.abort();
  }
}

/** An informer lists, then watches, and fires add, update and delete; its cache follows. */
async function informer(k8s: ClientNode, kc: InstanceType<ClientNode["KubeConfig"]>, namespace: string) {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespacedConfigMap({ namespace, body: configMap(namespace, "before", { v: "0" }) });
  const inf = k8s.makeInformer(kc, `/api/v1/namespaces/${namespace}/configmaps`, () =>
    core.listNamespacedConfigMap({ namespace }),
  );
  const log = eventLog();
  const record =
    (type: string) =>
    (obj: { metadata?: { name?: string; resourceVersion?: string }; data?: Record<string, string> }) =>
      log.push({
        type,
        name: obj.metadata?.name,
        data: obj.data,
        resourceVersion: obj.metadata?.resourceVersion,
      });
  inf.on("add", record("add"));
  inf.on("update", record("update"));
  inf.on("delete", record("delete"));
  const errors: unknown[] = [];
  inf.on("error", (err: unknown) => errors.push(err));
  await inf.start();
  try {
    await log.until((e) => e.length >= 1);
    await core.createNamespacedConfigMap({ namespace, body: configMap(namespace, "during", { v: "1" }) });
    await core.replaceNamespacedConfigMap({
      name: "before",
      namespace,
      body: configMap(namespace, "before", { v: "2" }),
    });
    await core.deleteNamespacedConfigMap({ name: "during", namespace });
    const events = await log.until((e) => e.some((x) => x.type === "delete"));
    expect(events.map(({ type, name, data }) => ({ type, name, data }))).toEqual([
      { type: "add", name: "before", data: { v: "0" } },
      { type: "add", name: "during", data: { v: "1" } },
      { type: "update", name: "before", data: { v: "2" } },
      { type: "delete", name: "during", data: { v: "1" } },
    ]);
    expect(inf.list().map((cm) => [cm.metadata?.name, (cm as { data?: unknown }).data])).toEqual([
      ["before", { v: "2" }],
    ]);
    expect(errors).toEqual([]);
  } finally {
    await inf.stop();
  }
}

function kubeConfigFor(k8s: ClientNode) {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(server.kubeconfig());
  return kc;
}

describe("@kubernetes/client-node 1.x against the in-memory server", () => {
  let k8s: ClientNode;
  beforeAll(async () => {
    k8s = await import("@kubernetes/client-node");
  });

  it("creates, reads, lists, replaces, patches (merge, JSON, strategic) and deletes ConfigMaps", async () => {
    const kc = kubeConfigFor(k8s);
    // node-fetch's User-Agent, "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)".
    await crud(k8s, kc, await newNamespace(k8s, kc, "cn1-crud"), "node-fetch");
  });

  it("patches a Deployment's containers by merge key and scales it through /scale", async () => {
    const kc = kubeConfigFor(k8s);
    await deploymentAndScale(k8s, kc, await newNamespace(k8s, kc, "cn1-scale"));
  });

  it("applies server-side: field managers, the 409 with its causes, force", async () => {
    const kc = kubeConfigFor(k8s);
    await serverSideApply(k8s, kc, await newNamespace(k8s, kc, "cn1-ssa"));
  });

  it("watches ADDED, MODIFIED and DELETED from a list's resourceVersion", async () => {
    const kc = kubeConfigFor(k8s);
    await watchEvents(k8s, kc, await newNamespace(k8s, kc, "cn1-watch"));
  });

  it("runs an informer: list, then watch, with add, update and delete", async () => {
    const kc = kubeConfigFor(k8s);
    await informer(k8s, kc, await newNamespace(k8s, kc, "cn1-informer"));
  });
});

describe("@kubernetes/client-node 2.x against the in-memory server", () => {
  let k8s: ClientNode;
  beforeAll(async () => {
    if (nodeFor2x) k8s = (await import("client-node-v2")) as unknown as ClientNode;
  });

  it.skipIf(!nodeFor2x)("CRUD with every patch type (Node >= 22.19)", async () => {
    const kc = kubeConfigFor(k8s);
    // 2.x sends "kubernetes-client-javascript/2.0.1".
    await crud(k8s, kc, await newNamespace(k8s, kc, "cn2-crud"), "kubernetes-client-javascript");
  });

  it.skipIf(!nodeFor2x)("a Deployment and /scale (Node >= 22.19)", async () => {
    const kc = kubeConfigFor(k8s);
    await deploymentAndScale(k8s, kc, await newNamespace(k8s, kc, "cn2-scale"));
  });

  it.skipIf(!nodeFor2x)("server-side apply with a conflict and force (Node >= 22.19)", async () => {
    const kc = kubeConfigFor(k8s);
    await serverSideApply(k8s, kc, await newNamespace(k8s, kc, "cn2-ssa"));
  });

  it.skipIf(!nodeFor2x)("Watch (Node >= 22.19)", async () => {
    const kc = kubeConfigFor(k8s);
    await watchEvents(k8s, kc, await newNamespace(k8s, kc, "cn2-watch"));
  });

  it.skipIf(!nodeFor2x)("an informer (Node >= 22.19)", async () => {
    const kc = kubeConfigFor(k8s);
    await informer(k8s, kc, await newNamespace(k8s, kc, "cn2-informer"));
  });
});

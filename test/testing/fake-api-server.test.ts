import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, isConflict, isGone, isInvalid, isNotFound, KubeApiError } from "../../src/index.js";
import type { KubeClient, KubeObject } from "../../src/index.js";
import { createFakeApiServer } from "../../src/testing/index.js";
import type { FakeApiServer } from "../../src/testing/index.js";
import { readFixture } from "../helpers/fixtures.js";

/** The API error a call fails with (the test fails if it succeeds or fails otherwise). */
async function apiError(call: Promise<unknown>): Promise<KubeApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KubeApiError);
  return error as KubeApiError;
}

/** Objects as the server answers them: always with metadata. */
type K = KubeObject & { metadata: NonNullable<KubeObject["metadata"]> };

/** The parts of objects these tests look at. */
interface Obj {
  kind?: string;
  apiVersion?: string;
  metadata: {
    name: string;
    resourceVersion: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: { containers?: unknown[] } & Record<string, unknown>;
}

let server: FakeApiServer;
let client: KubeClient;

const WIDGETS = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.com" },
  spec: {
    group: "example.com",
    scope: "Namespaced",
    names: {
      plural: "widgets",
      singular: "widget",
      kind: "Widget",
      listKind: "WidgetList",
      shortNames: ["wd"],
    },
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: "object",
            properties: {
              spec: {
                type: "object",
                required: ["color"],
                properties: {
                  color: { type: "string", enum: ["blue", "red"] },
                  size: { type: "integer", minimum: 1 },
                },
              },
              status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
            },
          },
        },
      },
    ],
  },
};

beforeAll(async () => {
  server = await createFakeApiServer({ bookmarkIntervalMs: 50, objects: [WIDGETS] });
  client = createClient({ server: server.url });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

async function raw(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await request(server.url + path, {
    method: method as "GET",
    headers: {
      accept: "application/json",
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? null : JSON.stringify(options.body),
  });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    headers: res.headers,
    text,
    json: () => JSON.parse(text) as Record<string, unknown>,
  };
}

const cm = (name: string, namespace = "default", extra: Partial<KubeObject> = {}) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  data: { a: "1" },
  ...extra,
  metadata: { name, namespace, ...(extra.metadata ?? {}) },
});

describe("discovery", () => {
  it("serves the legacy documents as kube-apiserver does: every core resource and subresource (x01, 02)", async () => {
    const real = JSON.parse(readFixture("realapi/curl/x01-api-v1.body")) as object;
    expect((await raw("GET", "/api/v1")).json()).toEqual(real);
    expect((await raw("GET", "/api")).json()).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const groups = (await raw("GET", "/apis")).json() as { groups: { name: string }[] };
    const realGroups = JSON.parse(readFixture("realapi/curl/02-apis.body")) as { groups: { name: string }[] };
    // The real server had one CRD installed (example.com); so has this one, created by the tests above.
    expect(groups.groups).toEqual(realGroups.groups);
  });

  it("serves a CRD's group once it is created, as kube-apiserver does (x02, byte for byte)", async () => {
    const ours = await raw("GET", "/apis/example.com/v1", { headers: { "user-agent": "curl/8" } });
    expect(ours.text).toBe(readFixture("realapi/curl/x02-apis-example-v1.body") + "\n");
  });

  it("answers aggregated discovery v2 or v2beta1 as the Accept header asks (kubectl 1.33 and 1.27)", async () => {
    const v2 = await raw("GET", "/apis", {
      headers: {
        accept:
          "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
      },
    });
    expect(v2.headers["content-type"]).toBe(
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
    );
    const doc = v2.json() as {
      items: { metadata: { name: string }; versions: { resources: unknown[] }[] }[];
    };
    const widgets = doc.items.find((i) => i.metadata.name === "example.com")!.versions[0]!.resources[0];
    expect(widgets).toMatchObject({
      resource: "widgets",
      responseKind: { group: "example.com", version: "v1", kind: "Widget" },
      scope: "Namespaced",
      shortNames: ["wd"],
    });
    // Every built-in group, version, resource and subresource, as the real server lists them (x03, x04).
    const real = JSON.parse(readFixture("realapi/curl/x04-apis-aggregated.body")) as typeof doc;
    expect(doc.items.filter((i) => i.metadata.name !== "example.com")).toEqual(
      real.items.filter((i) => i.metadata.name !== "example.com"),
    );
    const beta = await raw("GET", "/api", {
      headers: {
        accept: "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
      },
    });
    expect(beta.json()).toEqual(JSON.parse(readFixture("realapi/curl/x03-api-aggregated.body")));
  });
});

describe("writes", () => {
  it("gives every write a new, increasing resourceVersion; a write that changes nothing keeps it", async () => {
    const a = (await client.create<K>(cm("rv-a"))).object;
    const b = (await client.replace<K>({ ...a, data: { a: "2" } })).object;
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    const same = (await client.replace<K>(b)).object;
    expect(same.metadata.resourceVersion).toBe(b.metadata.resourceVersion);
  });

  it("answers 409 to a write with a stale resourceVersion, and accepts a built-in write without one", async () => {
    const a = (await client.create<K>(cm("stale"))).object;
    await client.replace<K>({ ...a, data: { a: "2" } });
    await expect(client.replace<K>({ ...a, data: { a: "3" } })).rejects.toSatisfy(isConflict);
    const { resourceVersion: _rv, ...meta } = a.metadata;
    const forced = (await client.replace<K>({ ...a, metadata: meta, data: { a: "4" } }))
      .object as unknown as {
      data: object;
    };
    expect(forced.data).toEqual({ a: "4" });
  });

  it("keeps metadata.generation on kinds that track it, bumped by spec changes only", async () => {
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default" },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "web", image: "nginx" }] },
        },
      },
    };
    const created = (await client.create<K>(deployment)).object;
    expect(created.metadata.generation).toBe(1);
    const labelled = (
      await client.replace<K>({ ...created, metadata: { ...created.metadata, labels: { x: "y" } } })
    ).object;
    expect(labelled.metadata.generation).toBe(1);
    const scaled = (await client.replace<K>({ ...labelled, spec: { ...deployment.spec, replicas: 3 } }))
      .object;
    expect(scaled.metadata.generation).toBe(2);
    expect((await client.create<K>(cm("no-generation"))).object.metadata.generation).toBeUndefined();
  });

  it("stores a Secret as kube-apiserver does: stringData merged into data, type defaulted to Opaque", async () => {
    const created = (
      await client.create({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "merged", namespace: "default" },
        data: { a: "b2xk", b: "Yg==" },
        stringData: { a: "new" },
      })
    ).object as unknown as { data: object; stringData?: object; type: string };
    expect(created.data).toEqual({ a: "bmV3", b: "Yg==" });
    expect(created.stringData).toBeUndefined();
    expect(created.type).toBe("Opaque");
  });

  it("rejects invalid base64 with 400 and immutable changes with 422, never quoting a value", async () => {
    const bad = client.create<K>({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "bad-b64", namespace: "default" },
      data: { k: "not base64 value!" },
    });
    await expect(bad).rejects.toThrow(/cannot be handled as a Secret: illegal base64 data at input byte 3/);
    await expect(bad).rejects.not.toThrow(/not base64 value/);
    const frozen = (
      await client.create<K>({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "frozen", namespace: "default" },
        immutable: true,
        stringData: { k: "v" },
      })
    ).object;
    const error = await client.replace<K>({ ...frozen, data: { k: "dzI=" } }).catch((e: unknown) => e);
    expect(isInvalid(error)).toBe(true);
    expect((error as KubeApiError).status.details?.causes).toEqual([
      {
        reason: "FieldValueForbidden",
        message: "Forbidden: field is immutable when `immutable` is set",
        field: "data",
      },
    ]);
  });

  it("checks the uid precondition of a PUT and of a DELETE (object deleted and created again)", async () => {
    const first = (await client.create<K>(cm("reborn"))).object;
    await client.delete("v1", "ConfigMap", "reborn", { namespace: "default" });
    await client.create<K>(cm("reborn"));
    const put = await client
      .replace({ ...first, metadata: { ...first.metadata, resourceVersion: undefined } })
      .catch((e: unknown) => e);
    expect(isConflict(put)).toBe(true);
    expect((put as Error).message).toMatch(/Precondition failed: UID in precondition: /);
    const del = client.delete("v1", "ConfigMap", "reborn", {
      namespace: "default",
      preconditions: { uid: first.metadata.uid! },
    });
    await expect(del).rejects.toSatisfy(isConflict);
  });

  it("requires a namespace that exists; a deleted one terminates, refuses new content, then goes with its content", async () => {
    await expect(client.create<K>(cm("x", "nowhere"))).rejects.toSatisfy(isNotFound);
    await client.create<K>({ apiVersion: "v1", kind: "Namespace", metadata: { name: "doomed" } });
    await client.create<K>(cm("inside", "doomed"));
    const ns = (await client.delete("v1", "Namespace", "doomed")).object as { status: { phase: string } };
    expect(ns.status.phase).toBe("Terminating");
    const refused = await apiError(client.create<K>(cm("late", "doomed")));
    expect([refused.statusCode, refused.status.message]).toEqual([
      403,
      'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
    ]);
    await client.get("v1", "ConfigMap", "inside", { namespace: "doomed" });
    // The namespace is finalized on the server's timer: wait for it however long a busy machine takes.
    while (await client.get("v1", "Namespace", "doomed").catch(() => undefined))
      await new Promise((r) => setTimeout(r, 50));
    await expect(client.get("v1", "Namespace", "doomed")).rejects.toSatisfy(isNotFound);
    await expect(client.get("v1", "ConfigMap", "inside", { namespace: "doomed" })).rejects.toSatisfy(
      isNotFound,
    );
  });

  it("holds an object with finalizers until the last one is removed (200 with the object, then gone)", async () => {
    const held = (
      await client.create<K>(cm("held", "default", { metadata: { finalizers: ["example.com/keep"] } }))
    ).object;
    const del = await client.request({
      method: "DELETE",
      path: "/api/v1/namespaces/default/configmaps/held",
    });
    expect(del.status).toBe(200);
    expect((JSON.parse(del.text) as K).metadata.deletionTimestamp).toBeDefined();
    const marked = (await client.get("v1", "ConfigMap", "held", { namespace: "default" })).object;
    expect(marked.metadata!.deletionTimestamp).toBeDefined();
    const { finalizers: _f, ...meta } = marked.metadata!;
    await client.replace<K>({ ...marked, metadata: meta });
    await expect(client.get("v1", "ConfigMap", "held", { namespace: "default" })).rejects.toSatisfy(
      isNotFound,
    );
    expect(held.metadata.uid).toBe(marked.metadata!.uid);
  });

  it("applies propagation policies through finalizers, as a kube-apiserver without a garbage collector does", async () => {
    const del = (name: string, body: object, kind = "configmaps") =>
      client.request({
        method: "DELETE",
        path: `/api/v1/namespaces/default/${kind}/${name}`,
        body: JSON.stringify({ kind: "DeleteOptions", apiVersion: "v1", ...body }),
        headers: { "content-type": "application/json" },
      });
    for (const name of ["fg", "orphaned", "bg"]) await client.create<K>(cm(name));
    const fg = await del("fg", { propagationPolicy: "Foreground" });
    expect(fg.status).toBe(200);
    expect((JSON.parse(fg.text) as K).metadata.finalizers).toEqual(["foregroundDeletion"]);
    // A second deletion with another policy swaps the policy's finalizer.
    const swapped = await del("fg", { orphanDependents: true });
    expect((JSON.parse(swapped.text) as K).metadata.finalizers).toEqual(["orphan"]);
    const orphaned = await del("orphaned", { orphanDependents: false });
    expect(orphaned.status).toBe(200);
    expect((JSON.parse(orphaned.text) as { kind: string }).kind).toBe("Status");
    const bg = await del("bg", { propagationPolicy: "Background" });
    expect((JSON.parse(bg.text) as { kind: string }).kind).toBe("Status");
    const bad = await apiError(del("fg", { propagationPolicy: "Sideways" }));
    expect(bad.statusCode).toBe(422);
    expect(bad.message).toContain(
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"',
    );
    // A v1 ReplicationController orphans its pods unless told otherwise; the query carries options without a body.
    await client.create<K>({
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: { name: "rc", namespace: "default" },
      spec: {
        template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "i" }] } },
      },
    });
    const rc = await client.request({
      method: "DELETE",
      path: "/api/v1/namespaces/default/replicationcontrollers/rc",
    });
    expect((JSON.parse(rc.text) as K).metadata.finalizers).toEqual(["orphan"]);
    const fromQuery = await client.request({
      method: "DELETE",
      path: "/api/v1/namespaces/default/replicationcontrollers/rc?propagationPolicy=Background",
    });
    expect(fromQuery.status).toBe(200);
    await expect(client.get("v1", "ReplicationController", "rc", { namespace: "default" })).rejects.toSatisfy(
      isNotFound,
    );
  });

  it("runs server-side dry runs without storing (no resourceVersion on a dry-run create)", async () => {
    const dry = (await client.create<K>(cm("dry"), { dryRun: "All" })).object;
    expect(dry.metadata.uid).toBeDefined();
    expect(dry.metadata.resourceVersion).toBeUndefined();
    await expect(client.get("v1", "ConfigMap", "dry", { namespace: "default" })).rejects.toSatisfy(
      isNotFound,
    );
    const real = (await client.create<K>(cm("dry"))).object;
    await client.replace<K>({ ...real, data: { a: "changed" } }, { dryRun: "All" });
    const after = (await client.get("v1", "ConfigMap", "dry", { namespace: "default" })).object as {
      data: object;
    };
    expect(after.data).toEqual({ a: "1" });
  });
});

describe("patch", () => {
  it("applies JSON patches, merge patches and strategic merge patches (containers merge by name)", async () => {
    await client.create<K>({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default", labels: { a: "1" } },
      spec: {
        containers: [
          { name: "app", image: "a:1" },
          { name: "side", image: "s:1" },
        ],
      },
    });
    const patch = (type: "json" | "merge" | "strategic", body: unknown) =>
      client
        .patch("v1", "Pod", "p", body, { type, namespace: "default" })
        .then((r) => r.object as unknown as Obj);
    expect(
      (await patch("json", [{ op: "replace", path: "/metadata/labels/a", value: "2" }])).metadata.labels,
    ).toEqual({ a: "2" });
    expect((await patch("merge", { metadata: { labels: { a: null, b: "3" } } })).metadata.labels).toEqual({
      b: "3",
    });
    // Containers come back defaulted (imagePullPolicy, terminationMessagePath, …): compare what the patches name.
    const named = (o: Obj) =>
      (o.spec?.containers as { name: string; image: string }[]).map(({ name, image }) => ({ name, image }));
    const smp = await patch("strategic", { spec: { containers: [{ name: "side", image: "s:2" }] } });
    expect(named(smp)).toEqual([
      { name: "app", image: "a:1" },
      { name: "side", image: "s:2" },
    ]);
    const merged = await patch("merge", { spec: { containers: [{ name: "only", image: "o:1" }] } });
    expect(named(merged)).toEqual([{ name: "only", image: "o:1" }]);
    const test = patch("json", [{ op: "test", path: "/metadata/labels/b", value: "nope" }]);
    await expect(test).rejects.toSatisfy((e: unknown) => e instanceof KubeApiError && e.statusCode === 422);
  });

  it("treats a resourceVersion in a merge patch as a precondition", async () => {
    const created = (await client.create<K>(cm("precondition"))).object;
    const patch = { metadata: { resourceVersion: created.metadata.resourceVersion }, data: { a: "2" } };
    await client.patch("v1", "ConfigMap", "precondition", patch, { type: "merge", namespace: "default" });
    await expect(
      client.patch("v1", "ConfigMap", "precondition", patch, { type: "merge", namespace: "default" }),
    ).rejects.toSatisfy(isConflict);
  });

  it("refuses strategic merge patches of custom resources (415), like kube-apiserver", async () => {
    await client.create<K>({
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: { name: "w", namespace: "default" },
      spec: { color: "blue" },
    });
    const smp = await apiError(
      client.patch(
        "example.com/v1",
        "Widget",
        "w",
        { spec: { size: 2 } },
        { type: "strategic", namespace: "default" },
      ),
    );
    expect(smp.statusCode).toBe(415);
    expect(smp.status.message).toBe(
      "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
    );
  });

  it("server-side applies: creates, tracks managers, answers conflicts with the real 409, and forces", async () => {
    const applyAs = (manager: string, data: Record<string, string>, force?: boolean) =>
      client.request({
        method: "PATCH",
        path: `/api/v1/namespaces/default/configmaps/ssa?fieldManager=${manager}${force ? "&force=true" : ""}`,
        headers: { "content-type": "application/apply-patch+yaml" },
        body: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n${Object.entries(data)
          .map(([k, v]) => `  ${k}: "${v}"`)
          .join("\n")}\n`,
      });
    const created = await applyAs("alice", { a: "1", b: "2" });
    expect(created.status).toBe(201);
    const first = JSON.parse(created.text) as K;
    expect(first.metadata.managedFields).toMatchObject([
      { manager: "alice", operation: "Apply", fieldsV1: { "f:data": { "f:a": {}, "f:b": {} } } },
    ]);
    const again = await applyAs("alice", { a: "1", b: "2" });
    expect((JSON.parse(again.text) as K).metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const conflict = await apiError(applyAs("bob", { a: "9" }));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.status.message).toBe('Apply failed with 1 conflict: conflict with "alice": .data.a');
    const forced = JSON.parse((await applyAs("bob", { a: "9" }, true)).text) as K & { data: object };
    expect(forced.data).toEqual({ a: "9", b: "2" });
    expect((forced.metadata.managedFields as { manager: string }[]).map((m) => m.manager)).toEqual([
      "alice",
      "bob",
    ]);
    const missingManager = await apiError(
      client.request({
        method: "PATCH",
        path: "/api/v1/namespaces/default/configmaps/ssa",
        headers: { "content-type": "application/apply-patch+yaml" },
        body: "{}",
      }),
    );
    expect(missingManager.statusCode).toBe(422);
  });
});

describe("custom resources", () => {
  it("validates against the CRD schema (422), prunes unknown fields, and rejects them under Strict (400)", async () => {
    const widget = (spec: object, name = "w2") => ({
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: { name, namespace: "default" },
      spec,
    });
    const invalid = await apiError(client.create<K>(widget({ color: "green", size: 0 })));
    expect(invalid.statusCode).toBe(422);
    expect(invalid.status.message).toBe(
      'Widget.example.com "w2" is invalid: [spec.color: Unsupported value: "green": supported values: "blue", "red", spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1]',
    );
    const pruned = (await client.create<K>(widget({ color: "red", extra: true }))).object as unknown as Obj;
    expect(pruned.spec).toEqual({ color: "red" });
    expect(pruned.metadata.generation).toBe(1);
    const strict = client.create<K>(widget({ color: "red", extra: true }, "w3"), {
      fieldValidation: "Strict",
    });
    await expect(strict).rejects.toThrow(/strict decoding error: unknown field "spec.extra"/);
  });

  it("ignores status on writes to the main resource when the CRD has a status subresource", async () => {
    const version = { ...WIDGETS.spec.versions[0]!, subresources: { status: {} } };
    await client.create<K>({
      ...WIDGETS,
      metadata: { name: "gizmos.example.net" },
      spec: {
        ...WIDGETS.spec,
        group: "example.net",
        names: { plural: "gizmos", kind: "Gizmo" },
        versions: [version],
      },
    });
    const w = (
      await client.create<K>({
        apiVersion: "example.net/v1",
        kind: "Gizmo",
        metadata: { name: "w4", namespace: "default" },
        spec: { color: "blue" },
        status: { ready: false },
      })
    ).object;
    expect(w.status).toBeUndefined();
    const after = (await client.replace<K>({ ...w, status: { ready: true } })).object;
    expect(after.status).toBeUndefined();
    const status = (await client.replace<K>({ ...after, status: { ready: true } }, { subresource: "status" }))
      .object;
    expect(status.status).toEqual({ ready: true });
    expect(status.metadata.generation).toBe(1);
  });

  it("stops serving a kind when its CRD is deleted", async () => {
    await client.create<K>({
      ...WIDGETS,
      metadata: { name: "gadgets.example.org" },
      spec: { ...WIDGETS.spec, group: "example.org", names: { plural: "gadgets", kind: "Gadget" } },
    });
    await client.create<K>({
      apiVersion: "example.org/v1",
      kind: "Gadget",
      metadata: { name: "g", namespace: "default" },
      spec: { color: "red" },
    });
    expect((await client.list("example.org/v1", "Gadget", { namespace: "default" })).items).toHaveLength(1);
    await client.delete("apiextensions.k8s.io/v1", "CustomResourceDefinition", "gadgets.example.org");
    expect((await raw("GET", "/apis/example.org/v1/namespaces/default/gadgets")).status).toBe(404);
  });
});

describe("list", () => {
  beforeAll(async () => {
    await client.create<K>({ apiVersion: "v1", kind: "Namespace", metadata: { name: "listing" } });
    for (let i = 0; i < 5; i++)
      await client.create<K>(
        cm(`item-${i}`, "listing", { metadata: { labels: { app: i % 2 ? "odd" : "even", n: String(i) } } }),
      );
  });

  it("filters by label (set-based too) and field selectors, and rejects unsupported fields with 400", async () => {
    const names = async (options: object) =>
      (await client.list("v1", "ConfigMap", { namespace: "listing", ...options })).items.map(
        (i) => i.metadata!.name,
      );
    expect(await names({ labelSelector: "app=odd" })).toEqual(["item-1", "item-3"]);
    expect(await names({ labelSelector: "app in (even),n notin (0,2)" })).toEqual(["item-4"]);
    expect(await names({ labelSelector: "n>2" })).toEqual(["item-3", "item-4"]);
    expect(await names({ fieldSelector: "metadata.name!=item-0,metadata.name!=item-1" })).toEqual([
      "item-2",
      "item-3",
      "item-4",
    ]);
    // ConfigMaps have apimachinery's default field conversion; kinds with fields of their own, their own words.
    await expect(names({ fieldSelector: "data.a=1" })).rejects.toThrow(
      '"data.a" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    await expect(
      client.list("v1", "Secret", { namespace: "listing", fieldSelector: "data.a=1" }),
    ).rejects.toThrow("field label not supported: data.a");
  });

  it("pages with limit and continue over a consistent snapshot, with remainingItemCount", async () => {
    const page1 = await client.list("v1", "ConfigMap", { namespace: "listing", limit: 2 });
    expect(page1.items.map((i) => i.metadata!.name)).toEqual(["item-0", "item-1"]);
    expect(page1.list.metadata.remainingItemCount).toBe(3);
    // A write between pages does not show up in the rest of the list: it is served at the first page's revision.
    await client.create<K>(cm("item-21", "listing"));
    const page2 = await client.list("v1", "ConfigMap", {
      namespace: "listing",
      limit: 2,
      continue: page1.list.metadata.continue,
    });
    expect(page2.items.map((i) => i.metadata!.name)).toEqual(["item-2", "item-3"]);
    expect(page2.list.metadata.resourceVersion).toBe(page1.list.metadata.resourceVersion);
    const page3 = await client.list("v1", "ConfigMap", {
      namespace: "listing",
      limit: 2,
      continue: page2.list.metadata.continue,
    });
    expect(page3.items.map((i) => i.metadata!.name)).toEqual(["item-4"]);
    expect(page3.list.metadata.continue).toBeUndefined();
  });

  it("reads the query as kube-apiserver's url.ParseQuery does: a pair with `;` or a bad escape is dropped", async () => {
    const names = async (query: string) => {
      const res = await raw("GET", `/api/v1/namespaces/listing/configmaps?${query}`);
      expect(res.status).toBe(200);
      const list = res.json() as { items: { metadata: { name: string } }[] };
      return list.items.map((i) => i.metadata.name);
    };
    const all = await names("");
    expect(all.length).toBeGreaterThan(2);
    // WHATWG's URLSearchParams would read limit=1 and labelSelector=app=odd from these; Go reads neither.
    expect(await names("limit=1;x=2")).toEqual(all);
    expect(await names("labelSelector=app%3Dodd;")).toEqual(all);
    expect(await names("limit=%zz&labelSelector=app%3Dodd")).toEqual(["item-1", "item-3"]);
    // Not a watch: the pair naming it is dropped, so the answer is a plain list, not a stream of events.
    const notWatch = await raw("GET", "/api/v1/namespaces/listing/configmaps?watch=1;x");
    expect(notWatch.json()).toMatchObject({ kind: "ConfigMapList" });
  });

  it("answers 410 Expired to a continue token older than the history it keeps", async () => {
    const small = await createFakeApiServer({ historyLimit: 2 });
    const c = createClient({ server: small.url });
    try {
      for (let i = 0; i < 3; i++) await c.create(cm(`c${i}`));
      const page1 = await c.list("v1", "ConfigMap", { namespace: "default", limit: 1 });
      for (let i = 3; i < 6; i++) await c.create(cm(`c${i}`));
      const error = await c
        .list("v1", "ConfigMap", { namespace: "default", limit: 1, continue: page1.list.metadata.continue })
        .catch((e: unknown) => e);
      expect(isGone(error)).toBe(true);
    } finally {
      await c.close();
      await small.close();
    }
  });

  it("lists built-in items without kind and apiVersion, as kube-apiserver sends them", async () => {
    const res = await raw("GET", "/api/v1/namespaces/listing/configmaps?limit=1");
    const list = res.json() as { kind: string; items: object[] };
    expect(list.kind).toBe("ConfigMapList");
    expect(Object.keys(list.items[0]!)).toEqual(["metadata", "data"]);
  });

  it("prints Secrets as a Table with kube-apiserver's columns when asked (x08)", async () => {
    await client.create<K>({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "tabled", namespace: "listing" },
      stringData: { a: "1", b: "2" },
    });
    const res = await raw("GET", "/api/v1/namespaces/listing/secrets", {
      headers: { accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" },
    });
    const real = JSON.parse(readFixture("realapi/curl/x08-secret-list-table.body")) as {
      columnDefinitions: object;
    };
    const table = res.json() as {
      kind: string;
      columnDefinitions: object;
      rows: { cells: unknown[]; object: Obj }[];
    };
    expect(table.kind).toBe("Table");
    expect(table.columnDefinitions).toEqual(real.columnDefinitions);
    expect(table.rows[0]!.cells.slice(0, 3)).toEqual(["tabled", "Opaque", 2]);
    expect(table.rows[0]!.object.kind).toBe("PartialObjectMetadata");
    expect(JSON.stringify(table)).not.toContain('"data"');
  });
});

/** Reads watch events from a streaming response until `count` arrived (or the stream ends). */
async function watchEvents(path: string, count: number) {
  const res = await request(server.url + path, { headers: { accept: "application/json" } });
  const events: { type: string; object: Obj }[] = [];
  let buffer = "";
  for await (const chunk of res.body) {
    buffer += (chunk as Buffer).toString("utf8");
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      events.push(JSON.parse(buffer.slice(0, nl)) as { type: string; object: Obj });
      buffer = buffer.slice(nl + 1);
    }
    if (events.length >= count) break;
  }
  res.body.destroy();
  return events;
}

describe("watch", () => {
  it("resumes from a resourceVersion: only later events, DELETED carrying the deletion revision", async () => {
    await client.create<K>({ apiVersion: "v1", kind: "Namespace", metadata: { name: "watching" } });
    const a = (await client.create<K>(cm("w-a", "watching"))).object;
    const from = a.metadata.resourceVersion!;
    await client.replace<K>({ ...a, data: { a: "2" } });
    await client.delete("v1", "ConfigMap", "w-a", { namespace: "watching" });
    const events = await watchEvents(
      `/api/v1/namespaces/watching/configmaps?watch=1&resourceVersion=${from}`,
      2,
    );
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ["MODIFIED", "w-a"],
      ["DELETED", "w-a"],
    ]);
    expect(Number(events[1]!.object.metadata.resourceVersion)).toBeGreaterThan(
      Number(events[0]!.object.metadata.resourceVersion),
    );
  });

  it("starts with ADDED events for the current state when no resourceVersion is given, then streams changes", async () => {
    await client.create<K>(cm("w-b", "watching"));
    const pending = watchEvents("/api/v1/namespaces/watching/configmaps?watch=true", 2);
    await new Promise((r) => setTimeout(r, 50));
    await client.create<K>(cm("w-c", "watching"));
    expect((await pending).map((e) => [e.type, e.object.metadata.name])).toEqual([
      ["ADDED", "w-b"],
      ["ADDED", "w-c"],
    ]);
  });

  it("sends an ERROR event with 410 Expired when the resourceVersion is older than the history", async () => {
    const small = await createFakeApiServer({ historyLimit: 1 });
    try {
      const c = createClient({ server: small.url });
      for (let i = 0; i < 3; i++) await c.create(cm(`e${i}`));
      await c.close();
      const res = await request(
        `${small.url}/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=2`,
      );
      const text = await res.body.text();
      expect(res.statusCode).toBe(200);
      const event = JSON.parse(text) as {
        type: string;
        object: { code: number; reason: string; message: string };
      };
      expect(event.type).toBe("ERROR");
      expect(event.object).toMatchObject({ kind: "Status", code: 410, reason: "Expired" });
      expect(event.object.message).toMatch(/^too old resource version: 2 \(\d+\)$/);
    } finally {
      await small.close();
    }
  });

  it("sends bookmarks when allowed, and the initial-events-end bookmark with sendInitialEvents", async () => {
    const rv = (await client.list("v1", "ConfigMap", { namespace: "watching" })).list.metadata
      .resourceVersion!;
    const bookmarks = await watchEvents(
      `/api/v1/namespaces/watching/configmaps?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`,
      1,
    );
    expect(bookmarks[0]).toMatchObject({ type: "BOOKMARK", object: { kind: "ConfigMap", apiVersion: "v1" } });
    const initial = await watchEvents(
      "/api/v1/namespaces/watching/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
      3,
    );
    expect(initial.map((e) => e.type)).toEqual(["ADDED", "ADDED", "BOOKMARK"]);
    expect(initial[2]!.object.metadata.annotations).toEqual({ "k8s.io/initial-events-end": "true" });
  });

  it("turns selector transitions into ADDED and DELETED", async () => {
    const obj = (await client.create<K>(cm("moving", "watching", { metadata: { labels: { tier: "a" } } })))
      .object;
    const pending = watchEvents(
      `/api/v1/namespaces/watching/configmaps?watch=1&labelSelector=tier%3Db&resourceVersion=${obj.metadata.resourceVersion}`,
      2,
    );
    await new Promise((r) => setTimeout(r, 50));
    const moved = (await client.replace<K>({ ...obj, metadata: { ...obj.metadata, labels: { tier: "b" } } }))
      .object;
    await client.replace<K>({ ...moved, metadata: { ...moved.metadata, labels: { tier: "c" } } });
    expect((await pending).map((e) => e.type)).toEqual(["ADDED", "DELETED"]);
  });
});

describe("scripted faults", () => {
  it("answers with an injected status, as many times as asked, then normally", async () => {
    const fault = server.faults.add({
      verb: "get",
      resource: "configmaps",
      name: "item-0",
      times: 2,
      action: { status: 503, reason: "ServiceUnavailable", message: "injected" },
    });
    for (let i = 0; i < 2; i++)
      await expect(client.get("v1", "ConfigMap", "item-0", { namespace: "listing" })).rejects.toSatisfy(
        (e: unknown) => e instanceof KubeApiError && e.statusCode === 503,
      );
    await client.get("v1", "ConfigMap", "item-0", { namespace: "listing" });
    expect([fault.hits, fault.remaining]).toEqual([2, 0]);
  });

  it("injects 409 Conflicts without touching the object, or makes a real concurrent write first", async () => {
    const obj = (await client.create<K>(cm("contended"))).object;
    server.faults.injectConflicts(1, { name: "contended" });
    await expect(client.replace<K>({ ...obj, data: { a: "x" } })).rejects.toSatisfy(isConflict);
    const current = (await client.get("v1", "ConfigMap", "contended", { namespace: "default" })).object;
    expect(current.metadata!.resourceVersion).toBe(obj.metadata.resourceVersion);
    server.faults.add({
      verb: "update",
      name: "contended",
      action: { concurrentWrite: (o) => ((o.data as Record<string, string>).other = "writer") },
    });
    await expect(client.replace({ ...current, data: { a: "y" } })).rejects.toSatisfy(isConflict);
    const raced = (await client.get("v1", "ConfigMap", "contended", { namespace: "default" })).object as {
      data: object;
    };
    expect(raced.data).toEqual({ a: "1", other: "writer" });
  });

  it("records requests without headers or bodies", () => {
    const last = server.requests.at(-1)!;
    expect(Object.keys(last).sort()).toEqual(
      ["method", "name", "namespace", "path", "resource", "status", "userAgent", "verb"].sort(),
    );
  });
});

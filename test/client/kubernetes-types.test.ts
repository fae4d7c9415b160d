import type { Deployment } from "kubernetes-types/apps/v1.js";
import type { ConfigMap, Secret } from "kubernetes-types/core/v1.js";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { createClient, normalizeList, secretData, updateSecrets, updateWithRetry } from "../../src/index.js";
import type { KubeClient, KubeObject, Mutate, ObjectLike, ObjectResult, TypeMeta } from "../../src/index.js";
import { createFakeApiServer } from "../../src/testing/index.js";
import type { FakeApiServer } from "../../src/testing/index.js";

/**
 * kubernetes-types' interfaces (no index signatures, read-only metadata fields) and a custom resource's own
 * interface in every generic of the API. The assertions on types are checked by `npm run typecheck`; each test
 * also runs the call against the in-memory API server, so the types describe what really comes back.
 */

/** A custom resource as a user would declare it: exact fields, no index signature. */
interface Widget {
  apiVersion: "example.com/v1";
  kind: "Widget";
  metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string };
  spec: { size: number };
}

let server: FakeApiServer;
let client: KubeClient;

beforeAll(async () => {
  server = await createFakeApiServer();
  client = createClient({ server: server.url });
  await client.create<Secret>({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "db", namespace: "default", labels: { app: "blog" } },
    stringData: { password: "initial" },
  });
  await client.create<Deployment>({
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
  });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

const ref = { apiVersion: "v1", kind: "Secret", namespace: "default", name: "db" };

describe("kubernetes-types in kubewire's generics", () => {
  it("updateWithRetry<Secret>: the mutate function gets a kubernetes-types Secret", async () => {
    const report = await updateWithRetry<Secret>(client, ref, (secret) => {
      expectTypeOf(secret).toEqualTypeOf<Secret>();
      secretData(secret).set("password", "second");
    });
    expectTypeOf(report.object).toEqualTypeOf<Secret>();
    expect(report.changed).toBe(true);
  });

  it("updateWithRetry infers the built-in kind from a literal reference", async () => {
    const report = await updateWithRetry(
      client,
      { apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web" },
      (deployment) => {
        expectTypeOf(deployment).toExtend<Deployment>();
        deployment.spec!.replicas = 3;
      },
    );
    expectTypeOf(report.object).toExtend<Deployment>();
    expect(report.object.spec?.replicas).toBe(3);
  });

  it("updateWithRetry infers the type from the mutate function's parameter", async () => {
    const report = await updateWithRetry(client, ref, (secret: Secret) => {
      secret.data = { ...secret.data, extra: Buffer.from("x").toString("base64") };
    });
    expectTypeOf(report.object).toEqualTypeOf<Secret>();
    expect(report.object.data?.extra).toBe("eA==");
  });

  it("client.get, list, listItems and listPages take kubernetes-types", async () => {
    const { object } = await client.get<Deployment>("apps/v1", "Deployment", "web", { namespace: "default" });
    expectTypeOf(object).toEqualTypeOf<Deployment>();
    const typed = await client.get("apps/v1", "Deployment", "web", { namespace: "default" });
    expectTypeOf(typed.object).toExtend<Deployment>();
    const { items } = await client.list<Secret>("v1", "Secret", { namespace: "default" });
    expectTypeOf(items).toEqualTypeOf<(Secret & TypeMeta)[]>();
    const names: string[] = [];
    for await (const secret of client.listItems<Secret>("v1", "Secret", { namespace: "default" })) {
      expectTypeOf(secret).toExtend<Secret>();
      names.push(secret.metadata!.name!);
    }
    for await (const page of client.listPages<ConfigMap>("v1", "ConfigMap", { namespace: "default" }))
      expectTypeOf(page.items[0]!).toExtend<ConfigMap>();
    expect(object.metadata?.name).toBe("web");
    expect(names).toEqual(["db"]);
  });

  it("create, replace, patch and delete take kubernetes-types", async () => {
    const created = await client.create<ConfigMap>({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "settings", namespace: "default" },
      data: { a: "1" },
    });
    expectTypeOf(created.object).toEqualTypeOf<ConfigMap>();
    const replaced = await client.replace<ConfigMap>({ ...created.object, data: { a: "2" } });
    expectTypeOf(replaced.object).toEqualTypeOf<ConfigMap>();
    const patched = await client.patch<ConfigMap>(
      "v1",
      "ConfigMap",
      "settings",
      { data: { b: "3" } },
      {
        namespace: "default",
        type: "merge",
      },
    );
    expectTypeOf(patched.object).toEqualTypeOf<ConfigMap>();
    expect(patched.object.data).toEqual({ a: "2", b: "3" });
    await client.delete<ConfigMap>("v1", "ConfigMap", "settings", { namespace: "default" });
  });

  it("secretData, updateSecrets and normalizeList take kubernetes-types' Secret", async () => {
    const report = await updateSecrets(
      client,
      { namespace: "default", labelSelector: "app=blog" },
      (secret, data) => {
        expectTypeOf(secret).toEqualTypeOf<Secret>();
        data.set("rotated", "yes");
      },
    );
    expect(report.updated.map((u) => u.name)).toEqual(["db"]);
    const list = normalizeList<Secret>({
      kind: "SecretList",
      apiVersion: "v1",
      items: [{ metadata: { name: "a" } }],
    });
    expectTypeOf(list.items[0]!).toEqualTypeOf<Secret & TypeMeta>();
    expect(list.items[0]!.kind).toBe("Secret");
  });

  it("a custom resource's own interface fits ObjectLike and types every generic", () => {
    expectTypeOf<Widget>().toExtend<ObjectLike>();
    expectTypeOf<Deployment>().toExtend<ObjectLike>();
    expectTypeOf<KubeObject>().toExtend<ObjectLike>();
    expectTypeOf(updateWithRetry<Widget>)
      .parameter(2)
      .toEqualTypeOf<Mutate<Widget>>();
    expectTypeOf<ReturnType<KubeClient["get"]>>().toExtend<Promise<ObjectResult<unknown>>>();
    expectTypeOf<Awaited<ReturnType<typeof client.get<Widget>>>>().toEqualTypeOf<ObjectResult<Widget>>();
    const list = normalizeList<Widget>({
      apiVersion: "example.com/v1",
      kind: "WidgetList",
      items: [{ metadata: { name: "w" }, spec: { size: 1 } }],
    });
    expectTypeOf(list.items[0]!.spec.size).toEqualTypeOf<number>();
    expect(list.items.map((w) => `${w.kind}/${w.metadata.name}`)).toEqual(["Widget/w"]);
  });

  it("a type whose metadata is not object metadata is refused", () => {
    // @ts-expect-error metadata.name must be a string
    expectTypeOf<{ metadata: { name: number } }>().toExtend<ObjectLike>();
    const refuse = () =>
      // @ts-expect-error the object type must be ObjectLike
      updateWithRetry<{ metadata: { name: number } }>(client, ref, () => undefined);
    expect(typeof refuse).toBe("function");
  });
});

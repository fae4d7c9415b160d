import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeJson } from "../../src/testing/fake-api-server/json.js";
import { asListItem } from "../../src/testing/fake-api-server/registry/served-json.js";
import type { ListOptions, Target } from "../../src/testing/fake-api-server/cluster.js";
import { createFakeApiServer } from "../../src/testing/index.js";
import type { FakeApiServer } from "../../src/testing/index.js";

/**
 * Compact JSON lists are answered from encodings kept per stored object and from the last answers per revision
 * (registry/served-json.ts, read.ts): the bytes must be exactly those of encoding the presented objects, and a
 * write or a compaction must never leave an old answer in place.
 */
let server: FakeApiServer;

const GADGETS = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "gadgets.example.com" },
  spec: {
    group: "example.com",
    scope: "Namespaced",
    names: { plural: "gadgets", singular: "gadget", kind: "Gadget", listKind: "GadgetList" },
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
      },
    ],
  },
};

beforeAll(async () => {
  server = await createFakeApiServer({
    objects: [
      GADGETS,
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "enc" } },
      ...Array.from({ length: 7 }, (_, i) => ({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: `cm-${i}`, namespace: "enc", labels: { parity: i % 2 ? "odd" : "even" } },
        // Characters Go's encoder escapes, and multi-byte UTF-8.
        data: { html: "<b>&amp;</b>", separators: "\u2028\u2029", accents: `ünïcødé ${i} ✓` },
      })),
      {
        apiVersion: "example.com/v1",
        kind: "Gadget",
        metadata: { name: "g", namespace: "enc" },
        spec: { z: 1, a: "<x>" },
      },
    ],
  });
});
afterAll(() => server.close());

async function get(path: string): Promise<{ status: number; text: string }> {
  const res = await request(server.url + path, { headers: { accept: "application/json" } });
  return { status: res.statusCode, text: await res.body.text() };
}

/** The list answer built from the presented objects, as every other answer is encoded. */
function expected(group: string, kind: string, namespace: string, options: ListOptions = {}): string {
  const type = server.cluster.registry.byKind(group ? `${group}/v1` : "v1", kind)!;
  const target: Target = { type, version: "v1", namespace };
  const list = server.cluster.list(target, options);
  return encodeJson(
    {
      kind: type.listKind,
      apiVersion: group ? `${group}/v1` : "v1",
      metadata: list.metadata,
      items: list.items.map((i) => asListItem(type, i)),
    },
    false,
  );
}

describe("compact JSON lists from kept encodings", () => {
  it("are byte for byte the encoding of the presented objects: built-ins, custom resources, selectors, pages", async () => {
    const all = await get("/api/v1/namespaces/enc/configmaps");
    expect(all.status).toBe(200);
    expect(all.text).toBe(expected("", "ConfigMap", "enc"));
    expect(all.text).toContain("\\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e");
    expect(all.text).toContain("\\u2028\\u2029");
    // Built-in items go without kind and apiVersion.
    expect(all.text).toContain('"items":[{"metadata":{"name":"cm-0"');

    const odd = await get("/api/v1/namespaces/enc/configmaps?labelSelector=parity%3Dodd");
    expect(odd.text).toBe(expected("", "ConfigMap", "enc", { labelSelector: "parity=odd" }));
    expect((JSON.parse(odd.text) as { items: unknown[] }).items).toHaveLength(3);

    const first = await get("/api/v1/namespaces/enc/configmaps?limit=3");
    expect(first.text).toBe(expected("", "ConfigMap", "enc", { limit: 3 }));
    const token = (JSON.parse(first.text) as { metadata: { continue: string } }).metadata.continue;
    const second = await get(`/api/v1/namespaces/enc/configmaps?limit=3&continue=${token}`);
    expect(second.text).toBe(expected("", "ConfigMap", "enc", { limit: 3, continue: token }));

    const gadgets = await get("/apis/example.com/v1/namespaces/enc/gadgets");
    expect(gadgets.text).toBe(expected("example.com", "Gadget", "enc"));
    // Custom resources keep kind and apiVersion, every key sorted.
    expect(gadgets.text).toContain('"items":[{"apiVersion":"example.com/v1","kind":"Gadget"');
  });

  it("parse to the same JSON as the pretty answer, which is built from the objects", async () => {
    const compact = await get("/api/v1/namespaces/enc/configmaps");
    const pretty = await get("/api/v1/namespaces/enc/configmaps?pretty=true");
    expect(pretty.text).toMatch(/^\{\n {2}"kind": "ConfigMapList"/);
    expect(JSON.parse(compact.text)).toEqual(JSON.parse(pretty.text));
  });

  it("show every write at once: the same list again after a change is a new answer", async () => {
    const before = await get("/api/v1/namespaces/enc/configmaps");
    expect(await get("/api/v1/namespaces/enc/configmaps")).toEqual(before);
    const res = await request(`${server.url}/api/v1/namespaces/enc/configmaps/cm-3`, {
      method: "PATCH",
      headers: { "content-type": "application/merge-patch+json" },
      body: JSON.stringify({ data: { added: "yes" } }),
    });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    const after = await get("/api/v1/namespaces/enc/configmaps");
    expect(after.text).not.toBe(before.text);
    expect(after.text).toBe(expected("", "ConfigMap", "enc"));
    const items = (JSON.parse(after.text) as { items: { metadata: { name: string }; data: object }[] }).items;
    expect(items.find((i) => i.metadata.name === "cm-3")?.data).toMatchObject({ added: "yes" });

    const del = await request(`${server.url}/api/v1/namespaces/enc/configmaps/cm-6`, { method: "DELETE" });
    await del.body.dump();
    const names = (
      JSON.parse((await get("/api/v1/namespaces/enc/configmaps")).text) as {
        items: { metadata: { name: string } }[];
      }
    ).items.map((i) => i.metadata.name);
    expect(names).toEqual(["cm-0", "cm-1", "cm-2", "cm-3", "cm-4", "cm-5"]);
  });

  it("answer a continue token 410 after a compaction, even with no write since the same request", async () => {
    const first = await get("/api/v1/namespaces/enc/configmaps?limit=2");
    const token = (JSON.parse(first.text) as { metadata: { continue: string } }).metadata.continue;
    // A write, so that the token's revision is older than the current one once history is compacted.
    const res = await request(`${server.url}/api/v1/namespaces/enc/configmaps`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ metadata: { name: "late" } }),
    });
    await res.body.dump();
    const path = `/api/v1/namespaces/enc/configmaps?limit=2&continue=${token}`;
    expect((await get(path)).status).toBe(200);
    server.cluster.store.compact();
    const expired = await get(path);
    expect(expired.status).toBe(410);
    expect(JSON.parse(expired.text)).toMatchObject({ kind: "Status", reason: "Expired", code: 410 });
  });
});

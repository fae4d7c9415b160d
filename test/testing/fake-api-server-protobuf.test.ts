/**
 * The in-memory API server speaks Kubernetes protobuf as kube-apiserver does: request bodies of every built-in kind
 * (the bytes real kubectl 1.33 sends for `kubectl create …`, fixtures/kubectl-protobuf/), and answers in protobuf
 * when the Accept list names it before JSON and the kind has a protobuf form.
 */
import { readFileSync } from "node:fs";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeKubernetesProtobuf, encodeKubernetesProtobuf } from "../../src/protobuf/index.js";
import { decodeWatchStream } from "../../src/protobuf/watch.js";
import { createFakeApiServer } from "../../src/testing/index.js";
import type { FakeApiServer } from "../../src/testing/index.js";
import { fixturePath } from "../helpers/fixtures.js";

const PROTOBUF = "application/vnd.kubernetes.protobuf";
const CLIENT_GO_ACCEPT = `${PROTOBUF}, application/json`;
const bin = (name: string) => readFileSync(fixturePath(`kubectl-protobuf/${name}.bin`));
const json = (name: string) =>
  JSON.parse(readFileSync(fixturePath(`kubectl-protobuf/${name}.json`), "utf8")) as Record<string, unknown>;

let server: FakeApiServer;
beforeAll(async () => {
  server = await createFakeApiServer({
    objects: [
      {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: "widgets.example.com" },
        spec: {
          group: "example.com",
          names: { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList" },
          scope: "Namespaced",
          versions: [
            {
              name: "v1",
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
            },
          ],
        },
      },
    ],
  });
});
afterAll(() => server.close());

async function send(method: string, path: string, headers: Record<string, string>, body?: Buffer | string) {
  const res = await request(server.url + path, { method: method as "GET", headers, body: body ?? null });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, type: String(res.headers["content-type"]), bytes };
}

const COMMANDS: [fixture: string, path: string][] = [
  ["create-deployment", "/apis/apps/v1/namespaces/default/deployments"],
  ["create-service-nodeport", "/api/v1/namespaces/default/services"],
  ["create-job", "/apis/batch/v1/namespaces/default/jobs"],
  ["create-cronjob", "/apis/batch/v1/namespaces/default/cronjobs"],
  ["create-role", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles"],
  ["create-ingress", "/apis/networking.k8s.io/v1/namespaces/default/ingresses"],
  ["create-pdb-min-available", "/apis/policy/v1/namespaces/default/poddisruptionbudgets"],
  ["create-priorityclass", "/apis/scheduling.k8s.io/v1/priorityclasses"],
  ["create-quota", "/api/v1/namespaces/default/resourcequotas"],
  ["create-secret-docker-registry", "/api/v1/namespaces/default/secrets"],
];

describe("protobuf request bodies of real kubectl 1.33", () => {
  for (const [fixture, path] of COMMANDS) {
    it(`creates what \`${fixture.replace(/-/g, " ")}\` sends, as its JSON twin would`, async () => {
      const sent = json(fixture);
      const res = await send(
        "POST",
        path,
        { "content-type": PROTOBUF, accept: CLIENT_GO_ACCEPT },
        bin(fixture),
      );
      expect(res.status).toBe(201);
      expect(res.type).toBe(PROTOBUF);
      const stored = decodeKubernetesProtobuf(res.bytes).object as { metadata: Record<string, unknown> };
      expect(stored.metadata.name).toBe((sent.metadata as { name: string }).name);
      // The JSON twin of the same command is refused as a duplicate: both were read as the same object.
      const twin = await send(
        "POST",
        path,
        { "content-type": "application/json", accept: "application/json" },
        JSON.stringify(sent),
      );
      expect(twin.status).toBe(409);
    });
  }

  it("refuses a body that is not protobuf with 415, saying where it failed", async () => {
    const res = await send(
      "POST",
      "/api/v1/namespaces/default/configmaps",
      { "content-type": PROTOBUF },
      bin("pb-configmaps").subarray(0, 20),
    );
    expect(res.status).toBe(415);
    expect(res.bytes.toString("utf8")).toMatch(/truncated|length/);
  });
});

describe("protobuf answers", () => {
  it("answers a get and a list in protobuf that decode to the JSON answers, byte for byte", async () => {
    await send(
      "POST",
      "/api/v1/namespaces/default/configmaps",
      { "content-type": PROTOBUF },
      bin("pb-configmaps"),
    );
    for (const path of [
      "/api/v1/namespaces/default/configmaps/c1",
      "/api/v1/namespaces/default/configmaps",
    ]) {
      const pb = await send("GET", path, { accept: CLIENT_GO_ACCEPT });
      const asJson = await send("GET", path, { accept: "application/json" });
      expect(pb.type).toBe(PROTOBUF);
      expect(JSON.stringify(decodeKubernetesProtobuf(pb.bytes).object)).toBe(
        asJson.bytes.toString("utf8").trimEnd(),
      );
    }
  });

  it("answers errors as a protobuf Status, and JSON where the list puts JSON first", async () => {
    const missing = await send("GET", "/api/v1/namespaces/default/configmaps/none", {
      accept: CLIENT_GO_ACCEPT,
    });
    expect(missing.status).toBe(404);
    expect(decodeKubernetesProtobuf(missing.bytes).object).toMatchObject({ kind: "Status", code: 404 });
    const jsonFirst = await send("GET", "/api/v1/namespaces/default/configmaps/c1", {
      accept: `application/json, ${PROTOBUF}`,
    });
    expect(jsonFirst.type).toBe("application/json");
  });

  it("answers custom resources and Tables in JSON: they have no protobuf form", async () => {
    await send(
      "POST",
      "/apis/example.com/v1/namespaces/default/widgets",
      { "content-type": "application/json" },
      JSON.stringify({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }),
    );
    const cr = await send("GET", "/apis/example.com/v1/namespaces/default/widgets/w", {
      accept: CLIENT_GO_ACCEPT,
    });
    expect(cr.type).toBe("application/json");
    const table = await send("GET", "/api/v1/namespaces/default/configmaps", {
      accept: `${PROTOBUF};as=Table;v=v1;g=meta.k8s.io, application/json;as=Table;v=v1;g=meta.k8s.io, application/json`,
    });
    expect(table.type).toBe("application/json");
    expect(JSON.parse(table.bytes.toString("utf8"))).toMatchObject({ kind: "Table" });
  });
});

describe("protobuf watch streams", () => {
  /** A watch that stops by itself (timeoutSeconds), read whole. */
  const watch = (path: string, accept: string) =>
    send("GET", `${path}${path.includes("?") ? "&" : "?"}watch=true&timeoutSeconds=1`, { accept });

  it("frames each event as client-go reads it when protobuf comes first: length, WatchEvent, the object's body", async () => {
    const base = "/api/v1/namespaces/pbwatch/configmaps";
    await send(
      "POST",
      "/api/v1/namespaces",
      { "content-type": "application/json" },
      JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "pbwatch" } }),
    );
    const created = await send(
      "POST",
      base,
      { "content-type": "application/json" },
      JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { k: "v" } }),
    );
    const rv = (JSON.parse(created.bytes.toString("utf8")) as { metadata: { resourceVersion: string } })
      .metadata.resourceVersion;
    await send(
      "PATCH",
      `${base}/c`,
      { "content-type": "application/merge-patch+json" },
      JSON.stringify({ data: { k: "w" } }),
    );

    const stream = await watch(`${base}?resourceVersion=${rv}&allowWatchBookmarks=true`, `${PROTOBUF}, */*`);
    expect(stream.status).toBe(200);
    expect(stream.type).toBe(`${PROTOBUF};stream=watch`);
    const events = decodeWatchStream(stream.bytes);
    expect(events[0]).toMatchObject({
      type: "MODIFIED",
      object: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "c", namespace: "pbwatch" },
        data: { k: "w" },
      },
    });
    // The frames hold what the JSON stream holds, event for event.
    const jsonStream = await watch(`${base}?resourceVersion=${rv}`, "application/json");
    const jsonEvents = jsonStream.bytes
      .toString("utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; object: Record<string, unknown> });
    expect(events.filter((e) => e.type !== "BOOKMARK").map((e) => [e.type, e.object])).toEqual(
      jsonEvents.map((e) => [e.type, decodeKubernetesProtobuf(encodeKubernetesProtobuf(e.object)).object]),
    );
  });

  it("sends a 410 as an ERROR event holding a protobuf Status, and JSON where the list puts JSON first", async () => {
    server.cluster.store.compact(); // as etcd compacts: a watch from before now is told 410
    const expired = await watch("/api/v1/namespaces/pbwatch/configmaps?resourceVersion=1", CLIENT_GO_ACCEPT);
    const [error] = decodeWatchStream(expired.bytes);
    expect(error).toMatchObject({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired" } });
    const json = await watch("/api/v1/namespaces/pbwatch/configmaps", `application/json, ${PROTOBUF}`);
    expect(json.type).toBe("application/json");
  });

  it("keeps custom resources in JSON: they have no protobuf form", async () => {
    const cr = await watch(
      "/apis/example.com/v1/namespaces/default/widgets",
      `${PROTOBUF}, application/json`,
    );
    expect(cr.type).toBe("application/json");
    expect(JSON.parse(cr.bytes.toString("utf8").split("\n")[0]!)).toMatchObject({ type: "ADDED" });
  });
});

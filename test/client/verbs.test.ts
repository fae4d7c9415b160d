import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../src/index.js";
import type { KubeClient } from "../../src/index.js";
import { startHttpServer } from "../helpers/servers.js";
import type { TestServer } from "../helpers/servers.js";

let server: TestServer;
let client: KubeClient;
beforeAll(async () => {
  server = await startHttpServer((req, res, body) => {
    res.writeHead(req.method === "POST" ? 201 : 200, { "Content-Type": "application/json" });
    res.end(body || JSON.stringify({ kind: "Status", status: "Success" }));
  });
  client = createClient({ server: server.url });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

const cm = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "a", namespace: "ns", resourceVersion: "7" },
  data: { k: "v" },
};

describe("typed verbs build the requests kubectl would send", () => {
  it("create POSTs to the collection, with dry-run and field validation as query parameters", async () => {
    await client.create(cm, { dryRun: "All", fieldManager: "kubewire", fieldValidation: "Strict" });
    const req = server.requests.at(-1)!;
    expect([req.method, req.url]).toEqual([
      "POST",
      "/api/v1/namespaces/ns/configmaps?dryRun=All&fieldManager=kubewire&fieldValidation=Strict",
    ]);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req.body)).toEqual(cm);
  });

  it("replace PUTs to the object, the resourceVersion inside the body", async () => {
    await client.replace(cm);
    const req = server.requests.at(-1)!;
    expect([req.method, req.url]).toEqual(["PUT", "/api/v1/namespaces/ns/configmaps/a"]);
    expect((JSON.parse(req.body) as typeof cm).metadata.resourceVersion).toBe("7");
  });

  it("patch sends the patch type as Content-Type; apply needs a field manager", async () => {
    await client.patch(
      "apps/v1",
      "Deployment",
      "web",
      { spec: { replicas: 2 } },
      { type: "strategic", namespace: "ns" },
    );
    expect(server.requests.at(-1)!.headers["content-type"]).toBe("application/strategic-merge-patch+json");
    expect(server.requests.at(-1)!.url).toBe("/apis/apps/v1/namespaces/ns/deployments/web");
    await client.patch("v1", "ConfigMap", "a", cm, {
      type: "apply",
      namespace: "ns",
      fieldManager: "me",
      force: true,
    });
    expect(server.requests.at(-1)!.url).toBe("/api/v1/namespaces/ns/configmaps/a?fieldManager=me&force=true");
    await expect(
      client.patch("v1", "ConfigMap", "a", cm, { type: "apply", namespace: "ns" }),
    ).rejects.toThrow(/fieldManager/);
  });

  it("delete sends DeleteOptions with preconditions and propagation", async () => {
    await client.delete("v1", "Secret", "s", {
      namespace: "ns",
      preconditions: { uid: "u-1" },
      propagationPolicy: "Foreground",
    });
    const req = server.requests.at(-1)!;
    expect([req.method, req.url]).toEqual(["DELETE", "/api/v1/namespaces/ns/secrets/s"]);
    expect(JSON.parse(req.body)).toEqual({
      apiVersion: "v1",
      kind: "DeleteOptions",
      preconditions: { uid: "u-1" },
      propagationPolicy: "Foreground",
    });
  });

  it("drops the namespace for cluster-scoped kinds and refuses objects without their type", async () => {
    await client.get("v1", "Namespace", "ns", { namespace: "ignored" });
    expect(server.requests.at(-1)!.url).toBe("/api/v1/namespaces/ns");
    await expect(client.create({ metadata: { name: "bare" } })).rejects.toThrow(
      /no apiVersion \(built from a list item\? use normalizeList\)/,
    );
  });
});

describe("subresources", () => {
  it("reads a container log as text", async () => {
    const { text, exchange } = await client.getLog("web-0", {
      namespace: "ns",
      container: "app",
      tailLines: 10,
      timestamps: true,
    });
    expect(server.requests.at(-1)!.url).toBe(
      "/api/v1/namespaces/ns/pods/web-0/log?container=app&tailLines=10&timestamps=true",
    );
    expect(text).toBe('{"kind":"Status","status":"Success"}');
    expect(exchange.request.headers.Accept).toBe("*/*");
  });

  it("scales through the scale subresource with a merge patch, and reads status", async () => {
    await client.scale("apps/v1", "Deployment", "web", 3, { namespace: "ns" });
    const req = server.requests.at(-1)!;
    expect([req.method, req.url, req.headers["content-type"], req.body]).toEqual([
      "PATCH",
      "/apis/apps/v1/namespaces/ns/deployments/web/scale",
      "application/merge-patch+json",
      '{"spec":{"replicas":3}}',
    ]);
    await client.getScale("apps/v1", "StatefulSet", "db", { namespace: "ns" });
    expect(server.requests.at(-1)!.url).toBe("/apis/apps/v1/namespaces/ns/statefulsets/db/scale");
    await client.replace(cm, { subresource: "status" });
    expect(server.requests.at(-1)!.url).toBe("/api/v1/namespaces/ns/configmaps/a/status");
  });

  it("passes list consistency options and an explicit Accept", async () => {
    await client.list("v1", "Pod", {
      resourceVersion: "0",
      resourceVersionMatch: "NotOlderThan",
      fieldSelector: "spec.nodeName=node-1",
      accept: "application/json;as=Table;v=v1;g=meta.k8s.io",
    });
    const req = server.requests.at(-1)!;
    expect(req.url).toBe(
      "/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1&resourceVersion=0&resourceVersionMatch=NotOlderThan",
    );
    expect(req.headers.accept).toBe("application/json;as=Table;v=v1;g=meta.k8s.io");
  });
});

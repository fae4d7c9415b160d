import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultRules } from "../../src/testing/fault-rules.js";
import type { FaultMatch } from "../../src/testing/fault-rules.js";
import { describeRequest, queryFlag } from "../../src/testing/request-info.js";
import { createFakeApiServer, createFaultServer } from "../../src/testing/index.js";
import type { FakeApiServer, FaultServer } from "../../src/testing/index.js";

describe("describeRequest", () => {
  it("reads what a request addresses as kube-apiserver's RequestInfo does", () => {
    expect(describeRequest("get", "/api/v1/namespaces/shop/configmaps/app?resourceVersion=3")).toEqual({
      method: "GET",
      path: "/api/v1/namespaces/shop/configmaps/app?resourceVersion=3",
      verb: "get",
      watch: false,
      continuation: false,
      group: "",
      version: "v1",
      resource: "configmaps",
      name: "app",
      namespace: "shop",
    });
    expect(describeRequest("PUT", "/api/v1/namespaces/shop/status")).toMatchObject({
      verb: "update",
      resource: "namespaces",
      name: "shop",
      subresource: "status",
    });
    expect(describeRequest("GET", "/apis/apps/v1/watch/namespaces/a/deployments")).toMatchObject({
      verb: "watch",
      watch: true,
      namespace: "a",
      resource: "deployments",
    });
    expect(describeRequest("GET", "/apis/apps/v1/deployments?continue=abc")).toMatchObject({
      verb: "list",
      continuation: true,
    });
    expect(describeRequest("DELETE", "/api/v1/namespaces/a/secrets")).toMatchObject({
      verb: "deletecollection",
    });
    expect(describeRequest("GET", "/apis/apps")).toMatchObject({ verb: "discovery", group: "apps" });
    expect(describeRequest("GET", "/version")).toMatchObject({ verb: "other" });
  });

  it("reads booleans in the query as the API server does: anything but 0 and false is true", () => {
    const flag = (q: string) => queryFlag(new URLSearchParams(q), "watch");
    // runtime.Convert_Slice_string_To_bool: only "0" and "false" (any case) are false, so "f" is true there.
    expect(
      ["watch=true", "watch=True", "watch=1", "watch=yes", "watch=", "watch=f", "watch=F"].map(flag),
    ).toEqual([true, true, true, true, true, true, true]);
    expect(["watch=false", "watch=False", "watch=FALSE", "watch=0", ""].map(flag)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("the fault-rule engine", () => {
  const rules = (...list: (FaultMatch & { times?: number; id: string })[]) => {
    const r = new FaultRules<FaultMatch & { times?: number; id: string }>();
    return { r, handles: list.map((rule) => r.add(rule)) };
  };
  const take = (r: FaultRules<FaultMatch & { id: string }>, method: string, path: string) =>
    r.take(describeRequest(method, path))?.id;

  it("matches a string path as a prefix of the path and query, a RegExp with test", () => {
    const { r } = rules(
      { id: "query", path: "/api/v1/namespaces/a/configmaps?watch", times: Infinity },
      { id: "prefix", path: "/api/v1/namespaces/a", times: Infinity },
      { id: "regexp", path: /limit=5/, times: Infinity },
    );
    expect(take(r, "GET", "/api/v1/namespaces/a/configmaps?watch=1")).toBe("query");
    expect(take(r, "GET", "/api/v1/namespaces/a/configmaps?limit=5")).toBe("prefix");
    expect(take(r, "GET", "/api/v1/namespaces/b/configmaps?limit=5")).toBe("regexp");
    expect(take(r, "GET", "/api/v1/namespaces/b/configmaps")).toBeUndefined();
  });

  it("needs every field given to match; methods in any case; lists of verbs", () => {
    const { r } = rules(
      { id: "writes", method: ["put", "Patch"], name: "app", times: Infinity },
      { id: "watch", verb: ["watch"], resource: "secrets", watch: true, times: Infinity },
    );
    expect(take(r, "PATCH", "/api/v1/namespaces/a/configmaps/app")).toBe("writes");
    expect(take(r, "PATCH", "/api/v1/namespaces/a/configmaps/other")).toBeUndefined();
    expect(take(r, "GET", "/api/v1/secrets?watch=True")).toBe("watch");
    expect(take(r, "GET", "/api/v1/secrets")).toBeUndefined();
  });

  it("fires each rule its number of times, first match first, and counts", () => {
    const { r, handles } = rules({ id: "a", times: 2 }, { id: "b" });
    expect([1, 2, 3, 4].map(() => take(r, "GET", "/api/v1/pods"))).toEqual(["a", "a", "b", undefined]);
    expect(handles.map((h) => [h.hits, h.remaining])).toEqual([
      [2, 0],
      [1, 0],
    ]);
    const c = r.add({ id: "c", times: Infinity });
    c.remove();
    expect(take(r, "GET", "/api/v1/pods")).toBeUndefined();
  });
});

describe("both servers match a rule the same way", () => {
  let api: FakeApiServer;
  let faults: FaultServer;
  beforeAll(async () => {
    api = await createFakeApiServer({
      objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app", namespace: "default" } }],
    });
    faults = await createFaultServer({ upstream: api });
  });
  afterAll(async () => {
    await faults.close();
    await api.close();
  });

  it("a rule by verb, name and a query prefix fires on the fake server and on the fault server alike", async () => {
    const match = {
      verb: "get",
      name: "app",
      path: "/api/v1/namespaces/default/configmaps/app?pretty",
    } as const;
    const path = "/api/v1/namespaces/default/configmaps/app?pretty=1";
    api.faults.add({ ...match, action: { status: 503, message: "from the fake server" } });
    faults.inject({ ...match, fault: { kind: "status", status: 502 } });
    const status = async (url: string) => {
      const res = await request(url);
      await res.body.dump();
      return res.statusCode;
    };
    const statuses = [
      await status(faults.url + path),
      await status(faults.url + path),
      await status(api.url + path),
    ];
    // The fault server's own rule first; then its request reaches the fake server, whose rule fires there.
    expect(statuses).toEqual([502, 503, 200]);
  });
});

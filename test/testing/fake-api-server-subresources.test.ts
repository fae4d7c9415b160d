import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeApiServer } from "../../src/testing/index.js";
import type { FakeApiServer } from "../../src/testing/index.js";

let server: FakeApiServer;

const CRONTABS = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "crontabs.stable.example.com" },
  spec: {
    group: "stable.example.com",
    scope: "Namespaced",
    names: { plural: "crontabs", singular: "crontab", kind: "CronTab" },
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
        subresources: {
          status: {},
          scale: {
            specReplicasPath: ".spec.replicas",
            statusReplicasPath: ".status.replicas",
            labelSelectorPath: ".status.labelSelector",
          },
        },
      },
    ],
  },
};

const DEPLOYMENT = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: {
    replicas: 1,
    selector: {
      matchLabels: { app: "web" },
      matchExpressions: [{ key: "tier", operator: "In", values: ["b", "a"] }],
    },
    template: {
      metadata: { labels: { app: "web", tier: "a" } },
      spec: { containers: [{ name: "app", image: "nginx" }] },
    },
  },
};

beforeAll(async () => {
  let now = Date.parse("2026-02-01T00:00:00Z");
  server = await createFakeApiServer({
    objects: [
      CRONTABS,
      DEPLOYMENT,
      { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "bot", namespace: "default" } },
      {
        apiVersion: "stable.example.com/v1",
        kind: "CronTab",
        metadata: { name: "nightly", namespace: "default" },
        spec: { replicas: 2 },
      },
    ],
    now: () => new Date((now += 1000)),
  });
});
afterAll(() => server.close());

/** The value at a dotted path of a JSON value. */
function at(value: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await request(server.url + path, {
    method: method as "GET",
    headers: { "content-type": "application/json", ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
}

describe("scale", () => {
  const path = "/apis/apps/v1/namespaces/default/deployments/web/scale";

  it("answers an autoscaling/v1 Scale made from the object, its selector as a string", async () => {
    const { status, json } = await call("GET", path);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      kind: "Scale",
      apiVersion: "autoscaling/v1",
      metadata: { name: "web", namespace: "default" },
      spec: { replicas: 1 },
      status: { replicas: 0, selector: "app=web,tier in (a,b)" },
    });
    expect(Object.keys(json.metadata as object)).toEqual([
      "name",
      "namespace",
      "uid",
      "resourceVersion",
      "creationTimestamp",
    ]);
  });

  it("sets the object's replicas by PUT and PATCH, bumping its generation; a stale resourceVersion is a 409", async () => {
    const before = await call("GET", path);
    const put = await call("PUT", path, { ...before.json, spec: { replicas: 3 } });
    expect([put.status, put.json.spec]).toEqual([200, { replicas: 3 }]);
    const stale = await call("PUT", path, { ...before.json, spec: { replicas: 4 } });
    expect([stale.status, stale.json.message]).toEqual([
      409,
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    ]);
    const patched = await call(
      "PATCH",
      path,
      { spec: { replicas: 5 } },
      { "content-type": "application/merge-patch+json" },
    );
    expect(patched.json.spec).toEqual({ replicas: 5 });
    const deployment = await call("GET", "/apis/apps/v1/namespaces/default/deployments/web");
    expect([at(deployment.json, "spec.replicas"), at(deployment.json, "metadata.generation")]).toEqual([
      5, 3,
    ]);
    const zero = await call(
      "PATCH",
      path,
      { spec: { replicas: 0 } },
      { "content-type": "application/merge-patch+json" },
    );
    // ScaleSpec.replicas is omitempty: the real server answers `"spec": {}` at 0 (status.replicas is always there).
    expect([zero.status, zero.json.spec, (await call("GET", path)).json.spec]).toEqual([200, {}, {}]);
    const negative = await call(
      "PATCH",
      path,
      { spec: { replicas: -1 } },
      { "content-type": "application/merge-patch+json" },
    );
    expect([negative.status, negative.json.message]).toEqual([
      422,
      'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it("serves a custom resource's scale at the CRD's paths", async () => {
    const crPath = "/apis/stable.example.com/v1/namespaces/default/crontabs/nightly/scale";
    expect((await call("GET", crPath)).json.spec).toEqual({ replicas: 2 });
    await call(
      "PATCH",
      crPath,
      { spec: { replicas: 7 } },
      { "content-type": "application/merge-patch+json" },
    );
    const cr = await call("GET", "/apis/stable.example.com/v1/namespaces/default/crontabs/nightly");
    expect(cr.json.spec).toEqual({ replicas: 7 });
  });

  it("answers 405 for a verb the subresource does not serve, 404 for one the type does not have", async () => {
    expect((await call("DELETE", path)).status).toBe(405);
    expect((await call("GET", "/api/v1/namespaces/default/configmaps/x/scale")).status).toBe(404);
    expect((await call("DELETE", "/api/v1/namespaces")).json).toMatchObject({
      code: 405,
      reason: "MethodNotAllowed",
      message: "the server does not allow this method on the requested resource",
    });
  });
});

describe("identity", () => {
  it("answers whoami with the server's user, and access reviews as allowed", async () => {
    const me = await call("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", {
      apiVersion: "authentication.k8s.io/v1",
      kind: "SelfSubjectReview",
    });
    expect([me.status, at(me.json, "status.userInfo.groups")]).toEqual([
      201,
      ["system:masters", "system:authenticated"],
    ]);
    const review = await call("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: { resourceAttributes: { verb: "delete", resource: "nodes" } },
    });
    expect(review.json.status).toEqual({ allowed: true });
    expect(at(review.json, "metadata.creationTimestamp")).toBeNull();
  });

  it("issues ServiceAccount tokens that authenticate as the ServiceAccount, and reviews them", async () => {
    const issued = await call("POST", "/api/v1/namespaces/default/serviceaccounts/bot/token", {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: { audiences: ["api"], expirationSeconds: 600 },
    });
    expect(issued.status).toBe(201);
    expect(issued.json.spec).toEqual({ audiences: ["api"], expirationSeconds: 600, boundObjectRef: null });
    const token = at(issued.json, "status.token") as string;
    expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    const me = await call(
      "POST",
      "/apis/authentication.k8s.io/v1/selfsubjectreviews",
      { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
      { authorization: `Bearer ${token}` },
    );
    expect(at(me.json, "status.userInfo.username")).toBe("system:serviceaccount:default:bot");
    const reviewed = await call("POST", "/apis/authentication.k8s.io/v1/tokenreviews", {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenReview",
      spec: { token },
    });
    expect(reviewed.json.status).toMatchObject({ authenticated: true, audiences: ["api"] });
    expect(JSON.stringify(reviewed.json)).not.toContain(token);
  });

  it("refuses a TokenRequest for a missing ServiceAccount, or one shorter than ten minutes", async () => {
    const missing = await call("POST", "/api/v1/namespaces/default/serviceaccounts/nobody/token", {});
    expect([missing.status, missing.json.message]).toEqual([404, 'serviceaccounts "nobody" not found']);
    const short = await call("POST", "/api/v1/namespaces/default/serviceaccounts/bot/token", {
      spec: { expirationSeconds: 60 },
    });
    expect(short.json.message).toBe(
      'TokenRequest.authentication.k8s.io "bot" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    );
  });
});

describe("authorization rules", () => {
  it("forbids what the authorize rule refuses, with kube-apiserver's 403, and access reviews say so", async () => {
    const strict = await createFakeApiServer({
      authorize: ({ verb, resource }) => verb !== "delete" || resource?.resource !== "configmaps",
    });
    try {
      const denied = await request(`${strict.url}/api/v1/namespaces/default/configmaps/x`, {
        method: "DELETE",
      });
      expect(await denied.body.json()).toMatchObject({
        code: 403,
        reason: "Forbidden",
        message:
          'configmaps "x" is forbidden: User "kubewire-admin" cannot delete resource "configmaps" in API group "" in the namespace "default"',
      });
      const review = await request(`${strict.url}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, {
        method: "POST",
        body: JSON.stringify({ spec: { resourceAttributes: { verb: "delete", resource: "configmaps" } } }),
      });
      expect(((await review.body.json()) as { status: unknown }).status).toEqual({ allowed: false });
    } finally {
      await strict.close();
    }
  });
});

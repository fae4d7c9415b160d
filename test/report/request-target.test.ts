import { describe, expect, it } from "vitest";
import { requestTarget, resourceLabel } from "../../src/report/request-target.js";

const H = "https://127.0.0.1:6443";

describe("requestTarget: what a request addressed, as kube-apiserver's RequestInfo reads it", () => {
  it.each([
    [
      "GET",
      "/api/v1/namespaces/ns/configmaps?limit=500",
      { verb: "list", resource: "configmaps", namespace: "ns" },
    ],
    [
      "GET",
      "/api/v1/namespaces/ns/configmaps/cm",
      { verb: "get", resource: "configmaps", namespace: "ns", name: "cm" },
    ],
    ["GET", "/api/v1/namespaces/ns/configmaps?watch=true", { verb: "watch", resource: "configmaps" }],
    ["GET", "/api/v1/namespaces/ns/configmaps?watch=1&resourceVersion=9", { verb: "watch" }],
    ["GET", "/api/v1/namespaces/ns/configmaps?watch=false", { verb: "list" }],
    // The API server's query conversion, not Go's ParseBool: only `0` and `false` (any case) are false.
    ["GET", "/api/v1/namespaces/ns/configmaps?watch=True", { verb: "watch" }],
    ["GET", "/api/v1/namespaces/ns/configmaps?watch", { verb: "watch" }],
    ["GET", "/api/v1/namespaces/ns/configmaps?watch=&limit=1", { verb: "watch" }],
    ["GET", "/api/v1/namespaces/ns/configmaps?watch=f", { verb: "watch" }],
    ["GET", "/api/v1/namespaces/ns/configmaps?watch=FALSE", { verb: "list" }],
    ["GET", "/api/v1/namespaces/ns/configmaps?watch=0", { verb: "list" }],
    ["GET", "/api/v1/namespaces/ns/configmaps/cm?watch=yes", { verb: "watch", name: "cm" }],
    ["GET", "/api/v1/watch/namespaces/ns/pods", { verb: "watch", resource: "pods", namespace: "ns" }],
    ["GET", "/api/v1/pods", { verb: "list", resource: "pods" }],
    ["GET", "/api/v1/namespaces/ns/pods/p/log?follow=true", { verb: "get", subresource: "log", name: "p" }],
    [
      "POST",
      "/apis/apps/v1/namespaces/ns/deployments",
      { verb: "create", group: "apps", resource: "deployments" },
    ],
    ["PUT", "/apis/apps/v1/namespaces/ns/deployments/d/scale", { verb: "update", subresource: "scale" }],
    ["PATCH", "/api/v1/namespaces/ns/configmaps/cm?fieldManager=x", { verb: "patch", name: "cm" }],
    ["DELETE", "/api/v1/namespaces/ns/configmaps/cm", { verb: "delete" }],
    ["DELETE", "/api/v1/namespaces/ns/configmaps?labelSelector=a%3Db", { verb: "deletecollection" }],
    ["GET", "/api/v1/namespaces", { verb: "list", resource: "namespaces" }],
    [
      "GET",
      "/api/v1/namespaces/demo",
      { verb: "get", resource: "namespaces", name: "demo", namespace: "demo" },
    ],
    [
      "PUT",
      "/api/v1/namespaces/demo/finalize",
      { verb: "update", resource: "namespaces", subresource: "finalize" },
    ],
    ["HEAD", "/api/v1/namespaces/ns/secrets/s", { verb: "get", resource: "secrets" }],
    ["GET", "/api/v1/namespaces/my%20ns/configmaps", { namespace: "my ns" }],
  ])("%s %s", (method, path, expected) => {
    expect(requestTarget(method, H + path)).toMatchObject(expected);
  });

  it.each([
    ["GET", "/version?timeout=32s", "get"],
    ["GET", "/api", "get"],
    ["GET", "/api/v1", "get"],
    ["GET", "/apis/apps", "get"],
    ["GET", "/apis/apps/v1", "get"],
    ["GET", "/openapi/v3/api/v1", "get"],
    ["GET", "/healthz", "get"],
    ["OPTIONS", "/api/v1/namespaces/ns/pods", "options"],
  ])("%s %s is a non-resource URL (verb: the method)", (method, path, verb) => {
    const target = requestTarget(method, H + path);
    expect(target).toEqual({ verb, path: path.split("?")[0] });
    expect(resourceLabel(target)).toBeUndefined();
  });

  it("gives cluster-wide requests no namespace", () => {
    expect(requestTarget("GET", `${H}/api/v1/pods`)).not.toHaveProperty("namespace");
    expect(requestTarget("GET", `${H}/api/v1/namespaces`)).not.toHaveProperty("namespace");
  });

  it("names resources as kubectl does: resource[.group][/subresource]", () => {
    expect(resourceLabel(requestTarget("GET", `${H}/api/v1/namespaces/ns/pods`))).toBe("pods");
    expect(resourceLabel(requestTarget("GET", `${H}/apis/apps/v1/deployments`))).toBe("deployments.apps");
    expect(resourceLabel(requestTarget("GET", `${H}/api/v1/namespaces/ns/pods/p/log`))).toBe("pods/log");
    expect(resourceLabel(requestTarget("GET", `/apis/example.com/v1/widgets`))).toBe("widgets.example.com");
  });
});

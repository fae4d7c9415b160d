import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import {
  AGGREGATED_DISCOVERY_ACCEPT,
  parseAggregatedDiscovery,
  resolveResourceArg,
} from "../../../src/client/index.js";
import { createClient } from "../../../src/index.js";
import type { KubeClient, ResourceInfo } from "../../../src/index.js";
import { readFixture } from "../../helpers/fixtures.js";
import { readRecordedFixture, routes, sendRecorded, startHttpServer } from "../../helpers/servers.js";
import type { Handler, TestServer } from "../../helpers/servers.js";

const API = "realapi/curl/x03-api-aggregated";
const APIS = "realapi/curl/x04-apis-aggregated";
/** The Accept header kubectl 1.30–1.33 sends to /api and /apis (as fixtures/kubectl/captures show). */
const KUBECTL_DISCOVERY_ACCEPT =
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

let server: TestServer | undefined;
let client: KubeClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function serve(handler: Handler): Promise<KubeClient> {
  server = await startHttpServer(handler);
  client = createClient({ server: server.url });
  return client;
}

/** Every resource of the recorded aggregated discovery, as one list. */
function recordedResources(): ResourceInfo[] {
  return [
    ...parseAggregatedDiscovery(JSON.parse(readFixture(`${API}.body`))).resources,
    ...parseAggregatedDiscovery(JSON.parse(readFixture(`${APIS}.body`))).resources,
  ];
}

/** The legacy APIResourceList a real server serves for a group version, rebuilt from the recorded aggregated data. */
function legacyResourceList(res: ServerResponse, groupVersion: string): void {
  const [group, version] = groupVersion.includes("/") ? groupVersion.split("/") : ["", groupVersion];
  const resources = recordedResources().filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    return void res.end("404 page not found\n");
  }
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion,
      resources: resources.flatMap((r) => [
        {
          name: r.resource,
          singularName: r.singular,
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: r.verbs,
          ...(r.shortNames ? { shortNames: r.shortNames } : {}),
          ...(r.categories ? { categories: r.categories } : {}),
        },
        ...(r.subresources ?? []).map((s) => ({
          name: `${r.resource}/${s}`,
          singularName: "",
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: ["get"],
        })),
      ]),
    }),
  );
}

const key = (r: ResourceInfo) =>
  [
    r.group,
    r.version,
    r.kind,
    r.resource,
    r.singular,
    r.namespaced,
    (r.shortNames ?? []).join(","),
    (r.subresources ?? []).join(","),
  ].join(" ");

describe("discovery", () => {
  it("asks for aggregated discovery as kubectl 1.30+ does and reads the v2beta1 answer of kube-apiserver 1.28", async () => {
    const c = await serve(routes({ "GET /api": API, "GET /apis": APIS }));
    expect(AGGREGATED_DISCOVERY_ACCEPT).toBe(KUBECTL_DISCOVERY_ACCEPT);
    const result = await c.discover();
    expect(server!.requests.map((r) => [r.url, r.headers.accept])).toEqual([
      ["/api", KUBECTL_DISCOVERY_ACCEPT],
      ["/apis", KUBECTL_DISCOVERY_ACCEPT],
    ]);
    expect(result.format).toBe("apidiscovery.k8s.io/v2beta1");
    expect(result.groups[0]).toEqual({ name: "", versions: ["v1"], preferredVersion: "v1" });
    expect(result.groups.find((g) => g.name === "autoscaling")).toEqual({
      name: "autoscaling",
      versions: ["v2", "v1"],
      preferredVersion: "v2",
    });
    expect(result.resources.find((r) => r.kind === "Widget")).toEqual({
      group: "example.com",
      version: "v1",
      kind: "Widget",
      resource: "widgets",
      singular: "widget",
      namespaced: true,
      shortNames: ["wd"],
      verbs: ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"],
    });
    expect(result.resources.find((r) => r.resource === "pods")?.subresources).toContain("log");
    expect(result.failed).toEqual([]);
  });

  it("reads apidiscovery.k8s.io/v2 (GA in 1.30) the same way", async () => {
    const v2: Handler = (req, res) => {
      const name = req.url === "/api" ? API : APIS;
      const fixture = readRecordedFixture(name);
      res.writeHead(200, {
        "content-type": "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
      });
      res.end(fixture.body.toString().replace('"apidiscovery.k8s.io/v2beta1"', '"apidiscovery.k8s.io/v2"'));
    };
    const result = await (await serve(v2)).discover();
    expect(result.format).toBe("apidiscovery.k8s.io/v2");
    expect(result.resources.map(key)).toEqual(recordedResources().map(key));
  });

  it("falls back to legacy discovery on a server without aggregated discovery, with the same result", async () => {
    const legacy: Handler = (req, res) => {
      if (req.url === "/api") return sendRecorded(res, "realapi/curl/01-api");
      if (req.url === "/apis") return sendRecorded(res, "realapi/curl/02-apis");
      if (req.url === "/api/v1") return sendRecorded(res, "realapi/curl/x01-api-v1");
      if (req.url === "/apis/example.com/v1") return sendRecorded(res, "realapi/curl/x02-apis-example-v1");
      if (req.url === "/apis/autoscaling/v1") {
        res.writeHead(503, { "content-type": "text/plain" });
        return void res.end("service unavailable\n");
      }
      legacyResourceList(res, req.url!.slice("/apis/".length));
    };
    const result = await (await serve(legacy)).discover();
    expect(result.format).toBe("legacy");
    expect(server!.requests.find((r) => r.url === "/apis/apps/v1")?.headers.accept).toBe(
      "application/json, */*",
    );
    // One broken group version is reported, the others are all there.
    expect(result.failed).toEqual([
      { groupVersion: "autoscaling/v1", reason: expect.stringMatching(/HTTP 503/) as string },
    ]);
    const expected = recordedResources().filter((r) => !(r.group === "autoscaling" && r.version === "v1"));
    // Legacy lists have no responseKind subtleties, but the same resources in the same preference order.
    expect(result.resources.map(key).sort()).toEqual(expected.map(key).sort());
    expect(
      result.resources.findIndex((r) => r.group === "autoscaling" && r.version === "v2"),
    ).toBeGreaterThan(0);
  });

  it("is cached per client until refreshed", async () => {
    const c = await serve(routes({ "GET /api": API, "GET /apis": APIS }));
    await c.discover();
    await c.discover();
    expect(server!.requests).toHaveLength(2);
    await c.discover({ refresh: true });
    expect(server!.requests).toHaveLength(4);
  });
});

describe("REST mapping", () => {
  it("maps a CRD's kind through discovery, and only fetches discovery for kinds the built-in table lacks", async () => {
    const c = await serve(
      routes({
        "GET /api": API,
        "GET /apis": APIS,
        "GET /api/v1/namespaces/list-resources-ns/endpoints": (_q, res) => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(
            '{"kind":"EndpointsList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"e"}}]}',
          );
        },
        "GET /apis/example.com/v1/namespaces/list-resources-ns/widgets": "realapi/curl/08-widget-list",
      }),
    );
    // Endpoints is already plural: the table knows; no discovery request.
    const endpoints = await c.list("v1", "Endpoints", { namespace: "list-resources-ns" });
    expect(endpoints.items[0]).toMatchObject({ apiVersion: "v1", kind: "Endpoints" });
    expect(server!.requests.map((r) => r.url)).toEqual(["/api/v1/namespaces/list-resources-ns/endpoints"]);
    const widgets = await c.list("example.com/v1", "Widget", { namespace: "list-resources-ns" });
    expect(widgets.raw).toBe(readFixture("realapi/curl/08-widget-list.body"));
    expect(widgets.items.map((w) => `${w.apiVersion} ${w.kind} ${w.metadata?.name}`)).toEqual([
      "example.com/v1 Widget blue-widget",
    ]);
    expect(server!.requests.map((r) => r.url).slice(1)).toEqual([
      "/api",
      "/apis",
      "/apis/example.com/v1/namespaces/list-resources-ns/widgets",
    ]);
  });

  it("names list items from the mapping when the list kind is not kind + List", async () => {
    const c = await serve(
      routes({
        "GET /api": API,
        "GET /apis": APIS,
        "GET /apis/example.com/v1/widgets": (_q, res) => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(
            '{"kind":"WidgetCollection","apiVersion":"example.com/v1","metadata":{},"items":[{"metadata":{"name":"bare"}}]}',
          );
        },
      }),
    );
    const { items, list } = await c.list("example.com/v1", "wd");
    expect(list.kind).toBe("WidgetCollection");
    expect(items[0]).toEqual({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "bare" } });
  });

  it("keeps working, with the server's naming rule, when discovery is unavailable", async () => {
    const c = await serve(
      routes({
        "GET /apis/example.com/v1/namespaces/ns/gadgets": (_q, res) => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"kind":"GadgetList","apiVersion":"example.com/v1","metadata":{},"items":[]}');
        },
      }),
    );
    const { list } = await c.list("example.com/v1", "Gadget", { namespace: "ns" });
    expect(list.kind).toBe("GadgetList");
  });

  it("resolves kubectl-style resource arguments like kubectl does", () => {
    const resources = recordedResources();
    const found = (arg: string) => {
      const r = resolveResourceArg(arg, resources);
      return r ? `${r.group}/${r.version}/${r.resource}` : undefined;
    };
    expect(
      [
        "cm",
        "configmaps",
        "ConfigMap",
        "configmap",
        "deploy.apps",
        "deployments.v1.apps",
        "hpa",
        "events",
        "ev.events.k8s.io",
        "wd",
        "widgets.example.com",
        "nope",
        "pods.nope",
      ].map(found),
    ).toEqual([
      "/v1/configmaps",
      "/v1/configmaps",
      "/v1/configmaps",
      "/v1/configmaps",
      "apps/v1/deployments",
      "apps/v1/deployments",
      "autoscaling/v2/horizontalpodautoscalers",
      "/v1/events",
      "events.k8s.io/v1/events",
      "example.com/v1/widgets",
      "example.com/v1/widgets",
      undefined,
      undefined,
    ]);
  });
});

import { bodyText } from "../exchange/body.js";
import type { Exchange } from "../exchange/exchange.js";
import { formatMediaType, parseAccept } from "../exchange/media-type.js";

/**
 * Aggregated discovery derived from what a cassette holds, for cassettes recorded by a tool rather than kubectl:
 * such a session never asked `/api` or `/apis`, yet kubectl asks them first. Every resource the recorded requests
 * addressed is listed with the kind its answers carried, its scope (from the paths, or from the items' namespaces)
 * and the usual verbs, so kubectl can map `get configmaps` to the recorded URLs. Only a replay server uses this,
 * and only when the cassette has no discovery answer of its own.
 */

interface ResourceFacts {
  group: string;
  version: string;
  resource: string;
  kind?: string;
  /** Answered only as a Table (what `kubectl get` asks for), which names no kind: the kind is read off the name. */
  tabled?: boolean;
  namespaced?: boolean;
  subresources: Set<string>;
}

/** Common short names of built-in resources, so `kubectl get cm` resolves as it does against a real server. */
const SHORT_NAMES: Record<string, string[]> = {
  configmaps: ["cm"],
  pods: ["po"],
  services: ["svc"],
  namespaces: ["ns"],
  nodes: ["no"],
  endpoints: ["ep"],
  events: ["ev"],
  serviceaccounts: ["sa"],
  persistentvolumeclaims: ["pvc"],
  persistentvolumes: ["pv"],
  replicationcontrollers: ["rc"],
  deployments: ["deploy"],
  daemonsets: ["ds"],
  statefulsets: ["sts"],
  replicasets: ["rs"],
  cronjobs: ["cj"],
  ingresses: ["ing"],
  horizontalpodautoscalers: ["hpa"],
  poddisruptionbudgets: ["pdb"],
  networkpolicies: ["netpol"],
  customresourcedefinitions: ["crd", "crds"],
};

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

function parsePath(url: string): { group: string; version: string; segments: string[] } | undefined {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, "").split("?", 1)[0]!;
  const core = /^\/api\/(v[^/]+)\/(.+)$/.exec(path);
  if (core) return { group: "", version: core[1]!, segments: core[2]!.split("/") };
  const named = /^\/apis\/([^/]+)\/(v[^/]+)\/(.+)$/.exec(path);
  if (named) return { group: named[1]!, version: named[2]!, segments: named[3]!.split("/") };
  return undefined;
}

function responseObject(exchange: Exchange): Record<string, unknown> | undefined {
  const body = exchange.response?.body;
  if (!body || (exchange.response?.status ?? 0) >= 300) return undefined;
  const text = bodyText(body);
  if (!text) return undefined;
  try {
    const first = body.kind === "stream" ? text.split("\n", 1)[0]! : text;
    const value = JSON.parse(first) as Record<string, unknown>;
    if (body.kind === "stream" && typeof value.object === "object")
      return value.object as Record<string, unknown>;
    return value;
  } catch {
    return undefined;
  }
}

function learn(exchange: Exchange, facts: Map<string, ResourceFacts>): void {
  const parsed = parsePath(exchange.request.url);
  if (!parsed) return;
  const s = parsed.segments[0] === "watch" ? parsed.segments.slice(1) : parsed.segments;
  let resource: string;
  let rest: string[];
  let namespaced: boolean | undefined;
  if (s[0] === "namespaces" && s.length >= 3) {
    resource = s[2]!;
    rest = s.slice(3);
    namespaced = true;
  } else {
    resource = s[0]!;
    rest = s.slice(1);
  }
  const key = `${parsed.group}/${parsed.version}/${resource}`;
  const entry: ResourceFacts = facts.get(key) ?? {
    group: parsed.group,
    version: parsed.version,
    resource,
    subresources: new Set(),
  };
  facts.set(key, entry);
  if (namespaced) entry.namespaced = true;
  if (rest.length >= 2) entry.subresources.add(rest[1]!);
  const object = responseObject(exchange);
  if (!object || rest.length >= 2) return;
  let kind = typeof object.kind === "string" ? object.kind : undefined;
  if (kind === "Table" && Array.isArray(object.rows)) {
    entry.tabled = true;
    const rows = object.rows as { object?: { metadata?: { namespace?: unknown } } }[];
    if (namespaced === undefined && rows.length > 0)
      entry.namespaced ||= rows.some((r) => typeof r.object?.metadata?.namespace === "string");
  }
  if (kind === "Table" || kind === "Status" || kind === "PartialObjectMetadataList") kind = undefined;
  if (kind?.endsWith("List") && Array.isArray(object.items)) {
    kind = kind.slice(0, -4);
    const items = object.items as { metadata?: { namespace?: unknown } }[];
    if (namespaced === undefined && items.length > 0)
      entry.namespaced ||= items.some((i) => typeof i.metadata?.namespace === "string");
  } else if (rest.length === 1 && namespaced === undefined) {
    const metadata = object.metadata as { namespace?: unknown } | undefined;
    if (typeof metadata?.namespace === "string") entry.namespaced = true;
  }
  if (kind && !entry.kind) entry.kind = kind;
}

/**
 * A kind for a resource known only from Tables: the English singular, capitalized (`ingresses` → `Ingress`,
 * `networkpolicies` → `Networkpolicy`). kubectl lowercases kinds wherever it prints them, so the case inside a
 * compound name does not show.
 */
function kindFromResource(resource: string): string {
  const singular = resource.endsWith("ies")
    ? `${resource.slice(0, -3)}y`
    : /(?:ss|x|ch|sh)es$/.test(resource)
      ? resource.slice(0, -2)
      : resource.endsWith("s")
        ? resource.slice(0, -1)
        : resource;
  return singular.charAt(0).toUpperCase() + singular.slice(1);
}

/** The aggregated discovery version a client accepts, best first; undefined when it wants legacy discovery. */
function acceptedVersion(accept: string | undefined): string | undefined {
  for (const m of parseAccept(accept)) {
    if (
      m.params.g === "apidiscovery.k8s.io" &&
      m.params.as === "APIGroupDiscoveryList" &&
      (m.params.v === "v2" || m.params.v === "v2beta1")
    )
      return m.params.v;
  }
  return undefined;
}

/** A synthesized answer: status 200, headers and body. */
export interface SyntheticAnswer {
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Aggregated discovery for `/api` or `/apis`, derived from a cassette's exchanges, in the version the Accept header
 * asks for; undefined for other paths, for clients that ask only for legacy discovery, and when the cassette
 * addresses no resource at all.
 */
export function synthesizeDiscovery(
  exchanges: Exchange[],
  path: string,
  accept: string | undefined,
): SyntheticAnswer | undefined {
  const which = path.split("?", 1)[0]!.replace(/\/$/, "");
  if (which !== "/api" && which !== "/apis") return undefined;
  const version = acceptedVersion(accept);
  if (!version) return undefined;
  const facts = new Map<string, ResourceFacts>();
  for (const e of exchanges) learn(e, facts);
  for (const f of facts.values()) if (!f.kind && f.tabled) f.kind = kindFromResource(f.resource);
  const all = [...facts.values()].filter((f) => f.kind);
  // A cassette that addresses no resource at all has nothing to derive from; one that addresses only core (or
  // only named groups) answers the other endpoint with an empty list, as a server without such groups would.
  if (all.length === 0) return undefined;
  const known = all.filter((f) => (which === "/api" ? f.group === "" : f.group !== ""));
  const groups = new Map<string, Map<string, ResourceFacts[]>>();
  for (const f of known) {
    const versions = groups.get(f.group) ?? new Map<string, ResourceFacts[]>();
    groups.set(f.group, versions);
    versions.set(f.version, [...(versions.get(f.version) ?? []), f]);
  }
  const items = [...groups].map(([group, versions]) => ({
    metadata: group ? { name: group, creationTimestamp: null } : { creationTimestamp: null },
    versions: [...versions].map(([v, resources]) => ({
      version: v,
      resources: resources
        .sort((a, b) => a.resource.localeCompare(b.resource))
        .map((r) => ({
          resource: r.resource,
          responseKind: { group: "", version: "", kind: r.kind },
          scope: r.namespaced ? "Namespaced" : "Cluster",
          singularResource: r.kind!.toLowerCase(),
          verbs: VERBS,
          ...(SHORT_NAMES[r.resource] && group === "" ? { shortNames: SHORT_NAMES[r.resource] } : {}),
          ...(r.subresources.size
            ? {
                subresources: [...r.subresources].sort().map((subresource) => ({
                  subresource,
                  responseKind: { group: "", version: "", kind: r.kind },
                  verbs: ["get", "patch", "update"],
                })),
              }
            : {}),
        })),
      freshness: "Current",
    })),
  }));
  const document = {
    kind: "APIGroupDiscoveryList",
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items,
  };
  return {
    headers: {
      "Content-Type": formatMediaType({
        type: "application",
        subtype: "json",
        params: { g: "apidiscovery.k8s.io", v: version, as: "APIGroupDiscoveryList" },
      }),
      "X-Kubewire-Synthesized": "discovery",
    },
    body: Buffer.from(JSON.stringify(document) + "\n"),
  };
}

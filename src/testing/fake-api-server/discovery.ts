/**
 * Discovery documents, legacy (`/api`, `/apis`, `/api/v1`, `/apis/<g>/<v>`) and aggregated (`apidiscovery.k8s.io`
 * v2 and v2beta1, what kubectl 1.27+ asks for first), in kube-apiserver's shapes and key order.
 */
import { createHash } from "node:crypto";
import { apiVersionOf, sortVersions } from "./resource-types.js";
import type { ResourceType } from "./resource-types.js";

type Obj = Record<string, unknown>;

/** `discovery.StorageVersionHash`: base64 of the first 8 bytes of sha256("group/version/kind"). */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash("sha256")
    .update(`${group}/${version}/${kind}`)
    .digest()
    .subarray(0, 8)
    .toString("base64");
}

export function apiVersions(serverAddress: string): Obj {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

interface GroupVersions {
  group: string;
  versions: string[];
}

function groupEntry(g: GroupVersions): Obj {
  const versions = sortVersions(g.versions).map((v) => ({ groupVersion: `${g.group}/${v}`, version: v }));
  return { name: g.group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(groups: GroupVersions[]): Obj {
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: groups.filter((g) => g.group !== "").map(groupEntry),
  };
}

export function apiGroup(group: GroupVersions): Obj {
  return { kind: "APIGroup", apiVersion: "v1", ...groupEntry(group) };
}

/** The resources of one group version, as `/api/v1` or `/apis/<g>/<v>` lists them. */
export function apiResourceList(group: string, version: string, types: ResourceType[]): Obj {
  const resources: Obj[] = [];
  for (const t of [...types].sort((a, b) => byteOrder(a.resource, b.resource))) {
    const entry: Obj = {
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
    };
    if (t.shortNames) entry.shortNames = t.shortNames;
    if (t.categories) entry.categories = t.categories;
    if (t.verbs.includes("watch"))
      entry.storageVersionHash = t.storageVersionHash ?? storageVersionHash(t.group, t.versions[0]!, t.kind);
    resources.push(entry);
    for (const sub of t.subresources)
      resources.push({
        name: `${t.resource}/${sub.name}`,
        singularName: "",
        namespaced: t.namespaced,
        ...(sub.group !== undefined ? { group: sub.group, version: sub.version } : {}),
        kind: sub.kind,
        verbs: sub.verbs,
      });
  }
  const out: Obj = { kind: "APIResourceList" };
  // The core group's list carries no apiVersion; the others do (x01 and x02 in the recordings).
  if (group !== "") out.apiVersion = "v1";
  out.groupVersion = apiVersionOf(group, version);
  out.resources = resources;
  return out;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function aggregatedResource(t: ResourceType, version: string): Obj {
  // Built-ins leave responseKind's group and version empty ("same as the resource"); CRDs fill them in.
  const responseKind = t.crd
    ? { group: t.group, version, kind: t.kind }
    : { group: "", version: "", kind: t.kind };
  const entry: Obj = {
    resource: t.resource,
    responseKind,
    scope: t.namespaced ? "Namespaced" : "Cluster",
    singularResource: t.singular,
    verbs: t.verbs,
  };
  if (t.shortNames) entry.shortNames = t.shortNames;
  if (t.categories) entry.categories = t.categories;
  if (t.subresources.length > 0)
    entry.subresources = t.subresources.map((sub) => ({
      subresource: sub.name,
      responseKind:
        sub.group !== undefined
          ? { group: sub.group, version: sub.version, kind: sub.kind }
          : { ...responseKind, kind: sub.kind },
      verbs: sub.verbs,
    }));
  return entry;
}

/** `APIGroupDiscoveryList` for `/api` (legacy: true) or `/apis`. */
export function aggregatedDiscovery(
  apiVersion: "apidiscovery.k8s.io/v2" | "apidiscovery.k8s.io/v2beta1",
  groups: GroupVersions[],
  types: ResourceType[],
  legacy: boolean,
): Obj {
  const items = groups
    .filter((g) => (g.group === "") === legacy)
    .map((g) => ({
      metadata: legacy ? { creationTimestamp: null } : { name: g.group, creationTimestamp: null },
      versions: sortVersions(g.versions).map((v) => ({
        version: v,
        resources: types
          .filter((t) => t.group === g.group && t.versions.includes(v))
          .sort((a, b) => byteOrder(a.resource, b.resource))
          .map((t) => aggregatedResource(t, v)),
        freshness: "Current",
      })),
    }));
  return { kind: "APIGroupDiscoveryList", apiVersion, metadata: {}, items };
}

export const AGGREGATED_MEDIA_TYPES = {
  "apidiscovery.k8s.io/v2": "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
  "apidiscovery.k8s.io/v2beta1": "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
} as const;

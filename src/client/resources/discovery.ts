import type { ResourceInfo } from "./builtin-resources.js";
import type { CallOptions, RawRequest, RawResponse } from "../client-options.js";
import { firstValue, parseJsonBody } from "../response-errors.js";
import { documentsFromAggregated, groupListFromLegacy, readResourceList } from "./discovery-documents.js";
import type { ApiResourceListDocument, DiscoveryDocuments } from "./discovery-documents.js";
import { isJsonObject } from "../../internal/json.js";

/** What kubectl 1.30+ asks `/api` and `/apis` for: aggregated discovery v2, then v2beta1, then the legacy lists. */
export const AGGREGATED_DISCOVERY_ACCEPT =
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
/** What client-go asks a group version's resource list (`/apis/<g>/<v>`) for. */
export const LEGACY_DISCOVERY_ACCEPT = "application/json, */*";

/** The closed set of discovery formats a server may answer with. */
export const DISCOVERY_FORMATS = ["apidiscovery.k8s.io/v2", "apidiscovery.k8s.io/v2beta1", "legacy"] as const;
/** Which discovery format a server answered with, one of {@link DISCOVERY_FORMATS}. */
export type DiscoveryFormat = (typeof DISCOVERY_FORMATS)[number];

/** An API group as discovery found it, with its versions. */
export interface DiscoveredGroup {
  /** `""` for the core group. */
  name: string;
  /** Versions, preferred first. */
  versions: string[];
  preferredVersion: string;
}

/** Everything a server serves, as found by discovery. */
export interface DiscoveryResult {
  format: DiscoveryFormat;
  /** In discovery order: the core group first, then `/apis` in the server's order. */
  groups: DiscoveredGroup[];
  /** Every resource of every group version, each group's preferred version first. */
  resources: ResourceInfo[];
  /** Group versions that could not be read (legacy discovery) or that the server marked Stale (aggregated). */
  failed: { groupVersion: string; reason: string }[];
  /** `cache` when read from kubectl's disk cache (`format` is then `legacy`: the cache keeps classic documents). */
  source?: DiscoverySource;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** The format named by a discovery response's Content-Type (`...;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`). */
export function discoveryFormatOf(contentType: string | undefined, body: unknown): DiscoveryFormat {
  const params = new Map(
    (contentType ?? "")
      .split(";")
      .slice(1)
      .map((p) => p.trim().split("=") as [string, string]),
  );
  if (params.get("as") === "APIGroupDiscoveryList" && params.get("g") === "apidiscovery.k8s.io")
    return params.get("v") === "v2" ? "apidiscovery.k8s.io/v2" : "apidiscovery.k8s.io/v2beta1";
  // A proxy may drop the parameters; the body still says what it is.
  if (isJsonObject(body) && body.kind === "APIGroupDiscoveryList")
    return body.apiVersion === "apidiscovery.k8s.io/v2"
      ? "apidiscovery.k8s.io/v2"
      : "apidiscovery.k8s.io/v2beta1";
  return "legacy";
}

/**
 * Reads an aggregated discovery document (`APIGroupDiscoveryList`, v2 or v2beta1: the same shape). A resource's
 * `responseKind` with empty group and version belongs to the enclosing group version; subresources stay on their
 * parent. Group versions marked `Stale` are reported in `failed` and their resources left out, as client-go does.
 */
export function parseAggregatedDiscovery(value: unknown): Omit<DiscoveryResult, "format"> {
  const result: Omit<DiscoveryResult, "format"> = { groups: [], resources: [], failed: [] };
  if (!isJsonObject(value) || !Array.isArray(value.items)) return result;
  for (const item of value.items) {
    if (!isJsonObject(item)) continue;
    const name = str(isJsonObject(item.metadata) ? item.metadata.name : undefined);
    const versions = Array.isArray(item.versions) ? item.versions.filter(isJsonObject) : [];
    const group: DiscoveredGroup = { name, versions: [], preferredVersion: str(versions[0]?.version) };
    for (const v of versions) {
      const version = str(v.version);
      group.versions.push(version);
      if (v.freshness === "Stale") {
        result.failed.push({ groupVersion: name ? `${name}/${version}` : version, reason: "Stale" });
        continue;
      }
      for (const r of Array.isArray(v.resources) ? v.resources.filter(isJsonObject) : []) {
        const kind = str(isJsonObject(r.responseKind) ? r.responseKind.kind : undefined);
        const resource = str(r.resource);
        if (!resource || !kind) continue;
        const info: ResourceInfo = {
          group: name,
          version,
          kind,
          resource,
          singular: str(r.singularResource) || kind.toLowerCase(),
          namespaced: r.scope === "Namespaced",
          verbs: strings(r.verbs),
        };
        const shortNames = strings(r.shortNames);
        if (shortNames.length) info.shortNames = shortNames;
        const categories = strings(r.categories);
        if (categories.length) info.categories = categories;
        const subresources = (Array.isArray(r.subresources) ? r.subresources.filter(isJsonObject) : []).map(
          (s) => str(s.subresource),
        );
        if (subresources.length) info.subresources = subresources.filter(Boolean);
        result.resources.push(info);
      }
    }
    result.groups.push(group);
  }
  return result;
}

/**
 * Reads a legacy `APIResourceList` (`/api/v1`, `/apis/<group>/<version>`): `pods/status` entries become
 * subresources of `pods`; an empty `singularName` (older servers) falls back to the lower-cased kind.
 */
export function parseApiResourceList(value: unknown, groupVersion: string): ResourceInfo[] {
  if (!isJsonObject(value) || !Array.isArray(value.resources)) return [];
  const slash = groupVersion.indexOf("/");
  const group = slash < 0 ? "" : groupVersion.slice(0, slash);
  const version = slash < 0 ? groupVersion : groupVersion.slice(slash + 1);
  const out: ResourceInfo[] = [];
  const byName = new Map<string, ResourceInfo>();
  const subresources: [string, string][] = [];
  for (const r of value.resources.filter(isJsonObject)) {
    const name = str(r.name);
    if (name.includes("/")) {
      const [parent, sub] = name.split("/", 2) as [string, string];
      subresources.push([parent, sub]);
      continue;
    }
    const kind = str(r.kind);
    if (!name || !kind) continue;
    const info: ResourceInfo = {
      group,
      version,
      kind,
      resource: name,
      singular: str(r.singularName) || kind.toLowerCase(),
      namespaced: r.namespaced === true,
      verbs: strings(r.verbs),
    };
    const shortNames = strings(r.shortNames);
    if (shortNames.length) info.shortNames = shortNames;
    const categories = strings(r.categories);
    if (categories.length) info.categories = categories;
    out.push(info);
    byName.set(name, info);
  }
  for (const [parent, sub] of subresources) {
    const info = byName.get(parent);
    if (info) info.subresources = [...(info.subresources ?? []), sub];
  }
  return out;
}

/** Reads `/api` (`APIVersions`) or `/apis` (`APIGroupList`) of legacy discovery into groups. */
export function parseLegacyGroups(api: unknown, apis: unknown): DiscoveredGroup[] {
  const groups: DiscoveredGroup[] = [];
  const core = isJsonObject(api) ? strings(api.versions) : [];
  if (core.length) groups.push({ name: "", versions: core, preferredVersion: core[0]! });
  if (isJsonObject(apis) && Array.isArray(apis.groups)) {
    for (const g of apis.groups.filter(isJsonObject)) {
      const versions = (Array.isArray(g.versions) ? g.versions.filter(isJsonObject) : []).map((v) =>
        str(v.version),
      );
      const preferred =
        str(isJsonObject(g.preferredVersion) ? g.preferredVersion.version : undefined) || versions[0] || "";
      // Preferred first, then the rest in the server's order, so "first match wins" picks the preferred version.
      groups.push({
        name: str(g.name),
        versions: [preferred, ...versions.filter((v) => v !== preferred)].filter(Boolean),
        preferredVersion: preferred,
      });
    }
  }
  return groups;
}

/** Orders resources so that each group's preferred version comes first, groups in discovery order. */
export function orderByPreference(groups: DiscoveredGroup[], resources: ResourceInfo[]): ResourceInfo[] {
  const rank = new Map<string, number>();
  let i = 0;
  for (const g of groups) {
    const ordered = [g.preferredVersion, ...g.versions.filter((v) => v !== g.preferredVersion)];
    for (const v of ordered) if (!rank.has(`${g.name}/${v}`)) rank.set(`${g.name}/${v}`, i++);
  }
  return resources
    .map((r, index) => ({ r, index, rank: rank.get(`${r.group}/${r.version}`) ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ r }) => r);
}

/** Where a discovery came from: the server, or kubectl's disk cache (see `discovery-cache.ts`). */
export type DiscoverySource = "server" | "cache";

/** The resources of classic documents, each group's preferred version first, groups in discovery order. */
export function discoveryFromDocuments(
  documents: DiscoveryDocuments,
  format: DiscoveryFormat,
  failed: DiscoveryResult["failed"] = [],
): DiscoveryResult {
  const groups: DiscoveredGroup[] = documents.groups.groups.map((g) => {
    const preferred = g.preferredVersion.version;
    const versions = g.versions.map((v) => v.version);
    return {
      name: g.name,
      versions: [preferred, ...versions.filter((v) => v !== preferred)].filter(Boolean),
      preferredVersion: preferred,
    };
  });
  const resources = [...documents.resourceLists].flatMap(([gv, list]) => parseApiResourceList(list, gv));
  return {
    format,
    groups,
    resources: orderByPreference(groups, resources),
    failed: [...documents.stale.map((groupVersion) => ({ groupVersion, reason: "Stale" })), ...failed],
  };
}

/** One group version's classic resource list (`/api/v1`, `/apis/<group>/<version>`). */
export async function fetchResourceList(
  request: (req: RawRequest) => Promise<RawResponse>,
  groupVersion: string,
  call: CallOptions = {},
): Promise<ApiResourceListDocument | undefined> {
  const res = await request({
    method: "GET",
    path: groupVersion.includes("/") ? `/apis/${groupVersion}` : `/api/${groupVersion}`,
    headers: { Accept: LEGACY_DISCOVERY_ACCEPT },
    ...call,
  });
  return readResourceList(parseJsonBody(res), groupVersion);
}

/**
 * Discovers what a server serves, as client-go's documents: `/api` and `/apis` asked for aggregated discovery
 * (v2, then v2beta1, negotiated in one request each); when the server answers with the legacy lists, every group
 * version's resource list. A group version that cannot be read is reported in `failed`, the rest is still used.
 */
export async function fetchDiscoveryDocuments(
  request: (req: RawRequest) => Promise<RawResponse>,
  call: CallOptions = {},
): Promise<{ documents: DiscoveryDocuments; format: DiscoveryFormat; failed: DiscoveryResult["failed"] }> {
  const root = async (path: string) => {
    const res = await request({
      method: "GET",
      path,
      headers: { Accept: AGGREGATED_DISCOVERY_ACCEPT },
      ...call,
    });
    const value = parseJsonBody(res);
    return { value, format: discoveryFormatOf(firstValue(res.headers["content-type"]), value) };
  };
  const [api, apis] = await Promise.all([root("/api"), root("/apis")]);
  if (api.format !== "legacy" && apis.format !== "legacy")
    return { documents: documentsFromAggregated(api.value, apis.value), format: apis.format, failed: [] };
  const groups = groupListFromLegacy(api.value, apis.value);
  const failed: DiscoveryResult["failed"] = [];
  const resourceLists = new Map<string, ApiResourceListDocument>();
  const groupVersions = groups.groups.flatMap((g) => g.versions.map((v) => v.groupVersion));
  const lists = await Promise.all(
    groupVersions.map(async (groupVersion) => {
      try {
        return await fetchResourceList(request, groupVersion, call);
      } catch (error) {
        // One broken aggregated API (a metrics-server that is down) must not hide every other group.
        failed.push({ groupVersion, reason: (error as Error).message });
        return undefined;
      }
    }),
  );
  groupVersions.forEach((gv, i) => {
    const list = lists[i];
    if (list && list.resources.length > 0) resourceLists.set(gv, list);
  });
  return { documents: { groups, resourceLists, stale: [] }, format: "legacy", failed };
}

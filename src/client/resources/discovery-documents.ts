import { isJsonObject } from "../../internal/json.js";
import type { JsonObject } from "../../internal/json.js";

/**
 * Discovery as client-go keeps it, whatever the server spoke: an `APIGroupList` (the core group first, as group
 * `""`) and one `APIResourceList` per group version, subresources as `pods/status` entries. Aggregated discovery
 * (v2, v2beta1) is converted the way client-go converts it (`discovery/aggregated_discovery.go`), so that these
 * documents are byte for byte what kubectl writes to its disk cache.
 */

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : undefined;

/** metav1.APIResource, its fields in Go's order (omitempty ones only when set). */
export interface ApiResourceDocument {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[] | null;
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

export interface ApiResourceListDocument {
  kind: "APIResourceList";
  apiVersion: "v1";
  groupVersion: string;
  resources: ApiResourceDocument[];
}

export interface ApiGroupDocument {
  name: string;
  versions: { groupVersion: string; version: string }[];
  preferredVersion: { groupVersion: string; version: string };
}

export interface ApiGroupListDocument {
  kind: "APIGroupList";
  apiVersion: "v1";
  groups: ApiGroupDocument[];
}

/** Every discovery document of a server: the groups and, per group version, its resources. */
export interface DiscoveryDocuments {
  groups: ApiGroupListDocument;
  /** By group version (`v1`, `apps/v1`); a group version without resources has no entry. */
  resourceLists: Map<string, ApiResourceListDocument>;
  /** Group versions marked Stale by aggregated discovery (kept in `groups`, without resources). */
  stale: string[];
}

const groupVersionOf = (group: string, version: string) => (group ? `${group}/${version}` : version);

function resourceDocument(r: JsonObject): ApiResourceDocument {
  const kind = isJsonObject(r.responseKind) ? r.responseKind : undefined;
  const out: ApiResourceDocument = {
    name: str(r.resource),
    singularName: str(r.singularResource),
    namespaced: r.scope === "Namespaced",
    kind: str(kind?.kind),
    verbs: strings(r.verbs) ?? null,
  };
  return withOptional(out, str(kind?.group), str(kind?.version), r);
}

/** Adds group, version, shortNames and categories where Go's omitempty would write them, in Go's order. */
function withOptional(
  base: ApiResourceDocument,
  group: string,
  version: string,
  r: JsonObject,
): ApiResourceDocument {
  const out: ApiResourceDocument = {
    name: base.name,
    singularName: base.singularName,
    namespaced: base.namespaced,
    ...(group ? { group } : {}),
    ...(version ? { version } : {}),
    kind: base.kind,
    verbs: base.verbs,
  };
  const shortNames = strings(r.shortNames);
  if (shortNames?.length) out.shortNames = shortNames;
  const categories = strings(r.categories);
  if (categories?.length) out.categories = categories;
  return out;
}

/**
 * client-go's conversion of the aggregated documents of `/api` and `/apis` into the classic documents. A
 * resource without a response kind is skipped, as client-go skips it.
 */
export function documentsFromAggregated(api: unknown, apis: unknown): DiscoveryDocuments {
  const groups: ApiGroupDocument[] = [];
  const resourceLists = new Map<string, ApiResourceListDocument>();
  const stale: string[] = [];
  for (const doc of [api, apis]) {
    if (!isJsonObject(doc) || !Array.isArray(doc.items)) continue;
    for (const item of doc.items.filter(isJsonObject)) {
      const name = str(isJsonObject(item.metadata) ? item.metadata.name : undefined);
      const versions = Array.isArray(item.versions) ? item.versions.filter(isJsonObject) : [];
      if (versions.length === 0) continue;
      const group: ApiGroupDocument = {
        name,
        versions: versions.map((v) => ({
          groupVersion: groupVersionOf(name, str(v.version)),
          version: str(v.version),
        })),
        preferredVersion: {
          groupVersion: groupVersionOf(name, str(versions[0]!.version)),
          version: str(versions[0]!.version),
        },
      };
      groups.push(group);
      for (const v of versions) {
        const groupVersion = groupVersionOf(name, str(v.version));
        if (v.freshness === "Stale") {
          stale.push(groupVersion);
          continue;
        }
        const resources: ApiResourceDocument[] = [];
        for (const r of Array.isArray(v.resources) ? v.resources.filter(isJsonObject) : []) {
          if (!isJsonObject(r.responseKind)) continue;
          const parent = resourceDocument(r);
          resources.push(parent);
          for (const s of Array.isArray(r.subresources) ? r.subresources.filter(isJsonObject) : []) {
            const kind = isJsonObject(s.responseKind) ? s.responseKind : undefined;
            if (!kind) continue;
            resources.push(
              withOptional(
                {
                  name: `${parent.name}/${str(s.subresource)}`,
                  singularName: parent.singularName,
                  namespaced: parent.namespaced,
                  kind: str(kind.kind),
                  verbs: strings(s.verbs) ?? null,
                },
                str(kind.group),
                str(kind.version),
                {},
              ),
            );
          }
        }
        if (resources.length > 0)
          resourceLists.set(groupVersion, {
            kind: "APIResourceList",
            apiVersion: "v1",
            groupVersion,
            resources,
          });
      }
    }
  }
  return { groups: { kind: "APIGroupList", apiVersion: "v1", groups }, resourceLists, stale };
}

/** The classic `/api` (`APIVersions`) and `/apis` (`APIGroupList`) documents as one group list, core first. */
export function groupListFromLegacy(api: unknown, apis: unknown): ApiGroupListDocument {
  const groups: ApiGroupDocument[] = [];
  const core = isJsonObject(api) ? (strings(api.versions) ?? []) : [];
  if (core.length > 0)
    groups.push({
      name: "",
      versions: core.map((v) => ({ groupVersion: v, version: v })),
      preferredVersion: { groupVersion: core[0]!, version: core[0]! },
    });
  if (isJsonObject(apis) && Array.isArray(apis.groups)) {
    for (const g of apis.groups.filter(isJsonObject)) {
      const versions = (Array.isArray(g.versions) ? g.versions.filter(isJsonObject) : []).map((v) => ({
        groupVersion: str(v.groupVersion),
        version: str(v.version),
      }));
      const preferred = isJsonObject(g.preferredVersion)
        ? { groupVersion: str(g.preferredVersion.groupVersion), version: str(g.preferredVersion.version) }
        : versions[0];
      if (!preferred) continue;
      groups.push({ name: str(g.name), versions, preferredVersion: preferred });
    }
  }
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

/** A group list read back (from a cache file): the groups it names, malformed entries dropped. */
export function readGroupList(value: unknown): ApiGroupListDocument | undefined {
  if (!isJsonObject(value) || value.kind !== "APIGroupList" || !Array.isArray(value.groups)) return undefined;
  return groupListFromLegacy(undefined, value);
}

/** The resource list of one group version read back, or undefined when it is not one. */
export function readResourceList(value: unknown, groupVersion: string): ApiResourceListDocument | undefined {
  if (!isJsonObject(value) || value.kind !== "APIResourceList" || !Array.isArray(value.resources))
    return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: str(value.groupVersion) || groupVersion,
    resources: value.resources as ApiResourceDocument[],
  };
}

/** Go's encoding/json of a discovery document: JSON with `<`, `>`, `&`, U+2028 and U+2029 escaped. */
export function encodeDocument(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

import { BUILTIN_API } from "./builtin-api.js";
import type { BuiltinSubresource } from "./builtin-api.js";
import type { NameRule } from "./validation.js";
import { nameRuleFor } from "./validation.js";

/** A printer column of a CRD (`additionalPrinterColumns`). */
export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

/** A subresource a type serves (`status`, `scale`, `token`…), with the kind it answers with. */
export type Subresource = BuiltinSubresource;

/** A CRD's scale subresource: where the replicas live. */
export interface ScalePaths {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** One resource the in-memory server serves: built in, or defined by a CustomResourceDefinition stored in it. */
export interface ResourceType {
  group: string;
  /** Served versions; the first is the storage version. No conversion happens between them (like CRDs' `None`). */
  versions: string[];
  resource: string;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  verbs: readonly string[];
  shortNames?: readonly string[];
  categories?: readonly string[];
  /** Has a `status` subresource. */
  status: boolean;
  /** Every subresource it serves, as discovery lists them. */
  subresources: readonly Subresource[];
  /** Objects of it are stored (false for reviews and bindings, which are answered and forgotten). */
  stored: boolean;
  /** The real server's storage version hash, when known (else computed from the storage version). */
  storageVersionHash?: string;
  /** `metadata.generation` is kept and bumped when anything but metadata and status changes. */
  generation: boolean;
  /** A PUT without `metadata.resourceVersion` is allowed (built-ins) or a 422 (custom resources). */
  allowUnconditionalUpdate: boolean;
  /** DELETE answers with the object (pods, services...) rather than a `Status`. */
  returnDeletedObject: boolean;
  nameRule: NameRule;
  /** Set for custom resources: the CRD's name, and its printer columns per version. */
  crd?: {
    name: string;
    printerColumns: Record<string, PrinterColumn[]>;
    schemas: Record<string, unknown>;
    /** The scale subresource's paths, per version. */
    scale: Record<string, ScalePaths>;
  };
}

/** Built-in kinds whose strategy keeps `metadata.generation` (PrepareForCreate sets it to 1). */
const GENERATION_KINDS = new Set([
  "apps/DaemonSet",
  "apps/Deployment",
  "apps/ReplicaSet",
  "apps/StatefulSet",
  "batch/CronJob",
  "batch/Job",
  "/ReplicationController",
  "networking.k8s.io/Ingress",
  "networking.k8s.io/IngressClass",
  "networking.k8s.io/NetworkPolicy",
  "scheduling.k8s.io/PriorityClass",
  "policy/PodDisruptionBudget",
  "apiextensions.k8s.io/CustomResourceDefinition",
  "autoscaling/HorizontalPodAutoscaler",
  "admissionregistration.k8s.io/MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
  "flowcontrol.apiserver.k8s.io/FlowSchema",
  "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
]);

/** Built-in registries with `ReturnDeletedObject: true`, plus those whose delete is graceful by design. */
const RETURN_DELETED = new Set([
  "/pods",
  "/services",
  "/serviceaccounts",
  "/namespaces",
  "storage.k8s.io/storageclasses",
  "apiextensions.k8s.io/customresourcedefinitions",
]);

/** Create-only resources kube-apiserver answers without storing anything (reviews, bindings). */
function isStored(verbs: readonly string[]): boolean {
  return verbs.includes("get") || verbs.includes("list");
}

export function builtinTypes(): ResourceType[] {
  return BUILTIN_API.map((r) => ({
    group: r.group,
    versions: [...r.versions],
    resource: r.resource,
    kind: r.kind,
    listKind: `${r.kind}List`,
    singular: r.singular,
    namespaced: r.namespaced,
    verbs: r.verbs,
    ...(r.shortNames ? { shortNames: r.shortNames } : {}),
    ...(r.categories ? { categories: r.categories } : {}),
    status: (r.subresources ?? []).some((sub) => sub.name === "status"),
    subresources: r.subresources ?? [],
    stored: isStored(r.verbs),
    ...(r.storageVersionHash ? { storageVersionHash: r.storageVersionHash } : {}),
    generation: GENERATION_KINDS.has(`${r.group}/${r.kind}`),
    allowUnconditionalUpdate: true,
    returnDeletedObject: RETURN_DELETED.has(`${r.group}/${r.resource}`),
    nameRule: nameRuleFor(r.group, r.resource),
  }));
}

export function typeKey(t: { group: string; resource: string }): string {
  return `${t.group}/${t.resource}`;
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** The registry of served resource types; CRDs add and remove theirs as they are created and deleted. */
export class ResourceRegistry {
  readonly #types = new Map<string, ResourceType>();
  #generation = 0;

  /** Counts changes (a CRD served or retired), for what is derived from the types and cached. */
  get generation(): number {
    return this.#generation;
  }

  constructor(types: ResourceType[]) {
    for (const t of types) this.#types.set(typeKey(t), t);
  }

  all(): ResourceType[] {
    return [...this.#types.values()];
  }

  get(group: string, resource: string): ResourceType | undefined {
    return this.#types.get(`${group}/${resource}`);
  }

  /** The type served at `group/version/resource`, if that version is served. */
  find(group: string, version: string, resource: string): ResourceType | undefined {
    const t = this.get(group, resource);
    return t && t.versions.includes(version) ? t : undefined;
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    const slash = apiVersion.indexOf("/");
    const group = slash < 0 ? "" : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    return this.all().find((t) => t.group === group && t.kind === kind && t.versions.includes(version));
  }

  add(t: ResourceType): void {
    this.#types.set(typeKey(t), t);
    this.#generation++;
  }

  remove(group: string, resource: string): void {
    this.#types.delete(`${group}/${resource}`);
    this.#generation++;
  }

  /** Served group versions in the order a real server lists them: built-in groups first, then CRD groups. */
  groupVersions(groupOrder: readonly string[]): { group: string; versions: string[] }[] {
    const byGroup = new Map<string, Set<string>>();
    for (const t of this.all()) {
      const set = byGroup.get(t.group) ?? new Set<string>();
      for (const v of t.versions) set.add(v);
      byGroup.set(t.group, set);
    }
    const known = groupOrder.filter((g) => byGroup.has(g));
    const extra = [...byGroup.keys()].filter((g) => g !== "" && !groupOrder.includes(g)).sort();
    return [...known, ...extra].map((group) => ({ group, versions: sortVersions([...byGroup.get(group)!]) }));
  }
}

/**
 * Kubernetes version priority (apimachinery `version.CompareKubeAwareVersionStrings`): GA before beta before
 * alpha, higher numbers first, then anything that does not look like a Kubernetes version, alphabetically.
 */
export function sortVersions(versions: string[]): string[] {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return { rank: 3, major: 0, minor: 0 };
    const rank = m[2] === undefined ? 0 : m[2] === "beta" ? 1 : 2;
    return { rank, major: Number(m[1]), minor: Number(m[3] ?? 0) };
  };
  return [...versions].sort((a, b) => {
    const x = parse(a);
    const y = parse(b);
    if (x.rank !== y.rank) return x.rank - y.rank;
    if (x.rank === 3) return a < b ? -1 : a > b ? 1 : 0;
    if (x.major !== y.major) return y.major - x.major;
    return y.minor - x.minor;
  });
}

/**
 * What every verb of the registry shares: the store, the served types, the clock, background work, and the small
 * helpers each verb needs (metadata access, presentation, the names errors use).
 */
import { builtinPatchMeta } from "../../../normalize/patch.js";
import { isPlainObject } from "../json.js";
import type { FieldSetContext } from "../managed-fields.js";
import { managerFromUserAgent } from "../managed-fields.js";
import { formatObject } from "../object-format.js";
import { apiVersionOf, typeKey } from "../resource-types.js";
import type { ResourceRegistry, ResourceType } from "../resource-types.js";
import { conflict } from "../status.js";
import type { ApiStatusError, GroupKind, GroupResource } from "../status.js";
import type { Obj, Store } from "../store.js";

/** Where an object of a type lives, resolved from a request. */
export interface Target {
  type: ResourceType;
  version: string;
  namespace: string | undefined;
}

/** Options of every write. */
export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  userAgent?: string;
  fieldValidation?: "Strict" | "Warn" | "Ignore";
  /** Fields the request body gave twice (its strict reading), for `fieldValidation`. */
  duplicateFields?: string[];
}

/** Options of an update or patch, which may address a subresource (`status`). */
export interface UpdateOptions extends WriteOptions {
  subresource?: string;
  /** `?force=` of an apply (present when the request had it). */
  force?: boolean;
  /** The object comes from a server-side apply, its managedFields already computed (not tracked again). */
  applied?: boolean;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

/** How a deletion treats the objects that name the deleted one as their owner. */
export type PropagationPolicy = "Foreground" | "Background" | "Orphan";

export interface DeleteOptions {
  dryRun?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: PropagationPolicy;
  /** The deprecated form of `propagationPolicy: Orphan` (false: `Background`). */
  orphanDependents?: boolean;
}

/** What a write answers: the object (or a Status), the HTTP status, and any warnings. */
export interface WriteResult {
  body: Obj;
  code: number;
  warnings: string[];
}

/** The state the verbs work on. */
export interface RegistryContext {
  readonly store: Store;
  readonly registry: ResourceRegistry;
  now(): Date;
  /** How long a deleted namespace stays Terminating (0: its contents and itself go at once). */
  readonly namespaceFinalizationMs: number;
  /** Runs `task` after `ms` (at once for 0), unless the cluster is disposed first. */
  later(task: () => void, ms: number): void;
}

/** A value as it would appear in a message: strings as they are, anything else as JSON. */
export function text(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** An object's metadata, created empty when missing. */
export function metaOf(obj: Obj): Obj {
  if (!isPlainObject(obj.metadata)) obj.metadata = {};
  return obj.metadata as Obj;
}

/** RFC 3339 with seconds, as metav1.Time marshals. */
export function formatTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function groupResource(type: ResourceType): GroupResource {
  return { group: type.group, resource: type.resource };
}

export function groupKind(type: ResourceType): GroupKind {
  return { group: type.group, kind: type.kind };
}

/** A stored object as served at `version`: a copy with that apiVersion, in kube-apiserver's key order. */
export function present(type: ResourceType, version: string, stored: Obj): Obj {
  const copy = structuredClone(stored);
  copy.apiVersion = apiVersionOf(type.group, version);
  copy.kind = type.kind;
  return formatObject(copy, Boolean(type.crd), type.group);
}

/** The etcd key kube-apiserver names in storage errors (`/registry/configmaps/NS/NAME`). */
export function storageKey(type: ResourceType, key: string): string {
  const [ns, name] = key.split("/") as [string, string];
  const base =
    type.group && type.crd ? `/registry/${type.group}/${type.resource}` : `/registry/${type.resource}`;
  return ns ? `${base}/${ns}/${name}` : `${base}/${name}`;
}

/** How managedFields see a type's lists and maps. */
export function fieldSetContext(type: Pick<ResourceType, "kind" | "crd">): FieldSetContext {
  return {
    custom: Boolean(type.crd),
    listMeta: (path) => (type.crd ? {} : builtinPatchMeta(type.kind, path)),
  };
}

/** The field manager of a write: the one asked for, else one derived from the User-Agent, as the server does. */
export function fieldManagerOf(options: WriteOptions): string {
  return options.fieldManager || managerFromUserAgent(options.userAgent) || "unknown";
}

/** Removes an object at the next revision (a DELETED event). */
export function commitDeletion(ctx: RegistryContext, type: ResourceType, key: string, obj: Obj): Obj {
  const gone = structuredClone(obj);
  metaOf(gone).resourceVersion = String(ctx.store.nextRevision());
  ctx.store.commit("DELETED", typeKey(type), key, gone);
  return gone;
}

/** A storage precondition (uid, resourceVersion) that does not hold: the storage layer's 409. */
export function preconditionFailed(
  type: ResourceType,
  key: string,
  name: string,
  field: "UID" | "ResourceVersion",
  given: unknown,
  actual: unknown,
): ApiStatusError {
  return conflict(
    groupResource(type),
    name,
    `StorageError: invalid object, Code: 4, Key: ${storageKey(type, key)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ${field} in precondition: ${text(given)}, ${field} in object meta: ${String(actual)}`,
  );
}

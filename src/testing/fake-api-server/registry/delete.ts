/**
 * delete and deletecollection: preconditions, finalizers that hold an object back (it gets a deletionTimestamp and
 * waits), namespaces that terminate and take their contents with them, and what a deletion answers.
 */
import { isDeepStrictEqual } from "node:util";
import { apiVersionOf, typeKey } from "../resource-types.js";
import type { ResourceType } from "../resource-types.js";
import { notFound, statusBody } from "../status.js";
import type { StatusBody } from "../status.js";
import { objectKey } from "../store.js";
import type { Obj } from "../store.js";
import { commitDeletion, formatTime, groupResource, metaOf, preconditionFailed, present } from "./context.js";
import type { DeleteOptions, ListOptions, RegistryContext, Target, WriteResult } from "./context.js";
import { isCrdType, retireCrd } from "./crd.js";
import { listObjects } from "./read.js";

/** What follows a deletion: a deleted CRD takes its instances and its resource with it. */
export function afterDelete(ctx: RegistryContext, type: ResourceType, obj: Obj): void {
  if (isCrdType(type)) retireCrd(ctx, obj);
}

/** A deletion's answer: the object for registries that return it, else a Success Status naming it. */
function deleteAnswer(type: ResourceType, version: string, obj: Obj): WriteResult {
  if (type.returnDeletedObject) return { body: present(type, version, obj), code: 200, warnings: [] };
  const meta = metaOf(obj);
  const body: Partial<StatusBody> = statusBody(
    200,
    undefined,
    undefined,
    { name: String(meta.name), group: type.group, kind: type.resource, uid: String(meta.uid) },
    "Success",
  );
  delete body.code;
  return { body: body, code: 200, warnings: [] };
}

/** Everything a namespace holds goes (the namespace controller's work). */
function deleteNamespaceContents(ctx: RegistryContext, namespace: string): void {
  for (const t of ctx.registry.all()) {
    if (!t.namespaced) continue;
    for (const [key, entry] of ctx.store.entries(typeKey(t)))
      if (key.startsWith(`${namespace}/`)) commitDeletion(ctx, t, key, entry.object);
  }
}

/**
 * A namespace is marked Terminating at once; what it holds and then the namespace itself go after a while, as
 * the namespace controller would do them. Meanwhile its objects can still be read and deleted, not created.
 */
function deleteNamespace(ctx: RegistryContext, target: Target, key: string, existing: Obj, dryRun: boolean) {
  const { type, version } = target;
  const meta = metaOf(existing);
  if (meta.deletionTimestamp !== undefined)
    return { body: present(type, version, existing), code: 200, warnings: [] };
  const next = structuredClone(existing);
  metaOf(next).deletionTimestamp = formatTime(ctx.now());
  next.status = { phase: "Terminating" };
  if (dryRun) return { body: present(type, version, next), code: 200, warnings: [] };
  metaOf(next).resourceVersion = String(ctx.store.nextRevision());
  ctx.store.commit("MODIFIED", typeKey(type), key, next);
  ctx.later(() => {
    const entry = ctx.store.get(typeKey(type), key);
    if (!entry || metaOf(entry.object).uid !== meta.uid) return;
    deleteNamespaceContents(ctx, String(meta.name));
    commitDeletion(ctx, type, key, entry.object);
  }, ctx.namespaceFinalizationMs);
  return { body: present(type, version, next), code: 200, warnings: [] };
}

/** The finalizers through which the garbage collector orphans dependents or deletes them first. */
const ORPHAN = "orphan";
const FOREGROUND = "foregroundDeletion";

/**
 * `DefaultGarbageCollectionPolicy`: batch/v1 Jobs and v1 ReplicationControllers orphan their dependents unless told
 * otherwise, for compatibility with their first versions; everything else deletes them in the background.
 */
function orphansByDefault(type: ResourceType, version: string): boolean {
  return (
    (type.group === "batch" && version === "v1" && type.kind === "Job") ||
    (type.group === "" && type.kind === "ReplicationController")
  );
}

/**
 * The object's finalizers once the deletion's propagation policy is applied (generic registry
 * `deletionFinalizersForGarbageCollection`): an explicit option wins, then a policy finalizer the object already
 * carries, then the kind's default.
 */
function garbageCollectionFinalizers(
  type: ResourceType,
  version: string,
  finalizers: string[],
  options: DeleteOptions,
): string[] {
  const { orphanDependents: orphanOption, propagationPolicy: policy } = options;
  const carried = finalizers.find((f) => f === ORPHAN || f === FOREGROUND);
  let orphan: boolean;
  let foreground: boolean;
  if (orphanOption !== undefined) {
    orphan = orphanOption;
    foreground = false;
  } else if (policy !== undefined) {
    orphan = policy === "Orphan";
    foreground = policy === "Foreground";
  } else if (carried !== undefined) {
    orphan = carried === ORPHAN;
    foreground = carried === FOREGROUND;
  } else {
    orphan = orphansByDefault(type, version);
    foreground = false;
  }
  const kept = finalizers.filter((f) => f !== ORPHAN && f !== FOREGROUND);
  const next = [...kept, ...(orphan ? [ORPHAN] : []), ...(foreground ? [FOREGROUND] : [])];
  // An unchanged set keeps the object's own order.
  const same = next.length === finalizers.length && next.every((f) => finalizers.includes(f));
  return same ? finalizers : next;
}

/**
 * A deletion that has to wait for finalizers: the object gets them, a deletionTimestamp and a zero grace period
 * (`markAsDeleting`; generation moves once) and stays until they are gone. There is no garbage collector here, as on
 * a kube-apiserver without kube-controller-manager: `orphan` and `foregroundDeletion` stay until a client removes
 * them. The answer is the object, 200 (202 only when the client asked `orphanDependents: false`).
 */
function markDeleting(
  ctx: RegistryContext,
  target: Target,
  key: string,
  existing: Obj,
  finalizers: string[],
  options: DeleteOptions,
): WriteResult {
  const { type, version } = target;
  const code = options.orphanDependents === false ? 202 : 200;
  const next = structuredClone(existing);
  const nextMeta = metaOf(next);
  nextMeta.finalizers = finalizers;
  if (nextMeta.deletionTimestamp === undefined) {
    nextMeta.deletionTimestamp = formatTime(ctx.now());
    if (type.generation) nextMeta.generation = Number(nextMeta.generation ?? 0) + 1;
  }
  nextMeta.deletionGracePeriodSeconds = 0;
  if (isDeepStrictEqual(next, existing))
    return { body: present(type, version, existing), code, warnings: [] };
  if (options.dryRun) return { body: present(type, version, next), code, warnings: [] };
  nextMeta.resourceVersion = String(ctx.store.nextRevision());
  ctx.store.commit("MODIFIED", typeKey(type), key, next);
  return { body: present(type, version, next), code, warnings: [] };
}

export function deleteObject(
  ctx: RegistryContext,
  target: Target,
  name: string,
  options: DeleteOptions = {},
): WriteResult {
  const { type, version } = target;
  const key = objectKey(target.namespace, name);
  const entry = ctx.store.get(typeKey(type), key);
  if (!entry) throw notFound(groupResource(type), name);
  const existing = entry.object;
  const meta = metaOf(existing);
  const pre = options.preconditions;
  if (pre?.uid && pre.uid !== meta.uid) throw preconditionFailed(type, key, name, "UID", pre.uid, meta.uid);
  if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion)
    throw preconditionFailed(type, key, name, "ResourceVersion", pre.resourceVersion, meta.resourceVersion);
  if (type.group === "" && type.kind === "Namespace")
    return deleteNamespace(ctx, target, key, existing, options.dryRun === true);
  const finalizers = Array.isArray(meta.finalizers) ? meta.finalizers.map(String) : [];
  const wanted = garbageCollectionFinalizers(type, version, finalizers, options);
  if (wanted.length > 0) return markDeleting(ctx, target, key, existing, wanted, options);
  if (options.dryRun) return deleteAnswer(type, version, existing);
  afterDelete(ctx, type, commitDeletion(ctx, type, key, existing));
  return deleteAnswer(type, version, existing);
}

/** Deletes every object of a type matching the selectors; answers the list of what was deleted. */
export function deleteCollection(
  ctx: RegistryContext,
  target: Target,
  options: ListOptions & DeleteOptions = {},
): WriteResult {
  const { items } = listObjects(ctx, target, {
    ...(options.labelSelector !== undefined ? { labelSelector: options.labelSelector } : {}),
    ...(options.fieldSelector !== undefined ? { fieldSelector: options.fieldSelector } : {}),
  });
  const deleted: Obj[] = [];
  for (const item of items) {
    const meta = metaOf(item);
    const namespace = typeof meta.namespace === "string" ? meta.namespace : undefined;
    const { labelSelector: _l, fieldSelector: _f, preconditions: _p, ...deleteOptions } = options;
    const result = deleteObject(ctx, { ...target, namespace }, String(meta.name), deleteOptions);
    deleted.push(result.body.kind === "Status" ? item : result.body);
  }
  return {
    body: {
      kind: target.type.listKind,
      apiVersion: apiVersionOf(target.type.group, target.version),
      metadata: { resourceVersion: String(ctx.store.revision) },
      items: deleted.map(({ kind: _k, apiVersion: _a, ...rest }) => rest),
    },
    code: 200,
    warnings: [],
  };
}

/**
 * update (PUT), and the write every update and patch ends in: optimistic concurrency on resourceVersion, status
 * kept apart from the rest, generation bumped on spec changes, managedFields, no-op writes that store nothing, and
 * the last finalizer's removal deleting an object that was being deleted.
 */
import { isPlainObject } from "../json.js";
import { apiVersionOf, typeKey } from "../resource-types.js";
import type { ResourceType } from "../resource-types.js";
import { badRequest, conflict, invalid, notFound } from "../status.js";
import { objectKey } from "../store.js";
import type { Obj } from "../store.js";
import { groupKind, groupResource, metaOf, preconditionFailed, present, text } from "./context.js";
import type { RegistryContext, Target, UpdateOptions, WriteResult } from "./context.js";
import { afterDelete } from "./delete.js";
import { trackWrite } from "./field-ownership.js";
import { typedForm } from "./typed-form.js";
import { keepServiceAllocation } from "./service-allocation.js";
import {
  applyDefaults,
  checkNamespace,
  checkTypeMeta,
  decodeChecks,
  decodeTyped,
  validate,
} from "./strategy.js";

/** JSON with object keys sorted, for comparing objects whatever their key order. */
function canonical(v: unknown): string {
  const sortDeep = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sortDeep);
    if (!isPlainObject(x)) return x;
    return Object.fromEntries(
      Object.keys(x)
        .sort()
        .map((k) => [k, sortDeep(x[k])]),
    );
  };
  return JSON.stringify(sortDeep(v));
}

function specChanged(before: Obj, after: Obj): boolean {
  const strip = ({ metadata: _m, status: _s, ...rest }: Obj) => canonical(rest);
  return strip(before) !== strip(after);
}

function sameIgnoringManagedFields(a: Obj, b: Obj): boolean {
  const strip = (o: Obj) => {
    const { managedFields: _f, ...meta } = metaOf(o);
    return canonical({ ...o, metadata: meta });
  };
  return strip(a) === strip(b);
}

/**
 * Optimistic concurrency, as the API server checks it on update and patch: a resourceVersion that is not the
 * stored one is a 409 Conflict; none at all is an unconditional write, which only some resources allow (422).
 * Returns whether one was given.
 */
export function checkResourceVersion(
  type: ResourceType,
  name: string,
  given: unknown,
  stored: unknown,
): boolean {
  if (given !== undefined && given !== "") {
    if (given !== stored) throw conflict(groupResource(type), name);
    return true;
  }
  if (!type.allowUnconditionalUpdate)
    throw invalid(groupKind(type), name, [
      {
        type: "FieldValueInvalid",
        field: "metadata.resourceVersion",
        valueText: "0x0",
        detail: "must be specified for an update",
      },
    ]);
  return false;
}

/** PUT: replace an object (or its status), with optimistic concurrency on resourceVersion. */
export function updateObject(
  ctx: RegistryContext,
  target: Target,
  name: string,
  input: unknown,
  options: UpdateOptions = {},
): WriteResult {
  const { type, version } = target;
  if (!isPlainObject(input)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(input)}'`);
  checkTypeMeta(ctx, target, input);
  decodeChecks(type, version, input);
  const inMeta = isPlainObject(input.metadata) ? input.metadata : {};
  if (inMeta.name !== undefined && inMeta.name !== name)
    throw badRequest(
      `the name of the object (${text(inMeta.name)}) does not match the name on the URL (${name})`,
    );
  const key = objectKey(target.namespace, name);
  const entry = ctx.store.get(typeKey(type), key);
  if (!entry) throw notFound(groupResource(type), name);
  const existingMeta = metaOf(entry.object);
  // The storage precondition first (a PUT carries the uid it read), then the resourceVersion check.
  if (typeof inMeta.uid === "string" && inMeta.uid !== "" && inMeta.uid !== existingMeta.uid)
    throw preconditionFailed(type, key, name, "UID", inMeta.uid, existingMeta.uid);
  checkResourceVersion(type, name, inMeta.resourceVersion, existingMeta.resourceVersion);
  const next = structuredClone(input);
  const warnings: string[] = [];
  decodeTyped(type, version, next, options, warnings);
  return storeUpdate(ctx, target, name, entry.object, next, options, warnings);
}

/** Stores `next` in place of `existing` (after an update's or a patch's own checks). */
export function storeUpdate(
  ctx: RegistryContext,
  target: Target,
  name: string,
  existing: Obj,
  next: Obj,
  options: UpdateOptions,
  warnings: string[] = [],
): WriteResult {
  const { type, version } = target;
  const key = objectKey(target.namespace, name);
  const existingMeta = metaOf(existing);
  next.apiVersion = apiVersionOf(type.group, type.versions[0]!);
  next.kind = type.kind;
  checkNamespace(target, next);
  metaOf(next).name = name;
  if (options.subresource === "status") {
    // A status write changes status only.
    const status = next.status;
    next = structuredClone(existing);
    if (status === undefined) delete next.status;
    else next.status = status;
  } else if (type.status) {
    if (existing.status === undefined) delete next.status;
    else next.status = structuredClone(existing.status);
  }
  let nextMeta = metaOf(next);
  if (nextMeta.uid === undefined || nextMeta.uid === "") nextMeta.uid = existingMeta.uid;
  nextMeta.creationTimestamp = existingMeta.creationTimestamp;
  nextMeta.resourceVersion = existingMeta.resourceVersion;
  for (const f of ["deletionTimestamp", "deletionGracePeriodSeconds"]) {
    if (existingMeta[f] === undefined) delete nextMeta[f];
    else nextMeta[f] = existingMeta[f];
  }
  if (type.generation) nextMeta.generation = existingMeta.generation;
  else delete nextMeta.generation;
  const sentManagedFields = nextMeta.managedFields;
  const applied = options.applied ? nextMeta.managedFields : undefined;
  delete nextMeta.managedFields;
  delete nextMeta.selfLink;
  keepServiceAllocation(type, existing, next);
  applyDefaults(type, version, next);
  const errors = validate(type, version, next, existing, options, warnings);
  if (errors.length > 0) throw invalid(groupKind(type), name, errors);
  if (type.generation && specChanged(existing, next))
    nextMeta.generation = Number(existingMeta.generation ?? 0) + 1;
  let exact = true;
  next = typedForm(type, next);
  nextMeta = metaOf(next);
  if (applied) nextMeta.managedFields = applied;
  else {
    if (sentManagedFields !== undefined) nextMeta.managedFields = sentManagedFields;
    ({ object: next, exact } = trackWrite(ctx, type, version, existing, next, options));
    nextMeta = metaOf(next);
  }
  // A no-op write stores nothing and keeps the resourceVersion, like kube-apiserver.
  if (exact ? canonical(existing) === canonical(next) : sameIgnoringManagedFields(existing, next))
    return { body: present(type, version, existing), code: 200, warnings };
  if (options.dryRun) return { body: present(type, version, next), code: 200, warnings };
  nextMeta.resourceVersion = String(ctx.store.nextRevision());
  if (existingMeta.deletionTimestamp !== undefined && !Array.isArray(nextMeta.finalizers)) {
    // The last finalizer is gone from an object being deleted: it goes now.
    ctx.store.commit("DELETED", typeKey(type), key, next);
    afterDelete(ctx, type, next);
  } else {
    ctx.store.commit("MODIFIED", typeKey(type), key, next);
  }
  return { body: present(type, version, next), code: 200, warnings };
}

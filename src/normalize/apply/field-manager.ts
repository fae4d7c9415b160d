/**
 * The field manager of kube-apiserver (apimachinery `managedfields/internal`), as one chain of steps around the
 * updater, in the real server's order:
 *
 * - the version check (an apply body must be of the endpoint's kind and version);
 * - the last-applied updater and manager: for the `kubectl` manager, conflicts with fields the client-side-apply
 *   annotation recorded with their current values are allowed, and the annotation is rewritten from the applied
 *   configuration;
 * - skip-non-applied: an object without managedFields gets a `before-first-apply` Update entry for everything it
 *   holds before its first apply; non-apply writes to it stay untracked;
 * - the cap of ten Update managers (older ones merge into `ancient-changes`);
 * - manager identifiers (manager, operation, API version for updates, subresource);
 * - timestamps: an apply that changes the object, or an update that takes fields, stamps its entry with `now`;
 * - stripping metadata and type fields nobody may own;
 * - the structured merge itself, with schema validation of both objects.
 */
import { FieldSet } from "./field-set.js";
import { copyValue, isMap } from "./value.js";
import type { Value, ValueMap } from "./value.js";
import { ConflictsError, updaterApply, updaterUpdate, UpdaterError } from "./updater.js";
import type { Conflict, ManagerSets, Updater } from "./updater.js";
import {
  capUpdateManagers,
  copyManaged,
  decodeManagedFields,
  formatTime,
  isResetManagedFields,
  ManagedFieldsError,
  managerIdentifier,
  emptyManaged,
} from "./managed-fields.js";
import type { Managed } from "./managed-fields.js";
import {
  converterOf,
  gvkString,
  ignoredFieldsOf,
  parseApiVersion,
  typed,
  zeroObject,
} from "./object-schema.js";
import type { ObjectSchema } from "./object-schema.js";
import { validateTyped } from "./validate-typed.js";
import { validationErrorsText } from "./typed-value.js";
import {
  allowedConflictsFromLastApplied,
  buildLastApplied,
  hasLastApplied,
  setLastApplied,
} from "./last-applied.js";
import { badRequest, internalError } from "./apply-status.js";
import { fieldPath } from "./path-element.js";

const KUBECTL = "kubectl";
const BEFORE_FIRST_APPLY = "before-first-apply";
const CURRENT_OPERATION = "current-operation";

const STRIP = FieldSet.of(
  fieldPath("apiVersion"),
  fieldPath("kind"),
  fieldPath("metadata"),
  fieldPath("metadata", "name"),
  fieldPath("metadata", "namespace"),
  fieldPath("metadata", "creationTimestamp"),
  fieldPath("metadata", "selfLink"),
  fieldPath("metadata", "uid"),
  fieldPath("metadata", "clusterName"),
  fieldPath("metadata", "generation"),
  fieldPath("metadata", "managedFields"),
  fieldPath("metadata", "resourceVersion"),
);

interface Ctx {
  os: ObjectSchema;
  subresource: string;
  now: string;
  updater: Updater;
}

export function newContext(os: ObjectSchema, subresource: string | undefined, now: Date): Ctx {
  const ignoredFields = ignoredFieldsOf(os, subresource ?? "");
  return {
    os,
    subresource: subresource ?? "",
    now: formatTime(now),
    updater: { convert: converterOf(os), ...(ignoredFields ? { ignoredFields } : {}) },
  };
}

function metadataOf(obj: ValueMap): ValueMap | undefined {
  return isMap(obj.metadata) ? obj.metadata : undefined;
}

function str(v: Value | undefined): string {
  return typeof v === "string" ? v : "";
}

/** `namespace/name; group/version, Kind=Kind`, how the server's messages name an object. */
function objectGVKNN(obj: ValueMap): string {
  const meta = metadataOf(obj);
  return `${str(meta?.namespace)}/${str(meta?.name)}; ${gvkString(str(obj.apiVersion), str(obj.kind))}`;
}

/** The object without `metadata.managedFields`. */
export function withoutManagedFields(obj: ValueMap): ValueMap {
  const out = copyValue(obj);
  const meta = metadataOf(out);
  if (meta) delete meta.managedFields;
  return out;
}

function stripMeta(fields: ManagerSets, manager: string): void {
  const vs = fields.get(manager);
  if (!vs) return;
  const set = vs.set.difference(STRIP);
  if (set.empty()) fields.delete(manager);
  else fields.set(manager, { ...vs, set });
}

// --- the structured merge, with metadata stripped and timestamps kept (managedFieldsUpdater) ---------------------

function mergeUpdate(ctx: Ctx, live: ValueMap, next: ValueMap, managed: Managed, manager: string): Managed {
  // The real server's typed objects always fit the schema, so it never refuses them here; a value that does not
  // fit still fails the comparison below, and the write is then untracked, as UpdateNoErrors leaves it.
  const fields = updaterUpdate(
    ctx.updater,
    typed(ctx.os, live),
    typed(ctx.os, next),
    ctx.os.apiVersion,
    new Map(managed.fields),
    CURRENT_OPERATION,
  );
  stripMeta(fields, CURRENT_OPERATION);
  const out: Managed = { fields, times: new Map(managed.times) };
  const vs = fields.get(CURRENT_OPERATION);
  if (vs) {
    fields.delete(CURRENT_OPERATION);
    const previous = fields.get(manager);
    fields.set(manager, previous ? { ...vs, set: vs.set.union(previous.set) } : vs);
    out.times.set(manager, ctx.now);
  }
  return out;
}

function mergeApply(
  ctx: Ctx,
  live: ValueMap,
  patch: ValueMap,
  managed: Managed,
  manager: string,
  force: boolean,
): { object: ValueMap; managed: Managed } {
  const patchVersion = parseApiVersion(str(patch.apiVersion));
  const want = parseApiVersion(ctx.os.apiVersion)!;
  if (!patchVersion || patchVersion.group !== want.group || patchVersion.version !== want.version)
    throw badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${str(patch.apiVersion)}, expected: ${ctx.os.apiVersion}`,
    );
  if (Array.isArray(metadataOf(patch)?.managedFields)) throw badRequest("metadata.managedFields must be nil");
  const patchErrs = validateTyped(typed(ctx.os, patch));
  if (patchErrs.length > 0)
    throw internalError(
      `failed to create typed patch object (${objectGVKNN(patch)}): ${validationErrorsText(patchErrs)}`,
    );
  const liveErrs = validateTyped(typed(ctx.os, live));
  if (liveErrs.length > 0)
    throw internalError(
      `failed to create typed live object (${objectGVKNN(live)}): ${validationErrorsText(liveErrs)}`,
    );
  let result;
  try {
    result = updaterApply(
      ctx.updater,
      typed(ctx.os, live),
      typed(ctx.os, patch),
      ctx.os.apiVersion,
      new Map(managed.fields),
      manager,
      force,
    );
  } catch (e) {
    if (e instanceof UpdaterError) throw internalError(e.message);
    throw e;
  }
  stripMeta(result.managers, manager);
  const out: Managed = { fields: result.managers, times: new Map(managed.times) };
  if (result.object) {
    out.times.set(manager, ctx.now);
    return { object: result.object.value as ValueMap, managed: out };
  }
  return { object: withoutManagedFields(live), managed: out };
}

// --- identifiers and the cap on Update managers ---------------------------------------------------------------

function identifier(ctx: Ctx, manager: string, operation: "Apply" | "Update"): string {
  return managerIdentifier({
    manager: manager || "unknown",
    operation,
    apiVersion: ctx.os.apiVersion,
    subresource: ctx.subresource,
  });
}

function cappedUpdate(ctx: Ctx, live: ValueMap, next: ValueMap, managed: Managed, manager: string): Managed {
  const out = mergeUpdate(ctx, live, next, managed, identifier(ctx, manager, "Update"));
  capUpdateManagers(out);
  return out;
}

function hasUid(obj: ValueMap): boolean {
  return str(metadataOf(obj)?.uid) !== "";
}

// --- skip-non-applied: before-first-apply -------------------------------------------------------------------

function trackedUpdate(ctx: Ctx, live: ValueMap, next: ValueMap, managed: Managed, manager: string): Managed {
  // An existing object nobody tracks stays untracked until its first apply.
  if (managed.fields.size === 0 && hasUid(live)) return managed;
  return cappedUpdate(ctx, live, next, managed, manager);
}

function trackedApply(
  ctx: Ctx,
  live: ValueMap,
  patch: ValueMap,
  managed: Managed,
  manager: string,
  force: boolean,
) {
  if (managed.fields.size === 0) {
    try {
      managed = cappedUpdate(ctx, zeroObject(ctx.os), live, managed, BEFORE_FIRST_APPLY);
    } catch (e) {
      if (e instanceof UpdaterError)
        throw internalError(`failed to create manager for existing fields: ${e.message}`);
      throw e;
    }
  }
  return mergeApply(ctx, live, patch, managed, identifier(ctx, manager, "Apply"), force);
}

function applyAllowingLastApplied(
  ctx: Ctx,
  live: ValueMap,
  patch: ValueMap,
  managed: Managed,
  manager: string,
  force: boolean,
) {
  try {
    return trackedApply(ctx, live, patch, copyManaged(managed), manager, force);
  } catch (e) {
    if (manager !== KUBECTL || !(e instanceof ConflictsError)) throw e;
    const allowed = allowedConflictsFromLastApplied(ctx.os, live);
    if (!allowed) throw e;
    const remaining = e.conflicts.filter((c: Conflict) => !allowed.has(c.path));
    if (remaining.length > 0) throw new ConflictsError(remaining);
    return trackedApply(ctx, live, patch, copyManaged(managed), manager, true);
  }
}

/** The whole apply chain; throws ConflictsError, or ApplyError with the Status to answer. */
export function fieldManagerApply(
  ctx: Ctx,
  live: ValueMap,
  patch: ValueMap,
  manager: string,
  force: boolean,
): { object: ValueMap; managed: Managed } {
  let managed: Managed;
  try {
    managed = decodeManagedFields(metadataOf(live)?.managedFields);
  } catch (e) {
    if (e instanceof ManagedFieldsError) throw internalError(`failed to decode managed fields: ${e.message}`);
    throw e;
  }
  const patchKind = str(patch.kind);
  const patchGv = parseApiVersion(str(patch.apiVersion));
  const want = parseApiVersion(ctx.os.apiVersion)!;
  if (
    !patchGv ||
    patchGv.group !== want.group ||
    patchGv.version !== want.version ||
    patchKind !== ctx.os.kind
  )
    throw badRequest(
      `invalid object type: ${patchGv ? gvkString(str(patch.apiVersion), patchKind) : "/, Kind="}`,
    );
  const result = applyAllowingLastApplied(ctx, live, patch, managed, manager, force);
  if (manager === KUBECTL && hasLastApplied(result.object))
    setLastApplied(result.object, buildLastApplied(patch));
  return result;
}

/** The managers a non-apply write leaves (`FieldManager.Update`); undefined when tracking fails, as the server's
 * `UpdateNoErrors` then drops managedFields. */
export function fieldManagerUpdate(
  ctx: Ctx,
  live: ValueMap,
  next: ValueMap,
  manager: string,
): Managed | undefined {
  let managed: Managed;
  const decodeLive = () => {
    try {
      return decodeManagedFields(metadataOf(live)?.managedFields);
    } catch {
      return emptyManaged();
    }
  };
  const requested = metadataOf(next)?.managedFields;
  if (ctx.subresource !== "") managed = decodeLive();
  else if (isResetManagedFields(requested)) managed = emptyManaged();
  else {
    try {
      managed = decodeManagedFields(requested);
      if (managed.fields.size === 0) managed = decodeLive();
    } catch {
      managed = decodeLive();
    }
  }
  try {
    const meta = metadataOf(next);
    const { managedFields: _mf, ...rest } = meta ?? {};
    // Only read below: a shallow copy without managedFields will do.
    return trackedUpdate(ctx, live, meta ? { ...next, metadata: rest } : next, managed, manager);
  } catch (e) {
    if (e instanceof UpdaterError) return undefined;
    throw e;
  }
}

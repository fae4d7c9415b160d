/**
 * Server-side apply and managedFields tracking as pure functions: `applyObject` for
 * `application/apply-patch+yaml` requests (create-on-apply included), `trackUpdate` for every other write (POST,
 * PUT, JSON/merge/strategic PATCH), and `keepManagedFieldsTimestamps` for the server's rule that a write which
 * changes nothing but managedFields timestamps keeps the stored object (and its resourceVersion).
 */
import { setOwn } from "../../internal/own-property.js";
import { badRequest, conflictError, conflictStatus } from "./apply-status.js";
import type { Status } from "./apply-status.js";
import { fieldManagerApply, fieldManagerUpdate, newContext, withoutManagedFields } from "./field-manager.js";
import { encodeManagedFields, parseManagerIdentifier } from "./managed-fields.js";
import type { ManagedFieldsEntry, Managed } from "./managed-fields.js";
import { zeroObject } from "./object-schema.js";
import type { ObjectSchema } from "./object-schema.js";
import { pathToString } from "./path-element.js";
import { printManager } from "./apply-status.js";
import { ConflictsError } from "./updater.js";
import { copyValue, isMap, member, valuesEqual } from "./value.js";
import type { Value, ValueMap } from "./value.js";

/** Where the request was sent: the object's name and namespace in the URL, and its resource (e.g. `deployments`). */
export interface ApplyTarget {
  name: string;
  /** Empty for a cluster-scoped resource. */
  namespace?: string;
  /** The plural resource name and its API group, for the 409 of a uid on create. */
  resource?: string;
  group?: string;
}

export interface ApplyRequest {
  /** The stored object; undefined when it does not exist (the apply creates it). */
  live?: object | undefined;
  /** The decoded apply body. */
  applied: object;
  /** The `fieldManager` query parameter (required for apply; see `patchOptionsStatus`). */
  manager: string;
  /** The `force` query parameter. */
  force?: boolean;
  schema: ObjectSchema;
  now: Date;
  /** The subresource written (`status`, `scale`...), or none. */
  subresource?: string;
  /** The URL's name and namespace: when given, the object must match them (and gets the namespace if it has none). */
  target?: ApplyTarget;
}

/** One field another manager owns and this apply would change. */
export interface ApplyConflict {
  /** The manager that owns the field. */
  manager: string;
  /** Its operation (`Apply` or `Update`), API version (Update managers) and subresource. */
  operation: string;
  apiVersion?: string;
  subresource?: string;
  /** The field, as in `.spec.replicas` or `.spec.containers[name="app"].image`. */
  field: string;
  /** The Status cause's message: `conflict with "kubectl"`, `conflict with "curl" using v1`. */
  message: string;
}

export type ApplyResult =
  | {
      conflicts?: undefined;
      /** The object to store (before the server's defaulting, admission and validation). */
      object: ValueMap;
      managedFields: ManagedFieldsEntry[] | undefined;
      /** The apply created the object. */
      created: boolean;
      /** The object differs from the stored one (a no-op apply leaves the object and its resourceVersion alone). */
      changed: boolean;
    }
  | {
      conflicts: ApplyConflict[];
      /** The 409 Status to answer with. */
      status: Status;
    };

function asMap(v: object, what: string): ValueMap {
  if (!isMap(v)) throw new TypeError(`${what} must be a JSON object`);
  return v;
}

function withManagedFields(
  obj: ValueMap,
  managed: Managed,
): { object: ValueMap; managedFields: ManagedFieldsEntry[] | undefined } {
  // `obj` is this call's own copy: set its managedFields in place.
  const managedFields = encodeManagedFields(managed);
  const meta = isMap(obj.metadata) ? obj.metadata : undefined;
  if (meta) delete meta.managedFields;
  if (managedFields) (meta ?? (obj.metadata = {})).managedFields = managedFields as unknown as Value;
  return { object: obj, managedFields };
}

function metadata(obj: ValueMap): ValueMap {
  return isMap(obj.metadata) ? obj.metadata : (obj.metadata = {});
}

/** The checks the PATCH handler makes after the apply: a uid on a create, the namespace, the name. */
function checkTarget(object: ValueMap, created: boolean, target: ApplyTarget): void {
  const meta = metadata(object);
  const uid = typeof meta.uid === "string" ? meta.uid : "";
  if (created && uid !== "")
    throw conflictError(
      target.group ?? "",
      target.resource ?? "",
      target.name,
      `uid mismatch: the provided object specified uid ${uid}, and no existing object was found`,
    );
  const requestNamespace = target.namespace ?? "";
  const objNamespace = typeof meta.namespace === "string" ? meta.namespace : "";
  if (objNamespace !== requestNamespace) {
    if (objNamespace === "") meta.namespace = requestNamespace;
    else if (requestNamespace === "") delete meta.namespace;
    else
      throw badRequest(
        "the namespace of the provided object does not match the namespace sent on the request",
      );
  }
  const name = typeof meta.name === "string" ? meta.name : "";
  if (name !== target.name)
    throw badRequest(`the name of the object (${name}) does not match the name on the URL (${target.name})`);
}

/**
 * Applies a configuration the way kube-apiserver 1.28 does: merges it into the live object by the schema's list
 * and map types, prunes what the manager applied before and no longer does, records the manager's fields in
 * `managedFields` (operation Apply), and returns the conflicts (with the 409 Status) when the apply would change
 * fields other managers own and `force` is not set.
 *
 * @throws {ApplyError} with the Status the server answers a body it refuses with: 400 for a body of another
 * kind or version or one that sets managedFields, 500 for a body that does not fit the schema, and with a
 * `target`, 400/409 for a name, namespace or uid that does not match.
 *
 * @example
 * const r = applyObject({ live, applied, manager: "kubectl", schema, now: new Date() });
 * if (r.conflicts) respond(409, r.status); else if (r.changed) store(r.object);
 */
export function applyObject(req: ApplyRequest): ApplyResult {
  const schema = req.schema;
  const created = req.live === undefined;
  const live = created ? zeroObject(schema) : copyValue(asMap(req.live!, "live"));
  const applied = copyValue(asMap(req.applied, "applied"));
  const ctx = newContext(schema, req.subresource, req.now);
  let result;
  try {
    result = fieldManagerApply(ctx, live, applied, req.manager, req.force ?? false);
  } catch (e) {
    if (!(e instanceof ConflictsError)) throw e;
    return {
      conflicts: e.conflicts.map((c) => ({
        ...parseManagerIdentifier(c.manager),
        field: pathToString(c.path),
        message: `conflict with ${printManager(c.manager)}`,
      })),
      status: conflictStatus(e.conflicts),
    };
  }
  const out = withManagedFields(dropNewNulls(result.object, live) as ValueMap, result.managed);
  if (req.target) checkTarget(out.object, created, req.target);
  return {
    object: out.object,
    managedFields: out.managedFields,
    created,
    changed: created || !valuesEqual(out.object, asMap(req.live!, "live")),
  };
}

export interface UpdateRequest {
  /** The stored object; undefined for a create. */
  before?: object;
  /** The object the write stores (decoded and defaulted, before admission), with the managedFields it was sent with. */
  after: object;
  /** `fieldManager`, or for a request without one `fieldManagerFromUserAgent(userAgent)`. */
  manager: string;
  schema: ObjectSchema;
  now: Date;
  subresource?: string;
}

/**
 * The managedFields the real server records for a create, update or non-apply patch (operation Update): the
 * manager gets the fields the write added or changed, other managers lose them, and everyone loses removed
 * fields. managedFields sent with the object replace the stored ones (`[]` or `[{}]` resets tracking); an
 * object without managedFields stays untracked until it is applied to.
 */
export function trackUpdate(req: UpdateRequest): {
  object: ValueMap;
  managedFields: ManagedFieldsEntry[] | undefined;
} {
  const after = copyValue(asMap(req.after, "after"));
  const before = req.before === undefined ? zeroObject(req.schema) : copyValue(asMap(req.before, "before"));
  const ctx = newContext(req.schema, req.subresource, req.now);
  const managed = fieldManagerUpdate(ctx, before, after, req.manager);
  if (!managed) return { object: withoutManagedFields(after), managedFields: undefined };
  return withManagedFields(after, managed);
}

/**
 * The server's last step before storing an update (`IgnoreManagedFieldsTimestampsTransformer`): when `next`
 * differs from `previous` only in managedFields timestamps, the old timestamps are kept, so the write is a no-op
 * and the resourceVersion stays.
 */
export function keepManagedFieldsTimestamps<T extends object>(previous: object, next: T): T {
  const prevEntries = managedFieldsOf(previous);
  const nextEntries = managedFieldsOf(next);
  if (!prevEntries || !nextEntries || prevEntries.length !== nextEntries.length || nextEntries.length === 0)
    return next;
  if (nextEntries.every((e, i) => timeOf(e) === timeOf(prevEntries[i]))) return next;
  const withoutTimes = (entries: unknown[]) =>
    entries.map((e) => (isMap(e) ? { ...e, time: null } : e)) as Value;
  if (!valuesEqual(withoutTimes(prevEntries), withoutTimes(nextEntries))) return next;
  const strip = (o: object) => {
    const c = copyValue(o as ValueMap);
    metadata(c).managedFields = withoutTimes(managedFieldsOf(c)!);
    return c;
  };
  if (!valuesEqual(strip(previous), strip(next))) return next;
  const out = copyValue(next as unknown as ValueMap);
  const entries = managedFieldsOf(out)!;
  entries.forEach((e, i) => {
    const prev = prevEntries[i];
    if (!isMap(e)) return;
    if (isMap(prev) && prev.time !== undefined) e.time = prev.time;
    else delete e.time;
  });
  return out as unknown as T;
}

function managedFieldsOf(obj: object): unknown[] | undefined {
  const meta = (obj as { metadata?: unknown }).metadata;
  const mf = isMap(meta) ? meta.managedFields : undefined;
  return Array.isArray(mf) ? mf : undefined;
}

function timeOf(e: unknown): string | undefined {
  if (!isMap(e) || typeof e.time !== "string") return undefined;
  const ms = Date.parse(e.time);
  return Number.isNaN(ms) ? e.time : new Date(ms).toISOString();
}

/**
 * Nulls the merge left where the live object has no null: the real server's typed objects drop them (a map the
 * prune emptied, a null in the configuration), so the stored object does not hold them.
 */
function dropNewNulls(value: Value, live: Value | undefined): Value {
  if (Array.isArray(value))
    return value.map((v, i) => dropNewNulls(v, Array.isArray(live) ? live[i] : undefined));
  if (!isMap(value)) return value;
  const out: ValueMap = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const l = isMap(live) ? member(live, k) : undefined;
    if (v === null && l !== null) continue;
    setOwn(out, k, dropNewNulls(v, l));
  }
  return out;
}

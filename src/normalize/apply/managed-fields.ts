/**
 * `metadata.managedFields` as the real server reads and writes it (apimachinery `managedfields/internal`): one
 * entry per manager identifier (manager, operation, subresource, and the API version for Update managers; an
 * Apply manager keeps one entry across versions), decoded into field sets with their times and encoded back in
 * the server's order: Apply before Update, then by the one-second timestamp, then by manager, API version and
 * subresource.
 */
import { KubewireError } from "../../errors.js";
import { decodeFieldsV1, encodeFieldsV1, FieldsV1Error } from "./fields-v1.js";
import type { FieldsV1 } from "./fields-v1.js";
import { goJsonString } from "./go-text.js";
import type { ManagerSets } from "./updater.js";
import { isMap } from "./value.js";

/** One entry of `metadata.managedFields`, keys in the order the server writes them. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: FieldsV1;
  subresource?: string;
}

/** Managers' field sets and the time each last changed the object (absent for some, e.g. migrated entries). */
export interface Managed {
  fields: ManagerSets;
  times: Map<string, string | undefined>;
}

/** managedFields that cannot be decoded; the message is the real server's. */
export class ManagedFieldsError extends KubewireError {
  constructor(message: string) {
    super("KUBEWIRE_MANAGED_FIELDS", message);
    this.name = "ManagedFieldsError";
  }
}

export function emptyManaged(): Managed {
  return { fields: new Map(), times: new Map() };
}

export function copyManaged(m: Managed): Managed {
  return { fields: new Map(m.fields), times: new Map(m.times) };
}

/**
 * The identifier of a manager (`BuildManagerIdentifier`): the entry's manager, operation, subresource, and for
 * Update entries its API version, as Go's encoding/json writes them.
 */
export function managerIdentifier(e: {
  manager: string;
  operation: string;
  apiVersion?: string;
  subresource?: string;
}): string {
  const parts = [`"manager":${goJsonString(e.manager)}`, `"operation":${goJsonString(e.operation)}`];
  if (e.operation !== "Apply" && e.apiVersion) parts.push(`"apiVersion":${goJsonString(e.apiVersion)}`);
  if (e.subresource) parts.push(`"subresource":${goJsonString(e.subresource)}`);
  return `{${parts.filter((p) => !p.endsWith(':""')).join(",")}}`;
}

/** The manager, operation, API version and subresource an identifier stands for. */
export function parseManagerIdentifier(id: string): {
  manager: string;
  operation: string;
  apiVersion?: string;
  subresource?: string;
} {
  const parsed = JSON.parse(id) as Record<string, string>;
  return {
    manager: parsed.manager ?? "",
    operation: parsed.operation ?? "",
    ...(parsed.apiVersion ? { apiVersion: parsed.apiVersion } : {}),
    ...(parsed.subresource ? { subresource: parsed.subresource } : {}),
  };
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** The managers of a managedFields list (`DecodeManagedFields`); throws {@link ManagedFieldsError}. */
export function decodeManagedFields(entries: unknown): Managed {
  const managed = emptyManaged();
  if (entries === undefined || entries === null) return managed;
  if (!Array.isArray(entries)) throw new ManagedFieldsError("managedFields must be a list");
  entries.forEach((raw, i) => {
    if (!isMap(raw)) throw new ManagedFieldsError(`managed fields entry ${i} must be an object`);
    const operation = str(raw.operation);
    if (operation !== "Apply" && operation !== "Update")
      throw new ManagedFieldsError("operation must be `Apply` or `Update`");
    const apiVersion = str(raw.apiVersion);
    if (apiVersion === "") throw new ManagedFieldsError("apiVersion must not be empty");
    const fieldsType = str(raw.fieldsType);
    if (fieldsType === "") throw new ManagedFieldsError(`missing fieldsType in managed fields entry ${i}`);
    if (fieldsType !== "FieldsV1")
      throw new ManagedFieldsError(
        `invalid fieldsType ${goJsonString(fieldsType)} in managed fields entry ${i}`,
      );
    const id = managerIdentifier({
      manager: str(raw.manager),
      operation,
      apiVersion,
      subresource: str(raw.subresource),
    });
    let set;
    try {
      set = decodeFieldsV1(raw.fieldsV1 ?? {});
    } catch (e) {
      if (!(e instanceof FieldsV1Error)) throw e;
      throw new ManagedFieldsError(
        `error decoding versioned set from ${JSON.stringify(raw)}: error decoding set: ${e.message}`,
      );
    }
    managed.fields.set(id, { set, apiVersion, applied: operation === "Apply" });
    managed.times.set(id, typeof raw.time === "string" ? raw.time : undefined);
  });
  return managed;
}

/** A timestamp as metav1.Time writes it: UTC, whole seconds. */
export function formatTime(t: Date): string {
  return t.toISOString().replace(/\.\d+Z$/, "Z");
}

function seconds(time: string | undefined): number {
  if (time === undefined) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

function normalizeTime(time: string): string {
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(time)) return time;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? time : formatTime(new Date(ms));
}

/** The managedFields list of managers (`encodeManagedFields`), sorted; undefined when there are none. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.fields.size === 0) return undefined;
  const out: ManagedFieldsEntry[] = [];
  for (const [id, vs] of managed.fields) {
    const who = parseManagerIdentifier(id);
    const time = managed.times.get(id);
    const entry: ManagedFieldsEntry = {
      manager: who.manager,
      operation: vs.applied ? "Apply" : who.operation,
      apiVersion: vs.apiVersion,
    };
    if (time !== undefined) entry.time = normalizeTime(time);
    entry.fieldsType = "FieldsV1";
    entry.fieldsV1 = encodeFieldsV1(vs.set);
    if (who.subresource) entry.subresource = who.subresource;
    out.push(entry);
  }
  return sortManagedFields(out);
}

const byteOrder = (a: string, b: string) => (a === b ? 0 : a < b ? -1 : 1);

/** The server's order of managedFields entries: operation, one-second time, manager, API version, subresource. */
export function sortManagedFields<T extends ManagedFieldsEntry>(entries: T[]): T[] {
  return entries.sort(
    (p, q) =>
      byteOrder(p.operation ?? "", q.operation ?? "") ||
      seconds(p.time) - seconds(q.time) ||
      byteOrder(p.manager ?? "", q.manager ?? "") ||
      byteOrder(p.apiVersion ?? "", q.apiVersion ?? "") ||
      byteOrder(p.subresource ?? "", q.subresource ?? ""),
  );
}

/** The default cap on Update managers; past it the oldest are merged into `ancient-changes` entries. */
export const MAX_UPDATE_MANAGERS = 10;

/** Merges the oldest Update managers into per-version `ancient-changes` buckets until at most `max` remain. */
export function capUpdateManagers(managed: Managed, max = MAX_UPDATE_MANAGERS): void {
  const updaters = [...managed.fields].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= max) return;
  updaters.sort((a, b) => seconds(managed.times.get(a)) - seconds(managed.times.get(b)) || byteOrder(a, b));
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const id = updaters[i]!;
    const vs = managed.fields.get(id)!;
    const time = managed.times.get(id);
    const bucket = managerIdentifier({
      manager: "ancient-changes",
      operation: "Update",
      apiVersion: vs.apiVersion,
    });
    const first = firstOfVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(vs.apiVersion, id);
      continue;
    }
    if (!managed.fields.has(bucket)) {
      managed.fields.set(bucket, managed.fields.get(first)!);
      managed.fields.delete(first);
    }
    managed.fields.set(bucket, {
      set: vs.set.union(managed.fields.get(bucket)!.set),
      apiVersion: vs.apiVersion,
      applied: vs.applied,
    });
    managed.fields.delete(id);
    length--;
    managed.times.set(bucket, time);
  }
}

/**
 * Whether a request's managedFields ask the server to drop all tracking: an empty list, or a list of one empty
 * entry (`isResetManagedFields`).
 */
export function isResetManagedFields(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return (
    entries.length === 1 &&
    isMap(entries[0]) &&
    Object.values(entries[0]).every((v) => v === undefined || v === "" || v === null)
  );
}

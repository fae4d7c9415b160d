/**
 * `metadata.managedFields` for `Update` operations, the way kube-apiserver tracks them: one entry per manager (and
 * subresource), holding the set of fields (FieldsV1) that manager last set; a write gives the fields it changed to
 * its manager and takes them from every other one. Without the Go types' schemas, the server tells structs from
 * maps by name (maps get a `"."` member, like labels and data do); custom resources follow kube-apiserver's
 * deduced schema (every object below metadata is a map). Lists with a merge key are associative (`k:{...}`),
 * finalizers a set (`v:...`), other lists atomic.
 */
import type { PatchMeta } from "../../normalize/patch.js";

type Obj = Record<string, unknown>;
interface FieldSet {
  [member: string]: FieldSet;
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Fields of built-in types that are Go maps (granular, with a "." member) rather than structs. */
const MAP_FIELDS = new Set([
  "labels",
  "annotations",
  "data",
  "binaryData",
  "stringData",
  "nodeSelector",
  "matchLabels",
  "limits",
  "requests",
  "capacity",
  "allocatable",
  "hard",
  "used",
  "parameters",
]);

/** Fields the server owns: never in any manager's set. */
const SERVER_METADATA = new Set([
  "name",
  "namespace",
  "generateName",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
]);

export interface FieldSetContext {
  /** Custom resources: every object below the root (except metadata) is a map. */
  custom: boolean;
  /** Patch metadata for list fields, by path of field names. */
  listMeta: (path: readonly string[]) => PatchMeta;
}

function valueSet(value: unknown, path: string[], ctx: FieldSetContext, isMap: boolean): FieldSet {
  if (isObj(value)) {
    const out: FieldSet = {};
    if (isMap) out["."] = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const childIsMap = ctx.custom || MAP_FIELDS.has(k);
      out[`f:${k}`] = valueSet(v, [...path, k], ctx, childIsMap);
    }
    return out;
  }
  if (Array.isArray(value)) {
    const meta = ctx.listMeta(path);
    if (meta.strategy !== "merge") return {};
    const out: FieldSet = {};
    for (const item of value) {
      if (meta.mergeKey && isObj(item)) {
        const key = `k:${JSON.stringify({ [meta.mergeKey]: item[meta.mergeKey] })}`;
        out[key] = { ".": {}, ...valueSet(item, path, ctx, false) };
      } else {
        out[`v:${JSON.stringify(item)}`] = {};
      }
    }
    return out;
  }
  return {};
}

/** The set of fields an object sets, as FieldsV1. */
export function fieldSetOf(obj: Obj, ctx: FieldSetContext): FieldSet {
  const out: FieldSet = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === "apiVersion" || k === "kind" || v === undefined) continue;
    if (k === "metadata" && isObj(v)) {
      const meta: FieldSet = {};
      for (const [mk, mv] of Object.entries(v)) {
        if (SERVER_METADATA.has(mk) || mv === undefined) continue;
        meta[`f:${mk}`] = valueSet(mv, ["metadata", mk], ctx, MAP_FIELDS.has(mk));
      }
      if (Object.keys(meta).length > 0) out["f:metadata"] = meta;
      continue;
    }
    out[`f:${k}`] = valueSet(v, [k], ctx, ctx.custom || MAP_FIELDS.has(k));
  }
  return out;
}

/** Looks up the value a FieldsV1 path addresses (for comparing a field between two versions of an object). */
function child(value: unknown, member: string): unknown {
  if (member.startsWith("f:")) return isObj(value) ? value[member.slice(2)] : undefined;
  if (member.startsWith("k:") && Array.isArray(value)) {
    const key = JSON.parse(member.slice(2)) as Obj;
    const [[name, want]] = Object.entries(key) as [[string, unknown]];
    return value.find((item) => isObj(item) && JSON.stringify(item[name]) === JSON.stringify(want));
  }
  if (member.startsWith("v:") && Array.isArray(value)) {
    const want = member.slice(2);
    return value.find((item) => JSON.stringify(item) === want);
  }
  return undefined;
}

/** Leaves of `set` (as member paths) whose value differs between `before` and `after`. */
function changedLeaves(
  set: FieldSet,
  before: unknown,
  after: unknown,
  prefix: string[],
  out: string[][],
): void {
  for (const [member, sub] of Object.entries(set)) {
    if (member === ".") {
      if (before === undefined) out.push([...prefix, "."]);
      continue;
    }
    const b = child(before, member);
    const a = child(after, member);
    if (Object.keys(sub).length === 0) {
      if (JSON.stringify(b) !== JSON.stringify(a)) out.push([...prefix, member]);
    } else {
      changedLeaves(sub, b, a, [...prefix, member], out);
    }
  }
}

function addPath(set: FieldSet, path: string[]): void {
  let cur = set;
  for (const m of path) cur = cur[m] ??= {};
}

function removePath(set: FieldSet, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !(head in set)) return;
  if (rest.length === 0) {
    if (Object.keys(set[head]!).length === 0) delete set[head];
    return;
  }
  removePath(set[head]!, rest);
  // A member left with nothing below it is dropped, unless it was a leaf to begin with.
  if (Object.keys(set[head]!).length === 0) delete set[head];
}

/** Keeps only the members of `set` that still exist in `allowed`. */
function intersect(set: FieldSet, allowed: FieldSet): FieldSet {
  const out: FieldSet = {};
  for (const [m, sub] of Object.entries(set)) {
    if (!(m in allowed)) continue;
    const inner = intersect(sub, allowed[m]!);
    if (Object.keys(sub).length > 0 && Object.keys(inner).length === 0) continue;
    out[m] = inner;
  }
  return out;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: string;
  apiVersion: string;
  time: string;
  fieldsType: "FieldsV1";
  fieldsV1: FieldSet;
  subresource?: string;
}

/**
 * The managedFields of `after`, written by `manager` over `before` (undefined on create): the manager gains the
 * fields that changed, the other managers lose them, and everyone loses fields that no longer exist.
 */
export function updateManagedFields(
  before: Obj | undefined,
  after: Obj,
  manager: string,
  apiVersion: string,
  time: string,
  ctx: FieldSetContext,
  subresource?: string,
): ManagedFieldsEntry[] {
  const full = fieldSetOf(after, ctx);
  const previous =
    before && isObj(before.metadata)
      ? (before.metadata.managedFields as ManagedFieldsEntry[] | undefined)
      : undefined;
  const changed: string[][] = [];
  if (before) changedLeaves(full, before, after, [], changed);
  const out: ManagedFieldsEntry[] = [];
  let mine: FieldSet | undefined;
  for (const entry of previous ?? []) {
    const sameOwner =
      entry.manager === manager &&
      entry.operation === "Update" &&
      (entry.subresource ?? "") === (subresource ?? "");
    let set = intersect(structuredClone(entry.fieldsV1 ?? {}), full);
    if (sameOwner) {
      mine = set;
      continue;
    }
    for (const path of changed) removePath(set, path);
    set = intersect(set, full);
    if (Object.keys(set).length > 0) out.push({ ...entry, fieldsV1: set });
  }
  if (!before) mine = full;
  else {
    mine ??= {};
    for (const path of changed) addPath(mine, path);
  }
  if (Object.keys(mine).length > 0) {
    out.push({
      manager,
      operation: "Update",
      apiVersion,
      time,
      fieldsType: "FieldsV1",
      fieldsV1: mine,
      ...(subresource ? { subresource } : {}),
    });
  }
  return out;
}

/** The field manager kube-apiserver names after a User-Agent: the part before the first `/`, printable, ≤128. */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const head = (userAgent ?? "").split("/")[0] ?? "";

  return head.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 128);
}

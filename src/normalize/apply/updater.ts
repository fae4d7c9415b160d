/**
 * Ownership bookkeeping for writes (structured-merge-diff `merge.Updater`). An update gives its manager the fields
 * it added or changed and takes changed fields from the other managers; an apply merges the configuration into
 * the live object, prunes what the manager applied last time and no longer applies (unless someone else owns it),
 * makes the configuration's fields the manager's set, and reports conflicts: fields another manager owns whose
 * value the write changes.
 */
import type { FieldSet } from "./field-set.js";
import type { Path } from "./path-element.js";
import { compareTyped, comparisonIsSame, excludeFields, mergeTyped } from "./merge-typed.js";
import type { Comparison } from "./merge-typed.js";
import { removeItems } from "./remove-items.js";
import { ensureNamedFieldsAreMembers, reconcileFieldSetWithSchema } from "./schema-field-sets.js";
import { toFieldSet } from "./to-field-set.js";
import { validationErrorsText } from "./typed-value.js";
import type { TypedValue } from "./typed-value.js";

/** The fields one manager owns, in the API version it wrote them with; `applied` for an Apply manager. */
export interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  readonly applied: boolean;
}

/** Managers (by identifier) and their fields. */
export type ManagerSets = Map<string, VersionedSet>;

/**
 * Converts an object to another API version of its kind; undefined when that version is not served any more (the
 * managers of that version are then dropped). The default keeps the object as it is.
 */
export type VersionConverter = (tv: TypedValue, apiVersion: string) => TypedValue | undefined;

export const sameVersion: VersionConverter = (tv) => tv;

export interface Conflict {
  /** The manager identifier (see `managerIdentifier`). */
  readonly manager: string;
  readonly path: Path;
}

/** An apply that would change fields other managers own; `conflicts` lists them by manager. */
export class ConflictsError extends Error {
  readonly conflicts: readonly Conflict[];
  constructor(conflicts: readonly Conflict[]) {
    super(`${conflicts.length} apply conflict(s)`);
    this.name = "ConflictsError";
    this.conflicts = conflicts;
  }
}

/** A failure inside the merge machinery; the real server answers these with a 500 and this message. */
export class UpdaterError extends Error {}

export interface Updater {
  readonly convert: VersionConverter;
  /** Fields the strategy resets, by API version; nobody owns them. */
  readonly ignoredFields?: ReadonlyMap<string, FieldSet>;
}

function check<T extends { errors: readonly { path: string; message: string }[] }>(
  result: T,
  what: string,
): T {
  if (result.errors.length > 0) throw new UpdaterError(`${what}: ${validationErrorsText(result.errors)}`);
  return result;
}

function sortedManagers(managers: ManagerSets): string[] {
  return [...managers.keys()].sort();
}

function update(
  u: Updater,
  oldObject: TypedValue,
  newObject: TypedValue,
  version: string,
  managers: ManagerSets,
  workflow: string,
  force: boolean,
): { managers: ManagerSets; compare: Comparison } {
  const compare = excludeFields(
    check(compareTyped(oldObject, newObject), "failed to compare objects").comparison,
    u.ignoredFields?.get(version),
  );
  const versions = new Map<string, Comparison>([[version, compare]]);
  const conflicts = new Map<string, FieldSet>();
  const removed = new Map<string, FieldSet>();
  for (const manager of sortedManagers(managers)) {
    if (manager === workflow) continue;
    const managerSet = managers.get(manager)!;
    let c = versions.get(managerSet.apiVersion);
    if (!c) {
      const oldV = u.convert(oldObject, managerSet.apiVersion);
      const newV = oldV && u.convert(newObject, managerSet.apiVersion);
      if (!oldV || !newV) {
        managers.delete(manager);
        continue;
      }
      c = excludeFields(
        check(compareTyped(oldV, newV), "failed to compare objects").comparison,
        u.ignoredFields?.get(managerSet.apiVersion),
      );
      versions.set(managerSet.apiVersion, c);
    }
    const conflictSet = managerSet.set.intersection(c.modified.union(c.added));
    if (!conflictSet.empty()) conflicts.set(manager, conflictSet);
    if (!c.removed.empty()) removed.set(manager, c.removed);
  }
  if (!force && conflicts.size > 0) {
    const list: Conflict[] = [];
    for (const [manager, set] of conflicts) set.iterate((path) => list.push({ manager, path }));
    throw new ConflictsError(list);
  }
  for (const [manager, set] of [...conflicts, ...removed]) {
    const vs = managers.get(manager)!;
    managers.set(manager, { ...vs, set: vs.set.difference(set) });
  }
  for (const [manager, vs] of managers) if (vs.set.empty()) managers.delete(manager);
  return { managers, compare };
}

function reconcileWithSchema(u: Updater, live: TypedValue, managers: ManagerSets): ManagerSets {
  const out: ManagerSets = new Map();
  for (const [manager, vs] of managers) {
    const tv = u.convert(live, vs.apiVersion);
    if (!tv) continue; // an obsolete version; its managers go
    const reconciled = reconcileFieldSetWithSchema(vs.set, tv.schema, tv.typeRef);
    out.set(manager, reconciled ? { ...vs, set: reconciled } : vs);
  }
  return out;
}

/**
 * The managers after `manager` wrote `newObject` over `liveObject` with a create, update or non-apply patch
 * (`Updater.Update`).
 */
export function updaterUpdate(
  u: Updater,
  liveObject: TypedValue,
  newObject: TypedValue,
  version: string,
  managers: ManagerSets,
  manager: string,
): ManagerSets {
  let m = reconcileWithSchema(u, liveObject, managers);
  const result = update(u, liveObject, newObject, version, m, manager, true);
  m = result.managers;
  const { compare } = result;
  const previous = m.get(manager)?.set;
  let set = previous
    ? previous.union(compare.modified).union(compare.added)
    : compare.modified.union(compare.added);
  set = set.difference(compare.removed);
  const ignored = u.ignoredFields?.get(version);
  if (ignored) set = set.recursiveDifference(ignored);
  if (set.empty()) m.delete(manager);
  else m.set(manager, { set, apiVersion: version, applied: false });
  return m;
}

/**
 * The object and managers after `manager` applied `config` to `liveObject` (`Updater.Apply`); `object` is
 * undefined when the object does not change (the managers may still have). Throws {@link ConflictsError} unless
 * `force`.
 */
export function updaterApply(
  u: Updater,
  liveObject: TypedValue,
  config: TypedValue,
  version: string,
  managers: ManagerSets,
  manager: string,
  force: boolean,
): { object: TypedValue | undefined; managers: ManagerSets } {
  let m = reconcileWithSchema(u, liveObject, managers);
  const merged = check(mergeTyped(liveObject, config), "failed to merge config");
  let newObject: TypedValue = { ...liveObject, value: merged.value };
  const lastSet = m.get(manager);
  let set = toFieldSet(config);
  const ignored = u.ignoredFields?.get(version);
  if (ignored) set = set.recursiveDifference(ignored);
  m.set(manager, { set, apiVersion: version, applied: true });
  newObject = prune(u, newObject, m, manager, lastSet);
  const result = update(u, liveObject, newObject, version, m, manager, force);
  m = result.managers;
  return { object: comparisonIsSame(result.compare) ? undefined : newObject, managers: m };
}

/** Removes what `applyingManager` applied last time and not now, unless another manager (or the new config) owns it. */
function prune(
  u: Updater,
  merged: TypedValue,
  managers: ManagerSets,
  applyingManager: string,
  lastSet: VersionedSet | undefined,
): TypedValue {
  if (!lastSet || lastSet.set.empty()) return merged;
  const convertedMerged = u.convert(merged, lastSet.apiVersion);
  if (!convertedMerged) return merged;
  const ensure = (s: FieldSet) =>
    ensureNamedFieldsAreMembers(s, convertedMerged.schema, convertedMerged.typeRef);
  let pruned = removeItems(convertedMerged, ensure(lastSet.set));
  pruned = addBackOwnedItems(u, convertedMerged, pruned, managers);
  pruned = addBackDanglingItems(u, convertedMerged, pruned, lastSet);
  const back = u.convert(pruned, managers.get(applyingManager)!.apiVersion);
  if (!back) throw new UpdaterError("failed to prune fields: the applied version is not served");
  return back;
}

function addBackOwnedItems(
  u: Updater,
  merged: TypedValue,
  pruned: TypedValue,
  managers: ManagerSets,
): TypedValue {
  const managedAtVersion = new Map<string, FieldSet>();
  for (const vs of managers.values()) {
    const prev = managedAtVersion.get(vs.apiVersion);
    managedAtVersion.set(vs.apiVersion, prev ? prev.union(vs.set) : vs.set);
  }
  for (const [version, managed] of managedAtVersion) {
    const m = u.convert(merged, version);
    const p = m && u.convert(pruned, version);
    if (!m || !p) continue;
    const ensure = (s: FieldSet) => ensureNamedFieldsAreMembers(s, m.schema, m.typeRef);
    const mergedSet = ensure(toFieldSet(m));
    const keep = ensure(toFieldSet(p)).union(ensure(managed));
    merged = m;
    pruned = removeItems(m, mergedSet.difference(keep));
  }
  return pruned;
}

function addBackDanglingItems(
  u: Updater,
  merged: TypedValue,
  pruned: TypedValue,
  lastSet: VersionedSet,
): TypedValue {
  const convertedPruned = u.convert(pruned, lastSet.apiVersion);
  if (!convertedPruned) return merged;
  const ensure = (s: FieldSet) => ensureNamedFieldsAreMembers(s, merged.schema, merged.typeRef);
  const prunedSet = ensure(toFieldSet(convertedPruned));
  const mergedSet = ensure(toFieldSet(merged));
  return removeItems(merged, mergedSet.difference(prunedSet).intersection(ensure(lastSet.set)));
}

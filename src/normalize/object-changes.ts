/** The closed set of edits an update makes to one field. */
import { isJsonObject } from "../internal/json.js";
export const FIELD_CHANGE_OPS = ["add", "remove", "replace"] as const;
/** The edit a {@link FieldChange} makes, one of {@link FIELD_CHANGE_OPS}. */
export type FieldChangeOp = (typeof FIELD_CHANGE_OPS)[number];

/** One field an update would change: its path (jq style, `.data.password`), the edit, and the values around it. */
export interface FieldChange {
  path: string;
  op: FieldChangeOp;
  /** The stored value (absent for `add`). */
  before?: unknown;
  /** The value to be written (absent for `remove`). */
  after?: unknown;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function sameScalar(a: unknown, b: unknown): boolean {
  if (typeof a === "bigint" || typeof b === "bigint") return String(a) === String(b);
  return a === b;
}

/** Where a value sits: object keys and list indexes from the root. */
export type FieldPath = readonly (string | number)[];

/** Options of {@link objectChanges}, a mask applied to every reported value. */
export interface ObjectChangesOptions {
  /** Replaces the values reported at a path (to mask secrets); called for `before` and `after` alike. */
  mask?: (path: FieldPath, value: unknown) => unknown;
}

interface Walk {
  out: FieldChange[];
  mask: (path: FieldPath, value: unknown) => unknown;
}

function walk(before: unknown, after: unknown, segments: (string | number)[], path: string, w: Walk): void {
  const push = (op: FieldChangeOp, at: (string | number)[], p: string, b: unknown, a: unknown) => {
    const change: FieldChange = { path: p || ".", op };
    if (op !== "add") change.before = w.mask(at, b);
    if (op !== "remove") change.after = w.mask(at, a);
    w.out.push(change);
  };
  if (isJsonObject(before) && isJsonObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const b = before[key];
      const a = after[key];
      const at = [...segments, key];
      const p = childPath(path, key);
      if (b === undefined && a === undefined) continue;
      if (b === undefined) push("add", at, p, b, a);
      else if (a === undefined) push("remove", at, p, b, a);
      else walk(b, a, at, p, w);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const common = Math.min(before.length, after.length);
    for (let i = 0; i < common; i++) walk(before[i], after[i], [...segments, i], childPath(path, i), w);
    for (let i = common; i < after.length; i++)
      push("add", [...segments, i], childPath(path, i), undefined, after[i]);
    for (let i = common; i < before.length; i++)
      push("remove", [...segments, i], childPath(path, i), before[i], undefined);
    return;
  }
  if (
    isJsonObject(before) ||
    isJsonObject(after) ||
    Array.isArray(before) ||
    Array.isArray(after) ||
    !sameScalar(before, after)
  )
    push("replace", segments, path, before, after);
}

/**
 * Every field that differs between a stored object and the object about to be written, in document order: what a
 * dry-run preview shows. Lists are compared item by item at the same index.
 *
 * @example
 * objectChanges({ data: { a: "1" } }, { data: { a: "2", b: "3" } });
 * // [{ path: ".data.a", op: "replace", before: "1", after: "2" }, { path: ".data.b", op: "add", after: "3" }]
 */
export function objectChanges(
  before: unknown,
  after: unknown,
  options: ObjectChangesOptions = {},
): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, [], "", { out, mask: options.mask ?? ((_p, v) => v) });
  return out;
}

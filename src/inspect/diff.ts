import { formatPath } from "./json-path.js";
import type { PathSegment } from "./json-path.js";

/** The closed set of ways a value can differ. `type` means both sides hold a value of different JSON types. */
export const CHANGE_KINDS = ["added", "removed", "changed", "type"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * One difference between two JSON documents, as data. `old` is the left document's value (absent for `added`),
 * `new` the right one's. When a difference was aggregated over every item of an array (`[*]` in the path),
 * `count` says how many items, and `old`/`new` are kept only if they were the same for every item.
 */
export interface Difference {
  path: string;
  segments: PathSegment[];
  change: ChangeKind;
  old?: unknown;
  new?: unknown;
  count?: number;
}

export interface DiffOptions {
  /**
   * Match array items by identity (kind, namespace and name) instead of position when every item on both sides has
   * a unique `metadata.name`. Default true.
   */
  matchByName?: boolean;
}

type Obj = Record<string, unknown>;
const ABSENT: unique symbol = Symbol("absent");

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v === "bigint" ? "number" : typeof v;
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function sameScalar(a: unknown, b: unknown): boolean {
  // 1 and 1n are the same JSON number.
  if (typeof a === "bigint" || typeof b === "bigint") return String(a) === String(b);
  return Object.is(a, b) || (a === 0 && b === 0);
}

/** Deep JSON equality (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObj(a)) {
    if (!isObj(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return jsonType(a) === jsonType(b) && sameScalar(a, b);
}

interface RawDiff {
  segments: PathSegment[];
  change: ChangeKind;
  old: unknown;
  new: unknown;
}

function identity(item: unknown): string | undefined {
  if (!isObj(item) || !isObj(item.metadata) || typeof item.metadata.name !== "string") return undefined;
  const ns = typeof item.metadata.namespace === "string" ? item.metadata.namespace : "";
  return `${ns}/${item.metadata.name}`;
}

/** Pairs array items by namespace/name when both sides allow it, else by position. Left index first. */
function pairItems(
  a: unknown[],
  b: unknown[],
  matchByName: boolean,
): [number | undefined, number | undefined][] {
  if (matchByName && a.length > 0 && b.length > 0) {
    const ka = a.map(identity);
    const kb = b.map(identity);
    const unique = (keys: (string | undefined)[]) =>
      keys.every((k) => k !== undefined) && new Set(keys).size === keys.length;
    if (unique(ka) && unique(kb)) {
      const pairs: [number | undefined, number | undefined][] = ka.map((k, i) => {
        const j = kb.indexOf(k);
        return [i, j < 0 ? undefined : j];
      });
      kb.forEach((k, j) => {
        if (!ka.includes(k)) pairs.push([undefined, j]);
      });
      return pairs;
    }
  }
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => [i < a.length ? i : undefined, i < b.length ? i : undefined]);
}

function walk(
  a: unknown,
  b: unknown,
  segments: PathSegment[],
  out: RawDiff[],
  options: Required<DiffOptions>,
): void {
  if (a === (ABSENT as unknown) && b === (ABSENT as unknown)) return;
  if (a === (ABSENT as unknown)) {
    out.push({ segments, change: "added", old: undefined, new: b });
    return;
  }
  if (b === (ABSENT as unknown)) {
    out.push({ segments, change: "removed", old: a, new: undefined });
    return;
  }
  const ta = jsonType(a);
  const tb = jsonType(b);
  if (ta !== tb) {
    out.push({ segments, change: "type", old: a, new: b });
    return;
  }
  if (ta === "object") {
    const oa = a as Obj;
    const ob = b as Obj;
    const keys = new Set([...Object.keys(oa), ...Object.keys(ob)]);
    for (const k of keys) {
      const va = k in oa && oa[k] !== undefined ? oa[k] : ABSENT;
      const vb = k in ob && ob[k] !== undefined ? ob[k] : ABSENT;
      walk(va, vb, [...segments, k], out, options);
    }
    return;
  }
  if (ta === "array") {
    diffArray(a as unknown[], b as unknown[], segments, out, options);
    return;
  }
  if (!sameScalar(a, b)) out.push({ segments, change: "changed", old: a, new: b });
}

/**
 * Diffs an array item by item, then folds a difference into `[*]` when every item has it (same relative path and
 * kind of change), as `.items[*].kind` for a list whose items all lack their kind.
 */
function diffArray(
  a: unknown[],
  b: unknown[],
  segments: PathSegment[],
  out: RawDiff[],
  options: Required<DiffOptions>,
): void {
  const pairs = pairItems(a, b, options.matchByName);
  const perItem: { index: number; diffs: RawDiff[] }[] = [];
  for (const [i, j] of pairs) {
    const index = (i ?? j)!;
    const diffs: RawDiff[] = [];
    walk(i === undefined ? ABSENT : a[i], j === undefined ? ABSENT : b[j], [], diffs, options);
    perItem.push({ index, diffs });
  }
  const aggregatable = a.length >= 2 && a.length === b.length && perItem.every((p) => p.diffs.length > 0);
  const keyOf = (d: RawDiff) => `${d.change} ${formatPath(d.segments)}`;
  const common = new Set<string>();
  if (aggregatable) {
    const first = new Set(perItem[0]!.diffs.map(keyOf));
    for (const k of first) if (perItem.every((p) => p.diffs.some((d) => keyOf(d) === k))) common.add(k);
    // A difference at the item's root (the whole item added or removed) is not "alike" across items.
    for (const k of [...common]) if (k.endsWith(" .")) common.delete(k);
  }
  for (const k of common) {
    const matches = perItem.map((p) => p.diffs.find((d) => keyOf(d) === k)!);
    const first = matches[0]!;
    const sameOld = matches.every((m) => jsonEqual(m.old, first.old));
    const sameNew = matches.every((m) => jsonEqual(m.new, first.new));
    out.push({
      segments: [...segments, { all: true }, ...first.segments],
      change: first.change,
      old: sameOld ? first.old : ABSENT,
      new: sameNew ? first.new : ABSENT,
      count: matches.length,
    } as RawDiff & { count: number });
  }
  for (const p of perItem) {
    for (const d of p.diffs) {
      if (common.has(keyOf(d))) continue;
      out.push({ ...d, segments: [...segments, p.index, ...d.segments] });
    }
  }
}

/**
 * A structural diff of two JSON values: every path where they differ, as data. Arrays of Kubernetes objects are
 * matched by namespace/name where possible; differences shared by every item are reported once with `[*]`.
 *
 * @example
 * diffJson({ kind: "ConfigMapList" }, { kind: "List" });
 * // [{ path: ".kind", change: "changed", old: "ConfigMapList", new: "List", ... }]
 */
export function diffJson(a: unknown, b: unknown, options: DiffOptions = {}): Difference[] {
  const raw: RawDiff[] = [];
  walk(a, b, [], raw, { matchByName: options.matchByName ?? true });
  return raw.map((d) => {
    const out: Difference = { path: formatPath(d.segments), segments: d.segments, change: d.change };
    if (d.old !== undefined && d.old !== (ABSENT as unknown)) out.old = d.old;
    if (d.new !== undefined && d.new !== (ABSENT as unknown)) out.new = d.new;
    const count = (d as RawDiff & { count?: number }).count;
    if (count !== undefined) out.count = count;
    return out;
  });
}

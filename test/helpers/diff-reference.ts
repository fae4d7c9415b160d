// The structural diff as it was before its performance work (commit 0d22e4a), kept as the oracle of
// test/diff/diff-equivalence.property.test.ts: the faster diff must give exactly the same answers. One change
// since: masking is the recorder's redaction (issue 17): both sides are redacted for display, diffed as they are,
// and the markers a difference carries are shown as masks.
import { formatPath } from "../../src/internal/json-path.js";
import type { PathSegment } from "../../src/internal/json-path.js";
import {
  holdsMarker,
  maskMarkers,
  redactPairForDisplay,
  SECRET_MASK_AFTER,
  SECRET_MASK_BEFORE,
} from "../../src/diff/secret-mask.js";
import { isRedactionMarker } from "../../src/record/redact/redaction-marker.js";

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
  /** True when a Secret value was replaced by `***` (`*** (before)` / `*** (after)` when it changed). */
  masked?: boolean;
}

export interface DiffOptions {
  /**
   * Match array items by identity instead of position when every item on both sides has one and it is unique:
   * Kubernetes objects by namespace and name (and kind when both sides carry it), other objects (containers,
   * volumes, env vars) by their `name`. Default true.
   */
  matchByName?: boolean;
  /** Fold a difference that every item of an array shares into one `[*]` path. Default true. */
  aggregate?: boolean;
  /**
   * Keep Secret values in `old`/`new`. By default they are masked: `***`, or `*** (before)` / `*** (after)` for
   * a value that changed. Secrets are recognised by kind `Secret`, as items of a `SecretList`, or by `secret`.
   */
  showSecrets?: boolean | undefined;
  /** The documents are Secrets (or lists of Secrets) even though they do not say so (e.g. bare list items). */
  secret?: boolean | undefined;
  /**
   * Which document a matched item's index in `path` refers to: `old` (the default) or `new`. Items only on one
   * side always use that side's index.
   */
  indexFrom?: "old" | "new";
}

type Resolved = Required<Pick<DiffOptions, "matchByName" | "aggregate" | "indexFrom">>;

type Obj = Record<string, unknown>;
const ABSENT: unknown = Symbol("absent");

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

interface Identity {
  kind: string;
  key: string;
}

/** An array item's identity: namespace/name of a Kubernetes object (with its kind, if any), or a plain `name`. */
function identity(item: unknown): Identity | undefined {
  if (!isObj(item)) return undefined;
  if (isObj(item.metadata) && typeof item.metadata.name === "string") {
    const ns = typeof item.metadata.namespace === "string" ? item.metadata.namespace : "";
    return { kind: typeof item.kind === "string" ? item.kind : "", key: `${ns}/${item.metadata.name}` };
  }
  if (typeof item.name === "string" && !("metadata" in item)) return { kind: "", key: `name:${item.name}` };
  return undefined;
}

function identities(items: unknown[]): Identity[] | undefined {
  const ids = items.map(identity);
  if (!ids.every((i) => i !== undefined)) return undefined;
  const seen = new Set(ids.map((i) => `${i.kind}|${i.key}`));
  return seen.size === ids.length ? ids : undefined;
}

/**
 * Pairs array items by identity when both sides allow it, else by position. Kinds must agree only when both
 * items carry one: the server's bare list items match kubectl's typed ones. Left index first.
 */
function pairItems(
  a: unknown[],
  b: unknown[],
  matchByName: boolean,
): [number | undefined, number | undefined][] {
  const ka = matchByName && a.length > 0 && b.length > 0 ? identities(a) : undefined;
  const kb = ka ? identities(b) : undefined;
  if (ka && kb) {
    const used = new Set<number>();
    const pairs: [number | undefined, number | undefined][] = ka.map((x, i) => {
      const j = kb.findIndex(
        (y, j) => !used.has(j) && y.key === x.key && (x.kind === "" || y.kind === "" || x.kind === y.kind),
      );
      if (j >= 0) used.add(j);
      return [i, j < 0 ? undefined : j];
    });
    kb.forEach((_, j) => {
      if (!used.has(j)) pairs.push([undefined, j]);
    });
    return pairs;
  }
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => [i < a.length ? i : undefined, i < b.length ? i : undefined]);
}

interface RawDiff {
  segments: PathSegment[];
  change: ChangeKind;
  old: unknown;
  new: unknown;
  count?: number;
  masked?: boolean;
}

function difference(segments: PathSegment[], change: ChangeKind, a: unknown, b: unknown): RawDiff {
  return { segments, change, old: a, new: b };
}

function walk(a: unknown, b: unknown, segments: PathSegment[], out: RawDiff[], options: Resolved): void {
  if (a === ABSENT && b === ABSENT) return;
  if (a === ABSENT) {
    out.push(difference(segments, "added", a, b));
    return;
  }
  if (b === ABSENT) {
    out.push(difference(segments, "removed", a, b));
    return;
  }
  const ta = jsonType(a);
  const tb = jsonType(b);
  if (ta !== tb) {
    out.push(difference(segments, "type", a, b));
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
  if (!sameScalar(a, b)) out.push(difference(segments, "changed", a, b));
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
  options: Resolved,
): void {
  const pairs = pairItems(a, b, options.matchByName);
  const perItem: { index: number; diffs: RawDiff[] }[] = [];
  for (const [i, j] of pairs) {
    const index = (options.indexFrom === "new" ? (j ?? i) : (i ?? j))!;
    const diffs: RawDiff[] = [];
    walk(i === undefined ? ABSENT : a[i], j === undefined ? ABSENT : b[j], [], diffs, options);
    perItem.push({ index, diffs });
  }
  const aggregatable =
    options.aggregate && a.length >= 2 && a.length === b.length && perItem.every((p) => p.diffs.length > 0);
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
    const agg: RawDiff = {
      segments: [...segments, { all: true }, ...first.segments],
      change: first.change,
      old: sameOld ? first.old : ABSENT,
      new: sameNew ? first.new : ABSENT,
      count: matches.length,
    };
    if (matches.some((m) => m.masked)) agg.masked = true;
    out.push(agg);
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
 * matched by namespace/name (and kind) where possible; differences shared by every item are reported once with
 * `[*]`. Secret values are masked unless `showSecrets` is set.
 *
 * @example
 * diffJson({ kind: "ConfigMapList" }, { kind: "List" });
 * // [{ path: ".kind", change: "changed", old: "ConfigMapList", new: "List", ... }]
 */
export function referenceDiffJson(a: unknown, b: unknown, options: DiffOptions = {}): Difference[] {
  const resolved: Resolved = {
    matchByName: options.matchByName ?? true,
    aggregate: options.aggregate ?? true,
    indexFrom: options.indexFrom ?? "old",
  };
  const masking = !(options.showSecrets ?? false);
  const [left, right] = masking ? redactPairForDisplay(a, b, options.secret ?? false) : [a, b];
  const raw: RawDiff[] = [];
  walk(left, right, [], raw, resolved);
  return raw.map((d) => {
    const out: Difference = { path: formatPath(d.segments), segments: d.segments, change: d.change };
    let oldValue = d.old;
    let newValue = d.new;
    const masked = masking && (holdsMarker(oldValue) || holdsMarker(newValue));
    if (masked) {
      const changed = d.change === "changed" || d.change === "type";
      if (oldValue !== ABSENT)
        oldValue = maskMarkers(
          oldValue,
          changed && isRedactionMarker(oldValue) ? SECRET_MASK_BEFORE : undefined,
        );
      if (newValue !== ABSENT)
        newValue = maskMarkers(
          newValue,
          changed && isRedactionMarker(newValue) ? SECRET_MASK_AFTER : undefined,
        );
    }
    if (oldValue !== undefined && oldValue !== ABSENT) out.old = oldValue;
    if (newValue !== undefined && newValue !== ABSENT) out.new = newValue;
    if (d.count !== undefined) out.count = d.count;
    if (masked) out.masked = true;
    return out;
  });
}

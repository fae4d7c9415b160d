import { formatPath } from "../internal/json-path.js";
import type { PathSegment } from "../internal/json-path.js";
import {
  holdsMarker,
  maskMarkers,
  redactPairForDisplay,
  SECRET_MASK_AFTER,
  SECRET_MASK_BEFORE,
} from "./secret-mask.js";
import { isRedactionMarker } from "../record/redact/redaction-marker.js";
import { isJsonObject, jsonEqual } from "../internal/json.js";

/** The closed set of ways a value can differ. `type` means both sides hold a value of different JSON types. */
export const CHANGE_KINDS = ["added", "removed", "changed", "type"] as const;
/** How a value differs, one of {@link CHANGE_KINDS}. */
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

/** Options of {@link diffJson}, saying how arrays are matched and aggregated and whether Secret values are masked. */
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
   * a value that changed. Secrets are recognised by kind `Secret`, as items of a `SecretList`, or by `secret`;
   * the credentials of kubeconfigs (`kind: Config`), TokenRequests, TokenReviews and ExecCredentials are masked too.
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
const isOwnEnumerable = (o: Obj, k: string): boolean => Object.prototype.propertyIsEnumerable.call(o, k);
const hasOwn = (o: Obj, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v === "bigint" ? "number" : typeof v;
}

/**
 * An array whose items are made only when the diff reaches them, and let go after: kubectl's view of a long list,
 * whose item copies then die young instead of all living until the diff ends. It stands only on the right side; it
 * diffs exactly as the array of its items would (it is made into one wherever anything but an array's item by item
 * walk would see it).
 */
export class LazyItems {
  constructor(
    readonly length: number,
    readonly at: (index: number) => unknown,
  ) {}

  toArray(): unknown[] {
    const items = new Array<unknown>(this.length);
    for (let i = 0; i < this.length; i++) items[i] = this.at(i);
    return items;
  }
}

/** The right side's items, one at a time: an array's own, or made by a {@link LazyItems}. */
type Items = unknown[] | LazyItems;

function itemAt(items: Items, index: number): unknown {
  return items instanceof LazyItems ? items.at(index) : items[index];
}

interface Identity {
  kind: string;
  key: string;
}

/** An array item's identity: namespace/name of a Kubernetes object (with its kind, if any), or a plain `name`. */
function identity(item: unknown): Identity | undefined {
  if (!isJsonObject(item)) return undefined;
  if (isJsonObject(item.metadata) && typeof item.metadata.name === "string") {
    const ns = typeof item.metadata.namespace === "string" ? item.metadata.namespace : "";
    return { kind: typeof item.kind === "string" ? item.kind : "", key: `${ns}/${item.metadata.name}` };
  }
  if (typeof item.name === "string" && !("metadata" in item)) return { kind: "", key: `name:${item.name}` };
  return undefined;
}

/** Items that identity pairing would pair with each other, or that it does not apply to. */
function positionMatches(x: unknown, y: unknown): boolean {
  // The usual case without building keys: the same name and namespace.
  if (isJsonObject(x) && isJsonObject(y) && isJsonObject(x.metadata) && isJsonObject(y.metadata)) {
    const mx = x.metadata;
    const my = y.metadata;
    const sameNamespace =
      mx.namespace === my.namespace || (typeof mx.namespace !== "string" && typeof my.namespace !== "string");
    if (typeof mx.name === "string" && mx.name === my.name && sameNamespace) {
      const kx = typeof x.kind === "string" ? x.kind : "";
      const ky = typeof y.kind === "string" ? y.kind : "";
      return kx === "" || ky === "" || kx === ky;
    }
  }
  const ix = identity(x);
  const iy = identity(y);
  return !ix || !iy || (ix.key === iy.key && (ix.kind === "" || iy.kind === "" || ix.kind === iy.kind));
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
  items: Items,
  matchByName: boolean,
): [number | undefined, number | undefined][] | "in-place" {
  // Items already in the same order (a list and kubectl's view of it) pair by position whatever the rule: by
  // identity each left item takes the first free right one, which is then its own position.
  if (a.length === items.length && (!matchByName || a.every((x, i) => positionMatches(x, itemAt(items, i)))))
    return "in-place";
  const b = items instanceof LazyItems ? items.toArray() : items;
  const ka = matchByName && a.length > 0 && b.length > 0 ? identities(a) : undefined;
  const kb = ka ? identities(b) : undefined;
  if (ka && kb) {
    // Each left item takes the first right item not yet taken with its key and a compatible kind: right items by
    // key, in order, so pairing stays linear on lists of thousands.
    const byKey = new Map<string, number[]>();
    kb.forEach((y, j) => {
      const bucket = byKey.get(y.key);
      if (bucket) bucket.push(j);
      else byKey.set(y.key, [j]);
    });
    const used = new Uint8Array(kb.length);
    const pairs: [number | undefined, number | undefined][] = ka.map((x, i) => {
      let found: number | undefined;
      for (const j of byKey.get(x.key) ?? []) {
        const y = kb[j]!;
        if (!used[j] && (x.kind === "" || y.kind === "" || x.kind === y.kind)) {
          found = j;
          break;
        }
      }
      if (found !== undefined) used[found] = 1;
      return [i, found];
    });
    kb.forEach((_, j) => {
      if (!used[j]) pairs.push([undefined, j]);
    });
    return pairs;
  }
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => [i < a.length ? i : undefined, i < b.length ? i : undefined]);
}

/**
 * Whether two differences have the same aggregation key (change and formatted path) without formatting it: a path
 * formats one way only, so segment by segment equality is the same test.
 */
function sameKey(d: RawDiff, e: RawDiff): boolean {
  if (d.change !== e.change || d.segments.length !== e.segments.length) return false;
  for (let i = 0; i < d.segments.length; i++) {
    const x = d.segments[i];
    const y = e.segments[i];
    if (x !== y && !(typeof x === "object" && typeof y === "object")) return false;
  }
  return true;
}

interface RawDiff {
  segments: PathSegment[];
  change: ChangeKind;
  old: unknown;
  new: unknown;
  count?: number;
  masked?: boolean;
}

/** Builds one difference (masking is applied to all of them at the end, see {@link diffJsonKnowing}). */
function difference(segments: PathSegment[], change: ChangeKind, a: unknown, b: unknown): RawDiff {
  return { segments, change, old: a, new: b };
}

function sameScalar(a: unknown, b: unknown): boolean {
  // 1 and 1n are the same JSON number.
  if (typeof a === "bigint" || typeof b === "bigint") return String(a) === String(b);
  return Object.is(a, b) || (a === 0 && b === 0);
}

function walk(a: unknown, b: unknown, segments: PathSegment[], out: RawDiff[], options: Resolved): void {
  // The same value on both sides has no difference in it: kubectl's view shares every subtree it did not change
  // with the server's answer, so most of a large list is never walked.
  if (a === b) return;
  if (b instanceof LazyItems) {
    if (Array.isArray(a)) {
      diffArray(a, b, segments, out, options);
      return;
    }
    b = b.toArray();
  }
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
    // Keys of the left side, then those only on the right, in their order (for-in with an own-property check
    // walks them as Object.keys would, without allocating an array of keys per object).
    // Both values are read here, where V8 reads the for-in receiver's from its enum cache, and the same value on
    // both sides (most keys of an item and its view) ends there, as walkKey would: such a key needs no own test.
    for (const k in oa) {
      if (!hasOwn(oa, k)) continue;
      const x = oa[k];
      const y = ob[k];
      if (x !== y) walkKey(x, y, k, segments, out, options);
    }
    for (const k in ob) {
      if (!hasOwn(ob, k)) continue;
      const y = ob[k];
      const x = oa[k];
      if (x !== y && !isOwnEnumerable(oa, k)) walkKey(x, y, k, segments, out, options);
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
 * Walks one key of two objects, given the values read for it (undefined where the key is not there: no `in` test is
 * needed to tell that from a key holding undefined); nothing is allocated for a value both share.
 */
function walkKey(
  xa: unknown,
  xb: unknown,
  k: string,
  segments: PathSegment[],
  out: RawDiff[],
  options: Resolved,
): void {
  const va = xa !== undefined ? xa : ABSENT;
  const vb = xb !== undefined ? xb : ABSENT;
  if (va === vb) return;
  walk(va, vb, [...segments, k], out, options);
}

/**
 * The usual aggregation (every item differs in the same few ways, as a list from kubectl's view of it) without
 * keeping every item's differences until the end: the first item's differences are the candidates, each later
 * item's matching ones update them (same old value? same new one? masked?) and are let go, and only the others
 * are kept. Gives up (false, nothing written) as soon as an item lacks a candidate or has no difference, or when
 * there are more than a few candidates: the caller then aggregates from every item's differences, which answers
 * the same.
 */
function aggregateAsItGoes(
  count: number,
  item: (n: number) => { index: number; diffs: RawDiff[] },
  segments: PathSegment[],
  out: RawDiff[],
): boolean {
  const first = item(0);
  const candidates: { c: RawDiff; sameOld: boolean; sameNew: boolean; masked: boolean }[] = [];
  const candidateOf = (d: RawDiff): number => {
    for (let k = 0; k < candidates.length; k++) if (sameKey(candidates[k]!.c, d)) return k;
    return -1;
  };
  for (const d of first.diffs) {
    // A difference at the item's root (the whole item added or removed) is not "alike" across items.
    if (d.segments.length === 0 || candidateOf(d) >= 0) continue;
    candidates.push({ c: d, sameOld: true, sameNew: true, masked: d.masked === true });
  }
  if (candidates.length === 0 || candidates.length > 8) return false;
  const all = (1 << candidates.length) - 1;
  const rest: { index: number; diffs: RawDiff[] }[] = [
    { index: first.index, diffs: first.diffs.filter((d) => candidateOf(d) < 0) },
  ];
  for (let n = 1; n < count; n++) {
    const { index, diffs } = item(n);
    let seen = 0;
    const kept: RawDiff[] = [];
    for (const d of diffs) {
      const k = candidateOf(d);
      if (k < 0) {
        kept.push(d);
        continue;
      }
      if (seen & (1 << k)) continue; // not the item's first difference with this key: it goes, unused
      seen |= 1 << k;
      const x = candidates[k]!;
      if (x.sameOld && !jsonEqual(d.old, x.c.old)) x.sameOld = false;
      if (x.sameNew && !jsonEqual(d.new, x.c.new)) x.sameNew = false;
      if (d.masked) x.masked = true;
    }
    if (seen !== all) return false;
    if (kept.length > 0) rest.push({ index, diffs: kept });
  }
  for (const x of candidates) {
    const agg: RawDiff = {
      segments: [...segments, { all: true }, ...x.c.segments],
      change: x.c.change,
      old: x.sameOld ? x.c.old : ABSENT,
      new: x.sameNew ? x.c.new : ABSENT,
      count,
    };
    if (x.masked) agg.masked = true;
    out.push(agg);
  }
  for (const { index, diffs } of rest)
    for (const d of diffs) out.push({ ...d, segments: [...segments, index, ...d.segments] });
  return true;
}

/** Thrown when items assumed to pair in place do not: the array is then diffed again, paired as usual. */
class Unpaired extends Error {}

/**
 * Diffs an array item by item, then folds a difference into `[*]` when every item has it (same relative path and
 * kind of change), as `.items[*].kind` for a list whose items all lack their kind.
 */
function diffArray(a: unknown[], b: Items, segments: PathSegment[], out: RawDiff[], options: Resolved): void {
  if (b instanceof LazyItems) {
    // Made items (kubectl's view of a list) are the list's own in the same order: assume they pair in place and
    // check each pair as it is walked, so that each item is made once and let go. Nothing is written to `out`
    // before every item was walked, so a pair that does not match can start the diff again, as an array's.
    if (a.length === b.length)
      try {
        diffPairs(a, b, "in-place", segments, out, options, true);
        return;
      } catch (error) {
        if (!(error instanceof Unpaired)) throw error;
      }
    b = b.toArray();
  }
  diffPairs(a, b, pairItems(a, b, options.matchByName), segments, out, options, false);
}

function diffPairs(
  a: unknown[],
  b: Items,
  pairs: ReturnType<typeof pairItems>,
  segments: PathSegment[],
  out: RawDiff[],
  options: Resolved,
  checkPairs: boolean,
): void {
  const count = pairs === "in-place" ? a.length : pairs.length;
  /** The differences inside the n-th pair of items, and the index that names it. */
  const item = (n: number): { index: number; diffs: RawDiff[] } => {
    const i = pairs === "in-place" ? n : pairs[n]![0];
    const j = pairs === "in-place" ? n : pairs[n]![1];
    const index = (options.indexFrom === "new" ? (j ?? i) : (i ?? j))!;
    const diffs: RawDiff[] = [];
    const x = i === undefined ? ABSENT : a[i];
    const y = j === undefined ? ABSENT : itemAt(b, j);
    // pairItems' test for pairing in place, one pair at a time.
    if (checkPairs && options.matchByName && !positionMatches(x, y)) throw new Unpaired();
    walk(x, y, [], diffs, options);
    return { index, diffs };
  };
  if (
    options.aggregate &&
    a.length >= 2 &&
    a.length === b.length &&
    aggregateAsItGoes(count, item, segments, out)
  )
    return;
  const indexes = new Array<number>(count);
  const diffsOf = new Array<RawDiff[]>(count);
  for (let n = 0; n < count; n++) {
    const { index, diffs } = item(n);
    indexes[n] = index;
    diffsOf[n] = diffs;
  }
  const aggregatable =
    options.aggregate && a.length >= 2 && a.length === b.length && diffsOf.every((d) => d.length > 0);
  // The differences every item has (same change at the same relative path), in the first item's order. A few
  // candidates are compared by their segments; many, by their formatted keys through a map per item.
  const common: RawDiff[] = [];
  let matchesOf: (c: RawDiff) => RawDiff[] | undefined = () => undefined;
  let isCommon: (n: number, i: number) => boolean = () => false;
  if (aggregatable && diffsOf[0]!.length <= 8) {
    const firstWith = (n: number, c: RawDiff): RawDiff | undefined => {
      const diffs = diffsOf[n]!;
      for (let i = 0; i < diffs.length; i++) if (sameKey(diffs[i]!, c)) return diffs[i];
      return undefined;
    };
    const first = diffsOf[0]!;
    for (let i = 0; i < first.length; i++) {
      const c = first[i]!;
      if (c.segments.length === 0 || firstWith(0, c) !== c) continue;
      let everywhere = true;
      for (let n = 1; n < count && everywhere; n++) everywhere = firstWith(n, c) !== undefined;
      if (everywhere) common.push(c);
    }
    matchesOf = (c) => {
      const matches = new Array<RawDiff>(count);
      for (let n = 0; n < count; n++) matches[n] = firstWith(n, c)!;
      return matches;
    };
    isCommon = (n, i) => {
      const d = diffsOf[n]![i]!;
      for (const c of common) if (sameKey(d, c)) return true;
      return false;
    };
  } else if (aggregatable) {
    const keys = diffsOf.map((ds) => ds.map((d) => `${d.change} ${formatPath(d.segments)}`));
    const maps = keys.map((ks, n) => {
      const m = new Map<string, RawDiff>();
      ks.forEach((k, i) => {
        if (!m.has(k)) m.set(k, diffsOf[n]![i]!);
      });
      return m;
    });
    const commonKeys = new Set<string>();
    for (const k of keys[0]!) if (!k.endsWith(" .") && maps.every((m) => m.has(k))) commonKeys.add(k);
    for (const k of commonKeys) common.push(maps[0]!.get(k)!);
    matchesOf = (c) => maps.map((m) => m.get(`${c.change} ${formatPath(c.segments)}`)!);
    isCommon = (n, i) => commonKeys.has(keys[n]![i]!);
  }
  for (const c of common) {
    const matches = matchesOf(c)!;
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
  for (let n = 0; n < count; n++) {
    const diffs = diffsOf[n]!;
    for (let i = 0; i < diffs.length; i++) {
      if (common.length > 0 && isCommon(n, i)) continue;
      out.push({ ...diffs[i]!, segments: [...segments, indexes[n]!, ...diffs[i]!.segments] });
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
export function diffJson(a: unknown, b: unknown, options: DiffOptions = {}): Difference[] {
  return diffJsonKnowing(a, b, options, false);
}

/**
 * {@link diffJson}, told by its caller that neither document holds anything the secret policy redacts (known from
 * their text, by the policy's pre-scan), which spares redacting them for display.
 */
export function diffJsonKnowing(
  a: unknown,
  b: unknown,
  options: DiffOptions,
  noSecrets: boolean,
): Difference[] {
  const resolved: Resolved = {
    matchByName: options.matchByName ?? true,
    aggregate: options.aggregate ?? true,
    indexFrom: options.indexFrom ?? "old",
  };
  // Masking is the recorder's redaction (secret-mask.ts): both sides are redacted with markers that tell equal
  // secrets apart from different ones, diffed as they are, and each marker a difference carries is shown as a mask.
  let left = a;
  let right = b;
  let masking = false;
  if (!options.showSecrets && !noSecrets) {
    // Redaction walks every item, so a LazyItems list is made once here, and the walk uses the made items rather
    // than making them again.
    const [madeA, madeB] = [materialized(a), materialized(b)];
    [left, right] = redactPairForDisplay(madeA, madeB, options.secret ?? false);
    masking = left !== madeA || right !== madeB;
    if (!masking) {
      left = madeA;
      right = madeB;
    }
  }
  const raw: RawDiff[] = [];
  walk(left, right, [], raw, resolved);
  return raw.map((d) => {
    const out: Difference = { path: formatPath(d.segments), segments: d.segments, change: d.change };
    let oldValue = d.old;
    let newValue = d.new;
    let masked = false;
    if (masking && (holdsMarker(oldValue) || holdsMarker(newValue))) {
      masked = true;
      const differs = (d.change === "changed" || d.change === "type") && isRedactionMarker(oldValue);
      const differsNew = (d.change === "changed" || d.change === "type") && isRedactionMarker(newValue);
      if (oldValue !== ABSENT) oldValue = maskMarkers(oldValue, differs ? SECRET_MASK_BEFORE : undefined);
      if (newValue !== ABSENT) newValue = maskMarkers(newValue, differsNew ? SECRET_MASK_AFTER : undefined);
    }
    if (oldValue !== undefined && oldValue !== ABSENT) out.old = oldValue;
    if (newValue !== undefined && newValue !== ABSENT) out.new = newValue;
    if (d.count !== undefined) out.count = d.count;
    if (masked) out.masked = true;
    return out;
  });
}

/** A list whose items are made as the diff reaches them, made now (redaction walks every item). */
const made = new WeakMap<object, unknown>();
function materialized(v: unknown): unknown {
  if (!isJsonObject(v) || !(v.items instanceof LazyItems)) return v;
  let out = made.get(v);
  if (out === undefined) {
    out = { ...v, items: v.items.toArray() };
    made.set(v, out);
  }
  return out;
}

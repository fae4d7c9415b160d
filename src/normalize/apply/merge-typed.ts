/**
 * Walking two values of one type side by side (structured-merge-diff `typed/merge.go`): the merge of an applied
 * configuration into the live object, and the comparison of two objects into added, modified and removed fields.
 * Granular maps merge key by key (the live object's keys first, new ones after); associative lists merge item by
 * item, ordered like the applied list for the items it names, with the live-only items kept where they were;
 * atomic lists and maps, scalars, and containers empty on both sides are leaves that the rule decides.
 */
import { setOwn } from "../../internal/own-property.js";
import { FieldSet } from "./field-set.js";
import { pathElementToString } from "./path-element.js";
import type { PathElement } from "./path-element.js";
import { findField, resolve } from "./schema.js";
import type { ListType, MapType, Schema, TypeRef } from "./schema.js";
import {
  deduceAtom,
  errorf,
  handleAtom,
  ListItemError,
  listItemPathElement,
  sameAtom,
  withPrefix,
} from "./typed-value.js";
import type { TypedValue, ValidationError } from "./typed-value.js";
import { validateScalar } from "./validate-typed.js";
import { isMap, mapKeys, member, valuesEqual } from "./value.js";
import type { Value, ValueMap } from "./value.js";
import { comparePathElements } from "./path-element.js";

interface Walker {
  lhs: Value | undefined;
  rhs: Value | undefined;
  typeRef: TypeRef;
  /** Where the walker is: its parent and the step from there (the path is built only when a rule needs it). */
  parent: Walker | undefined;
  pe: PathElement | undefined;
  out: Value | undefined;
  inLeaf: boolean;
}

function pathOf(w: Walker): PathElement[] {
  const path: PathElement[] = [];
  for (let x: Walker | undefined = w; x?.pe; x = x.parent) path.push(x.pe);
  return path.reverse();
}

type Rule = (w: Walker) => void;

interface Context {
  schema: Schema;
  rule: Rule;
  postItemHook?: Rule;
}

const keepRhs: Rule = (w) => {
  w.out = w.rhs !== undefined ? w.rhs : w.lhs;
};

function mergeWalk(ctx: Context, w: Walker): ValidationError[] {
  if (w.lhs === undefined && w.rhs === undefined)
    return errorf("at least one of lhs and rhs must be provided");
  const a = resolve(ctx.schema, w.typeRef);
  if (!a) return errorf(`schema error: no type found matching: ${w.typeRef.named}`);
  const alhs = deduceAtom(a, w.lhs);
  const arhs = deduceAtom(a, w.rhs);
  const errs: ValidationError[] = [];
  if (w.rhs === undefined) errs.push(...handleAtom(alhs, w.typeRef, handler(ctx, w)));
  else if (w.lhs === undefined || sameAtom(alhs, arhs))
    errs.push(...handleAtom(arhs, w.typeRef, handler(ctx, w)));
  else {
    // The sides have different kinds: walk the old side for its effects on the rule, keep the new side's result.
    const w2 = { ...w };
    errs.push(...handleAtom(alhs, w.typeRef, handler(ctx, w2)));
    errs.push(...handleAtom(arhs, w.typeRef, handler(ctx, w)));
  }
  if (!w.inLeaf && ctx.postItemHook) ctx.postItemHook(w);
  return errs;
}

function doLeaf(ctx: Context, w: Walker): void {
  if (w.inLeaf) return;
  w.inLeaf = true;
  ctx.rule(w);
}

function handler(ctx: Context, w: Walker) {
  return {
    doScalar: (t: Parameters<typeof validateScalar>[0]) => {
      const errs = [...validateScalar(t, w.lhs, "lhs: "), ...validateScalar(t, w.rhs, "rhs: ")];
      if (errs.length > 0) return errs;
      doLeaf(ctx, w);
      return [];
    },
    doList: (t: ListType) => doList(ctx, w, t),
    doMap: (t: MapType) => doMap(ctx, w, t),
  };
}

function descend(
  w: Walker,
  pe: PathElement,
  tr: TypeRef,
  lhs: Value | undefined,
  rhs: Value | undefined,
): Walker {
  return { lhs, rhs, typeRef: tr, parent: w, pe, out: undefined, inLeaf: w.inLeaf };
}

function asList(v: Value | undefined): Value[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

function asMap(v: Value | undefined): ValueMap | undefined {
  return isMap(v) ? v : undefined;
}

function doList(ctx: Context, w: Walker, t: ListType): ValidationError[] {
  const lhs = asList(w.lhs);
  const rhs = asList(w.rhs);
  const emptyPromoteToLeaf = (!lhs || lhs.length === 0) && (!rhs || rhs.length === 0);
  if (t.elementRelationship === "atomic" || emptyPromoteToLeaf) {
    doLeaf(ctx, w);
    return [];
  }
  return visitListItems(ctx, w, t, lhs, rhs);
}

interface Indexed {
  order: PathElement[];
  items: Map<PathElement, Value>;
  find(pe: PathElement): PathElement | undefined;
}

function indexList(ctx: Context, t: ListType, list: Value[] | undefined, errs: ValidationError[]): Indexed {
  const order: PathElement[] = [];
  const items = new Map<PathElement, Value>();
  const find = (pe: PathElement) => order.find((o) => comparePathElements(o, pe) === 0);
  (list ?? []).forEach((child, i) => {
    let pe: PathElement;
    try {
      pe = listItemPathElement(ctx.schema, t, i, child);
    } catch (e) {
      if (!(e instanceof ListItemError)) throw e;
      errs.push(...errorf(`element ${i}: ${e.message}`));
      return;
    }
    if (find(pe)) {
      errs.push(...errorf(`duplicate entries for key ${pathElementToString(pe)}`));
      return;
    }
    order.push(pe);
    items.set(pe, child);
  });
  return { order, items, find };
}

function visitListItems(
  ctx: Context,
  w: Walker,
  t: ListType,
  lhs: Value[] | undefined,
  rhs: Value[] | undefined,
): ValidationError[] {
  const errs: ValidationError[] = [];
  const out: Value[] = [];
  const r = indexList(ctx, t, rhs, errs);
  const l = indexList(ctx, t, lhs, errs);
  const get = (idx: Indexed, pe: PathElement) => {
    const found = idx.find(pe);
    return found ? idx.items.get(found) : undefined;
  };
  const shared = r.order.filter((pe) => l.find(pe));
  let nextShared = shared.shift();
  const mergeItem = (pe: PathElement, lChild: Value | undefined, rChild: Value | undefined) => {
    // Errors below an item are dropped, as in structured-merge-diff (its loop shadows them).
    const w2 = descend(w, pe, t.elementType, lChild, rChild);
    mergeWalk(ctx, w2);
    if (w2.out !== undefined) out.push(w2.out);
  };
  let lI = 0;
  let rI = 0;
  while (lI < l.order.length || rI < r.order.length) {
    if (lI < l.order.length && rI < r.order.length) {
      const pe = l.order[lI]!;
      if (comparePathElements(pe, r.order[rI]!) === 0) {
        mergeItem(pe, get(l, pe), get(r, pe));
        lI++;
        rI++;
        nextShared = shared.shift();
        continue;
      }
      if (r.find(pe) && nextShared !== undefined && comparePathElements(nextShared, pe) !== 0) {
        // A shared item, but not the one to place in this round.
        lI++;
        continue;
      }
    }
    if (lI < l.order.length) {
      const pe = l.order[lI]!;
      if (!r.find(pe)) {
        mergeItem(pe, get(l, pe), undefined);
        lI++;
        continue;
      }
    }
    if (rI < r.order.length) {
      const pe = r.order[rI]!;
      mergeItem(pe, get(l, pe), get(r, pe));
      rI++;
      if (nextShared !== undefined && comparePathElements(nextShared, pe) === 0) nextShared = shared.shift();
    }
  }
  if (out.length > 0) w.out = out;
  return errs;
}

function doMap(ctx: Context, w: Walker, t: MapType): ValidationError[] {
  const lhs = asMap(w.lhs);
  const rhs = asMap(w.rhs);
  const emptyPromoteToLeaf = (!lhs || mapKeys(lhs).length === 0) && (!rhs || mapKeys(rhs).length === 0);
  if (t.elementRelationship === "atomic" || emptyPromoteToLeaf) {
    doLeaf(ctx, w);
    return [];
  }
  const errs: ValidationError[] = [];
  const out: ValueMap = {};
  const visit = (key: string, l: Value | undefined, r: Value | undefined) => {
    const tr = findField(t, key)?.type ?? t.elementType ?? {};
    const pe = { field: key };
    const w2 = descend(w, pe, tr, l, r);
    errs.push(...withPrefix(mergeWalk(ctx, w2), pathElementToString(pe)));
    if (w2.out !== undefined) setOwn(out, key, w2.out);
  };
  if (lhs) for (const key of mapKeys(lhs)) visit(key, lhs[key], rhs ? member(rhs, key) : undefined);
  if (rhs)
    for (const key of mapKeys(rhs))
      if (!lhs || member(lhs, key) === undefined) visit(key, undefined, rhs[key]);
  if (mapKeys(out).length > 0) w.out = out;
  return errs;
}

function run(
  lhs: TypedValue,
  rhs: TypedValue,
  rule: Rule,
  postItemHook?: Rule,
): { value: Value | undefined; errors: ValidationError[] } {
  const ctx: Context = { schema: lhs.schema, rule, ...(postItemHook ? { postItemHook } : {}) };
  const w: Walker = {
    lhs: lhs.value,
    rhs: rhs.value,
    typeRef: lhs.typeRef,
    parent: undefined,
    pe: undefined,
    out: undefined,
    inLeaf: false,
  };
  const errors = mergeWalk(ctx, w);
  return { value: w.out, errors };
}

/**
 * The merge of `pso` (a partially specified object, the applied configuration) into `tv`: no field is removed,
 * `pso`'s leaves win. Errors are those of values that do not fit the schema.
 */
export function mergeTyped(
  tv: TypedValue,
  pso: TypedValue,
): { value: Value | undefined; errors: ValidationError[] } {
  return run(tv, pso, keepRhs);
}

/** The fields `rhs` adds, modifies and removes relative to `lhs` (`TypedValue.Compare`). */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

export function compareTyped(
  lhs: TypedValue,
  rhs: TypedValue,
): { comparison: Comparison; errors: ValidationError[] } {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const { errors } = run(
    lhs,
    rhs,
    (w) => {
      if (w.lhs === undefined) c.added.insert(pathOf(w));
      else if (w.rhs === undefined) c.removed.insert(pathOf(w));
      else if (!valuesEqual(w.rhs, w.lhs)) c.modified.insert(pathOf(w));
    },
    (w) => {
      if (w.lhs === undefined) c.added.insert(pathOf(w));
      else if (w.rhs === undefined) c.removed.insert(pathOf(w));
    },
  );
  return { comparison: c, errors };
}

export function comparisonIsSame(c: Comparison): boolean {
  return c.added.empty() && c.modified.empty() && c.removed.empty();
}

/** Removes `fields` (and everything below them) from every part of a comparison (`ExcludeFields`). */
export function excludeFields(c: Comparison, fields: FieldSet | undefined): Comparison {
  if (!fields || fields.empty()) return c;
  return {
    added: c.added.recursiveDifference(fields),
    modified: c.modified.recursiveDifference(fields),
    removed: c.removed.recursiveDifference(fields),
  };
}

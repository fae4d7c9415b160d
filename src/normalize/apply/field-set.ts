/**
 * Sets of field paths (structured-merge-diff's `fieldpath.Set`): a sorted list of member path elements and a
 * sorted list of children, each a path element with the set below it. A member is a field that is owned itself;
 * a child only says that fields below it are members, so `labels` with the child `app` but without the member
 * `labels` owns `labels.app` and not the map. The operations keep both lists sorted, as the FieldsV1 encoding and
 * every ownership decision depend on that order.
 */
import { comparePathElements, pathElementsEqual } from "./path-element.js";
import type { Path, PathElement } from "./path-element.js";

interface Child {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

function search<T>(list: readonly T[], pe: PathElement, key: (t: T) => PathElement): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comparePathElements(key(list[mid]!), pe) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const self = (pe: PathElement) => pe;
const childKey = (c: Child) => c.pe;

export class FieldSet {
  /** Path elements owned at this level, sorted. */
  members: PathElement[];
  /** Path elements with owned fields below them, sorted. */
  children: Child[];

  constructor(members: PathElement[] = [], children: Child[] = []) {
    this.members = members;
    this.children = children;
  }

  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** Adds a path (not its parents); the empty path, the whole object, is never owned. */
  insert(path: Path): void {
    if (path.length === 0) return;
    if (path.length === 1) this.insertMember(path[0]!);
    else this.descend(path[0]!).insert(path.slice(1));
  }

  insertMember(pe: PathElement): void {
    const at = search(this.members, pe, self);
    if (at < this.members.length && pathElementsEqual(this.members[at]!, pe)) return;
    this.members.splice(at, 0, pe);
  }

  /** The child set at `pe`, created when missing. */
  descend(pe: PathElement): FieldSet {
    const at = search(this.children, pe, childKey);
    if (at < this.children.length && pathElementsEqual(this.children[at]!.pe, pe))
      return this.children[at]!.set;
    const set = new FieldSet();
    this.children.splice(at, 0, { pe, set });
    return set;
  }

  hasMember(pe: PathElement): boolean {
    const at = search(this.members, pe, self);
    return at < this.members.length && pathElementsEqual(this.members[at]!, pe);
  }

  child(pe: PathElement): FieldSet | undefined {
    const at = search(this.children, pe, childKey);
    return at < this.children.length && pathElementsEqual(this.children[at]!.pe, pe)
      ? this.children[at]!.set
      : undefined;
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    if (path.length === 1) return this.hasMember(path[0]!);
    return this.child(path[0]!)?.has(path.slice(1)) ?? false;
  }

  /** The fields below `pe`, without the prefix (empty when there are none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.child(pe) ?? new FieldSet();
  }

  empty(): boolean {
    return this.members.length === 0 && this.children.every((c) => c.set.empty());
  }

  size(): number {
    return this.members.length + this.children.reduce((n, c) => n + c.set.size(), 0);
  }

  equals(other: FieldSet): boolean {
    return (
      this.members.length === other.members.length &&
      this.members.every((m, i) => pathElementsEqual(m, other.members[i]!)) &&
      this.children.length === other.children.length &&
      this.children.every(
        (c, i) => pathElementsEqual(c.pe, other.children[i]!.pe) && c.set.equals(other.children[i]!.set),
      )
    );
  }

  union(other: FieldSet): FieldSet {
    return new FieldSet(
      mergeMembers(this.members, other.members, "union"),
      unionChildren(this.children, other.children),
    );
  }

  /** The leaf members in both sets. */
  intersection(other: FieldSet): FieldSet {
    const children: Child[] = [];
    let i = 0;
    let j = 0;
    while (i < this.children.length && j < other.children.length) {
      const c = comparePathElements(this.children[i]!.pe, other.children[j]!.pe);
      if (c < 0) i++;
      else {
        if (c === 0) {
          const set = this.children[i]!.set.intersection(other.children[j]!.set);
          if (!set.empty()) children.push({ pe: this.children[i]!.pe, set });
          i++;
        }
        j++;
      }
    }
    return new FieldSet(mergeMembers(this.members, other.members, "intersection"), children);
  }

  /** Members of this set not in `other`; a parent minus a child stays, a child minus its parent goes. */
  difference(other: FieldSet): FieldSet {
    const children: Child[] = [];
    let i = 0;
    let j = 0;
    while (i < this.children.length && j < other.children.length) {
      const c = comparePathElements(this.children[i]!.pe, other.children[j]!.pe);
      if (c < 0) {
        children.push(this.children[i]!);
        i++;
      } else {
        if (c === 0) {
          const set = this.children[i]!.set.difference(other.children[j]!.set);
          if (!set.empty()) children.push({ pe: this.children[i]!.pe, set });
          i++;
        }
        j++;
      }
    }
    children.push(...this.children.slice(i));
    return new FieldSet(mergeMembers(this.members, other.members, "difference"), children);
  }

  /** Like `difference`, but a member of `other` also removes everything below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const children: Child[] = [];
    let i = 0;
    let j = 0;
    while (i < this.children.length && j < other.children.length) {
      const mine = this.children[i]!;
      const c = comparePathElements(mine.pe, other.children[j]!.pe);
      if (c < 0) {
        if (!other.hasMember(mine.pe)) children.push(mine);
        i++;
      } else {
        if (c === 0) {
          if (!other.hasMember(mine.pe)) {
            const set = mine.set.recursiveDifference(other.children[j]!.set);
            if (!set.empty()) children.push({ pe: mine.pe, set });
          }
          i++;
        }
        j++;
      }
    }
    for (const c of this.children.slice(i)) if (!other.hasMember(c.pe)) children.push(c);
    return new FieldSet(mergeMembers(this.members, other.members, "difference"), children);
  }

  /** Calls `f` with every member path, members of a level before its children (preorder). */
  iterate(f: (path: Path) => void, prefix: PathElement[] = []): void {
    for (const m of this.members) f([...prefix, m]);
    for (const c of this.children) c.set.iterate(f, [...prefix, c.pe]);
  }

  paths(): Path[] {
    const out: Path[] = [];
    this.iterate((p) => out.push(p));
    return out;
  }

  copy(): FieldSet {
    return new FieldSet(
      [...this.members],
      this.children.map((c) => ({ pe: c.pe, set: c.set.copy() })),
    );
  }
}

function mergeMembers(
  a: PathElement[],
  b: PathElement[],
  op: "union" | "intersection" | "difference",
): PathElement[] {
  const out: PathElement[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = comparePathElements(a[i]!, b[j]!);
    if (c < 0) {
      if (op !== "intersection") out.push(a[i]!);
      i++;
    } else if (c > 0) {
      if (op === "union") out.push(b[j]!);
      j++;
    } else {
      if (op !== "difference") out.push(a[i]!);
      i++;
      j++;
    }
  }
  if (op !== "intersection") out.push(...a.slice(i));
  if (op === "union") out.push(...b.slice(j));
  return out;
}

function unionChildren(a: Child[], b: Child[]): Child[] {
  const out: Child[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = comparePathElements(a[i]!.pe, b[j]!.pe);
    if (c < 0) out.push(a[i++]!);
    else if (c > 0) out.push(b[j++]!);
    else {
      out.push({ pe: a[i]!.pe, set: a[i]!.set.union(b[j]!.set) });
      i++;
      j++;
    }
  }
  return [...out, ...a.slice(i), ...b.slice(j)];
}

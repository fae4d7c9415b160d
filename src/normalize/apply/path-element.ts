/**
 * Path elements, the steps of a field path (structured-merge-diff's `fieldpath.PathElement`): a field of a map or
 * struct, the item of an associative list with the given key fields, the item of a set with the given value, or
 * the index of an item in an atomic list. Their order, their FieldsV1 keys (`f:name`, `k:{"name":"app"}`,
 * `v:"x"`, `i:0`) and their text in conflict messages (`.name`, `[name="app"]`, `[="x"]`, `[0]`).
 */
import { parseJsonLossless } from "../lossless-json.js";
import { goJsonString } from "./go-text.js";
import { compareValues, goJson, isMap, mapKeys, valuesEqual, valueToString } from "./value.js";
import type { Value } from "./value.js";

/** One key field of an associative list item; a key's fields are sorted by name. */
export interface KeyField {
  readonly name: string;
  readonly value: Value;
}

export type PathElement =
  | { readonly field: string }
  | { readonly key: readonly KeyField[] }
  | { readonly value: Value }
  | { readonly index: number };

export type Path = readonly PathElement[];

function order(pe: PathElement): number {
  if ("field" in pe) return 0;
  if ("key" in pe) return 1;
  if ("value" in pe) return 2;
  return 3;
}

function compareKeys(a: readonly KeyField[], b: readonly KeyField[]): number {
  for (let i = 0; ; i++) {
    if (i >= a.length && i >= b.length) return 0;
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name) return x.name < y.name ? -1 : 1;
    const c = compareValues(x.value, y.value);
    if (c !== 0) return c;
  }
}

/** The order of path elements: fields (by name), then keys, then values, then indexes. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const oa = order(a);
  const ob = order(b);
  if (oa !== ob) return oa < ob ? -1 : 1;
  if ("field" in a) {
    const f = (b as { field: string }).field;
    return a.field === f ? 0 : a.field < f ? -1 : 1;
  }
  if ("key" in a) return compareKeys(a.key, (b as { key: readonly KeyField[] }).key);
  if ("value" in a) return compareValues(a.value, (b as { value: Value }).value);
  const j = (b as { index: number }).index;
  return a.index === j ? 0 : a.index < j ? -1 : 1;
}

export function pathElementsEqual(a: PathElement, b: PathElement): boolean {
  if ("field" in a) return "field" in b && a.field === b.field;
  if ("key" in a) {
    if (!("key" in b) || a.key.length !== b.key.length) return false;
    return a.key.every((k, i) => k.name === b.key[i]!.name && valuesEqual(k.value, b.key[i]!.value));
  }
  if ("value" in a) return "value" in b && valuesEqual(a.value, b.value);
  return "index" in b && a.index === b.index;
}

/** Sorts key fields by name, keeping the order of equal names (Go's `FieldList.Sort`). */
export function sortKey(fields: KeyField[]): KeyField[] {
  return fields
    .map((f, i) => [f, i] as const)
    .sort(([a, i], [b, j]) => (a.name < b.name ? -1 : a.name > b.name ? 1 : i - j))
    .map(([f]) => f);
}

/** The FieldsV1 key of a path element. */
export function serializePathElement(pe: PathElement): string {
  if ("field" in pe) return `f:${pe.field}`;
  if ("key" in pe)
    return `k:{${pe.key.map((k) => `${goJsonString(k.name, false)}:${goJson(k.value)}`).join(",")}}`;
  if ("value" in pe) return `v:${goJson(pe.value)}`;
  return `i:${pe.index}`;
}

/** Why a FieldsV1 key is not a path element. */
export class PathElementError extends Error {}

/** Thrown for a key of a type this version does not know (the decoder skips those, as Go's does). */
export class UnknownPathElementType extends PathElementError {
  constructor() {
    super("unknown path element type");
  }
}

/** The path element of a FieldsV1 key (`fieldpath.DeserializePathElement`). */
export function deserializePathElement(s: string): PathElement {
  if (s.length < 2) throw new PathElementError("key must be 2 characters long:");
  if (s[1] !== ":") throw new PathElementError(`missing colon: ${s}`);
  const body = s.slice(2);
  switch (s[0]) {
    case "f":
      return { field: body };
    case "v":
      return { value: parseJson(body) };
    case "k": {
      const parsed = parseJson(body);
      if (!isMap(parsed)) throw new PathElementError(`invalid key: ${body}`);
      return { key: sortKey(mapKeys(parsed).map((name) => ({ name, value: parsed[name]! }))) };
    }
    case "i": {
      if (!/^[+-]?\d+$/.test(body))
        throw new PathElementError(`strconv.Atoi: parsing ${goJsonString(body)}: invalid syntax`);
      return { index: Number(body) };
    }
    default:
      throw new UnknownPathElementType();
  }
}

function parseJson(text: string): Value {
  try {
    return parseJsonLossless(text) as Value;
  } catch (e) {
    throw new PathElementError((e as Error).message);
  }
}

/** A path element as conflict messages print it: `.name`, `[name="app",protocol="TCP"]`, `[="x"]`, `[0]`. */
export function pathElementToString(pe: PathElement): string {
  if ("field" in pe) return `.${pe.field}`;
  if ("key" in pe) return `[${pe.key.map((k) => `${k.name}=${valueToString(k.value)}`).join(",")}]`;
  if ("value" in pe) return `[=${valueToString(pe.value)}]`;
  return `[${pe.index}]`;
}

export function pathToString(path: Path): string {
  return path.map(pathElementToString).join("");
}

/** A path from field names, for paths known in advance such as `metadata.managedFields`. */
export function fieldPath(...names: string[]): Path {
  return names.map((field) => ({ field }));
}

import { describeType, NormalizeError } from "./normalize-error.js";
import type { KubeObject, NormalizedList, ObjectLike, RawList, TypeMeta } from "./types.js";
import { isJsonObject } from "../internal/json.js";

/** How to name the items of a list when the list itself cannot tell (e.g. a CRD whose listKind is unusual). */
export interface ItemType {
  /** The items' kind; by default the list's kind without its `List` suffix. */
  kind?: string;
  /** The items' apiVersion; by default the list's apiVersion. */
  apiVersion?: string;
}

/**
 * The kind of a list's items as apimachinery derives it (`strings.TrimSuffix(listKind, "List")`): `ConfigMapList`
 * → `ConfigMap`. Returns undefined when the list kind does not end in `List`.
 */
export function itemKindOf(listKind: string | undefined): string | undefined {
  return listKind?.endsWith("List") && listKind.length > 4 ? listKind.slice(0, -4) : undefined;
}

/**
 * Whether a value is a list response (an object whose `items` is an array or null).
 *
 * @example
 * const body = JSON.parse(text);
 * const items = isList(body) ? normalizeList(body).items : [body];
 */
export function isList(value: unknown): value is RawList {
  return isJsonObject(value) && "items" in value && (Array.isArray(value.items) || value.items === null);
}

/**
 * Restores `kind` and `apiVersion` on every item of a list response. The API server leaves them off items of
 * built-in lists (a `ConfigMapList`'s items are bare), and code that builds typed objects from `.items[*]` breaks
 * on that. Items that already carry them (custom resources) are returned as they are; a missing one of the two is
 * filled on its own. `items: null` becomes `[]`. The input is not modified: changed items are shallow copies with
 * `apiVersion` and `kind` first, as kubectl prints them.
 *
 * @example
 * const list = normalizeList(JSON.parse(body)); // { kind: "ConfigMapList", items: [{ metadata, data }] }
 * list.items[0].kind; // "ConfigMap"
 */
export function normalizeList<T extends ObjectLike = KubeObject>(
  raw: unknown,
  itemType: ItemType = {},
): NormalizedList<T> {
  if (!isJsonObject(raw))
    throw new NormalizeError(`normalizeList: expected a list object, got ${describeType(raw)}`);
  const items = raw.items ?? [];
  if (!Array.isArray(items))
    throw new NormalizeError(`normalizeList: .items must be an array or null, got ${describeType(items)}`);
  const listKind = typeof raw.kind === "string" ? raw.kind : undefined;
  const kind = itemType.kind ?? itemKindOf(listKind);
  const apiVersion = itemType.apiVersion ?? (typeof raw.apiVersion === "string" ? raw.apiVersion : undefined);

  const restored = new Array<T & TypeMeta>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (!isJsonObject(item))
      throw new NormalizeError(`normalizeList: .items[${i}] must be an object, got ${describeType(item)}`);
    const hasKind = typeof item.kind === "string" && item.kind !== "";
    const hasApiVersion = typeof item.apiVersion === "string" && item.apiVersion !== "";
    if (hasKind && hasApiVersion) {
      restored[i] = item as unknown as T & TypeMeta;
      continue;
    }
    const itemKind = hasKind ? (item.kind as string) : kind;
    const itemApiVersion = hasApiVersion ? (item.apiVersion as string) : apiVersion;
    if (itemKind === undefined || itemApiVersion === undefined) {
      throw new NormalizeError(
        `normalizeList: cannot tell the kind of .items[${i}]: the list kind ${JSON.stringify(listKind ?? null)} does not end in "List"; pass { kind, apiVersion }`,
      );
    }
    // The usual bare item has neither key: one spread, nothing for it to overwrite.
    if (!("kind" in item) && !("apiVersion" in item)) {
      restored[i] = { apiVersion: itemApiVersion, kind: itemKind, ...item } as T & TypeMeta;
      continue;
    }
    const copy: Record<string, unknown> = { apiVersion: itemApiVersion, kind: itemKind, ...item };
    // The spread may have put back an item's own empty "" values; the keys keep their leading position.
    copy.apiVersion = itemApiVersion;
    copy.kind = itemKind;
    restored[i] = copy as unknown as T & TypeMeta;
  }
  const metadata = isJsonObject(raw.metadata) ? raw.metadata : {};
  return {
    ...raw,
    apiVersion: apiVersion ?? "",
    kind: listKind ?? "",
    metadata,
    items: restored,
  };
}

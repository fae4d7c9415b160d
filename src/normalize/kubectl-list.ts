import { isList, itemKindOf } from "./list.js";
import { describeType, NormalizeError } from "./normalize-error.js";

/** Options shared by kubectl's `-o json|yaml` views. */
export interface KubectlViewOptions {
  /** Keep `metadata.managedFields`, as `kubectl get --show-managed-fields` does. Default false. */
  showManagedFields?: boolean;
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Drops `metadata.managedFields` as cli-runtime's OmitManagedFieldsPrinter does: the key is deleted, not emptied.
 * Returns a copy when there was something to drop.
 */
export function omitManagedFields<T>(object: T): T {
  if (!isObject(object) || !isObject(object.metadata) || !("managedFields" in object.metadata)) return object;
  const { managedFields: _dropped, ...metadata } = object.metadata;
  return { ...object, metadata };
}

/**
 * kubectl builds its List by encoding the objects to JSON and decoding them again (`printGeneric`). The only value
 * that does not survive that unchanged is the float -0: encoded as `-0`, it decodes as the int64 0. Returns the
 * same value when there is none.
 */
function reDecoded(value: unknown): unknown {
  if (typeof value === "number") return Object.is(value, -0) ? 0 : value;
  if (typeof value !== "object" || value === null) return value;
  // Plain loops and an early look at each child's type: this walk visits every value of every item.
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    let copy: unknown[] | undefined;
    for (let i = 0; i < items.length; i++) {
      if (!(i in items)) continue; // a hole stays a hole
      const v = items[i];
      if (typeof v !== "number" && (typeof v !== "object" || v === null)) continue;
      const r = reDecoded(v);
      if (!Object.is(r, v)) (copy ??= [...items])[i] = r;
    }
    return copy ?? items;
  }
  const object = value as Obj;
  let copy: Obj | undefined;
  for (const k of Object.keys(object)) {
    const v = object[k];
    if (typeof v !== "number" && (typeof v !== "object" || v === null)) continue;
    const r = reDecoded(v);
    if (!Object.is(r, v)) {
      copy ??= { ...object };
      Object.defineProperty(copy, k, { value: r, enumerable: true, writable: true, configurable: true });
    }
  }
  return copy ?? object;
}

/**
 * The items of one server response as kubectl decodes them (apimachinery `decodeToList`): an item gets the list's
 * item kind and apiVersion only when it carries **neither**; a single object stands for itself.
 */
function itemsOf(raw: unknown, index: number, showManagedFields: boolean): unknown[] {
  if (!isObject(raw))
    throw new NormalizeError(`toKubectlList: response ${index} must be an object, got ${describeType(raw)}`);
  if (!isList(raw)) return [showManagedFields ? raw : omitManagedFields(raw)];
  const kind = itemKindOf(typeof raw.kind === "string" ? raw.kind : undefined);
  const apiVersion = typeof raw.apiVersion === "string" ? raw.apiVersion : "";
  return (raw.items ?? []).map((item: unknown) => {
    if (!isObject(item)) return item;
    const noKind = typeof item.kind !== "string" || item.kind === "";
    const noApiVersion = typeof item.apiVersion !== "string" || item.apiVersion === "";
    if (!(noKind && noApiVersion && kind !== undefined))
      return showManagedFields ? item : omitManagedFields(item);
    // One copy for both changes (the type restored, managedFields dropped), with the keys where two would put them.
    if (showManagedFields || !isObject(item.metadata) || !("managedFields" in item.metadata))
      return { ...item, apiVersion, kind };
    const { managedFields: _dropped, ...metadata } = item.metadata;
    return { ...item, apiVersion, kind, metadata };
  });
}

/**
 * kubectl's view of one or more `get` responses as a List (what `kubectl get ... -o json` prints whenever it did
 * not fetch exactly one named object): `kind: List`, `apiVersion: v1`, `metadata: {resourceVersion: ""}`, items of
 * every response in order with their type restored, `managedFields` hidden. The server's list kind,
 * resourceVersion, `continue` and `remainingItemCount` are dropped, as kubectl drops them.
 *
 * @example
 * toKubectlList(JSON.parse(configMapListBody)).kind; // "List"
 */
export function toKubectlList(raws: unknown, options: KubectlViewOptions = {}): Obj {
  return kubectlListOf(Array.isArray(raws) ? raws : [raws], options, () => false);
}

/**
 * {@link toKubectlList} of responses some of which are known to hold no -0 (parsed from text that has no literal
 * for one), which need no re-decoding walk.
 */
export function kubectlListOf(
  responses: readonly unknown[],
  options: KubectlViewOptions,
  negativeZeroFree: (index: number) => boolean,
): Obj {
  const items: unknown[] = [];
  responses.forEach((raw, i) => {
    const clean = negativeZeroFree(i);
    for (const item of itemsOf(raw, i, options.showManagedFields === true))
      items.push(clean ? item : reDecoded(item));
  });
  return { apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } };
}

/** kubectl's view of a single named object (`kubectl get configmap hello-world -o json`): managedFields hidden. */
export function toKubectlObject(raw: unknown, options: KubectlViewOptions = {}): Obj {
  if (!isObject(raw))
    throw new NormalizeError(`toKubectlObject: expected an object, got ${describeType(raw)}`);
  return options.showManagedFields ? raw : omitManagedFields(raw);
}

import { isList, itemKindOf } from "./list.js";
import { describeType, NormalizeError } from "./normalize-error.js";
import { isJsonObject } from "../internal/json.js";

/** Options shared by kubectl's `-o json|yaml` views. */
export interface KubectlViewOptions {
  /** Keep `metadata.managedFields`, as `kubectl get --show-managed-fields` does. Default false. */
  showManagedFields?: boolean | undefined;
  /**
   * For each response (by index), the namespace kubectl's resource builder gives that list's items which have none:
   * the request's namespace when the type is namespaced and the command did not say `-A` (cli-runtime's
   * `SetNamespace`/`RequireNamespace`), `undefined` otherwise. Default: items print as the server sent them.
   */
  listItemNamespaces?: readonly (string | undefined)[] | undefined;
}

type Obj = Record<string, unknown>;

/**
 * Drops `metadata.managedFields` as cli-runtime's OmitManagedFieldsPrinter does: the key is deleted, not emptied.
 * Returns a copy when there was something to drop.
 */
export function omitManagedFields<T>(object: T): T {
  if (!isJsonObject(object) || !isJsonObject(object.metadata) || !("managedFields" in object.metadata))
    return object;
  const copy = ownCopy(object);
  copy.metadata = ownCopy(object.metadata, "managedFields");
  return copy as T;
}

/**
 * kubectl builds its List by encoding the objects to JSON and decoding them again (`printGeneric`). The values that
 * do not survive that unchanged are the float -0 (encoded as `-0`, it decodes as the int64 0) and floats of integer
 * value between 2^53 and 2^63 (encoded without a fraction, they decode as int64s). Returns the same value when there
 * is none.
 */
function reDecoded(value: unknown): unknown {
  if (typeof value === "number") {
    if (Object.is(value, -0)) return 0;
    // A float64 beyond 2^53 with no fraction is encoded as an integer literal (its shortest digits, zero-padded,
    // as JavaScript writes it too) and decodes as the int64 of those digits when it fits one.
    if (Number.isInteger(value) && !Number.isSafeInteger(value) && Math.abs(value) < 2 ** 63)
      return BigInt(String(value));
    return value;
  }
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
 * One item of a list response as kubectl decodes it (apimachinery `decodeToList`): it gets the list's item kind and
 * apiVersion only when it carries **neither**; managedFields are dropped unless shown.
 */
function itemView(
  item: unknown,
  kind: string | undefined,
  apiVersion: string,
  showManagedFields: boolean,
): unknown {
  if (!isJsonObject(item)) return item;
  const noKind = typeof item.kind !== "string" || item.kind === "";
  const noApiVersion = typeof item.apiVersion !== "string" || item.apiVersion === "";
  if (!(noKind && noApiVersion && kind !== undefined))
    return showManagedFields ? item : omitManagedFields(item);
  // One copy for both changes (the type restored, managedFields dropped), with the keys where two would put them.
  const copy = ownCopy(item);
  copy.apiVersion = apiVersion;
  copy.kind = kind;
  if (!showManagedFields && isJsonObject(item.metadata) && "managedFields" in item.metadata)
    copy.metadata = ownCopy(item.metadata, "managedFields");
  return copy;
}

/**
 * `{ ...object }` without the key `skip`, as a spread or an object rest would copy it (own enumerable keys in order,
 * `__proto__` as an own key, symbols too), made so that keys can then be set on it quickly: V8 (Node 20) adds a key
 * to a spread copy of a parsed object through its runtime, about 1.5 µs each, where this copy costs a tenth of that.
 */
function ownCopy(object: Obj, skip?: string): Obj {
  const copy: Obj = {};
  // for-in with an own-key test visits the keys Object.keys lists, in its order, without allocating it.
  for (const k in object) {
    if (k === skip || !Object.prototype.hasOwnProperty.call(object, k)) continue;
    if (k === "__proto__")
      Object.defineProperty(copy, k, {
        value: object[k],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[k] = object[k];
  }
  for (const symbol of Object.getOwnPropertySymbols(object))
    if (Object.prototype.propertyIsEnumerable.call(object, symbol))
      (copy as Record<symbol, unknown>)[symbol] = (object as Record<symbol, unknown>)[symbol];
  return copy;
}

function checkResponse(raw: unknown, index: number): asserts raw is Obj {
  if (!isJsonObject(raw))
    throw new NormalizeError(`toKubectlList: response ${index} must be an object, got ${describeType(raw)}`);
}

/** The item kind and apiVersion a list response restores on its bare items. */
function restoredType(raw: Obj): { kind: string | undefined; apiVersion: string } {
  return {
    kind: itemKindOf(typeof raw.kind === "string" ? raw.kind : undefined),
    apiVersion: typeof raw.apiVersion === "string" ? raw.apiVersion : "",
  };
}

/**
 * The items of one server response as kubectl decodes them (apimachinery `decodeToList`): an item gets the list's
 * item kind and apiVersion only when it carries **neither**; a single object stands for itself.
 */
function itemsOf(raw: unknown, index: number, showManagedFields: boolean): unknown[] {
  checkResponse(raw, index);
  if (!isList(raw)) return [showManagedFields ? raw : omitManagedFields(raw)];
  const { kind, apiVersion } = restoredType(raw);
  return (raw.items ?? []).map((item: unknown) => itemView(item, kind, apiVersion, showManagedFields));
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
    const namespace = isList(raw) ? options.listItemNamespaces?.[i] : undefined;
    for (const item of itemsOf(raw, i, options.showManagedFields === true)) {
      const view = clean ? item : reDecoded(item);
      items.push(namespace ? withNamespace(view, namespace) : view);
    }
  });
  return kubectlListAround(items);
}

/**
 * A list item as cli-runtime's builder leaves it: one whose namespace is not a non-empty string gets `namespace`
 * (unstructured's SetNamespace: `metadata` made when missing; left alone, silently, when it is not a map).
 */
function withNamespace(item: unknown, namespace: string): unknown {
  if (!isJsonObject(item)) return item;
  const metadata = item.metadata;
  if (metadata === undefined) return { ...item, metadata: { namespace } };
  if (!isJsonObject(metadata)) return item;
  if (typeof metadata.namespace === "string" && metadata.namespace !== "") return item;
  return { ...item, metadata: { ...metadata, namespace } };
}

/**
 * kubectl's List of responses in parts: the server's items of every response in order (as sent, as one array) and
 * each item's view, made when asked for. A caller that visits items one at a time (the diff against kubectl's view)
 * lets each view go before making the next, instead of holding a copy of every item. `viewOf(j)` is the j-th item of
 * {@link kubectlListOf}'s List (a new copy on each call where that one is a copy), and the List is
 * {@link kubectlListAround} its items. Throws as kubectlListOf does, here and not later.
 */
export function kubectlListItemsOf(
  responses: readonly unknown[],
  options: KubectlViewOptions,
  negativeZeroFree: (index: number) => boolean,
): { items: unknown[]; viewOf: (index: number) => unknown } {
  const show = options.showManagedFields === true;
  responses.forEach(checkResponse);
  const first = responses[0];
  if (responses.length === 1 && isList(first)) {
    // The usual case: one list, whose own items array is the server's side.
    const items = first.items ?? [];
    const { kind, apiVersion } = restoredType(first);
    const clean = negativeZeroFree(0);
    return {
      items,
      viewOf: (j) => {
        const view = itemView(items[j], kind, apiVersion, show);
        return clean ? view : reDecoded(view);
      },
    };
  }
  const items: unknown[] = [];
  /** For each response, where its items end in `items`. */
  const ends: number[] = [];
  responses.forEach((raw) => {
    if (isList(raw)) for (const item of raw.items ?? []) items.push(item);
    else items.push(raw);
    ends.push(items.length);
  });
  return {
    items,
    viewOf: (j) => {
      let r = 0;
      while (ends[r]! <= j) r++;
      const raw = responses[r] as Obj;
      let view: unknown;
      if (!isList(raw)) view = show ? raw : omitManagedFields(raw);
      else {
        const { kind, apiVersion } = restoredType(raw);
        view = itemView(items[j], kind, apiVersion, show);
      }
      return negativeZeroFree(r) ? view : reDecoded(view);
    },
  };
}

/** kubectl's List around the given items (kubectl's List has no list metadata but a blank resourceVersion). */
export function kubectlListAround<T>(items: T): { apiVersion: "v1"; items: T; kind: "List"; metadata: Obj } {
  return { apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } };
}

/** kubectl's view of a single named object (`kubectl get configmap hello-world -o json`): managedFields hidden. */
export function toKubectlObject(raw: unknown, options: KubectlViewOptions = {}): Obj {
  if (!isJsonObject(raw))
    throw new NormalizeError(`toKubectlObject: expected an object, got ${describeType(raw)}`);
  return options.showManagedFields ? raw : omitManagedFields(raw);
}

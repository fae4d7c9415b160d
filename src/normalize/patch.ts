/**
 * The three patch types of the Kubernetes API, applied as the API server applies them: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and
 * strategic merge patch (apimachinery `strategicpatch`), the last with the patch strategies and merge keys of the
 * built-in types that matter in practice (containers by name, env by name, ports by containerPort, volumes by name,
 * finalizers as a set, ownerReferences by uid, conditions by type...). Other lists are replaced whole, as for a
 * type without patch metadata.
 */
import { deleteOwn, getOwn, hasOwn, setOwn } from "../internal/own-property.js";
import { KubewireError } from "../errors.js";
import { applyMergePatch } from "./merge-patch.js";
import { isJsonObject, jsonEqual } from "../internal/json.js";

type Obj = Record<string, unknown>;

/** A patch that cannot be applied: `statusCode` is the HTTP code kube-apiserver answers with (400 or 422). */
export class PatchError extends KubewireError {
  readonly statusCode: number;
  constructor(message: string, statusCode = 422) {
    super("KUBEWIRE_PATCH", message);
    this.name = "PatchError";
    this.statusCode = statusCode;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// JSON patch
// ---------------------------------------------------------------------------------------------------------------

function parsePointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new PatchError(`invalid JSON pointer: ${JSON.stringify(path)}`, 400);
  return path
    .slice(1)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function container(
  doc: unknown,
  parts: string[],
  op: string,
  path: string,
): { parent: unknown; key: string } {
  let cur = doc;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = arrayMember(cur, part);
    else if (isJsonObject(cur)) cur = getOwn(cur, part);
    else cur = undefined;
    if (cur === undefined)
      throw new PatchError(`${op} operation does not apply: doc is missing path: ${path}`);
  }
  return { parent: cur, key: parts.at(-1)! };
}

/** An array's item at a decimal index; `length`, `__proto__` or any other name is no item. */
function arrayMember(arr: unknown[], part: string): unknown {
  return /^(0|[1-9]\d*)$/.test(part) ? arr[Number(part)] : undefined;
}

function getAt(doc: unknown, path: string, op: string): unknown {
  let cur = doc;
  for (const part of parsePointer(path)) {
    if (Array.isArray(cur)) cur = arrayMember(cur, part);
    else if (isJsonObject(cur)) cur = getOwn(cur, part);
    else cur = undefined;
    if (cur === undefined)
      throw new PatchError(`${op} operation does not apply: doc is missing path: ${path}`);
  }
  return cur;
}

function arrayIndex(arr: unknown[], key: string, forAdd: boolean, path: string): number {
  if (forAdd && key === "-") return arr.length;
  if (!/^(0|[1-9]\d*)$/.test(key)) throw new PatchError(`invalid array index in path: ${path}`);
  const i = Number(key);
  if (i > arr.length || (!forAdd && i === arr.length))
    throw new PatchError(`unable to access invalid index: ${i}: invalid index referenced: ${path}`);
  return i;
}

function add(doc: unknown, path: string, value: unknown, op = "add"): unknown {
  const parts = parsePointer(path);
  if (parts.length === 0) return value;
  const { parent, key } = container(doc, parts, op, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true, path), 0, value);
  else if (isJsonObject(parent)) setOwn(parent, key, value);
  else throw new PatchError(`${op} operation does not apply: doc is missing path: ${path}`);
  return doc;
}

function remove(doc: unknown, path: string, op = "remove"): unknown {
  const parts = parsePointer(path);
  const { parent, key } = container(doc, parts, op, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false, path), 1);
  else if (isJsonObject(parent) && hasOwn(parent, key)) deleteOwn(parent, key);
  else throw new PatchError(`${op} operation does not apply: doc is missing path: ${path}`);
  return doc;
}

/** Applies an RFC 6902 JSON patch to a copy of `doc`. */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch))
    throw new PatchError("json: cannot unmarshal object into Go value of type jsonpatch.Patch", 400);
  let out = structuredClone(doc);
  for (const raw of patch) {
    if (!isJsonObject(raw) || typeof raw.op !== "string") throw new PatchError("Unexpected kind: <nil>", 400);
    const path = typeof raw.path === "string" ? raw.path : "";
    switch (raw.op) {
      case "add":
        out = add(out, path, structuredClone(raw.value));
        break;
      case "remove":
        out = remove(out, path);
        break;
      case "replace": {
        getAt(out, path, "replace");
        const parts = parsePointer(path);
        if (parts.length === 0) out = structuredClone(raw.value);
        else {
          const { parent, key } = container(out, parts, "replace", path);
          if (Array.isArray(parent))
            parent[arrayIndex(parent, key, false, path)] = structuredClone(raw.value);
          else setOwn(parent as Obj, key, structuredClone(raw.value));
        }
        break;
      }
      case "move": {
        const from = typeof raw.from === "string" ? raw.from : "";
        const value = getAt(out, from, "move");
        out = remove(out, from, "move");
        out = add(out, path, value, "move");
        break;
      }
      case "copy": {
        const from = typeof raw.from === "string" ? raw.from : "";
        out = add(out, path, structuredClone(getAt(out, from, "copy")), "copy");
        break;
      }
      case "test": {
        const actual = getAt(out, path, "test");
        if (!jsonEqual(actual, raw.value)) throw new PatchError(`testing value ${path} failed: test failed`);
        break;
      }
      default:
        throw new PatchError(`Unexpected kind: ${raw.op}`, 400);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON merge patch
// ---------------------------------------------------------------------------------------------------------------

export function applyJsonMergePatch(doc: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) throw new PatchError("merge patch must be a JSON object", 400);
  return applyMergePatch(structuredClone(doc), patch);
}

// ---------------------------------------------------------------------------------------------------------------
// Strategic merge patch
// ---------------------------------------------------------------------------------------------------------------

export interface PatchMeta {
  /** `merge`: lists merge (by mergeKey for lists of objects, as a set for lists of scalars); otherwise replace. */
  strategy?: "merge";
  mergeKey?: string;
}

const POD_SPEC_ROOTS: Record<string, string[]> = {
  Pod: ["spec"],
  PodTemplate: ["template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Deployment: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

const POD_SPEC_LISTS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  volumes: "name",
  imagePullSecrets: "name",
  hostAliases: "ip",
  topologySpreadConstraints: "topologyKey",
  resourceClaims: "name",
  schedulingGates: "name",
};

const CONTAINER_LISTS: Record<string, string> = {
  ports: "containerPort",
  env: "name",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
};

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

/**
 * The patch metadata of a list field of a built-in kind, by its path of field names (list indexes left out).
 */
export function builtinPatchMeta(kind: string, path: readonly string[]): PatchMeta {
  const field = path.at(-1)!;
  if (path.length === 2 && path[0] === "metadata") {
    if (field === "finalizers") return { strategy: "merge" };
    if (field === "ownerReferences") return { strategy: "merge", mergeKey: "uid" };
  }
  if (path[0] === "status" && field === "conditions") return { strategy: "merge", mergeKey: "type" };
  if (kind === "Node" && path.length === 2 && path[0] === "status" && field === "addresses")
    return { strategy: "merge", mergeKey: "type" };
  if (kind === "Service" && path.length === 2 && path[0] === "spec" && field === "ports")
    return { strategy: "merge", mergeKey: "port" };
  const root = POD_SPEC_ROOTS[kind];
  if (root && startsWith(path, root)) {
    const rest = path.slice(root.length);
    if (rest.length === 1 && POD_SPEC_LISTS[field])
      return { strategy: "merge", mergeKey: POD_SPEC_LISTS[field] };
    if (
      rest.length === 2 &&
      ["containers", "initContainers", "ephemeralContainers"].includes(rest[0]!) &&
      CONTAINER_LISTS[field]
    )
      return { strategy: "merge", mergeKey: CONTAINER_LISTS[field] };
  }
  return {};
}

const DIRECTIVE = "$patch";
const RETAIN_KEYS = "$retainKeys";
const DELETE_FROM_PRIMITIVE = "$deleteFromPrimitiveList/";
const SET_ELEMENT_ORDER = "$setElementOrder/";

function mergeMap(
  original: Obj,
  patch: Obj,
  path: string[],
  meta: (p: readonly string[]) => PatchMeta,
): Obj | undefined {
  const directive = patch[DIRECTIVE];
  if (directive === "delete") return undefined;
  if (directive === "replace") {
    const { [DIRECTIVE]: _d, ...rest } = patch;
    return stripDirectives(rest) as Obj;
  }
  if (directive !== undefined && directive !== "merge")
    throw new PatchError(
      `Unknown patch type: ${JSON.stringify(directive)} in map: ${JSON.stringify(patch)}`,
      400,
    );
  let out: Obj = { ...original };
  const retain = patch[RETAIN_KEYS];
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw new PatchError("$retainKeys must be a list", 400);
    const keep = new Set(retain.map(String));
    out = Object.fromEntries(Object.entries(out).filter(([k]) => keep.has(k)));
  }
  const orders: [string, unknown[]][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === DIRECTIVE || key === RETAIN_KEYS) continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE)) {
      const field = key.slice(DELETE_FROM_PRIMITIVE.length);
      const current = getOwn(out, field);
      if (Array.isArray(current) && Array.isArray(value)) {
        const drop = new Set(value.map((v) => JSON.stringify(v)));
        setOwn(
          out,
          field,
          current.filter((v) => !drop.has(JSON.stringify(v))),
        );
      }
      continue;
    }
    if (key.startsWith(SET_ELEMENT_ORDER)) {
      if (Array.isArray(value)) orders.push([key.slice(SET_ELEMENT_ORDER.length), value]);
      continue;
    }
    const childPath = [...path, key];
    const existing = getOwn(out, key);
    if (value === null) {
      deleteOwn(out, key);
    } else if (isJsonObject(value)) {
      const merged = mergeMap(isJsonObject(existing) ? existing : {}, value, childPath, meta);
      if (merged === undefined) deleteOwn(out, key);
      else setOwn(out, key, merged);
    } else if (Array.isArray(value)) {
      setOwn(out, key, mergeList(Array.isArray(existing) ? existing : [], value, childPath, meta));
    } else {
      setOwn(out, key, value);
    }
  }
  for (const [field, order] of orders) {
    const list = getOwn(out, field);
    const live = getOwn(original, field);
    if (Array.isArray(list))
      setOwn(
        out,
        field,
        normalizeOrder(list, order, Array.isArray(live) ? live : [], meta([...path, field]).mergeKey),
      );
  }
  return out;
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isJsonObject(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) if (!k.startsWith("$")) setOwn(out, k, stripDirectives(v));
  return out;
}

/**
 * The order the API server gives a merged list (apimachinery strategicpatch `normalizeElementOrder`): the items the
 * patch names in the patch's order (or `$setElementOrder`'s), the others in the live order, interleaved by the live
 * order where both sides know it.
 */
function normalizeOrder(
  merged: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey?: string,
): unknown[] {
  const id = (v: unknown) => JSON.stringify(mergeKey && isJsonObject(v) ? v[mergeKey] : v);
  const indexIn = (list: unknown[]) => {
    const positions = new Map<string, number>();
    list.forEach((v, i) => {
      if (!positions.has(id(v))) positions.set(id(v), i);
    });
    return (v: unknown) => positions.get(id(v)) ?? -1;
  };
  const inPatch = indexIn(patchOrder);
  const inServer = indexIn(serverOrder);
  const byIndex = (index: (v: unknown) => number) => (a: unknown, b: unknown) => index(a) - index(b);
  const patchItems = merged.filter((v) => inPatch(v) >= 0).sort(byIndex(inPatch));
  const serverOnly = merged.filter((v) => inPatch(v) < 0).sort(byIndex(inServer));
  // mergeSortedSlice: a server-only item goes before a patch item only when the live order says so.
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patchItems.length) {
    if (j >= patchItems.length) out.push(serverOnly[i++]);
    else if (i >= serverOnly.length) out.push(patchItems[j++]);
    else {
      const l = inServer(serverOnly[i]);
      const r = inServer(patchItems[j]);
      if (l >= 0 && r >= 0 && l < r) out.push(serverOnly[i++]);
      else out.push(patchItems[j++]);
    }
  }
  return out;
}

function mergeList(
  original: unknown[],
  patch: unknown[],
  path: string[],
  meta: (p: readonly string[]) => PatchMeta,
): unknown[] {
  const m = meta(path);
  const replaceAll = patch.some((v) => isJsonObject(v) && v[DIRECTIVE] === "replace");
  if (replaceAll)
    return stripDirectives(
      patch.filter((v) => !(isJsonObject(v) && v[DIRECTIVE] === "replace")),
    ) as unknown[];
  if (m.strategy !== "merge") return stripDirectives(patch) as unknown[];
  if (!m.mergeKey) {
    // A set of scalars (finalizers): the union, in the order below.
    const out = [...original];
    for (const v of patch) if (!out.some((o) => jsonEqual(o, v))) out.push(v);
    return normalizeOrder(out, patch, original);
  }
  const key = m.mergeKey;
  let live = [...original];
  for (const item of patch)
    if (isJsonObject(item) && item[DIRECTIVE] === "delete" && key in item)
      live = live.filter((o) => !(isJsonObject(o) && jsonEqual(o[key], item[key])));
  const out = [...live];
  for (const item of patch) {
    if (!isJsonObject(item))
      throw new PatchError(
        `merging an object in json but data type is not map, instead is ${typeof item}`,
        400,
      );
    if (!(key in item))
      throw new PatchError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`, 400);
    if (item[DIRECTIVE] === "delete") continue;
    const idx = out.findIndex((o) => isJsonObject(o) && jsonEqual(o[key], item[key]));
    if (idx >= 0) {
      const merged = mergeMap(out[idx] as Obj, item, path, meta);
      if (merged === undefined) out.splice(idx, 1);
      else out[idx] = merged;
    } else {
      out.push(stripDirectives(item));
    }
  }
  return normalizeOrder(
    out,
    patch.filter((v) => !(isJsonObject(v) && v[DIRECTIVE] === "delete")),
    live,
    key,
  );
}

/**
 * Applies a strategic merge patch to a copy of `doc`, with the patch metadata `meta` gives for each list field.
 */
export function applyStrategicMergePatch(
  doc: unknown,
  patch: unknown,
  meta: (path: readonly string[]) => PatchMeta,
): unknown {
  if (!isJsonObject(patch)) throw new PatchError("strategic merge patch must be a JSON object", 400);
  const merged = mergeMap(structuredClone(isJsonObject(doc) ? doc : {}), patch, [], meta);
  return merged ?? {};
}

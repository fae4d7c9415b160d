/*
 * Applying a patch to the object as it was, to know what a patch or apply request asked for. JSON merge patch
 * (RFC 7386) and JSON patch (RFC 6902) exactly; strategic merge patch and server-side apply approximately (lists
 * of objects that all have a `name` merge by name, other lists are replaced; `$patch` directives are honoured for
 * `replace` and `delete` only).
 */

import { applyMergePatch } from "../normalize/index.js";

export { applyMergePatch };

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const named = (list: unknown[]) => list.every((i) => isObj(i) && typeof i.name === "string");

/** Strategic merge patch (and server-side apply), approximately: see the module comment. */
export function applyStrategicPatch(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) {
    if (!Array.isArray(target) || !named(patch) || !named(target)) return patch;
    const out = [...(target as Obj[])];
    for (const item of patch as Obj[]) {
      const i = out.findIndex((o) => o.name === item.name);
      if (item.$patch === "delete") {
        if (i >= 0) out.splice(i, 1);
      } else if (i >= 0) out[i] = applyStrategicPatch(out[i], item) as Obj;
      else out.push(item);
    }
    return out;
  }
  if (!isObj(patch)) return patch;
  if (patch.$patch === "replace") {
    const { $patch: _directive, ...rest } = patch;
    return rest;
  }
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith("$")) continue;
    if (v === null) delete out[k];
    else out[k] = applyStrategicPatch(out[k], v);
  }
  return out;
}

function pointer(path: string): string[] {
  if (path === "") return [];
  return path
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

/** RFC 6902 JSON patch. Throws on an operation that cannot apply (as the server would refuse it). */
export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new TypeError("a JSON patch is an array of operations");
  let doc = clone(target);
  const parentOf = (keys: string[]): [unknown, string] => {
    let cur: unknown = doc;
    for (const k of keys.slice(0, -1))
      cur = Array.isArray(cur) ? cur[Number(k)] : isObj(cur) ? cur[k] : undefined;
    if (!isObj(cur) && !Array.isArray(cur)) throw new TypeError(`no parent for ${keys.join("/")}`);
    return [cur, keys[keys.length - 1]!];
  };
  const get = (path: string): unknown =>
    pointer(path).reduce<unknown>(
      (cur, k) => (Array.isArray(cur) ? cur[Number(k)] : isObj(cur) ? cur[k] : undefined),
      doc,
    );
  const remove = (path: string) => {
    const [parent, key] = parentOf(pointer(path));
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete (parent as Obj)[key];
  };
  const add = (path: string, value: unknown) => {
    const keys = pointer(path);
    if (keys.length === 0) {
      doc = value;
      return;
    }
    const [parent, key] = parentOf(keys);
    if (Array.isArray(parent)) parent.splice(key === "-" ? parent.length : Number(key), 0, value);
    else (parent as Obj)[key] = value;
  };
  for (const op of operations as Obj[]) {
    const path = String(op.path);
    switch (op.op) {
      case "add":
        add(path, clone(op.value));
        break;
      case "remove":
        remove(path);
        break;
      case "replace":
        remove(path);
        add(path, clone(op.value));
        break;
      case "move": {
        const v = get(String(op.from));
        remove(String(op.from));
        add(path, v);
        break;
      }
      case "copy":
        add(path, clone(get(String(op.from))));
        break;
      case "test":
        break;
      default:
        throw new TypeError(`unknown JSON patch operation ${JSON.stringify(op.op)}`);
    }
  }
  return doc;
}

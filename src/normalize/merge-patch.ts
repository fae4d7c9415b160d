/**
 * JSON merge patch (RFC 7386), the `application/merge-patch+json` patch type: objects merge key by key, `null`
 * deletes a key, anything else (lists included) replaces the value whole.
 */
import { deleteOwn, getOwn, ownCopy, setOwn } from "../internal/own-property.js";
import { isJsonObject, jsonEqual } from "../internal/json.js";

type Obj = Record<string, unknown>;

/**
 * The merge patch that turns `original` into `modified` (`{}` when they are equal). Keys removed in `modified`
 * become `null`; changed lists are sent whole. Neither input is modified.
 *
 * @example
 * createMergePatch({ data: { a: "1", b: "2" } }, { data: { a: "1", c: "3" } }); // { data: { b: null, c: "3" } }
 */
export function createMergePatch(original: unknown, modified: unknown): Obj {
  if (!isJsonObject(original) || !isJsonObject(modified)) {
    throw new TypeError("createMergePatch: both documents must be JSON objects");
  }
  return diffObjects(original, modified);
}

function diffObjects(original: Obj, modified: Obj): Obj {
  const patch: Obj = {};
  for (const [key, value] of Object.entries(modified)) {
    if (value === undefined) continue;
    const before = getOwn(original, key);
    if (before === undefined) {
      setOwn(patch, key, value);
    } else if (isJsonObject(before) && isJsonObject(value)) {
      const sub = diffObjects(before, value);
      if (Object.keys(sub).length > 0) setOwn(patch, key, sub);
    } else if (!jsonEqual(before, value)) {
      setOwn(patch, key, value);
    }
  }
  for (const key of Object.keys(original)) {
    if (original[key] !== undefined && getOwn(modified, key) === undefined) setOwn(patch, key, null);
  }
  return patch;
}

/**
 * Applies a merge patch (RFC 7386 `MergePatch(target, patch)`); returns a new document, the target is not
 * modified.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return structuredClone(patch);
  const out: Obj = isJsonObject(target) ? ownCopy(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) deleteOwn(out, key);
    else setOwn(out, key, applyMergePatch(getOwn(out, key), value));
  }
  return out;
}

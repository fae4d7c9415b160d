/**
 * The compact JSON of stored objects as a list serves them, made once per stored object and served version. A list
 * of a thousand objects would otherwise copy, reorder and stringify each of them on every request; kube-apiserver's
 * watch cache likewise keeps encoded objects. Stored objects are never changed in place (every write commits a new
 * object, and an entry's object is replaced, not edited), so an object's identity stands for its revision and the
 * cache needs no invalidation: a WeakMap drops an encoding with its object.
 */
import { goJson } from "../json.js";
import { apiVersionOf } from "../resource-types.js";
import type { ResourceType } from "../resource-types.js";
import type { Obj } from "../store.js";
import { present } from "./context.js";

/** Per stored object: the served version (and kind) → the item's JSON. */
const ENCODED = new WeakMap<Obj, Map<string, Buffer>>();

/**
 * An object (as served) as an item of a list: built-in list items go without kind and apiVersion, as
 * kube-apiserver sends them (custom resources keep theirs).
 */
export function asListItem(type: ResourceType, presented: Obj): Obj {
  if (type.crd) return presented;
  const { kind: _k, apiVersion: _a, ...bare } = presented;
  return bare;
}

function encodingKey(type: ResourceType, version: string): string {
  return `${type.group}/${version}/${type.kind}/${type.crd ? "crd" : ""}`;
}

/**
 * A stored object as a list item ({@link asListItem}) in compact JSON with Go's escapes, made once per version, as
 * UTF-8 bytes: a list answer is then a concatenation of bytes, with nothing left to encode.
 */
function encoded(type: ResourceType, version: string, stored: Obj, key: string): Buffer {
  let byVersion = ENCODED.get(stored);
  if (!byVersion) ENCODED.set(stored, (byVersion = new Map<string, Buffer>()));
  let bytes = byVersion.get(key);
  if (bytes === undefined)
    byVersion.set(key, (bytes = Buffer.from(goJson(asListItem(type, present(type, version, stored))))));
  return bytes;
}

/** Pieces of an answer are joined up to this size: larger fresh buffers cost page faults on every request. */
const PIECE_BYTES = 64 * 1024;

/**
 * A whole list answer as `encodeJson` would write it (compact), as pieces of bytes to send one after the other:
 * the list's kind, apiVersion and metadata, then the items' cached encodings, joined into pieces of about 64 kB
 * (one buffer of the whole answer would be a fresh allocation as large as the list on every request).
 */
export function encodeList(
  type: ResourceType,
  version: string,
  stored: readonly Obj[],
  metadata: Obj,
): Buffer[] {
  const apiVersion = apiVersionOf(type.group, version);
  // `{"kind":…,"apiVersion":…,"metadata":{…}}` without its closing brace, then the items.
  const head = goJson({ kind: type.listKind, apiVersion, metadata }).slice(0, -1);
  const pieces: Buffer[] = [];
  let group: Buffer[] = [Buffer.from(`${head},"items":[`)];
  let size = group[0]!.length;
  const add = (b: Buffer) => {
    if (size + b.length > PIECE_BYTES && group.length > 0) {
      pieces.push(group.length === 1 ? group[0]! : Buffer.concat(group, size));
      group = [];
      size = 0;
    }
    group.push(b);
    size += b.length;
  };
  const key = encodingKey(type, version);
  stored.forEach((o, i) => {
    if (i > 0) add(COMMA);
    add(encoded(type, version, o, key));
  });
  add(END);
  pieces.push(group.length === 1 ? group[0]! : Buffer.concat(group, size));
  return pieces;
}

const COMMA = Buffer.from(",");
const END = Buffer.from("]}\n");

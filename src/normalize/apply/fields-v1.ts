/**
 * The FieldsV1 encoding of a field set, as `managedFields[].fieldsV1` holds it: a JSON object whose keys are
 * serialized path elements in the set's order; `{}` for a member without children, an object for a child, and
 * `".": {}` first inside a child that is also a member (structured-merge-diff `Set.ToJSON` / `FromJSON`).
 */
import { KubewireError } from "../../errors.js";
import { FieldSet } from "./field-set.js";
import {
  comparePathElements,
  deserializePathElement,
  serializePathElement,
  UnknownPathElementType,
} from "./path-element.js";

/** A FieldsV1 object. */
export interface FieldsV1 {
  [key: string]: FieldsV1;
}

/** A FieldsV1 document that does not decode into a field set. */
export class FieldsV1Error extends KubewireError {
  constructor(message: string) {
    super("KUBEWIRE_FIELDS_V1", message);
    this.name = "FieldsV1Error";
  }
}

/** The FieldsV1 object of a set, keys in the order the real server writes them. */
export function encodeFieldsV1(set: FieldSet): FieldsV1 {
  return emit(set, false);
}

function emit(set: FieldSet, includeSelf: boolean): FieldsV1 {
  const out: FieldsV1 = {};
  if (includeSelf && (set.members.length > 0 || set.children.length > 0)) out["."] = {};
  let mi = 0;
  let ci = 0;
  const { members, children } = set;
  while (mi < members.length || ci < children.length) {
    const c =
      mi >= members.length
        ? 1
        : ci >= children.length
          ? -1
          : comparePathElements(members[mi]!, children[ci]!.pe);
    if (c < 0) {
      out[serializePathElement(members[mi++]!)] = {};
    } else {
      const child = children[ci++]!;
      out[serializePathElement(child.pe)] = emit(child.set, c === 0);
      if (c === 0) mi++;
    }
  }
  return out;
}

/**
 * The field set of a FieldsV1 object. Keys of an unknown type (a later version's) are skipped, as the real server
 * does; a malformed key throws {@link FieldsV1Error}.
 */
export function decodeFieldsV1(fields: unknown): FieldSet {
  if (typeof fields !== "object" || fields === null || Array.isArray(fields))
    throw new FieldsV1Error(
      `FieldsV1 must be a JSON object, got ${fields === null ? "null" : Array.isArray(fields) ? "an array" : typeof fields}`,
    );
  return read(fields as Record<string, unknown>).children ?? new FieldSet();
}

function read(node: Record<string, unknown>): { children: FieldSet | undefined; isMember: boolean } {
  let children: FieldSet | undefined;
  let isMember = false;
  for (const key of Object.keys(node)) {
    if (key === ".") {
      isMember = true;
      continue;
    }
    let pe;
    try {
      pe = deserializePathElement(key);
    } catch (e) {
      if (e instanceof UnknownPathElementType) continue;
      throw new FieldsV1Error(`parsing key as path element: ${(e as Error).message}`);
    }
    const value = node[key];
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new FieldsV1Error(`the value of ${JSON.stringify(key)} must be a JSON object`);
    const below = read(value as Record<string, unknown>);
    if (below.isMember) (children ??= new FieldSet()).insertMember(pe);
    if (below.children) {
      const target = (children ??= new FieldSet()).descend(pe);
      target.members = below.children.members;
      target.children = below.children.children;
    }
  }
  if (!children) isMember = true;
  return { children, isMember };
}

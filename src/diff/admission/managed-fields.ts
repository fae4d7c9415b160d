import type { PathSegment } from "../../internal/json-path.js";
import { isJsonObject, jsonEqual } from "../../internal/json.js";

/** A `fieldsV1` node: `f:<field>`, `k:<keys json>`, `v:<value json>`, `i:<index>` children, `.` for the node itself. */
export type FieldSet = Record<string, unknown>;

/** One `metadata.managedFields` entry, reduced to what ownership needs. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: string;
  subresource?: string;
  fields: FieldSet;
}

/** The managedFields entries of an object (only `FieldsV1` ones, the only type the API server writes). */
export function managedFieldsOf(object: unknown): ManagedFieldsEntry[] {
  const entries =
    isJsonObject(object) && isJsonObject(object.metadata) ? object.metadata.managedFields : undefined;
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((e: unknown) => {
    if (!isJsonObject(e) || !isJsonObject(e.fieldsV1)) return [];
    const entry: ManagedFieldsEntry = {
      manager: typeof e.manager === "string" ? e.manager : "",
      operation: typeof e.operation === "string" ? e.operation : "",
      fields: e.fieldsV1,
    };
    if (typeof e.subresource === "string" && e.subresource) entry.subresource = e.subresource;
    return [entry];
  });
}

/** Does an array item match a `k:`/`v:`/`i:` key of a fieldset? */
function itemMatches(key: string, item: unknown, index: number): boolean {
  try {
    if (key.startsWith("k:")) {
      const keys = JSON.parse(key.slice(2)) as unknown;
      return (
        isJsonObject(keys) &&
        isJsonObject(item) &&
        Object.entries(keys).every(([k, v]) => jsonEqual(item[k], v))
      );
    }
    if (key.startsWith("v:")) return jsonEqual(JSON.parse(key.slice(2)), item);
    if (key.startsWith("i:")) return Number(key.slice(2)) === index;
  } catch {
    // A key that is not JSON cannot match anything.
  }
  return false;
}

/**
 * The fieldset node for a path into `object` (array items identified by the value found in `object`), or
 * undefined when the fieldset does not reach that far.
 */
export function fieldSetNode(
  fields: FieldSet,
  object: unknown,
  segments: readonly PathSegment[],
): FieldSet | undefined {
  let node: unknown = fields;
  let value: unknown = object;
  for (const seg of segments) {
    if (!isJsonObject(node)) return undefined;
    if (typeof seg === "string") {
      node = node[`f:${seg}`];
      value = isJsonObject(value) ? value[seg] : undefined;
    } else if (typeof seg === "number") {
      const item = Array.isArray(value) ? (value[seg] as unknown) : undefined;
      const n = node;
      const key = Object.keys(n).find((k) => k !== "." && itemMatches(k, item, seg));
      node = key === undefined ? undefined : n[key];
      value = item;
    } else return undefined;
  }
  return isJsonObject(node) ? node : undefined;
}

/** Whether a fieldset node lists children (a granular map, struct or list) rather than owning its value whole. */
export function hasChildren(node: FieldSet): boolean {
  return Object.keys(node).some((k) => k !== ".");
}

/** The child node of `node` for a key of an object value, or an item of an array value. */
export function fieldSetChild(node: FieldSet, seg: string | number, item?: unknown): FieldSet | undefined {
  if (typeof seg === "string") {
    const child = node[`f:${seg}`];
    return isJsonObject(child) ? child : undefined;
  }
  const key = Object.keys(node).find((k) => k !== "." && itemMatches(k, item, seg));
  const child = key === undefined ? undefined : node[key];
  return isJsonObject(child) ? child : undefined;
}

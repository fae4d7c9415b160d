/**
 * What the engine needs to know about one kind: its schema and root type, its group-version-kind, the object
 * the server starts a create from (Go's zero value of the type: `status: {}`, `creationTimestamp: null`...), the
 * fields its strategy resets per subresource, and how to convert between its versions.
 */
import { FieldSet } from "./field-set.js";
import type { Path } from "./path-element.js";
import type { Schema, TypeRef } from "./schema.js";
import type { TypedValue } from "./typed-value.js";
import { sameVersion } from "./updater.js";
import type { VersionConverter } from "./updater.js";
import { copyValue } from "./value.js";
import type { ValueMap } from "./value.js";

export interface ObjectSchema {
  readonly schema: Schema;
  /** The type of the whole object. */
  readonly typeRef: TypeRef;
  /** e.g. `apps/v1`. */
  readonly apiVersion: string;
  readonly kind: string;
  /**
   * The object as the server's new empty object renders it (Go zero values of non-pointer structs and of fields
   * without `omitempty`), without apiVersion and kind; `{}` for custom resources.
   */
  readonly zero?: ValueMap;
  /** Fields the strategy resets, by subresource (`""` for the main resource): nobody owns them. */
  readonly resetFields?: Readonly<Record<string, readonly Path[]>>;
  /** Conversion to another served version; the default leaves the object as it is. */
  readonly convert?: VersionConverter;
}

/** `apps/v1` → `{ group: "apps", version: "v1" }`, `v1` → `{ group: "", version: "v1" }`. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } | undefined {
  const parts = apiVersion.split("/");
  if (apiVersion === "") return { group: "", version: "" };
  if (parts.length === 1) return { group: "", version: parts[0]! };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return undefined;
}

/** Go's `GroupVersionKind.String()`: `apps/v1, Kind=Deployment`, `/v1, Kind=ConfigMap`. */
export function gvkString(apiVersion: string, kind: string): string {
  const gv = parseApiVersion(apiVersion) ?? { group: "", version: "" };
  return `${gv.group}/${gv.version}, Kind=${kind}`;
}

/** The empty object a create starts from. */
export function zeroObject(s: ObjectSchema): ValueMap {
  return { apiVersion: s.apiVersion, kind: s.kind, ...copyValue(s.zero ?? {}) };
}

export function typed(s: ObjectSchema, value: ValueMap | undefined): TypedValue {
  return { schema: s.schema, typeRef: s.typeRef, value };
}

export function converterOf(s: ObjectSchema): VersionConverter {
  return s.convert ?? sameVersion;
}

/** The reset fields of a subresource, keyed by API version as the updater wants them. */
export function ignoredFieldsOf(s: ObjectSchema, subresource: string): Map<string, FieldSet> | undefined {
  const paths = s.resetFields?.[subresource];
  if (!paths || paths.length === 0) return undefined;
  return new Map([[s.apiVersion, FieldSet.of(...paths)]]);
}

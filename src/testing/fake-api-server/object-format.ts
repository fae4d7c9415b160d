/**
 * Key order of objects as kube-apiserver serialises them: built-in types in Go struct order (kind, apiVersion,
 * metadata in ObjectMeta's order, then the type's fields), maps sorted; custom resources (unstructured maps) with
 * every key sorted.
 */
import { getOwn, hasOwn, setOwn } from "../../internal/own-property.js";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const META_ORDER = [
  "name",
  "generateName",
  "namespace",
  "selfLink",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "labels",
  "annotations",
  "ownerReferences",
  "finalizers",
  "managedFields",
];

const MANAGED_FIELDS_ORDER = [
  "manager",
  "operation",
  "apiVersion",
  "time",
  "fieldsType",
  "fieldsV1",
  "subresource",
];

/** Top-level field order of built-in kinds whose order is not simply "the rest, then spec, then status". */
const TOP_ORDER: Record<string, string[]> = {
  "/Secret": ["immutable", "data", "stringData", "type"],
  "/ConfigMap": ["immutable", "data", "binaryData"],
  "/ServiceAccount": ["secrets", "imagePullSecrets", "automountServiceAccountToken"],
  "rbac.authorization.k8s.io/Role": ["rules"],
  "rbac.authorization.k8s.io/ClusterRole": ["rules", "aggregationRule"],
  "rbac.authorization.k8s.io/RoleBinding": ["subjects", "roleRef"],
  "rbac.authorization.k8s.io/ClusterRoleBinding": ["subjects", "roleRef"],
};

/** Go map keys are marshalled in byte order. */
function byteOrder(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isObj(value)) return value;
  const out: Obj = {};
  for (const k of Object.keys(value).sort(byteOrder)) setOwn(out, k, sortKeysDeep(value[k]));
  return out;
}

function sortedMap(v: unknown): unknown {
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v).sort(byteOrder)) setOwn(out, k, v[k]);
  return out;
}

function ordered(obj: Obj, order: readonly string[]): Obj {
  const out: Obj = {};
  for (const k of order) if (getOwn(obj, k) !== undefined) setOwn(out, k, obj[k]);
  for (const [k, v] of Object.entries(obj)) if (!hasOwn(out, k) && v !== undefined) setOwn(out, k, v);
  return out;
}

function formatManagedFields(entries: unknown): unknown {
  if (!Array.isArray(entries)) return entries;
  return entries.map((e: unknown) =>
    isObj(e) ? { ...ordered(e, MANAGED_FIELDS_ORDER), fieldsV1: sortKeysDeep(e.fieldsV1) } : e,
  );
}

export function formatMetadata(meta: Obj): Obj {
  const out = ordered(meta, META_ORDER);
  if (out.labels) out.labels = sortedMap(out.labels);
  if (out.annotations) out.annotations = sortedMap(out.annotations);
  if (out.managedFields) out.managedFields = formatManagedFields(out.managedFields);
  return out;
}

/** An object in kube-apiserver's key order. */
export function formatObject(obj: Obj, custom: boolean, group: string): Obj {
  if (custom) return sortKeysDeep(obj) as Obj;
  const { kind, apiVersion, metadata, ...rest } = obj;
  const out: Obj = { kind, apiVersion };
  if (isObj(metadata)) out.metadata = formatMetadata(metadata);
  const order = TOP_ORDER[`${group}/${String(kind)}`];
  const body = order ? ordered(rest, order) : rest;
  const tail: Obj = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === undefined) continue;
    if (!order && (k === "spec" || k === "status")) tail[k] = v;
    else setOwn(out, k, k === "data" || k === "binaryData" || k === "stringData" ? sortedMap(v) : v);
  }
  if (tail.spec !== undefined) out.spec = tail.spec;
  if (tail.status !== undefined) out.status = tail.status;
  return out;
}

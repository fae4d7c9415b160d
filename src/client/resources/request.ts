/**
 * Pure request building (kube-rs `kube-core/src/request.rs` style): resource and options in, method, path and
 * query out. Nothing here sends anything, so every URL shape is table-tested without a server.
 */

/** Splits `apps/v1` into group `apps` and version `v1`; `v1` is the core group (""). */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * The parts of a resource URL (group, version, resource and, where they apply, namespace, name and subresource).
 */
export interface PathSpec {
  group: string;
  version: string;
  resource: string;
  /** Omit for cluster-scoped resources and for lists across all namespaces. */
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
}

/** `/api/v1/namespaces/ns/configmaps/name` or `/apis/apps/v1/namespaces/ns/deployments/name/scale`. */
export function resourcePath(spec: PathSpec): string {
  const root = spec.group === "" ? `/api/${spec.version}` : `/apis/${spec.group}/${spec.version}`;
  let path = root;
  if (spec.namespace !== undefined && spec.namespace !== "")
    path += `/namespaces/${encodePathSegment(spec.namespace)}`;
  path += `/${spec.resource}`;
  if (spec.name !== undefined) path += `/${encodePathSegment(spec.name)}`;
  if (spec.subresource !== undefined) path += `/${spec.subresource}`;
  return path;
}

function encodePathSegment(segment: string): string {
  if (segment === "" || segment === "." || segment === "..") {
    throw new TypeError(`invalid name or namespace for a URL path segment: ${JSON.stringify(segment)}`);
  }
  return encodeURIComponent(segment);
}

/**
 * Go's `url.QueryEscape`: everything but `A-Z a-z 0-9 - _ . ~` is percent-encoded with upper-case hex, and a
 * space becomes `+`. `labelSelector=app%3Dblog` is what kubectl sends; URLSearchParams would differ on `~` and `*`.
 */
export function queryEscape(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (byte === 0x20) out += "+";
    else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

export type QueryValue = string | number | boolean | undefined | null | readonly string[];

/** Go's `url.Values.Encode`: keys sorted, values in order, each escaped by {@link queryEscape}. */
export function encodeQuery(params: Record<string, QueryValue>): string {
  const parts: string[] = [];
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value])
      parts.push(`${queryEscape(key)}=${queryEscape(String(v))}`);
  }
  return parts.join("&");
}

/** A path plus an encoded query (no `?` when the query is empty). */
export function withQuery(path: string, params: Record<string, QueryValue>): string {
  const q = encodeQuery(params);
  return q ? `${path}?${q}` : path;
}

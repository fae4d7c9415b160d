/**
 * What a request to an API server addresses, read from its method, path and query alone, the way kube-apiserver's
 * RequestInfoFactory reads it (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go): both test servers describe
 * requests with it, so a fault rule means the same on either.
 */

import { apiserverQuery, apiserverQueryBool, queryOf } from "../internal/query-flag.js";

/** The closed set of request verbs (kube-apiserver's audit verbs, plus `discovery` and `other`). */
export const REQUEST_VERBS = [
  "get",
  "list",
  "watch",
  "create",
  "update",
  "patch",
  "delete",
  "deletecollection",
  "discovery",
  "other",
] as const;
export type RequestVerb = (typeof REQUEST_VERBS)[number];

/** What a request is about, as a server parses it. */
export interface RequestInfo {
  method: string;
  /** Path and query, as received. */
  path: string;
  verb: RequestVerb;
  /** A watch: `watch` in the query (see {@link queryFlag}), or the legacy `/watch/` path prefix. */
  watch: boolean;
  /** A list continuation: a non-empty `continue` token in the query. */
  continuation: boolean;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/**
 * A boolean query parameter as kube-apiserver decodes it (`runtime.Convert_Slice_string_To_bool`): absent is false;
 * `0`, and `false` in any case, are false; anything else, `f` and the empty string included, is true
 * (`watch=True`). This is not Go's `strconv.ParseBool`, which `?pretty=` uses.
 */
export function queryFlag(query: URLSearchParams, name: string): boolean {
  return apiserverQueryBool(query.get(name));
}

/** Subresources of a namespace that `namespaces/{name}/…` may name (anything else there is a namespaced resource). */
const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

/** Parses a request's method, path and query into what it addresses. */
export function describeRequest(method: string, pathAndQuery: string): RequestInfo {
  const url = new URL(pathAndQuery, "http://request");
  const query = apiserverQuery(queryOf(pathAndQuery));
  const upper = method.toUpperCase();
  const base: RequestInfo = {
    method: upper,
    path: pathAndQuery,
    verb: "other",
    watch: queryFlag(query, "watch"),
    continuation: (query.get("continue") ?? "") !== "",
  };
  const segments = url.pathname.split("/").filter(Boolean);
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (segments[0] === "api") {
    group = "";
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === "apis") {
    group = segments[1] ?? "";
    version = segments[2];
    rest = segments.slice(3);
  } else {
    return base;
  }
  if (version === undefined || rest.length === 0) return { ...base, verb: "discovery", group };
  if (rest[0] === "watch") {
    base.watch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  const collection = name === undefined;
  let verb: RequestVerb;
  switch (upper) {
    case "GET":
    case "HEAD":
      verb = base.watch ? "watch" : collection ? "list" : "get";
      break;
    case "POST":
      verb = collection ? "create" : "other";
      break;
    case "PUT":
      verb = collection ? "other" : "update";
      break;
    case "PATCH":
      verb = collection ? "other" : "patch";
      break;
    case "DELETE":
      verb = collection ? "deletecollection" : "delete";
      break;
    default:
      verb = "other";
  }
  return {
    ...base,
    verb,
    group,
    version,
    ...(resource !== undefined ? { resource } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
  };
}

/**
 * What a request addressed, read from its method and URL the way kube-apiserver's `RequestInfoFactory` reads
 * them (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go): the verb, the group, resource, subresource,
 * namespace and name. Non-resource URLs (`/api`, `/apis`, `/version`, `/openapi/v3`, `/healthz`) have no
 * resource; their verb is the method's.
 */

import { apiserverQueryBool, firstQueryValue } from "../internal/query-flag.js";

export interface RequestTarget {
  /** A Kubernetes verb (`list`, `watch`, `deletecollection`...) or, for a non-resource URL, the method. */
  verb: string;
  /** The URL path, without query. */
  path: string;
  group?: string;
  version?: string;
  /** The resource (plural), absent for non-resource URLs. */
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

const METHOD_VERBS: Record<string, string> = {
  POST: "create",
  GET: "get",
  HEAD: "get",
  PUT: "update",
  PATCH: "patch",
  DELETE: "delete",
};

const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

/** The path of a URL (absolute or path-only), percent-decoded segment by segment where that is possible. */
function pathSegments(url: string): { path: string; query: string; segments: string[] } {
  const withoutOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "");
  const hash = withoutOrigin.indexOf("#");
  const noHash = hash < 0 ? withoutOrigin : withoutOrigin.slice(0, hash);
  const q = noHash.indexOf("?");
  const path = (q < 0 ? noHash : noHash.slice(0, q)) || "/";
  const query = q < 0 ? "" : noHash.slice(q + 1);
  const segments = path
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { path, query, segments };
}

/** Whether the query asks for a watch, as the API server reads `watch` (`?watch=True` and a bare `?watch` do). */
function watchParam(query: string): boolean {
  return apiserverQueryBool(firstQueryValue(query, "watch"));
}

/**
 * The target of a request.
 *
 * @example
 * requestTarget("GET", "https://h/api/v1/namespaces/demo/configmaps?watch=true");
 * // { verb: "watch", path: "/api/v1/namespaces/demo/configmaps", version: "v1", resource: "configmaps", namespace: "demo" }
 */
export function requestTarget(method: string, url: string): RequestTarget {
  const upper = method.toUpperCase();
  const { path, query, segments } = pathSegments(url);
  const nonResource = (): RequestTarget => ({ verb: method.toLowerCase(), path });
  let rest: string[];
  let group = "";
  let version: string;
  if (segments[0] === "api" && segments.length >= 3) {
    version = segments[1]!;
    rest = segments.slice(2);
  } else if (segments[0] === "apis" && segments.length >= 4) {
    group = segments[1]!;
    version = segments[2]!;
    rest = segments.slice(3);
  } else return nonResource();

  let verb = METHOD_VERBS[upper];
  if (verb === undefined) return nonResource();
  // `/watch/...` is the deprecated watch prefix: a GET under it is a watch.
  if (rest[0] === "watch") {
    rest = rest.slice(1);
    verb = "watch";
  }
  const target: RequestTarget = { verb, path, version };
  if (group) target.group = group;
  if (rest[0] === "namespaces" && rest[1] !== undefined) {
    target.namespace = rest[1];
    // `/namespaces/{name}`, `/status` and `/finalize` address the Namespace itself (in its own namespace, as the
    // API server sees it); anything else under a namespace is a namespaced resource.
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
  }
  if (rest[0] !== undefined) target.resource = rest[0];
  if (rest[1] !== undefined) target.name = rest[1];
  if (rest.length > 2) target.subresource = rest.slice(2).join("/");
  if (target.name === undefined) {
    if (verb === "get") target.verb = watchParam(query) ? "watch" : "list";
    else if (verb === "delete") target.verb = "deletecollection";
    else if (verb === "watch") target.verb = "watch";
  } else if (verb === "get" && watchParam(query)) target.verb = "watch";
  return target;
}

/** `configmaps`, `deployments.apps`, `pods/log`: the resource as kubectl names it, the subresource after a slash. */
export function resourceLabel(target: RequestTarget): string | undefined {
  if (target.resource === undefined) return undefined;
  const base = target.group ? `${target.resource}.${target.group}` : target.resource;
  return target.subresource ? `${base}/${target.subresource}` : base;
}

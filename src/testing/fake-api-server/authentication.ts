/** Authentication and authorization of each request, before any route runs. */
import type { RequestInfo } from "../request-info.js";
import { decide, serviceAccountUser } from "./identity.js";
import type { AccessRequest, UserInfo } from "./identity.js";
import type { ServerState } from "./request-context.js";
import { ApiStatusError, qualifiedResource, statusBody } from "./status.js";

/** The user of a request's `Authorization` header, or undefined for a 401. */
export function authenticate(state: ServerState, authorization: string | undefined): UserInfo | undefined {
  const token = authorization?.startsWith("Bearer ")
    ? authorization.slice("Bearer ".length).trim()
    : undefined;
  if (token) {
    const claims = state.issuer.verify(token, state.cluster.now());
    if (claims) return serviceAccountUser(claims.namespace, claims.name, claims.uid);
    return state.acceptsToken(token) ? state.admin : undefined;
  }
  return state.acceptsToken("") ? state.admin : undefined;
}

/** The request as an authorizer sees it. */
function accessRequestOf(user: UserInfo, info: RequestInfo): AccessRequest {
  if (info.resource === undefined) {
    const verb = info.method === "GET" || info.method === "HEAD" ? "get" : info.method.toLowerCase();
    return { user, verb, path: info.path.split("?")[0]! };
  }
  return {
    user,
    verb: info.verb === "other" ? info.method.toLowerCase() : info.verb,
    resource: {
      group: info.group ?? "",
      resource: info.resource,
      ...(info.subresource ? { subresource: info.subresource } : {}),
      ...(info.namespace ? { namespace: info.namespace } : {}),
      ...(info.name ? { name: info.name } : {}),
    },
  };
}

/** kube-apiserver's 403 for a refused request, or undefined when it is allowed. */
export function authorizeRequest(
  state: ServerState,
  user: UserInfo,
  info: RequestInfo,
): ApiStatusError | undefined {
  if (!state.authorize) return undefined;
  const request = accessRequestOf(user, info);
  const verdict = decide(state.authorize, request);
  if (verdict.allowed) return undefined;
  const reason = verdict.reason ? `: ${verdict.reason}` : "";
  const r = request.resource;
  if (!r)
    return new ApiStatusError(
      statusBody(
        403,
        "Forbidden",
        `forbidden: User "${user.username}" cannot ${request.verb} path "${request.path}"${reason}`,
        {},
      ),
    );
  const what = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
  const scope = r.namespace ? ` in the namespace "${r.namespace}"` : " at the cluster scope";
  const object = r.name
    ? `${qualifiedResource({ group: r.group, resource: r.resource })} "${r.name}"`
    : qualifiedResource({ group: r.group, resource: r.resource });
  return new ApiStatusError(
    statusBody(
      403,
      "Forbidden",
      `${object} is forbidden: User "${user.username}" cannot ${request.verb} resource "${what}" in API group "${r.group}"${scope}${reason}`,
      { ...(r.name ? { name: r.name } : {}), group: r.group, kind: r.resource },
    ),
  );
}

/**
 * Who a request comes from, and what they may do. The server authenticates every bearer token as its one user (a
 * cluster admin, in `system:masters`), except the ServiceAccount tokens it issued itself (TokenRequest), which are
 * that ServiceAccount. Everyone may do everything unless the server was started with an `authorize` rule.
 */
import { randomUUID } from "node:crypto";

/** An authenticated user (`authentication.k8s.io/v1` UserInfo). */
export interface UserInfo {
  username: string;
  uid: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** What a request asks to do, as an authorizer sees it (`authorization.k8s.io/v1` ResourceAttributes). */
export interface AccessRequest {
  user: UserInfo;
  verb: string;
  /** Absent for a non-resource request (`/healthz`). */
  resource?: { group: string; resource: string; subresource?: string; namespace?: string; name?: string };
  /** The URL path of a non-resource request. */
  path?: string;
}

/** Decides a request: true to allow; false (or a reason) to forbid. */
export type Authorizer = (request: AccessRequest) => boolean | { allowed: boolean; reason?: string };

/** The user every token but the server's own ServiceAccount tokens stands for. */
export function defaultUser(): UserInfo {
  return {
    username: "kubewire-admin",
    uid: randomUUID(),
    groups: ["system:masters", "system:authenticated"],
  };
}

export function serviceAccountUser(namespace: string, name: string, uid: string): UserInfo {
  return {
    username: `system:serviceaccount:${namespace}:${name}`,
    uid,
    groups: ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"],
  };
}

/** An authorizer's verdict, with its reason. */
export function decide(
  authorize: Authorizer | undefined,
  request: AccessRequest,
): { allowed: boolean; reason?: string } {
  if (!authorize) return { allowed: true };
  const verdict = authorize(request);
  return typeof verdict === "boolean" ? { allowed: verdict } : verdict;
}

/**
 * The rules RBAC's bootstrap policy gives a member of `system:masters` (cluster-admin) and every authenticated user
 * (system:basic-user, system:discovery, system:public-info-viewer), as a SelfSubjectRulesReview lists them.
 */
export function adminRules(): { resourceRules: object[]; nonResourceRules: object[] } {
  const nonResource = (urls: string[]) => ({ verbs: ["get"], nonResourceURLs: urls });
  return {
    resourceRules: [
      { verbs: ["*"], apiGroups: ["*"], resources: ["*"] },
      { verbs: ["create"], apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"] },
      {
        verbs: ["create"],
        apiGroups: ["authorization.k8s.io"],
        resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
      },
    ],
    nonResourceRules: [
      { verbs: ["*"], nonResourceURLs: ["*"] },
      nonResource([
        "/api",
        "/api/*",
        "/apis",
        "/apis/*",
        "/healthz",
        "/livez",
        "/openapi",
        "/openapi/*",
        "/readyz",
        "/version",
        "/version/",
      ]),
      nonResource(["/healthz", "/livez", "/readyz", "/version", "/version/"]),
    ],
  };
}

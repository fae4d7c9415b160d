/**
 * The resources kube-apiserver answers without storing anything: access reviews (SelfSubjectAccessReview,
 * SelfSubjectRulesReview, SubjectAccessReview, LocalSubjectAccessReview), SelfSubjectReview (`kubectl auth
 * whoami`), TokenReview, and a ServiceAccount's `token` subresource (TokenRequest, `kubectl create token`).
 */
import { trackUpdate } from "../../normalize/apply/index.js";
import { builtinSchemaOf } from "./registry/field-ownership.js";
import { isPlainObject } from "./json.js";
import { updateManagedFields } from "./managed-fields.js";
import { formatMetadata } from "./object-format.js";
import { fieldManagerOf, fieldSetContext, formatTime } from "./registry/context.js";
import type { WriteOptions, WriteResult } from "./registry/context.js";
import type { Target } from "./registry/context.js";
import type { FakeCluster } from "./cluster.js";
import { adminRules, decide } from "./identity.js";
import type { AccessRequest, Authorizer, UserInfo } from "./identity.js";
import type { ResourceType } from "./resource-types.js";
import { TOKEN_ISSUER } from "./service-account-tokens.js";
import type { TokenIssuer } from "./service-account-tokens.js";
import { badRequest, invalid } from "./status.js";
import type { Obj } from "./store.js";

/** What the answers need beyond the request. */
export interface ReviewContext {
  cluster: FakeCluster;
  user: UserInfo;
  admin: UserInfo;
  authorize: Authorizer | undefined;
  issuer: TokenIssuer;
  /** Whether a bearer token other than the server's own is accepted. */
  acceptsToken: (token: string) => boolean;
}

type ReviewHandler = (review: ReviewContext, target: Target, body: Obj, options: WriteOptions) => WriteResult;

const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});

function managedFields(
  review: ReviewContext,
  type: Pick<ResourceType, "kind" | "crd">,
  version: string,
  body: Obj,
  options: WriteOptions,
  subresource?: string,
) {
  const { apiVersion: _a, kind: _k, metadata: _m, ...fields } = body;
  // The apply engine knows the review kinds' schemas (pointer structs own their "." entry).
  const [group, v] = version.includes("/") ? version.split("/", 2) : ["", version];
  const schema = builtinSchemaOf(group!, v!, type.kind);
  if (schema) {
    const tracked = trackUpdate({
      after: { apiVersion: version, kind: type.kind, metadata: {}, ...fields },
      manager: fieldManagerOf(options),
      schema,
      now: review.cluster.now(),
      ...(subresource ? { subresource } : {}),
    });
    const mf = tracked.managedFields;
    return mf && mf.length > 0 ? (formatMetadata({ managedFields: mf }) as { managedFields: unknown }) : {};
  }
  const entries = updateManagedFields(
    undefined,
    fields,
    fieldManagerOf(options),
    version,
    formatTime(review.cluster.now()),
    fieldSetContext(type),
    subresource,
  );
  return entries.length > 0 ? (formatMetadata({ managedFields: entries }) as { managedFields: unknown }) : {};
}

function accessRequest(user: UserInfo, spec: Obj, namespace?: string): AccessRequest {
  const r = spec.resourceAttributes;
  if (isPlainObject(r)) {
    const str = (k: string) => (typeof r[k] === "string" && r[k] !== "" ? r[k] : undefined);
    const ns = namespace ?? str("namespace");
    return {
      user,
      verb: str("verb") ?? "",
      resource: {
        group: str("group") ?? "",
        resource: str("resource") ?? "",
        ...(str("subresource") ? { subresource: str("subresource")! } : {}),
        ...(ns ? { namespace: ns } : {}),
        ...(str("name") ? { name: str("name")! } : {}),
      },
    };
  }
  const n = obj(spec.nonResourceAttributes);
  return {
    user,
    verb: typeof n.verb === "string" ? n.verb : "",
    path: typeof n.path === "string" ? n.path : "",
  };
}

function reviewAnswer(
  review: ReviewContext,
  target: Target,
  body: Obj,
  options: WriteOptions,
  status: Obj,
  spec: Obj = obj(body.spec),
): WriteResult {
  const { type } = target;
  return {
    body: {
      kind: type.kind,
      apiVersion: `${type.group}/${type.versions[0]}`,
      metadata: {
        creationTimestamp: null,
        ...managedFields(review, type, `${type.group}/${type.versions[0]}`, body, options),
      },
      spec,
      status,
    },
    code: 201,
    warnings: [],
  };
}

function accessStatus(review: ReviewContext, request: AccessRequest): Obj {
  const verdict = decide(review.authorize, request);
  return { allowed: verdict.allowed, ...(verdict.reason ? { reason: verdict.reason } : {}) };
}

function userFromSpec(spec: Obj): UserInfo {
  return {
    username: typeof spec.user === "string" ? spec.user : "",
    uid: typeof spec.uid === "string" ? spec.uid : "",
    groups: Array.isArray(spec.groups) ? spec.groups.filter((g): g is string => typeof g === "string") : [],
  };
}

const HANDLERS: Record<string, ReviewHandler> = {
  "authorization.k8s.io/selfsubjectaccessreviews": (review, target, body, options) =>
    reviewAnswer(
      review,
      target,
      body,
      options,
      accessStatus(review, accessRequest(review.user, obj(body.spec))),
    ),

  "authorization.k8s.io/subjectaccessreviews": (review, target, body, options) => {
    const spec = obj(body.spec);
    return reviewAnswer(
      review,
      target,
      body,
      options,
      accessStatus(review, accessRequest(userFromSpec(spec), spec)),
    );
  },

  "authorization.k8s.io/localsubjectaccessreviews": (review, target, body, options) => {
    const spec = obj(body.spec);
    const request = accessRequest(userFromSpec(spec), spec, target.namespace);
    return reviewAnswer(review, target, body, options, accessStatus(review, request));
  },

  "authorization.k8s.io/selfsubjectrulesreviews": (review, target, body, options) => {
    // Rules exist only for the built-in policy; an authorize function cannot be listed.
    const status = review.authorize
      ? {
          resourceRules: [],
          nonResourceRules: [],
          incomplete: true,
          evaluationError: "the server's authorization rules are a function and cannot be listed",
        }
      : { ...adminRules(), incomplete: false };
    return reviewAnswer(review, target, body, options, status);
  },

  "authentication.k8s.io/selfsubjectreviews": (review, target) => {
    const { username, uid, groups, extra } = review.user;
    return {
      body: {
        kind: target.type.kind,
        apiVersion: `${target.type.group}/${target.type.versions[0]}`,
        metadata: { creationTimestamp: formatTime(review.cluster.now()) },
        status: { userInfo: { username, uid, groups, ...(extra ? { extra } : {}) } },
      },
      code: 201,
      warnings: [],
    };
  },

  "authentication.k8s.io/tokenreviews": (review, target, body, options) => {
    const spec = obj(body.spec);
    const token = typeof spec.token === "string" ? spec.token : "";
    const claims = review.issuer.verify(token, review.cluster.now());
    let status: Obj;
    if (claims) {
      status = {
        authenticated: true,
        user: {
          username: `system:serviceaccount:${claims.namespace}:${claims.name}`,
          uid: claims.uid,
          groups: [
            "system:serviceaccounts",
            `system:serviceaccounts:${claims.namespace}`,
            "system:authenticated",
          ],
        },
        audiences: claims.audiences,
      };
    } else if (token !== "" && review.acceptsToken(token)) {
      const { username, uid, groups } = review.admin;
      status = { authenticated: true, user: { username, uid, groups }, audiences: [TOKEN_ISSUER] };
    } else {
      status = { user: {}, error: "[invalid bearer token, service account token is not valid]" };
    }
    // The token is a credential: the answer does not echo it.
    const { token: _t, ...rest } = spec;
    return reviewAnswer(review, target, body, options, status, rest);
  },
};

/** Answers a create of a resource kube-apiserver does not store. */
export function answerReview(
  review: ReviewContext,
  target: Target,
  body: unknown,
  options: WriteOptions,
): WriteResult {
  if (!isPlainObject(body)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)}'`);
  const handler = HANDLERS[`${target.type.group}/${target.type.resource}`];
  if (!handler)
    throw badRequest(`${target.type.resource} cannot be created on kubewire's in-memory API server`);
  return handler(review, target, body, options);
}

const MIN_EXPIRATION = 600;
const MAX_EXPIRATION = 2 ** 32;

/** `POST …/serviceaccounts/NAME/token`: a TokenRequest for an existing ServiceAccount. */
export function requestToken(
  review: ReviewContext,
  serviceAccounts: Target,
  name: string,
  input: unknown,
  options: WriteOptions,
): WriteResult {
  const sa = review.cluster.get(serviceAccounts, name);
  const body = obj(input);
  const spec = obj(body.spec);
  const expirationSeconds = typeof spec.expirationSeconds === "number" ? spec.expirationSeconds : 3600;
  const tokenRequest = { group: "authentication.k8s.io", kind: "TokenRequest" };
  if (expirationSeconds < MIN_EXPIRATION)
    throw invalid(tokenRequest, name, [
      {
        type: "FieldValueInvalid",
        field: "spec.expirationSeconds",
        value: expirationSeconds,
        detail: "may not specify a duration less than 10 minutes",
      },
    ]);
  if (expirationSeconds > MAX_EXPIRATION)
    throw invalid(tokenRequest, name, [
      {
        type: "FieldValueInvalid",
        field: "spec.expirationSeconds",
        value: expirationSeconds,
        detail: "may not specify a duration larger than 2^32 seconds",
      },
    ]);
  const audiences =
    Array.isArray(spec.audiences) && spec.audiences.length > 0
      ? (spec.audiences as string[])
      : [TOKEN_ISSUER];
  const saMeta = obj(sa.metadata);
  const now = review.cluster.now();
  const issued = review.issuer.issue({
    namespace: serviceAccounts.namespace ?? "",
    name,
    uid: String(saMeta.uid),
    audiences,
    now,
    expirationSeconds,
  });
  const fields = managedFields(
    review,
    { kind: "TokenRequest" },
    "authentication.k8s.io/v1",
    body,
    options,
    "token",
  );
  return {
    body: {
      kind: "TokenRequest",
      apiVersion: "authentication.k8s.io/v1",
      metadata: { name, namespace: serviceAccounts.namespace, creationTimestamp: formatTime(now), ...fields },
      spec: {
        audiences,
        expirationSeconds,
        boundObjectRef: isPlainObject(spec.boundObjectRef) ? spec.boundObjectRef : null,
      },
      status: { token: issued.token, expirationTimestamp: formatTime(issued.expirationTimestamp) },
    },
    code: 201,
    warnings: [],
  };
}

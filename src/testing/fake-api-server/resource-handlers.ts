/**
 * Requests for resources (`/api/v1/namespaces/NS/configmaps/NAME`, …): the checks kube-apiserver makes before any
 * verb (a served resource, its scope, acceptable media types), then one handler per verb.
 */
import type { RequestVerb } from "../request-info.js";
import type { Target, UpdateOptions, WriteResult } from "./cluster.js";
import { readDeleteOptions } from "./delete-options.js";
import { answersProtobuf, sendEncodedJson, sendJson, warningHeaders } from "./http-answers.js";
import { acceptsJson, includeObject, wantsTable } from "./negotiation.js";
import type { RequestContext } from "./request-context.js";
import { parseApplyBody, parseBody, parseObjectBody } from "./request-body.js";
import { queryFlag } from "../request-info.js";
import { asListItem } from "./registry/served-json.js";
import { answerReview, requestToken } from "./reviews.js";
import type { ReviewContext } from "./reviews.js";
import {
  ApiStatusError,
  invalid,
  methodNotAllowed,
  methodNotSupported,
  resourceNotFound,
  statusBody,
} from "./status.js";
import { apiVersionOf } from "./resource-types.js";
import type { Obj } from "./store.js";
import { toTable } from "./tables.js";
import { serveWatch } from "./watch.js";

type VerbHandler = (ctx: RequestContext, target: Target) => void | Promise<void>;

function listOptions(query: URLSearchParams) {
  const out: {
    labelSelector?: string;
    fieldSelector?: string;
    limit?: number;
    continue?: string;
    resourceVersion?: string;
    resourceVersionMatch?: string;
  } = {};
  for (const k of [
    "labelSelector",
    "fieldSelector",
    "continue",
    "resourceVersion",
    "resourceVersionMatch",
  ] as const) {
    const v = query.get(k);
    if (v !== null && v !== "") out[k] = v;
  }
  const limit = query.get("limit");
  if (limit) out.limit = Number(limit);
  return out;
}

/** The options kind a verb's query parameters are read into (for their validation errors). */
const OPTIONS_KIND: Record<string, string> = {
  POST: "CreateOptions",
  PUT: "UpdateOptions",
  PATCH: "PatchOptions",
};
const FIELD_VALIDATIONS = ["", "Ignore", "Strict", "Warn"];

function writeOptions(ctx: RequestContext, duplicateFields: string[] = []): UpdateOptions {
  const { query, req, info } = ctx;
  const fieldManager = query.get("fieldManager");
  const userAgent = req.headers["user-agent"];
  const fieldValidation = query.get("fieldValidation") ?? "";
  if (!FIELD_VALIDATIONS.includes(fieldValidation))
    throw invalid({ group: "meta.k8s.io", kind: OPTIONS_KIND[ctx.method] ?? "CreateOptions" }, "", [
      {
        type: "FieldValueNotSupported",
        field: "fieldValidation",
        value: fieldValidation,
        detail: `supported values: ${FIELD_VALIDATIONS.map((v) => JSON.stringify(v)).join(", ")}`,
      },
    ]);
  return {
    dryRun: query.get("dryRun") === "All",
    ...(fieldManager ? { fieldManager } : {}),
    ...(userAgent ? { userAgent } : {}),
    // The server's default is Warn.
    fieldValidation: (fieldValidation || "Warn") as "Strict" | "Warn" | "Ignore",
    ...(duplicateFields.length > 0 ? { duplicateFields } : {}),
    ...(info.subresource ? { subresource: info.subresource } : {}),
  };
}

/** A create's or update's body and options (the query's options checked before the body is read). */
function objectRequest(ctx: RequestContext, target: Target): { body: unknown; options: UpdateOptions } {
  writeOptions(ctx);
  const { value, duplicates } = parseObjectBody(ctx.body, ctx.req.headers["content-type"], !target.type.crd);
  return { body: value, options: writeOptions(ctx, duplicates) };
}

function answer(ctx: RequestContext, result: WriteResult): void {
  sendJson(ctx.res, result.body, result.code, ctx.pretty, warningHeaders(result.warnings));
}

function table(ctx: RequestContext, target: Target, items: Obj[], listMeta: Obj): Obj {
  return toTable(target.type, target.version, items, listMeta, {
    now: ctx.server.cluster.now().getTime(),
    includeObject: includeObject(ctx.query),
  });
}

const VERB_HANDLERS: Partial<Record<RequestVerb, VerbHandler>> = {
  get(ctx, target) {
    const obj = ctx.server.cluster.get(target, ctx.info.name!, ctx.query.get("resourceVersion") ?? undefined);
    const asTable = ctx.info.subresource === undefined && wantsTable(ctx.req.headers.accept);
    sendJson(ctx.res, asTable ? table(ctx, target, [obj], {}) : obj, 200, ctx.pretty);
  },

  list(ctx, target) {
    const { type, version } = target;
    const apiVersion = type.group ? `${type.group}/${version}` : version;
    const asTable = wantsTable(ctx.req.headers.accept);
    // The common answer, compact JSON, is made from encodings kept per stored object (a large list is mostly
    // bytes already made); pretty JSON, Tables and protobuf are built from the objects.
    if (!asTable && !ctx.pretty && !answersProtobuf(ctx.res, apiVersion, type.listKind))
      return sendEncodedJson(ctx.res, ctx.server.cluster.listJson(target, listOptions(ctx.query)), 200);
    const list = ctx.server.cluster.list(target, listOptions(ctx.query));
    if (asTable) return sendJson(ctx.res, table(ctx, target, list.items, list.metadata), 200, ctx.pretty);
    const items = list.items.map((i) => asListItem(type, i));
    sendJson(ctx.res, { kind: type.listKind, apiVersion, metadata: list.metadata, items }, 200, ctx.pretty);
  },

  async watch(ctx, target) {
    const { query, info, server } = ctx;
    const timeout = query.get("timeoutSeconds");
    const fieldSelector = query.get("fieldSelector");
    await serveWatch(
      ctx.res,
      server.cluster,
      target,
      {
        ...listOptions(query),
        // A watch of one named object is a watch of the collection narrowed to that name.
        ...(info.name
          ? {
              fieldSelector: fieldSelector
                ? `${fieldSelector},metadata.name=${info.name}`
                : `metadata.name=${info.name}`,
            }
          : {}),
        // Booleans as the server decodes them: the Python client sends `allowWatchBookmarks=True`.
        allowWatchBookmarks: queryFlag(query, "allowWatchBookmarks"),
        sendInitialEvents: queryFlag(query, "sendInitialEvents"),
        ...(timeout ? { timeoutSeconds: Number(timeout) } : {}),
        ...(wantsTable(ctx.req.headers.accept)
          ? { table: { includeObject: includeObject(query) } }
          : {
              protobuf: answersProtobuf(
                ctx.res,
                apiVersionOf(target.type.group, target.version),
                target.type.kind,
              ),
            }),
        pretty: ctx.pretty,
      },
      server.watchSettings,
      server.closing,
    );
  },

  create(ctx, target) {
    const { body, options } = objectRequest(ctx, target);
    answer(ctx, ctx.server.cluster.create(target, body, options));
  },

  update(ctx, target) {
    const { body, options } = objectRequest(ctx, target);
    answer(ctx, ctx.server.cluster.update(target, ctx.info.name!, body, options));
  },

  patch(ctx, target) {
    const contentType = ctx.req.headers["content-type"] ?? "";
    const apply = contentType.split(";")[0]!.trim().toLowerCase() === "application/apply-patch+yaml";
    const options = writeOptions(ctx);
    if (ctx.query.has("force")) options.force = queryFlag(ctx.query, "force");
    const body = apply ? parseApplyBody(ctx.body) : parseBody(ctx.body, "application/json");
    answer(ctx, ctx.server.cluster.patch(target, ctx.info.name!, contentType, body, options));
  },

  delete(ctx, target) {
    const options = readDeleteOptions(parseBody(ctx.body, ctx.req.headers["content-type"]), ctx.query);
    answer(ctx, ctx.server.cluster.delete(target, ctx.info.name!, options));
  },

  deletecollection(ctx, target) {
    const options = readDeleteOptions(parseBody(ctx.body, ctx.req.headers["content-type"]), ctx.query);
    answer(ctx, ctx.server.cluster.deleteCollection(target, { ...listOptions(ctx.query), ...options }));
  },
};

/** The verb a method asks of a subresource (there are no collections of subresources). */
const SUBRESOURCE_VERBS: Record<string, string> = {
  GET: "get",
  HEAD: "get",
  PUT: "update",
  PATCH: "patch",
  POST: "create",
  DELETE: "delete",
};

function reviewContext(ctx: RequestContext): ReviewContext {
  const { server } = ctx;
  return {
    cluster: server.cluster,
    user: ctx.user,
    admin: server.admin,
    authorize: server.authorize,
    issuer: server.issuer,
    acceptsToken: server.acceptsToken,
  };
}

/** Handlers of subresources other than `status` (which the verb handlers serve), by name and verb. */
const SUBRESOURCE_HANDLERS: Record<string, Partial<Record<string, VerbHandler>>> = {
  scale: {
    get: (ctx, target) =>
      sendJson(ctx.res, ctx.server.cluster.getScale(target, ctx.info.name!), 200, ctx.pretty),
    update: (ctx, target) => {
      const body = parseBody(ctx.body, ctx.req.headers["content-type"]);
      answer(ctx, ctx.server.cluster.updateScale(target, ctx.info.name!, body, writeOptions(ctx)));
    },
    patch: (ctx, target) => {
      const body = parseBody(ctx.body, "application/json");
      const contentType = ctx.req.headers["content-type"] ?? "";
      answer(
        ctx,
        ctx.server.cluster.patchScale(target, ctx.info.name!, contentType, body, writeOptions(ctx)),
      );
    },
  },
  token: {
    create: (ctx, target) => {
      const body = parseBody(ctx.body, ctx.req.headers["content-type"]);
      answer(ctx, requestToken(reviewContext(ctx), target, ctx.info.name!, body, writeOptions(ctx)));
    },
  },
};

/** Serves a request for a resource of a served group version. */
export async function serveResource(ctx: RequestContext, group: string, version: string): Promise<void> {
  const { info, server } = ctx;
  if (!info.resource) throw resourceNotFound();
  const type = server.registry.find(group, version, info.resource);
  if (!type) throw resourceNotFound();
  if (type.namespaced === false && info.namespace !== undefined) throw resourceNotFound();
  const sub =
    info.subresource === undefined ? undefined : type.subresources.find((s) => s.name === info.subresource);
  if (info.subresource !== undefined && !sub) throw resourceNotFound();
  // Across namespaces, a namespaced resource can only be listed and watched (kube-apiserver has no other route).
  if (type.namespaced && info.namespace === undefined && info.verb !== "list" && info.verb !== "watch")
    throw resourceNotFound();
  const accept = ctx.req.headers.accept;
  if (!acceptsJson(accept) && !wantsTable(accept))
    throw new ApiStatusError(
      statusBody(
        406,
        "NotAcceptable",
        "only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf",
      ),
    );
  const target: Target = { type, version, namespace: type.namespaced ? info.namespace : undefined };
  if (sub) {
    const verb = SUBRESOURCE_VERBS[ctx.method] ?? "";
    if (!sub.verbs.includes(verb)) throw methodNotAllowed();
    const handler = sub.name === "status" ? VERB_HANDLERS[info.verb] : SUBRESOURCE_HANDLERS[sub.name]?.[verb];
    if (!handler) throw methodNotSupported({ group, resource: `${type.resource}/${sub.name}` }, ctx.method);
    return handler(ctx, target);
  }
  // A watch of a resource that allows list but not watch, or a verb the resource does not serve at all.
  if (!type.verbs.includes(info.verb)) throw methodNotAllowed();
  if (!type.stored) {
    const body = parseBody(ctx.body, ctx.req.headers["content-type"]);
    return answer(ctx, answerReview(reviewContext(ctx), target, body, writeOptions(ctx)));
  }
  const handler = VERB_HANDLERS[info.verb];
  if (!handler) throw methodNotSupported({ group, resource: type.resource }, ctx.method);
  await handler(ctx, target);
}

/**
 * The in-memory API server's route table: each route a path pattern (over the path without trailing slashes), the
 * methods it answers (all when omitted) and a handler; the first route that matches a request serves it, and a
 * request no route matches gets the Go mux's plain `404 page not found`, as kube-apiserver answers.
 */
import {
  AGGREGATED_MEDIA_TYPES,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from "./discovery.js";
import { FLOW_HEADERS, sendJson, sendNotFoundPage } from "./http-answers.js";
import { chooseDiscovery } from "./negotiation.js";
import { serveOpenApi } from "./openapi/serve-openapi.js";
import type { RequestContext } from "./request-context.js";
import { serveResource } from "./resource-handlers.js";
import { methodNotSupported } from "./status.js";

type Handler = (ctx: RequestContext, match: RegExpExecArray) => void | Promise<void>;

interface Route {
  path: RegExp;
  methods?: readonly string[];
  handle: Handler;
}

/** A stable ETag for a discovery document (kube-apiserver hashes it too; clients only compare them). */
function hash(text: string): string {
  let h = 0n;
  for (const c of Buffer.from(text)) h = (h * 131n + BigInt(c)) & ((1n << 256n) - 1n);
  return h.toString(16).toUpperCase().padStart(64, "0");
}

const serveVersion: Handler = (ctx) => sendJson(ctx.res, ctx.server.version, 200, ctx.pretty);

const serveHealth: Handler = ({ res }) => {
  res.writeHead(200, {
    "Content-Type": "text/plain; charset=utf-8",
    "X-Content-Type-Options": "nosniff",
    ...FLOW_HEADERS,
  });
  res.end("ok");
};

/** `/api` and `/apis`: legacy discovery, or the aggregated document when the client asks for it. */
const serveRootDiscovery: Handler = (ctx) => {
  const { res, path, pretty, server } = ctx;
  if (ctx.method !== "GET") throw methodNotSupported({ group: "", resource: "" }, ctx.method);
  const aggregated = chooseDiscovery(ctx.req.headers.accept);
  const groups = server.cluster.groupVersions();
  if (!aggregated) {
    sendJson(res, path === "/api" ? apiVersions(server.address()) : apiGroupList(groups), 200, pretty);
    return;
  }
  const doc = aggregatedDiscovery(
    aggregated,
    [{ group: "", versions: ["v1"] }, ...groups],
    server.registry.all(),
    path === "/api",
  );
  sendJson(res, doc, 200, pretty, {
    "Content-Type": AGGREGATED_MEDIA_TYPES[aggregated],
    "Cache-Control": "public",
    Etag: `"${hash(JSON.stringify(doc))}"`,
    Vary: "Accept",
  });
};

const serveGroup: Handler = (ctx, match) => {
  const served = ctx.server.cluster.groupVersions().find((g) => g.group === match[1]);
  if (!served) return sendNotFoundPage(ctx.res);
  sendJson(ctx.res, apiGroup(served), 200, ctx.pretty);
};

/** `/api/v1/…` and `/apis/GROUP/VERSION/…`: the version's resource list, or one of its resources. */
async function serveGroupVersion(
  ctx: RequestContext,
  group: string,
  version: string,
  rest: string | undefined,
) {
  const served =
    group === ""
      ? version === "v1"
      : ctx.server.cluster.groupVersions().some((g) => g.group === group && g.versions.includes(version));
  if (!served) return sendNotFoundPage(ctx.res);
  if (rest === undefined) {
    const types = ctx.server.registry.all().filter((t) => t.group === group && t.versions.includes(version));
    return sendJson(ctx.res, apiResourceList(group, version, types), 200, ctx.pretty);
  }
  await serveResource(ctx, group, version);
}

const ROUTES: readonly Route[] = [
  { path: /^\/version$/, methods: ["GET"], handle: serveVersion },
  { path: /^\/(?:healthz|livez|readyz)$/, methods: ["GET"], handle: serveHealth },
  {
    path: /^\/openapi\//,
    handle: (ctx) => serveOpenApi(ctx.req, ctx.res, ctx.path, ctx.server.cluster, FLOW_HEADERS),
  },
  { path: /^\/apis?$/, handle: serveRootDiscovery },
  { path: /^\/apis\/([^/]+)$/, handle: serveGroup },
  { path: /^\/api\/([^/]+)(\/.+)?$/, handle: (ctx, m) => serveGroupVersion(ctx, "", m[1]!, m[2]) },
  {
    path: /^\/apis\/([^/]+)\/([^/]+)(\/.+)?$/,
    handle: (ctx, m) => serveGroupVersion(ctx, m[1]!, m[2]!, m[3]),
  },
];

/** Serves a request by the first route that matches it. */
export async function route(ctx: RequestContext): Promise<void> {
  for (const r of ROUTES) {
    if (r.methods && !r.methods.includes(ctx.method)) continue;
    const match = r.path.exec(ctx.path);
    if (match) return r.handle(ctx, match);
  }
  sendNotFoundPage(ctx.res);
}

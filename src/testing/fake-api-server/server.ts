import { randomUUID } from "node:crypto";
import { listenLocally } from "../../internal/listen-locally.js";
import { writeFileAtomic } from "../../internal/write-file-atomic.js";
import { createServer as createHttpServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { parseAllDocuments } from "yaml";
import { valueNestsDeeperThan } from "../../normalize/json-depth.js";
import { createSelfSignedCertificate } from "../../internal/certificates.js";
import { BUILTIN_GROUP_ORDER } from "./builtin-api.js";
import { FakeCluster } from "./cluster.js";
import type { Target } from "./cluster.js";
import {
  AGGREGATED_MEDIA_TYPES,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from "./discovery.js";
import { FaultController } from "./faults.js";
import { ManifestError } from "./manifest-error.js";
import type { RequestInfo, RequestVerb } from "./faults.js";
import { serveOpenApi } from "./openapi.js";
import { decodeKubernetesProtobuf, ProtobufError } from "./protobuf.js";
import { builtinTypes, ResourceRegistry } from "./resource-types.js";
import type { ResourceType } from "./resource-types.js";
import {
  ApiStatusError,
  badRequest,
  conflict,
  internalError,
  methodNotSupported,
  resourceNotFound,
  statusBody,
  tooManyRequests,
  unauthorized,
} from "./status.js";
import type { Obj } from "./store.js";
import { encodeJson } from "./json.js";
import { toTable } from "./tables.js";
import type { IncludeObject } from "./tables.js";
import { serveWatch } from "./watch.js";

/** What `/version` answers. */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export interface FakeApiServerOptions {
  /** Serve HTTPS with a freshly generated CA (in `server.ca` and the kubeconfig). Default false (plain HTTP). */
  tls?: boolean;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, every request needs `Authorization: Bearer <token>` (401 otherwise, as kube-apiserver answers). */
  token?: string;
  /** Objects to create at startup (CRDs first, then namespaces, then the rest), as `kubectl create` would. */
  objects?: unknown[];
  /** How many events of history the server keeps for watch resume and paginated lists (default 10,000). */
  historyLimit?: number;
  /** Interval of BOOKMARK events on watches that allow them (default 60 s). */
  bookmarkIntervalMs?: number;
  /** Watch timeout when the client gives no `timeoutSeconds` (default 1800). */
  watchTimeoutSeconds?: number;
  /** The clock for timestamps and table ages. */
  now?: () => Date;
  /** Overrides parts of the `/version` answer. */
  version?: Partial<VersionInfo>;
  /**
   * How long a deleted namespace stays Terminating before its contents and then itself are deleted, as the
   * namespace controller would (default 500 ms; 0: at once).
   */
  namespaceFinalizationMs?: number;
  /** Which built-in resources to serve (default all); namespaces and CRDs are always served. */
  builtinResources?: (resource: { group: string; resource: string; kind: string }) => boolean;
}

/** One request the server received: no headers and no bodies, so nothing secret is kept. */
export interface RequestRecord {
  method: string;
  path: string;
  verb: RequestVerb;
  status: number;
  userAgent?: string;
  resource?: string;
  namespace?: string;
  name?: string;
}

export interface KubeconfigOptions {
  /** The context's default namespace (default `default`). */
  namespace?: string;
  /** Name of the cluster, user and context (default `kubewire-fake`). */
  name?: string;
}

/** A running in-memory API server. */
export interface FakeApiServer {
  /** `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** PEM CA certificate that signs the server certificate (TLS only). */
  readonly ca: string | undefined;
  /** The state: objects, revisions, history, served types. */
  readonly cluster: FakeCluster;
  /** Every request received, in order (method, path, verb, status; never headers or bodies). */
  readonly requests: RequestRecord[];
  /** Scripted faults and injected conflicts. */
  readonly faults: FaultController;
  /** A kubeconfig (YAML) pointing at this server, for kubectl and other clients. */
  kubeconfig(options?: KubeconfigOptions): string;
  /** Writes {@link kubeconfig} to a file (mode 0600), whole: a reader waiting for it never sees it half written. */
  writeKubeconfig(path: string, options?: KubeconfigOptions): Promise<void>;
  /** Creates objects as the server's own seed (CRDs first, then namespaces, then the rest). */
  load(objects: unknown[]): void;
  /** Ends watches and connections and stops listening. */
  close(): Promise<void>;
}

const DEFAULT_VERSION: VersionInfo = {
  major: "1",
  minor: "28",
  gitVersion: "v1.28.7-kubewire.0",
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2026-01-01T00:00:00Z",
  goVersion: "go1.21.13",
  compiler: "gc",
  platform: "linux/amd64",
};

/** Headers every kube-apiserver answer carries (API Priority and Fairness identifies the flow). */
const FLOW_HEADERS = {
  "X-Kubernetes-Pf-Flowschema-Uid": "6f1c1d6a-0000-4000-8000-6b7562657769",
  "X-Kubernetes-Pf-Prioritylevel-Uid": "6f1c1d6a-0000-4000-8000-6b7562657770",
};

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** kube-apiserver pretty-prints for curl, wget and browsers, or when `?pretty=true`. */
function wantsPretty(req: IncomingMessage, query: URLSearchParams): boolean {
  const p = query.get("pretty");
  if (p !== null && p !== "") return p === "true" || p === "1";
  const ua = req.headers["user-agent"] ?? "";
  return ua.startsWith("curl") || ua.startsWith("Wget") || ua.startsWith("Mozilla/5.0");
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseBody(bytes: Buffer, contentType: string | undefined): unknown {
  if (/application\/vnd\.kubernetes\.protobuf/.test(contentType ?? "")) {
    try {
      return decodeKubernetesProtobuf(bytes);
    } catch (error) {
      if (error instanceof ProtobufError)
        throw new ApiStatusError(statusBody(415, "UnsupportedMediaType", error.message));
      throw error;
    }
  }
  const text = bytes.toString("utf8");
  if (text.trim() === "") return undefined;
  const yamlType = /yaml/.test(contentType ?? "");
  try {
    if (yamlType) {
      const docs = parseAllDocuments(text);
      const doc = Array.isArray(docs) ? docs[0] : undefined;
      if (doc && doc.errors.length > 0) throw new Error("invalid YAML");
      if (doc) return doc.toJS() as unknown;
    }
    return JSON.parse(text) as unknown;
  } catch (error) {
    // JavaScript's parse errors quote the text around the error, which may be a Secret value: say only where.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    throw badRequest(
      `couldn't get version/kind; json parse error: invalid JSON${at !== undefined ? ` at offset ${at}` : ""}`,
    );
  }
}

/**
 * Parses a multi-document YAML or JSON manifest into objects (`List` kinds flattened).
 *
 * @throws {ManifestError} when the text is not YAML, or its aliases expand without bound or refer to themselves.
 */
export function parseManifests(text: string): Obj[] {
  const out: Obj[] = [];
  const push = (v: unknown) => {
    if (!isObj(v)) return;
    if (typeof v.kind === "string" && v.kind.endsWith("List") && Array.isArray(v.items))
      v.items.forEach(push);
    else out.push(v);
  };
  for (const doc of parseAllDocuments(text) as unknown as {
    toJS(): unknown;
    errors: { code: string }[];
  }[]) {
    if (doc.errors.length > 0) throw new ManifestError(`is not valid YAML (${doc.errors[0]!.code})`);
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (error) {
      // yaml refuses aliases that expand without bound (a "billion laughs") with a ReferenceError.
      throw new ManifestError(`is not valid YAML (${(error as Error).message})`);
    }
    if (valueNestsDeeperThan(value)) throw new ManifestError("nests too deep, or an alias refers to itself");
    push(value);
  }
  return out;
}

function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept
    .split(",")
    .map((c) => c.split(";")[0]!.trim().toLowerCase())
    .some((t) => t === "application/json" || t === "*/*" || t === "application/*" || t === "");
}

function wantsTable(accept: string | undefined): boolean {
  return /as=Table/.test(accept ?? "") && /g=meta\.k8s\.io/.test(accept ?? "");
}

function chooseDiscovery(accept: string | undefined): keyof typeof AGGREGATED_MEDIA_TYPES | undefined {
  for (const clause of (accept ?? "").split(",")) {
    const c = clause.replace(/\s+/g, "");
    if (!c.includes("as=APIGroupDiscoveryList")) {
      if (/^(application\/json|\*\/\*)/.test(c)) return undefined;
      continue;
    }
    if (c.includes("v=v2;") || c.endsWith("v=v2")) return "apidiscovery.k8s.io/v2";
    if (c.includes("v=v2beta1")) return "apidiscovery.k8s.io/v2beta1";
  }
  return undefined;
}

function hash(text: string): string {
  let h = 0n;
  for (const c of Buffer.from(text)) h = (h * 131n + BigInt(c)) & ((1n << 256n) - 1n);
  return h.toString(16).toUpperCase().padStart(64, "0");
}

function typesFor(registry: ResourceRegistry, group: string, version: string): ResourceType[] {
  return registry.all().filter((t) => t.group === group && t.versions.includes(version));
}

/** Seed order: CRDs first (so their kinds exist), then namespaces, then everything else. */
function seedOrder(o: Obj): number {
  if (o.kind === "CustomResourceDefinition") return 0;
  if (o.kind === "Namespace") return 1;
  return 2;
}

/**
 * Starts an in-memory Kubernetes API server on 127.0.0.1: discovery, CRUD, patch, watch, optimistic concurrency
 * with real 409s, Status bodies shaped like kube-apiserver's, server-side dry run, scripted faults. Real kubectl
 * works against it (`server.kubeconfig()`).
 *
 * @example
 * const server = await createFakeApiServer();
 * const client = createClient({ server: server.url });
 * await client.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "default" }, stringData: { password: "s3cret" } });
 * await server.close();
 */
export async function createFakeApiServer(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const types = builtinTypes().filter(
    (t) =>
      (t.group === "" && t.resource === "namespaces") ||
      (t.group === "apiextensions.k8s.io" && t.resource === "customresourcedefinitions") ||
      (options.builtinResources?.({ group: t.group, resource: t.resource, kind: t.kind }) ?? true),
  );
  const registry = new ResourceRegistry(types);
  const cluster = new FakeCluster(registry, BUILTIN_GROUP_ORDER, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.historyLimit ? { historyLimit: options.historyLimit } : {}),
    ...(options.namespaceFinalizationMs !== undefined
      ? { namespaceFinalizationMs: options.namespaceFinalizationMs }
      : {}),
  });
  const faults = new FaultController();
  const requests: RequestRecord[] = [];
  const version = { ...DEFAULT_VERSION, ...options.version };
  const closing = new AbortController();
  const watchSettings = {
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    defaultTimeoutSeconds: options.watchTimeoutSeconds ?? 1800,
  };
  let address = "";

  const load = (objects: unknown[]) => {
    const sorted = objects.filter(isObj).sort((a, b) => seedOrder(a) - seedOrder(b));
    for (const obj of sorted) {
      const apiVersion = typeof obj.apiVersion === "string" ? obj.apiVersion : "";
      const kind = typeof obj.kind === "string" ? obj.kind : "";
      const type = registry.byKind(apiVersion, kind);
      if (!type) throw new TypeError(`createFakeApiServer: no served resource for ${apiVersion} ${kind}`);
      const meta = isObj(obj.metadata) ? obj.metadata : {};
      const namespace = type.namespaced
        ? typeof meta.namespace === "string"
          ? meta.namespace
          : "default"
        : undefined;
      const versionOf = apiVersion.includes("/") ? apiVersion.slice(apiVersion.indexOf("/") + 1) : apiVersion;
      cluster.create({ type, version: versionOf, namespace }, obj, { fieldManager: "kubewire-fake-server" });
    }
  };
  if (options.objects) load(options.objects);

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        send(res, internalError((error as Error)?.message ?? String(error)).status, 500, false);
      else res.destroy();
    });
  };

  const send = (
    res: ServerResponse,
    body: unknown,
    code: number,
    pretty: boolean,
    headers: Record<string, string> = {},
  ) => {
    const text = encodeJson(body, pretty);
    res.writeHead(code, {
      "Audit-Id": randomUUID(),
      "Cache-Control": "no-cache, private",
      "Content-Type": "application/json",
      ...FLOW_HEADERS,
      ...headers,
      "Content-Length": String(Buffer.byteLength(text)),
    });
    res.end(text);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const query = url.searchParams;
    const pretty = wantsPretty(req, query);
    const method = (req.method ?? "GET").toUpperCase();
    const info = describeRequest(method, url, query, registry);
    const record: RequestRecord = {
      method,
      path: url.pathname + url.search,
      verb: info.verb,
      status: 0,
      ...(req.headers["user-agent"] ? { userAgent: req.headers["user-agent"] } : {}),
      ...(info.resource ? { resource: info.resource } : {}),
      ...(info.namespace ? { namespace: info.namespace } : {}),
      ...(info.name ? { name: info.name } : {}),
    };
    requests.push(record);
    res.on("finish", () => (record.status = res.statusCode));
    const bodyBytes = await readBody(req);

    const fail = (e: ApiStatusError) => send(res, e.status, e.status.code, pretty, e.headers);

    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      fail(unauthorized());
      return;
    }

    const action = faults.take(info);
    if (action) {
      if ("delayMs" in action) await new Promise((r) => setTimeout(r, action.delayMs));
      else if ("reset" in action) {
        req.socket.destroy();
        return;
      } else if ("conflict" in action) {
        fail(conflict({ group: info.group ?? "", resource: info.resource ?? "" }, info.name ?? ""));
        return;
      } else if ("tooManyRequests" in action) {
        fail(tooManyRequests(action.tooManyRequests));
        return;
      } else if ("concurrentWrite" in action) {
        const t =
          info.group !== undefined && info.resource ? registry.get(info.group, info.resource) : undefined;
        if (t && info.name) {
          const target: Target = { type: t, version: t.versions[0]!, namespace: info.namespace };
          const current = cluster.get(target, info.name);
          action.concurrentWrite(current);
          cluster.update(target, info.name, current, { fieldManager: "kubewire-concurrent-writer" });
        }
      } else {
        const body =
          action.body ??
          statusBody(action.status, action.reason ?? "InternalError", action.message ?? "injected fault");
        send(res, body, action.status, pretty, action.headers ?? {});
        return;
      }
    }

    try {
      await route(req, res, url, query, method, info, bodyBytes, pretty);
    } catch (error) {
      if (error instanceof ApiStatusError) fail(error);
      else throw error;
    }
  }

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    query: URLSearchParams,
    method: string,
    info: RequestInfo,
    bodyBytes: Buffer,
    pretty: boolean,
  ): Promise<void> {
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const accept = req.headers.accept;
    if (method === "GET" && path === "/version") return send(res, version, 200, pretty);
    if (method === "GET" && ["/healthz", "/livez", "/readyz"].includes(path)) {
      res.writeHead(200, {
        "Content-Type": "text/plain; charset=utf-8",
        "X-Content-Type-Options": "nosniff",
        ...FLOW_HEADERS,
      });
      res.end("ok");
      return;
    }
    if (path.startsWith("/openapi/")) {
      serveOpenApi(req, res, path, cluster, FLOW_HEADERS);
      return;
    }
    if (path === "/api" || path === "/apis") {
      if (method !== "GET") throw methodNotSupported({ group: "", resource: "" }, method);
      const aggregated = chooseDiscovery(accept);
      const groups = cluster.groupVersions();
      if (aggregated) {
        const doc = aggregatedDiscovery(
          aggregated,
          [{ group: "", versions: ["v1"] }, ...groups],
          registry.all(),
          path === "/api",
        );
        const text = JSON.stringify(doc);
        send(res, doc, 200, pretty, {
          "Content-Type": AGGREGATED_MEDIA_TYPES[aggregated],
          "Cache-Control": "public",
          Etag: `"${hash(text)}"`,
          Vary: "Accept",
        });
        return;
      }
      return send(res, path === "/api" ? apiVersions(address) : apiGroupList(groups), 200, pretty);
    }
    const segments = path.split("/").filter(Boolean);
    let group: string;
    let groupVersion: string | undefined;
    let rest: string[];
    if (segments[0] === "api") {
      group = "";
      groupVersion = segments[1];
      rest = segments.slice(2);
      if (groupVersion !== "v1") return notFoundText(res);
    } else if (segments[0] === "apis") {
      group = segments[1] ?? "";
      groupVersion = segments[2];
      rest = segments.slice(3);
      const served = cluster.groupVersions().find((g) => g.group === group);
      if (!served) return notFoundText(res);
      if (groupVersion === undefined) return send(res, apiGroup(served), 200, pretty);
      if (!served.versions.includes(groupVersion)) return notFoundText(res);
    } else {
      return notFoundText(res);
    }
    if (rest.length === 0)
      return send(
        res,
        apiResourceList(group, groupVersion, typesFor(registry, group, groupVersion)),
        200,
        pretty,
      );
    if (!info.resource) throw resourceNotFound();
    const type = registry.find(group, groupVersion, info.resource);
    if (!type) throw resourceNotFound();
    if (info.subresource !== undefined && !(info.subresource === "status" && type.status))
      throw resourceNotFound();
    if (type.namespaced === false && info.namespace !== undefined) throw resourceNotFound();
    // Across namespaces, a namespaced resource can only be listed and watched (kube-apiserver has no other route).
    if (type.namespaced && info.namespace === undefined && info.verb !== "list" && info.verb !== "watch")
      throw resourceNotFound();
    const target: Target = {
      type,
      version: groupVersion,
      namespace: type.namespaced ? info.namespace : undefined,
    };
    const writeOptions = {
      dryRun: query.get("dryRun") === "All",
      ...(query.get("fieldManager") ? { fieldManager: query.get("fieldManager")! } : {}),
      ...(req.headers["user-agent"] ? { userAgent: req.headers["user-agent"] } : {}),
      fieldValidation: (query.get("fieldValidation") ?? "Warn") as "Strict" | "Warn" | "Ignore",
    };
    if (!acceptsJson(accept) && !wantsTable(accept)) {
      throw new ApiStatusError(
        statusBody(
          406,
          "NotAcceptable",
          "only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf",
        ),
      );
    }
    const contentType = req.headers["content-type"];
    const answer = (result: { body: Obj; code: number; warnings: string[] }) =>
      send(res, result.body, result.code, pretty, warningHeaders(result.warnings));

    switch (info.verb) {
      case "get": {
        const obj = cluster.get(target, info.name!, query.get("resourceVersion") ?? undefined);
        if (info.subresource === "status" || !wantsTable(accept)) return send(res, obj, 200, pretty);
        return send(res, table(type, groupVersion, [obj], {}, query), 200, pretty);
      }
      case "list": {
        const list = cluster.list(target, listOptions(query));
        if (wantsTable(accept))
          return send(res, table(type, groupVersion, list.items, list.metadata, query), 200, pretty);
        const apiVersion = group ? `${group}/${groupVersion}` : groupVersion;
        // List items go without kind and apiVersion, as kube-apiserver sends built-in lists (CRs keep theirs).
        const items = type.crd
          ? list.items
          : list.items.map((i) => {
              const { kind: _k, apiVersion: _a, ...bare } = i;
              return bare;
            });
        return send(res, { kind: type.listKind, apiVersion, metadata: list.metadata, items }, 200, pretty);
      }
      case "watch": {
        const timeout = query.get("timeoutSeconds");
        await serveWatch(
          res,
          cluster,
          info.name ? target : target,
          {
            ...listOptions(query),
            ...(info.name
              ? { fieldSelector: joinSelector(query.get("fieldSelector"), `metadata.name=${info.name}`) }
              : {}),
            allowWatchBookmarks: query.get("allowWatchBookmarks") === "true",
            sendInitialEvents: query.get("sendInitialEvents") === "true",
            ...(timeout ? { timeoutSeconds: Number(timeout) } : {}),
            ...(wantsTable(accept) ? { table: { includeObject: includeObject(query) } } : {}),
            pretty,
          },
          watchSettings,
          closing.signal,
        );
        return;
      }
      case "create": {
        const body = parseBody(bodyBytes, contentType);
        return answer(cluster.create(target, body, writeOptions));
      }
      case "update": {
        const body = parseBody(bodyBytes, contentType);
        return answer(
          cluster.update(target, info.name!, body, {
            ...writeOptions,
            ...(info.subresource ? { subresource: info.subresource } : {}),
          }),
        );
      }
      case "patch": {
        const body = parseBody(bodyBytes, "application/json");
        return answer(
          cluster.patch(target, info.name!, contentType ?? "", body, {
            ...writeOptions,
            ...(info.subresource ? { subresource: info.subresource } : {}),
          }),
        );
      }
      case "delete": {
        const body = parseBody(bodyBytes, contentType);
        const deleteOptions = isObj(body) ? body : {};
        const dryRun =
          writeOptions.dryRun ||
          (Array.isArray(deleteOptions.dryRun) && deleteOptions.dryRun.includes("All"));
        const pre = isObj(deleteOptions.preconditions) ? deleteOptions.preconditions : {};
        return answer(
          cluster.delete(target, info.name!, {
            dryRun,
            preconditions: {
              ...(typeof pre.uid === "string" ? { uid: pre.uid } : {}),
              ...(typeof pre.resourceVersion === "string" ? { resourceVersion: pre.resourceVersion } : {}),
            },
          }),
        );
      }
      case "deletecollection":
        return answer(
          cluster.deleteCollection(target, { ...listOptions(query), dryRun: writeOptions.dryRun }),
        );
      default:
        throw methodNotSupported({ group, resource: type.resource }, method);
    }
  }

  const table = (type: ResourceType, v: string, items: Obj[], listMeta: Obj, query: URLSearchParams) =>
    toTable(type, v, items, listMeta, { now: cluster.now().getTime(), includeObject: includeObject(query) });

  const notFoundText = (res: ServerResponse) => {
    res.writeHead(404, {
      "Audit-Id": randomUUID(),
      "Cache-Control": "no-cache, private",
      "Content-Type": "text/plain; charset=utf-8",
      "X-Content-Type-Options": "nosniff",
      ...FLOW_HEADERS,
    });
    res.end("404 page not found\n");
  };

  let ca: string | undefined;
  let server: Server;
  if (options.tls) {
    const certs = createSelfSignedCertificate();
    ca = certs.ca;
    server = createHttpsServer({ cert: certs.cert, key: certs.key }, handler);
  } else {
    server = createHttpServer(handler);
  }
  const host = options.host ?? "127.0.0.1";
  const listener = await listenLocally(server, { port: options.port, host });
  const port = listener.port;
  address = `${host}:${port}`;
  const url = `${options.tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;

  const kubeconfig = (k: KubeconfigOptions = {}) => kubeconfigYaml(url, ca, options.token, k);

  return {
    url,
    port,
    ca,
    cluster,
    requests,
    faults,
    kubeconfig,
    writeKubeconfig: (path, k) => writeFileAtomic(path, kubeconfig(k), 0o600),
    load,
    close: async () => {
      closing.abort();
      cluster.dispose();
      await listener.close();
    },
  };
}

function warningHeaders(warnings: string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(", ") };
}

function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get("includeObject");
  return v === "None" || v === "Object" ? v : "Metadata";
}

function joinSelector(a: string | null, b: string): string {
  return a ? `${a},${b}` : b;
}

function listOptions(query: URLSearchParams) {
  const limit = query.get("limit");
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
  if (limit) out.limit = Number(limit);
  return out;
}

/** Parses a request path into what it addresses (kube-apiserver's RequestInfo). */
export function describeRequest(
  method: string,
  url: URL,
  query: URLSearchParams,
  registry: ResourceRegistry,
): RequestInfo {
  const path = url.pathname.replace(/\/+$/, "");
  const base: RequestInfo = { method, path: url.pathname + url.search, verb: "other" };
  const segments = path.split("/").filter(Boolean);
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
  let watch = query.get("watch") === "true" || query.get("watch") === "1";
  if (rest[0] === "watch") {
    watch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 3 && registry.get(group, rest[2]!)?.namespaced) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  const collection = name === undefined;
  let verb: RequestVerb;
  switch (method) {
    case "GET":
    case "HEAD":
      verb = watch ? "watch" : collection ? "list" : "get";
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

/** A kubeconfig for a server URL: CA data for TLS, a token when the server wants one. */
export function kubeconfigYaml(
  url: string,
  ca: string | undefined,
  token: string | undefined,
  k: KubeconfigOptions = {},
): string {
  const name = k.name ?? "kubewire-fake";
  const lines = [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${name}`,
    "  cluster:",
    `    server: ${url}`,
    ...(ca ? [`    certificate-authority-data: ${Buffer.from(ca).toString("base64")}`] : []),
    "contexts:",
    `- name: ${name}`,
    "  context:",
    `    cluster: ${name}`,
    `    user: ${name}`,
    `    namespace: ${k.namespace ?? "default"}`,
    `current-context: ${name}`,
    "preferences: {}",
    "users:",
    `- name: ${name}`,
    // kubectl prompts for a password when an https user has no credentials: a placeholder token avoids that
    // (a server started without a token accepts any).
    "  user:",
    `    token: ${JSON.stringify(token ?? "kubewire-fake-server-accepts-any-token")}`,
    "",
  ];
  return lines.join("\n");
}

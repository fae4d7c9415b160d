import { createServer as createHttpServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createSelfSignedCertificate } from "../../internal/certificates.js";
import { apiserverQuery, queryOf } from "../../internal/query-flag.js";
import { listenLocally } from "../../internal/listen-locally.js";
import { readBody } from "../../internal/read-body.js";
import { writeFileAtomic } from "../../internal/write-file-atomic.js";
import { kubeconfigYaml } from "../kubeconfig.js";
import type { KubeconfigOptions } from "../kubeconfig.js";
import { describeRequest } from "../request-info.js";
import type { RequestVerb } from "../request-info.js";
import { BUILTIN_GROUP_ORDER } from "./builtin-api.js";
import { FakeCluster } from "./cluster.js";
import { authenticate, authorizeRequest } from "./authentication.js";
import { defaultUser } from "./identity.js";
import type { Authorizer } from "./identity.js";
import { TokenIssuer } from "./service-account-tokens.js";
import { applyFaultAction } from "./fault-actions.js";
import { FaultController } from "./faults.js";
import { negotiateAnswers, sendStatus } from "./http-answers.js";
import { isPlainObject } from "./json.js";
import { wantsPretty } from "./negotiation.js";
import type { RequestContext, ServerState } from "./request-context.js";
import { builtinTypes, ResourceRegistry } from "./resource-types.js";
import { route } from "./routes.js";
import { ApiStatusError, internalError, unauthorized } from "./status.js";
import type { Obj } from "./store.js";
import { DEFAULT_VERSION } from "./version.js";
import type { VersionInfo } from "./version.js";

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
  /**
   * Decides what a request may do (default: everything). Requests it refuses get kube-apiserver's 403, and access
   * reviews (`kubectl auth can-i`) answer with it.
   */
  authorize?: Authorizer;
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

/** Seed order: CRDs first (so their kinds exist), then namespaces, then everything else. */
function seedOrder(o: Obj): number {
  if (o.kind === "CustomResourceDefinition") return 0;
  if (o.kind === "Namespace") return 1;
  return 2;
}

/** Creates objects as the server's own seed, as `kubectl create` would. */
function loadObjects(cluster: FakeCluster, objects: unknown[]): void {
  const sorted = objects.filter(isPlainObject).sort((a, b) => seedOrder(a) - seedOrder(b));
  for (const obj of sorted) {
    const apiVersion = typeof obj.apiVersion === "string" ? obj.apiVersion : "";
    const kind = typeof obj.kind === "string" ? obj.kind : "";
    const type = cluster.registry.byKind(apiVersion, kind);
    if (!type) throw new TypeError(`createFakeApiServer: no served resource for ${apiVersion} ${kind}`);
    const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
    const namespace = type.namespaced
      ? typeof meta.namespace === "string"
        ? meta.namespace
        : "default"
      : undefined;
    const version = apiVersion.includes("/") ? apiVersion.slice(apiVersion.indexOf("/") + 1) : apiVersion;
    cluster.create({ type, version, namespace }, obj, { fieldManager: "kubewire-fake-server" });
  }
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
  const closing = new AbortController();
  let address = "";
  const state: ServerState = {
    cluster,
    registry,
    version: { ...DEFAULT_VERSION, ...options.version },
    address: () => address,
    closing: closing.signal,
    watchSettings: {
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
      defaultTimeoutSeconds: options.watchTimeoutSeconds ?? 1800,
    },
    admin: defaultUser(),
    authorize: options.authorize,
    issuer: new TokenIssuer(),
    acceptsToken: (token) => options.token === undefined || token === options.token,
  };
  if (options.objects) loadObjects(cluster, options.objects);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const method = (req.method ?? "GET").toUpperCase();
    const info = describeRequest(method, url.pathname + url.search);
    const userAgent = req.headers["user-agent"];
    const record: RequestRecord = {
      method,
      path: info.path,
      verb: info.verb,
      status: 0,
      ...(userAgent ? { userAgent } : {}),
      ...(info.resource ? { resource: info.resource } : {}),
      ...(info.namespace ? { namespace: info.namespace } : {}),
      ...(info.name ? { name: info.name } : {}),
    };
    requests.push(record);
    res.on("finish", () => (record.status = res.statusCode));
    negotiateAnswers(res, req.headers.accept);
    const body = await readBody(req);
    const query = apiserverQuery(queryOf(req.url ?? "/"));
    const pretty = wantsPretty(req, query);

    const user = authenticate(state, req.headers.authorization);
    if (!user) return sendStatus(res, unauthorized(), pretty);
    const forbidden = authorizeRequest(state, user, info);
    if (forbidden) return sendStatus(res, forbidden, pretty);
    const fault = faults.take(info);
    if (fault && (await applyFaultAction(fault.action, info, res, cluster, pretty))) return;

    const ctx: RequestContext = {
      req,
      res,
      server: state,
      method,
      path: url.pathname.replace(/\/+$/, "") || "/",
      query,
      info,
      body,
      pretty,
      user,
    };
    try {
      await route(ctx);
    } catch (error) {
      if (error instanceof ApiStatusError) sendStatus(res, error, pretty);
      else throw error;
    }
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendStatus(res, internalError((error as Error)?.message ?? String(error)), false);
      else res.destroy();
    });
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
    load: (objects) => loadObjects(cluster, objects),
    close: async () => {
      closing.abort();
      cluster.dispose();
      await listener.close();
    },
  };
}

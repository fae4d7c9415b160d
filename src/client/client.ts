import { Agent, request as undiciRequest } from "undici";
import type { Dispatcher } from "undici";
import type { Status } from "kubernetes-types/meta/v1.js";
import { normalizeList } from "../normalize/index.js";
import type { KubeObject, NormalizedList, TypeMeta } from "../normalize/index.js";
import { ON_EXCHANGE, recordingInterceptor, redactUrl } from "../record/index.js";
import type { Exchange, Recorder, WarningHeader } from "../record/index.js";
import {
  KubeApiError,
  KubeDecodeError,
  KubeHttpError,
  KubeNetworkError,
  KubeTimeoutError,
} from "./errors.js";
import type { RequestInfo } from "./errors.js";
import { parseApiVersion, resourcePath, withQuery } from "./request.js";
import type { QueryValue } from "./request.js";
import { resolveResource } from "./resource-mapping.js";
import { DEFAULT_USER_AGENT } from "./version.js";

export interface ClientOptions {
  /** The API server URL, e.g. `https://127.0.0.1:6443`. */
  server: string;
  /** A bearer token. */
  token?: string;
  /** PEM CA bundle that signs the server's certificate. */
  ca?: string | Buffer;
  /** Client certificate and key (PEM) for mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Skip server certificate verification. Never the default. */
  insecureSkipTlsVerify?: boolean;
  /** Server name for SNI and certificate verification when it differs from the URL's host. */
  tlsServerName?: string;
  /**
   * Replaces the network: a replay dispatcher, an undici MockAgent, a ProxyAgent. The client still records
   * every exchange through its recorder seam on top of it.
   */
  dispatcher?: Dispatcher;
  /** Collects every exchange this client makes. */
  recorder?: Recorder;
  /** Called with every exchange, already redacted. */
  onExchange?: (exchange: Exchange) => void;
  /** Called with every `Warning` header (PodSecurity, deprecated APIs). */
  onWarning?: (warning: WarningHeader, exchange: Exchange) => void;
  userAgent?: string;
  /** Time allowed for response headers, and for each pause in a response body. Default 30 s. */
  timeoutMs?: number;
}

/** Per-call options every verb takes. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
}

export interface ListOptions extends CallOptions {
  /** Omit for cluster-scoped resources or to list across all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: "Exact" | "NotOlderThan";
}

export interface GetOptions extends CallOptions {
  namespace?: string;
  subresource?: string;
  resourceVersion?: string;
}

/** Options of create, replace and patch. */
export interface WriteOptions extends CallOptions {
  /** Overrides the namespace of the object (or names it for a patch). */
  namespace?: string;
  /** `All`: the server runs admission and validation but stores nothing (server-side dry run). */
  dryRun?: "All";
  fieldManager?: string;
  fieldValidation?: "Strict" | "Warn" | "Ignore";
}

/** The closed set of patch types, by their Content-Type. */
export const PATCH_CONTENT_TYPES = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
} as const;
export type PatchType = keyof typeof PATCH_CONTENT_TYPES;

export interface PatchOptions extends WriteOptions {
  type: PatchType;
  subresource?: string;
  /** Server-side apply only: take ownership of conflicting fields. */
  force?: boolean;
}

export interface DeleteOptions extends CallOptions {
  namespace?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  gracePeriodSeconds?: number;
  dryRun?: "All";
}

/** A low-level request: method, path with query, headers and body. */
export interface RawRequest extends CallOptions {
  method: string;
  /** Path and query, e.g. `/api/v1/namespaces?limit=500`. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** What came back, raw first: status, headers, the exact body text, and the exchange it came from. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received (Secret values included: this is the caller's own data, not a log). */
  text: string;
  /** The recorded exchange (redacted). */
  exchange: Exchange;
}

/** A decoded object with the raw response it came from. */
export interface ObjectResult<T> {
  object: T;
  /** The body exactly as received. */
  raw: string;
  exchange: Exchange;
}

/** A normalized list (every item with kind and apiVersion) with the raw response it came from. */
export interface ListResult<T> {
  list: NormalizedList<T>;
  items: (T & TypeMeta)[];
  raw: string;
  exchange: Exchange;
}

function firstValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function isStatus(value: unknown): value is Status {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "Status";
}

function isTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return (
    code === "UND_ERR_HEADERS_TIMEOUT" ||
    code === "UND_ERR_BODY_TIMEOUT" ||
    code === "UND_ERR_CONNECT_TIMEOUT" ||
    (error as Error)?.name === "TimeoutError"
  );
}

/**
 * A Kubernetes REST client on undici. Every request passes through the recorder seam, so every result carries the
 * {@link Exchange} it came from, and the same client works live, recorded or replayed.
 *
 * @example
 * const client = createClient({ server: "https://127.0.0.1:6443", token, ca });
 * const { items, exchange } = await client.list("v1", "ConfigMap", { namespace: "default", labelSelector: "app=blog" });
 */
export class KubeClient {
  readonly server: string;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #options: ClientOptions;

  constructor(options: ClientOptions) {
    let server: URL;
    try {
      server = new URL(options.server);
    } catch {
      throw new TypeError(
        `createClient: server must be an absolute URL, got ${JSON.stringify(options.server)}`,
      );
    }
    if (server.protocol !== "https:" && server.protocol !== "http:") {
      throw new TypeError(`createClient: server must be http(s), got ${server.protocol}`);
    }
    this.server = options.server.replace(/\/+$/, "");
    this.#options = options;
    this.#ownsDispatcher = !options.dispatcher;
    const base =
      options.dispatcher ??
      new Agent({
        connect: {
          ...(options.ca ? { ca: options.ca } : {}),
          ...(options.cert ? { cert: options.cert } : {}),
          ...(options.key ? { key: options.key } : {}),
          ...(options.tlsServerName ? { servername: options.tlsServerName } : {}),
          rejectUnauthorized: options.insecureSkipTlsVerify !== true,
        },
      });
    const recorder = options.recorder?.interceptor ?? recordingInterceptor();
    this.#dispatcher = base.compose(recorder);
  }

  /** Sends one request and returns the raw answer. Non-2xx answers throw {@link KubeApiError} or {@link KubeHttpError}. */
  async request(req: RawRequest): Promise<RawResponse> {
    const url = this.server + req.path;
    const info: RequestInfo = { method: req.method, url: redactUrl(url).url };
    const headers: Record<string, string> = {
      Accept: "application/json",
      "User-Agent": this.#options.userAgent ?? DEFAULT_USER_AGENT,
      ...(this.#options.token ? { Authorization: `Bearer ${this.#options.token}` } : {}),
      ...req.headers,
    };
    let exchange: Exchange | undefined;
    const timeout = req.timeoutMs ?? this.#options.timeoutMs ?? 30_000;
    let status: number;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const response = await undiciRequest(url, {
        method: req.method,
        headers,
        body: req.body ?? null,
        dispatcher: this.#dispatcher,
        signal: req.signal,
        headersTimeout: timeout,
        bodyTimeout: timeout,
        [ON_EXCHANGE]: (e: Exchange) => (exchange = e),
      } as Parameters<typeof undiciRequest>[1]);
      status = response.statusCode;
      responseHeaders = response.headers;
      text = await response.body.text();
    } catch (error) {
      if (isTimeout(error)) throw new KubeTimeoutError(info, error, timeout, exchange);
      throw new KubeNetworkError(info, error, exchange);
    }
    if (!exchange) throw new KubeNetworkError(info, new Error("the recorder produced no exchange"));
    for (const warning of exchange.warnings ?? []) this.#options.onWarning?.(warning, exchange);
    this.#options.onExchange?.(exchange);
    if (status < 200 || status > 299) throw errorFromResponse(info, status, responseHeaders, text, exchange);
    return { status, headers: responseHeaders, text, exchange };
  }

  /** Sends a request and decodes its JSON answer; a 2xx body that is not JSON is a KubeDecodeError, never a value. */
  async #json(req: RawRequest): Promise<{ value: unknown; raw: string; exchange: Exchange }> {
    const res = await this.request(req);
    try {
      return { value: JSON.parse(res.text) as unknown, raw: res.text, exchange: res.exchange };
    } catch (error) {
      throw new KubeDecodeError(
        { method: req.method, url: res.exchange.request.url },
        `body is not JSON (${(error as Error).message})`,
        res.exchange,
      );
    }
  }

  #path(
    apiVersion: string,
    kindOrResource: string,
    namespace: string | undefined,
    name?: string,
    subresource?: string,
  ) {
    const { group, version } = parseApiVersion(apiVersion);
    const info = resolveResource(apiVersion, kindOrResource);
    const ns = info.namespaced || info.guessed ? namespace : undefined;
    return {
      info,
      path: resourcePath({ group, version, resource: info.resource, namespace: ns, name, subresource }),
    };
  }

  async #write<T>(
    method: string,
    path: string,
    body: unknown,
    contentType: string,
    options: WriteOptions & CallOptions,
    extra: Record<string, QueryValue> = {},
  ): Promise<ObjectResult<T>> {
    const query = {
      dryRun: options.dryRun,
      fieldManager: options.fieldManager,
      fieldValidation: options.fieldValidation,
      ...extra,
    };
    const { value, raw, exchange } = await this.#json({
      method,
      path: withQuery(path, query),
      headers: { "Content-Type": contentType },
      body: typeof body === "string" ? body : JSON.stringify(body),
      ...callOptions(options),
    });
    return { object: value as T, raw, exchange };
  }

  /**
   * Lists objects of a kind (`ConfigMap`) or resource (`configmaps`). The list comes back normalized: every item
   * carries `kind` and `apiVersion`. The raw body stays available as `raw` and on the exchange.
   */
  async list<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kindOrResource: string,
    options: ListOptions = {},
  ): Promise<ListResult<T>> {
    const { info, path } = this.#path(apiVersion, kindOrResource, options.namespace);
    const { value, raw, exchange } = await this.#json({
      method: "GET",
      path: withQuery(path, listQuery(options)),
      ...callOptions(options),
    });
    const list = normalizeList<T>(value, info.guessed ? {} : { kind: info.kind, apiVersion });
    return { list, items: list.items, raw, exchange };
  }

  /** Reads one object (or one of its subresources, e.g. `status` or `scale`). */
  async get<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kindOrResource: string,
    name: string,
    options: GetOptions = {},
  ): Promise<ObjectResult<T>> {
    const { path } = this.#path(apiVersion, kindOrResource, options.namespace, name, options.subresource);
    const { value, raw, exchange } = await this.#json({
      method: "GET",
      path: withQuery(path, { resourceVersion: options.resourceVersion }),
      ...callOptions(options),
    });
    return { object: value as T, raw, exchange };
  }

  /** Creates an object (POST); apiVersion, kind and namespace come from the object unless `options.namespace` says otherwise. */
  async create<T extends KubeObject = KubeObject>(
    object: T,
    options: WriteOptions = {},
  ): Promise<ObjectResult<T>> {
    const { apiVersion, kind, namespace } = typeOf(object, options, "create");
    const { path } = this.#path(apiVersion, kind, namespace);
    return this.#write<T>("POST", path, object, "application/json", options);
  }

  /**
   * Replaces an object (PUT). The object's `metadata.resourceVersion` makes this an optimistic-concurrency write:
   * the server answers 409 Conflict if the object changed since it was read.
   */
  async replace<T extends KubeObject = KubeObject>(
    object: T,
    options: WriteOptions & { subresource?: string } = {},
  ): Promise<ObjectResult<T>> {
    const { apiVersion, kind, namespace, name } = typeOf(object, options, "replace");
    if (!name) throw new TypeError("replace: the object needs metadata.name");
    const { path } = this.#path(apiVersion, kind, namespace, name, options.subresource);
    return this.#write<T>("PUT", path, object, "application/json", options);
  }

  /** Patches an object: JSON patch, merge patch, strategic merge patch or server-side apply. */
  async patch<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kindOrResource: string,
    name: string,
    patch: unknown,
    options: PatchOptions,
  ): Promise<ObjectResult<T>> {
    const { path } = this.#path(apiVersion, kindOrResource, options.namespace, name, options.subresource);
    if (options.type === "apply" && !options.fieldManager)
      throw new TypeError("patch: server-side apply needs a fieldManager");
    return this.#write<T>("PATCH", path, patch, PATCH_CONTENT_TYPES[options.type], options, {
      force: options.type === "apply" ? options.force : undefined,
    });
  }

  /** Deletes an object; preconditions (uid, resourceVersion) guard against deleting a different generation of it. */
  async delete<T = KubeObject>(
    apiVersion: string,
    kindOrResource: string,
    name: string,
    options: DeleteOptions = {},
  ): Promise<ObjectResult<T>> {
    const { path } = this.#path(apiVersion, kindOrResource, options.namespace, name);
    const body = {
      apiVersion: "v1",
      kind: "DeleteOptions",
      ...(options.preconditions ? { preconditions: options.preconditions } : {}),
      ...(options.propagationPolicy ? { propagationPolicy: options.propagationPolicy } : {}),
      ...(options.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: options.gracePeriodSeconds } : {}),
    };
    const { value, raw, exchange } = await this.#json({
      method: "DELETE",
      path: withQuery(path, { dryRun: options.dryRun }),
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      ...callOptions(options),
    });
    return { object: value as T, raw, exchange };
  }

  /** Releases connections (only those of a dispatcher the client created itself). */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}

function callOptions(options: CallOptions): CallOptions {
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
}

function typeOf(object: KubeObject, options: { namespace?: string }, verb: string) {
  if (typeof object !== "object" || object === null) throw new TypeError(`${verb}: expected an object`);
  const { apiVersion, kind } = object;
  if (!apiVersion || !kind) {
    // The classic mistake this library exists for: an object built from a bare list item.
    throw new TypeError(
      `${verb}: the object has no ${!apiVersion ? "apiVersion" : "kind"} (built from a list item? use normalizeList)`,
    );
  }
  return {
    apiVersion,
    kind,
    namespace: options.namespace ?? object.metadata?.namespace,
    name: object.metadata?.name,
  };
}

function listQuery(options: ListOptions): Record<string, QueryValue> {
  return {
    labelSelector: options.labelSelector,
    fieldSelector: options.fieldSelector,
    limit: options.limit,
    continue: options.continue,
    resourceVersion: options.resourceVersion,
    resourceVersionMatch: options.resourceVersionMatch,
  };
}

/** Turns a non-2xx answer into the right error: a `Status` body gives KubeApiError, anything else KubeHttpError. */
export function errorFromResponse(
  info: RequestInfo,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
  exchange?: Exchange,
): KubeApiError | KubeHttpError {
  const contentType = firstValue(headers["content-type"]);
  if (contentType?.includes("json")) {
    try {
      const value: unknown = JSON.parse(text);
      if (isStatus(value)) return new KubeApiError(info, status, value, exchange);
    } catch {
      // Not JSON after all: fall through to the generic error.
    }
  }
  return new KubeHttpError(info, status, contentType, text, exchange);
}

/** Creates a {@link KubeClient}. */
export function createClient(options: ClientOptions): KubeClient {
  return new KubeClient(options);
}

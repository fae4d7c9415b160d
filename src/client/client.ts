import { request as undiciRequest } from "undici";
import type { Dispatcher } from "undici";
import { finished } from "node:stream";
import type { Scale } from "kubernetes-types/autoscaling/v1.js";
import { describeJsonError } from "../normalize/json-error.js";
import { utf8OfChunks } from "../internal/utf8-of-chunks.js";
import { normalizeList } from "../normalize/list.js";
import { parseListBytes } from "../normalize/list-bytes.js";
import { parseJsonLossless } from "../normalize/lossless-json.js";
import { openApiDocumentUrl } from "./resources/openapi.js";
import type { KubeObject, NormalizedList, TypeMeta } from "../normalize/types.js";
import { ON_EXCHANGE, ON_STREAM_START, recordingInterceptor } from "../record/capture/recorder.js";
import { redactUrl } from "../record/redact/redact.js";
import type { Exchange } from "../record/exchange/exchange.js";
import { ApiConnection } from "./api-connection.js";
import type { AppliedAuth } from "./api-connection.js";
import type { ResourceInfo } from "./resources/builtin-resources.js";
import { PATCH_CONTENT_TYPES } from "./client-options.js";
import { contentCodings, decodeContent } from "./transport/content-encoding.js";
import type {
  CallOptions,
  ClientOptions,
  DeleteOptions,
  GetOptions,
  ListOptions,
  ListResult,
  LogOptions,
  ObjectResult,
  PatchOptions,
  RawRequest,
  RawResponse,
  WriteOptions,
} from "./client-options.js";
import { discoveryFromDocuments, fetchDiscoveryDocuments, fetchResourceList } from "./resources/discovery.js";
import { DiscoveryDiskCache } from "./resources/discovery-cache.js";
import type { DiscoveryResult } from "./resources/discovery.js";
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  KubeDecodeError,
  KubeNetworkError,
  KubeResponseTooLargeError,
  recordAttempts,
} from "./errors.js";
import type { RequestInfo } from "./errors.js";
import type { KindType } from "./resources/kind-types.js";
import { loadKubeConfig } from "./config/load-kubeconfig.js";
import type { LoadKubeConfigOptions } from "./config/load-kubeconfig.js";
import { paginate, paginateItems } from "./resources/pagination.js";
import type { ListPage, PaginateOptions } from "./resources/pagination.js";
import { parseApiVersion, resourcePath, withQuery } from "./resources/request.js";
import type { QueryValue } from "./resources/request.js";
import { resolveResource, resolveResourceArg } from "./resources/resource-mapping.js";
import { errorFromResponse, networkError } from "./response-errors.js";
import { DEFAULT_USER_AGENT } from "./version.js";
import { watchEvents } from "./resources/watch.js";
import type { WatchEvent, WatchOptions } from "./resources/watch.js";

export type {
  CallOptions,
  ClientOptions,
  DeleteOptions,
  GetOptions,
  ListOptions,
  ListResult,
  LogOptions,
  ObjectResult,
  PatchOptions,
  RawRequest,
  RawResponse,
  WriteOptions,
} from "./client-options.js";

/** `T` when the caller named a type, else the built-in type of `kind` in `apiVersion` (or a generic KubeObject). */
export type Typed<T, A extends string, K extends string> = [T] extends [never] ? KindType<A, K> : T;

function resendable(body: RawRequest["body"]): boolean {
  return body === undefined || typeof body === "string" || Buffer.isBuffer(body);
}

/** A request on its way: the response (body not yet read) and the exchanges of its attempts so far. */
interface Sent {
  info: RequestInfo;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData<unknown>["body"];
  /** The body, when it had to be read already (a 401 that fresher credentials could not cure). */
  text?: string;
  /** Filled as attempts complete (the last one when its body has been read). */
  attempts: Exchange[];
  /** Errors thrown by the caller's exchange or warning handlers, rethrown once the request is done. */
  failures: unknown[];
  /** The signal the request was sent with: the caller's and the exchange's deadline. */
  signal?: AbortSignal | undefined;
  /** The largest body read. */
  maxBytes: number;
  /** The body's deadline, cleared once the body has been read. */
  deadline?: ReturnType<typeof setTimeout>;
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
  /** The kubeconfig context's namespace (`default` when none was given); verbs never apply it implicitly. */
  readonly namespace: string;
  readonly #connection: ApiConnection;
  readonly #options: ClientOptions;
  #discovery: Promise<DiscoveryResult> | undefined;
  #openApiIndex: Promise<unknown> | undefined;
  readonly #openApiDocuments = new Map<string, Promise<unknown>>();
  readonly #rediscovered = new Set<string>();
  readonly #diskCache: DiscoveryDiskCache | undefined;

  constructor(options: ClientOptions) {
    this.#connection = new ApiConnection(options, {
      recorder: options.recorder?.interceptor ?? recordingInterceptor(),
      retry: options.retry,
    });
    this.server = this.#connection.server;
    this.namespace = options.namespace ?? "default";
    this.#options = options;
    this.#diskCache =
      options.cacheDir !== undefined && options.cacheDir !== ""
        ? new DiscoveryDiskCache({ cacheDir: options.cacheDir, server: options.server })
        : undefined;
  }

  /** Calls the exchange and warning handlers; a throwing handler must not break the request in flight. */
  /** Runs the user's callbacks; what they throw is kept for the caller, never thrown into the recorder. */
  #notify(failures: unknown[], callbacks: () => void): void {
    try {
      callbacks();
    } catch (error) {
      failures.push(error);
    }
  }

  /**
   * Sends a request with the client's credentials; after a 401, once more when fresher credentials exist (a
   * rotated token file, an exec plugin run again). Each attempt is its own exchange.
   */
  async #send(req: RawRequest, stream: boolean, idleMs = 0): Promise<Sent> {
    const requestTimeout = this.#options.requestTimeoutMs;
    const url = this.server + (requestTimeout ? withTimeoutParameter(req.path, requestTimeout) : req.path);
    const info: RequestInfo = { method: req.method, url: redactUrl(url).url };
    const attempts: Exchange[] = [];
    const failures: unknown[] = [];
    const timeout = req.timeoutMs ?? requestTimeout ?? this.#options.timeoutMs ?? 30_000;
    let applied: AppliedAuth = await this.#connection.credentials();
    for (let round = 0; ; round++) {
      let response: Dispatcher.ResponseData<unknown>;
      // `timeoutMs` bounds the headers, then the whole body of a request that is not a watch: a body that trickles
      // in (one byte a second resets an idle timer forever) still ends when its time is up.
      const bodyDeadline = stream ? undefined : new AbortController();
      const signal = bodyDeadline
        ? req.signal
          ? AbortSignal.any([req.signal, bodyDeadline.signal])
          : bodyDeadline.signal
        : req.signal;
      try {
        response = await undiciRequest(url, {
          method: req.method,
          headers: {
            Accept: "application/json",
            "User-Agent": this.#options.userAgent ?? DEFAULT_USER_AGENT,
            ...applied.headers,
            ...req.headers,
          },
          body: req.body ?? null,
          dispatcher: this.#connection.dispatcher,
          signal,
          headersTimeout: timeout,
          // A watch may be quiet for minutes; the server ends it (timeoutSeconds), not an idle timer, unless asked.
          bodyTimeout: stream ? idleMs : timeout,
          [ON_EXCHANGE]: (e: Exchange) => {
            attempts.push(e);
            this.#notify(failures, () => {
              for (const warning of e.warnings ?? []) this.#options.onWarning?.(warning, e);
              this.#options.onExchange?.(e);
            });
          },
          ...(stream && this.#options.onStreamStart
            ? {
                [ON_STREAM_START]: (e: Exchange) =>
                  this.#notify(failures, () => this.#options.onStreamStart?.(e)),
              }
            : {}),
        } as Parameters<typeof undiciRequest>[1]);
      } catch (error) {
        throw networkError(info, error, signal, timeout, attempts.at(-1));
      }
      const sent: Sent = {
        info,
        status: response.statusCode,
        headers: response.headers,
        body: response.body,
        attempts,
        failures,
        signal,
        maxBytes: this.#options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      };
      if (bodyDeadline) {
        const timer = setTimeout(
          () =>
            bodyDeadline.abort(new DOMException(`the body took longer than ${timeout} ms`, "TimeoutError")),
          timeout,
        );
        timer.unref();
        sent.deadline = timer;
      }
      if (
        response.statusCode === 401 &&
        round === 0 &&
        resendable(req.body) &&
        this.#connection.hasCredentials
      ) {
        sent.text = await readText(sent).catch(() => "");
        const fresh = await this.#connection.credentialsAfterUnauthorized(applied);
        if (fresh) {
          applied = fresh;
          continue;
        }
      }
      return sent;
    }
  }

  /** Sends one request and returns the raw answer. Non-2xx answers throw {@link KubeApiError} or {@link KubeHttpError}. */
  async request(req: RawRequest): Promise<RawResponse> {
    const { sent, body, exchange } = await this.#receive(req);
    const text = typeof body === "string" ? body : utf8OfChunks(body);
    return { status: sent.status, headers: sent.headers, text, exchange, attempts: sent.attempts };
  }

  /**
   * Sends one request and reads its body: its bytes as they came (decoded from their Content-Encoding), or its text
   * when that had to be read already. Non-2xx answers throw as {@link request} throws them.
   */
  async #receive(
    req: RawRequest,
  ): Promise<{ sent: Sent; body: readonly Buffer[] | string; exchange: Exchange }> {
    const sent = await this.#send(req, false);
    let body: readonly Buffer[] | string;
    try {
      body = sent.text ?? (await readBytes(sent));
    } catch (error) {
      if (error instanceof KubeDecodeError) throw error;
      const timeout = req.timeoutMs ?? this.#options.timeoutMs ?? 30_000;
      if (error instanceof KubeResponseTooLargeError) throw error;
      throw networkError(sent.info, error, sent.signal, timeout, sent.attempts.at(-1));
    }
    if (sent.failures.length > 0) throw sent.failures[0];
    const exchange = sent.attempts.at(-1);
    if (!exchange) throw new KubeNetworkError(sent.info, new Error("the recorder produced no exchange"));
    if (sent.status < 200 || sent.status > 299) {
      const text = typeof body === "string" ? body : utf8OfChunks(body);
      const error = errorFromResponse(sent.info, sent.status, sent.headers, text, exchange);
      recordAttempts(error, sent.attempts);
      throw error;
    }
    return { sent, body, exchange };
  }

  /** Sends a request and decodes its JSON answer; a 2xx body that is not JSON is a KubeDecodeError, never a value. */
  async #json(req: RawRequest): Promise<{ value: unknown; raw: string; exchange: Exchange }> {
    const res = await this.request(req);
    return { value: parseJson(res.text, req, res.exchange), raw: res.text, exchange: res.exchange };
  }

  /**
   * {@link #json} for a list. A large list is parsed item by item from its bytes ({@link parseListBytes}) and its
   * text is made only if someone reads `raw`: most callers want the objects, and the text of a large list is the
   * single most expensive thing to make (fresh memory for every byte). Anything else is decoded and parsed whole.
   */
  async #jsonList(
    req: RawRequest,
  ): Promise<{ value: unknown; raw: string | (() => string); exchange: Exchange }> {
    const { body, exchange } = await this.#receive(req);
    if (typeof body !== "string") {
      let size = 0;
      for (const chunk of body) size += chunk.length;
      if (size >= ITEM_BY_ITEM_BYTES) {
        const value = parseListBytes(body);
        if (value !== undefined) return { value, raw: () => utf8OfChunks(body), exchange };
      }
    }
    const text = typeof body === "string" ? body : utf8OfChunks(body);
    return { value: parseJson(text, req, exchange), raw: text, exchange };
  }

  /**
   * What the server serves: aggregated discovery (`apidiscovery.k8s.io/v2`, else `v2beta1`, negotiated in one
   * request per root), else legacy discovery (`/api`, `/apis`, then every group version). Cached per client;
   * `refresh` fetches it again (after installing a CRD, say).
   *
   * @example
   * const { resources } = await client.discover();
   * resources.find((r) => r.kind === "Widget")?.resource; // "widgets"
   */
  discover(options: { refresh?: boolean } & CallOptions = {}): Promise<DiscoveryResult> {
    if (options.refresh || !this.#discovery) {
      const loading = this.#loadDiscovery(options.refresh === true, callOptions(options));
      this.#discovery = loading;
      // A failed discovery is not cached: the next call tries again.
      loading.catch(() => {
        if (this.#discovery === loading) this.#discovery = undefined;
      });
    }
    return this.#discovery;
  }

  /** Discovery from kubectl's disk cache when it holds a fresh copy, else from the server (and then cached). */
  async #loadDiscovery(refresh: boolean, call: CallOptions): Promise<DiscoveryResult> {
    const request = (req: RawRequest) => this.request(req);
    const cache = this.#diskCache;
    if (cache && refresh) cache.invalidate();
    const cached = cache && !refresh ? await cache.read() : undefined;
    if (cache && cached) {
      const failed: DiscoveryResult["failed"] = [];
      await Promise.all(
        cached.missing.map(async (groupVersion) => {
          try {
            const list = await fetchResourceList(request, groupVersion, call);
            if (list && list.resources.length > 0) {
              cached.documents.resourceLists.set(groupVersion, list);
              await cache.writeResourceList(list);
            }
          } catch (error) {
            failed.push({ groupVersion, reason: (error as Error).message });
          }
        }),
      );
      return { ...discoveryFromDocuments(cached.documents, "legacy", failed), source: "cache" };
    }
    const fetched = await fetchDiscoveryDocuments(request, call);
    await cache?.write(fetched.documents);
    return {
      ...discoveryFromDocuments(fetched.documents, fetched.format, fetched.failed),
      ...(cache ? { source: "server" as const } : {}),
    };
  }

  /**
   * The cluster's OpenAPI v3 document for a group version (`GET /openapi/v3`, then the document it points to), for
   * validating objects before they are sent (`createOpenApiValidator`). Cached per client: the index once, each
   * document by its content-hashed URL. Parsed keeping every digit.
   *
   * @example
   * const validator = createOpenApiValidator(await client.openApiV3("v1"));
   */
  openApiV3(apiVersion: string, options: CallOptions = {}): Promise<unknown> {
    const load = <T>(promise: Promise<T>, forget: () => void): Promise<T> => {
      // A failure is not cached: the next call tries again.
      promise.catch(forget);
      return promise;
    };
    const index = (this.#openApiIndex ??= load(
      this.#json({ method: "GET", path: "/openapi/v3", ...callOptions(options) }).then((r) => r.value),
      () => (this.#openApiIndex = undefined),
    ));
    return index.then((value) => {
      const url = openApiDocumentUrl(value, apiVersion);
      let document = this.#openApiDocuments.get(url);
      if (!document) {
        document = load(
          this.request({ method: "GET", path: url, ...callOptions(options) }).then((r) =>
            parseJsonLossless(r.text),
          ),
          () => this.#openApiDocuments.delete(url),
        );
        this.#openApiDocuments.set(url, document);
      }
      return document;
    });
  }

  /**
   * The resource behind an apiVersion and a kind, plural, singular or short name: the built-in table first, then
   * discovery (cached; fetched again once for a kind it did not know, since CRDs come and go). When discovery is
   * off or unavailable, a kind is pluralised as the API server names built-in resources.
   */
  async resolve(apiVersion: string, kindOrResource: string): Promise<ResourceInfo & { guessed?: boolean }> {
    const fromTable = resolveResource(apiVersion, kindOrResource);
    if (!fromTable.guessed || this.#options.discovery === false) return fromTable;
    const key = `${apiVersion}/${kindOrResource}`;
    try {
      let found = resolveResource(apiVersion, kindOrResource, (await this.discover()).resources);
      if (found.guessed && !this.#rediscovered.has(key)) {
        this.#rediscovered.add(key);
        found = resolveResource(
          apiVersion,
          kindOrResource,
          (await this.discover({ refresh: true })).resources,
        );
      }
      return found;
    } catch {
      // Discovery is unreachable (RBAC, a replayed session without it): fall back to the server's naming rule.
      return fromTable;
    }
  }

  /**
   * The resource a kubectl-style argument names (`cm`, `configmaps`, `deployments.apps`, `deploy.v1.apps`,
   * `widgets`), found through discovery; undefined when the server has no such resource.
   */
  async resolveArgument(arg: string, options: CallOptions = {}): Promise<ResourceInfo | undefined> {
    const discovery = await this.discover(options);
    const found = resolveResourceArg(arg, discovery.resources);
    // As kubectl: a miss in discovery just fetched from the server is final; one from the disk cache (or without a
    // disk cache, where CRDs may have come since) asks the server again once.
    if (found || discovery.source === "server") return found;
    return resolveResourceArg(arg, (await this.discover({ refresh: true, ...options })).resources);
  }

  async #path(
    apiVersion: string,
    kindOrResource: string,
    namespace: string | undefined,
    name?: string,
    subresource?: string,
  ) {
    const { group, version } = parseApiVersion(apiVersion);
    const info = await this.resolve(apiVersion, kindOrResource);
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
   * carries `kind` and `apiVersion`, named from the REST mapping (so a CRD whose listKind is unusual still gets its
   * kind right). The raw body stays available as `raw` and on the exchange. Built-in kinds are typed.
   */
  async list<T = never, A extends string = string, K extends string = string>(
    apiVersion: A,
    kindOrResource: K,
    options: ListOptions = {},
  ): Promise<ListResult<Typed<T, A, K>>> {
    const { info, path } = await this.#path(apiVersion, kindOrResource, options.namespace);
    const { value, raw, exchange } = await this.#jsonList({
      method: "GET",
      path: withQuery(path, listQuery(options)),
      ...(options.accept ? { headers: { Accept: options.accept } } : {}),
      ...callOptions(options),
    });
    const list = normalizeList<Typed<T, A, K> & KubeObject>(
      value,
      info.guessed ? {} : { kind: info.kind, apiVersion },
    );
    return listResult(list, raw, exchange);
  }

  /**
   * Every page of a list, following `continue` tokens (default 500 items a page). On `410 Expired` it lists again
   * in one request (client-go's pager) or throws, as `onExpired` says.
   *
   * @example
   * for await (const page of client.listPages("v1", "Pod", { limit: 100 })) console.log(page.items.length);
   */
  listPages<T = never, A extends string = string, K extends string = string>(
    apiVersion: A,
    kindOrResource: K,
    options: PaginateOptions = {},
  ): AsyncGenerator<ListPage<Typed<T, A, K> & KubeObject>, void, undefined> {
    type Item = Typed<T, A, K> & KubeObject;
    return paginate((o) => this.list(apiVersion, kindOrResource, o) as Promise<ListResult<Item>>, options);
  }

  /**
   * Every item of a list, one at a time, fetched page by page.
   *
   * @example
   * for await (const pod of client.listItems("v1", "Pod", { namespace: "default" })) console.log(pod.metadata?.name);
   */
  listItems<T = never, A extends string = string, K extends string = string>(
    apiVersion: A,
    kindOrResource: K,
    options: PaginateOptions = {},
  ): AsyncGenerator<Typed<T, A, K> & TypeMeta, void, undefined> {
    return paginateItems(this.listPages<T, A, K>(apiVersion, kindOrResource, options));
  }

  /** Reads one object (or one of its subresources, e.g. `status` or `scale`). Built-in kinds are typed. */
  async get<T = never, A extends string = string, K extends string = string>(
    apiVersion: A,
    kindOrResource: K,
    name: string,
    options: GetOptions = {},
  ): Promise<ObjectResult<Typed<T, A, K>>> {
    const { path } = await this.#path(
      apiVersion,
      kindOrResource,
      options.namespace,
      name,
      options.subresource,
    );
    const { value, raw, exchange } = await this.#json({
      method: "GET",
      path: withQuery(path, {
        includeObject: options.includeObject,
        resourceVersion: options.resourceVersion,
      }),
      ...(options.accept ? { headers: { Accept: options.accept } } : {}),
      ...callOptions(options),
    });
    return { object: value as Typed<T, A, K>, raw, exchange };
  }

  /** Creates an object (POST); apiVersion, kind and namespace come from the object unless `options.namespace` says otherwise. */
  async create<T extends KubeObject | object = KubeObject>(
    object: T,
    options: WriteOptions = {},
  ): Promise<ObjectResult<T>> {
    const { apiVersion, kind, namespace } = typeOf(object as KubeObject, options, "create");
    const { path } = await this.#path(apiVersion, kind, namespace);
    return this.#write<T>("POST", path, object, "application/json", options);
  }

  /**
   * Replaces an object (PUT). The object's `metadata.resourceVersion` makes this an optimistic-concurrency write:
   * the server answers 409 Conflict if the object changed since it was read.
   */
  async replace<T extends KubeObject | object = KubeObject>(
    object: T,
    options: WriteOptions & { subresource?: string } = {},
  ): Promise<ObjectResult<T>> {
    const { apiVersion, kind, namespace, name } = typeOf(object as KubeObject, options, "replace");
    if (!name) throw new TypeError("replace: the object needs metadata.name");
    const { path } = await this.#path(apiVersion, kind, namespace, name, options.subresource);
    return this.#write<T>("PUT", path, object, "application/json", options);
  }

  /** Patches an object: JSON patch, merge patch, strategic merge patch or server-side apply. */
  async patch<T = never, A extends string = string, K extends string = string>(
    apiVersion: A,
    kindOrResource: K,
    name: string,
    patch: unknown,
    options: PatchOptions,
  ): Promise<ObjectResult<Typed<T, A, K>>> {
    if (options.type === "apply" && !options.fieldManager)
      throw new TypeError("patch: server-side apply needs a fieldManager");
    const { path } = await this.#path(
      apiVersion,
      kindOrResource,
      options.namespace,
      name,
      options.subresource,
    );
    return this.#write<Typed<T, A, K>>("PATCH", path, patch, PATCH_CONTENT_TYPES[options.type], options, {
      force: options.type === "apply" ? options.force : undefined,
    });
  }

  /**
   * Deletes an object; preconditions (uid, resourceVersion) guard against deleting a different generation of it.
   * The answer is the object (still there while finalizers run) or a `Status`.
   */
  async delete<T = KubeObject>(
    apiVersion: string,
    kindOrResource: string,
    name: string,
    options: DeleteOptions = {},
  ): Promise<ObjectResult<T>> {
    const { path } = await this.#path(apiVersion, kindOrResource, options.namespace, name);
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

  /** The `scale` subresource (an `autoscaling/v1` Scale) of a Deployment, StatefulSet, ReplicaSet or scalable CRD. */
  async getScale(
    apiVersion: string,
    kindOrResource: string,
    name: string,
    options: GetOptions = {},
  ): Promise<ObjectResult<Scale>> {
    return this.get<Scale>(apiVersion, kindOrResource, name, { ...options, subresource: "scale" });
  }

  /** Sets `spec.replicas` through the `scale` subresource (a merge patch, as `kubectl scale` sends). */
  async scale(
    apiVersion: string,
    kindOrResource: string,
    name: string,
    replicas: number,
    options: Omit<WriteOptions, "fieldManager"> & { fieldManager?: string } = {},
  ): Promise<ObjectResult<Scale>> {
    return this.patch<Scale>(
      apiVersion,
      kindOrResource,
      name,
      { spec: { replicas } },
      {
        ...options,
        type: "merge",
        subresource: "scale",
      },
    );
  }

  /** A container's log (the pod's `log` subresource), as text. */
  async getLog(name: string, options: LogOptions = {}): Promise<{ text: string; exchange: Exchange }> {
    const path = resourcePath({
      group: "",
      version: "v1",
      resource: "pods",
      namespace: options.namespace,
      name,
      subresource: "log",
    });
    const res = await this.request({
      method: "GET",
      path: withQuery(path, {
        container: options.container,
        previous: options.previous,
        tailLines: options.tailLines,
        sinceSeconds: options.sinceSeconds,
        limitBytes: options.limitBytes,
        timestamps: options.timestamps,
      }),
      headers: { Accept: "*/*" },
      ...callOptions(options),
    });
    return { text: res.text, exchange: res.exchange };
  }

  /**
   * Watches a kind: an async iterator of typed events (ADDED, MODIFIED, DELETED, and BOOKMARK when asked for).
   * After a dropped connection or a server-side close it reconnects from the last resourceVersion it saw; a
   * resourceVersion the server no longer has ends it with {@link KubeWatchExpiredError} (list again, then watch
   * from the list's resourceVersion). Breaking out of the loop closes the connection.
   *
   * @example
   * const { list } = await client.list("v1", "ConfigMap", { namespace: "default" });
   * for await (const event of client.watch("v1", "ConfigMap", { namespace: "default", resourceVersion: list.metadata.resourceVersion }))
   *   console.log(event.type, event.object.metadata?.name);
   */
  async *watch<T = never, A extends string = string, K extends string = string>(
    apiVersion: A,
    kindOrResource: K,
    options: WatchOptions = {},
  ): AsyncGenerator<WatchEvent<Typed<T, A, K>>, void, undefined> {
    const { path } = await this.#path(apiVersion, kindOrResource, options.namespace);
    const idleMs =
      options.idleTimeoutMs ??
      (options.timeoutSeconds !== undefined ? (options.timeoutSeconds + 30) * 1000 : 0);
    yield* watchEvents<Typed<T, A, K>>(
      (query, signal) =>
        this.#send(
          {
            method: "GET",
            path: withQuery(path, query),
            ...(options.accept ? { headers: { Accept: options.accept } } : {}),
            signal,
            ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
          },
          true,
          idleMs,
        ),
      { method: "GET", url: redactUrl(this.server + path).url },
      options,
    );
  }

  /** Releases connections (only those of a dispatcher the client created itself). */
  async close(): Promise<void> {
    await this.#connection.close();
  }
}

/** The body's bytes, at most `maxBytes` of them: a larger body is cut off (KubeResponseTooLargeError). */
function readBounded(sent: Sent): Promise<Buffer[]> {
  const declared = Number(sent.headers["content-length"]);
  if (Number.isFinite(declared) && declared > sent.maxBytes) {
    sent.body.destroy();
    return Promise.reject(new KubeResponseTooLargeError(sent.info, sent.maxBytes));
  }
  // Events rather than `for await`: a list's body comes in hundreds of chunks, and each turn of an async
  // iterator costs promises that the plain listener does not.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const body = sent.body;
    body.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total > sent.maxBytes) {
        body.destroy();
        reject(new KubeResponseTooLargeError(sent.info, sent.maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    // `finished` also settles on a close before the end (a dropped connection, the body deadline's destroy).
    finished(body, (error) => {
      if (error) reject(error);
      else resolve(chunks);
    });
  });
}

async function readText(sent: Sent): Promise<string> {
  return utf8OfChunks(await readBytes(sent));
}

async function readBytes(sent: Sent): Promise<readonly Buffer[]> {
  try {
    return await readBytesInTime(sent);
  } finally {
    clearTimeout(sent.deadline);
  }
}

/**
 * The body's bytes. A body the server (or a proxy) compressed although kubewire did not ask is decoded, as Go's
 * transport decodes gzip; bytes that are not what `Content-Encoding` says are a KubeDecodeError.
 */
async function readBytesInTime(sent: Sent): Promise<readonly Buffer[]> {
  let codings;
  try {
    codings = contentCodings(sent.headers["content-encoding"]);
  } catch (error) {
    await sent.body.dump().catch(() => undefined);
    throw new KubeDecodeError(sent.info, (error as Error).message, sent.attempts.at(-1));
  }
  const chunks = await readBounded(sent);
  if (!codings) return chunks;
  let decoded: Buffer;
  try {
    decoded = decodeContent(Buffer.concat(chunks), codings);
  } catch {
    throw new KubeDecodeError(
      sent.info,
      `body is not valid ${codings.join(" + ")} (Content-Encoding)`,
      sent.attempts.at(-1),
    );
  }
  if (decoded.length > sent.maxBytes) throw new KubeResponseTooLargeError(sent.info, sent.maxBytes);
  return [decoded];
}

/** The smallest list body parsed item by item (below this, the whole text is cheap to make and parse). */
const ITEM_BY_ITEM_BYTES = 1024 * 1024;

/** A 2xx body's JSON value; a body that is not JSON is a KubeDecodeError. */
function parseJson(text: string, req: RawRequest, exchange: Exchange): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new KubeDecodeError(
      { method: req.method, url: exchange.request.url },
      `body is not JSON (${describeJsonError(error)})`,
      exchange,
    );
  }
}

/**
 * A list's result. A `raw` not decoded yet is decoded from the body's bytes when first read (then kept); it is an
 * own, enumerable, assignable property like any other, so spreading, `JSON.stringify` and deep equality see the text.
 */
function listResult<T>(
  list: NormalizedList<T>,
  raw: string | (() => string),
  exchange: Exchange,
): ListResult<T> {
  if (typeof raw === "string") return { list, items: list.items, raw, exchange };
  const result = { list, items: list.items } as ListResult<T>;
  // On `this`, so that a copy made by descriptors (a page of listPages) keeps the text it decoded too.
  const settle = (target: object, text: string) =>
    Object.defineProperty(target, "raw", {
      value: text,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  Object.defineProperty(result, "raw", {
    enumerable: true,
    configurable: true,
    get(this: object) {
      const text = raw();
      settle(this, text);
      return text;
    },
    set(this: object, text: string) {
      settle(this, text);
    },
  });
  result.exchange = exchange;
  return result;
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

/** Go's `time.Duration.String()` of whole milliseconds: `5s`, `1m0s`, `1.5s`, `500ms`, `1h0m0s`. */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const rest = ms % 60_000;
  const seconds = `${Math.floor(rest / 1000)}${
    rest % 1000
      ? `.${String(rest % 1000)
          .padStart(3, "0")
          .replace(/0+$/, "")}`
      : ""
  }s`;
  if (h > 0) return `${h}h${m}m${seconds}`;
  if (m > 0) return `${m}m${seconds}`;
  return seconds;
}

/** Adds client-go's `timeout` query parameter, keeping the parameters sorted by key as client-go writes them. */
function withTimeoutParameter(path: string, ms: number): string {
  const [base, query = ""] = path.split("?", 2) as [string, string?];
  const params = query === "" ? [] : query.split("&");
  const param = `timeout=${encodeURIComponent(goDuration(ms))}`;
  const at = params.findIndex((p) => p.split("=", 1)[0]! > "timeout");
  if (at < 0) params.push(param);
  else params.splice(at, 0, param);
  return `${base}?${params.join("&")}`;
}

function listQuery(options: ListOptions): Record<string, QueryValue> {
  return {
    labelSelector: options.labelSelector,
    fieldSelector: options.fieldSelector,
    limit: options.limit,
    continue: options.continue,
    includeObject: options.includeObject,
    resourceVersion: options.resourceVersion,
    resourceVersionMatch: options.resourceVersionMatch,
  };
}

/**
 * Creates a {@link KubeClient} from explicit options; {@link createClientFromKubeConfig} reads a kubeconfig instead.
 *
 * @example
 * const client = createClient({ server: "https://127.0.0.1:6443", token, ca });
 * const { object, exchange } = await client.get("v1", "ConfigMap", "settings", { namespace: "default" });
 */
export function createClient(options: ClientOptions): KubeClient {
  return new KubeClient(options);
}

/**
 * Loads configuration as kubectl does ({@link loadKubeConfig}) and creates a client for it; `extra` adds client
 * options (a recorder, a warning handler, retries).
 *
 * @example
 * const client = await createClientFromKubeConfig({ context: "kind-dev" });
 * await client.list("v1", "Pod", { namespace: client.namespace });
 */
export async function createClientFromKubeConfig(
  load: LoadKubeConfigOptions = {},
  extra: Partial<ClientOptions> = {},
): Promise<KubeClient> {
  const { clientOptions } = await loadKubeConfig(load);
  return new KubeClient({ ...clientOptions, ...extra });
}

import type { Dispatcher } from "undici";
import type { NormalizedList, TypeMeta } from "../normalize/types.js";
import type { Recorder } from "../record/capture/recorder.js";
import type { Exchange, WarningHeader } from "../record/exchange/exchange.js";
import type { ExecConfig } from "./config/kubeconfig-types.js";
import type { RetryOptions } from "./transport/retry.js";
import type { TransportOptions } from "./transport/transport.js";

/** Who the client acts as (`Impersonate-*` headers; kubeconfig `as`, `as-uid`, `as-groups`, `as-user-extra`). */
export interface ImpersonationOptions {
  user?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** The cluster as an exec credential plugin sees it with `provideClusterInfo` (`KUBERNETES_EXEC_INFO`). */
export interface ExecClusterInfo {
  server: string;
  tlsServerName?: string;
  insecureSkipTlsVerify?: boolean;
  /** PEM CA bundle. */
  certificateAuthorityData?: string;
  proxyUrl?: string;
  disableCompression?: boolean;
  /** The cluster's `extensions["client.authentication.k8s.io/exec"]`. */
  config?: unknown;
}

/** Warnings about the client's own configuration (never the server's `Warning` headers: see `onWarning`). */
export const CLIENT_WARNING_CODES = ["KUBEWIRE_INSECURE_TLS"] as const;
/** The `code` of a {@link ClientWarning}, one of {@link CLIENT_WARNING_CODES}. */
export type ClientWarningCode = (typeof CLIENT_WARNING_CODES)[number];

/** A warning about how the client is configured, given once per client to `onClientWarning`. */
export interface ClientWarning {
  code: ClientWarningCode;
  /** One line for a person; names the setting, never a credential. */
  message: string;
}

/** Everything a client needs: the server, credentials, and the transport's TLS, proxy and connect timeout. */
export interface ClientOptions extends TransportOptions {
  /** The API server URL, e.g. `https://127.0.0.1:6443` (a path prefix such as `https://rancher/k8s/clusters/c-1` is kept). */
  server: string;
  /** A bearer token. Takes precedence over `tokenFile` and an exec plugin's token. */
  token?: string | undefined;
  /** A file holding a bearer token, re-read whenever it changes (projected service-account tokens rotate). */
  tokenFile?: string;
  /** Basic authentication. */
  username?: string;
  password?: string;
  /** An exec credential plugin (kubeconfig `users[].user.exec`): run on first use, cached until it expires. */
  exec?: ExecConfig;
  /** What an exec plugin with `provideClusterInfo` is told; derived from these options when omitted. */
  execCluster?: ExecClusterInfo;
  /** Whether standard input is a terminal an exec plugin may prompt on. Default: `process.stdin.isTTY`. */
  stdinIsTerminal?: boolean;
  /** The environment exec plugins start from. Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** Act as another user. */
  impersonate?: ImpersonationOptions;
  /** The namespace of the kubeconfig context (`default` when it names none). Verbs never apply it implicitly. */
  namespace?: string;
  /**
   * Replaces the network: a replay dispatcher, an undici MockAgent, a ProxyAgent. The client still records
   * every exchange through its recorder seam on top of it.
   */
  dispatcher?: Dispatcher;
  /** Collects every exchange this client makes. */
  recorder?: Recorder;
  /** Called with every exchange (every attempt of a retried request), already redacted. */
  onExchange?: (exchange: Exchange) => void;
  /**
   * Called when a stream's headers are in (a watch, a followed log), with the exchange so far: the request and the
   * response's status and headers, no body, already redacted. A live log prints it then, as kubectl does;
   * `onExchange` follows with the whole exchange when the stream ends.
   */
  onStreamStart?: (exchange: Exchange) => void;
  /** Called with every `Warning` header (PodSecurity, deprecated APIs). */
  onWarning?: (warning: WarningHeader, exchange: Exchange) => void;
  /**
   * Called once per client, when it is created, for each risky setting in force: `insecureSkipTlsVerify`
   * (`KUBEWIRE_INSECURE_TLS`). The library never prints; the CLI writes these to stderr.
   */
  onClientWarning?: (warning: ClientWarning) => void;
  /** Retries of 429 and 5xx answers that carry `Retry-After`, as client-go does. `false` turns them off. */
  retry?: RetryOptions | false;
  /** Look up kinds the built-in table does not know (CRDs) through discovery. Default true. */
  discovery?: boolean;
  /**
   * kubectl's `--cache-dir`: keep discovery in kubectl's disk cache, `<cacheDir>/discovery/<host_port>/`, in
   * kubectl's own format, so kubectl and kubewire share it. Trusted for 6 hours; a resource argument that is not
   * found refreshes it. Default: no disk cache (discovery is cached per client, in memory).
   */
  cacheDir?: string;
  userAgent?: string;
  /**
   * Time allowed for a whole exchange, headers and body (a server sending one byte a second does not stretch it),
   * and for each pause in a watch's body. Default 30 s.
   */
  timeoutMs?: number;
  /**
   * kubectl's `--request-timeout`: every request carries `timeout=<duration>` in its query (the API server ends
   * it then), as client-go sends it, and the client waits no longer than that for headers or a pause in a body.
   */
  requestTimeoutMs?: number;
  /** The largest response body read (watches excepted); past it, KubeResponseTooLargeError. Default 512 MiB. */
  maxResponseBytes?: number;
}

/** Per-call options every verb takes. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
}

/**
 * Options of `list` and `listItems`, the query of a list request (selectors, paging, resourceVersion).
 */
export interface ListOptions extends CallOptions {
  /** Omit for cluster-scoped resources or to list across all namespaces. */
  namespace?: string;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  limit?: number;
  /** The previous page's `metadata.continue` (undefined on the first page). */
  continue?: string | undefined;
  resourceVersion?: string;
  resourceVersionMatch?: "Exact" | "NotOlderThan";
  /** Ask for another representation, e.g. kubectl's Table Accept header. Default `application/json`. */
  accept?: string;
  /** With a Table Accept header: what each row embeds (`includeObject`; kubectl asks for `Object` to sort). */
  includeObject?: "None" | "Metadata" | "Object";
}

/**
 * Options of `get`, naming where the object lives, a subresource (`status`, `scale`) and a resourceVersion.
 */
export interface GetOptions extends CallOptions {
  /** Omit (or pass undefined) for cluster-scoped resources. */
  namespace?: string | undefined;
  subresource?: string;
  resourceVersion?: string;
  /** Ask for another representation, e.g. kubectl's Table Accept header. Default `application/json`. */
  accept?: string;
  /** With a Table Accept header: what the row embeds (`includeObject`). */
  includeObject?: "None" | "Metadata" | "Object";
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
/** The patch flavours `patch` sends, by name (`json`, `merge`, `strategic`, or `apply` for server-side apply). */
export type PatchType = keyof typeof PATCH_CONTENT_TYPES;

/**
 * Options of `patch`, whose `type` decides the Content-Type (`force` matters only for server-side apply).
 */
export interface PatchOptions extends WriteOptions {
  type: PatchType;
  subresource?: string;
  /** Server-side apply only: take ownership of conflicting fields. */
  force?: boolean;
}

/**
 * Options of `delete`, sent as the body's `DeleteOptions` (preconditions, propagation, grace period, dry run).
 */
export interface DeleteOptions extends CallOptions {
  namespace?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  gracePeriodSeconds?: number;
  dryRun?: "All";
}

/** Options of a pod's `log` subresource. */
export interface LogOptions extends CallOptions {
  namespace?: string;
  container?: string;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  limitBytes?: number;
  timestamps?: boolean;
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
  /** The recorded exchange (redacted): the last attempt when the request was retried. */
  exchange: Exchange;
  /** Every attempt's exchange, in order (one unless the request was retried). */
  attempts: Exchange[];
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
  /**
   * The body exactly as received. A large list's text is decoded from the body's bytes when first read (then kept):
   * making it is most of what a large list costs beyond its objects, and most callers never read it.
   */
  raw: string;
  exchange: Exchange;
}

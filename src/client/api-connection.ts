import type { Dispatcher } from "undici";
import { redactUrl } from "../record/redact/redact.js";
import { Authenticator } from "./auth/authenticator.js";
import type { AppliedAuth } from "./auth/authenticator.js";
import type { ClientOptions } from "./client-options.js";
import { retryInterceptor } from "./transport/retry.js";
import type { RetryOptions } from "./transport/retry.js";
import { RotatingTransport } from "./transport/transport.js";

export type { AppliedAuth } from "./auth/authenticator.js";

/** How requests are recorded and retried on a connection. */
export interface ApiConnectionLayers {
  /** The recording interceptor, composed onto the network. */
  recorder: Dispatcher.DispatcherComposeInterceptor;
  /** Retries outside the recorder (each attempt its own exchange); `false` for none. */
  retry: RetryOptions | false | undefined;
}

/**
 * The API server's URL, checked: absolute and http(s). `who` names the caller in the error (`createClient`).
 * Messages show the URL with any credentials in it redacted.
 */
export function parseServerUrl(server: string, who: string): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new TypeError(
      `${who}: server must be an absolute URL, got ${JSON.stringify(redactUrl(server).url)}`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new TypeError(`${who}: server must be http(s), got ${url.protocol}`);
  return url;
}

/**
 * One way to an API server, as kubewire reaches it: the network (an Agent with the cluster's TLS and proxy
 * settings, whose client certificate can rotate, or the caller's own dispatcher), the recording interceptor on it,
 * retries outside that, and the kubeconfig user's credentials. `KubeClient` sends every request through one, and
 * so does the recording proxy: there is one seam between kubewire and a cluster.
 */
export class ApiConnection {
  /** The server URL without a trailing slash (a path prefix such as `/k8s/clusters/c-1` is kept). */
  readonly server: string;
  /** Network, recorder and retries, composed. */
  readonly dispatcher: Dispatcher;
  readonly #transport: RotatingTransport | undefined;
  readonly #auth: Authenticator;

  constructor(options: ClientOptions, layers: ApiConnectionLayers, who = "createClient") {
    const server = parseServerUrl(options.server, who);
    this.server = options.server.replace(/\/+$/, "");
    this.#auth = new Authenticator(options);
    this.#transport = options.dispatcher
      ? undefined
      : new RotatingTransport({
          ...(options.ca !== undefined ? { ca: options.ca } : {}),
          ...(options.cert !== undefined ? { cert: options.cert } : {}),
          ...(options.key !== undefined ? { key: options.key } : {}),
          ...(options.insecureSkipTlsVerify ? { insecureSkipTlsVerify: true } : {}),
          ...(options.tlsServerName !== undefined ? { tlsServerName: options.tlsServerName } : {}),
          ...(options.proxyUrl !== undefined ? { proxyUrl: options.proxyUrl } : {}),
          ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
        });
    if (this.#transport && options.insecureSkipTlsVerify)
      options.onClientWarning?.({
        code: "KUBEWIRE_INSECURE_TLS",
        message: `insecure-skip-tls-verify is set: the certificate of ${server.host} is not verified, so anyone on the path can read and change the traffic`,
      });
    const base = options.dispatcher ?? this.#transport!;
    // Retries wrap the recorder, so every attempt is an exchange of its own.
    this.dispatcher =
      layers.retry === false
        ? base.compose(layers.recorder)
        : base.compose(layers.recorder, retryInterceptor(layers.retry));
  }

  /** Whether any credential is configured (without one, requests carry no Authorization header). */
  get hasCredentials(): boolean {
    return this.#auth.configured;
  }

  /**
   * The credentials for the next request: headers to add (Authorization, Impersonate-*), and the client
   * certificate an exec plugin handed out, which the connection then presents.
   */
  async credentials(): Promise<AppliedAuth> {
    return this.#use(await this.#auth.apply());
  }

  /** Fresher credentials after a 401 answered a request sent with `used` (a rotated token file, a plugin re-run). */
  async credentialsAfterUnauthorized(used: AppliedAuth): Promise<AppliedAuth | undefined> {
    const fresh = await this.#auth.afterUnauthorized(used);
    return fresh ? this.#use(fresh) : undefined;
  }

  #use(applied: AppliedAuth): AppliedAuth {
    this.#transport?.useClientCertificate(applied.clientCert);
    return applied;
  }

  /** Releases connections (only those of a network this connection created itself). */
  async close(): Promise<void> {
    if (this.#transport) await this.#transport.close();
  }
}

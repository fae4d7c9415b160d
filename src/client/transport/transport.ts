import { Agent, Dispatcher, ProxyAgent, Socks5ProxyAgent } from "undici";
import type { buildConnector } from "undici";

/** What the network layer needs: TLS material and an optional proxy. */
export interface TransportOptions {
  /** PEM CA bundle that signs the server's certificate. */
  ca?: string | Buffer | undefined;
  /** Client certificate and key (PEM) for mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Skip server certificate verification. Never the default. */
  insecureSkipTlsVerify?: boolean;
  /** Server name for SNI and certificate verification when it differs from the URL's host. */
  tlsServerName?: string;
  /** An `http://`, `https://` or `socks5://` proxy (undici's ProxyAgent / Socks5ProxyAgent). */
  proxyUrl?: string;
  /** Time allowed to open a connection, TLS handshake included (per attempt). Default 10 s, as undici's. */
  connectTimeoutMs?: number;
}

function tlsOptions(o: TransportOptions): buildConnector.BuildOptions {
  return {
    ...(o.connectTimeoutMs !== undefined ? { timeout: o.connectTimeoutMs } : {}),
    ...(o.ca !== undefined ? { ca: o.ca } : {}),
    ...(o.cert !== undefined ? { cert: o.cert } : {}),
    ...(o.key !== undefined ? { key: o.key } : {}),
    // Node verifies the certificate against `servername` when set (SNI and identity), as Go's ServerName does.
    ...(o.tlsServerName !== undefined ? { servername: o.tlsServerName } : {}),
    rejectUnauthorized: o.insecureSkipTlsVerify !== true,
  };
}

/**
 * The undici dispatcher that reaches the server: an Agent with the cluster's TLS settings, or a ProxyAgent /
 * Socks5ProxyAgent tunnelling to it (the TLS settings then apply to the tunnelled connection, not to the proxy).
 */
export function createTransport(options: TransportOptions): Dispatcher {
  const tls = tlsOptions(options);
  if (options.proxyUrl !== undefined) {
    const protocol = new URL(options.proxyUrl).protocol;
    // `requestTls` is supported at runtime but missing from undici's Socks5ProxyAgent types.
    if (protocol === "socks5:")
      return new Socks5ProxyAgent(options.proxyUrl, { requestTls: tls } as Socks5ProxyAgent.Options);
    return new ProxyAgent({
      uri: options.proxyUrl,
      requestTls: tls,
      ...(options.connectTimeoutMs !== undefined ? { proxyTls: { timeout: options.connectTimeoutMs } } : {}),
    });
  }
  return new Agent({ connect: tls });
}

/**
 * A dispatcher whose client certificate can change: an exec plugin may hand out a new one at any time, and a TLS
 * connection presents its certificate once, at the handshake. On a change it builds a new transport and closes the
 * old one gracefully (requests in flight finish), as client-go closes its connections when the certificate rotates.
 */
export class RotatingTransport extends Dispatcher {
  readonly #options: TransportOptions;
  #current: Dispatcher;
  #certKey: string | undefined;

  constructor(options: TransportOptions) {
    super();
    this.#options = options;
    this.#current = createTransport(options);
    this.#certKey = undefined;
  }

  /** Use this client certificate from now on (no-op when it is the one in use). */
  useClientCertificate(cert: { cert: string; key: string } | undefined): void {
    const key = cert ? `${cert.cert}\0${cert.key}` : undefined;
    if (key === this.#certKey) return;
    const previous = this.#current;
    this.#current = createTransport({
      ...this.#options,
      ...(cert ? { cert: cert.cert, key: cert.key } : {}),
    });
    this.#certKey = key;
    void previous.close().catch(() => undefined);
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.#current.dispatch(options, handler);
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    const done = this.#current.close();
    if (callback) void done.then(callback, callback);
    else return done;
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(a?: Error | null | (() => void), b?: () => void): Promise<void> | void {
    const err = typeof a === "function" ? null : (a ?? null);
    const callback = typeof a === "function" ? a : b;
    const done = this.#current.destroy(err);
    if (callback) void done.then(callback, callback);
    else return done;
  }
}

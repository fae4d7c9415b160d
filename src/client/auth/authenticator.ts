import type { ClientOptions } from "../client-options.js";
import { ExecCredentialPlugin } from "./exec-plugin.js";
import type { ExecCredentialResult } from "./exec-plugin.js";
import { TokenFileSource } from "./token-file.js";

/** The credentials one request went out with, so a 401 can tell whether fresher ones exist. */
export interface AppliedAuth {
  headers: Record<string, string | string[]>;
  /** A client certificate from an exec plugin, which the connection must present. */
  clientCert?: { cert: string; key: string };
  token?: string;
  exec?: ExecCredentialResult;
}

/** client-go's `headerKeyEscape` for `Impersonate-Extra-<key>`: percent-encode what a header name cannot carry. */
function escapeHeaderKey(key: string): string {
  let out = "";
  for (const byte of Buffer.from(key, "utf8")) {
    const c = String.fromCharCode(byte);
    out +=
      /[A-Za-z0-9!#$&'*+\-.^_`|~]/.test(c) && c !== "%"
        ? c
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * Turns a client's credential options into request headers, with client-go's precedence: a static token, else a
 * token file, else basic auth, else an exec plugin's token (an exec plugin's client certificate applies whatever the
 * header). After a 401 it says whether fresher credentials exist (a rotated token file, a re-run plugin).
 */
export class Authenticator {
  readonly #options: ClientOptions;
  readonly #tokenFile: TokenFileSource | undefined;
  readonly #exec: ExecCredentialPlugin | undefined;

  constructor(options: ClientOptions) {
    this.#options = options;
    this.#tokenFile =
      options.token === undefined && options.tokenFile ? new TokenFileSource(options.tokenFile) : undefined;
    this.#exec = options.exec
      ? new ExecCredentialPlugin(options.exec, {
          ...(options.execCluster
            ? { cluster: options.execCluster }
            : { cluster: { server: options.server } }),
          ...(options.env ? { env: options.env } : {}),
          ...(options.stdinIsTerminal !== undefined ? { stdinIsTerminal: options.stdinIsTerminal } : {}),
        })
      : undefined;
  }

  /** Whether any credential is configured (a client without one sends no Authorization header). */
  get configured(): boolean {
    const o = this.#options;
    return Boolean(o.token ?? o.tokenFile ?? o.username ?? o.password ?? o.exec);
  }

  async apply(): Promise<AppliedAuth> {
    return this.#build();
  }

  /** Fresh credentials to retry a request that got 401 with `used`, or undefined when none are to be had. */
  async afterUnauthorized(used: AppliedAuth): Promise<AppliedAuth | undefined> {
    let changed = false;
    if (this.#tokenFile) changed = (await this.#tokenFile.token(true)) !== used.token;
    if (this.#exec && used.exec) changed = (await this.#exec.refresh(used.exec)) !== used.exec || changed;
    return changed ? this.#build() : undefined;
  }

  async #build(): Promise<AppliedAuth> {
    const o = this.#options;
    const applied: AppliedAuth = { headers: {} };
    if (o.token !== undefined) {
      applied.token = o.token;
      applied.headers.Authorization = `Bearer ${o.token}`;
    } else if (this.#tokenFile) {
      applied.token = await this.#tokenFile.token();
      applied.headers.Authorization = `Bearer ${applied.token}`;
    } else if (o.username !== undefined || o.password !== undefined) {
      applied.headers.Authorization = `Basic ${Buffer.from(`${o.username ?? ""}:${o.password ?? ""}`).toString("base64")}`;
    }
    if (this.#exec) {
      const creds = await this.#exec.credentials();
      applied.exec = creds;
      if (creds.cert !== undefined && creds.key !== undefined)
        applied.clientCert = { cert: creds.cert, key: creds.key };
      if (applied.headers.Authorization === undefined && creds.token !== undefined) {
        applied.token = creds.token;
        applied.headers.Authorization = `Bearer ${creds.token}`;
      }
    }
    const imp = o.impersonate;
    if (imp) {
      if (imp.user !== undefined) applied.headers["Impersonate-User"] = imp.user;
      if (imp.uid !== undefined) applied.headers["Impersonate-Uid"] = imp.uid;
      if (imp.groups?.length) applied.headers["Impersonate-Group"] = imp.groups;
      for (const [key, values] of Object.entries(imp.extra ?? {}))
        if (values.length) applied.headers[`Impersonate-Extra-${escapeHeaderKey(key)}`] = values;
    }
    return applied;
  }
}

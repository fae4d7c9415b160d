import { KubewireError } from "../../errors.js";
import { cryptoModule } from "../../internal/lazy-modules.js";
import type { ExecClusterInfo } from "../client-options.js";
import type { ExecConfig } from "../config/kubeconfig-types.js";

/** The closed set of ways an exec credential plugin can fail. */
export const EXEC_PLUGIN_FAILURES = [
  "not-found",
  "failed",
  "bad-output",
  "interactive-unavailable",
  "timeout",
  "output-too-large",
] as const;
export type ExecPluginFailure = (typeof EXEC_PLUGIN_FAILURES)[number];

/** How much of a failing plugin's standard error is kept: enough for its message, never a flood. */
export const EXEC_STDERR_LIMIT = 4096;

/** How long a plugin may run before it is killed (a non-interactive one; default 60 s, as an apiserver call's). */
export const EXEC_DEFAULT_TIMEOUT_MS = 60_000;
/** The most a plugin may print on standard output (an ExecCredential is a few KiB): past it, it is killed. */
export const EXEC_STDOUT_LIMIT = 1024 * 1024;

/**
 * An exec credential plugin could not give credentials: not installed (the message carries its `installHint`),
 * exited non-zero (the message carries what it wrote to standard error), or printed something that is not a usable
 * `ExecCredential`. Its standard output, which holds credentials, is never part of the error.
 */
export class ExecPluginError extends KubewireError {
  readonly command: string;
  readonly failure: ExecPluginFailure;
  readonly exitCode: number | undefined;
  /** The plugin's standard error, at most {@link EXEC_STDERR_LIMIT} bytes. */
  readonly stderr: string;

  constructor(
    command: string,
    failure: ExecPluginFailure,
    message: string,
    details: { exitCode?: number; stderr?: string; cause?: unknown } = {},
  ) {
    super("KUBEWIRE_EXEC_PLUGIN", `getting credentials: ${message}`, { cause: details.cause });
    this.name = "ExecPluginError";
    this.command = command;
    this.failure = failure;
    this.exitCode = details.exitCode;
    this.stderr = details.stderr ?? "";
  }
}

/** What a plugin gave: a bearer token and/or a client certificate, and when it stops being valid. */
export interface ExecCredentialResult {
  token?: string;
  /** PEM client certificate and key. */
  cert?: string;
  key?: string;
  /** Epoch milliseconds of `status.expirationTimestamp`; absent: valid until the server says 401. */
  expiresAt?: number;
}

const DOCS =
  "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins";

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedKeys((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * `KUBERNETES_EXEC_INFO` exactly as client-go encodes it: Go struct field order, the CA as base64, the cluster's
 * exec extension with its keys sorted (it went through a Go map) or `null` without one, and the encoder's trailing
 * newline.
 */
export function execInfo(apiVersion: string, interactive: boolean, cluster?: ExecClusterInfo): string {
  const spec: Record<string, unknown> = {};
  if (cluster) {
    const c: Record<string, unknown> = { server: cluster.server };
    if (cluster.tlsServerName) c["tls-server-name"] = cluster.tlsServerName;
    if (cluster.insecureSkipTlsVerify) c["insecure-skip-tls-verify"] = true;
    if (cluster.certificateAuthorityData)
      c["certificate-authority-data"] = Buffer.from(cluster.certificateAuthorityData).toString("base64");
    if (cluster.proxyUrl) c["proxy-url"] = cluster.proxyUrl;
    if (cluster.disableCompression) c["disable-compression"] = true;
    // client-go's Cluster.Config is a RawExtension, which omitempty never drops: no exec extension is `null`.
    c.config = cluster.config === undefined || cluster.config === null ? null : sortedKeys(cluster.config);
    spec.cluster = c;
  }
  spec.interactive = interactive;
  return JSON.stringify({ kind: "ExecCredential", apiVersion, spec }) + "\n";
}

export interface ExecPluginOptions {
  /** Passed in `KUBERNETES_EXEC_INFO` when the config says `provideClusterInfo`. */
  cluster?: ExecClusterInfo;
  /** The environment the plugin starts from (the config's `env` is added). Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** Whether standard input is a terminal. Default: `process.stdin.isTTY`. */
  stdinIsTerminal?: boolean;
  /** Kill a non-interactive plugin that runs longer than this (ms). Default {@link EXEC_DEFAULT_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Kill a plugin that prints more than this on standard output (bytes). Default {@link EXEC_STDOUT_LIMIT}. */
  maxOutputBytes?: number;
  /** The clock, for expiry. */
  now?: () => number;
}

/**
 * Runs a `client.authentication.k8s.io/v1` or `v1beta1` credential plugin and caches what it returns until its
 * `expirationTimestamp`; {@link refresh} runs it again after a 401, once per set of credentials, however many
 * requests failed with them. Calls are serialised, so an interactive plugin prompts once.
 *
 * @example
 * const plugin = new ExecCredentialPlugin(user.exec, { cluster });
 * const { token } = await plugin.credentials();
 */
export class ExecCredentialPlugin {
  readonly config: ExecConfig;
  readonly #options: ExecPluginOptions;
  #cached: ExecCredentialResult | undefined;
  #running: Promise<ExecCredentialResult> | undefined;

  constructor(config: ExecConfig, options: ExecPluginOptions = {}) {
    this.config = config;
    this.#options = options;
  }

  /** Cached credentials while they are valid; otherwise runs the plugin. */
  async credentials(): Promise<ExecCredentialResult> {
    const now = (this.#options.now ?? Date.now)();
    const cached = this.#cached;
    if (cached && (cached.expiresAt === undefined || now < cached.expiresAt)) return cached;
    return this.#run();
  }

  /**
   * The server rejected `used` (401): run the plugin again, unless another request already did. Returns the
   * credentials to retry with.
   */
  async refresh(used: ExecCredentialResult): Promise<ExecCredentialResult> {
    if (this.#running) return this.#running;
    if (this.#cached !== used && this.#cached !== undefined) return this.#cached;
    return this.#run();
  }

  #run(): Promise<ExecCredentialResult> {
    this.#running ??= this.#exec().then(
      (result) => {
        this.#cached = result;
        this.#running = undefined;
        return result;
      },
      (error: unknown) => {
        this.#running = undefined;
        throw error;
      },
    );
    return this.#running;
  }

  #interactive(): boolean {
    const terminal = this.#options.stdinIsTerminal ?? process.stdin.isTTY === true;
    switch (this.config.interactiveMode) {
      case "Never":
        return false;
      case "IfAvailable":
        return terminal;
      case "Always":
        if (!terminal)
          throw new ExecPluginError(
            this.config.command,
            "interactive-unavailable",
            "exec plugin cannot support interactive mode: standard input is not a terminal",
          );
        return true;
    }
  }

  async #exec(): Promise<ExecCredentialResult> {
    const { command, args, apiVersion } = this.config;
    const interactive = this.#interactive();
    const env: Record<string, string | undefined> = { ...(this.#options.env ?? process.env) };
    for (const { name, value } of this.config.env) env[name] = value;
    env.KUBERNETES_EXEC_INFO = execInfo(
      apiVersion,
      interactive,
      this.config.provideClusterInfo ? this.#options.cluster : undefined,
    );
    const timeoutMs = this.#options.timeoutMs ?? EXEC_DEFAULT_TIMEOUT_MS;
    const maxOutput = this.#options.maxOutputBytes ?? EXEC_STDOUT_LIMIT;
    // Loaded on first use: node:child_process is costly to load, and most commands never run a plugin.
    const { spawn } = await import("node:child_process");
    const { stdout, stderr, exitCode, spawnError, stopped } = await new Promise<{
      stdout: string;
      stderr: string;
      exitCode: number | null;
      spawnError?: NodeJS.ErrnoException;
      stopped?: "timeout" | "output-too-large";
    }>((resolve) => {
      // Interactive plugins talk to the user on the terminal; otherwise stderr is kept for the error message.
      const child = spawn(command, args, {
        env,
        stdio: [interactive ? "inherit" : "ignore", "pipe", interactive ? "inherit" : "pipe"],
      });
      const out: Buffer[] = [];
      let outBytes = 0;
      let err = Buffer.alloc(0);
      let stopped: "timeout" | "output-too-large" | undefined;
      const stop = (why: "timeout" | "output-too-large") => {
        stopped ??= why;
        out.length = 0;
        child.kill("SIGKILL");
      };
      // A plugin that asks the user something may wait as long as the user does.
      const timer = interactive ? undefined : setTimeout(() => stop("timeout"), timeoutMs);
      timer?.unref();
      child.stdout!.on("data", (c: Buffer) => {
        if (stopped) return;
        outBytes += c.length;
        if (outBytes > maxOutput) stop("output-too-large");
        else out.push(c);
      });
      child.stderr?.on("data", (c: Buffer) => {
        if (err.length < EXEC_STDERR_LIMIT) err = Buffer.concat([err, c]).subarray(0, EXEC_STDERR_LIMIT);
      });
      child.on("error", (error: NodeJS.ErrnoException) => {
        if (timer) clearTimeout(timer);
        resolve({ stdout: "", stderr: "", exitCode: null, spawnError: error });
      });
      child.on("close", (code) => {
        if (timer) clearTimeout(timer);
        resolve({
          stdout: stopped ? "" : Buffer.concat(out).toString("utf8"),
          stderr: err.toString("utf8"),
          exitCode: code,
          ...(stopped ? { stopped } : {}),
        });
      });
    });
    if (stopped === "timeout")
      throw new ExecPluginError(
        command,
        "timeout",
        `exec: executable ${command} did not finish within ${timeoutMs} ms and was stopped`,
        { stderr },
      );
    if (stopped === "output-too-large")
      throw new ExecPluginError(
        command,
        "output-too-large",
        `exec: executable ${command} printed more than ${maxOutput} bytes and was stopped`,
        { stderr },
      );
    if (spawnError) {
      if (spawnError.code === "ENOENT") {
        const hint = this.config.installHint ? `\n\n${this.config.installHint}` : "";
        throw new ExecPluginError(
          command,
          "not-found",
          `exec: executable ${command} not found\n\nIt looks like you are trying to use a client-go credential plugin that is not installed.\n\nTo learn more about this feature, consult the documentation available at:\n      ${DOCS}${hint}`,
          { cause: spawnError },
        );
      }
      throw new ExecPluginError(
        command,
        "failed",
        `exec: ${spawnError.code ?? ""} ${spawnError.message}`.trim(),
        {
          cause: spawnError,
        },
      );
    }
    if (exitCode !== 0) {
      const said = stderr.trim();
      throw new ExecPluginError(
        command,
        "failed",
        `exec: executable ${command} failed with exit code ${exitCode ?? "(killed)"}${said ? `\n${said}` : ""}`,
        { ...(exitCode !== null ? { exitCode } : {}), stderr },
      );
    }
    return this.#decode(stdout);
  }

  #decode(stdout: string): ExecCredentialResult {
    const bad = (problem: string) =>
      new ExecPluginError(this.config.command, "bad-output", `exec: decoding stdout: ${problem}`);
    let value: unknown;
    try {
      value = JSON.parse(stdout);
    } catch {
      // The output may hold a credential: describe it, never quote it.
      throw bad(`the plugin printed ${stdout.trim() === "" ? "nothing" : "something that is not JSON"}`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw bad("expected an ExecCredential object");
    const cred = value as { apiVersion?: unknown; kind?: unknown; status?: unknown };
    if (cred.kind !== "ExecCredential")
      throw bad(`expected kind ExecCredential, got ${JSON.stringify(cred.kind ?? null)}`);
    if (cred.apiVersion !== this.config.apiVersion)
      throw new ExecPluginError(
        this.config.command,
        "bad-output",
        `exec plugin is configured to use API version ${this.config.apiVersion}, plugin returned version ${JSON.stringify(cred.apiVersion ?? null)}`,
      );
    const status = cred.status as Record<string, unknown> | undefined | null;
    if (typeof status !== "object" || status === null)
      throw new ExecPluginError(
        this.config.command,
        "bad-output",
        "exec plugin didn't return a status field",
      );
    const str = (key: string) => {
      const v = status[key];
      if (v !== undefined && v !== null && typeof v !== "string") throw bad(`status.${key} must be a string`);
      return typeof v === "string" && v !== "" ? v : undefined;
    };
    const token = str("token");
    const cert = str("clientCertificateData");
    const key = str("clientKeyData");
    if (token === undefined && cert === undefined && key === undefined)
      throw new ExecPluginError(
        this.config.command,
        "bad-output",
        "exec plugin didn't return a token or cert/key pair",
      );
    if ((cert === undefined) !== (key === undefined))
      throw new ExecPluginError(
        this.config.command,
        "bad-output",
        "exec plugin returned only certificate or key, not both",
      );
    if (cert !== undefined && key !== undefined) {
      try {
        new (cryptoModule().X509Certificate)(cert);
        cryptoModule().createPrivateKey(key);
      } catch (error) {
        throw new ExecPluginError(
          this.config.command,
          "bad-output",
          `failed parsing client key/certificate: ${(error as Error).message}`,
        );
      }
    }
    const result: ExecCredentialResult = {};
    if (token !== undefined) result.token = token;
    if (cert !== undefined && key !== undefined) Object.assign(result, { cert, key });
    const expiry = str("expirationTimestamp");
    if (expiry !== undefined) {
      const at = Date.parse(expiry);
      if (Number.isNaN(at)) throw bad("status.expirationTimestamp is not an RFC 3339 time");
      result.expiresAt = at;
    }
    return result;
  }
}

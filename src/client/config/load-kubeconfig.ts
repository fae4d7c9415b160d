import { readFile } from "node:fs/promises";
import { inspect } from "node:util";
import { homedir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import type { ClientOptions, ExecClusterInfo } from "../client-options.js";
import { inClusterConfig, isInCluster } from "./in-cluster.js";
import type { InClusterOptions } from "./in-cluster.js";
import { KubeConfigError } from "./kubeconfig-error.js";
import type { KubeConfig, KubeConfigCluster, KubeConfigEntry, KubeConfigUser } from "./kubeconfig-types.js";
import { mergeKubeConfigs, parseKubeConfig } from "./parse-kubeconfig.js";
import { proxyFromEnvironment } from "./proxy-from-environment.js";
import { redactJson } from "../../record/redact/redact.js";
import { keylessMarker } from "../../record/redact/redaction-marker.js";

/**
 * Where {@link loadKubeConfig} looks, in kubectl's order (`--kubeconfig`, `KUBECONFIG`, `~/.kube/config`,
 * in-cluster). Every input is injectable, so tests never read the real home directory or environment.
 */
export interface LoadKubeConfigOptions {
  /** An explicit kubeconfig file (`--kubeconfig`): the only file read, and it must exist. Undefined: look as kubectl does. */
  kubeconfig?: string | undefined;
  /** The context to use instead of `current-context` (`--context`). */
  context?: string;
  /** Environment (`KUBECONFIG`, `HOME`, proxies, in-cluster variables). Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** Directory for relative `KUBECONFIG` entries and `kubeconfig`. Default: `process.cwd()`. */
  cwd?: string;
  /** Home directory for `~/.kube/config`. Default: `$HOME`, else `os.homedir()`. */
  homeDir?: string;
  /** Where the in-cluster files live (tests), or `false` to never fall back to in-cluster configuration. */
  inCluster?: InClusterOptions | false;
}

/** A kubeconfig resolved for one context: what to connect to, as whom, and in which namespace. */
export interface LoadedKubeConfig {
  source: "kubeconfig" | "in-cluster";
  /** The merged kubeconfig (absent for in-cluster configuration). */
  config?: KubeConfig;
  /** The context used. */
  context?: string;
  /** The context's namespace, `default` when it names none (in-cluster: the pod's namespace). */
  namespace: string;
  /** Options for {@link createClient}: every credential read, every path resolved. */
  clientOptions: ClientOptions;
}

/** The files kubectl would read, in precedence order, and whether they must exist. */
export function kubeConfigFiles(options: LoadKubeConfigOptions = {}): { files: string[]; explicit: boolean } {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  if (options.kubeconfig !== undefined && options.kubeconfig !== "")
    return { files: [resolve(cwd, options.kubeconfig)], explicit: true };
  const list = env.KUBECONFIG;
  if (list !== undefined && list !== "") {
    const files: string[] = [];
    for (const entry of list.split(delimiter)) {
      if (entry === "") continue;
      const file = resolve(cwd, entry);
      if (!files.includes(file)) files.push(file);
    }
    return { files, explicit: false };
  }
  const home = options.homeDir ?? env.HOME ?? homedir();
  return { files: [join(home, ".kube", "config")], explicit: false };
}

async function readKubeConfigFile(file: string, mustExist: boolean): Promise<KubeConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // kubectl skips KUBECONFIG entries and ~/.kube/config that do not exist; an explicit file must.
    if (code === "ENOENT" && !mustExist) return undefined;
    throw new KubeConfigError(file, undefined, `cannot be read (${code ?? (error as Error).message})`, {
      cause: error,
    });
  }
  return parseKubeConfig(text, file);
}

/** Reads a file a kubeconfig field names, blaming the field when it cannot be read. */
async function readReferenced(entry: KubeConfigEntry<unknown>, field: string, file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new KubeConfigError(entry.file, `${entry.path}.${field}`, `cannot read ${file} (${code})`, {
      cause: error,
    });
  }
}

/** client-go's default scheme: https when TLS is configured, http otherwise. */
function serverUrl(cluster: KubeConfigEntry<KubeConfigCluster>): string {
  const server = cluster.value.server!;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(server)) return server;
  const c = cluster.value;
  const tls =
    c.certificateAuthority ?? c.certificateAuthorityData ?? c.insecureSkipTlsVerify ?? c.tlsServerName;
  return `${tls !== undefined ? "https" : "http"}://${server}`;
}

const REMOVED_AUTH_PROVIDERS: Record<string, string> = {
  gcp: 'The gcp auth plugin has been removed.\nPlease use the "gke-gcloud-auth-plugin" kubectl/client-go credential plugin instead.\nSee https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke for further details',
  azure:
    'The azure auth plugin has been removed.\nPlease use the "kubelogin" kubectl/client-go credential plugin instead.\nSee https://go.microsoft.com/fwlink/?linkid=2248057 for further details',
};

async function userOptions(entry: KubeConfigEntry<KubeConfigUser>, options: ClientOptions): Promise<void> {
  const user = entry.value;
  const field = (name: string) => `${entry.path}.user.${name}`;
  const methods = [
    ...(user.token !== undefined ? ["token"] : []),
    ...(user.username !== undefined || user.password !== undefined ? ["basicAuth"] : []),
  ];
  if (methods.length > 1)
    throw new KubeConfigError(
      entry.file,
      `${entry.path}.user`,
      `more than one authentication method found for user ${JSON.stringify(entry.name)}: ${methods.join(", ")}; only one is allowed`,
    );
  if (user.exec && user.authProvider)
    throw new KubeConfigError(entry.file, `${entry.path}.user`, "auth-provider and exec cannot both be set");
  if (user.token !== undefined) options.token = user.token;
  if (user.tokenFile !== undefined) {
    // Fail now, naming the field, rather than on the first request; later reads pick up rotations.
    await readReferenced(entry, "user.tokenFile", user.tokenFile);
    options.tokenFile = user.tokenFile;
  }
  if (user.username !== undefined) options.username = user.username;
  if (user.password !== undefined) options.password = user.password;
  const hasCert = user.clientCertificate !== undefined || user.clientCertificateData !== undefined;
  const hasKey = user.clientKey !== undefined || user.clientKeyData !== undefined;
  if (hasCert !== hasKey)
    throw new KubeConfigError(
      entry.file,
      field(hasCert ? "client-key" : "client-certificate"),
      hasCert
        ? "is missing: client-certificate needs client-key or client-key-data"
        : "is missing: client-key needs client-certificate or client-certificate-data",
    );
  if (hasCert) {
    // The *-data fields win over files, as in client-go.
    options.cert =
      user.clientCertificateData ??
      (await readReferenced(entry, "user.client-certificate", user.clientCertificate!));
    options.key = user.clientKeyData ?? (await readReferenced(entry, "user.client-key", user.clientKey!));
  }
  if (user.exec) options.exec = user.exec;
  if (user.authProvider) {
    const { name, config } = user.authProvider;
    const removed = REMOVED_AUTH_PROVIDERS[name];
    if (removed) throw new KubeConfigError(entry.file, field("auth-provider.name"), removed);
    if (name !== "oidc")
      throw new KubeConfigError(
        entry.file,
        field("auth-provider.name"),
        `unknown auth provider ${JSON.stringify(name)}`,
      );
    const idToken = config["id-token"];
    if (!idToken)
      throw new KubeConfigError(
        entry.file,
        field("auth-provider.config.id-token"),
        "is missing (kubewire uses the oidc provider's id-token as is and does not refresh it; prefer an exec plugin such as kubelogin)",
      );
    options.token ??= idToken;
  }
  if (user.as !== undefined || user.asUid !== undefined || user.asGroups || user.asUserExtra) {
    options.impersonate = {
      ...(user.as !== undefined ? { user: user.as } : {}),
      ...(user.asUid !== undefined ? { uid: user.asUid } : {}),
      ...(user.asGroups ? { groups: user.asGroups } : {}),
      ...(user.asUserExtra ? { extra: user.asUserExtra } : {}),
    };
  }
}

/**
 * Resolves one context of a merged kubeconfig into client options: reads the CA and client certificate files,
 * checks the token file, and validates what client-go validates (a server, one authentication method, a key with a
 * certificate, no CA with insecure-skip-tls-verify). Errors name the file and field.
 */
export async function resolveKubeConfigContext(
  config: KubeConfig,
  contextName: string | undefined,
  env: Record<string, string | undefined> = process.env,
): Promise<LoadedKubeConfig> {
  const files = config.files.join(", ") || "(no files)";
  const name = contextName ?? config.currentContext;
  if (name === undefined)
    throw new KubeConfigError(files, "current-context", "is not set and no context was given");
  // Own entries only: a context named "toString" or "__proto__" is not one of Object's.
  const own = <T>(entries: Record<string, T>, key: string): T | undefined =>
    Object.hasOwn(entries, key) ? entries[key] : undefined;
  const context = own(config.contexts, name);
  if (!context)
    throw new KubeConfigError(
      contextName === undefined ? (config.currentContextFile ?? files) : files,
      contextName === undefined ? "current-context" : undefined,
      `context ${JSON.stringify(name)} does not exist`,
    );
  const cluster = own(config.clusters, context.value.cluster);
  if (!cluster)
    throw new KubeConfigError(
      context.file,
      `${context.path}.context.cluster`,
      context.value.cluster === ""
        ? `is missing (context ${JSON.stringify(name)})`
        : `cluster ${JSON.stringify(context.value.cluster)} is not defined in ${files}`,
    );
  const c = cluster.value;
  if (c.server === undefined)
    throw new KubeConfigError(cluster.file, `${cluster.path}.cluster.server`, "is missing");
  const server = serverUrl(cluster);
  try {
    new URL(server);
  } catch {
    throw new KubeConfigError(cluster.file, `${cluster.path}.cluster.server`, "is not a valid URL");
  }
  const hasCa = c.certificateAuthority !== undefined || c.certificateAuthorityData !== undefined;
  if (c.insecureSkipTlsVerify && hasCa)
    throw new KubeConfigError(
      cluster.file,
      `${cluster.path}.cluster.insecure-skip-tls-verify`,
      "cannot be combined with certificate-authority(-data): specifying a root certificate with the insecure flag is not allowed",
    );
  const options: ClientOptions = { server, namespace: context.value.namespace ?? "default", env };
  if (hasCa)
    options.ca =
      c.certificateAuthorityData ??
      (await readReferenced(cluster, "cluster.certificate-authority", c.certificateAuthority!));
  if (c.insecureSkipTlsVerify) options.insecureSkipTlsVerify = true;
  if (c.tlsServerName !== undefined) options.tlsServerName = c.tlsServerName;
  const proxyUrl = c.proxyUrl ?? proxyFromEnvironment(server, env);
  if (proxyUrl !== undefined) {
    try {
      const p = new URL(proxyUrl);
      if (!["http:", "https:", "socks5:"].includes(p.protocol)) throw new Error("scheme");
    } catch {
      throw new KubeConfigError(
        cluster.file,
        c.proxyUrl !== undefined ? `${cluster.path}.cluster.proxy-url` : "HTTPS_PROXY/HTTP_PROXY",
        "must be an http://, https:// or socks5:// URL",
      );
    }
    options.proxyUrl = proxyUrl;
  }
  if (context.value.user !== "") {
    const user = own(config.users, context.value.user);
    if (!user)
      throw new KubeConfigError(
        context.file,
        `${context.path}.context.user`,
        `user ${JSON.stringify(context.value.user)} is not defined in ${files}`,
      );
    await userOptions(user, options);
  }
  if (options.exec) {
    // client-go hands the plugin the server as written in the kubeconfig (rest.Config.Host).
    const execCluster: ExecClusterInfo = { server: c.server };
    if (c.tlsServerName !== undefined) execCluster.tlsServerName = c.tlsServerName;
    if (c.insecureSkipTlsVerify) execCluster.insecureSkipTlsVerify = true;
    if (options.ca !== undefined) execCluster.certificateAuthorityData = String(options.ca);
    if (c.proxyUrl !== undefined) execCluster.proxyUrl = c.proxyUrl;
    if (c.disableCompression) execCluster.disableCompression = true;
    const extension = c.extensions?.["client.authentication.k8s.io/exec"];
    if (extension !== undefined) execCluster.config = extension;
    options.execCluster = execCluster;
  }
  return {
    source: "kubeconfig",
    config,
    context: name,
    namespace: options.namespace!,
    clientOptions: options,
  };
}

/**
 * Loads configuration the way kubectl does: `--kubeconfig` (must exist), else every file of `KUBECONFIG` merged
 * (the first file to set a value or a named entry wins; missing files are skipped), else `~/.kube/config`; then
 * the current or the given context. With no kubeconfig at all, inside a pod, it falls back to the in-cluster
 * configuration (service-account token, CA, `KUBERNETES_SERVICE_HOST`/`PORT`).
 *
 * @example
 * const { clientOptions, namespace } = await loadKubeConfig({ context: "kind-dev" });
 * const client = createClient(clientOptions);
 * await client.list("v1", "ConfigMap", { namespace });
 */
export async function loadKubeConfig(options: LoadKubeConfigOptions = {}): Promise<LoadedKubeConfig> {
  const env = options.env ?? process.env;
  const { files, explicit } = kubeConfigFiles(options);
  const configs: KubeConfig[] = [];
  for (const file of files) {
    const config = await readKubeConfigFile(file, explicit);
    if (config) configs.push(config);
  }
  const merged = mergeKubeConfigs(configs);
  const empty =
    Object.keys(merged.contexts).length === 0 &&
    Object.keys(merged.clusters).length === 0 &&
    Object.keys(merged.users).length === 0;
  if (empty && options.context === undefined && !explicit && options.inCluster !== false) {
    const inCluster = options.inCluster ?? {};
    if (await isInCluster(env, inCluster)) return shownRedacted(await inClusterConfig({ ...inCluster, env }));
  }
  if (empty && options.context === undefined)
    throw new KubeConfigError(
      undefined,
      undefined,
      `no configuration has been provided: none of ${files.join(", ") || "(no files)"} defines a context, and this is not a pod (KUBERNETES_SERVICE_HOST is not set)`,
    );
  return shownRedacted(await resolveKubeConfigContext(merged, options.context, env));
}

/**
 * The loaded configuration, shown redacted by `console.log`, `util.inspect` and `JSON.stringify` (so by a JSON
 * logger such as pino): it holds the user's token, client key and password, and `clientOptions.env` the whole
 * process environment (a `GITHUB_TOKEN`, an `AWS_SECRET_ACCESS_KEY`), and a debugging print is pasted into issues.
 * `clientOptions` alone is shown the same way. Its properties keep their values: the program that loaded it reads
 * them.
 */
function shownRedacted(loaded: LoadedKubeConfig): LoadedKubeConfig {
  showRedacted(loaded, () => redactedView(loaded));
  showRedacted(
    loaded.clientOptions,
    () => (redactedView(loaded) as { clientOptions?: unknown }).clientOptions,
  );
  return loaded;
}

function showRedacted(target: object, view: () => unknown): void {
  Object.defineProperties(target, {
    [inspect.custom]: {
      enumerable: false,
      value: (_depth: number, options: object) => inspect(view(), options),
    },
    toJSON: { enumerable: false, value: view },
  });
}

function redactedView(loaded: LoadedKubeConfig): unknown {
  // Copies of the enumerable properties: the objects' own `toJSON` would call back here.
  const copy = { ...loaded, clientOptions: { ...loaded.clientOptions } };
  // `this[key]`: the value before its `toJSON` (a Buffer's would list the key's bytes).
  const plain = JSON.parse(
    JSON.stringify(copy, function (this: Record<string, unknown>, key: string, value: unknown) {
      const raw = key === "" ? value : this[key];
      if (raw instanceof Uint8Array) return `[${raw.length} bytes]`;
      if (typeof raw === "object" && raw !== null && !isPlainData(raw)) return `[${raw.constructor.name}]`;
      return value;
    }),
  ) as unknown;
  // The client's private key is `clientOptions.key`: a name no policy can call secret in every object.
  const client = (plain as { clientOptions?: { key?: unknown } }).clientOptions;
  if (client && typeof client.key === "string") client.key = keylessMarker(client.key);
  // Digest-free markers: a print needs no key file.
  return redactJson(plain, { marker: keylessMarker });
}

function isPlainData(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null || Array.isArray(value);
}

import { readFile, stat } from "node:fs/promises";
import type { LoadedKubeConfig } from "./load-kubeconfig.js";
import { KubeConfigError } from "./kubeconfig-error.js";

/** Where a pod's service-account files are mounted. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/**
 * Where the in-cluster configuration is read from; every default is the pod's service account mount and environment.
 */
export interface InClusterOptions {
  /** Default: `$SERVICE_ACCOUNT_DIR/token`. */
  tokenFile?: string;
  /** Default: `$SERVICE_ACCOUNT_DIR/ca.crt`. */
  caFile?: string;
  /** Default: `$SERVICE_ACCOUNT_DIR/namespace`. */
  namespaceFile?: string;
  /** Default: `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Whether this process runs in a pod: the service host and port are set and the token file exists. */
export async function isInCluster(
  env: Record<string, string | undefined>,
  options: InClusterOptions = {},
): Promise<boolean> {
  if (!env.KUBERNETES_SERVICE_HOST || !env.KUBERNETES_SERVICE_PORT) return false;
  try {
    await stat(options.tokenFile ?? `${SERVICE_ACCOUNT_DIR}/token`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The configuration of a client running in a pod, as client-go's `rest.InClusterConfig` builds it: the server from
 * `KUBERNETES_SERVICE_HOST`/`KUBERNETES_SERVICE_PORT`, the projected service-account token as a token file (re-read
 * as the kubelet rotates it), the cluster CA, and the pod's namespace.
 *
 * @example
 * const { clientOptions, namespace } = await inClusterConfig();
 */
export async function inClusterConfig(options: InClusterOptions = {}): Promise<LoadedKubeConfig> {
  const env = options.env ?? process.env;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port)
    throw new KubeConfigError(
      undefined,
      "KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT",
      "must be defined to load the in-cluster configuration",
    );
  const tokenFile = options.tokenFile ?? `${SERVICE_ACCOUNT_DIR}/token`;
  try {
    await readFile(tokenFile, "utf8");
  } catch (error) {
    throw new KubeConfigError(
      tokenFile,
      undefined,
      `cannot be read (${(error as NodeJS.ErrnoException).code})`,
      {
        cause: error,
      },
    );
  }
  let ca: string | undefined;
  try {
    ca = await readFile(options.caFile ?? `${SERVICE_ACCOUNT_DIR}/ca.crt`, "utf8");
  } catch {
    // client-go goes on without the CA (the system roots may still verify the server); so does kubewire.
  }
  let namespace = "default";
  try {
    const text = (await readFile(options.namespaceFile ?? `${SERVICE_ACCOUNT_DIR}/namespace`, "utf8")).trim();
    if (text !== "") namespace = text;
  } catch {
    // No namespace file: "default", as client-go.
  }
  const server = `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    source: "in-cluster",
    namespace,
    clientOptions: { server, tokenFile, namespace, env, ...(ca !== undefined ? { ca } : {}) },
  };
}

/**
 * The kubeconfig model, after parsing and path resolution: names as kubectl's YAML spells them turned into
 * camelCase, `*-data` fields decoded from base64, relative paths made absolute against the file that holds them.
 */

/** The credential plugin API versions kubewire speaks (client-go dropped v1alpha1 in 1.24). */
export const EXEC_API_VERSIONS = [
  "client.authentication.k8s.io/v1",
  "client.authentication.k8s.io/v1beta1",
] as const;
/** The `apiVersion` of an exec plugin's `ExecCredential`, one of {@link EXEC_API_VERSIONS}. */
export type ExecApiVersion = (typeof EXEC_API_VERSIONS)[number];

/** When an exec plugin may talk to the user through standard input. */
export const EXEC_INTERACTIVE_MODES = ["Never", "IfAvailable", "Always"] as const;
/** An exec plugin's `interactiveMode`, one of {@link EXEC_INTERACTIVE_MODES}. */
export type ExecInteractiveMode = (typeof EXEC_INTERACTIVE_MODES)[number];

/** `users[].user.exec`: an external command that prints an `ExecCredential`. */
export interface ExecConfig {
  /** The executable: a name looked up on PATH, or a path (made absolute when it was relative to the kubeconfig). */
  command: string;
  args: string[];
  /** Added to the environment kubewire itself runs with. */
  env: { name: string; value: string }[];
  apiVersion: ExecApiVersion;
  /** Shown when the command is not installed. */
  installHint?: string;
  /** Pass the cluster (server, CA, `extensions["client.authentication.k8s.io/exec"]`) in `KUBERNETES_EXEC_INFO`. */
  provideClusterInfo: boolean;
  interactiveMode: ExecInteractiveMode;
}

/** `clusters[].cluster`. */
export interface KubeConfigCluster {
  server?: string;
  /** Path of a PEM bundle (absolute). */
  certificateAuthority?: string;
  /** PEM bundle (decoded from `certificate-authority-data`). */
  certificateAuthorityData?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
  disableCompression?: boolean;
  /** `extensions[]` by name (the `extension` values). */
  extensions?: Record<string, unknown>;
}

/** `users[].user`. */
export interface KubeConfigUser {
  token?: string;
  /** Path of a file holding a bearer token (absolute); re-read when it changes. */
  tokenFile?: string;
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: string;
  username?: string;
  password?: string;
  /** Impersonation: `as`, `as-uid`, `as-groups`, `as-user-extra`. */
  as?: string;
  asUid?: string;
  asGroups?: string[];
  asUserExtra?: Record<string, string[]>;
  exec?: ExecConfig;
  /** Legacy in-tree auth providers (`oidc`, and the removed `gcp`/`azure`). */
  authProvider?: { name: string; config: Record<string, string> };
  extensions?: Record<string, unknown>;
}

/** `contexts[].context`. */
export interface KubeConfigContext {
  cluster: string;
  user: string;
  namespace?: string;
}

/** A named entry and where it was read from, so problems found later still name the file and the field. */
export interface KubeConfigEntry<T> {
  name: string;
  value: T;
  /** The file that defined it (the first one, by kubectl's merge rules). */
  file: string;
  /** Path of the entry in that file, e.g. `users[2]`. */
  path: string;
}

/** One or more kubeconfig files, merged with kubectl's rules. */
export interface KubeConfig {
  /** The files merged, in precedence order. */
  files: string[];
  currentContext?: string;
  /** The file that set `current-context`. */
  currentContextFile?: string;
  clusters: Record<string, KubeConfigEntry<KubeConfigCluster>>;
  users: Record<string, KubeConfigEntry<KubeConfigUser>>;
  contexts: Record<string, KubeConfigEntry<KubeConfigContext>>;
}

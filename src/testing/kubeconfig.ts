/** Options of the kubeconfig both test servers hand out for themselves. */
export interface KubeconfigOptions {
  /** The context's default namespace (default `default`). */
  namespace?: string;
  /** Name of the cluster, user and context (default `kubewire-fake`). */
  name?: string;
}

/** A kubeconfig for a server URL: CA data for TLS, a token when the server wants one. */
export function kubeconfigYaml(
  url: string,
  ca: string | undefined,
  token: string | undefined,
  k: KubeconfigOptions = {},
): string {
  const name = k.name ?? "kubewire-fake";
  const lines = [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${name}`,
    "  cluster:",
    `    server: ${url}`,
    ...(ca ? [`    certificate-authority-data: ${Buffer.from(ca).toString("base64")}`] : []),
    "contexts:",
    `- name: ${name}`,
    "  context:",
    `    cluster: ${name}`,
    `    user: ${name}`,
    `    namespace: ${k.namespace ?? "default"}`,
    `current-context: ${name}`,
    "preferences: {}",
    "users:",
    `- name: ${name}`,
    // kubectl prompts for a password when an https user has no credentials: a placeholder token avoids that
    // (a server started without a token accepts any).
    "  user:",
    `    token: ${JSON.stringify(token ?? "kubewire-fake-server-accepts-any-token")}`,
    "",
  ];
  return lines.join("\n");
}

/**
 * The kubeconfig a proxied tool uses: one cluster (the proxy, with the throwaway CA that signed its certificate),
 * one user (the proxy's per-run token) and the namespace of the upstream context, so that the tool acts as it
 * would with the user's own kubeconfig. Over plain HTTP the server URL ends in the token as well: Go clients send
 * no credentials to an `http://` server.
 */
export function proxyKubeconfig(options: {
  url: string;
  token: string;
  ca?: string | undefined;
  namespace?: string | undefined;
}): string {
  const name = "kubewire-proxy";
  const server = options.ca ? options.url : `${options.url}/${options.token}`;
  const lines = [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${name}`,
    "  cluster:",
    `    server: ${server}`,
    ...(options.ca ? [`    certificate-authority-data: ${Buffer.from(options.ca).toString("base64")}`] : []),
    "contexts:",
    `- name: ${name}`,
    "  context:",
    `    cluster: ${name}`,
    `    user: ${name}`,
    ...(options.namespace ? [`    namespace: ${JSON.stringify(options.namespace)}`] : []),
    `current-context: ${name}`,
    "preferences: {}",
    "users:",
    `- name: ${name}`,
    "  user:",
    `    token: ${JSON.stringify(options.token)}`,
    "",
  ];
  return lines.join("\n");
}

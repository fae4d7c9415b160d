/**
 * A `Status` failure as kube-apiserver writes it (its key order, a final newline), for kubewire's own answers to
 * clients: a replay miss, a proxy that cannot reach the cluster. Clients show its `message` as the server's.
 */
export function failureStatusText(code: number, reason: string, message: string): string {
  return (
    JSON.stringify({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message,
      reason,
      code,
    }) + "\n"
  );
}

// A module of its own: a get asks for tables without the table printer, which it may never load.
/**
 * The `Accept` header kubectl sends for its default `get` output and `-o wide` (kubectl `get.go`
 * `transformRequests`): a server-side `Table`, v1 or v1beta1, or plain JSON from servers that cannot print.
 */
export const KUBECTL_TABLE_ACCEPT =
  "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

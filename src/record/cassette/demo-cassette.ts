import { fileURLToPath } from "node:url";

/**
 * The recording `kubewire demo` and the README tour replay, shipped in the package: `kubectl get configmap
 * --selector app=blog -n list-resources-ns -o json` against a real kube-apiserver 1.28.7 (one exchange, the token
 * redacted). An absolute path, so it works from any project that installed kubewire.
 *
 * @example
 * const cassette = await loadCassette(DEMO_CASSETTE);
 */
export const DEMO_CASSETTE: string = fileURLToPath(
  new URL("../../../fixtures/demo/configmaps-by-label.cassette.json", import.meta.url),
);

/**
 * `kubewire/config`: kubeconfig files (parse, merge, resolve a context), in-cluster configuration, proxies from
 * the environment, and exec credential plugins, as kubectl reads them.
 *
 * @packageDocumentation
 */
export { kubeConfigFiles, loadKubeConfig, resolveKubeConfigContext } from "./load-kubeconfig.js";
export type { LoadedKubeConfig, LoadKubeConfigOptions } from "./load-kubeconfig.js";
export { mergeKubeConfigs, parseKubeConfig } from "./parse-kubeconfig.js";
export { EXEC_API_VERSIONS, EXEC_INTERACTIVE_MODES } from "./kubeconfig-types.js";
export type {
  ExecApiVersion,
  ExecConfig,
  ExecInteractiveMode,
  KubeConfig,
  KubeConfigCluster,
  KubeConfigContext,
  KubeConfigEntry,
  KubeConfigUser,
} from "./kubeconfig-types.js";
export { KubeConfigError } from "./kubeconfig-error.js";
export { inClusterConfig, isInCluster, SERVICE_ACCOUNT_DIR } from "./in-cluster.js";
export type { InClusterOptions } from "./in-cluster.js";
export { proxyFromEnvironment } from "./proxy-from-environment.js";
export { EXEC_PLUGIN_FAILURES, ExecPluginError } from "../auth/exec-plugin.js";
export type { ExecCredentialResult, ExecPluginFailure } from "../auth/exec-plugin.js";

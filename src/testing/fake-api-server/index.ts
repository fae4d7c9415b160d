export { createFakeApiServer, describeRequest, kubeconfigYaml, parseManifests } from "./server.js";
export type {
  FakeApiServer,
  FakeApiServerOptions,
  KubeconfigOptions,
  RequestRecord,
  VersionInfo,
} from "./server.js";
export { FakeCluster } from "./cluster.js";
export type { Target } from "./cluster.js";
export { FaultController, REQUEST_VERBS } from "./faults.js";
export type { Fault, FaultAction, FaultHandle, FaultMatch, RequestInfo, RequestVerb } from "./faults.js";
export { ManifestError } from "./manifest-error.js";

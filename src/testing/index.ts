/**
 * `kubewire/testing`: test helpers, on their own subpath so the main import never pulls them in. The in-memory
 * API server, the fault-injecting server, cassettes in tests (`useCassette`), the snapshot serializer, replay, and
 * throwaway certificates for local TLS servers.
 *
 * @packageDocumentation
 */
export { createRecorder } from "../record/capture/recorder.js";
export { createReplayDispatcher } from "../record/replay/replay-dispatcher.js";
export { loadCassette } from "../record/cassette/cassette.js";
export { openCassette } from "../record/cassette/cassette-session.js";
export { startReplayServer } from "../record/replay/replay-server.js";
export { kubeSnapshotSerializer } from "./kube-snapshot-serializer.js";
export { useCassette } from "./use-cassette.js";
export type { CassetteHandle, UseCassetteOptions } from "./use-cassette.js";
export {
  createCertificateAuthority,
  createSelfSignedCertificate,
  issueCertificate,
} from "../internal/certificates.js";
export type {
  CertificateAuthority,
  CertificateKeyPair,
  GeneratedCertificate,
} from "../internal/certificates.js";
export { createFakeApiServer } from "./fake-api-server/server.js";
export type { FakeApiServer, FakeApiServerOptions, RequestRecord } from "./fake-api-server/server.js";
export type { VersionInfo } from "./fake-api-server/version.js";
export { parseManifests } from "./fake-api-server/manifests.js";
export { kubeconfigYaml } from "./kubeconfig.js";
export type { KubeconfigOptions } from "./kubeconfig.js";
export { describeRequest, REQUEST_VERBS } from "./request-info.js";
export type { RequestInfo, RequestVerb } from "./request-info.js";
export type { FaultMatch, FaultRuleHandle } from "./fault-rules.js";
export { FakeCluster } from "./fake-api-server/cluster.js";
export type { Target } from "./fake-api-server/cluster.js";
export { FaultController } from "./fake-api-server/faults.js";
export type { Fault, FaultAction } from "./fake-api-server/faults.js";
export { ManifestError } from "./fake-api-server/manifest-error.js";
export { createFaultServer, FAULT_SERVER_TLS } from "./fault-server/fault-server.js";
export type {
  FaultServer,
  FaultServerOptions,
  FaultServerRequest,
  FaultServerTls,
} from "./fault-server/fault-server.js";
export { FAULT_KINDS, seededRandom } from "./fault-server/fault-spec.js";
export type { FaultKind, FaultRule, FaultSpec, RandomFaults } from "./fault-server/fault-spec.js";

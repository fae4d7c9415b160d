/**
 * Test helpers, on their own subpath (`kubewire/testing`) so the main import never pulls them in.
 */
export {
  createRecorder,
  createReplayDispatcher,
  loadCassette,
  openCassette,
  startReplayServer,
} from "../record/index.js";
export { kubeSnapshotSerializer } from "./kube-snapshot-serializer.js";
export { useCassette } from "./use-cassette.js";
export type { CassetteHandle, UseCassetteOptions } from "./use-cassette.js";
export {
  createCertificateAuthority,
  createSelfSignedCertificate,
  issueCertificate,
} from "../record/index.js";
export type { CertificateAuthority, CertificateKeyPair, GeneratedCertificate } from "../record/index.js";
export * from "./fake-api-server/index.js";
export * from "./fault-server/index.js";

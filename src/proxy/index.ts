/**
 * `kubewire/proxy`: a local recording proxy for the Kubernetes API. Point any client at the kubeconfig it writes
 * (kubectl, helm, a client-go operator, a client-node script) and every exchange is logged as kubectl `--v=N` logs
 * its own, and recorded, redacted, as a cassette. See docs/proxy.md.
 *
 * @packageDocumentation
 */
export { createRecordingProxy } from "./recording-proxy.js";
export type { RecordingProxy, RecordingProxyOptions } from "./recording-proxy.js";
export type { LogSink } from "./live-log.js";
export { NOTICE_PREFIX } from "./live-log.js";
export { ProxyListenError } from "./errors.js";

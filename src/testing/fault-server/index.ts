export { createFaultServer, FAULT_SERVER_TLS } from "./fault-server.js";
export type { FaultServer, FaultServerOptions, FaultServerRequest, FaultServerTls } from "./fault-server.js";
export { FAULT_KINDS, seededRandom } from "./fault-spec.js";
export type {
  FaultKind,
  FaultServerMatch,
  FaultRequest,
  FaultRule,
  FaultRuleHandle,
  FaultSpec,
  RandomFaults,
} from "./fault-spec.js";

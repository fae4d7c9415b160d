/**
 * Test helpers, on their own subpath (`kubewire/testing`) so the main import never pulls them in.
 */
export { createReplayDispatcher, createRecorder, loadCassette } from "../record/index.js";
export { generateTestCertificates } from "./certificates.js";
export type { TestCertificates } from "./certificates.js";
export * from "./fake-api-server/index.js";

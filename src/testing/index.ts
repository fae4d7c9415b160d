/**
 * Test helpers, on their own subpath (`kubewire/testing`) so the main import never pulls them in.
 */
export { createReplayDispatcher, createRecorder, loadCassette } from "../record/index.js";

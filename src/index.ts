/**
 * kubewire: see what really crosses the wire to the Kubernetes API, and act on it safely.
 *
 * Layers (DESIGN.md): `normalize` (pure JSON transforms) and `record` (exchanges, cassettes, redaction, replay) at
 * the bottom; `client` (talking to servers) and `inspect` (kubectl views, logs, diffs) above them.
 */
export { KubewireError } from "./errors.js";
export * from "./normalize/index.js";
export * from "./record/index.js";
export * from "./client/index.js";
export * from "./inspect/index.js";

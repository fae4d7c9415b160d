import { createRequire } from "node:module";
import type * as Crypto from "node:crypto";
import type * as Http from "node:http";
import type * as Zlib from "node:zlib";
import type AjvModule from "ajv";
import type * as Diff from "diff";
import type Forge from "node-forge";
import type * as Yaml from "yaml";

/**
 * The heavier dependencies, loaded on first use. Importing kubewire should cost what a caller uses: a client that
 * lists objects needs undici, not yaml (kubeconfigs, YAML bodies and renderings), ajv (OpenAPI validation), diff
 * (unified diffs) or node-forge (test certificates). Together they took about 100 ms and several megabytes at
 * every start of the CLI and of every program importing kubewire. All four ship CommonJS, so a synchronous
 * `require` keeps the APIs that use them synchronous.
 */
const require = createRequire(import.meta.url);

function once<T>(load: () => T): () => T {
  let module: T | undefined;
  return () => (module ??= load());
}

/** The `yaml` package. */
export const yamlModule = once(() => require("yaml") as typeof Yaml);
/** ajv's class (CommonJS: under NodeNext its class is the module's `default`). */
export const ajvClass = once(() => (require("ajv") as typeof AjvModule).default);
/** The `diff` package (jsdiff). */
export const diffModule = once(() => require("diff") as typeof Diff);
/** node-forge. */
export const forgeModule = once(() => require("node-forge") as typeof Forge);
/** node:crypto: loading it (with WebCrypto, key generation, X.509...) is a few ms; a get rarely needs it. */
export const cryptoModule = once(() => require("node:crypto") as typeof Crypto);
/** node:zlib: only compressed bodies need it, and loading it is a few ms of every CLI start. */
export const zlibModule = once(() => require("node:zlib") as typeof Zlib);
/** node:http: its server, agent and parser are several ms to load; a client on undici needs only its status names. */
export const httpModule = once(() => require("node:http") as typeof Http);

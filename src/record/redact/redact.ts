import { createHash } from "node:crypto";
import {
  bodyText,
  capturedChunks,
  capturedIsBinary,
  capturedText,
  jsonBody,
  streamBody,
} from "../exchange/body.js";
import type { Body, Exchange, HeaderMap, StreamChunk } from "../exchange/exchange.js";
import { redactPartialJsonText } from "./redact-partial-json.js";
import { yamlModule } from "../../internal/lazy-modules.js";
import { isJsonObject } from "../../internal/json.js";

/**
 * Redaction happens when an exchange is captured (docs/design.md, "One seam"): nothing secret outlives the request in a log line,
 * a cassette or an error. Values are replaced by a marker that keeps the structure readable and comparable: the
 * key stays, the marker says how long the value was and gives a short hash, so a diff still shows that a value
 * changed without showing the value.
 *
 * What counts as secret (docs/cassette-format.md, "Redaction"): credential headers and query parameters; Secret
 * `data`/`stringData` values wherever a Secret appears (single objects, list items, watch events, Table rows,
 * request bodies and patches, YAML apply bodies); TokenRequest/TokenReview/ExecCredential tokens; the secret parts
 * of the `kubectl.kubernetes.io/last-applied-configuration` annotation; kubeconfig credentials, also when a
 * kubeconfig or a Secret manifest sits inside a string value; and any body that may hold one of these but cannot
 * be parsed, which goes whole.
 */

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
const MARKER = /^\[redacted len=\d+ sha256:[0-9a-f]{8}\]$/;

/** The marker that stands for a secret value: `[redacted len=N sha256:xxxxxxxx]` (N in UTF-8 bytes). */
export function redactionMarker(value: string): string {
  const hash = createHash("sha256").update("kubewire-redaction-v1\0").update(value).digest("hex").slice(0, 8);
  return `[redacted len=${Buffer.byteLength(value)} sha256:${hash}]`;
}

/** Whether a value is exactly a redaction marker (so redacting twice changes nothing). */
export function isRedactionMarker(value: unknown): boolean {
  return typeof value === "string" && MARKER.test(value);
}

function redactValue(value: unknown): unknown {
  if (isRedactionMarker(value)) return value;
  if (typeof value === "string") return redactionMarker(value);
  if (value === null || value === undefined) return value;
  return redactionMarker(JSON.stringify(value));
}

const SECRET_HEADER =
  /^(?:authorization|proxy-authorization|cookie|set-cookie)$|token|secret|password|api-?key|credential/i;
const AUTH_SCHEME = /^([A-Za-z][\w.-]*) (.+)$/;

/** What kubectl prints instead of a credential (`Bearer <masked>`): an imported log holds nothing more to hide. */
const KUBECTL_MASK = "<masked>";

function redactHeaderValue(name: string, value: string): string {
  if (isRedactionMarker(value) || value === KUBECTL_MASK) return value;
  if (/^(?:proxy-)?authorization$/i.test(name)) {
    const m = AUTH_SCHEME.exec(value);
    // Keep the scheme: "Bearer" or "Basic" is useful when debugging auth and says nothing secret.
    if (m?.[1] && m[2] !== undefined)
      return isRedactionMarker(m[2]) || m[2] === KUBECTL_MASK ? value : `${m[1]} ${redactionMarker(m[2])}`;
  }
  return redactionMarker(value);
}

/** Redacts credential-bearing headers (Authorization, Proxy-Authorization, cookies, token-like names). */
export function redactHeaders(headers: HeaderMap): { headers: HeaderMap; changed: boolean } {
  let changed = false;
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!SECRET_HEADER.test(name)) {
      out[name] = value;
      continue;
    }
    const redacted = Array.isArray(value)
      ? value.map((v) => redactHeaderValue(name, v))
      : redactHeaderValue(name, value);
    changed ||= JSON.stringify(redacted) !== JSON.stringify(value);
    out[name] = redacted;
  }
  return { headers: changed ? out : headers, changed };
}

const SECRET_QUERY_PARAM = /^(?:token|access_token|id_token|password)$/i;

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Redacts credential query parameters (`?access_token=`), which some proxies in front of clusters accept. */
export function redactUrl(url: string): { url: string; changed: boolean } {
  const q = url.indexOf("?");
  if (q < 0) return { url, changed: false };
  let changed = false;
  const parts = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const key = eq < 0 ? pair : pair.slice(0, eq);
      if (eq < 0 || !SECRET_QUERY_PARAM.test(safeDecode(key))) return pair;
      const value = safeDecode(pair.slice(eq + 1));
      if (isRedactionMarker(value)) return pair;
      changed = true;
      return `${key}=${encodeURIComponent(redactionMarker(value))}`;
    });
  return { url: changed ? `${url.slice(0, q)}?${parts.join("&")}` : url, changed };
}

/** Where a JSON value was seen; URL and method tell which bodies address Secrets without saying so. */
export interface RedactionContext {
  /** The request URL (path and query are enough). */
  url?: string;
}

function urlPath(url: string | undefined): string {
  return (url ?? "").replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, "").split(/[?#]/, 1)[0]!;
}

// A namespace named "secrets" is not the secrets resource.
const SECRETS_PATH = /(?<!\/namespaces)\/secrets(?:\/[^/]*)?$/;
const TOKEN_PATH = /\/serviceaccounts\/[^/]+\/token$|\/tokenreviews(?:\/[^/]*)?$/;

/** Whether a URL addresses the `secrets` resource (a list, one Secret, or a watch of them). */
export function isSecretsUrl(url: string | undefined): boolean {
  return SECRETS_PATH.test(urlPath(url));
}

/** Whether a URL addresses a token endpoint (ServiceAccount `token` subresource, TokenReview). */
function isTokenUrl(url: string | undefined): boolean {
  return TOKEN_PATH.test(urlPath(url));
}

type Json = unknown;
type JsonObject = Record<string, Json>;

/** Copy-on-write: returns `obj` itself when `key` already holds `value`, a shallow copy otherwise. */
function withKey(obj: JsonObject, key: string, value: Json): JsonObject {
  return obj[key] === value ? obj : { ...obj, [key]: value };
}

function redactMapValues(map: Json): Json {
  if (!isJsonObject(map)) return map === undefined || map === null ? map : redactValue(map);
  let out = map;
  for (const [k, v] of Object.entries(map)) out = withKey(out, k, redactValue(v));
  return out;
}

function redactSecretFields(obj: JsonObject): JsonObject {
  let out = obj;
  if ("data" in obj) out = withKey(out, "data", redactMapValues(obj.data));
  if ("stringData" in obj) out = withKey(out, "stringData", redactMapValues(obj.stringData));
  return out;
}

function redactPath(obj: JsonObject, path: string[]): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined || !(head in obj)) return obj;
  const child = obj[head];
  if (rest.length === 0) return withKey(obj, head, redactValue(child));
  return isJsonObject(child) ? withKey(obj, head, redactPath(child, rest)) : obj;
}

/** Credential fields of a kubeconfig user (client-go `AuthInfo`); file paths and certificates are not secret. */
const KUBECONFIG_USER_SECRETS = ["token", "password", "client-key-data"];
const SECRET_NAME = /token|secret|password|key/i;
// `[\s\S]`: a value with a line break (a YAML block scalar) is still the value.
const SECRET_ARG = /^(--?[\w-]*(?:token|secret|password|key)[\w-]*=)([\s\S]+)$/i;
/** A flag whose value follows as the next argument (`--token VALUE`). */
const SECRET_FLAG = /^--?[\w-]*(?:token|secret|password|key)[\w-]*$/i;

function redactKubeconfigUser(user: JsonObject): JsonObject {
  let out = user;
  for (const key of KUBECONFIG_USER_SECRETS) if (key in out) out = redactPath(out, [key]);
  const provider = out["auth-provider"];
  if (isJsonObject(provider) && isJsonObject(provider.config)) {
    let config = provider.config;
    for (const [k, v] of Object.entries(config))
      if (SECRET_NAME.test(k)) config = withKey(config, k, redactValue(v));
    out = withKey(out, "auth-provider", withKey(provider, "config", config));
  }
  const exec = out.exec;
  if (isJsonObject(exec)) {
    let execOut = exec;
    if (Array.isArray(exec.env)) {
      const env = exec.env.map((e: Json) =>
        isJsonObject(e) && "value" in e ? withKey(e, "value", redactValue(e.value)) : e,
      );
      execOut = withKey(execOut, "env", env);
    }
    if (Array.isArray(exec.args)) {
      // `--token=...` style arguments carry credentials on the command line of some plugins.
      const args = exec.args.map((a: Json, i: number, all: Json[]) => {
        const previous = all[i - 1];
        if (
          typeof a === "string" &&
          typeof previous === "string" &&
          SECRET_FLAG.test(previous) &&
          !a.startsWith("-")
        )
          return isRedactionMarker(a) ? a : redactionMarker(a);
        const m = typeof a === "string" ? SECRET_ARG.exec(a) : null;
        return m && !isRedactionMarker(m[2]) ? `${m[1]}${redactionMarker(m[2]!)}` : a;
      });
      if (args.some((a, i) => a !== (exec.args as Json[])[i])) execOut = withKey(execOut, "args", args);
    }
    out = withKey(out, "exec", execOut);
  }
  return out;
}

function redactKubeconfig(obj: JsonObject): JsonObject {
  const users = obj.users;
  if (!Array.isArray(users)) return obj;
  let changed = false;
  const redactedUsers = users.map((entry: Json) => {
    if (!isJsonObject(entry) || !isJsonObject(entry.user)) return entry;
    const user = redactKubeconfigUser(entry.user);
    changed ||= user !== entry.user;
    return withKey(entry, "user", user);
  });
  return changed ? withKey(obj, "users", redactedUsers) : obj;
}

/** The annotation value with its secret parts redacted (kubectl writes compact JSON and a newline). */
function redactLastAppliedText(annotation: string, onSecret: boolean): string {
  try {
    const parsed = JSON.parse(annotation) as Json;
    const redacted = redactNode(parsed, { impliedKind: onSecret ? "Secret" : undefined, secretsUrl: false });
    if (redacted === parsed) return annotation;
    return JSON.stringify(redacted) + (annotation.endsWith("\n") ? "\n" : "");
  } catch {
    // Not JSON: on a Secret, or if it looks like one, it may hold anything, so it goes whole.
    return onSecret || /Secret|"data"|"stringData"|token/.test(annotation)
      ? (redactValue(annotation) as string)
      : annotation;
  }
}

function redactLastApplied(obj: JsonObject, onSecret: boolean): JsonObject {
  const metadata = obj.metadata;
  if (!isJsonObject(metadata) || !isJsonObject(metadata.annotations)) return obj;
  const annotation = metadata.annotations[LAST_APPLIED];
  if (typeof annotation !== "string") return obj;
  const replacement = redactLastAppliedText(annotation, onSecret);
  if (replacement === annotation) return obj;
  return withKey(
    obj,
    "metadata",
    withKey(metadata, "annotations", withKey(metadata.annotations, LAST_APPLIED, replacement)),
  );
}

/** JSON Patch operations on a Secret: values under /data and /stringData, the last-applied annotation, whole documents. */
function redactJsonPatchOps(ops: Json[]): Json[] {
  let changed = false;
  const out = ops.map((op) => {
    if (!isJsonObject(op) || typeof op.path !== "string" || !("value" in op)) return op;
    const path = op.path;
    let value = op.value;
    if (/^\/(?:data|stringData)\/./.test(path)) value = redactValue(value);
    else if (/^\/(?:data|stringData)$/.test(path)) value = redactMapValues(value);
    else if (path === `/metadata/annotations/${LAST_APPLIED.replace("/", "~1")}` && typeof value === "string")
      value = redactLastAppliedText(value, true);
    else if (path === "/metadata/annotations" && isJsonObject(value)) {
      const metadata = redactLastApplied({ metadata: { annotations: value } }, true).metadata as JsonObject;
      value = metadata.annotations;
    } else if (path === "/metadata" && isJsonObject(value))
      value = redactLastApplied({ metadata: value }, true).metadata;
    else if (path === "" || path === "/")
      value = redactNode(value, { impliedKind: "Secret", secretsUrl: true });
    if (value === op.value) return op;
    changed = true;
    return { ...op, value };
  });
  return changed ? out : ops;
}

/**
 * Whether text names something secret, so is worth parsing: `"kind":"Secret"` (SecretList, TokenRequest,
 * TokenReview, ExecCredential, Config) or `kind: Secret`, the last-applied annotation, or a `token`, `password` or
 * `client-key-data` key in JSON (`"token":`) or YAML (`token:`). Escaped quotes count, so documents inside JSON
 * strings are seen. It is the regular expression
 *
 *   \\*"kind\\*"\s*:\s*\\*"(?:Secret|SecretList|TokenRequest|TokenReview|ExecCredential|Config)\\*"
 *   |\bkind:\s*["']?(?:Secret|SecretList|TokenRequest|TokenReview|ExecCredential|Config)\b
 *   |last-applied-configuration|\\*"(?:token|password|client-key-data)\\*"\s*:|\b(?:token|password|client-key-data):
 *
 * evaluated in parts: as one alternation V8 tries every branch at every position, and this test runs on every body
 * that may hold a secret (every truncated body of an imported kubectl log). One scan finds the literal each branch
 * starts with (`kind`, the key words, the annotation's name), and only there is the rest of a branch tried.
 */
export function mayHoldSecrets(text: string): boolean {
  // Every occurrence of every anchor, overlapping ones included (the search resumes one character on); the
  // anchors start with different letters, so no two match at one position.
  ANCHOR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ANCHOR.exec(text)) !== null) {
    const at = m.index;
    ANCHOR.lastIndex = at + 1;
    const word = m[0];
    if (word === "kind") {
      if (at > 0 && text.charCodeAt(at - 1) === 0x22) {
        KIND_VALUE_AT.lastIndex = at - 1;
        if (KIND_VALUE_AT.test(text)) return true;
      }
      KIND_YAML_AT.lastIndex = at;
      if (KIND_YAML_AT.test(text)) return true;
    } else if (word === "last-applied-configuration") return true;
    else if (keyWordAt(text, at, word.length)) return true;
  }
  return false;
}

const KIND_NAMES = "(?:Secret|SecretList|TokenRequest|TokenReview|ExecCredential|Config)";
/** The kind alternatives, tried where the anchor found `kind` (the `"` before it for the JSON one). */
const KIND_VALUE_AT = new RegExp(`"kind\\\\*"\\s*:\\s*\\\\*"${KIND_NAMES}\\\\*"`, "y");
const KIND_YAML_AT = new RegExp(`\\bkind:\\s*["']?${KIND_NAMES}\\b`, "y");
/**
 * What every alternative starts with, found by one regular expression: V8 searches literal alternatives together,
 * several times faster than a scan per alternative (a short word such as `token` is searched by `indexOf`
 * character by character).
 */
const ANCHOR = /kind|last-applied-configuration|token|password|client-key-data/g;
const SPACE = /\s/;
const WORD_CHAR = /\w/;

/** `\\*"word\\*"\s*:` or `\bword:` for the key word of `length` characters at `at`. */
function keyWordAt(text: string, at: number, length: number): boolean {
  const after = at + length;
  if (text[after] === ":" && (at === 0 || !WORD_CHAR.test(text[at - 1]!))) return true;
  if (at === 0 || text[at - 1] !== '"') return false;
  let i = after;
  while (text[i] === "\\") i++;
  if (text[i] !== '"') return false;
  i++;
  while (i < text.length && SPACE.test(text[i]!)) i++;
  return text[i] === ":";
}

/** A string value that is itself a manifest or kubeconfig holding secrets (a kubeconfig in a ConfigMap, a Secret in a Helm template value). */
const EMBEDDED_DOCUMENT =
  /"kind"\s*:\s*"(?:Secret|SecretList|Config|ExecCredential|TokenRequest|TokenReview)"|^\s*kind:\s*["']?(?:Secret|SecretList|Config|ExecCredential|TokenRequest|TokenReview)\b/m;

function redactEmbedded(text: string): string {
  if (text.length < 12 || !EMBEDDED_DOCUMENT.test(text)) return text;
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      const parsed = JSON.parse(text) as Json;
      const redacted = redactNode(parsed, { secretsUrl: false });
      return redacted === parsed ? text : JSON.stringify(redacted) + (text.endsWith("\n") ? "\n" : "");
    } catch {
      // Fall through to YAML, a superset of JSON.
    }
  }
  const r = redactYamlDocuments(text, {}, false);
  return r ?? text;
}

interface WalkContext {
  /** The kind an object has when it does not say (list items, Table row objects, watch event objects). */
  impliedKind?: string | undefined;
  /** The request addressed Secrets: objects without a kind that carry `data`/`stringData` are Secret content. */
  secretsUrl: boolean;
  /** The request addressed a token endpoint: `status.token` / `spec.token` without a kind are tokens. */
  tokenUrl?: boolean;
}

/**
 * Walks a JSON value and redacts what is secret in it, wherever it sits: Secrets (also as bare list items, watch
 * event objects, Table row objects), the last-applied annotation, TokenRequest/TokenReview tokens, ExecCredential
 * results, kubeconfig documents, and such documents embedded in string values. Returns the same value when
 * nothing changed.
 */
function redactNode(node: Json, ctx: WalkContext, isRoot = false): Json {
  if (Array.isArray(node)) {
    if (isRoot && ctx.secretsUrl) return redactJsonPatchOps(node);
    let changed = false;
    const out = node.map((item: Json) => {
      const r =
        typeof item === "string"
          ? redactEmbedded(item)
          : redactNode(item, { ...ctx, impliedKind: ctx.impliedKind });
      changed ||= r !== item;
      return r;
    });
    return changed ? out : node;
  }
  if (!isJsonObject(node)) return node;

  const kind = typeof node.kind === "string" ? node.kind : ctx.impliedKind;
  const child = (key: string): string | undefined => {
    if (key === "items")
      return kind?.endsWith("List") && kind !== "List"
        ? kind.slice(0, -4)
        : ctx.secretsUrl
          ? "Secret"
          : undefined;
    // A watch event's object and a Table row's object are whole objects of the watched/listed resource.
    if (key === "object" && ctx.secretsUrl) return "Secret";
    if (key === "rows" && kind === "Table" && ctx.secretsUrl) return "TableRow";
    return undefined;
  };
  let out: JsonObject = node;
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === "string") {
      const r = key === LAST_APPLIED ? value : redactEmbedded(value);
      if (r !== value) out = withKey(out, key, r);
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    const r = redactNode(value, { ...ctx, impliedKind: child(key) });
    if (r !== value) out = withKey(out, key, r);
  }

  const secretsUrlObject = ctx.secretsUrl && node.kind === undefined && kind !== "TableRow";
  const isSecret = kind === "Secret" || secretsUrlObject;
  // A body sent to a secrets URL without a kind (a merge patch, an apply) is Secret content all the same.
  if (isSecret) out = redactSecretFields(out);
  if (kind === "TokenRequest" || (ctx.tokenUrl && isRoot)) out = redactPath(out, ["status", "token"]);
  if (kind === "TokenReview" || (ctx.tokenUrl && isRoot)) out = redactPath(out, ["spec", "token"]);
  if (kind === "ExecCredential") {
    out = redactPath(out, ["status", "token"]);
    out = redactPath(out, ["status", "clientKeyData"]);
  }
  if (
    (kind === "Config" || (kind === undefined && Array.isArray(out.users) && Array.isArray(out.clusters))) &&
    Array.isArray(out.users)
  )
    out = redactKubeconfig(out);
  out = redactLastApplied(out, isSecret || ctx.secretsUrl);
  return out;
}

/** Redacts a JSON value (see {@link redactExchange}); returns the same reference when nothing was secret. */
export function redactJson(value: unknown, context: RedactionContext = {}): unknown {
  return redactNode(
    value,
    { secretsUrl: isSecretsUrl(context.url), tokenUrl: isTokenUrl(context.url) },
    true,
  );
}

function sensitiveUrl(context: RedactionContext): boolean {
  return isSecretsUrl(context.url) || isTokenUrl(context.url);
}

/** A cut-short text that names a Secret, a generic List, or no kind at all (then nothing says it is not a Secret). */
const MAY_BE_SECRET = /"kind"\s*:\s*"(?:Secret|SecretList|List)"|^(?![\s\S]*"kind"\s*:)/;

/**
 * Redacts JSON text. Undefined when nothing changed; a marker for the whole text when it may hold a secret but
 * cannot be parsed (a body cut short, a line of a watch cut mid-event).
 */
function redactJsonText(text: string, context: RedactionContext): string | undefined {
  const sensitive = sensitiveUrl(context);
  if (!sensitive && !mayHoldSecrets(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    if (text.trim() === "") return undefined;
    // Cut short (a truncated log body, a dropped connection): redact by walking the tokens that are there.
    return redactPartialJsonText(
      text,
      sensitiveUrl(context) || MAY_BE_SECRET.test(text),
      redactionMarker,
      mayHoldSecrets,
    );
  }
  let redacted: unknown;
  try {
    redacted = redactJson(parsed, context);
  } catch (error) {
    // Nested too deep to walk (the stack ran out): what cannot be checked goes whole.
    if (error instanceof RangeError) return redactionMarker(text);
    throw error;
  }
  return redacted === parsed ? undefined : JSON.stringify(redacted) + (text.endsWith("\n") ? "\n" : "");
}

function redactYamlDocuments(
  text: string,
  context: RedactionContext,
  sensitive: boolean,
): string | undefined {
  try {
    const docs = yamlModule().parseAllDocuments(text);
    if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) throw new Error("unparseable");
    let changed = false;
    const out = docs.map((d) => {
      const value = d.toJS() as unknown;
      const r = redactJson(value, context);
      changed ||= r !== value;
      return yamlModule().stringify(r);
    });
    return changed ? out.join("---\n") : undefined;
  } catch {
    // Text we cannot read that may hold a secret is dropped whole rather than guessed at.
    return sensitive || mayHoldSecrets(text) ? redactionMarker(text) : undefined;
  }
}

function redactYamlText(text: string, context: RedactionContext): string | undefined {
  const sensitive = sensitiveUrl(context);
  if (!sensitive && !mayHoldSecrets(text)) return undefined;
  // Plain text that only mentions a token (a log line, `healthz` output) is not a document: leave it.
  if (!sensitive && !/^\s*(?:---\s*\n)?(?:[\w.-]+|"[^"]*"):(?:\s|$)/m.test(text)) return undefined;
  return redactYamlDocuments(text, context, sensitive);
}

function redactStream(chunks: StreamChunk[], context: RedactionContext): StreamChunk[] | undefined {
  // Events are newline-delimited JSON and may straddle chunks: redact whole lines, each attributed to the chunk
  // in which it ends, so timing is kept at line granularity.
  let changed = false;
  const out: StreamChunk[] = [];
  let pending = "";
  for (const chunk of chunks) {
    const text = pending + chunk.text;
    const lastNewline = text.lastIndexOf("\n");
    pending = lastNewline < 0 ? text : text.slice(lastNewline + 1);
    if (lastNewline < 0) continue;
    const lines = text.slice(0, lastNewline + 1).split(/(?<=\n)/);
    const redacted = lines.map((line) => {
      const r = redactJsonText(line, context);
      if (r === undefined) return line;
      changed = true;
      return r.endsWith("\n") ? r : r + "\n";
    });
    out.push({ atMs: chunk.atMs, text: redacted.join("") });
  }
  if (pending) {
    const r = redactJsonText(pending, context) ?? pending;
    changed ||= r !== pending;
    out.push({ atMs: chunks.at(-1)?.atMs ?? 0, text: r });
  }
  return changed ? out : undefined;
}

const BINARY_MAY_HOLD = [
  "Secret",
  "TokenRequest",
  "TokenReview",
  "ExecCredential",
  "last-applied-configuration",
];

/**
 * The pre-scan of captured bytes, which decides on the hot path whether a body needs decoding and parsing at all.
 * A text body is redacted only if {@link mayHoldSecrets} matches it (or its URL is sensitive), a binary one only
 * if it holds one of {@link BINARY_MAY_HOLD}; the scan looks for what those need, with Buffer.indexOf:
 *
 * - a kind word: `Secret` (SecretList), `TokenRe` (TokenRequest, TokenReview), `ExecC` (ExecCredential), and
 *   `Config` not followed by a letter or digit (ConfigMap is not a kubeconfig). mayHoldSecrets knows these
 *   words only as the value of a `kind` key, so an occurrence counts only after `kind`, a colon, and the quotes,
 *   backslashes and spaces that may stand between them: `imagePullSecrets` or a Pod's `serviceAccountToken` do
 *   not count. An occurrence that does not count for text still counts for a binary body, which is then the only
 *   question left: whether the bytes are binary (decided without decoding them).
 * - the lower-case key words (`token`, `password`, `client-key-data`), which matter only for kubeconfig-shaped
 *   objects without a kind; scanning for them costs a tenth of a JSON.parse on a large list, so they are looked
 *   for in bodies up to 256 KiB, and large bodies (lists, whose items have kinds) rely on the kind words. Like
 *   the kind words, an occurrence counts only where mayHoldSecrets would take it for a key (`token:`,
 *   `"token":`, `\"token\" :`): a Pod's `"path":"token"` does not, and the Pod is not decoded. A byte outside
 *   ASCII where a space may stand counts (it may be a Unicode space).
 */
const CONFIG = Buffer.from("Config");
const KIND_ANCHORS = ["Secret", "TokenRe", "ExecC"].map((w) => Buffer.from(w));
const KEY_WORDS = ["token", "password", "client-key-data"].map((w) => Buffer.from(w));
const KEY_SCAN_LIMIT = 256 * 1024;
/** Longer than every anchor: anchors split across two chunks are found in the seam between them. */
const SEAM = 16;
const COLON = 0x3a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const KIND = Buffer.from("kind");

function isAlnum(byte: number | undefined): boolean {
  if (byte === undefined) return false;
  const lower = byte | 0x20;
  return (byte >= 0x30 && byte <= 0x39) || (lower >= 0x61 && lower <= 0x7a);
}

/** ASCII `\s`, a quote (`'` only when `single`), or a backslash: what may stand between `kind`, `:` and the kind. */
function isBetween(byte: number, single: boolean): boolean {
  return (
    byte === 0x20 ||
    (byte >= 0x09 && byte <= 0x0d) ||
    byte === 0x22 ||
    byte === 0x5c ||
    (single && byte === 0x27)
  );
}

/** Captured chunks read as one sequence of bytes, without joining them. */
class ChunkedBytes {
  readonly chunks: readonly Buffer[];
  readonly starts: number[] = [];
  readonly length: number;
  #last = 0;

  constructor(chunks: readonly Buffer[]) {
    this.chunks = chunks;
    let at = 0;
    for (const c of chunks) {
      this.starts.push(at);
      at += c.length;
    }
    this.length = at;
  }

  /** The byte at offset `at` of the whole, or undefined outside it. */
  at(at: number): number | undefined {
    if (at < 0 || at >= this.length) return undefined;
    let i = this.#last;
    while (at < this.starts[i]!) i--;
    while (at >= this.starts[i]! + this.chunks[i]!.length) i++;
    this.#last = i;
    return this.chunks[i]![at - this.starts[i]!];
  }
}

/**
 * Whether the kind word at `at` may be the value of a `kind` key as mayHoldSecrets matches it (`"kind":"Secret"`,
 * `\"kind\": \"Secret`, `kind: 'Secret'`): walking back over quotes, backslashes and spaces, a colon, then again,
 * then `kind`. A byte outside ASCII on the way may be a Unicode space, which `\s` allows: it counts.
 */
function afterKindKey(bytes: ChunkedBytes, at: number): boolean {
  let i = at - 1;
  let b = bytes.at(i);
  while (b !== undefined && isBetween(b, true)) b = bytes.at(--i);
  if (b === undefined) return false;
  if (b >= 0x80) return true;
  if (b !== COLON) return false;
  b = bytes.at(--i);
  while (b !== undefined && isBetween(b, false)) b = bytes.at(--i);
  if (b === undefined) return false;
  if (b >= 0x80) return true;
  for (let k = 0; k < KIND.length; k++) if (bytes.at(i - k) !== KIND[KIND.length - 1 - k]) return false;
  return true;
}

/**
 * Whether the key word of `length` bytes at `at` may be a key as mayHoldSecrets matches one: `word:` after no
 * word character, or `"word` then backslashes, a quote, spaces and a colon.
 */
function keyWordBytesAt(bytes: ChunkedBytes, at: number, length: number): boolean {
  const before = bytes.at(at - 1);
  let i = at + length;
  let b = bytes.at(i);
  if (b === COLON && (before === undefined || !(isAlnum(before) || before === 0x5f))) return true;
  if (before !== QUOTE) return false;
  while (b === BACKSLASH) b = bytes.at(++i);
  if (b !== QUOTE) return false;
  b = bytes.at(++i);
  while (b !== undefined && (b === 0x20 || (b >= 0x09 && b <= 0x0d))) b = bytes.at(++i);
  return b === COLON || (b !== undefined && b >= 0x80);
}

/**
 * Whether captured chunks may hold a secret (see above). `isBinary` is asked only when a kind word was found
 * where it matters to a binary body alone.
 */
function chunksMayHoldSecrets(chunks: readonly Buffer[], isBinary: () => boolean): boolean {
  let total = 0;
  for (const c of chunks) total += c.length;
  const withKeys = total <= KEY_SCAN_LIMIT;
  // A chunk shorter than a seam could let an anchor span three chunks: join such bodies (they are small or rare).
  const parts =
    chunks.length > 1 && chunks.some((c) => c.length < SEAM) ? [Buffer.concat(chunks, total)] : chunks;
  const bytes = new ChunkedBytes(parts);
  let binaryDecides = false;
  const scan = (region: Buffer, offset: number): boolean => {
    if (withKeys)
      for (const word of KEY_WORDS)
        for (let at = region.indexOf(word); at >= 0; at = region.indexOf(word, at + 1))
          if (keyWordBytesAt(bytes, offset + at, word.length)) return true;
    for (const word of KIND_ANCHORS) {
      for (let at = region.indexOf(word); at >= 0; at = region.indexOf(word, at + 1)) {
        if (afterKindKey(bytes, offset + at)) return true;
        binaryDecides = true;
      }
    }
    for (let at = region.indexOf(CONFIG); at >= 0; at = region.indexOf(CONFIG, at + 1)) {
      if (isAlnum(bytes.at(offset + at + CONFIG.length))) continue;
      if (afterKindKey(bytes, offset + at)) return true;
    }
    return false;
  };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (scan(part, bytes.starts[i]!)) return true;
    const next = parts[i + 1];
    if (
      next &&
      scan(Buffer.concat([part.subarray(-SEAM), next.subarray(0, SEAM)]), bytes.starts[i + 1]! - SEAM)
    )
      return true;
  }
  return binaryDecides && isBinary();
}

/** Redacts a body; returns the same body when nothing in it was secret. */
export function redactBody(body: Body, context: RedactionContext = {}): { body: Body; changed: boolean } {
  const unchanged = { body, changed: false };
  const chunks = capturedChunks(body);
  if (
    chunks !== undefined &&
    !sensitiveUrl(context) &&
    !chunksMayHoldSecrets(chunks, () => capturedIsBinary(body) === true)
  )
    return unchanged;
  // Captured text that looks like JSON is redacted from its decoded text alone, whether its kind turns out `json`
  // or `text` (both are read so): the usual answer, nothing to redact, then costs no JSON.parse of the body. (The
  // decoded text has no leading BOM, which JSON.parse would refuse.)
  let fromText: { r: string | undefined } | undefined;
  if (chunks !== undefined) {
    const text = capturedText(body);
    if (text !== undefined && looksLikeJson(text)) {
      fromText = { r: redactJsonText(text, context) };
      if (fromText.r === undefined) return unchanged;
    }
  }
  const truncated = body.truncated ? { truncated: true } : {};
  switch (body.kind) {
    case "json": {
      const r = fromText ? fromText.r : redactJsonText(bodyText(body) ?? "", context);
      if (r === undefined) return unchanged;
      if (isRedactionMarker(r))
        return { body: { kind: "text", text: r, bytes: body.bytes, ...truncated }, changed: true };
      const value = JSON.parse(r) as unknown;
      return { body: { ...jsonBody(value), ...truncated }, changed: true };
    }
    case "text": {
      const r = fromText
        ? fromText.r
        : looksLikeJson(body.text)
          ? redactJsonText(body.text, context)
          : redactYamlText(body.text, context);
      return r === undefined ? unchanged : { body: { ...body, text: r }, changed: true };
    }
    case "stream": {
      const chunks = redactStream(body.chunks, context);
      return chunks ? { body: { ...streamBody(chunks), ...truncated }, changed: true } : unchanged;
    }
    case "binary": {
      // Protobuf (kubectl 1.32+ sends it) and CBOR cannot be redacted field by field here: a Secret goes whole.
      const bytes = Buffer.from(body.base64, "base64");
      // The pre-scan's anchors too: text cut in the middle of a character (a truncated log body) reads as binary.
      if (
        !sensitiveUrl(context) &&
        !BINARY_MAY_HOLD.some((word) => bytes.includes(word)) &&
        !chunksMayHoldSecrets([bytes], () => true)
      )
        return unchanged;
      return {
        body: { kind: "text", text: redactionMarker(body.base64), bytes: body.bytes, ...truncated },
        changed: true,
      };
    }
  }
}

function looksLikeJson(text: string): boolean {
  const c = text.trimStart()[0];
  return c === "{" || c === "[";
}

/**
 * Redacts an exchange at capture: credential headers (`Authorization` keeps its scheme), credential query
 * parameters, and secret values in request and response bodies. Returns a new exchange (or the same one when
 * nothing was secret); `redacted: true` marks one that changed. Idempotent: redacting twice changes nothing more.
 */
export function redactExchange(exchange: Exchange): Exchange {
  const { url, changed: urlChanged } = redactUrl(exchange.request.url);
  const context = { url: exchange.request.url };
  const reqHeaders = redactHeaders(exchange.request.headers);
  const reqBody = exchange.request.body ? redactBody(exchange.request.body, context) : undefined;
  let changed = urlChanged || reqHeaders.changed || Boolean(reqBody?.changed);
  const request = { ...exchange.request, url, headers: reqHeaders.headers };
  if (reqBody) request.body = reqBody.body;

  let response = exchange.response;
  if (response) {
    const resHeaders = redactHeaders(response.headers);
    const resBody = response.body ? redactBody(response.body, context) : undefined;
    changed ||= resHeaders.changed || Boolean(resBody?.changed);
    response = { ...response, headers: resHeaders.headers };
    if (resBody) response.body = resBody.body;
  }
  let error = exchange.error;
  if (error && exchange.request.url !== url) {
    // Transport errors often quote the URL; make sure they quote the redacted one.
    error = { ...error, message: error.message.split(exchange.request.url).join(url) };
  }
  if (!changed) return exchange;
  const out: Exchange = { ...exchange, request, redacted: true };
  if (response) out.response = response;
  if (error) out.error = error;
  return out;
}

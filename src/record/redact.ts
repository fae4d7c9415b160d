import { createHash } from "node:crypto";
import { parseAllDocuments, stringify as stringifyYaml } from "yaml";
import { bodyText, jsonBody, streamBody } from "./body.js";
import type { Body, Exchange, HeaderMap, StreamChunk } from "./exchange.js";
import { redactPartialJsonText } from "./redact-partial-json.js";

/**
 * Redaction happens when an exchange is captured (DESIGN.md): nothing secret outlives the request in a log line,
 * a cassette or an error. Values are replaced by a marker that keeps the structure readable and comparable: the
 * key stays, the marker says how long the value was and gives a short hash, so a diff still shows that a value
 * changed without showing the value.
 */

const MARKER_PREFIX = "[redacted";
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/** The marker that stands for a secret value: `[redacted len=N sha256:xxxxxxxx]`. */
export function redactionMarker(value: string): string {
  const hash = createHash("sha256").update("kubewire-redaction-v1\0").update(value).digest("hex").slice(0, 8);
  return `${MARKER_PREFIX} len=${Buffer.byteLength(value)} sha256:${hash}]`;
}

/** Whether a string is (or starts with) a redaction marker. */
export function isRedactionMarker(value: unknown): boolean {
  return typeof value === "string" && value.startsWith(MARKER_PREFIX);
}

function redactValue(value: unknown): unknown {
  if (isRedactionMarker(value)) return value;
  if (typeof value === "string") return redactionMarker(value);
  if (value === null || value === undefined) return value;
  return redactionMarker(JSON.stringify(value));
}

const SECRET_HEADER =
  /^(?:authorization|proxy-authorization|cookie|set-cookie)$|token|secret|password|api-?key/i;
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
      if (eq < 0 || !SECRET_QUERY_PARAM.test(decodeURIComponent(key))) return pair;
      changed = true;
      return `${key}=${encodeURIComponent(redactionMarker(decodeURIComponent(pair.slice(eq + 1))))}`;
    });
  return { url: changed ? `${url.slice(0, q)}?${parts.join("&")}` : url, changed };
}

/** Where a JSON value was seen; URL and method tell which bodies address Secrets without saying so. */
export interface RedactionContext {
  /** The request URL (path and query are enough). */
  url?: string;
}

const SECRETS_PATH = /\/secrets(?:\/[^/?#]*)?(?:[?#]|$)/;

/** Whether a URL addresses the `secrets` resource (a list, one Secret, or a watch of them). */
export function isSecretsUrl(url: string | undefined): boolean {
  if (!url) return false;
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, "");
  return SECRETS_PATH.test(path);
}

type Json = unknown;
type JsonObject = Record<string, Json>;

function isObject(v: Json): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Copy-on-write: returns `obj` itself when `key` already holds `value`, a shallow copy otherwise. */
function withKey(obj: JsonObject, key: string, value: Json): JsonObject {
  return obj[key] === value ? obj : { ...obj, [key]: value };
}

function redactMapValues(map: Json): Json {
  if (!isObject(map)) return map === undefined || map === null ? map : redactValue(map);
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(map)) out[k] = redactValue(v);
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
  return isObject(child) ? withKey(obj, head, redactPath(child, rest)) : obj;
}

const KUBECONFIG_USER_SECRETS = ["token", "password", "client-key-data", "client-key", "tokenFile"];
const AUTH_PROVIDER_SECRETS = /token|secret|password/i;

function redactKubeconfig(obj: JsonObject): JsonObject {
  const users = obj.users;
  if (!Array.isArray(users)) return obj;
  const redactedUsers = users.map((entry: Json) => {
    if (!isObject(entry) || !isObject(entry.user)) return entry;
    let user = entry.user;
    for (const key of KUBECONFIG_USER_SECRETS)
      if (key in user && key !== "tokenFile") user = redactPath(user, [key]);
    const provider = user["auth-provider"];
    if (isObject(provider) && isObject(provider.config)) {
      const config: JsonObject = {};
      for (const [k, v] of Object.entries(provider.config))
        config[k] = AUTH_PROVIDER_SECRETS.test(k) ? redactValue(v) : v;
      user = withKey(user, "auth-provider", { ...provider, config });
    }
    const exec = user.exec;
    if (isObject(exec) && Array.isArray(exec.env)) {
      const env = exec.env.map((e: Json) =>
        isObject(e) && "value" in e ? { ...e, value: redactValue(e.value) } : e,
      );
      user = withKey(user, "exec", { ...exec, env });
    }
    return withKey(entry, "user", user);
  });
  return withKey(obj, "users", redactedUsers);
}

function redactLastApplied(obj: JsonObject): JsonObject {
  const metadata = obj.metadata;
  if (!isObject(metadata) || !isObject(metadata.annotations)) return obj;
  const annotation = metadata.annotations[LAST_APPLIED];
  if (typeof annotation !== "string") return obj;
  let replacement: string;
  try {
    const parsed = JSON.parse(annotation) as Json;
    const redacted = redactNode(parsed, undefined, true);
    if (redacted === parsed) return obj;
    // kubectl writes the annotation as compact JSON plus a newline; keep that shape.
    replacement = JSON.stringify(redacted) + (annotation.endsWith("\n") ? "\n" : "");
  } catch {
    // Not JSON: if it sits on a Secret it may hold anything, so it goes entirely.
    if (obj.kind !== "Secret") return obj;
    replacement = redactionMarker(annotation);
  }
  const annotations = { ...metadata.annotations, [LAST_APPLIED]: replacement };
  return { ...obj, metadata: { ...metadata, annotations } };
}

function redactJsonPatchOps(ops: Json[]): Json[] {
  let changed = false;
  const out = ops.map((op) => {
    if (!isObject(op) || typeof op.path !== "string" || !("value" in op)) return op;
    if (!/^\/(?:data|stringData)(?:\/|$)/.test(op.path)) return op;
    changed = true;
    return {
      ...op,
      value: op.path.split("/").length > 2 ? redactValue(op.value) : redactMapValues(op.value),
    };
  });
  return changed ? out : ops;
}

/**
 * Walks a JSON value and redacts what is secret in it, wherever it sits: Secrets (also as bare list items, watch
 * event objects, Table row objects), the last-applied annotation, TokenRequest/TokenReview tokens, ExecCredential
 * results and kubeconfig documents. Returns the same value when nothing changed.
 */
function redactNode(node: Json, impliedKind: string | undefined, isRoot = false, secretsUrl = false): Json {
  if (Array.isArray(node)) {
    if (isRoot && secretsUrl) return redactJsonPatchOps(node);
    let changed = false;
    const out = node.map((item: Json) => {
      const r = redactNode(item, impliedKind);
      changed ||= r !== item;
      return r;
    });
    return changed ? out : node;
  }
  if (!isObject(node)) return node;

  const kind = typeof node.kind === "string" ? node.kind : impliedKind;
  const itemKind = kind?.endsWith("List") ? kind.slice(0, -4) : undefined;
  let out: JsonObject = node;
  for (const [key, child] of Object.entries(node)) {
    if (typeof child !== "object" || child === null) continue;
    const r = redactNode(child, key === "items" ? itemKind : undefined);
    if (r !== child) out = withKey(out, key, r);
  }

  // A body sent to a secrets URL without a kind (a merge patch, an apply) is Secret content all the same.
  if (kind === "Secret" || (isRoot && secretsUrl && node.kind === undefined)) out = redactSecretFields(out);
  if (kind === "TokenRequest") out = redactPath(out, ["status", "token"]);
  if (kind === "TokenReview") out = redactPath(out, ["spec", "token"]);
  if (kind === "ExecCredential") {
    out = redactPath(out, ["status", "token"]);
    out = redactPath(out, ["status", "clientKeyData"]);
  }
  if (kind === "Config" && Array.isArray(out.users)) out = redactKubeconfig(out);
  out = redactLastApplied(out);
  return out;
}

/** Redacts a JSON value (see {@link redactExchange}); returns the same reference when nothing was secret. */
export function redactJson(value: unknown, context: RedactionContext = {}): unknown {
  return redactNode(value, undefined, true, isSecretsUrl(context.url));
}

/** A cheap test on raw text: most bodies (ConfigMaps, Pods, discovery) cannot hold anything to redact. */
const MAY_HOLD_SECRETS =
  /"kind"\s*:\s*"(?:Secret|SecretList|TokenRequest|TokenReview|ExecCredential|Config)"|last-applied-configuration|"(?:token|password|client-key-data)"/;
/** A cut-short text that names a Secret, a generic List, or no kind at all (then nothing says it is not a Secret). */
const MAY_BE_SECRET = /"kind"\s*:\s*"(?:Secret|SecretList|List)"|^(?![\s\S]*"kind"\s*:)/;
const YAML_MAY_HOLD_SECRETS =
  /kind:\s*["']?(?:Secret|SecretList|TokenRequest|TokenReview|ExecCredential|Config)\b|last-applied-configuration|token:|password:|client-key-data:/;

function redactJsonText(text: string, context: RedactionContext): string | undefined {
  if (!isSecretsUrl(context.url) && !MAY_HOLD_SECRETS.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Cut short (a truncated log body, a dropped connection): redact by walking the tokens.
    return redactPartialJsonText(
      text,
      isSecretsUrl(context.url) || MAY_BE_SECRET.test(text),
      redactionMarker,
    );
  }
  const redacted = redactJson(parsed, context);
  return redacted === parsed ? undefined : JSON.stringify(redacted) + (text.endsWith("\n") ? "\n" : "");
}

function redactYamlText(text: string, context: RedactionContext): string | undefined {
  if (!isSecretsUrl(context.url) && !YAML_MAY_HOLD_SECRETS.test(text)) return undefined;
  try {
    const docs = parseAllDocuments(text);
    if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) throw new Error("unparseable");
    let changed = false;
    const out = docs.map((d) => {
      const value = d.toJS() as unknown;
      const r = redactJson(value, context);
      changed ||= r !== value;
      return stringifyYaml(r);
    });
    return changed ? out.join("---\n") : undefined;
  } catch {
    // Text we cannot read that may hold a Secret is dropped whole rather than guessed at.
    return redactionMarker(text);
  }
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
    const r =
      redactJsonText(pending, context) ??
      (MAY_HOLD_SECRETS.test(pending) ? redactionMarker(pending) : pending);
    changed ||= r !== pending;
    out.push({ atMs: chunks.at(-1)?.atMs ?? 0, text: r });
  }
  return changed ? out : undefined;
}

/** Redacts a body; returns the same body when nothing in it was secret. */
export function redactBody(body: Body, context: RedactionContext = {}): { body: Body; changed: boolean } {
  const unchanged = { body, changed: false };
  switch (body.kind) {
    case "json": {
      const text = bodyText(body) ?? "";
      const r = redactJsonText(text, context);
      if (r === undefined) return unchanged;
      const value = JSON.parse(r) as unknown;
      return { body: { ...jsonBody(value), ...(body.truncated ? { truncated: true } : {}) }, changed: true };
    }
    case "text": {
      const r = looksLikeJson(body.text)
        ? redactJsonText(body.text, context)
        : redactYamlText(body.text, context);
      return r === undefined ? unchanged : { body: { ...body, text: r }, changed: true };
    }
    case "stream": {
      const chunks = redactStream(body.chunks, context);
      return chunks
        ? { body: { ...streamBody(chunks), truncated: body.truncated }, changed: true }
        : unchanged;
    }
    case "binary": {
      // Protobuf (kubectl 1.32+ sends it) cannot be redacted field by field here: a Secret goes whole.
      const bytes = Buffer.from(body.base64, "base64");
      if (!isSecretsUrl(context.url) && !bytes.includes("Secret")) return unchanged;
      return { body: { kind: "text", text: redactionMarker(body.base64), bytes: body.bytes }, changed: true };
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
 * nothing was secret); `redacted: true` marks one that changed.
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

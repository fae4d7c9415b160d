import {
  bodyText,
  capturedChunks,
  capturedIsBinary,
  capturedText,
  deferredBody,
  jsonBody,
  streamBody,
} from "../exchange/body.js";
import type { Body, Exchange, HeaderMap, StreamChunk } from "../exchange/exchange.js";
import { redactPartialJsonText } from "./redact-partial-json.js";
import { yamlModule, zlibModule } from "../../internal/lazy-modules.js";
import { headerValue } from "../../internal/headers.js";
import { isKubernetesProtobuf } from "../../protobuf/envelope.js";
import { isJsonObject } from "../../internal/json.js";
import { currentMarker, isRedactionMarker, redactionMarker } from "./redaction-marker.js";
import type { MarkerFunction } from "./redaction-marker.js";
import {
  CREDENTIAL_NAME_WORD,
  echoForms,
  isApiSchemaDocument,
  isSecretFieldName,
  isSecretFlagItem,
  isSecretHeaderName,
  isSecretQueryParameter,
  isSecretScalar,
  isSecretsUrl,
  isTokenUrl,
  BINARY_DATA,
  binaryTextNamesSecret,
  LAST_APPLIED,
  namesSecretEntry,
  namesSecretDocument,
  namesSecretKind,
  redactCommandItems,
  redactTextRules,
  SECRET_ARGUMENT,
  SECRET_BEARING_KINDS,
  SECRET_FLAG,
  SECRET_KINDS,
  textMayHoldSecrets,
} from "./secret-policy.js";

export { isRedactionMarker, redactionMarker, isSecretsUrl };

/**
 * Redaction happens when an exchange is captured (DESIGN.md): nothing secret outlives the request in a log line,
 * a cassette or an error. What is secret is decided by the one policy, `secret-policy.ts`; this module applies it
 * to exchanges, bodies (JSON, YAML, text, streams, binary), headers and URLs. Values are replaced by a marker
 * (`redaction-marker.ts`) that keeps the structure readable: the key stays, the marker gives the value's length
 * and a keyed digest, so a diff still shows that a value changed without showing it.
 */

/** The marker in force: a diff or a snapshot asks for its own (`redactJson(value, { marker })`). */
let mark: MarkerFunction = redactionMarker;

function withMarker<T>(marker: MarkerFunction | undefined, work: () => T): T {
  if (!marker || marker === mark) return work();
  const previous = mark;
  mark = marker;
  try {
    return work();
  } finally {
    mark = previous;
  }
}

function redactValue(value: unknown): unknown {
  if (isRedactionMarker(value)) return currentMarker(value as string);
  if (typeof value === "string") return mark(value);
  if (value === null || value === undefined) return value;
  return mark(JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}

const AUTH_SCHEME = /^([A-Za-z][\w.-]*) (.+)$/;

/** What kubectl prints instead of a credential (`Bearer <masked>`): an imported log holds nothing more to hide. */
const KUBECTL_MASK = "<masked>";

function redactCredentialHeaderValue(name: string, value: string): string {
  if (isRedactionMarker(value)) return currentMarker(value);
  if (value === KUBECTL_MASK) return value;
  if (/^(?:proxy-)?authorization$/i.test(name)) {
    const m = AUTH_SCHEME.exec(value);
    // Keep the scheme: "Bearer" or "Basic" is useful when debugging auth and says nothing secret.
    if (m?.[1] && m[2] !== undefined)
      return isRedactionMarker(m[2]) || m[2] === KUBECTL_MASK
        ? `${m[1]} ${currentMarker(m[2])}`
        : `${m[1]} ${mark(m[2])}`;
  }
  return mark(value);
}

/** Any other header's value (`Location`, `Warning`, `Link`): the text rules (credential query parameters...). */
function redactOtherHeaderValue(value: string): string {
  return redactSecretText(value);
}

/**
 * Redacts credential-bearing headers (Authorization, Proxy-Authorization, cookies, token-like names) whole, and
 * the secrets the text rules find in any other header (a `Location` with `?access_token=`, a `Warning` quoting one).
 */
export function redactHeaders(headers: HeaderMap): { headers: HeaderMap; changed: boolean } {
  let changed = false;
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    const one = isSecretHeaderName(name)
      ? (v: string) => redactCredentialHeaderValue(name, v)
      : redactOtherHeaderValue;
    const redacted = Array.isArray(value) ? value.map(one) : one(value);
    changed ||= Array.isArray(value)
      ? value.some((v, i) => v !== (redacted as string[])[i])
      : redacted !== value;
    out[name] = redacted;
  }
  return { headers: changed ? out : headers, changed };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Redacts credential query parameters (`?access_token=`, `refresh_token`, `code`, `X-Amz-Signature`...) and URL
 * userinfo (`https://user:pass@host`).
 */
export function redactUrl(url: string): { url: string; changed: boolean } {
  let out = url;
  const userinfo = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i.exec(out);
  if (userinfo && !isRedactionMarker(safeDecode(userinfo[2]!)))
    out = `${userinfo[1]}${encodeURIComponent(mark(safeDecode(userinfo[2]!)))}@${out.slice(userinfo[0].length)}`;
  const q = out.indexOf("?");
  if (q >= 0) {
    const hash = out.indexOf("#", q);
    const query = out.slice(q + 1, hash < 0 ? undefined : hash);
    let queryChanged = false;
    const parts = query.split("&").map((pair) => {
      const eq = pair.indexOf("=");
      const key = eq < 0 ? pair : pair.slice(0, eq);
      if (eq < 0) return pair;
      if (!isSecretQueryParameter(safeDecode(key))) {
        // A value that is itself an encoded URL or query (`redirect_uri=https%3A%2F%2Fh%2Fcb%3Ftoken%3Dx`): read
        // decoded, by the text rules; what they change is written back encoded.
        const raw = pair.slice(eq + 1);
        if (!raw.includes("%")) return pair;
        const decoded = safeDecode(raw);
        const redacted = redactText(decoded);
        if (redacted === decoded) return pair;
        queryChanged = true;
        return `${key}=${encodeURIComponent(redacted)}`;
      }
      const value = safeDecode(pair.slice(eq + 1));
      if (isRedactionMarker(value)) {
        const now = currentMarker(value);
        if (now === value) return pair;
        queryChanged = true;
        return `${key}=${encodeURIComponent(now)}`;
      }
      queryChanged = true;
      return `${key}=${encodeURIComponent(mark(value))}`;
    });
    if (queryChanged) out = `${out.slice(0, q)}?${parts.join("&")}${hash < 0 ? "" : out.slice(hash)}`;
  }
  return { url: out, changed: out !== url };
}

/** Where a JSON value was seen; URL and method tell which bodies address Secrets without saying so. */
export interface RedactionContext {
  /** The request URL (path and query are enough). */
  url?: string;
  /** How a secret is written: the user's keyed marker unless a caller (a diff, a snapshot) asks for another. */
  marker?: MarkerFunction;
  /** The body is the answer to a GET of one of the server's schema documents ({@link isApiSchemaDocument}). */
  apiSchemaDocument?: boolean;
  /**
   * The body's `Content-Encoding` as its exchange's headers give it: a binary body said to be Brotli (`br`), which
   * has no header of its own to be known by, is looked into, and goes whole when it cannot be read.
   */
  contentEncoding?: string | undefined;
}

type Json = unknown;
type JsonObject = Record<string, Json>;

function isObject(v: Json): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Copy-on-write: returns `obj` itself when `key` already holds `value`, a shallow copy otherwise. The copy defines
 * the key as own data, so a `__proto__` key stays a key and never becomes the copy's prototype.
 */
function withKey(obj: JsonObject, key: string, value: Json): JsonObject {
  if (obj[key] === value && Object.prototype.hasOwnProperty.call(obj, key)) return obj;
  const out: JsonObject = {};
  for (const k of Object.keys(obj)) Object.defineProperty(out, k, ownData(obj[k]));
  Object.defineProperty(out, key, ownData(value));
  return out;
}

function ownData(value: Json): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true };
}

function redactMapValues(map: Json): Json {
  if (!isJsonObject(map)) return map === undefined || map === null ? map : redactValue(map);
  let out = map;
  for (const [k, v] of Object.entries(map)) {
    const r = redactValue(v);
    if (r !== v) out = withKey(out, k, r);
  }
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
  if (rest.length === 0) {
    const r = redactValue(child);
    return r === child ? obj : withKey(obj, head, r);
  }
  return isObject(child) ? withKey(obj, head, redactPath(child, rest)) : obj;
}

/** An exec plugin's argument list with the credentials in it redacted (`--token=X`, `--token X`). */
function redactArguments(args: Json[]): Json[] {
  const out = args.map((a: Json, i: number, all: Json[]) => {
    const previous = all[i - 1];
    if (
      typeof a === "string" &&
      typeof previous === "string" &&
      SECRET_FLAG.test(previous) &&
      !a.startsWith("-")
    )
      return redactValue(a);
    const m = typeof a === "string" ? SECRET_ARGUMENT.exec(a) : null;
    return m && m[2] && !isRedactionMarker(m[2]) ? `${m[1]}${mark(m[2])}` : a;
  });
  return out.some((a, i) => a !== args[i]) ? out : args;
}

function redactKubeconfigUser(user: JsonObject): JsonObject {
  let out = user;
  const provider = out["auth-provider"];
  if (isJsonObject(provider) && isJsonObject(provider.config)) {
    let config = provider.config;
    for (const [k, v] of Object.entries(config))
      if (CREDENTIAL_NAME_WORD.test(k) && v !== null && v !== undefined) {
        const r = redactValue(v);
        if (r !== v) config = withKey(config, k, r);
      }
    if (config !== provider.config) out = withKey(out, "auth-provider", withKey(provider, "config", config));
  }
  const exec = out.exec;
  if (isJsonObject(exec)) {
    let execOut = exec;
    if (Array.isArray(exec.env)) {
      let changed = false;
      const env = exec.env.map((e: Json) => {
        if (!isObject(e) || !("value" in e)) return e;
        const r = redactValue(e.value);
        if (r === e.value) return e;
        changed = true;
        return withKey(e, "value", r);
      });
      if (changed) execOut = withKey(execOut, "env", env);
    }
    if (Array.isArray(exec.args)) {
      const args = redactArguments(exec.args);
      if (args !== exec.args) execOut = withKey(execOut, "args", args);
    }
    if (execOut !== exec) out = withKey(out, "exec", execOut);
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
    if (user === entry.user) return entry;
    changed = true;
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
    // Not JSON: on a Secret, or if it may hold anything secret, it goes whole.
    return onSecret || textMayHoldSecrets(annotation) || /Secret|"data"|"stringData"/.test(annotation)
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

/** The last segment of a JSON pointer, unescaped. */
function lastPointerSegment(path: string): string {
  const segment = path.slice(path.lastIndexOf("/") + 1);
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Whether a JSON pointer ends at a secret field name, or at an element of an array under one (`/spec/token/0`). */
function pointsAtSecretValue(path: string): boolean {
  if (isSecretFieldName(lastPointerSegment(path))) return true;
  const cut = path.lastIndexOf("/");
  return (
    cut > 0 &&
    /^(?:\d+|-)$/.test(path.slice(cut + 1)) &&
    isSecretFieldName(lastPointerSegment(path.slice(0, cut)))
  );
}

/**
 * JSON Patch operations: a value written to a secret field name (`/spec/password`) anywhere; on a Secret, values
 * under /data and /stringData, the last-applied annotation, whole documents.
 */
function redactJsonPatchOps(ops: Json[], onSecret: boolean): Json[] {
  let changed = false;
  const out = ops.map((op) => {
    if (!isJsonObject(op) || typeof op.path !== "string" || !("value" in op)) return op;
    const path = op.path;
    let value = op.value;
    if (pointsAtSecretValue(path) && isSecretScalar(value)) value = redactValue(value);
    else if (isSecretFieldName(lastPointerSegment(path)) && Array.isArray(value))
      value = redactSecretArray(value, { secretsUrl: false });
    else if (onSecret && /^\/(?:data|stringData)\/./.test(path)) value = redactValue(value);
    else if (onSecret && /^\/(?:data|stringData)$/.test(path)) value = redactMapValues(value);
    else if (path === `/metadata/annotations/${LAST_APPLIED.replace("/", "~1")}` && typeof value === "string")
      value = redactLastAppliedText(value, onSecret);
    else if (path === "/metadata/annotations" && isObject(value)) {
      const metadata = redactLastApplied({ metadata: { annotations: value } }, onSecret)
        .metadata as JsonObject;
      value = metadata.annotations;
    } else if (path === "/metadata" && isObject(value))
      value = redactLastApplied({ metadata: value }, onSecret).metadata;
    else if (onSecret && (path === "" || path === "/"))
      value = redactNode(value, { impliedKind: "Secret", secretsUrl: true });
    else if (typeof value === "string") value = redactSecretText(value);
    else if (typeof value === "object" && value !== null)
      value = redactNode(value, { secretsUrl: false, impliedKind: undefined });
    if (value === op.value) return op;
    changed = true;
    return withKey(op, "value", value);
  });
  return changed ? out : ops;
}

function isJsonPatch(node: Json[]): boolean {
  return (
    node.length > 0 &&
    node.every((op) => isObject(op) && typeof op.op === "string" && typeof op.path === "string")
  );
}

/**
 * The text rules of the policy applied to any text (a string field of any object, an error page, a server's
 * message, a header): a Secret manifest or kubeconfig inside it (JSON or YAML, with or without `kind: Config`) is
 * read and redacted as a document, or goes whole when it names a Secret and cannot be read; PEM private keys,
 * Bearer and Basic credentials, URL userinfo, credential query parameters and the values of secret field names
 * are replaced wherever they stand.
 */
export function redactSecretText(text: string, context: { marker?: MarkerFunction } = {}): string {
  return withMarker(context.marker, () => redactText(text));
}

function redactText(text: string): string {
  const legacy = text.includes(" sha256:") ? dropLegacyDigests(text) : text;
  if (!textMayHoldSecrets(legacy)) return legacy;
  let out = legacy;
  if (namesSecretDocument(out)) {
    const document = redactEmbeddedDocument(out);
    if (document === undefined) {
      // A Secret that cannot be read field by field (cut short, inside prose or markup) goes whole, and so does any
      // secret document too long to be read as YAML: the text rules alone do not know a Secret's data keys or a
      // kubeconfig's exec environment.
      if (namesSecretKind(out) || out.length > YAML_PARSE_LIMIT) return mark(out);
    } else out = document;
  }
  if (out.includes(BINARY_DATA)) out = redactBinaryDataText(out);
  return redactTextRules(out, mark);
}

/** A `binaryData` key in text (YAML, JSON, escaped JSON) and the separator after it. */
const BINARY_DATA_KEY = /binaryData\\*["']?[ \t]*:[ \t]*/g;
/** A file of a `binaryData` map in text: its name's `:`, then its base64 value (quoted or not). */
const BINARY_DATA_FILE = /:[ \t]*(\\*["']?)([A-Za-z0-9+/]{4,}={0,2})\1/g;

/**
 * A ConfigMap's `binaryData` written as text (kubectl's `-o yaml` pasted into a message, a YAML or JSON manifest in a
 * string, a text that does not parse: a prompt before it, cut short): each file that may hold a secret once
 * decoded goes whole, as the walk does for a parsed one. The map is what follows the key: a flow or JSON object to
 * its `}`, or the lines indented deeper than the key.
 */
function redactBinaryDataText(text: string): string {
  let out = "";
  let copied = 0;
  BINARY_DATA_KEY.lastIndex = 0;
  for (let key = BINARY_DATA_KEY.exec(text); key !== null; key = BINARY_DATA_KEY.exec(text)) {
    const at = BINARY_DATA_KEY.lastIndex;
    let end: number;
    if (text.charCodeAt(at) === 0x7b) {
      end = text.indexOf("}", at);
      if (end < 0) end = text.length;
    } else {
      let lineStart = key.index;
      while (lineStart > 0 && !/[\n\r]/.test(text[lineStart - 1]!)) lineStart--;
      const column = key.index - lineStart;
      end = text.length;
      for (let i = text.indexOf("\n", at); i >= 0; i = text.indexOf("\n", i + 1)) {
        let j = i + 1;
        while (text.charCodeAt(j) === 0x20) j++;
        if (j < text.length && !/[\r\n]/.test(text[j]!) && j - (i + 1) <= column) {
          end = i;
          break;
        }
      }
    }
    BINARY_DATA_FILE.lastIndex = at - 1;
    for (
      let file = BINARY_DATA_FILE.exec(text);
      file !== null && file.index < end;
      file = BINARY_DATA_FILE.exec(text)
    ) {
      const value = file[2]!;
      const start = file.index + file[0].length - file[1]!.length - value.length;
      if (start < copied || !base64MayHoldSecrets(value)) continue;
      out += text.slice(copied, start) + mark(value);
      copied = start + value.length;
    }
    BINARY_DATA_KEY.lastIndex = Math.max(end, at);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * The longest text that redaction reads as YAML. The `yaml` package reads some 0.3 MB/s of valid YAML and far less
 * of text that is not (80,000 lines of `"` took 2.75 s, mostly making an error object per line), and every reader
 * of a cassette, log or pasted page redacts what it holds. Longer text that would have been read as YAML goes whole
 * when it may hold a secret (a text body that reads as YAML, a string that names a secret document): erring towards
 * redaction. Secret manifests, kubeconfigs and credential documents are far shorter.
 */
export const YAML_PARSE_LIMIT = 64 * 1024;

/**
 * The YAML documents in text as values (what `parseAllDocuments(text)` and `toJS()` give when no document has an
 * error), or undefined when it is longer than {@link YAML_PARSE_LIMIT} or not YAML.
 */
export function parseYamlBounded(text: string): unknown[] | undefined {
  if (text.length > YAML_PARSE_LIMIT) return undefined;
  const read = readYaml(text);
  return Array.isArray(read) ? read : undefined;
}

/**
 * Whether text longer than {@link YAML_PARSE_LIMIT} may be a YAML document, judged on its first
 * {@link YAML_PARSE_LIMIT} characters (cut at a line end): yes when they read as YAML, or when their first error lies
 * in the last node that starts a line at the margin, which the cut may have left open (a quoted scalar, a flow
 * collection). An error before that line is in a node a later line closed, so no longer text is YAML either: a pod
 * log or an error page with a line that only looks like a key (`Error: refused`) fails on its first lines, and is
 * redacted by the text rules as a shorter one is, not dropped whole. (`limit`: for tests, which cut short texts.)
 *
 * @internal
 */
export function mayBeYamlPastLimit(text: string, limit = YAML_PARSE_LIMIT): boolean {
  const prefix = text.slice(0, text.lastIndexOf("\n", limit) + 1);
  const read = readYaml(prefix);
  return Array.isArray(read) || read.errorAt >= lastMarginLineStart(prefix);
}

/** Where the last line of text that starts at the margin with a character a key, item or word starts with begins. */
function lastMarginLineStart(text: string): number {
  for (let end = text.length; end > 0;) {
    const start = text.lastIndexOf("\n", end - 2) + 1;
    if (/[\w.-]/.test(text.charAt(start))) return start;
    if (start === 0) return 0;
    end = start;
  }
  return 0;
}

/** Thrown out of the `yaml` composer at the first error: the text is no YAML document, nothing more to learn. */
const NOT_YAML = new Error("not YAML");

type YamlErrorSource = number | readonly number[] | { offset: number };

/**
 * The YAML documents in text as values, or where its first error is. The `yaml` package reads on past an error and
 * makes an error object (with a stack trace) for each, which was most of the time it took on text that is not YAML:
 * its parser's tokens and its composer are driven here, and the first error, whether a token or one the composer
 * reports, ends the reading. (The composer's error callback is a field its constructor sets: where a version of
 * `yaml` has none, the documents' errors are still looked at, only later.)
 */
function readYaml(text: string): unknown[] | { errorAt: number } {
  const { Composer, Parser } = yamlModule();
  // `error`: the `yaml` package warns on the process (Node prints it on standard error) quoting a key it makes a
  // string of, and a key may hold a secret (`? {password: x}`).
  const composer = new Composer({ logLevel: "error" });
  // The first error's place: the composer reports more on its way out (the collections around the error).
  let firstErrorAt: number | undefined;
  (composer as unknown as { onError: (...args: unknown[]) => void }).onError = (source, _c, _m, warning) => {
    if (warning === true) return;
    firstErrorAt ??= errorOffset(source as YamlErrorSource);
    throw NOT_YAML;
  };
  const values: unknown[] = [];
  const take = (docs: Iterable<{ errors: { pos: number[] }[]; toJS: () => unknown }>): number | undefined => {
    for (const doc of docs) {
      if (doc.errors.length > 0) return doc.errors[0]!.pos[0] ?? 0;
      values.push(doc.toJS());
    }
    return undefined;
  };
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (const token of new Parser().parse(text)) {
      if (token.type === "error") return { errorAt: token.offset };
      const errorAt = take(composer.next(token));
      if (errorAt !== undefined) return { errorAt };
    }
    const errorAt = take(composer.end());
    return errorAt === undefined ? values : { errorAt };
  } catch {
    // Anything else the package throws (nesting too deep for the stack) has no place: the text may still be YAML
    // the package could not read, and is judged so.
    return { errorAt: firstErrorAt ?? Number.POSITIVE_INFINITY };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function errorOffset(source: YamlErrorSource): number {
  if (typeof source === "number") return source;
  if ("offset" in source) return source.offset;
  return source[0] ?? 0;
}

function dropLegacyDigests(text: string): string {
  return text.replace(/\[redacted len=\d+ sha256:[0-9a-f]{8}\]/g, (m) => currentMarker(m));
}

/** A document (JSON or YAML, one or several) inside text, redacted; undefined when the text is no such document. */
function redactEmbeddedDocument(text: string): string | undefined {
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
  try {
    const values = parseYamlBounded(text);
    if (values === undefined || values.length === 0) return undefined;
    if (!values.some((v) => typeof v === "object" && v !== null)) return undefined;
    let changed = false;
    const out = values.map((value) => {
      const r = redactNode(value, { secretsUrl: false });
      changed ||= r !== value;
      return yamlModule().stringify(r);
    });
    return changed ? out.join("---\n") : text;
  } catch {
    return undefined;
  }
}

/**
 * An array under a secret field name (`"tokens"` does not end in one, `"token": ["a", "b"]` does): each scalar in
 * it, or in an array in it, is a secret value, as a scalar under the name would be; objects in it are walked as
 * anywhere else.
 */
function redactSecretArray(items: Json[], ctx: WalkContext): Json[] {
  let changed = false;
  const out = items.map((item: Json) => {
    const r = isSecretScalar(item)
      ? redactValue(item)
      : Array.isArray(item)
        ? redactSecretArray(item, ctx)
        : redactNode(item, ctx);
    changed ||= r !== item;
    return r;
  });
  return changed ? out : items;
}

interface WalkContext {
  /** The kind an object has when it does not say (list items, Table row objects, watch event objects). */
  impliedKind?: string | undefined;
  /** The request addressed Secrets: objects without a kind that carry `data`/`stringData` are Secret content. */
  secretsUrl: boolean;
  /** The request addressed a token endpoint: `status.token` / `spec.token` without a kind are tokens. */
  tokenUrl?: boolean;
}

const SECRET_KIND_SET = new Set(SECRET_KINDS);

/**
 * Walks a JSON value and redacts what is secret in it, wherever it sits: Secrets (also as bare list items, watch
 * event objects, Table row objects), the last-applied annotation, the values of secret field names in any object
 * (a TokenRequest's token, a kubeconfig user's password, a custom resource's `spec.apiKey`), kubeconfig documents
 * (with or without their kind), and what the text rules find in every string. Returns the same value when nothing
 * changed.
 */
function redactNode(node: Json, ctx: WalkContext, isRoot = false): Json {
  if (Array.isArray(node)) {
    if (isJsonPatch(node)) return redactJsonPatchOps(node, isRoot && ctx.secretsUrl);
    // A command's credentials by its words (`["docker", "login", "-p", "x"]`, `["curl", "-u", "u:x"]`).
    const items = redactCommandItems(node, mark);
    let changed = items !== node;
    const out = items.map((item: Json, i: number) => {
      // The item after a flag named like a secret standing alone (`args: ["--password", "x"]`) is its value.
      const r =
        i > 0 && isSecretFlagItem(node[i - 1]) && isSecretScalar(item) && !String(item).startsWith("-")
          ? redactValue(item)
          : typeof item === "string"
            ? redactText(item)
            : redactNode(item, ctx);
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
  for (const key of Object.keys(node)) {
    const value = node[key];
    let r: Json = value;
    if (typeof value === "string") {
      if (isSecretFieldName(key)) r = redactValue(value);
      else if (key === LAST_APPLIED) r = redactLastAppliedText(value, false);
      else r = redactText(value);
    } else if (typeof value === "number" || typeof value === "bigint") {
      if (isSecretFieldName(key)) r = redactValue(value);
    } else if (Array.isArray(value) && isSecretFieldName(key)) {
      r = redactSecretArray(value, ctx);
    } else if (key === BINARY_DATA && isJsonObject(value)) {
      r = redactBase64Values(value);
    } else if (typeof value === "object" && value !== null) {
      r = redactNode(value, { ...ctx, impliedKind: child(key) });
    }
    if (r !== value) out = withKey(out, key, r);
  }

  // An admission webhook's answer carries its JSON patch base64-encoded (`patchType: JSONPatch`).
  if (
    typeof node.patch === "string" &&
    typeof node.patchType === "string" &&
    base64MayHoldSecrets(node.patch)
  )
    out = withKey(out, "patch", redactValue(node.patch));
  // A container's `args` are read after its `command` (`command: [sshpass]`, `args: [-p, x]`): one command line.
  const command = node.command;
  const givenArgs = out.args;
  if (Array.isArray(command) && Array.isArray(givenArgs) && command.length > 0) {
    const line = redactCommandItems<Json>([...(command as Json[]), ...(givenArgs as Json[])], mark);
    const args = line.slice(command.length);
    if (args.some((a, i) => a !== givenArgs[i])) out = withKey(out, "args", args);
  }
  // An entry whose name names a secret (`{name: DB_PASSWORD, value: x}`): its value is one, in any kind.
  if ("value" in node && isSecretScalar(node.value) && namesSecretEntry(node)) {
    const r = redactValue(node.value);
    if (r !== node.value) out = withKey(out, "value", r);
  }
  const secretsUrlObject = ctx.secretsUrl && node.kind === undefined && kind !== "TableRow";
  const isSecret =
    (kind !== undefined && SECRET_KIND_SET.has(kind) && kind !== "SecretList") || secretsUrlObject;
  // A body sent to a secrets URL without a kind (a merge patch, an apply) is Secret content all the same.
  if (isSecret) out = redactSecretFields(out);
  if (ctx.tokenUrl && isRoot) {
    out = redactPath(out, ["status", "token"]);
    out = redactPath(out, ["spec", "token"]);
  }
  if (kind === "ExecCredential") out = redactPath(out, ["status", "clientKeyData"]);
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
  // The policy's pre-scan, as in front of every body: one pass of native code over the value's text clears most
  // documents, where the walk would allocate a context per object and scan every string on its own.
  if (!sensitiveUrl(context) && !documentTextMayHoldSecrets(value)) return value;
  return redactJsonUnscanned(value, context);
}

/**
 * {@link redactJson} without its pre-scan: for a value whose text the pre-scan has already let through, and the
 * reference the pre-scan is tested against (it must never change the answer).
 */
export function redactJsonUnscanned(value: unknown, context: RedactionContext = {}): unknown {
  return withMarker(context.marker, () =>
    redactNode(value, { secretsUrl: isSecretsUrl(context.url), tokenUrl: isTokenUrl(context.url) }, true),
  );
}

/**
 * A value redacted as it would be at `path` inside a document of `root`'s kind and apiVersion (a change reported at
 * `.data.password` of a Secret, at `.spec.apiKey` of a custom resource): the value is placed in a skeleton of the
 * root, redacted, and read back.
 */
export function redactValueAt(
  root: unknown,
  path: readonly (string | number | { all: true })[],
  value: unknown,
  context: RedactionContext = {},
): unknown {
  const base: JsonObject = {};
  if (isObject(root)) {
    if (root.kind !== undefined) base.kind = root.kind;
    if (root.apiVersion !== undefined) base.apiVersion = root.apiVersion;
  }
  const place = (at: number, into: JsonObject | undefined): Json => {
    const head = path[at];
    if (head === undefined) return value;
    if (typeof head === "string") {
      // The skeleton is made here and shared with no one: its keys are defined in place, not copied on write.
      const out = into ?? {};
      Object.defineProperty(out, head, ownData(place(at + 1, undefined)));
      return out;
    }
    const index = typeof head === "number" ? head : 0;
    const items: Json[] = new Array<Json>(index).fill(null);
    items.push(place(at + 1, undefined));
    return items;
  };
  const document = place(0, base);
  // Most values hold nothing secret: the pre-scan in redactJson returns the document itself, and so the value.
  const redacted = redactJson(document, context);
  if (redacted === document) return value;
  let at = redacted;
  for (const s of path) {
    if (typeof s === "string") at = isObject(at) ? at[s] : undefined;
    else at = Array.isArray(at) ? at[typeof s === "number" ? s : 0] : undefined;
  }
  return at;
}

/**
 * Whether a JSON document's text may hold anything the policy redacts ({@link textMayHoldSecrets}); true when it has
 * no plain JSON text to judge (a bigint), holds a marker of the old form (which redaction rewrites), or may hold a
 * JSON patch operation: the walk reads an operation's `path` as the field it writes (`/spec/token`), which the text
 * scan does not see as a key.
 */
export function documentTextMayHoldSecrets(document: unknown): boolean {
  let text: string | undefined;
  try {
    text = JSON.stringify(document);
  } catch {
    return true;
  }
  if (text === undefined || text.includes(" sha256:") || text.includes('"op":')) return true;
  return textMayHoldSecrets(text);
}

function sensitiveUrl(context: RedactionContext): boolean {
  return isSecretsUrl(context.url) || isTokenUrl(context.url);
}

/**
 * Whether text may hold anything the policy redacts: the policy's pre-scan ({@link textMayHoldSecrets}), the one
 * gate in front of every parse. Re-exported under its old name.
 */
export const mayHoldSecrets = textMayHoldSecrets;

/** A cut-short text that names a Secret, a generic List, or no kind at all (then nothing says it is not a Secret). */
const MAY_BE_SECRET = /"kind"\s*:\s*"(?:Secret|SecretList|List)"|^(?![\s\S]*"kind"\s*:)/;

/**
 * Redacts JSON text. Undefined when nothing changed; a marker for the whole text when it may hold a secret but
 * cannot be parsed (a body cut short, a line of a watch cut mid-event).
 */
function redactJsonText(text: string, context: RedactionContext): string | undefined {
  const sensitive = sensitiveUrl(context);
  const legacy = text.includes(" sha256:") ? dropLegacyDigests(text) : text;
  // A JSON patch names the field it writes in its `path` (`/spec/token`), which the pre-scan does not read as a key.
  if (!sensitive && !textMayHoldSecrets(legacy) && !legacy.includes('"op"'))
    return legacy === text ? undefined : legacy;
  let parsed: unknown;
  try {
    parsed = JSON.parse(legacy);
  } catch {
    if (legacy.trim() === "") return undefined;
    // Cut short (a truncated log body, a dropped connection): redact by walking the tokens that are there.
    const partial = redactPartialJsonText(legacy, sensitive || MAY_BE_SECRET.test(legacy), mark, (v) =>
      redactText(v) !== v ? true : false,
    );
    // The token walk knows no base64 fields: a `binaryData` map in it is looked into as in any text.
    const walked = partial ?? legacy;
    const out = walked.includes(BINARY_DATA) ? redactBinaryDataText(walked) : walked;
    return out === text ? undefined : out;
  }
  let redacted: unknown;
  try {
    redacted = redactJsonUnscanned(parsed, context);
  } catch (error) {
    // Nested too deep to walk (the stack ran out): what cannot be checked goes whole.
    if (error instanceof RangeError) return mark(text);
    throw error;
  }
  if (redacted === parsed) return legacy === text ? undefined : legacy;
  return JSON.stringify(redacted) + (text.endsWith("\n") ? "\n" : "");
}

function redactYamlDocuments(
  text: string,
  context: RedactionContext,
  sensitive: boolean,
): string | undefined {
  try {
    const values = parseYamlBounded(text);
    if (values === undefined) throw new Error("unparseable");
    let changed = false;
    const out = values.map((value) => {
      const r = redactJsonUnscanned(value, context);
      changed ||= r !== value;
      return yamlModule().stringify(r);
    });
    return changed ? out.join("---\n") : undefined;
  } catch {
    // Text we cannot read that may hold a secret is dropped whole rather than guessed at.
    return sensitive || namesSecretKind(text) ? mark(text) : undefined;
  }
}

/** What follows the white space at the start of a line that starts a YAML document's key (`name:`, `"name":`). */
const YAML_KEY_AFTER_SPACE = /(?:---\s*\n)?(?:[\w.-]+|"[^"]*"):(?:\s|$)/y;
const SPACE_RUN = /\s*/y;
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/g;

/**
 * Whether some line of a text body, past white space (blank lines too), starts a key: what
 * `/^\s*(?:---\s*\n)?(?:[\w.-]+|"[^"]*"):(?:\s|$)/m` asked. That expression read the white space after each line's
 * start to its end, so a text of blank lines took time quadratic in them (40,000 of them 1.8 s). Every line start in
 * one run of white space reaches the same character after it: each run is read once.
 */
export function hasYamlKeyLine(text: string): boolean {
  for (let lineStart = 0; ;) {
    SPACE_RUN.lastIndex = lineStart;
    SPACE_RUN.test(text);
    const first = SPACE_RUN.lastIndex;
    YAML_KEY_AFTER_SPACE.lastIndex = first;
    if (YAML_KEY_AFTER_SPACE.test(text)) return true;
    LINE_TERMINATOR.lastIndex = first;
    if (LINE_TERMINATOR.exec(text) === null) return false;
    lineStart = LINE_TERMINATOR.lastIndex;
  }
}

/** A text body: a YAML document (an apply), or any other text (an error page, plain output). */
function redactPlainText(text: string, context: RedactionContext): string | undefined {
  const sensitive = sensitiveUrl(context);
  if (!sensitive && !textMayHoldSecrets(text) && !text.includes(" sha256:")) return undefined;
  if (hasYamlKeyLine(text)) {
    if (text.length <= YAML_PARSE_LIMIT) {
      const r = redactYamlDocuments(text, context, sensitive);
      if (r !== undefined) return redactText(r);
    } else if (sensitive || namesSecretKind(text) || mayBeYamlPastLimit(text)) {
      // Too long to read as YAML, and it may be YAML that holds a secret: it goes whole. The text rules alone do not
      // read everything the document walk does (a Secret's data keys, a kubeconfig's exec environment, a block
      // scalar as a sequence item).
      return mark(text);
    }
  }
  const r = redactText(text);
  return r === text ? undefined : r;
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
      const r = redactStreamLine(line, context);
      if (r === undefined) return line;
      changed = true;
      return r.endsWith("\n") ? r : r + "\n";
    });
    out.push({ atMs: chunk.atMs, text: redacted.join("") });
  }
  if (pending) {
    const r = redactStreamLine(pending, context) ?? pending;
    changed ||= r !== pending;
    out.push({ atMs: chunks.at(-1)?.atMs ?? 0, text: r });
  }
  return changed ? out : undefined;
}

/** One line of a stream: a JSON event (a line that is not one and may hold a secret goes whole). */
function redactStreamLine(line: string, context: RedactionContext): string | undefined {
  return redactJsonText(line, context);
}

/**
 * Words whose presence in binary bytes (protobuf, CBOR) means the body may hold a secret: it then goes whole. Field
 * names appear in such bodies only as map keys (a ConfigMap's `data`, annotations), never followed by a colon.
 */
function binaryMayHoldSecrets(bytes: Buffer): boolean {
  // Field names in any case and spelling (`DB_PASSWORD`, `API_KEY`): protobuf keeps an environment variable's name.
  if (binaryTextNamesSecret(bytes.toString("latin1"))) return true;
  for (const word of [...SECRET_BEARING_KINDS, LAST_APPLIED, "PRIVATE KEY"]) {
    for (let at = bytes.indexOf(word); at >= 0; at = bytes.indexOf(word, at + 1)) {
      // A kind word that goes on (`ConfigMap`, `TokenRequestSpec`) is another word.
      const next = bytes[at + word.length];
      if (next === undefined || !/[A-Za-z0-9]/.test(String.fromCharCode(next))) return true;
    }
  }
  return false;
}

/**
 * Whether a value that the API defines as base64 (a ConfigMap's `binaryData`, an admission response's `patch`) may
 * hold a secret once decoded: a file (`db.password=x`), a gzip stream (a Helm release kept in a ConfigMap), a JSON
 * patch writing a Secret's data. It then goes whole, as a binary body does.
 */
function base64MayHoldSecrets(value: string): boolean {
  const bytes = Buffer.from(value, "base64");
  if (bytes.length === 0) return false;
  if (binaryMayHoldSecrets(bytes) || compressedMayHoldSecrets(bytes)) return true;
  // Text (a JSON patch, a properties file): what the walk or the text rules would change in it.
  const text = bytes.toString("utf8");
  if (text.includes("\ufffd")) return false;
  // Walked without the pre-scan: a JSON patch names the field it writes in its `path` (`/spec/token`).
  if (looksLikeJson(text))
    try {
      const parsed = JSON.parse(text) as Json;
      return redactNode(parsed, { secretsUrl: false }, true) !== parsed;
    } catch {
      // Not JSON after all: the text rules judge it.
    }
  return textMayHoldSecrets(text) && redactText(text) !== text;
}

/** A `binaryData` map with each value that may hold a secret once decoded redacted whole. */
function redactBase64Values(map: JsonObject): JsonObject {
  let out = map;
  for (const [k, v] of Object.entries(map))
    if (typeof v === "string" && !isRedactionMarker(v) && base64MayHoldSecrets(v))
      out = withKey(out, k, mark(v));
  return out;
}

/** The most a compressed body is inflated to look into it: more, and it goes whole unread. */
const INFLATE_LIMIT = 64 * 1024 * 1024;

/**
 * Whether binary bytes are a gzip, zlib or Brotli stream (a body whose Content-Encoding was not undone: a request the
 * recorder kept as sent, a HAR entry, a body with no or a wrong Content-Encoding header) whose content may hold a
 * secret, by the same words as {@link binaryMayHoldSecrets}. The words are not to be seen in the compressed bytes,
 * and the cassette kept the secret for anyone to inflate. A stream that does not inflate within
 * {@link INFLATE_LIMIT} cannot be checked and counts as holding one; nor can one compressed more than four times over.
 * Brotli has no magic number: bytes said to be Brotli (`brotli`) that do not decompress count as holding one; other
 * bytes that are no gzip or zlib stream are tried as Brotli too, and count only if they decompress to a secret.
 */
function compressedMayHoldSecrets(bytes: Buffer, depth = 0, brotli = false): boolean {
  const compression = compressionOf(bytes);
  if (compression === undefined && isKubernetesProtobuf(bytes)) return false;
  let inflated: Buffer;
  try {
    const z = zlibModule();
    inflated =
      compression === "gzip"
        ? z.gunzipSync(bytes, { maxOutputLength: INFLATE_LIMIT })
        : compression === "zlib"
          ? z.inflateSync(bytes, { maxOutputLength: INFLATE_LIMIT })
          : z.brotliDecompressSync(bytes, { maxOutputLength: INFLATE_LIMIT });
  } catch (error) {
    // Too large to look into: it goes whole, and so does a body said to be Brotli that is none. Not a stream after
    // all (bytes that only began like one, or that Brotli cannot read and nothing said were Brotli): as they are.
    if (compression === undefined && brotli && bytes.length > 0) return true;
    return error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
  }
  if (binaryMayHoldSecrets(inflated)) return true;
  // Compressed again inside: looked into a few levels deep; deeper, it counts as holding one.
  return depth < 3 ? compressedMayHoldSecrets(inflated, depth + 1) : compressionOf(inflated) !== undefined;
}

/** Whether a Content-Encoding names Brotli (`br`, also in a list: `gzip, br`). */
function saysBrotli(encoding: string | undefined): boolean {
  return encoding !== undefined && /(?:^|,)\s*br\s*(?:,|$)/i.test(encoding);
}

/** A gzip stream, a zlib one (deflate, method 8, with the check bits that make its header a multiple of 31), or neither. */
function compressionOf(bytes: Buffer): "gzip" | "zlib" | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return "gzip";
  return (bytes[0]! & 0x0f) === 8 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0 ? "zlib" : undefined;
}

/** Redacts a body; returns the same body when nothing in it was secret. */
export function redactBody(body: Body, context: RedactionContext = {}): { body: Body; changed: boolean } {
  if (redactedBodies.get(body) === (context.url ?? "")) return { body, changed: false };
  const r = withMarker(context.marker, () => redactBodyNow(body, context));
  if (r.changed) redactedBodies.set(r.body, context.url ?? "");
  return r;
}

/** Bodies this module made, and the URL they were redacted for: redacting them again changes nothing. */
const redactedBodies = new WeakMap<Body, string>();

/** Whether a body made by {@link redactBody} turned out to hold a secret (it is worked out on first read). */
function bodyWasRedacted(original: Body | undefined, redacted: Body | undefined): boolean {
  if (!original || !redacted) return false;
  if (original === redacted) return false;
  if (capturedChunks(original) !== undefined && redactedBodies.has(redacted))
    return capturedChunks(redacted) === undefined;
  return true;
}

function redactBodyNow(body: Body, context: RedactionContext): { body: Body; changed: boolean } {
  const unchanged = { body, changed: false };
  // Captured text that looks like JSON is redacted from its decoded text alone, whether its kind turns out `json`
  // or `text` (both are read so): the usual answer, nothing to redact, then costs no JSON.parse of the body.
  let fromText: { r: string | undefined } | undefined;
  if (capturedChunks(body) !== undefined && capturedIsBinary(body) !== true) {
    const text = capturedText(body);
    if (text !== undefined && looksLikeJson(text)) {
      fromText = { r: redactJsonText(text, context) };
      if (fromText.r === undefined) return unchanged;
    }
  }
  const truncated = body.truncated ? { truncated: true } : {};
  switch (body.kind) {
    case "json": {
      const r = fromText ? fromText.r : redactJsonText(textOfBody(body) ?? "", context);
      if (r === undefined) return unchanged;
      let value: unknown;
      try {
        value = isRedactionMarker(r) ? undefined : (JSON.parse(r) as unknown);
      } catch {
        value = undefined;
      }
      if (value === undefined)
        return { body: { kind: "text", text: r, bytes: body.bytes, ...truncated }, changed: true };
      return { body: { ...jsonBody(value), ...truncated }, changed: true };
    }
    case "text": {
      const r = fromText
        ? fromText.r
        : looksLikeJson(body.text)
          ? redactJsonText(body.text, context)
          : redactPlainText(body.text, context);
      return r === undefined ? unchanged : { body: { ...body, text: r }, changed: true };
    }
    case "stream": {
      const chunks = redactStream(body.chunks, context);
      return chunks ? { body: { ...streamBody(chunks), ...truncated }, changed: true } : unchanged;
    }
    case "binary": {
      // Protobuf (kubectl 1.32+ sends it) and CBOR cannot be redacted field by field here: a Secret goes whole.
      const bytes = Buffer.from(body.base64, "base64");
      // The server's schema documents name secret words as types, never values: their protobuf is kept as sent. One
      // in the Kubernetes envelope (`k8s\0`) is an object, whatever its label says: it keeps the rule.
      if (context.apiSchemaDocument === true && !isKubernetesProtobuf(bytes)) return unchanged;
      if (
        !sensitiveUrl(context) &&
        !binaryMayHoldSecrets(bytes) &&
        !compressedMayHoldSecrets(bytes, 0, saysBrotli(context.contentEncoding))
      )
        return unchanged;
      return {
        body: { kind: "text", text: mark(body.base64), bytes: body.bytes, ...truncated },
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
 * The secrets a request carried (its credentials, the Secret values it wrote), in every form a server may echo
 * them: as sent, JSON-escaped, base64-encoded, and base64-decoded (a webhook quoting a Secret's value). Values of
 * fewer than four characters are not looked for: they would match ordinary text everywhere.
 */
class Echoes {
  readonly #forms = new Map<string, string>();

  add(value: string): void {
    if (isRedactionMarker(value)) return;
    for (const form of echoForms(value)) if (!this.#forms.has(form)) this.#forms.set(form, value);
  }

  get size(): number {
    return this.#forms.size;
  }

  /** Text with every echo replaced by its value's marker. */
  scrub(text: string): string {
    if (this.#forms.size === 0) return text;
    let out = text;
    const forms = [...this.#forms.keys()].sort((a, b) => b.length - a.length);
    for (const form of forms)
      if (out.includes(form)) out = out.split(form).join(mark(this.#forms.get(form)!));
    return out;
  }
}

function collecting(base: MarkerFunction, echoes: Echoes): MarkerFunction {
  return (value) => {
    echoes.add(value);
    return base(value);
  };
}

function scrubBody(body: Body, echoes: Echoes): { body: Body; changed: boolean } {
  const unchanged = { body, changed: false };
  switch (body.kind) {
    case "json": {
      const text = textOfBody(body) ?? "";
      const scrubbed = echoes.scrub(text);
      if (scrubbed === text) return unchanged;
      const truncated = body.truncated ? { truncated: true } : {};
      try {
        return { body: { ...jsonBody(JSON.parse(scrubbed) as unknown), ...truncated }, changed: true };
      } catch {
        return { body: { kind: "text", text: scrubbed, bytes: body.bytes, ...truncated }, changed: true };
      }
    }
    case "text": {
      const text = echoes.scrub(body.text);
      return text === body.text ? unchanged : { body: { ...body, text }, changed: true };
    }
    case "stream": {
      let changed = false;
      const chunks = body.chunks.map((c) => {
        const text = echoes.scrub(c.text);
        if (text === c.text) return c;
        changed = true;
        return { ...c, text };
      });
      return changed ? { body: { ...body, chunks }, changed } : unchanged;
    }
    case "binary":
      return unchanged;
  }
}

function scrubHeaders(headers: HeaderMap, echoes: Echoes): { headers: HeaderMap; changed: boolean } {
  let changed = false;
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    const r = Array.isArray(value) ? value.map((v) => echoes.scrub(v)) : echoes.scrub(value);
    changed ||= JSON.stringify(r) !== JSON.stringify(value);
    out[name] = r;
  }
  return { headers: changed ? out : headers, changed };
}

/**
 * Redacts an exchange at capture: credential headers (`Authorization` keeps its scheme), credential query
 * parameters and userinfo, secret values in request and response bodies, and, wherever the server echoes them
 * (a Status message, a `Warning` header, an error page, the transport error), the secrets the request carried.
 * Returns a new exchange (or the same one when nothing was secret); `redacted: true` marks one that changed.
 * Idempotent: redacting twice changes nothing more.
 */
export function redactExchange(exchange: Exchange, options: { marker?: MarkerFunction } = {}): Exchange {
  const echoes = new Echoes();
  const base = options.marker ?? mark;
  return withMarker(collecting(base, echoes), () => redactExchangeWith(exchange, echoes, base));
}

/**
 * How redaction reads a body's text: {@link bodyText}, unless a caller that needs the same texts itself lends its
 * own reader for one exchange ({@link redactExchangeReadingTexts}).
 */
let textOfBody: (body: Body) => string | undefined = bodyText;

/**
 * {@link redactExchange} for a caller that needs the text of the exchange's bodies too (the report embeds each one):
 * redaction reads every body's text through `text`, which must answer exactly what {@link bodyText} answers, so that
 * a JSON body's text is made once (`JSON.stringify` of a large value) and shared, with no copy of the exchange made
 * to carry it. Bodies redaction replaces are new and read as usual.
 */
export function redactExchangeReadingTexts(
  exchange: Exchange,
  text: (body: Body) => string | undefined,
): Exchange {
  const previous = textOfBody;
  textOfBody = text;
  try {
    return redactExchange(exchange);
  } finally {
    textOfBody = previous;
  }
}

/** An exchange's response body whose redaction waits until it is read, and the body it stands for. */
const REDACTED_LATER = Symbol("kubewire.redactedLater");

/**
 * `redacted` of an exchange whose response body is redacted when read: true once reading it redacted something. One
 * getter for every such exchange (its body is found behind {@link REDACTED_LATER}): a getter made per exchange would
 * make every exchange an object of its own shape.
 */
const DEFERRED_REDACTED: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: { [REDACTED_LATER]?: { original: Body; deferred: Body } }) {
    const later = this[REDACTED_LATER];
    return later && bodyWasRedacted(later.original, later.deferred) ? true : undefined;
  },
};

/**
 * A response body redacted when first read. Made apart from {@link redactExchangeWith} so that what the body keeps
 * until then is only what its redaction needs (a closure inside it would keep that function's whole scope), and the
 * echoes only when there are any (they are complete by the time a response body is deferred).
 */
function redactedLater(
  original: Body,
  context: RedactionContext,
  echoes: Echoes | undefined,
  plainMark: MarkerFunction,
): Body {
  return deferredBody(original, () => {
    const r = withMarker(plainMark, () => {
      const first = redactBodyNow(original, context);
      if (!echoes) return first;
      const second = scrubBody(first.body, echoes);
      return { body: second.body, changed: first.changed || second.changed };
    });
    return { body: r.body, unchanged: !r.changed };
  });
}

function redactExchangeWith(exchange: Exchange, echoes: Echoes, base: MarkerFunction): Exchange {
  const { url, changed: urlChanged } = redactUrl(exchange.request.url);
  const context: RedactionContext = {
    url: exchange.request.url,
    contentEncoding: headerValue(exchange.request.headers, "content-encoding"),
  };
  const reqHeaders = redactHeaders(exchange.request.headers);
  // The request is read now (it is small, and what it carried must be known to scrub its echoes).
  const reqBody = exchange.request.body
    ? redactedBodies.get(exchange.request.body) === (context.url ?? "")
      ? { body: exchange.request.body, changed: false }
      : redactBodyNow(exchange.request.body, context)
    : undefined;
  if (reqBody?.changed) redactedBodies.set(reqBody.body, context.url ?? "");
  let changed = urlChanged || reqHeaders.changed || Boolean(reqBody?.changed);
  const request = { ...exchange.request, url, headers: reqHeaders.headers };
  if (reqBody) request.body = reqBody.body;

  // From here on, markers are not collected: only the request's secrets are echoes.
  const plainMark = base;
  let response = exchange.response;
  let deferredResponse: { original: Body; deferred: Body } | undefined;
  if (response) {
    let resHeaders = redactHeaders(response.headers);
    if (echoes.size > 0) {
      const scrubbed = scrubHeaders(resHeaders.headers, echoes);
      resHeaders = { headers: scrubbed.headers, changed: resHeaders.changed || scrubbed.changed };
    }
    const statusText = echoes.scrub(redactText(response.statusText));
    changed ||= resHeaders.changed || statusText !== response.statusText;
    response = { ...response, statusText, headers: resHeaders.headers };
    const original = response.body;
    if (original) {
      // A literal, not a spread of `context`: a deferred body keeps it, and a spread's shape is one of its own.
      const context2: RedactionContext = {
        url: exchange.request.url,
        marker: plainMark,
        apiSchemaDocument: isApiSchemaDocument({
          method: exchange.request.method,
          url: exchange.request.url,
          status: response.status,
          contentType: headerValue(response.headers, "content-type"),
        }),
        contentEncoding: headerValue(response.headers, "content-encoding"),
      };
      if (capturedChunks(original) !== undefined && redactedBodies.get(original) !== (context.url ?? "")) {
        const deferred = redactedLater(original, context2, echoes.size > 0 ? echoes : undefined, plainMark);
        redactedBodies.set(deferred, context.url ?? "");
        response.body = deferred;
        deferredResponse = { original, deferred };
      } else {
        const r = withMarker(plainMark, () => {
          const first = redactBody(original, context2);
          if (echoes.size === 0) return first;
          const second = scrubBody(first.body, echoes);
          return { body: second.body, changed: first.changed || second.changed };
        });
        response.body = r.body;
        changed ||= r.changed;
      }
    }
  }
  let error = exchange.error;
  if (error) {
    // Transport errors quote the URL (userinfo and all) and may quote anything else: the text rules, and the echoes.
    let message = error.message.split(exchange.request.url).join(url);
    message = echoes.scrub(withMarker(plainMark, () => redactText(message)));
    if (message !== error.message) {
      error = { ...error, message };
      changed = true;
    }
  }
  let warnings = exchange.warnings;
  if (warnings) {
    // The parsed `Warning` headers say what the headers say: the same text rules, the same echoes.
    const redactedWarnings = warnings.map((w) => {
      const text = echoes.scrub(withMarker(plainMark, () => redactText(w.text)));
      return text === w.text ? w : { ...w, text };
    });
    if (redactedWarnings.some((w, i) => w !== warnings![i])) {
      warnings = redactedWarnings;
      changed = true;
    }
  }
  // Copied key by key (as a spread copies: own enumerable keys, then symbols), not spread: a spread object's shape
  // is a clone outside V8's tree of shapes, and the stores below (a new response, a new error) then gave every
  // exchange a hidden class of its own, hundreds of bytes each for a recording or an import to allocate and the
  // collector to copy. `redacted` is left out rather than deleted (a delete makes a dictionary of the object).
  const from = exchange as unknown as Record<string | symbol, unknown>;
  const copy: Record<string | symbol, unknown> = {};
  for (const key of Object.keys(from)) if (key !== "redacted") copy[key] = from[key];
  for (const key of Object.getOwnPropertySymbols(from))
    if (Object.prototype.propertyIsEnumerable.call(from, key)) copy[key] = from[key];
  const out = copy as unknown as Exchange;
  out.request = request;
  if (response) out.response = response;
  if (error) out.error = error;
  if (warnings) out.warnings = warnings;
  if (changed || exchange.redacted) out.redacted = true;
  else if (response?.body !== exchange.response?.body) {
    if (deferredResponse) Object.defineProperty(out, REDACTED_LATER, { value: deferredResponse });
    Object.defineProperty(out, "redacted", DEFERRED_REDACTED);
  } else return exchange;
  return out;
}

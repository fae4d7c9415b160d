/**
 * The one secret policy: every rule that says what is secret lives here, and every output (recording, partial-JSON
 * and stream redaction, traffic logs and their import, diffs and views, the snapshot serializer, error messages,
 * replay reports, update reports, the CLI) asks it. SECURITY.md describes it for users; a second list of secret
 * kinds or field names anywhere else is a bug (`test/security/policy-single-source.test.ts` greps for one).
 *
 * The pre-scan ({@link textMayHoldSecrets}) is derived from the same lists as the rules it guards: each rule names
 * the literal that any text it would change must contain (its anchor), and the scan looks for exactly those
 * anchors with exactly the rule's own tests. The redactor never changes text the scan let through.
 */

export { MARKER_SOURCE, type MarkerFunction } from "./redaction-marker.js";
import { EscapedQuotes } from "./escaped-quotes.js";
import { isRedactionMarker, MARKER_SOURCE, type MarkerFunction } from "./redaction-marker.js";

/** Kinds whose `data` and `stringData` maps hold secret values (a SecretList's items are Secrets). */
export const SECRET_KINDS: readonly string[] = Object.freeze(["Secret", "SecretList"]);

/**
 * Kinds whose documents carry credentials in known places outside any Secret: a kubeconfig (`Config`), the tokens of
 * a TokenRequest or TokenReview, an exec plugin's ExecCredential.
 */
export const CREDENTIAL_KINDS: readonly string[] = Object.freeze([
  "Config",
  "TokenRequest",
  "TokenReview",
  "ExecCredential",
]);

/** Every kind that marks a document as holding secrets: {@link SECRET_KINDS} and {@link CREDENTIAL_KINDS}. */
export const SECRET_BEARING_KINDS: readonly string[] = Object.freeze([...SECRET_KINDS, ...CREDENTIAL_KINDS]);

const SECRET_BEARING = new Set(SECRET_BEARING_KINDS);

/**
 * The field whose values are base64 of any bytes (a ConfigMap's files): each is looked into decoded, and goes whole
 * when it may hold a secret. An admission response's `patch` (with its `patchType`) is read the same way.
 */
export const BINARY_DATA = "binaryData";

/** The annotation in which kubectl keeps the whole applied object (a Secret's values included). */
export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/**
 * The built-in secret field names: a scalar under a key whose name, lower-cased and without `-`, `_` and `.`,
 * ends with one of these is a secret in any object of any kind (`token`, `password`, a custom resource's
 * `spec.adminPassword`, `apiKey`, `clientSecret`, `client-key-data`...), and so is the value of such a key in any
 * text (`password: x`, `"apiKey":"x"`, `token=x`). Override with {@link configureSecretPolicy} or the
 * `KUBEWIRE_SECRET_FIELDS` environment variable (comma-separated names added to these).
 */
export const DEFAULT_SECRET_FIELD_NAMES: readonly string[] = Object.freeze([
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "apiKey",
  "privateKey",
  "secretKey",
  "secretAccessKey",
  "signingKey",
  "encryptionKey",
  "clientKeyData",
  "auth",
  // Session 12: credentials by other names (a cloud provider's `credentials`, `AWS_SECRET_ACCESS_KEY`'s sibling
  // `accessKey`, an Azure connection string's `AccountKey=` and `SharedAccessKey=`, Cosmos DB's `masterKey`).
  "credential",
  "credentials",
  "accessKey",
  "accountKey",
  "masterKey",
  // Session 14: the variables clients read a password from by a name without the word (`sshpass -e`, mysql).
  "sshpass",
  "mysqlPwd",
]);

/**
 * What a secret field name may end with after its word and still name the secret, or something that stands for it:
 * its hash or digest (`passwordHash`, `password_digest`: a hash lets anyone test guesses offline). A qualifier alone
 * (`hash`, `--discovery-token-ca-cert-hash`) is no secret name: the name must hold a word of the list before it.
 */
const SECRET_NAME_QUALIFIERS: readonly string[] = Object.freeze(["hash", "digest"]);

/**
 * Query parameter names that carry credentials besides the secret field names (an OAuth `code`, a signed URL's
 * `sig`, S3 and GCS presigned URLs).
 */
export const SECRET_QUERY_PARAMETERS: readonly string[] = Object.freeze([
  "code",
  "sig",
  "signature",
  "credential",
  "X-Amz-Signature",
  "X-Amz-Credential",
  "X-Amz-Security-Token",
  "X-Goog-Signature",
  "X-Goog-Credential",
]);

/** Headers whose whole value is a credential (`Authorization` keeps its scheme). */
const SECRET_HEADER_NAMES = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);
/** A header named like a credential (`X-Auth-Token`, `X-Api-Key`, `X-Amz-Security-Token`). */
const SECRET_HEADER_WORD = /token|secret|password|api-?key|credential|signature|auth/i;

/**
 * A header whose name ends in `key` after a separator (`Ocp-Apim-Subscription-Key`, `X-Functions-Key`,
 * `X-Master-Key`): a gateway's key. WebSocket's handshake nonce (`Sec-WebSocket-Key`, which every `kubectl exec`
 * sends) is public by design and no credential.
 */
const SECRET_HEADER_KEY = /[-_]key$/i;
const WEBSOCKET_KEY = "sec-websocket-key";

/** Whether a header's value is a credential as a whole. */
export function isSecretHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    SECRET_HEADER_NAMES.has(lower) ||
    SECRET_HEADER_WORD.test(name) ||
    (SECRET_HEADER_KEY.test(name) && lower !== WEBSOCKET_KEY)
  );
}

/** A name as the policy compares names: lower case, without `-`, `_` and `.`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]/g, "");
}

/** A kubeconfig setting or a command-line flag named like a credential (auth-provider config, `--token`). */
export const CREDENTIAL_NAME_WORD = /token|secret|password|key/i;
/**
 * An exec plugin argument that carries a credential (`--token=...`); `[\s\S]`: a value may hold a line break. The
 * name is every word character and `-` after the first dash, up to the `=`, and holds one of the words: looked for
 * once, ahead (the form `--?[\w-]*(?:token|…)[\w-]*=` read the rest of the name again after each word it held, so a
 * name of 40,000 characters of `key`s took 0.6 s).
 */
export const SECRET_ARGUMENT = /^(-(?=[\w-]*?(?:token|secret|password|key))[\w-]*=)([\s\S]*)$/i;
/** A flag whose value follows as the next argument (`--token VALUE`); its words looked for as in {@link SECRET_ARGUMENT}. */
export const SECRET_FLAG = /^-(?=[\w-]*?(?:token|secret|password|key))[\w-]*$/i;

interface FieldRules {
  /** Frozen: {@link configureSecretPolicy} and {@link secretFieldWords} hand it out, and the checks read it. */
  words: readonly string[];
  /** The last (up to) three letters of each word, as they may be spelled: lower, UPPER and Capitalized. */
  anchors: string[];
  anchorSet: Set<string>;
  anchorLengths: number[];
  queryNames: Set<string>;
}

function buildRules(names: readonly string[]): FieldRules {
  const words = Object.freeze([...new Set(names.map(normalizeName).filter((w) => w.length > 0))]);
  const anchors = new Set<string>();
  for (const w of [...words, ...(words.length > 0 ? SECRET_NAME_QUALIFIERS : [])]) {
    const tail = w.slice(-3);
    anchors.add(tail);
    anchors.add(tail.toUpperCase());
    anchors.add(tail[0]!.toUpperCase() + tail.slice(1));
  }
  const list = [...anchors].sort((a, b) => b.length - a.length);
  return {
    words,
    anchors: list,
    anchorSet: anchors,
    anchorLengths: [...new Set(list.map((a) => a.length))],
    queryNames: new Set(SECRET_QUERY_PARAMETERS.map(normalizeName)),
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function namesFromEnvironment(): string[] {
  const extra = typeof process === "object" ? process.env.KUBEWIRE_SECRET_FIELDS : undefined;
  return extra ? extra.split(",").map((s) => s.trim()) : [];
}

let rules = buildRules([...DEFAULT_SECRET_FIELD_NAMES, ...namesFromEnvironment()]);

/**
 * Changes the secret field names for this process: `fieldNames` replaces the built-in list, `extraFieldNames`
 * adds to it (a custom resource's `spec.licenceCode`). Names compare as {@link normalizeName} makes them, by the end
 * of a key. Returns the names now in force, frozen (as are the exported lists: no caller can weaken the policy by
 * changing one in place).
 */
export function configureSecretPolicy(options: {
  fieldNames?: readonly string[];
  extraFieldNames?: readonly string[];
}): readonly string[] {
  const base = options.fieldNames ?? DEFAULT_SECRET_FIELD_NAMES;
  rules = buildRules([...base, ...(options.extraFieldNames ?? []), ...namesFromEnvironment()]);
  return rules.words;
}

/** The secret field names in force (normalized). */
export function secretFieldWords(): readonly string[] {
  return rules.words;
}

/**
 * Whether an object key names a secret field: the key ends with an anchor of the list (its last three letters as
 * a lower, UPPER or Capitalized word ends) and, normalized, with one of the names; a kind's name (`Secret`) is none.
 */
export function isSecretFieldName(key: string): boolean {
  // A kind's name is not a field's: `a Secret: illegal base64` is a message, not a key and its value.
  if (key.length === 0 || SECRET_BEARING.has(key)) return false;
  if (!rules.anchorSet.has(key.slice(-3)) && !rules.anchorSet.has(key)) return false;
  return endsWithSecretWord(normalizeName(key));
}

/** Whether a normalized name ends with a secret word, or with one and a qualifier ({@link SECRET_NAME_QUALIFIERS}). */
function endsWithSecretWord(n: string): boolean {
  for (const w of rules.words) if (n.endsWith(w)) return true;
  for (const q of SECRET_NAME_QUALIFIERS) {
    if (n.length <= q.length || !n.endsWith(q)) continue;
    const base = n.slice(0, -q.length);
    for (const w of rules.words) if (base.endsWith(w)) return true;
  }
  return false;
}

/** Whether a query parameter carries a credential (`access_token`, `refresh_token`, `code`, `X-Amz-Signature`...). */
export function isSecretQueryParameter(name: string): boolean {
  const n = normalizeName(name);
  return rules.queryNames.has(n) || endsWithSecretWord(n);
}

/** Whether a scalar under a secret field name is redacted: strings and numbers (a flag such as `true` says nothing). */
export function isSecretScalar(value: unknown): boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "bigint";
}

/**
 * The white space that may stand between a name, its separator and its value: spaces, tabs, and the Unicode spaces
 * (no-break, en to hair, narrow no-break, medium mathematical, ideographic) that a pasted or translated text puts
 * where a space was.
 */
const SPACE = String.raw`[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]`;
/** The colons a text may write after a name: `:`, and the fullwidth, small and vertical presentation forms. */
const UNICODE_COLONS = "\uff1a\ufe55\ufe13";

// ---------------------------------------------------------------------------------------------------------------
// The pre-scan: what text any rule could change must contain.

const CODE_BACKSLASH = 0x5c;
const CODE_QUOTE = 0x22;
const CODE_APOSTROPHE = 0x27;
const CODE_COLON = 0x3a;
const CODE_EQUALS = 0x3d;

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function isAlnum(c: number): boolean {
  const lower = c | 0x20;
  return (c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x7a);
}

/** A character of a key name as the text rules read one: letters, digits, `-`, `_`, `.`. */
function isKeyChar(c: number): boolean {
  return isAlnum(c) || c === 0x2d || c === 0x5f || c === 0x2e;
}

/** Where the separator after a key at `end` stands: past quotes (escaped or not) and spaces. */
function separatorIndex(text: string, end: number): number {
  let i = end;
  let c = text.charCodeAt(i);
  while (c === CODE_BACKSLASH || c === CODE_QUOTE || c === CODE_APOSTROPHE) c = text.charCodeAt(++i);
  while (isSpace(c)) c = text.charCodeAt(++i);
  return i;
}

/**
 * After a key at `end`: quotes (escaped or not), spaces, then `:` or `=`. A character outside ASCII where a space
 * may stand counts (it may be a Unicode space).
 */
function separatorFollows(text: string, end: number): boolean {
  return isSeparator(text.charCodeAt(separatorIndex(text, end)));
}

function isSeparator(c: number): boolean {
  return c === CODE_COLON || c === CODE_EQUALS || c >= 0x80;
}

/**
 * Whether the colon at `colon` is followed by an object (`"serviceAccountToken":{`). No rule redacts an object under
 * a secret name as a whole (what it holds has anchors of its own), and every Pod names `serviceAccountToken`: without
 * this the scan would send every Pod to the parser. An array does count: its scalars are secret values.
 */
function objectAfterColon(text: string, colon: number): boolean {
  if (text.charCodeAt(colon) !== CODE_COLON) return false;
  let i = colon + 1;
  let c = text.charCodeAt(i);
  while (c === 0x20 || c === 0x09) c = text.charCodeAt(++i);
  return c === 0x7b;
}

/** The key that ends at `end`, or undefined when it starts after a backslash (an escape: unsure, counts). */
function keyEndingAt(text: string, end: number): { key: string; escaped: boolean } {
  let start = end;
  while (start > 0 && isKeyChar(text.charCodeAt(start - 1))) start--;
  // `\npassword:` (YAML inside a JSON string) or `\u0070assword`: the run may start with an escape's letters.
  const escaped = start > 0 && text.charCodeAt(start - 1) === CODE_BACKSLASH;
  return { key: text.slice(start, end), escaped };
}

/** Whether the key-word anchor at `at` ends a secret field name in key position (`password:`, `"apiKey":`, `token=`). */
function secretKeyAt(text: string, at: number, length: number): boolean {
  const end = at + length;
  if (end < text.length && isKeyChar(text.charCodeAt(end))) return false;
  const separator = separatorIndex(text, end);
  if (!isSeparator(text.charCodeAt(separator)) || objectAfterColon(text, separator))
    return secretFlagAt(text, end) || secretItemAt(text, end);
  const { key, escaped } = keyEndingAt(text, end);
  if (escaped) return true;
  return isSecretFieldName(key) || isSecretQueryParameter(key);
}

/**
 * Whether a secret name that ends at `end` is a command-line flag followed by its value (`--token abc`), as
 * {@link redactCredentialFlags} reads one: a dash starts the name, white space and no dash follow it.
 */
function secretFlagAt(text: string, end: number): boolean {
  let i = end;
  while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09) i++;
  const c = text.charCodeAt(i);
  if (i === end || i >= text.length || isSpace(c) || c === 0x2d) return false;
  const { key } = keyEndingAt(text, end);
  return key.charCodeAt(0) === 0x2d && isSecretFieldName(key);
}

/**
 * Whether the secret name that ends at `end` is a value that {@link redactNamedEntryValues} or the walk reads as
 * naming another value: the value of a `name` or `key` key (`"name":"DB_PASSWORD"`, `- name: API_TOKEN`), or a flag
 * standing alone as an item of a list (`"--password",`, `- --token`), whose value is the next item. Said whatever
 * follows: an entry's `value` may come before its name, and the walk reads it in any order.
 */
function secretItemAt(text: string, end: number): boolean {
  const { key } = keyEndingAt(text, end);
  if (!isSecretFieldName(key)) return false;
  if (key.charCodeAt(0) === 0x2d) return true;
  let i = end - key.length - 1;
  let c = text.charCodeAt(i);
  while (
    i >= 0 &&
    (c === CODE_QUOTE || c === CODE_APOSTROPHE || c === CODE_BACKSLASH || c === 0x20 || c === 0x09)
  )
    c = text.charCodeAt(--i);
  if (c !== CODE_COLON) return false;
  c = text.charCodeAt(--i);
  while (
    i >= 0 &&
    (c === CODE_QUOTE || c === CODE_APOSTROPHE || c === CODE_BACKSLASH || c === 0x20 || c === 0x09)
  )
    c = text.charCodeAt(--i);
  const word = (w: string): boolean =>
    i >= w.length - 1 &&
    text.slice(i - w.length + 1, i + 1) === w &&
    !isKeyChar(text.charCodeAt(i - w.length));
  return word("name") || word("key");
}

/** A header named like a credential as text (`Cookie:`, `"Set-Cookie":`, `Authorization:`): a quote, spaces, `:`. */
function headerLineAt(text: string, at: number, length: number): boolean {
  let i = at + length;
  if (isKeyChar(text.charCodeAt(i))) return false;
  if (text.charCodeAt(i) === CODE_QUOTE || text.charCodeAt(i) === CODE_APOSTROPHE) i++;
  while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09) i++;
  return text.charCodeAt(i) === CODE_COLON;
}

/** The last text {@link mysqlClientAt} looked into, where it looked from, and the first `-p` it found there. */
let dashPText: string | undefined;
let dashPFrom = 0;
let dashPAt = -1;

/**
 * A MySQL client's name with a `-p` somewhere after it ({@link redactCredentialFlags} reads `-pX` on its line). The
 * first `-p` after a position is remembered for the text, so that many names and no `-p` cost one pass.
 */
function mysqlClientAt(text: string, at: number): boolean {
  if (dashPText !== text || at < dashPFrom || (dashPAt >= 0 && dashPAt < at)) {
    dashPText = text;
    dashPFrom = at;
    dashPAt = text.indexOf("-p", at);
  }
  return dashPAt >= 0;
}

/** Whether the `=` at `at` ends a credential query parameter (`?code=`, `&X-Amz-Signature=`). */
function secretQueryAt(text: string, at: number): boolean {
  let start = at;
  while (start > 0 && isQueryNameChar(text.charCodeAt(start - 1))) start--;
  const before = text.charCodeAt(start - 1);
  if (before === 0x3f || before === 0x26 || before === 0x3b)
    return isSecretQueryParameter(safeDecode(text.slice(start, at)));
  // Go's JSON (kube-apiserver's, kubectl's) writes `&` as `\u0026`, whose hex digits read as name characters.
  if (before === CODE_BACKSLASH && text.startsWith(ESCAPED_AMPERSAND, start))
    return isSecretQueryParameter(safeDecode(text.slice(start + ESCAPED_AMPERSAND.length, at)));
  return false;
}

/**
 * Whether the `%3D` at `at` ends a credential query parameter written percent-encoded inside another parameter's
 * value (`redirect_uri=https%3A%2F%2Fh%2Fcb%3Faccess_token%3Dx`): after `%3F`, `%26` or `%3B` and the name.
 */
function encodedQueryAt(text: string, at: number): boolean {
  // The separator's hex digits are name characters: the run back from `%3D` starts right after its `%`.
  let start = at;
  while (start > 0 && isKeyChar(text.charCodeAt(start - 1))) start--;
  return (
    text.charCodeAt(start - 1) === 0x25 &&
    ENCODED_QUERY_SEPARATOR.test(text.slice(start, start + 2)) &&
    isSecretQueryParameter(text.slice(start + 2, at))
  );
}

const ENCODED_QUERY_SEPARATOR = /^(?:3[Ff]|26|3[Bb])$/;

/** What follows the backslash of `&` escaped in JSON as Go writes it. */
const ESCAPED_AMPERSAND = "u0026";

function isQueryNameChar(c: number): boolean {
  return isKeyChar(c) || c === 0x25 || c === 0x2b;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/**
 * Whether the kind word at `at` may be the value of a `kind` key: walking back over quotes, backslashes and spaces,
 * a colon, then again, then `kind` (whatever stands before it: `\nkind:` inside a JSON string counts).
 */
function afterKindKey(text: string, at: number): boolean {
  let i = at - 1;
  let c = text.charCodeAt(i);
  while (i >= 0 && (isSpace(c) || c === CODE_QUOTE || c === CODE_BACKSLASH || c === CODE_APOSTROPHE))
    c = text.charCodeAt(--i);
  if (i < 0) return false;
  if (c >= 0x80) return true;
  if (c !== CODE_COLON) return false;
  c = text.charCodeAt(--i);
  while (i >= 0 && (isSpace(c) || c === CODE_QUOTE || c === CODE_BACKSLASH)) c = text.charCodeAt(--i);
  if (i < 0) return false;
  if (c >= 0x80) return true;
  return i >= 3 && text.slice(i - 3, i + 1) === "kind";
}

/** A kind word at `at` that ends there (`Config` but not `ConfigMap`; `Secret` and `SecretList`). */
function kindWordAt(text: string, at: number, word: string): boolean {
  let end = at + word.length;
  if (word === "Secret" && text.startsWith("List", end)) end += 4;
  if (end < text.length && isAlnum(text.charCodeAt(end))) return false;
  return afterKindKey(text, at);
}

/**
 * Words that follow `Bearer`/`Basic` in prose ("the bearer token.", "Bearer Token", "basic auth": the real server's
 * OpenAPI descriptions) and name the scheme's credential rather than being one. No issued token is one of them.
 */
const SCHEME_PROSE_WORDS = new Set([
  "token",
  "tokens",
  "auth",
  "authentication",
  "authorization",
  "credential",
  "credentials",
  "scheme",
  "header",
]);

/** Whether the word after `Bearer`/`Basic` is prose (see {@link SCHEME_PROSE_WORDS}), not a credential. */
function isSchemeProse(credential: string): boolean {
  // The credential's characters include `.`: "the bearer token." ends a sentence.
  return credential.length <= 16 && SCHEME_PROSE_WORDS.has(credential.replace(/\.+$/, "").toLowerCase());
}

/** A `Bearer`/`Basic` scheme followed by white space (or an escape) and a credential. */
function schemeAt(text: string, at: number, length: number): boolean {
  const c = text.charCodeAt(at + length);
  if (!isSpace(c) && c !== CODE_BACKSLASH) return false;
  const next = /^(?:\s|\\[tnr])+([A-Za-z0-9\-._~+/]+=*)/.exec(text.slice(at + length, at + length + 80));
  return next === null || !isSchemeProse(next[1]!);
}

/** `scheme://` followed by userinfo and `@` before the host ends. */
function userinfoAt(text: string, at: number, length: number): boolean {
  for (let i = at + length; i < text.length && i < at + length + 2048; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x40) return i > at + length;
    if (c === 0x2f || c === 0x3f || c === 0x23 || isSpace(c) || c === CODE_QUOTE || c === 0x3c || c === 0x3e)
      return false;
  }
  return false;
}

/** A `\u` escape of a printable ASCII character other than `<`, `>`, `&` (which Go's encoder escapes everywhere). */
function letterEscapeAt(text: string, at: number): boolean {
  if (text.charCodeAt(at + 2) !== 0x30 || text.charCodeAt(at + 3) !== 0x30) return false;
  const hex = text.slice(at + 4, at + 6).toLowerCase();
  if (!/^[2-7][0-9a-f]$/.test(hex)) return false;
  return hex !== "3c" && hex !== "3e" && hex !== "26";
}

// Session 14's anchors (the rules are in their section below), defined before the pre-scan that is built from them.
/** kubectl's flag whose `NAME=value` literals become a Secret's values ({@link redactCommandCredentials}). */
const FROM_LITERAL = "--from-literal";
/** `-----BEGIN` base64-encoded from a run's start: a PEM block as base64 ({@link redactTokenShapes}). */
const BASE64_PEM = "LS0tLS1CRUdJTi";
/** The client words and the `login` and `--from-literal` words: the literals the pre-scan looks for. */
const COMMAND_ANCHORS = [
  "login",
  "sshpass",
  "redis-cli",
  "mongo",
  "ldap",
  "curl",
  "zip",
  "keytool",
  "openssl",
  FROM_LITERAL,
] as const;
/** The literals each {@link TOKEN_SHAPE} starts with: the pre-scan's anchors. */
const TOKEN_PREFIXES = [
  "eyJ",
  "ghp_",
  "gho_",
  "ghu_",
  "ghs_",
  "ghr_",
  "github_pat_",
  "glpat-",
  "gldt-",
  "glrt-",
  "glptt-",
  "glsoat-",
  "glft-",
  "glcbt-",
  "xox",
  "xapp-",
  "AIza",
  "ya29.",
  "npm_",
  "hvs.",
  "hvb.",
  "hvr.",
  "sk_live_",
  "rk_live_",
] as const;
/** The dot of a bootstrap token, as the pre-scan finds it: after six of its characters, before sixteen. */
const BOOTSTRAP_DOT = String.raw`\.(?<=(?<![A-Za-z0-9_.-])[a-z0-9]{6}\.)(?=[a-z0-9]{16}(?![A-Za-z0-9_-]|\.[A-Za-z0-9]))`;

/** Anchors other than the key words, and what must hold where one is found. */
const FIXED_ANCHORS: ReadonlyArray<[string, (text: string, at: number, length: number) => boolean]> = [
  ...SECRET_BEARING_KINDS.filter((k) => k !== "SecretList").map(
    (k): [string, (t: string, at: number) => boolean] => [k, (t, at) => kindWordAt(t, at, k)],
  ),
  ["last-applied-configuration", () => true],
  // Base64 values the walk decodes to look into: no text rule reads them, the scan only lets them through.
  [BINARY_DATA, () => true],
  ["patchType", () => true],
  ["PRIVATE KEY", () => true],
  ["Bearer", schemeAt],
  ["bearer", schemeAt],
  ["BEARER", schemeAt],
  ["Basic", schemeAt],
  ["basic", schemeAt],
  ["BASIC", schemeAt],
  ["://", userinfoAt],
  [":\\/\\/", userinfoAt],
  ["users", (t, at, length) => !isKeyChar(t.charCodeAt(at + length)) && separatorFollows(t, at + length)],
  ["=", (t, at) => secretQueryAt(t, at)],
  ["%3D", encodedQueryAt],
  ["%3d", encodedQueryAt],
  ["\\u", (t, at) => letterEscapeAt(t, at)],
  ["Cookie", headerLineAt],
  ["cookie", headerLineAt],
  ["COOKIE", headerLineAt],
  ["Authorization", headerLineAt],
  ["authorization", headerLineAt],
  ["AUTHORIZATION", headerLineAt],
  ["mysql", (t, at) => mysqlClientAt(t, at)],
  ["mariadb", (t, at) => mysqlClientAt(t, at)],
  ["\\/", () => true],
  // Session 14: the token shapes, and the words a command line's credentials are read after.
  ...TOKEN_PREFIXES.map((p): [string, (t: string, at: number) => boolean] => [p, tokenShapeAt]),
  ["AKIA", awsPairAt],
  ["ASIA", awsPairAt],
  [BASE64_PEM, (t, at) => base64PemKeyAt(t, at) >= 0],
  [".", bootstrapTokenAt],
  ...COMMAND_ANCHORS.map((a): [string, (t: string) => boolean] => [a, commandCredentialsIn]),
];

const fixedByWord = new Map(FIXED_ANCHORS);

/**
 * What follows a key-word anchor in key position, as {@link secretKeyAt} reads it (or more): quotes and
 * backslashes, ASCII spaces, then `=`, a character outside ASCII, or a colon that no object follows; or spaces and
 * a value (a command-line flag's: `--token abc`, which {@link secretFlagAt} checks); or the end of a value or item:
 * quotes (each after its backslashes: `[\\"']*` before `\\+[nr]` read a run of backslashes again from each of
 * them), spaces, then `,`, `}` or a line break (an entry's name, a flag as a list item: {@link secretItemAt}). In the
 * expression, so that the many key words inside values and container keys (`"path":"token"`, `metadata`) cost no
 * match.
 */
const KEY_POSITION = String.raw`[\\"']*[\t-\r ]*(?:[=\u0080-\uffff]|:(?![ \t]*\{))|[ \t]+[^\s-]|(?:\\*["'])*[ \t]*(?:[,}\n\r]|\\+[nr]|$)`;

/**
 * One alternation for literal words, factored by their common prefixes (`a(?:ta|se|uth)`): the engine tries each
 * branch at every position, so a trie of branches scans faster than a flat list of words.
 */
function literalTrie(words: readonly string[]): string {
  interface Node {
    end: boolean;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const word of words) {
    let node = root;
    for (const ch of word) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  const emit = (node: Node): string => {
    const branches = [...node.next].map(([ch, child]) => escapeRegExp(ch) + emit(child));
    if (branches.length === 0) return "";
    const body = branches.length === 1 ? branches[0]! : `(?:${branches.join("|")})`;
    // Optional and greedy: the longer word is tried first, the shorter one when it fails.
    return node.end ? `(?:${body})?` : body;
  };
  return `(?:${emit(root)})`;
}

/**
 * The two scans: the fixed anchors, and the key-word anchors in key position. Two expressions, not one: V8 scans
 * each of them about ten times faster than their union. The key words' is case-insensitive (fewer branches; a
 * spelling the policy does not list is dropped by the exact check after it).
 */
const FIXED_WORDS = [...new Set(FIXED_ANCHORS.map(([w]) => w))];
/**
 * `=` ends a credential query parameter only after `?`, `&`, `;` or a JSON-escaped `&` (`\u0026`: a backslash, then
 * characters of a name) and the parameter's name ({@link secretQueryAt} reads back over the same characters, none of
 * which is one of those four): in the expression, so that every
 * other `=` (a ConfigMap's `key=value` lines, base64 padding: some 150,000 in a report of 10,000 exchanges) costs
 * no match, no match array and no call.
 */
// The `=` first, the look back after it: an assertion in front would be tried at every position of the text, each
// time reading back over the whole run of name characters before it.
const QUERY_EQUALS = String.raw`=(?<=[?&;\\][0-9A-Za-z_.%+-]*=)`;
const FIXED_SCAN = new RegExp(
  `${literalTrie(FIXED_WORDS.filter((w) => w !== "=" && w !== "."))}|${QUERY_EQUALS}|${BOOTSTRAP_DOT}`,
  "g",
);
/** Every fixed anchor as a plain word: the scan {@link FIXED_SCAN} stands for, kept as the reference it is held to. */
const EVERY_FIXED_ANCHOR = new RegExp(literalTrie(FIXED_WORDS), "g");
let keyScan: RegExp | undefined;
let keyScanFor: FieldRules | undefined;

function keyScanRegex(): RegExp | undefined {
  if (keyScanFor !== rules) {
    const lower = [...new Set(rules.anchors.map((a) => a.toLowerCase()))];
    // No field names configured (`fieldNames: []`): no scan, rather than an empty word that matches anywhere.
    keyScan = lower.length > 0 ? new RegExp(`${literalTrie(lower)}(?=${KEY_POSITION})`, "gi") : undefined;
    keyScanFor = rules;
  }
  return keyScan;
}

let wordScan: RegExp | undefined;
let wordScanFor: FieldRules | undefined;

/**
 * Whether text read from bytes that cannot be parsed here (protobuf, CBOR: strings between length prefixes) holds
 * a secret field name as a word in any case and spelling (`DB_PASSWORD`, `API_KEY`, `clientSecret`): a Pod's
 * environment variable in protobuf is its name's bytes, then its value's. Not in key position: the format has none.
 */
export function binaryTextNamesSecret(text: string): boolean {
  if (wordScanFor !== rules) {
    const lower = [...new Set(rules.anchors.map((a) => a.toLowerCase()))];
    wordScan = lower.length > 0 ? new RegExp(`${literalTrie(lower)}(?![A-Za-z0-9])`, "gi") : undefined;
    wordScanFor = rules;
  }
  if (!wordScan) return false;
  wordScan.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = wordScan.exec(text)) !== null) {
    wordScan.lastIndex = m.index + 1;
    const end = m.index + m[0].length;
    if (isSecretFieldName(keyEndingAt(text, end).key)) return true;
  }
  return false;
}

/** Texts up to this length found clean are kept in a set (and at most {@link SHORT_TEXTS_KEPT} of them). */
const SHORT_TEXT = 256;
const SHORT_TEXTS_KEPT = 4096;

/** Short texts {@link textMayHoldSecrets} found clean, the last longer one, and the rules they were found by. */
const cleanShort = new Set<string>();
let lastClean: string | undefined;
let cleanFor: FieldRules | undefined;

/**
 * Whether text may hold anything a rule of this policy would redact: a secret-bearing kind as the value of a
 * `kind` key (JSON, YAML, escaped inside a string), a secret field name in key position, the last-applied
 * annotation, a kubeconfig's `users`, a PEM private key, a Bearer or Basic credential, URL userinfo, a credential
 * query parameter, or an escape that could spell any of these. False means no rule changes the text.
 */
export function textMayHoldSecrets(text: string): boolean {
  if (rules !== cleanFor) {
    cleanShort.clear();
    lastClean = undefined;
    cleanFor = rules;
  }
  // Short texts recur (every exchange's header values: `no-cache, private`, `application/json`, a User-Agent), and
  // the same long text is often asked about twice in a row (the report redacts a list's body, then judges the same
  // text for kubectl's differences): texts found clean are remembered. Only clean ones: a text that may hold a
  // secret is never kept alive here.
  const short = text.length <= SHORT_TEXT;
  if (short ? cleanShort.has(text) : text === lastClean) return false;
  const found = scanText(text);
  if (!found) {
    if (!short) lastClean = text;
    else {
      if (cleanShort.size >= SHORT_TEXTS_KEPT) cleanShort.clear();
      cleanShort.add(text);
    }
  }
  return found;
}

/**
 * {@link textMayHoldSecrets} with every fixed anchor matched as a plain word (each `=` a match, cleared by its check):
 * what the pre-scan answered before {@link QUERY_EQUALS} moved part of the `=` check into the expression, and what
 * its tests hold it to. Remembers nothing.
 */
export function textMayHoldSecretsUnfiltered(text: string): boolean {
  return scanText(text, EVERY_FIXED_ANCHOR);
}

function scanText(text: string, fixed: RegExp = FIXED_SCAN): boolean {
  let m: RegExpExecArray | null;
  fixed.lastIndex = 0;
  while ((m = fixed.exec(text)) !== null) {
    fixed.lastIndex = m.index + 1;
    if (fixedByWord.get(m[0])?.(text, m.index, m[0].length)) return true;
  }
  const keys = keyScanRegex();
  if (!keys) return false;
  keys.lastIndex = 0;
  while ((m = keys.exec(text)) !== null) {
    const at = m.index;
    keys.lastIndex = at + 1;
    // Every key-word anchor that starts here, also one that a longer anchor hid from the expression.
    for (const length of rules.anchorLengths) {
      if (rules.anchorSet.has(text.substr(at, length)) && secretKeyAt(text, at, length)) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// The text rules: secrets inside arbitrary text (a string field, an error page, a message, a header).

/**
 * A PEM private key (`RSA`, `EC`, `OPENSSH`, `ENCRYPTED`...), or an OpenPGP armored one (`PRIVATE KEY BLOCK`, which
 * sops, flux and git-crypt keep in ConfigMaps and Secrets), to its END line or the end of the text.
 */
const PEM_PRIVATE_KEY =
  /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END \1PRIVATE KEY\2-----|$(?![\s\S]))/g;
const AUTH_SCHEME_CREDENTIAL =
  /\b(Bearer|bearer|BEARER|Basic|basic|BASIC)((?:\s|\\[tnr])+)([A-Za-z0-9\-._~+/]+=*)/g;
/**
 * URL userinfo (`https://user:password@host`, also with JSON's escaped slashes). Anchored at the colon that ends the
 * scheme, which it reads back from there: the expression that began at the scheme tried every letter after a `.`,
 * `+` or `-` as a scheme's start, each reading the rest of the run again (quadratic in `a.a.a.a…`). Every start in
 * one run of scheme characters reaches the same colon, so the first colon with a scheme behind it and userinfo after
 * it ends what the old expression matched first; the scheme is kept as it is, so it need not be in the match. The
 * scheme need not start a word: `_https://user:pw@host` and `x1https://…` hold userinfo as much as a URL alone does.
 */
const URL_USERINFO = /:(?<=[a-z][a-z0-9+.-]*:)(\/\/|\\\/\\\/)([^\s/?#@"'<>\\]+)@/gi;
/**
 * A query parameter in text: after `?`, `&`, `;` or a JSON-escaped `&` (`\u0026`, as Go writes it, with the
 * backslashes of every level of escaping). The value ends where a JSON escape of what ends it begins (`\"` closing
 * the string, Go's `\u0026`, `\u003c`, `\u003e`, `\n`, `\r`, `\t`, at any level of escaping); any other
 * backslash (`\/`, or one in plain text) is read as part of the value, which is then redacted whole. An escaped `&`
 * is tried only from the first backslash of a run: from each of them, a long run would cost quadratic time.
 */
const QUERY_PARAMETER =
  /([?&;]|(?<!\\)\\+u0026)([A-Za-z0-9_.\-%+]+)=((?:[^&#\s"'<>;\\]|\\+(?![\\"nrt]|u00(?:26|3[cCeE])))*)/g;
/**
 * A query parameter percent-encoded inside another's value (a `redirect_uri`, a `next` or `state` URL): after `%3F`,
 * `%26` or `%3B`, its name, `%3D`, and its value to the next encoded `&`, `;` or `#`, or what ends a plain one.
 */
const ENCODED_QUERY_PARAMETER =
  /(%3[Ff]|%26|%3[Bb])([A-Za-z0-9_.-]+)(%3[Dd])((?:[^&#\s"'<>;\\%]|%(?!26|3[Bb]|23))*)/g;

/**
 * An escaped slash in a value {@link QUERY_PARAMETER} read: the value's own character is the slash. Tried from the
 * first backslash of a run only (a run not followed by a slash was read again from each of its backslashes).
 */
const ESCAPED_SLASH = /(?<!\\)\\+\//g;

/**
 * The text rules read `name: value`, `name = value`, `"name": "value"`, `\"name\":\"value\"`, `'name': 'value'`;
 * the value quoted, escaped-quoted, single-quoted, a YAML block scalar, a flow array of scalars (`[a, "b"]`, one
 * level of nesting; an array holding objects is left to the document walk, as objects under a secret name are), a
 * YAML block sequence (`name:` then `- a` lines), or bare up to a delimiter.
 *
 * They were one expression (kept in test/record/redact/text-rules-linear.property.test.ts as the reference this
 * scanner is held to) that the engine tried at every character, with the value's alternatives, for every name: a
 * run of backslashes was read again from each of its backslashes (the optional escaped quote before a name), a
 * value opened by an escaped quote was compared with its opener at every character after it, and the value of a
 * name that is no secret (`a:a:a:…`, nested sequences) was read to its end and then read again from the next name
 * in it. Now {@link KEY_NAME} finds each name once, the quote before it is checked against the one after it, and
 * only a secret name's value is read.
 *
 * A name: a whole run of key characters (letters, digits, `_`, `.`, `-`) ending with a letter or digit, followed by
 * a quote (optionally escaped: `\\*` then `"` or `'`), spaces, then `:` or `=`. A name only starts where a run
 * does, and only a whole run is followed by something other than a key character.
 */
const KEY_NAME = /(?<![A-Za-z0-9_.\-])[A-Za-z0-9_.\-]*[A-Za-z0-9](?=(\\*["'])?[ \t]*[:=])/g;

/**
 * A value after the separator, other than one opened by an escaped quote (read by {@link escapedQuoteValueAt}; no
 * other alternative starts with a backslash): double-quoted, single-quoted, a block scalar, a flow array, a block
 * sequence, bare. Each alternative reads forward once (no two of its branches start alike), and starts with its
 * own characters, so trying them in this order at the value's first character is what the one expression did.
 * A block scalar's header (which may end in a comment) and a block sequence's name end at any of YAML's line breaks
 * (`\r\n`, `\r`, `\n`); blank lines stand inside a block scalar, blank and comment lines between a sequence's
 * items, as YAML allows (each was where the value stopped, the rest in clear).
 */
const KEY_VALUE_REST = new RegExp(
  String.raw`"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'` +
    String.raw`|([|>][-+0-9]*[ \t]*(?:#[^\r\n]*)?(?:\r\n?|\n)(?:(?:[ \t\r]*\n)*[ \t]+[^\n]*(?:\n|$))+)` +
    String.raw`|(?!\[redacted )(\[(?:[^\[\]{}]|\[[^\[\]{}]*\])*\])` +
    String.raw`|((?:\r\n?|\n)(?:(?:[ \t\r]*(?:#[^\n]*)?\n)*[ \t]*-[ \t]+[^\n]*(?:\n|$))+)` +
    String.raw`|(?!\[redacted )([^\s,;&"'<>{}\[\]\\]+)`,
  "y",
);

const CODE_LINE_FEED = 0x0a;
const CODE_CARRIAGE_RETURN = 0x0d;

/** The end of the run of backslashes that starts at `at` (`at` itself when none does). */
function backslashRunEnd(text: string, at: number): number {
  let i = at;
  while (text.charCodeAt(i) === CODE_BACKSLASH) i++;
  return i;
}

/** Where a block scalar's body starts: after its header's line break (`\r\n`, `\r` or `\n`: YAML's three). */
function afterFirstLineBreak(block: string): number {
  for (let i = 0; i < block.length; i++) {
    const c = block.charCodeAt(i);
    if (c === CODE_LINE_FEED) return i + 1;
    if (c === CODE_CARRIAGE_RETURN) return block.charCodeAt(i + 1) === CODE_LINE_FEED ? i + 2 : i + 1;
  }
  return block.length;
}

/**
 * A value opened by an escaped quote at `at` (`\"x\"`, `\\\"x\\\"`): the whole run of backslashes and the quote open
 * it, and the first later quote escaped the same way closes it (as `(\\+")((?:(?!\1)[\s\S])*?)\1` read it).
 */
function escapedQuoteValueAt(
  text: string,
  at: number,
  quotes: EscapedQuotes,
): { end: number; escQuote: string; escaped: string } | undefined {
  const run = backslashRunEnd(text, at);
  if (run === at || text.charCodeAt(run) !== CODE_QUOTE) return undefined;
  const depth = run - at;
  const close = quotes.closer(run + 1, depth);
  if (close < 0) return undefined;
  return { end: close + 1, escQuote: text.slice(at, run + 1), escaped: text.slice(run + 1, close - depth) };
}

/** What the sequence scanner reads: a double-quoted body, a single-quoted one, a marker's, a bare scalar. */
const DOUBLE_QUOTED_BODY = /(?:[^"\\\n]|\\.)*/y;
const SINGLE_QUOTED_BODY = /[^'\n]*/y;
const MARKER_BODY = /[^\]\n]*/y;
const BARE_SCALAR = /[^\s,[\]"'\\]+/y;
const MARKER_OPENING = "[redacted ";

/** Where the body that `body` reads from `at` ends. */
function bodyEnd(body: RegExp, text: string, at: number): number {
  body.lastIndex = at;
  body.test(text);
  return body.lastIndex;
}

/**
 * Each scalar of a flow array or sequence item replaced by its marker; flags, nulls and markers kept. A scalar is
 * quoted (also backslash-escaped), a marker, or bare, read as the expression
 * `(\\+")((?:(?!\1)[\s\S])*?)\1|"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'|(\[redacted [^\]\n]*\])|([^\s,[\]"'\\]+)` read
 * it: at each character the alternative that starts with it. A run of backslashes and a quote opens the scalar
 * from the backslash whose depth some later quote is escaped to (from the first one, the deepest; no match in the
 * run when no later quote is escaped). A quoted scalar or marker that does not close fails for every opening before
 * where its body stopped (the same body, read again), so that is remembered rather than read again.
 */
function redactSequenceText(text: string, marker: MarkerFunction): string {
  let out = "";
  let copied = 0;
  let quotes: EscapedQuotes | undefined;
  let doubleFailsBefore = -1;
  let singleFailsBefore = -1;
  let markerFailsBefore = -1;
  const replace = (start: number, end: number, replacement: string): void => {
    out += text.slice(copied, start) + replacement;
    copied = end;
  };
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === CODE_BACKSLASH) {
      const run = backslashRunEnd(text, i);
      if (text.charCodeAt(run) !== CODE_QUOTE) {
        i = run;
        continue;
      }
      quotes ??= new EscapedQuotes(text);
      let depth = run - i;
      let close = quotes.closer(run + 1, depth);
      if (close < 0) {
        depth = quotes.deepestAfter(run + 1);
        if (depth === 0) {
          i = run;
          continue;
        }
        close = quotes.closer(run + 1, depth);
      }
      const start = run - depth;
      const escQuote = text.slice(start, run + 1);
      const escaped = text.slice(run + 1, close - depth);
      if (escaped !== "" && !isRedactionMarker(escaped))
        replace(start, close + 1, `${escQuote}${marker(escaped)}${escQuote}`);
      i = close + 1;
    } else if (c === CODE_QUOTE || c === CODE_APOSTROPHE) {
      const double = c === CODE_QUOTE;
      if (i < (double ? doubleFailsBefore : singleFailsBefore)) {
        i++;
        continue;
      }
      const end = bodyEnd(double ? DOUBLE_QUOTED_BODY : SINGLE_QUOTED_BODY, text, i + 1);
      if (text.charCodeAt(end) !== c) {
        if (double) doubleFailsBefore = end;
        else singleFailsBefore = end;
        i++;
        continue;
      }
      const body = text.slice(i + 1, end);
      const q = double ? '"' : "'";
      if (body !== "" && !isRedactionMarker(body)) replace(i, end + 1, `${q}${marker(body)}${q}`);
      i = end + 1;
    } else if (c === 0x5b) {
      if (i < markerFailsBefore || !text.startsWith(MARKER_OPENING, i)) {
        i++;
        continue;
      }
      const end = bodyEnd(MARKER_BODY, text, i + MARKER_OPENING.length);
      if (text.charCodeAt(end) !== 0x5d) {
        markerFailsBefore = end;
        i++;
        continue;
      }
      i = end + 1;
    } else {
      BARE_SCALAR.lastIndex = i;
      if (!BARE_SCALAR.test(text)) {
        i++;
        continue;
      }
      const end = BARE_SCALAR.lastIndex;
      const bare = text.slice(i, end);
      if (bare !== "true" && bare !== "false" && bare !== "null" && bare !== "~")
        replace(i, end, marker(bare));
      i = end;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A character after which `^` matches in a multiline expression (`\n`, `\r`, U+2028, U+2029). */
function isLineTerminator(c: number): boolean {
  return c === CODE_LINE_FEED || c === CODE_CARRIAGE_RETURN || c === 0x2028 || c === 0x2029;
}

const SEQUENCE_DASH = /[ \t]*-[ \t]+/y;
/** A line's indentation, and what starts a line that is no item and no continuation: a lone dash, or a comment. */
const LINE_INDENT = /[ \t]*/y;

/** Where a line's content ends: what follows is spaces, tabs and carriage returns to a terminator or the end. */
function isItemBreak(c: number): boolean {
  return c === CODE_LINE_FEED || c === 0x2028 || c === 0x2029;
}

/**
 * A block sequence's lines with each item redacted; the `- ` of each line stays. Each line as
 * `/^(?:([ \t]*-[ \t]+)|(?![ \t]*(?:-(?:[ \t]|$)|#))([ \t]*))([^\n]*?)([ \t\r]*)$/gm` reads it: the item is the
 * shortest that leaves only spaces, tabs and carriage returns before a line terminator (any of `\n`, `\r`, U+2028,
 * U+2029, which also start a line) or the end, and those go after it. A line of the sequence that is no item (not
 * `- `), no comment and no lone dash continues the item before it and is redacted the same way: YAML folds a more
 * indented line into the item, and a lone carriage return is a line break to YAML as to the expression, so
 * `- a\rsecret` ends a line after `a`, and `secret` (the rest of the item, or text no parser would accept) was left
 * in clear. The expression tried the end at every character of the item, each time reading the spaces after it: a
 * line with a long run of spaces inside its item was quadratic. Here the item's end is the start of the first run of
 * spaces, tabs and carriage returns that holds a carriage return or reaches a line feed, U+2028, U+2029 or the end,
 * and what follows it the longest part of that run before a terminator.
 */
function redactBlockSequence(lines: string, marker: MarkerFunction): string {
  let out = "";
  let copied = 0;
  let i = 0;
  while (i <= lines.length) {
    // `i` is where a line starts.
    let itemStart = -1;
    SEQUENCE_DASH.lastIndex = i;
    if (SEQUENCE_DASH.test(lines)) itemStart = SEQUENCE_DASH.lastIndex;
    else {
      LINE_INDENT.lastIndex = i;
      LINE_INDENT.test(lines);
      const first = LINE_INDENT.lastIndex;
      const c = lines.charCodeAt(first);
      const loneDash =
        c === 0x2d && (first + 1 >= lines.length || isLineTerminator(lines.charCodeAt(first + 1)));
      if (c !== 0x23 && !loneDash) itemStart = first;
    }
    if (itemStart >= 0) {
      let itemEnd = itemStart;
      let run = -1;
      for (let j = itemStart; ; j++) {
        const c = lines.charCodeAt(j);
        if (j >= lines.length || isItemBreak(c)) {
          itemEnd = run >= 0 ? run : j;
          break;
        }
        if (c === 0x20 || c === 0x09 || c === CODE_CARRIAGE_RETURN) {
          if (run < 0) run = j;
          if (c === CODE_CARRIAGE_RETURN) {
            itemEnd = run;
            break;
          }
        } else run = -1;
      }
      let runEnd = itemEnd;
      let lastReturn = -1;
      for (let c = lines.charCodeAt(runEnd); c === 0x20 || c === 0x09 || c === CODE_CARRIAGE_RETURN;) {
        if (c === CODE_CARRIAGE_RETURN) lastReturn = runEnd;
        c = lines.charCodeAt(++runEnd);
      }
      const next = lines.charCodeAt(runEnd);
      const lineEnd = runEnd >= lines.length || isItemBreak(next) ? runEnd : lastReturn;
      out +=
        lines.slice(copied, i) +
        lines.slice(i, itemStart) +
        redactSequenceText(lines.slice(itemStart, itemEnd), marker) +
        lines.slice(itemEnd, lineEnd);
      copied = lineEnd;
      // An empty line ends where it starts: the terminator after it is passed below.
      if (lineEnd > i && isLineTerminator(lines.charCodeAt(lineEnd - 1))) {
        i = lineEnd;
        continue;
      }
      i = lineEnd;
    }
    // The next line starts after the next terminator.
    while (i < lines.length && !isLineTerminator(lines.charCodeAt(i))) i++;
    i++;
  }
  return copied === 0 ? lines : out + lines.slice(copied);
}

/** A Secret manifest, kubeconfig or credential document inside text: worth parsing as a document. */
export function namesSecretDocument(text: string): boolean {
  for (const kind of SECRET_BEARING_KINDS) {
    for (let at = text.indexOf(kind); at >= 0; at = text.indexOf(kind, at + 1))
      if (kindWordAt(text, at, kind)) return true;
  }
  for (let at = text.indexOf("users"); at >= 0; at = text.indexOf("users", at + 1))
    if (!isKeyChar(text.charCodeAt(at + 5)) && separatorFollows(text, at + 5)) return true;
  return text.includes("last-applied-configuration");
}

/** Whether text names a Secret (its kind): text that does and cannot be read as a document goes whole. */
export function namesSecretKind(text: string): boolean {
  for (let at = text.indexOf("Secret"); at >= 0; at = text.indexOf("Secret", at + 1))
    if (kindWordAt(text, at, "Secret")) return true;
  return false;
}

/**
 * Applies the line rules to text: PEM private keys, `Bearer`/`Basic` credentials, URL userinfo, credential query
 * parameters, and the values of secret field names (`password: x`, `"token":"x"`, `apiKey=x`). Documents inside
 * the text (a Secret manifest, a kubeconfig) are the redactor's: see `redactSecretText` in redact.ts. Linear in the
 * text: a cassette, a log or a pasted page is untrusted, and every reader of one redacts it.
 */
export function redactTextRules(text: string, marker: MarkerFunction): string {
  let out = decodeEscapedSecretNames(text);
  if (out.includes("PRIVATE KEY")) out = out.replace(PEM_PRIVATE_KEY, (m) => marker(m));
  out = out.replace(AUTH_SCHEME_CREDENTIAL, (m, scheme: string, space: string, credential: string) =>
    isSchemeProse(credential) ? m : `${scheme}${space}${marker(credential)}`,
  );
  out = out.replace(URL_USERINFO, (m, slashes: string, userinfo: string) =>
    isRedactionMarker(safeDecode(userinfo)) ? m : `:${slashes}${encodeURIComponent(marker(userinfo))}@`,
  );
  if (out.includes("="))
    out = out.replace(QUERY_PARAMETER, (m, sep: string, name: string, value: string) => {
      if (!isSecretQueryParameter(safeDecode(name))) return m;
      const decoded = safeDecode(value.replace(ESCAPED_SLASH, "/"));
      if (decoded === "" || isRedactionMarker(decoded)) return m;
      return `${sep}${name}=${encodeURIComponent(marker(decoded))}`;
    });
  out = redactEncodedQueryParameters(out, marker);
  out = redactFreeTextCredentials(out, marker);
  out = redactUnclosedSecretValues(
    replaceSecretKeyValues(redactUnusualSeparatorValues(redactPlainLineValues(out, marker), marker), marker),
    marker,
  );
  return redactTokenShapes(out, marker);
}

/** Credential query parameters percent-encoded inside another parameter's value ({@link ENCODED_QUERY_PARAMETER}). */
export function redactEncodedQueryParameters(text: string, marker: MarkerFunction): string {
  if (!text.includes("%3D") && !text.includes("%3d")) return text;
  return text.replace(
    ENCODED_QUERY_PARAMETER,
    (m, sep: string, name: string, equals: string, value: string) => {
      if (!isSecretQueryParameter(name)) return m;
      const decoded = safeDecode(value);
      if (decoded === "" || isRedactionMarker(decoded)) return m;
      return `${sep}${name}${equals}${encodeURIComponent(marker(decoded))}`;
    },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Session 12: credentials in free text that the key rules did not read.

/** A `\u` escape of four hex digits (after any number of backslashes: an escape inside an escaped string). */
const KEY_ESCAPE = /\\+u([0-9A-Fa-f]{4})/y;

/**
 * Text with each key name that JSON escapes spell (`"\u0070assword":`, `"p\u0061ss\u0077ord":`, `\"\\u0074oken\":` in
 * an escaped string) written out, when the name it spells is a secret field name in key position: a JSON reader
 * reads `{"\u0070assword":"x"}` as `{"password":"x"}`, and so the key rules after this one read it. Only names the
 * policy knows are rewritten (an escape decodes to a letter, a digit, `_`, `-` or `.`); all other text is kept as
 * it is. Linear: each run of name characters and escapes is read once.
 */
export function decodeEscapedSecretNames(text: string): string {
  if (!text.includes("\\u")) return text;
  let out = "";
  let copied = 0;
  let done = 0;
  for (let at = text.indexOf("\\u"); at >= 0; at = text.indexOf("\\u", Math.max(at + 2, done))) {
    // The run's start: back over name characters and whole escapes, not into a run already read.
    let start = at;
    while (start > 0 && text.charCodeAt(start - 1) === CODE_BACKSLASH) start--;
    for (;;) {
      let i = start;
      while (i > done && isKeyChar(text.charCodeAt(i - 1))) i--;
      const escapeStart = escapeEndingAt(text, i, done);
      if (i === start && escapeStart < 0) break;
      start = escapeStart >= 0 ? escapeStart : i;
      if (escapeStart < 0) break;
    }
    // Forward over name characters and escapes, decoding.
    let name = "";
    let escaped = false;
    let i = start;
    for (;;) {
      const c = text.charCodeAt(i);
      if (isKeyChar(c)) {
        name += text[i];
        i++;
        continue;
      }
      if (c !== CODE_BACKSLASH) break;
      KEY_ESCAPE.lastIndex = i;
      const m = KEY_ESCAPE.exec(text);
      if (m === null) break;
      const decoded = parseInt(m[1]!, 16);
      if (!isKeyChar(decoded)) break;
      name += String.fromCharCode(decoded);
      escaped = true;
      i = KEY_ESCAPE.lastIndex;
    }
    done = Math.max(i, at + 2);
    if (!escaped || i === start || !isSecretFieldName(name) || !separatorFollows(text, i)) continue;
    if (
      isSeparator(text.charCodeAt(separatorIndex(text, i))) &&
      !objectAfterColon(text, separatorIndex(text, i))
    ) {
      out += text.slice(copied, start) + name;
      copied = i;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Where a whole escape (`\uXXXX` after its backslashes) that ends at `end` starts, not before `floor`; else -1. */
function escapeEndingAt(text: string, end: number, floor: number): number {
  if (end - 6 < floor || text.charCodeAt(end - 5) !== 0x75 || text.charCodeAt(end - 6) !== CODE_BACKSLASH)
    return -1;
  if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(end - 4, end))) return -1;
  let start = end - 6;
  while (start > floor && text.charCodeAt(start - 1) === CODE_BACKSLASH) start--;
  return start;
}

/**
 * The free-text rules of session 12, between the URL rules and the key rules: header lines that carry a credential
 * ({@link redactCredentialHeaderLines}), command-line flags named like a secret ({@link redactCredentialFlags}), and
 * plain values of several words in a flow mapping ({@link redactFlowMappingValues}). Values after separators the
 * key rules do not read ({@link redactUnusualSeparatorValues}) come after the plain line rule, which reads a value
 * of several words after a Unicode colon whole.
 */
export function redactFreeTextCredentials(text: string, marker: MarkerFunction): string {
  const flags = redactCommandCredentials(
    redactCredentialFlags(redactCredentialHeaderLines(text, marker), marker),
    marker,
  );
  return redactNamedEntryValues(redactFlowMappingValues(flags, marker), marker);
}

// ---------------------------------------------------------------------------------------------------------------
// Session 13: a secret named by a sibling, not by its own key.

/**
 * Whether an object's `name` or `key` names a secret, so that its `value` is one: a container's environment
 * variable (`{name: DB_PASSWORD, value: x}`), a kubeconfig exec plugin's, a Tekton or Argo parameter, a Helm
 * `--set`-style list. The walk redacts such a `value` (a string or a number) whatever the order of the keys.
 */
export function namesSecretEntry(entry: { name?: unknown; key?: unknown }): boolean {
  return isEntryName(entry.name) || isEntryName(entry.key);
}

/** A name of key characters only (as a variable's is), which the pre-scan reads whole, naming a secret. */
function isEntryName(name: unknown): boolean {
  return typeof name === "string" && ENTRY_NAME_CHARS.test(name) && isSecretFieldName(name);
}

const ENTRY_NAME_CHARS = /^[A-Za-z0-9_.-]+$/;

/**
 * Whether a list item is a flag named like a secret standing alone (`"--password"`, `-token`), whose value is the
 * next item (a container's `args: ["--password", "x"]`).
 */
export function isSecretFlagItem(item: unknown): boolean {
  return typeof item === "string" && /^--?[A-Za-z0-9_.-]+$/.test(item) && isSecretFieldName(item);
}

/** `name` or `key`, then a name (JSON, escaped JSON, a flow or block mapping): the head of an entry. */
const ENTRY_NAME =
  /(?<![A-Za-z0-9_.\-\\])(\\*["']?)(?:name|key)\1[ \t]*:[ \t]*(\\*["']?)([A-Za-z0-9_.\-]+)\2/g;
/** After an entry's name: a comment, then its `value` key as the next key, after a `,` or on the next line. */
const ENTRY_VALUE_KEY =
  /[ \t]*(?:#[^\n\r]*)?(,|\r\n?|\n|\\+n)(?:[ \t\r\n]|\\+[nrt])*(\\*["']?)value\2[ \t]*:[ \t]*/y;
/** A flag named like a secret as a quoted list item, and the quote of the item after it. */
const FLAG_ITEM_QUOTED =
  /(?<!\\)(\\*)(["'])(--?[A-Za-z0-9_.\-]+)\1\2[ \t]*,(?:[ \t\r\n]|\\+[nrt])*(?=\1\2[^-])/g;
/** A flag named like a secret as a block sequence item, and the item after it at the same indentation. */
const FLAG_ITEM_BLOCK =
  /^([ \t]*)-[ \t]+(["']?)(--?[A-Za-z0-9_.\-]+)\2[ \t]*(?:\r\n?|\n)\1-[ \t]+(?=[^-\s])/gm;

/**
 * The value an entry's name or a flag item names as secret, in text: `{"name":"DB_PASSWORD","value":"x"}` (a Pod
 * written in a last-applied annotation, a message, a log), `- name: API_TOKEN` then `  value: x` (a manifest in a
 * ConfigMap, a pasted YAML), `{name: DB_PASSWORD, value: x}`, `["--password", "x"]`, `- --token` then `- x`. In text
 * the `value` is read when it is the key after the name (as Kubernetes, kubectl and YAML writers order an
 * environment variable); a whole document is walked, which reads it in any order. Linear: each head is found once,
 * and its value read once from there.
 */
export function redactNamedEntryValues(text: string, marker: MarkerFunction): string {
  let out = text;
  if (/(?:name|key)\\*["']?[ \t]*:/.test(out)) out = redactEntryValues(out, marker);
  if (out.includes("value")) out = redactValueFirstEntries(out, marker);
  if (out.includes("-")) out = redactFlagItems(out, marker);
  return out;
}

function redactEntryValues(text: string, marker: MarkerFunction): string {
  let out = "";
  let copied = 0;
  let quotes: EscapedQuotes | undefined;
  ENTRY_NAME.lastIndex = 0;
  let found: RegExpExecArray | null;
  while ((found = ENTRY_NAME.exec(text)) !== null) {
    if (found.index < copied || !isSecretFieldName(found[3]!)) continue;
    ENTRY_VALUE_KEY.lastIndex = ENTRY_NAME.lastIndex;
    const key = ENTRY_VALUE_KEY.exec(text);
    if (key === null) continue;
    const keyStart = ENTRY_VALUE_KEY.lastIndex - key[0].length + key[0].indexOf(key[2] + "value");
    const at = ENTRY_VALUE_KEY.lastIndex;
    const replacement = entryValueReplacement(
      text,
      keyStart,
      at,
      key[1] === ",",
      () => (quotes ??= new EscapedQuotes(text)),
      marker,
    );
    if (replacement === undefined) continue;
    out += text.slice(copied, keyStart) + replacement.text;
    copied = ENTRY_NAME.lastIndex = replacement.end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * The value at `at` (its key from `start`) redacted: quoted, escaped-quoted, a block scalar or a flow array as the
 * key rules read them; plain, to the `,`, `}` or `]` that ends it in a flow mapping, else to its line's end (a
 * comment kept) and the more indented lines YAML folds into it.
 */
function entryValueReplacement(
  text: string,
  start: number,
  at: number,
  flow: boolean,
  quotes: () => EscapedQuotes,
  marker: MarkerFunction,
): { text: string; end: number } | undefined {
  const c = text.charCodeAt(at);
  if (
    c === CODE_QUOTE ||
    c === CODE_APOSTROPHE ||
    c === CODE_BACKSLASH ||
    c === 0x7c ||
    c === 0x3e ||
    c === 0x5b
  )
    return secretValueReplacement(text, start, at, quotes(), marker);
  let end = at;
  if (flow) {
    while (end < text.length && !/[,}\]\n\r]/.test(text[end]!)) end++;
    while (end > at && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  } else {
    const lineEnd = (from: number): number => {
      let i = from;
      while (
        i < text.length &&
        text.charCodeAt(i) !== CODE_LINE_FEED &&
        text.charCodeAt(i) !== CODE_CARRIAGE_RETURN
      )
        i++;
      return i;
    };
    end = lineEnd(at);
    const cut = plainValueCut(text.slice(at, end));
    if (cut?.comment) end = at + cut.index;
    else {
      if (cut) end = at + cut.index;
      // The lines YAML folds into a plain scalar: more indented than its key.
      const lineStart = Math.max(text.lastIndexOf("\n", start), text.lastIndexOf("\r", start)) + 1;
      const indent = start - lineStart;
      for (let next = /\r\n?|\n/y; ;) {
        next.lastIndex = end;
        while (text.charCodeAt(next.lastIndex) === 0x20 || text.charCodeAt(next.lastIndex) === 0x09)
          next.lastIndex++;
        if (!next.test(text)) break;
        const lineAt = next.lastIndex;
        let i = lineAt;
        while (text.charCodeAt(i) === 0x20) i++;
        if (i - lineAt <= indent || i >= text.length || /[\n\r#]/.test(text[i]!)) break;
        end = lineEnd(i);
        while (end > i && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
      }
    }
  }
  const value = text.slice(at, end);
  if (value === "" || value === "true" || value === "false" || value === "null" || value === "~")
    return undefined;
  if (isRedactionMarker(value)) return undefined;
  return { text: `${text.slice(start, at)}${marker(value)}`, end };
}

function redactFlagItems(text: string, marker: MarkerFunction): string {
  let out = text;
  for (const items of [FLAG_ITEM_QUOTED, FLAG_ITEM_BLOCK]) {
    let next = "";
    let copied = 0;
    let quotes: EscapedQuotes | undefined;
    items.lastIndex = 0;
    let found: RegExpExecArray | null;
    while ((found = items.exec(out)) !== null) {
      if (found.index < copied || !isSecretFieldName(found[3]!)) continue;
      const at = items.lastIndex;
      const replacement = entryValueReplacement(
        out,
        at,
        at,
        items === FLAG_ITEM_QUOTED,
        () => (quotes ??= new EscapedQuotes(out)),
        marker,
      );
      if (replacement === undefined) continue;
      next += out.slice(copied, at) + replacement.text;
      copied = items.lastIndex = replacement.end;
    }
    if (copied > 0) out = next + out.slice(copied);
  }
  return out;
}

/** A header that carries a credential whole, as a line of text (`Cookie: a=b`, `"Set-Cookie": "…"`). */
const CREDENTIAL_HEADER_LINE =
  /(?<![A-Za-z0-9_-])(["']?)((?:set-|proxy-)?(?:cookie|authorization))\1[ \t]*:[ \t]*(["']?)/gi;

/**
 * The value of a `Cookie`, `Set-Cookie`, `Authorization` or `Proxy-Authorization` header written as text (a header
 * line pasted into an error message or a log, a curl command's `-H "Cookie: …"`): to the end of its line, of the
 * quoted string it stands in (`-H "…"`, `"Cookie":"…"`), or to an escape (`\n` in an escaped string). A cookie's
 * value is all its cookies; an authorization keeps its scheme (`Bearer`, `token`, `Digest`) and only a value that
 * is one (`scheme credential`) is read, so prose that names the header is kept, as is kubectl's `<masked>`.
 */
export function redactCredentialHeaderLines(text: string, marker: MarkerFunction): string {
  if (!/cookie|authorization/i.test(text)) return text;
  let out = "";
  let copied = 0;
  CREDENTIAL_HEADER_LINE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CREDENTIAL_HEADER_LINE.exec(text)) !== null) {
    // The spellings the pre-scan looks for (lower, UPPER, Capitalized), as HTTP/1 and HTTP/2 write them.
    const word = m[2]!.slice(m[2]!.lastIndexOf("-") + 1);
    if (
      word !== word.toLowerCase() &&
      word !== word.toUpperCase() &&
      word !== word[0] + word.slice(1).toLowerCase()
    )
      continue;
    // The quote the value ends at: its own, or the one that opens the string the header line stands in.
    const lead = text[m.index + m[1]!.length - 1];
    const quote = m[3] || (lead === '"' || lead === "'" ? lead : "");
    let valueStart = CREDENTIAL_HEADER_LINE.lastIndex;
    let end = valueStart;
    for (let c = text.charCodeAt(end); end < text.length; c = text.charCodeAt(++end))
      if (isLineTerminator(c) || c === CODE_BACKSLASH || (quote !== "" && c === quote.charCodeAt(0))) break;
    while (end > valueStart && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09))
      end--;
    CREDENTIAL_HEADER_LINE.lastIndex = Math.max(end, valueStart);
    if (/authorization$/i.test(m[2]!)) {
      const scheme = /^[A-Za-z][\w.-]*[ \t]+(?=\S)/.exec(text.slice(valueStart, end));
      if (scheme === null) continue;
      valueStart += scheme[0].length;
    } else if (!text.slice(valueStart, end).includes("=")) continue;
    const value = text.slice(valueStart, end);
    if (value === "" || value === "<masked>" || isRedactionMarker(value) || isSchemeProse(value)) continue;
    out += text.slice(copied, valueStart) + marker(value);
    copied = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * A command-line flag and the white space after it (`--password X`, `-token X`, `--client-secret\tX`): one or two
 * dashes at the start of a word (after white space, a quote, `=`, `(`, `[`, `,` or the start of the text).
 */
const FLAG_WITH_VALUE = new RegExp(
  String.raw`(?<![^\s"'=(\[,])--?([A-Za-z][A-Za-z0-9_-]*[A-Za-z0-9])${SPACE}+`,
  "g",
);
/** A flag's value: quoted to its quote on the line, or a run of characters up to white space, a quote or a backslash. */
const FLAG_VALUE = /"[^"\n\r\\]*"|'[^'\n\r\\]*'|[^\s"'\\]+/y;

/**
 * MySQL's clients (`mysql`, `mysqldump`, `mysqladmin`, `mariadb`, `mariadb-dump`…) take the password joined to a
 * short flag: `-pX`. Elsewhere `-p` is another flag (`mkdir -p`, `kubectl logs -p`, `docker run -p8080:80`), so it
 * is read only on a line that names one of them, after the name.
 */
const MYSQL_CLIENT = /(?<![A-Za-z0-9_])(?:mysql|mariadb)[A-Za-z0-9_-]*/g;
const MYSQL_PASSWORD_FLAG = /(?<=[\s"'])-p(?:"([^"\n\r\\]*)"|'([^'\n\r\\]*)'|([^\s"'\\]+))/y;

/**
 * The value of a command-line flag whose name is a secret field name once its dashes are stripped (`--password X`,
 * `--token abc.def` of `kubeadm join`, `--client-secret X`, `--api-key X`, `--bearer-token X`, `--auth-token X`,
 * `--secret X`; `--discovery-token-ca-cert-hash` names a hash of the CA, no secret), and a MySQL client's `-pX`.
 * The `=` form (`--password=X`) is the key rules'. A value that starts with a dash is the next flag, and is kept.
 */
export function redactCredentialFlags(text: string, marker: MarkerFunction): string {
  let out = text;
  if (out.includes("-")) {
    let acc = "";
    let copied = 0;
    FLAG_WITH_VALUE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = FLAG_WITH_VALUE.exec(out)) !== null) {
      if (!isSecretFieldName(m[1]!)) {
        FLAG_WITH_VALUE.lastIndex = m.index + 1 + m[1]!.length;
        continue;
      }
      const at = FLAG_WITH_VALUE.lastIndex;
      FLAG_VALUE.lastIndex = at;
      const v = FLAG_VALUE.exec(out);
      if (v === null || out.charCodeAt(at) === 0x2d) continue;
      const quoted = v[0].charCodeAt(0) === CODE_QUOTE || v[0].charCodeAt(0) === CODE_APOSTROPHE;
      const value = quoted ? v[0].slice(1, -1) : v[0];
      FLAG_WITH_VALUE.lastIndex = FLAG_VALUE.lastIndex;
      if (value === "" || isRedactionMarker(value) || value.startsWith(MARKER_OPENING)) continue;
      const valueStart = quoted ? at + 1 : at;
      acc += out.slice(copied, valueStart) + marker(value);
      copied = valueStart + value.length;
    }
    if (copied > 0) out = acc + out.slice(copied);
  }
  return redactMysqlPasswordFlags(out, marker);
}

function redactMysqlPasswordFlags(text: string, marker: MarkerFunction): string {
  if (!text.includes("mysql") && !text.includes("mariadb")) return text;
  let out = "";
  let copied = 0;
  MYSQL_CLIENT.lastIndex = 0;
  while (MYSQL_CLIENT.exec(text) !== null) {
    let i = MYSQL_CLIENT.lastIndex;
    for (; i < text.length && !isLineTerminator(text.charCodeAt(i)); i++) {
      if (text.charCodeAt(i) !== 0x2d || text.charCodeAt(i + 1) !== 0x70) continue;
      MYSQL_PASSWORD_FLAG.lastIndex = i;
      const p = MYSQL_PASSWORD_FLAG.exec(text);
      if (p === null) continue;
      const value = p[1] ?? p[2] ?? p[3]!;
      const valueStart = p[3] === undefined ? i + 3 : i + 2;
      if (value !== "" && !isRedactionMarker(value) && !value.startsWith(MARKER_OPENING)) {
        out += text.slice(copied, valueStart) + marker(value);
        copied = valueStart + value.length;
      }
      i = MYSQL_PASSWORD_FLAG.lastIndex - 1;
    }
    MYSQL_CLIENT.lastIndex = i;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * A name, a quote after it that matches the one before it, and a separator the key rules do not read: a Unicode
 * space about it (`password\u00a0: x`, `password:\u00a0x`), a Unicode colon (`password：x`, `password﹕x`), `=>`
 * (Ruby's and Perl's hashes: `"password" => "x"`) or `:=`.
 */
const UNUSUAL_SEPARATOR = new RegExp(
  String.raw`(?<![A-Za-z0-9_.\-])([A-Za-z0-9_.\-]*[A-Za-z0-9])(\\*["']?)(${SPACE}*)(=>|:=|[:=${UNICODE_COLONS}])(${SPACE}*)`,
  "g",
);

/**
 * The value after a secret name whose separator is one of {@link UNUSUAL_SEPARATOR}'s, read as the key rules read
 * a value after `:` (quoted, escaped-quoted, an array, bare...).
 */
export function redactUnusualSeparatorValues(text: string, marker: MarkerFunction): string {
  if (!/[^\x00-\x7f]|=>|:=/.test(text)) return text;
  let out = "";
  let copied = 0;
  let quotes: EscapedQuotes | undefined;
  UNUSUAL_SEPARATOR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = UNUSUAL_SEPARATOR.exec(text)) !== null) {
    const [, name, close, before, separator, after] = m;
    const usual =
      (separator === ":" || separator === "=") && /^[ \t]*$/.test(before!) && /^[ \t]*$/.test(after!);
    // A quote after the name closes one before it (`"password" =>`), as the key rules read a quoted name.
    const quote = close!.charCodeAt(close!.length - 1);
    const quoted = quote === CODE_QUOTE || quote === CODE_APOSTROPHE;
    if (usual || (quoted && text.charCodeAt(m.index - 1) !== quote) || !isSecretFieldName(name!)) {
      UNUSUAL_SEPARATOR.lastIndex = m.index + name!.length;
      continue;
    }
    const at = UNUSUAL_SEPARATOR.lastIndex;
    const replacement = secretValueReplacement(text, at, at, (quotes ??= new EscapedQuotes(text)), marker);
    if (replacement === undefined) continue;
    if (replacement.text !== text.slice(at, replacement.end)) {
      out += text.slice(copied, at) + replacement.text;
      copied = replacement.end;
    }
    UNUSUAL_SEPARATOR.lastIndex = Math.max(replacement.end, at);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A key in a flow mapping (after `{`, `,` or `[`), its quote, `:` and the space after it. */
const FLOW_KEY = /[{,[][ \t]*(["']?)([A-Za-z0-9_.\-]*[A-Za-z0-9])\1[ \t]*:[ \t]+/g;
/** A plain value in a flow collection: to `,`, a bracket, a brace or the line's end. */
const FLOW_PLAIN_VALUE = /[^\s,;&"'<>{}[\]\\][^,{}[\]\n\r\u2028\u2029]*/y;

/**
 * A plain value of several words under a secret name in a YAML flow mapping (`{password: a b}`, `[{token: x y}]`):
 * to YAML the value runs to the `,`, `}` or `]` that ends it (or a comment), where the bare value rule read one
 * word. A value of one word is left to the bare rule.
 */
export function redactFlowMappingValues(text: string, marker: MarkerFunction): string {
  if (!text.includes("{") && !text.includes("[")) return text;
  let out = "";
  let copied = 0;
  FLOW_KEY.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = FLOW_KEY.exec(text)) !== null) {
    const at = FLOW_KEY.lastIndex;
    if (!isSecretFieldName(m[2]!)) {
      FLOW_KEY.lastIndex = m.index + 1;
      continue;
    }
    FLOW_PLAIN_VALUE.lastIndex = at;
    const v = FLOW_PLAIN_VALUE.exec(text);
    if (v === null) continue;
    const cut = plainValueCut(v[0]);
    const value = cut === null ? v[0] : v[0].slice(0, cut.index);
    FLOW_KEY.lastIndex = at + value.length;
    BARE_WORD.lastIndex = 0;
    BARE_WORD.test(value);
    if (value.length <= BARE_WORD.lastIndex || isRedactionMarker(value) || value.startsWith(MARKER_OPENING))
      continue;
    out += text.slice(copied, at) + marker(value);
    copied = at + value.length;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * A line that starts with a key (after its indentation and any `- `), its name bare or quoted, `:` (or a Unicode
 * colon) and a plain value or none: the value is the rest of the line.
 */
const LINE_KEY_PLAIN_VALUE = new RegExp(
  String.raw`([ \t]*(?:-[ \t]+)*)(?:"([A-Za-z0-9_.\-]*[A-Za-z0-9])"|'([A-Za-z0-9_.\-]*[A-Za-z0-9])'|([A-Za-z0-9_.\-]*[A-Za-z0-9]))` +
    String.raw`${SPACE}*(?::(?=${SPACE}|[\n\r\u2028\u2029]|$)|[${UNICODE_COLONS}])${SPACE}*` +
    String.raw`(?!\[redacted )([^\s,;&"'<>{}[\]\\][^\n\r\u2028\u2029]*)?`,
  "y",
);
/** What the bare value rule reads of a value: one word. */
const BARE_WORD = /[^\s,;&"'<>{}[\]\\]+/y;
/**
 * Where a plain value ends on its line: at a comment (` #`), then without the spaces before it; null when it ends
 * where the line does. What `/[ \t]+#|[ \t]+$/` found (the start of the first run of spaces and tabs that a `#`
 * follows or that ends the line), read once: the expression read each run again from each of its characters (a value
 * with 40,000 spaces inside it took 6 s).
 */
export function plainValueCut(line: string): { index: number; comment: boolean } | null {
  for (let i = line.indexOf("#", 1); i > 0; i = line.indexOf("#", i + 1)) {
    const before = line.charCodeAt(i - 1);
    if (before !== 0x20 && before !== 0x09) continue;
    let start = i - 1;
    while (start > 0 && (line.charCodeAt(start - 1) === 0x20 || line.charCodeAt(start - 1) === 0x09)) start--;
    return { index: start, comment: true };
  }
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) end--;
  return end < line.length ? { index: end, comment: false } : null;
}

/**
 * The value of a secret name that starts a line, written as a YAML plain scalar with more than one word
 * (`password: correct horse battery staple`, `token: abc,def`), or folded onto the lines after it (`password: a`
 * then `  b`, `password:` then `  hunter2`): to YAML the value is the whole rest of the line (to a comment) and
 * every more indented line after it, where the bare value rule reads one word and left the rest in clear. Such a
 * value goes whole; a value of one word on its line alone is left to the bare rule. Linear: each line is read once
 * from its start, and a folded value's lines are passed.
 */
export function redactPlainLineValues(text: string, marker: MarkerFunction): string {
  if (!text.includes(":") && !hasUnicodeColon(text)) return text;
  let out = "";
  let copied = 0;
  for (let lineStart = 0; lineStart < text.length;) {
    LINE_KEY_PLAIN_VALUE.lastIndex = lineStart;
    const m = LINE_KEY_PLAIN_VALUE.exec(text);
    let lineEnd = lineStart;
    if (m !== null) {
      lineEnd = LINE_KEY_PLAIN_VALUE.lastIndex;
      const name = m[2] ?? m[3] ?? m[4] ?? "";
      const rest = m[5] ?? "";
      const valueStart = lineEnd - rest.length;
      const cut = plainValueCut(rest);
      const value = cut === null ? rest : rest.slice(0, cut.index);
      if (isSecretFieldName(name) && !isRedactionMarker(value)) {
        const lineValueEnd = valueStart + value.length;
        let end = lineValueEnd;
        // A value that a comment ends, or a block scalar's header, folds no line into itself.
        const folds =
          (cut === null || !cut.comment) &&
          (value === "" ? restIsBlank(text, lineEnd) : !/^[|>]/.test(value));
        if (folds) {
          while (lineEnd < text.length && !isLineTerminator(text.charCodeAt(lineEnd))) lineEnd++;
          const folded = foldedPlainValueEnd(text, lineEnd, m[1]!.length, value === "");
          if (folded > lineEnd) end = folded;
        }
        BARE_WORD.lastIndex = 0;
        BARE_WORD.test(value);
        if (end > lineValueEnd || value.length > BARE_WORD.lastIndex) {
          const from = value === "" ? firstContentAfter(text, lineEnd) : valueStart;
          const whole = text.slice(from, end);
          if (!isRedactionMarker(whole.trim())) {
            out += text.slice(copied, from) + marker(whole);
            copied = end;
          }
          lineEnd = Math.max(lineEnd, end);
        }
      }
    }
    while (lineEnd < text.length && !isLineTerminator(text.charCodeAt(lineEnd))) lineEnd++;
    lineStart = lineEnd + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function hasUnicodeColon(text: string): boolean {
  for (const c of UNICODE_COLONS) if (text.includes(c)) return true;
  return false;
}

/** Whether only spaces, tabs and carriage returns stand from `at` to the line's end. */
function restIsBlank(text: string, at: number): boolean {
  let i = at;
  let c = text.charCodeAt(i);
  while (c === 0x20 || c === 0x09 || c === CODE_CARRIAGE_RETURN) c = text.charCodeAt(++i);
  return i >= text.length || isLineTerminator(c);
}

/** The first character that is no space, tab or line break at or after `at`. */
function firstContentAfter(text: string, at: number): number {
  let i = at;
  let c = text.charCodeAt(i);
  while (i < text.length && (c === 0x20 || c === 0x09 || isLineTerminator(c))) c = text.charCodeAt(++i);
  return i;
}

/**
 * What starts a line that no plain scalar can start (what follows a secret name with no value on its line is then
 * no folded scalar but a mapping, a sequence or a comment, whose values have rules of their own): `- `, `? `, `#`,
 * `{` (an object: a Pod's `serviceAccountToken:` holds one), or a key (`: ` on the line).
 */
function startsStructure(text: string, at: number, lineEnd: number): boolean {
  const c = text.charCodeAt(at);
  const next = text.charCodeAt(at + 1);
  const spaceNext = at + 1 >= lineEnd || next === 0x20 || next === 0x09 || next === CODE_CARRIAGE_RETURN;
  if ((c === 0x2d || c === 0x3f) && spaceNext) return true;
  if (c === 0x23 || c === 0x7b) return true;
  for (let i = text.indexOf(":", at); i >= 0 && i < lineEnd; i = text.indexOf(":", i + 1)) {
    const after = text.charCodeAt(i + 1);
    if (i + 1 >= lineEnd || after === 0x20 || after === 0x09 || after === CODE_CARRIAGE_RETURN) return true;
  }
  return false;
}

/**
 * Where a plain value folded over the lines after its first ends: each later line indented deeper than its key
 * (`keyColumn`), blank lines between them, is part of it, up to a comment (YAML folds such lines into the scalar,
 * and a value cut at its first line left the rest in clear). `lineEnd` is where the first line ends (returned when
 * nothing folds into it). A U+2028 or U+2029 is no line break to YAML: what follows it
 * on the line goes with the value. Reads each line once.
 */
function foldedPlainValueEnd(text: string, lineEnd: number, keyColumn: number, emptyFirst: boolean): number {
  let valueEnd = lineEnd;
  let at = lineEnd;
  let first = true;
  while (at < text.length) {
    const c = text.charCodeAt(at);
    const sameLine = c === 0x2028 || c === 0x2029;
    const lineStart =
      c === CODE_CARRIAGE_RETURN && text.charCodeAt(at + 1) === CODE_LINE_FEED ? at + 2 : at + 1;
    let i = lineStart;
    while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09) i++;
    let contentEnd = i;
    while (contentEnd < text.length && !isLineTerminator(text.charCodeAt(contentEnd))) contentEnd++;
    at = contentEnd;
    // A blank line may stand between two lines of the value.
    if (i >= contentEnd) continue;
    if (!sameLine && i - lineStart <= keyColumn) break;
    if (text.charCodeAt(i) === 0x23 || (first && emptyFirst && startsStructure(text, i, contentEnd))) break;
    first = false;
    const line = text.slice(i, contentEnd);
    const cut = plainValueCut(line);
    valueEnd = cut === null ? contentEnd : i + cut.index;
    if (cut?.comment === true) break;
  }
  return valueEnd;
}

/**
 * Where the value after a name begins: past the spaces and tabs, the `:` or `=` ({@link KEY_NAME}'s lookahead found
 * it there) and the spaces and tabs after it, starting from the end of the name and its quote.
 */
function separatorEnd(text: string, from: number): number {
  let at = from;
  while (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0x09) at++;
  at++; // the `:` or `=`
  while (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0x09) at++;
  return at;
}

/** A double-quoted value's body over any number of lines (YAML folds a quoted scalar), escapes read as pairs. */
const FOLDED_DOUBLE_QUOTED_BODY = /(?:[^"\\]|\\[\s\S])*/y;
/** A single-quoted value's body over any number of lines. */
const FOLDED_SINGLE_QUOTED_BODY = /[^']*/y;

/**
 * The values of secret names whose quote does not close where the text rules read a quoted value (on its line, or,
 * escaped, anywhere after it): a body cut short (kubectl cuts a logged body at its byte limit, a pasted log ends
 * mid-line: `{"password":"hunter2…`, `\"token\":\"eyJ…`), or a YAML quoted scalar folded over lines. Each is
 * redacted from its quote to the quote that closes it on a later line, or to the end of the text: what follows a
 * secret name's opening quote is the secret's until a quote says otherwise. Linear: a value read, closed or not, is
 * skipped.
 */
export function redactUnclosedSecretValues(text: string, marker: MarkerFunction): string {
  if (!text.includes('"') && !text.includes("'")) return text;
  let out = "";
  let copied = 0;
  let quotes: EscapedQuotes | undefined;
  KEY_NAME.lastIndex = 0;
  let found: RegExpExecArray | null;
  while ((found = KEY_NAME.exec(text)) !== null) {
    const name = found[0];
    if (!isSecretFieldName(name)) continue;
    const at = separatorEnd(text, found.index + name.length + (found[1]?.length ?? 0));
    const c = text.charCodeAt(at);
    let valueStart: number;
    let valueEnd: number;
    if (c === CODE_BACKSLASH) {
      const run = backslashRunEnd(text, at);
      if (text.charCodeAt(run) !== CODE_QUOTE) continue;
      const close = (quotes ??= new EscapedQuotes(text)).closer(run + 1, run - at);
      if (close >= 0) {
        KEY_NAME.lastIndex = close + 1;
        continue;
      }
      valueStart = run + 1;
      valueEnd = text.length;
    } else if (c === CODE_QUOTE || c === CODE_APOSTROPHE) {
      const double = c === CODE_QUOTE;
      const lineEnd = bodyEnd(double ? DOUBLE_QUOTED_BODY : SINGLE_QUOTED_BODY, text, at + 1);
      if (text.charCodeAt(lineEnd) === c) {
        KEY_NAME.lastIndex = lineEnd + 1;
        continue;
      }
      valueStart = at + 1;
      valueEnd = bodyEnd(double ? FOLDED_DOUBLE_QUOTED_BODY : FOLDED_SINGLE_QUOTED_BODY, text, at + 1);
    } else continue;
    KEY_NAME.lastIndex = Math.min(valueEnd + 1, text.length);
    const value = text.slice(valueStart, valueEnd);
    if (value.trim() === "" || isRedactionMarker(value)) continue;
    out += text.slice(copied, valueStart) + marker(value);
    copied = valueEnd;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * The values of secret field names in text, each replaced by its marker. A name that is no secret gives what
 * follows its separator back to the scan: in `msg: password: x` the value of `msg` is not skipped, the `password`
 * in it is read.
 */
function replaceSecretKeyValues(text: string, marker: MarkerFunction): string {
  let out = "";
  let copied = 0;
  // Where the next key may start (its lead: the character before its quote or name): past a replaced value.
  let from = 0;
  let quotes: EscapedQuotes | undefined;
  KEY_NAME.lastIndex = 0;
  let found: RegExpExecArray | null;
  while ((found = KEY_NAME.exec(text)) !== null) {
    const name = found[0];
    const nameStart = found.index;
    const quote = found[1] ?? "";
    // The lead: one character that is no key character, or the start of the text.
    let lead = nameStart - 1;
    if (quote !== "") {
      // The same quote, escaped as deep, must stand before the name: `\"token\":`, not `"token\":`.
      const depth = quote.length - 1;
      lead = nameStart - 2 - depth;
      if (
        lead < -1 ||
        text.charCodeAt(nameStart - 1) !== quote.charCodeAt(depth) ||
        backslashRunEnd(text, nameStart - 1 - depth) < nameStart - 1 ||
        (lead >= 0 && isKeyChar(text.charCodeAt(lead)))
      )
        continue;
    }
    const start = Math.max(lead, 0);
    if (start < from) continue;
    const sepEnd = separatorEnd(text, nameStart + name.length + quote.length);
    if (!isSecretFieldName(name)) {
      // Back to the separator's last character, which the lead of a key in the value can take.
      from = sepEnd - 1;
      continue;
    }
    const replacement = secretValueReplacement(
      text,
      start,
      sepEnd,
      (quotes ??= new EscapedQuotes(text)),
      marker,
    );
    if (replacement === undefined) continue;
    out += text.slice(copied, start) + replacement.text;
    copied = from = KEY_NAME.lastIndex = replacement.end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * The value after a secret name's separator at `at`, replaced by the marker (flags, nulls and markers kept), with
 * the head from `start`; undefined when no value can be read there.
 */
function secretValueReplacement(
  text: string,
  start: number,
  at: number,
  quotes: EscapedQuotes,
  marker: MarkerFunction,
): { text: string; end: number } | undefined {
  const head = text.slice(start, at);
  if (text.charCodeAt(at) === CODE_BACKSLASH) {
    const value = escapedQuoteValueAt(text, at, quotes);
    if (value === undefined) return undefined;
    const { end, escQuote, escaped } = value;
    const kept = escaped === "" || isRedactionMarker(escaped);
    return { end, text: kept ? text.slice(start, end) : `${head}${escQuote}${marker(escaped)}${escQuote}` };
  }
  KEY_VALUE_REST.lastIndex = at;
  const match = KEY_VALUE_REST.exec(text);
  if (match === null) return undefined;
  const end = KEY_VALUE_REST.lastIndex;
  const m = text.slice(start, end);
  const [, double, single, block, flow, sequence, bare] = match;
  let replaced: string;
  if (double !== undefined)
    replaced = double === "" || isRedactionMarker(double) ? m : `${head}"${marker(double)}"`;
  else if (single !== undefined)
    replaced = single === "" || isRedactionMarker(single) ? m : `${head}'${marker(single)}'`;
  else if (block !== undefined) {
    const bodyStart = afterFirstLineBreak(block);
    replaced = isRedactionMarker(block.slice(bodyStart).trim())
      ? m
      : `${head}${block.slice(0, bodyStart)}  ${marker(block.slice(bodyStart))}\n`;
  } else if (flow !== undefined) replaced = `${head}${redactSequenceText(flow, marker)}`;
  else if (sequence !== undefined) replaced = `${head}${redactBlockSequence(sequence, marker)}`;
  else if (bare === undefined || bare === "true" || bare === "false" || bare === "null") replaced = m;
  // The query rule writes its marker percent-encoded (`?token=%5Bredacted%20len%3D…%5D`), which the key rules then
  // read as `token=` and a bare value: that marker is kept, not wrapped in a second one.
  else if (bare.startsWith("%5Bredacted%20") && isRedactionMarker(safeDecode(bare))) replaced = m;
  else replaced = `${head}${marker(bare)}`;
  return { text: replaced, end };
}

/** `value` as a key (JSON, escaped JSON, a flow or block mapping) and the separator after it, read where it starts. */
const VALUE_KEY = /(\\*["']?)value\1[ \t]*:[ \t]*/y;
/** After an entry's value: a comment, then its `name` or `key` as the next key (after a `,` or a line break), and the name. */
const ENTRY_NAME_AFTER =
  /[ \t]*(?:#[^\n\r]*)?(?:,|\r\n?|\n|\\+n)(?:[ \t\r\n]|\\+[nrt])*(\\*["']?)(?:name|key)\1[ \t]*:[ \t]*(\\*["']?)([A-Za-z0-9_.\-]+)\2/y;

/**
 * An entry's `value` written before its name (`{value: x, name: DB_PASSWORD}`, `- value: x` then `  name: API_KEY`:
 * a hand-written manifest, a tool that sorts keys): from each entry name that names a secret, the last `value` key
 * before it is read as {@link redactNamedEntryValues} reads a value after the name, and redacted when the name is the
 * next key after it. Linear: each name looks back only to where the last one (or the last value read) ended.
 */
function redactValueFirstEntries(text: string, marker: MarkerFunction): string {
  let out = "";
  let copied = 0;
  let floor = 0;
  let quotes: EscapedQuotes | undefined;
  ENTRY_NAME.lastIndex = 0;
  let found: RegExpExecArray | null;
  while ((found = ENTRY_NAME.exec(text)) !== null) {
    const nameStart = found.index;
    const nameEnd = ENTRY_NAME.lastIndex;
    if (!isSecretFieldName(found[3]!)) continue;
    const window = nameStart > floor ? text.slice(floor, nameStart) : "";
    const v = window.lastIndexOf("value");
    const from = floor;
    floor = Math.max(floor, nameEnd);
    if (v < 0) continue;
    // The key's head: the quote before `value` and the backslashes before that quote.
    let start = from + v;
    if (
      start > from &&
      (text.charCodeAt(start - 1) === CODE_QUOTE || text.charCodeAt(start - 1) === CODE_APOSTROPHE)
    )
      start--;
    while (start > from && text.charCodeAt(start - 1) === CODE_BACKSLASH) start--;
    if (start > 0 && /[A-Za-z0-9_.\-\\]/.test(text[start - 1]!)) continue;
    VALUE_KEY.lastIndex = start;
    if (!VALUE_KEY.test(text)) continue;
    const at = VALUE_KEY.lastIndex;
    let i = start - 1;
    while (i >= 0 && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i--;
    const flow = text.charCodeAt(i) === 0x7b || text.charCodeAt(i) === 0x2c;
    const replacement = entryValueReplacement(
      text,
      start,
      at,
      flow,
      () => (quotes ??= new EscapedQuotes(text)),
      marker,
    );
    if (replacement === undefined) continue;
    floor = Math.max(floor, replacement.end);
    ENTRY_NAME_AFTER.lastIndex = replacement.end;
    const name = ENTRY_NAME_AFTER.exec(text);
    if (name === null || ENTRY_NAME_AFTER.lastIndex !== nameEnd || start < copied) continue;
    out += text.slice(copied, start) + replacement.text;
    copied = replacement.end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

// ---------------------------------------------------------------------------------------------------------------
// Session 14: credentials that a command's words give their meaning to.

/**
 * What a flag's value holds once a command's words have given the flag its meaning: the whole value, the whole
 * value only when glued to the flag (a MySQL client's `-pX`: `-p db` asks for the password and names a database),
 * the password of a `user:password` pair (curl's `-u`), OpenSSL's `pass:` form, or the value of a `NAME=value`
 * literal.
 */
type CredentialForm = "value" | "glued" | "userinfo" | "pass" | "literal";

/**
 * The short flags (and the long ones whose names are no secret field name) that take a credential, by the client
 * whose name (its path's last part) stands before them in the same command. Elsewhere the same letters mean other
 * things (`docker run -p 8080:80`, `sort -u`, `mkdir -p`), so a flag counts only after its client.
 */
const CLIENT_CREDENTIAL_FLAGS: ReadonlyArray<readonly [RegExp, Readonly<Record<string, CredentialForm>>]> = [
  // In text, {@link redactCredentialFlags} reads these on the client's line; here for argument lists.
  [/^(?:mysql|mariadb)[A-Za-z0-9_-]*$/, { "-p": "glued" }],
  [/^sshpass$/, { "-p": "value" }],
  [/^redis-cli$/, { "-a": "value" }],
  [/^mongo(?:sh|dump|restore|export|import|stat|top|files)?$/, { "-p": "value" }],
  [/^ldap[a-z]+$/, { "-w": "value" }],
  [/^curl$/, { "-u": "userinfo", "--user": "userinfo", "-U": "userinfo", "--proxy-user": "userinfo" }],
  [/^(?:zip|unzip|zipcloak)$/, { "-P": "value" }],
  [
    /^keytool$/,
    {
      "-storepass": "value",
      "-keypass": "value",
      "-srcstorepass": "value",
      "-deststorepass": "value",
      "-srckeypass": "value",
      "-destkeypass": "value",
      "-new": "value",
    },
  ],
  [/^openssl$/, { "-passin": "pass", "-passout": "pass", "-pass": "pass", "-k": "value" }],
];

/** The first letters of the clients' names: most words start with another, and are no client. */
const CLIENT_INITIALS = new Set([..."msrlczuko"].map((c) => c.charCodeAt(0)));

/**
 * After a `login` subcommand, `-p` is the password: `docker login`, `podman login`, `helm registry login`,
 * `oc login`, `cf login`, `az login` all spell it so (the long `--password` is a secret field name already).
 */
const LOGIN_CREDENTIAL_FLAGS: Readonly<Record<string, CredentialForm>> = { "-p": "value" };

/**
 * What kubectl's `--from-literal=NAME=value` does not make a secret of: every literal of `create secret` is a
 * Secret's value, whatever its name (`dbpass`, `api`); only `create configmap` (`cm`) makes one that is not, and a
 * literal whose command is not seen counts as a secret's.
 */
const NOT_SECRET_CREATES = new Set(["configmap", "cm"]);

/** The state of one command as its words are read: its client, whether it logs in, what it creates. */
class CommandWords {
  private flags: Readonly<Record<string, CredentialForm>> | undefined;
  private curl = false;
  private login = false;
  /** Undefined: no `create` yet; "": `create` seen, its kind not yet. */
  private creates: string | undefined;

  reset(): void {
    this.flags = undefined;
    this.curl = this.login = false;
    this.creates = undefined;
  }

  /**
   * Reads one word; for a flag that takes a credential, its form and where an inline value starts in the word (after
   * `=`, or glued to a short flag: `-pX`), or -1 when the value is the next word.
   */
  word(w: string): { form: CredentialForm; inline: number } | undefined {
    if (w.charCodeAt(0) !== 0x2d) {
      const base = w.slice(w.lastIndexOf("/") + 1);
      if (base === "login") this.login = true;
      else if (base === "create") this.creates = "";
      else if (this.creates === "") this.creates = base;
      if (!CLIENT_INITIALS.has(base.charCodeAt(0))) return undefined;
      for (const [client, flags] of CLIENT_CREDENTIAL_FLAGS)
        if (client.test(base)) {
          this.flags = flags;
          this.curl = base === "curl";
          this.login = false;
        }
      return undefined;
    }
    const eq = w.indexOf("=");
    const name = eq < 0 ? w : w.slice(0, eq);
    if (name === FROM_LITERAL)
      return this.creates !== undefined && NOT_SECRET_CREATES.has(this.creates)
        ? undefined
        : { form: "literal", inline: eq < 0 ? -1 : eq + 1 };
    const form = this.formOf(name);
    if (form !== undefined && form !== "glued") return { form, inline: eq < 0 ? -1 : eq + 1 };
    // A short flag with its value glued on (`-pX`, `-uuser:pw`), or curl's short flags run together (`-sSu`).
    if (w.charCodeAt(1) !== 0x2d && w.length > 2) {
      const glued = this.formOf(w.slice(0, 2));
      if (glued !== undefined) return { form: glued === "glued" ? "value" : glued, inline: 2 };
      if (this.curl && eq < 0 && /^-[A-Za-z]+[uU]$/.test(w)) return { form: "userinfo", inline: -1 };
    }
    return undefined;
  }

  private formOf(name: string): CredentialForm | undefined {
    if (this.flags !== undefined && Object.hasOwn(this.flags, name)) return this.flags[name];
    if (this.login && Object.hasOwn(LOGIN_CREDENTIAL_FLAGS, name)) return LOGIN_CREDENTIAL_FLAGS[name];
    return undefined;
  }
}

/** Where the secret part of a value `[start, end)` of the given form starts, or -1 when it holds none. */
function credentialStart(value: string, start: number, end: number, form: CredentialForm): number {
  if (form === "value") return start;
  if (form === "pass") return value.startsWith("pass:", start) ? start + 5 : -1;
  const sep = value.indexOf(form === "userinfo" ? ":" : "=", start);
  return sep < 0 || sep >= end ? -1 : sep + 1;
}

/**
 * An argument list (a container's `command` and `args`, an exec plugin's) with each credential its words give a
 * flag redacted (`["login", "-p", "x"]`, `["curl", "-u", "u:x"]`, `["--from-literal=k=x"]`); the list itself when
 * none is. Items that are no strings end nothing: a list is one command.
 */
export function redactCommandItems<T>(items: readonly T[], marker: MarkerFunction): readonly T[] {
  // Every rule reads a flag's value: a list without a flag (most lists: names, verbs, finalizers) holds none.
  if (!items.some((item) => typeof item === "string" && item.charCodeAt(0) === 0x2d)) return items;
  let out: T[] | undefined;
  const command = new CommandWords();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item !== "string") continue;
    const flag = command.word(item);
    if (flag === undefined) continue;
    let at = i;
    let from = flag.inline;
    if (from < 0) {
      const next = items[i + 1];
      if (typeof next !== "string" || next.charCodeAt(0) === 0x2d) continue;
      at = ++i;
      from = 0;
    }
    const value = items[at] as string;
    const start = credentialStart(value, from, value.length, flag.form);
    if (start < 0 || start >= value.length || isRedactionMarker(value.slice(start))) continue;
    out ??= [...items];
    out[at] = (value.slice(0, start) + marker(value.slice(start))) as T;
  }
  return out ?? items;
}

/** A word of a command in text: what stands between white space, quotes, escapes, brackets and separators. */
const COMMAND_WORD = /[^\s"'`\\,[\]{}();|&]+/g;
/** What ends a command between two words: a separator (`;`, `|`, `&`) or a line break that continues nothing. */
function endsCommand(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3b || c === 0x7c || c === 0x26) return true;
    if (c === CODE_LINE_FEED || c === CODE_CARRIAGE_RETURN || c === 0x2028 || c === 0x2029) {
      // A shell line continued by a backslash, or a YAML block sequence item after an item: the same command.
      if (i > 0 && text.charCodeAt(i - 1) === CODE_BACKSLASH) continue;
      if (c === CODE_CARRIAGE_RETURN && text.charCodeAt(i + 1) === CODE_LINE_FEED) continue;
      if (afterComma(text, i)) continue;
      SEQUENCE_DASH.lastIndex = i + 1;
      if (SEQUENCE_DASH.test(text) && lineIsItem(text, from)) continue;
      return true;
    }
  }
  return false;
}

/** Whether a `,` (and spaces) stands right before `at`: a list that goes on over lines (pretty-printed JSON). */
function afterComma(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i--;
  return text.charCodeAt(i) === 0x2c;
}

/** Whether the line that holds `at` is a block sequence item (`- word`). */
function lineIsItem(text: string, at: number): boolean {
  let start = at;
  while (start > 0 && !isLineTerminator(text.charCodeAt(start - 1))) start--;
  SEQUENCE_DASH.lastIndex = start;
  return SEQUENCE_DASH.test(text) && SEQUENCE_DASH.lastIndex <= at + 1;
}

/**
 * Past what separates a flag from its value: spaces, a `,` and the line break of a list going on over lines, a
 * continued line, a block sequence's `- `.
 */
const FLAG_VALUE_GAP =
  /[ \t]*(?:(,)[ \t]*(?:(?:\r\n?|\n)[ \t]*)?|\\(?:\r\n?|\n)[ \t]*|(?:\r\n?|\n)[ \t]*-[ \t]+)?/y;

/**
 * The value that starts at `at`: a quoted string (its quote escaped as deep as it opens, closed on its line, or to
 * the line's end when it does not close), or a bare run to white space, a quote or an escape (and, in a list, to
 * `,`, `]` or `}`). Gives its content's bounds. `lineEnd` gives where the line of a position ends (remembered by
 * the caller, so that many values on one long line do not each read it to its end), `closer` where an opener
 * next stands (remembered the same way).
 */
function commandValueAt(
  text: string,
  at: number,
  list: boolean,
  lineEnd: (from: number) => number,
  closer: (opener: string, from: number) => number,
): { start: number; end: number } {
  const run = backslashRunEnd(text, at);
  const q = text.charCodeAt(run);
  if (q === CODE_QUOTE || q === CODE_APOSTROPHE) {
    const end = lineEnd(run);
    const close = closer(text.slice(at, run + 1), run + 1);
    return { start: run + 1, end: close < 0 || close > end ? end : close };
  }
  let end = at;
  for (; end < text.length; end++) {
    const c = text.charCodeAt(end);
    if (
      isSpace(c) ||
      isLineTerminator(c) ||
      c === CODE_QUOTE ||
      c === CODE_APOSTROPHE ||
      c === CODE_BACKSLASH
    )
      break;
    if (list && (c === 0x2c || c === 0x5d || c === 0x7d)) break;
  }
  return { start: at, end };
}

/**
 * The credentials of command lines in text (a message, a log, a pasted shell history, a JSON or YAML argument
 * list): `docker login -p X`, `curl -u user:X`, `sshpass -p X`, `kubectl create secret generic x
 * --from-literal=dbpass=X`, read word by word as {@link redactCommandItems} reads a list. A command ends at `;`,
 * `|`, `&` or a line break (not one after a backslash, nor between two block sequence items). Linear: each word is
 * read once, and a value is passed once read.
 */
export function redactCommandCredentials(text: string, marker: MarkerFunction): string {
  if (!commandAnchorIn(text)) return text;
  let out = "";
  let copied = 0;
  const command = new CommandWords();
  let last = 0;
  // The end of the line last read: values are read in order, so each line is read to its end once.
  let lineEndAt = -1;
  const lineEnd = (from: number): number => {
    if (from > lineEndAt) {
      lineEndAt = from;
      while (lineEndAt < text.length && !isLineTerminator(text.charCodeAt(lineEndAt))) lineEndAt++;
    }
    return lineEndAt;
  };
  const next = new Map<string, number>();
  const closer = (opener: string, from: number): number => {
    let at = next.get(opener);
    if (at === undefined || (at >= 0 && at < from)) next.set(opener, (at = text.indexOf(opener, from)));
    return at;
  };
  COMMAND_WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = COMMAND_WORD.exec(text)) !== null) {
    const w = m[0];
    const wordStart = m.index;
    if (endsCommand(text, last, wordStart)) command.reset();
    last = COMMAND_WORD.lastIndex;
    const flag = command.word(w);
    if (flag === undefined) continue;
    let value: { start: number; end: number };
    if (flag.inline >= 0) value = commandValueAt(text, wordStart + flag.inline, false, lineEnd, closer);
    else {
      let at = last;
      // The flag's own closing quote, when a quote opened it (`"-p","x"`, `\"-p\", \"x\"`).
      const before = text.charCodeAt(wordStart - 1);
      if (before === CODE_QUOTE || before === CODE_APOSTROPHE) {
        at = backslashRunEnd(text, at);
        if (text.charCodeAt(at) === before) at++;
        else at = last;
      }
      FLAG_VALUE_GAP.lastIndex = at;
      const gap = FLAG_VALUE_GAP.exec(text)!;
      at = FLAG_VALUE_GAP.lastIndex;
      const c = text.charCodeAt(at);
      // Nothing between: a quoted value glued on (`-p'x'`) is one; anything else is no value.
      if (at >= text.length || c === 0x2d || (at === last && c !== CODE_QUOTE && c !== CODE_APOSTROPHE))
        continue;
      value = commandValueAt(text, at, gap[1] !== undefined, lineEnd, closer);
    }
    let start = credentialStart(text, value.start, value.end, flag.form);
    // A literal's value may be quoted after its name (`--from-literal=k='a b'`).
    if (flag.form === "literal" && start >= 0 && start < value.end) {
      const c = text.charCodeAt(start);
      if (c === CODE_QUOTE || c === CODE_APOSTROPHE) {
        const quoted = commandValueAt(text, start, false, lineEnd, closer);
        start = quoted.start;
        value.end = quoted.end;
      }
    }
    COMMAND_WORD.lastIndex = last = Math.max(value.end, last);
    if (start < 0 || start >= value.end || start < copied) continue;
    const secret = text.slice(start, value.end);
    if (isRedactionMarker(secret) || secret.startsWith(MARKER_OPENING)) continue;
    out += text.slice(copied, start) + marker(secret);
    copied = value.end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Whether text holds a word {@link redactCommandCredentials} starts from (a client, `login`, `--from-literal`). */
function commandAnchorIn(text: string): boolean {
  for (const a of COMMAND_ANCHORS) if (text.includes(a)) return true;
  // A MySQL client's glued `-pX` (the pre-scan's `mysql` and `mariadb` anchors, which the older rule shares).
  return text.includes("mysql") || text.includes("mariadb");
}

/**
 * Tokens whose issuers made them recognisable on purpose (for secret scanners), redacted wherever they stand, in
 * prose too: a JWT (a ServiceAccount token, an OIDC ID token: two base64url JSON parts, `eyJ` each, and a
 * signature), GitHub's (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), GitLab's (`glpat-`, `gldt-`,
 * `glrt-`, `glptt-`, `glsoat-`, `glft-`, `glcbt-`), Slack's (`xoxb-`, `xoxp-`…, `xapp-`), Google's API keys (`AIza`
 * and 35 characters) and OAuth access tokens (`ya29.`), npm's (`npm_`), Vault's (`hvs.`, `hvb.`, `hvr.`), Stripe's
 * live keys. Each needs its prefix, a whole word and a body long enough that prose naming the shape (`ghp_...`) is
 * no token.
 */
const TOKEN_SHAPE = new RegExp(
  String.raw`(?<![A-Za-z0-9_-])(?:` +
    [
      String.raw`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`,
      String.raw`gh[pousr]_[A-Za-z0-9]{30,}`,
      String.raw`github_pat_[A-Za-z0-9_]{40,}`,
      String.raw`gl(?:pat|dt|rt|ptt|soat|ft|cbt)-[A-Za-z0-9_-]{20,}`,
      String.raw`xox[abeoprs]-[A-Za-z0-9-]{10,}`,
      String.raw`xapp-[A-Za-z0-9-]{20,}`,
      String.raw`AIza[0-9A-Za-z_-]{35}`,
      String.raw`ya29\.[0-9A-Za-z_-]{20,}`,
      String.raw`npm_[A-Za-z0-9]{36}`,
      String.raw`hv[sbr]\.[A-Za-z0-9_-]{24,}`,
      String.raw`[sr]k_live_[A-Za-z0-9]{20,}`,
    ].join("|") +
    String.raw`)(?![A-Za-z0-9_-])`,
  "g",
);

/**
 * A kubeadm bootstrap token (`[a-z0-9]{6}.[a-z0-9]{16}`) as a whole word, not a host name's part. An Event's name
 * has the same shape when its object's name has six characters (`worker.17c0a4e5f2b3d9a1`: the object's name and
 * the time in hex), so a secret of hex digits only is kept: kubeadm draws from 36 characters, and all 16 are hex
 * digits once in some 400,000 tokens.
 */
const BOOTSTRAP_TOKEN = /(?<![A-Za-z0-9_.-])[a-z0-9]{6}\.([a-z0-9]{16})(?![A-Za-z0-9_-]|\.[A-Za-z0-9])/g;
const HEX_ONLY = /^[0-9a-f]+$/;

/**
 * An AWS access key id (`AKIA…`, `ASIA…`: not secret alone) and, within {@link AWS_PAIR_REACH} characters of it, a
 * secret access key: 40 characters of base64 with upper and lower case letters (a Git commit's 40 hex digits are
 * not one). A credentials CSV, `aws configure set` arguments, a pasted pair.
 */
const AWS_KEY_ID = /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g;
const AWS_SECRET_KEY = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const AWS_PAIR_REACH = 256;

function isAwsSecretKey(word: string): boolean {
  return /[a-z]/.test(word) && /[A-Z]/.test(word) && /[0-9/+]/.test(word);
}

const BASE64_RUN = /[A-Za-z0-9+/]*={0,2}/y;

/**
 * A PEM private key base64-encoded (a CertificateSigningRequest's status, a ConfigMap or annotation holding a key
 * file as base64): `-----BEGIN ` ({@link BASE64_PEM}) encoded from a base64 run's start, whose decoded header line
 * names a private key. The whole run goes; certificates and public keys, which start the same, are kept. Gives the
 * run's end, or -1.
 */
function base64PemKeyAt(text: string, at: number): number {
  if (at > 0 && /[A-Za-z0-9+/]/.test(text[at - 1]!)) return -1;
  BASE64_RUN.lastIndex = at;
  BASE64_RUN.test(text);
  const end = BASE64_RUN.lastIndex;
  const head = Buffer.from(text.slice(at, Math.min(end, at + 96)), "base64").toString("latin1");
  return /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(head) ? end : -1;
}

/**
 * The token shapes of this section in text, each replaced by its marker: {@link TOKEN_SHAPE}, bootstrap tokens,
 * AWS secret keys beside their key ids, base64 PEM private keys. Linear: each expression is scanned once, and each
 * key id looks at most {@link AWS_PAIR_REACH} characters either side.
 */
export function redactTokenShapes(text: string, marker: MarkerFunction): string {
  let out = text;
  if (tokenPrefixIn(out)) out = out.replace(TOKEN_SHAPE, (m) => marker(m));
  if (out.includes("."))
    out = out.replace(BOOTSTRAP_TOKEN, (m, secret: string) => (HEX_ONLY.test(secret) ? m : marker(m)));
  if (out.includes("AKIA") || out.includes("ASIA")) {
    const ranges: Array<[number, number]> = [];
    // Past the last key found: the windows of ids near each other overlap, and each key is redacted once.
    let taken = 0;
    // matchAll starts where the expression's lastIndex stands (the pre-scan's check moves it).
    AWS_KEY_ID.lastIndex = 0;
    for (const id of out.matchAll(AWS_KEY_ID)) {
      const from = Math.max(id.index - AWS_PAIR_REACH, taken);
      const to = Math.min(id.index + id[0].length + AWS_PAIR_REACH, out.length);
      for (const at of awsSecretKeysIn(out, from, to)) {
        ranges.push([at, at + 40]);
        taken = at + 40;
      }
    }
    out = replaceRanges(out, ranges, marker);
  }
  if (out.includes(BASE64_PEM)) {
    const ranges: Array<[number, number]> = [];
    for (let at = out.indexOf(BASE64_PEM); at >= 0; at = out.indexOf(BASE64_PEM, at + 1)) {
      const end = base64PemKeyAt(out, at);
      if (end >= 0) {
        ranges.push([at, end]);
        at = end - 1;
      }
    }
    out = replaceRanges(out, ranges, marker);
  }
  return out;
}

function replaceRanges(
  text: string,
  ranges: ReadonlyArray<[number, number]>,
  marker: MarkerFunction,
): string {
  if (ranges.length === 0) return text;
  let out = "";
  let copied = 0;
  for (const [start, end] of ranges) {
    out += text.slice(copied, start) + marker(text.slice(start, end));
    copied = end;
  }
  return out + text.slice(copied);
}

function tokenPrefixIn(text: string): boolean {
  for (const p of TOKEN_PREFIXES) if (text.includes(p)) return true;
  return false;
}

/** {@link TOKEN_SHAPE} read at one position: the pre-scan's check of a token prefix. */
const TOKEN_SHAPE_AT = new RegExp(TOKEN_SHAPE.source, "y");

function tokenShapeAt(text: string, at: number): boolean {
  TOKEN_SHAPE_AT.lastIndex = at;
  return TOKEN_SHAPE_AT.test(text);
}

/** {@link BOOTSTRAP_TOKEN} at the token that the dot at `at` splits, its secret not of hex digits only. */
const BOOTSTRAP_TOKEN_AT = new RegExp(BOOTSTRAP_TOKEN.source, "y");

function bootstrapTokenAt(text: string, at: number): boolean {
  if (at < 6) return false;
  BOOTSTRAP_TOKEN_AT.lastIndex = at - 6;
  const m = BOOTSTRAP_TOKEN_AT.exec(text);
  return m !== null && !HEX_ONLY.test(m[1]!);
}

/** Whether an AWS key id at `at` has a secret access key within reach, as {@link redactTokenShapes} looks for one. */
function awsPairAt(text: string, at: number): boolean {
  AWS_KEY_ID.lastIndex = at;
  const id = AWS_KEY_ID.exec(text);
  if (id === null || id.index !== at) return false;
  const to = Math.min(at + id[0].length + AWS_PAIR_REACH, text.length);
  return awsSecretKeysIn(text, Math.max(at - AWS_PAIR_REACH, 0), to).length > 0;
}

/**
 * Where the secret access keys that lie wholly within `[from, to)` start. The window is cut out first: the
 * expression run on the whole text would look past `to` for its next match, from every key id (quadratic in a text
 * of ids without keys).
 */
function awsSecretKeysIn(text: string, from: number, to: number): number[] {
  if (to - from < 40) return [];
  // One character either side, so that a key is whole in the text, not only in the window.
  const lead = from > 0 ? 1 : 0;
  const window = text.slice(from - lead, Math.min(to + 1, text.length));
  const found: number[] = [];
  for (const k of window.matchAll(AWS_SECRET_KEY)) {
    const at = from - lead + k.index;
    if (at >= from && at + 40 <= to && isAwsSecretKey(k[0])) found.push(at);
  }
  return found;
}

/** The last text {@link commandCredentialsIn} read, and its answer: every anchor of one text asks the same. */
let commandText: string | undefined;
let commandFound = false;

/** Whether {@link redactCommandCredentials} would redact anything in text. */
function commandCredentialsIn(text: string): boolean {
  if (text !== commandText) {
    let found = false;
    redactCommandCredentials(text, () => {
      found = true;
      return "";
    });
    commandText = text;
    commandFound = found;
  }
  return commandFound;
}

/** The marker pattern, for outputs that must tell markers from text (diffs turn them into `***`). */
export const REDACTION_MARKER_PATTERN = new RegExp(MARKER_SOURCE, "g");

// ---------------------------------------------------------------------------------------------------------------
// Requests that address secrets without saying so in their bodies.

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
export function isTokenUrl(url: string | undefined): boolean {
  return TOKEN_PATH.test(urlPath(url));
}

/**
 * The API server's schema documents: `/openapi/v2`, the `/openapi/v3` index and `/openapi/v3/<group-version>`
 * (`api/v1`, `apis/<group>/<version>`), with nothing after them but a query.
 */
const API_SCHEMA_PATH = /^\/openapi\/(?:v2|v3(?:\/api\/[^/]+|\/apis\/[^/]+\/[^/]+)?)$/;

/**
 * The OpenAPI media types kube-openapi answers these paths with: JSON, and the protobuf form of v2 and v3 in both
 * spellings (`.v1.0+protobuf` since kube-openapi's fix of February 2023, Kubernetes 1.27; `@v1.0+protobuf`, the
 * deprecated form clients still send in `Accept`).
 */
const API_SCHEMA_MEDIA_TYPE =
  /^application\/(?:json|com\.github\.proto-openapi\.spec\.v[23][.@]v1\.0\+protobuf)\s*(?:;|$)/i;

/**
 * Whether a response is one of the API server's schema documents: a successful `GET` of `/openapi/v2`, `/openapi/v3`
 * or `/openapi/v3/<group-version>` (from the server's root), labelled with an OpenAPI media type. kube-apiserver
 * serves these to every authenticated user (the `system:discovery` role) and they describe types, never objects:
 * they name `Secret`, `token` and `password` as schema words, and hold no value of any. Their protobuf form cannot
 * be redacted field by field, so without this rule it would be redacted whole, and a replay of kubectl 1.27/1.28's
 * `apply` (which reads the v2 document as protobuf) would fail. Only the binary rule is lifted for them (see
 * `redact.ts`); every other rule still applies, and any other path, method, status or media type keeps it.
 */
export function isApiSchemaDocument(response: {
  method: string;
  url: string | undefined;
  status: number | undefined;
  contentType: string | undefined;
}): boolean {
  return (
    response.method.toUpperCase() === "GET" &&
    response.status === 200 &&
    API_SCHEMA_PATH.test(urlPath(response.url)) &&
    response.contentType !== undefined &&
    API_SCHEMA_MEDIA_TYPE.test(response.contentType.trim())
  );
}

/**
 * The forms in which a known secret value may be quoted back in text: as it is, JSON-escaped (a PEM key's line
 * breaks as `\n`), base64-encoded, and, for a base64 value (a Secret's `data`), decoded and decoded JSON-escaped.
 * Values shorter than {@link MIN_ECHO_LENGTH} are not looked for: they would match ordinary text everywhere.
 */
export function echoForms(value: string): string[] {
  if (value.length < MIN_ECHO_LENGTH) return [];
  const forms = [value, JSON.stringify(value).slice(1, -1), Buffer.from(value).toString("base64")];
  if (/^[A-Za-z0-9+/]{4,}={0,2}$/.test(value) && value.length % 4 === 0) {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    if (!decoded.includes("\ufffd") && !/[\u0000-\u0008\u000e-\u001f]/.test(decoded))
      forms.push(decoded, JSON.stringify(decoded).slice(1, -1));
  }
  return [...new Set(forms.filter((f) => f.length >= MIN_ECHO_LENGTH))];
}

/** The shortest secret value looked for when scrubbing known values from text. */
export const MIN_ECHO_LENGTH = 4;

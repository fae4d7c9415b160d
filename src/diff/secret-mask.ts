import type { PathSegment } from "../internal/json-path.js";
import { isJsonObject } from "../internal/json.js";

/** What a Secret value becomes in a diff or a rendering. */
export const SECRET_MASK = "***";
/** A Secret value that changed, on the left (`old`) side. */
export const SECRET_MASK_BEFORE = "*** (before)";
/** A Secret value that changed, on the right (`new`) side. */
export const SECRET_MASK_AFTER = "*** (after)";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

type Obj = Record<string, unknown>;

/** A core/v1 Secret (kind `Secret`, apiVersion `v1` or absent, as on a SecretList's bare items). */
export function isSecretObject(v: unknown): boolean {
  return isJsonObject(v) && v.kind === "Secret" && (v.apiVersion === undefined || v.apiVersion === "v1");
}

/**
 * Kinds whose documents carry credentials outside any Secret: a kubeconfig (`Config`), the tokens of a
 * TokenRequest or TokenReview, an exec plugin's ExecCredential.
 */
/** Kinds whose documents carry credentials in known places (besides Secrets): diffs mask those too. */
export const CREDENTIAL_KINDS: ReadonlySet<string> = new Set([
  "Config",
  "TokenRequest",
  "TokenReview",
  "ExecCredential",
]);

/** A Secret, or a document of a kind that carries credentials (a kubeconfig, a TokenRequest...): diffs mask both. */
export function holdsCredentials(v: unknown): boolean {
  return isSecretObject(v) || (isJsonObject(v) && typeof v.kind === "string" && CREDENTIAL_KINDS.has(v.kind));
}

/** A SecretList, whose items carry no kind of their own. */
export function isSecretList(v: unknown): boolean {
  return isJsonObject(v) && v.kind === "SecretList" && Array.isArray(v.items);
}

/**
 * Whether a path inside a Secret (relative to the Secret object) holds a secret value: any entry of `data` or
 * `stringData`, and kubectl's last-applied annotation (which embeds them).
 */
export function isSecretValuePath(rel: readonly PathSegment[]): boolean {
  if ((rel[0] === "data" || rel[0] === "stringData") && rel.length >= 2) return true;
  if (rel.length >= 3 && rel[0] === "metadata" && rel[1] === "annotations" && rel[2] === LAST_APPLIED)
    return true;
  return isCredentialPath(rel);
}

const USER_SECRET_FIELDS = new Set(["token", "password", "client-key-data"]);

/**
 * Credentials of the other kinds {@link holdsCredentials} names: a kubeconfig user's token, password and client key,
 * its auth-provider's secret-named settings, its exec plugin's environment values and arguments (an argument may be
 * `--token=...`); `status.token` (TokenRequest, ExecCredential), `spec.token` (TokenReview), `status.clientKeyData`.
 */
function isCredentialPath(rel: readonly PathSegment[]): boolean {
  const [a, b, c, d, e, f, g] = rel;
  if ((a === "status" && (b === "token" || b === "clientKeyData")) || (a === "spec" && b === "token"))
    return rel.length >= 2;
  if (a !== "users" || c !== "user" || typeof d !== "string") return false;
  if (USER_SECRET_FIELDS.has(d)) return true;
  if (d === "auth-provider")
    return e === "config" && typeof f === "string" && /token|secret|password|key/i.test(f);
  if (d === "exec") return (e === "env" && g === "value") || (e === "args" && rel.length >= 6);
  return false;
}

/**
 * A copy of `value` with every Secret value replaced by `***`: in Secret objects, items of SecretLists, and
 * (when `rel` is given) the Secret that `value` is part of, `rel` being `value`'s path inside that Secret.
 * Keys stay, so a reader still sees which entries exist.
 */
export function maskSecrets(value: unknown, rel: PathSegment[] | null = null, secretItems = false): unknown {
  if (rel && isSecretValuePath(rel)) return SECRET_MASK;
  if (Array.isArray(value))
    return value.map((item, i) => maskSecrets(item, secretItems ? [] : rel ? [...rel, i] : null));
  if (!isJsonObject(value)) return value;
  const here = rel ?? (holdsCredentials(value) ? [] : null);
  const list = isSecretList(value);
  const out: Obj = {};
  for (const [k, v] of Object.entries(value))
    out[k] = maskSecrets(v, here ? [...here, k] : null, list && k === "items");
  return out;
}

/**
 * Masks a pair of documents for display side by side (a unified diff): a Secret value equal on both sides is
 * `***`, one that differs is `*** (before)` on the left and `*** (after)` on the right. Array items pair by
 * position.
 */
export function maskSecretPair(a: unknown, b: unknown, asSecrets = false): [unknown, unknown] {
  return pair(
    a,
    b,
    asSecrets && (!isList(a) || !isList(b)) ? [] : null,
    asSecrets && (isList(a) || isList(b)),
  );
}

function isList(v: unknown): boolean {
  return isJsonObject(v) && Array.isArray(v.items);
}

const ABSENT = Symbol("absent");

function pair(a: unknown, b: unknown, rel: PathSegment[] | null, secretItems: boolean): [unknown, unknown] {
  if (rel && isSecretValuePath(rel)) {
    if (a === ABSENT || b === ABSENT) return [a === ABSENT ? a : SECRET_MASK, b === ABSENT ? b : SECRET_MASK];
    const same = JSON.stringify(a) === JSON.stringify(b);
    return same ? [SECRET_MASK, SECRET_MASK] : [SECRET_MASK_BEFORE, SECRET_MASK_AFTER];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    const ma: unknown[] = [];
    const mb: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const [x, y] = pair(
        i < a.length ? a[i] : ABSENT,
        i < b.length ? b[i] : ABSENT,
        secretItems ? [] : rel ? [...rel, i] : null,
        false,
      );
      if (x !== ABSENT) ma.push(x);
      if (y !== ABSENT) mb.push(y);
    }
    return [ma, mb];
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const here = rel ?? (holdsCredentials(a) || holdsCredentials(b) ? [] : null);
    const list = isSecretList(a) || isSecretList(b) || secretItems;
    const ma: Obj = {};
    const mb: Obj = {};
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const [x, y] = pair(
        k in a ? a[k] : ABSENT,
        k in b ? b[k] : ABSENT,
        here ? [...here, k] : null,
        list && k === "items",
      );
      if (x !== ABSENT) ma[k] = x;
      if (y !== ABSENT) mb[k] = y;
    }
    return [ma, mb];
  }
  return [
    a === ABSENT ? a : maskSecrets(a, rel, secretItems),
    b === ABSENT ? b : maskSecrets(b, rel, secretItems),
  ];
}

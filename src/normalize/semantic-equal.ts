import { isJsonObject, jsonEqual } from "../internal/json.js";
import { bytesEqual, secretDataBytes } from "./secret-data.js";
import type { SecretLike } from "./secret-data.js";

export interface SemanticEqualOptions {
  /**
   * Treat `null`, an empty map and an empty list like an absent field. That is how built-in types serialise
   * (Go's `omitempty`): writing `labels: {}` where there were none stores nothing new. Leave it off for custom
   * resources, whose stored JSON keeps `{}`. Default false.
   */
  omitEmpty?: boolean;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isJsonObject(v) && Object.keys(v).every((k) => v[k] === undefined);
}

/**
 * {@link jsonEqual} where `null`, `{}` and `[]` also count as absent (Go's `omitempty`). Its own walk, not a
 * flag of jsonEqual: only updates of built-in types want it, and jsonEqual stays the one JSON equality.
 */
function equalOmittingEmpty(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => equalOmittingEmpty(x, b[i]));
  }
  if (isJsonObject(a) || isJsonObject(b)) {
    if (!isJsonObject(a) || !isJsonObject(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const x = a[k];
      const y = b[k];
      if (isEmpty(x) && isEmpty(y)) continue;
      if (!equalOmittingEmpty(x, y)) return false;
    }
    return true;
  }
  return jsonEqual(a, b);
}

function isSecret(v: unknown): v is SecretLike {
  return isJsonObject(v) && v.kind === "Secret" && (v.apiVersion === "v1" || v.apiVersion === undefined);
}

function secretPayloadEqual(a: SecretLike, b: SecretLike): boolean | undefined {
  let da: Record<string, Uint8Array>;
  let db: Record<string, Uint8Array>;
  try {
    da = secretDataBytes(a);
    db = secretDataBytes(b);
  } catch {
    return undefined; // not decodable: let the plain comparison decide
  }
  const ka = Object.keys(da);
  if (ka.length !== Object.keys(db).length) return false;
  return ka.every((k) => db[k] !== undefined && bytesEqual(da[k]!, db[k]));
}

/**
 * Whether writing `b` where `a` is stored would change anything: deep JSON equality with key order ignored, an
 * `undefined` property the same as an absent one, and numbers compared by value. A Secret compares by its
 * decoded payload (what the server stores): `stringData` merged into `data`, base64 spelling ignored.
 *
 * @example
 * semanticEqual({ kind: "Secret", data: { a: "aGk=" } }, { kind: "Secret", stringData: { a: "hi" } }); // true
 */
export function semanticEqual(a: unknown, b: unknown, options: SemanticEqualOptions = {}): boolean {
  const equal = options.omitEmpty ? equalOmittingEmpty : jsonEqual;
  if (isSecret(a) && isSecret(b)) {
    const payload = secretPayloadEqual(a, b);
    if (payload !== undefined) {
      if (!payload) return false;
      const { data: _a, stringData: _as, ...restA } = a;
      const { data: _b, stringData: _bs, ...restB } = b;
      return equal(restA, restB);
    }
  }
  return equal(a, b);
}

import { getOwn, hasOwn } from "../../internal/own-property.js";
import { redactSecretText } from "../../record/redact/redact.js";
import { keylessMarker } from "../../record/redact/redaction-marker.js";
import { echoForms } from "../../record/redact/secret-policy.js";
import { decodeBase64, encodeBase64, secretDataBytes } from "../../normalize/secret-data.js";
import { utf8Bytes, utf8Text } from "../../normalize/secret-data.js";
import type { FieldPath } from "../../normalize/object-changes.js";
import type { SecretLike } from "../../normalize/secret-data.js";
import type { KubeObject } from "../../normalize/types.js";
import { isJsonObject } from "../../internal/json.js";

/** Whether an object is a core/v1 Secret (kind `Secret`, apiVersion `v1` or unset). */
export function isSecret(obj: unknown): obj is SecretLike {
  const o = obj as KubeObject | null;
  return (
    typeof o === "object" &&
    o !== null &&
    o.kind === "Secret" &&
    (o.apiVersion === undefined || o.apiVersion === "v1")
  );
}

/**
 * Reads and writes a Secret's payload in place, with the API server's semantics: `data` holds base64, `stringData`
 * holds text that the server merges into `data` on write (and never returns). Reads see `stringData` over `data`;
 * writes go to `data` and drop any `stringData` entry of the same key, so a stale `stringData` can never
 * overwrite the new value on the server.
 */
export interface SecretData {
  /** Keys of the payload (data and stringData), sorted. */
  keys(): string[];
  has(key: string): boolean;
  /** The value as UTF-8 text; a value that is not text throws (read it with {@link SecretData.getBytes}). */
  get(key: string): string | undefined;
  getBytes(key: string): Uint8Array | undefined;
  /** Sets a value (text is stored as UTF-8). */
  set(key: string, value: string | Uint8Array): void;
  /** Removes a key; returns whether it was there. */
  delete(key: string): boolean;
  /** Every value as text. */
  toStrings(): Record<string, string>;
}

/**
 * An accessor for a Secret's payload: base64 and stringData handled, the Secret object edited in place.
 *
 * @example
 * await updateWithRetry(client, ref, (secret) => {
 *   const data = secretData(secret);
 *   data.set("count", String(Number(data.get("count") ?? "0") + 1));
 * });
 */
export function secretData(secret: SecretLike): SecretData {
  const bytes = () => secretDataBytes(secret);
  return {
    keys: () => Object.keys(bytes()).sort(),
    // Keys are data (`constructor`, `__proto__` are valid Secret keys): only own members count.
    has: (key) => hasOwn(bytes(), key),
    get: (key) => {
      const text = secret.stringData ? getOwn(secret.stringData, key) : undefined;
      if (typeof text === "string") return text;
      const raw = secret.data ? getOwn(secret.data, key) : undefined;
      return typeof raw === "string" ? utf8Text(decodeBase64(raw), key) : undefined;
    },
    getBytes: (key) => {
      const text = secret.stringData ? getOwn(secret.stringData, key) : undefined;
      if (typeof text === "string") return utf8Bytes(text);
      const raw = secret.data ? getOwn(secret.data, key) : undefined;
      return typeof raw === "string" ? decodeBase64(raw) : undefined;
    },
    set: (key, value) => {
      const encoded = encodeBase64(typeof value === "string" ? utf8Bytes(value) : value);
      secret.data = { ...(secret.data ?? {}), [key]: encoded };
      if (secret.stringData && hasOwn(secret.stringData, key)) {
        const { [key]: _dropped, ...rest } = secret.stringData;
        if (Object.keys(rest).length > 0) secret.stringData = rest;
        else delete secret.stringData;
      }
    },
    delete: (key) => {
      let found = false;
      for (const field of ["data", "stringData"] as const) {
        const map = secret[field];
        if (map && hasOwn(map, key)) {
          found = true;
          const { [key]: _dropped, ...rest } = map;
          secret[field] = rest;
        }
      }
      return found;
    },
    toStrings: () => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(bytes())) out[k] = utf8Text(v, k);
      return out;
    },
  };
}

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/** The marker that stands for a Secret value in reports: its size, never its content (nor a hash of it). */
export function maskedValue(value: unknown, base64 = false): string {
  if (typeof value !== "string") return "[redacted]";
  let length = Buffer.byteLength(value);
  if (base64) {
    try {
      length = decodeBase64(value).length;
    } catch {
      // Not valid base64: report the text's own size.
    }
  }
  return `[redacted len=${length}]`;
}

function maskMap(value: unknown, base64: boolean): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return maskedValue(value, base64);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskedValue(v, base64)]));
}

/**
 * The masking {@link objectChanges} applies to a Secret: every value under `data` and `stringData` becomes its size,
 * and so does the last-applied annotation (kubectl copies `stringData` into it). Paths and keys stay.
 */
export function maskSecretField(path: FieldPath, value: unknown): unknown {
  const [top, second, third] = path;
  if (top === undefined) return maskSecretObject(value);
  if (top === "data" || top === "stringData") {
    return path.length === 1 ? maskMap(value, top === "data") : maskedValue(value, top === "data");
  }
  if (top === "metadata") {
    if (path.length === 1) return maskMetadata(value);
    if (second === "annotations") {
      if (path.length === 2) return maskAnnotations(value);
      if (third === LAST_APPLIED) return maskedValue(value);
    }
  }
  return value;
}

function maskAnnotations(value: unknown): unknown {
  if (!isJsonObject(value) || !(LAST_APPLIED in value)) return value;
  return { ...value, [LAST_APPLIED]: maskedValue(value[LAST_APPLIED]) };
}

function maskMetadata(value: unknown): unknown {
  if (!isJsonObject(value) || !isJsonObject(value.annotations)) return value;
  return { ...value, annotations: maskAnnotations(value.annotations) };
}

function maskSecretObject(value: unknown): unknown {
  if (!isJsonObject(value)) return value;
  const out: Record<string, unknown> = { ...value };
  if ("data" in out) out.data = maskMap(out.data, true);
  if ("stringData" in out) out.stringData = maskMap(out.stringData, false);
  if ("metadata" in out) out.metadata = maskMetadata(out.metadata);
  return out;
}

/**
 * Removes a Secret's values from a text (an error message written by user code, say): every value of 4 bytes or
 * more, in every form it may be quoted in (text, base64, JSON-escaped), becomes `[redacted]`, and the secret policy's
 * text rules (PEM private keys, tokens, credentials) apply to what is left.
 */
export function scrubSecretValues(text: string, secret: SecretLike): string {
  let out = text;
  let values: string[] = [];
  try {
    values = Object.values(secretDataBytes(secret)).flatMap((bytes) => {
      const forms = [encodeBase64(bytes)];
      try {
        forms.push(utf8Text(bytes));
      } catch {
        // binary: only its base64 form can appear in text
      }
      return forms;
    });
  } catch {
    values = [...Object.values(secret.data ?? {}), ...Object.values(secret.stringData ?? {})].filter(
      (v): v is string => typeof v === "string",
    );
  }
  const forms = new Set(values.flatMap(echoForms));
  for (const v of [...forms].sort((a, b) => b.length - a.length)) out = out.split(v).join("[redacted]");
  return redactSecretText(out, { marker: keylessMarker });
}

import { setOwn } from "../internal/own-property.js";
import { NormalizeError } from "./normalize-error.js";
import type { ObjectLike } from "./types.js";
import { isJsonObject } from "../internal/json.js";

/**
 * A Secret's payload lives in `data` as base64 and, on the way in only, in `stringData` as plain text that the API
 * server merges into `data` (stringData wins) and never returns. These pure helpers decode and encode it exactly as
 * the server does (Go's `base64.StdEncoding`: padding required, `\r` and `\n` ignored), and never put a value in an
 * error message.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/**
 * A Secret as far as these helpers care: kubernetes-types' `Secret` fits it, and so does a Secret read as a
 * {@link KubeObject} (a payload of `null` is what some servers and hand-written manifests hold).
 */
export interface SecretLike extends ObjectLike {
  data?: Record<string, string> | null | undefined;
  stringData?: Record<string, string> | null | undefined;
  type?: string | undefined;
  immutable?: boolean | undefined;
}

/** Standard base64 with padding, as Go's `base64.StdEncoding.EncodeToString` writes it. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + "==";
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + "=";
  }
  return out;
}

/**
 * Decodes standard base64 strictly, like Go's `base64.StdEncoding.DecodeString` (which is what the API server uses
 * for a Secret's `data`): padding is required, `\r` and `\n` are skipped, anything else outside the alphabet is an
 * error. The error says at which input byte, never what the input was (Go's `illegal base64 data at input byte N`).
 */
export function decodeBase64(text: string): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  let quantum = 0;
  let padding = 0;
  const fail = (at: number): never => {
    throw new NormalizeError(`illegal base64 data at input byte ${at}`);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) continue;
    if (c === 0x3d) {
      // "=" may only end a quantum of 2 or 3 symbols, and nothing but more "=" (and newlines) may follow.
      if (quantum < 2) fail(i);
      padding++;
      quantum++;
      if (quantum === 4) {
        for (let j = i + 1; j < text.length; j++) {
          const d = text.charCodeAt(j);
          if (d !== 0x0a && d !== 0x0d) fail(j);
        }
        if (padding > 2) fail(i);
        quantum = 0;
        break;
      }
      continue;
    }
    if (padding > 0) fail(i);
    const v = c < 128 ? DECODE[c]! : -1;
    if (v < 0) fail(i);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    quantum = (quantum + 1) % 4;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  if (quantum !== 0) fail(text.length);
  return Uint8Array.from(out);
}

const UTF8 = new TextEncoder();

/** The bytes of a string value as the API server stores it (UTF-8). */
export function utf8Bytes(value: string): Uint8Array {
  return UTF8.encode(value);
}

/**
 * Decodes UTF-8 strictly: a value that is not text (a keystore, a DER key) is an error naming the key, so that
 * binary data is never silently mangled into replacement characters.
 */
export function utf8Text(bytes: Uint8Array, key = "value"): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new NormalizeError(`secret key ${JSON.stringify(key)} does not hold UTF-8 text; read it as bytes`);
  }
}

/**
 * The decoded payload of a Secret, key by key, as the server will store it: `data` decoded from base64, then
 * `stringData` on top (it wins on a shared key, like the API server's conversion).
 *
 * @example
 * secretDataBytes({ data: { a: "aGk=" }, stringData: { b: "yo" } }); // { a: Uint8Array("hi"), b: Uint8Array("yo") }
 */
export function secretDataBytes(secret: SecretLike): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  if (isJsonObject(secret.data)) {
    for (const [key, value] of Object.entries(secret.data)) {
      if (typeof value !== "string")
        throw new NormalizeError(`secret data key ${JSON.stringify(key)} is not a base64 string`);
      try {
        setOwn(out, key, decodeBase64(value));
      } catch (error) {
        throw new NormalizeError(`secret data key ${JSON.stringify(key)}: ${(error as Error).message}`);
      }
    }
  }
  if (isJsonObject(secret.stringData)) {
    for (const [key, value] of Object.entries(secret.stringData)) {
      if (typeof value !== "string")
        throw new NormalizeError(`secret stringData key ${JSON.stringify(key)} is not a string`);
      setOwn(out, key, utf8Bytes(value));
    }
  }
  return out;
}

/** Like {@link secretDataBytes}, each value decoded as UTF-8 (strictly: binary values are an error naming the key). */
export function secretDataStrings(secret: SecretLike): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, bytes] of Object.entries(secretDataBytes(secret))) setOwn(out, key, utf8Text(bytes, key));
  return out;
}

/**
 * What the API server stores for a Secret: `stringData` merged into `data` (stringData wins), `stringData` gone,
 * every value in canonical base64. The input is not modified.
 */
export function normalizeSecret<T extends SecretLike>(secret: T): T {
  if (secret.stringData === undefined && !isJsonObject(secret.data)) return secret;
  const bytes = secretDataBytes(secret);
  const { stringData: _dropped, ...rest } = secret;
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(bytes)) setOwn(data, key, encodeBase64(value));
  const out = { ...rest } as T;
  if (Object.keys(data).length > 0 || secret.data !== undefined) out.data = data;
  return out;
}

/** Whether two byte arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

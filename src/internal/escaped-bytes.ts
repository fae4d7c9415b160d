import { isUtf8 } from "node:buffer";

/**
 * Bytes that are mostly UTF-8 as text that keeps the rest: each byte that is not part of a well-formed UTF-8
 * sequence becomes the lone low surrogate U+DC00 + byte (U+DC80…U+DCFF, Python's "surrogateescape"). Well-formed
 * text never holds a lone surrogate, so {@link escapedTextBytes} gives the bytes back exactly. Go programs (kubectl)
 * write the bytes they hold, UTF-8 or not; text made this way can be written the same.
 */
export function bytesAsEscapedText(bytes: Uint8Array): string {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (isUtf8(buf)) return buf.toString("utf8");
  let out = "";
  let start = 0;
  let i = 0;
  while (i < buf.length) {
    const n = wellFormedLength(buf, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += buf.toString("utf8", start, i) + String.fromCharCode(0xdc00 + buf[i]!);
    i++;
    start = i;
  }
  return out + buf.toString("utf8", start, i);
}

/**
 * The length of the well-formed UTF-8 sequence at `i` (Unicode's table 3-7, which Go's utf8.DecodeRune accepts),
 * or 0.
 */
export function wellFormedLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** A lone U+DC80…U+DCFF: an escaped byte (a low surrogate not after a high one). */
const ESCAPED = /(?<![\ud800-\udbff])[\udc80-\udcff]/;

/** Whether text holds a byte {@link bytesAsEscapedText} escaped. */
export function hasEscapedBytes(text: string): boolean {
  return ESCAPED.test(text);
}

/**
 * The bytes of text made by {@link bytesAsEscapedText} (any other text: its UTF-8). Written into one buffer: a body
 * of binary bytes holds an escaped byte every few characters, and a piece for each would be millions of buffers.
 */
export function escapedTextBytes(text: string): Buffer {
  if (!ESCAPED.test(text)) return Buffer.from(text, "utf8");
  // UTF-8 takes 3 bytes for each lone surrogate, which here is 1: an upper bound.
  const out = Buffer.allocUnsafe(Buffer.byteLength(text, "utf8"));
  let at = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc80 || c > 0xdcff) continue;
    const before = i > 0 ? text.charCodeAt(i - 1) : 0;
    if (before >= 0xd800 && before <= 0xdbff) continue;
    if (i > start) at += out.write(text.slice(start, i), at, "utf8");
    out[at++] = c - 0xdc00;
    start = i + 1;
  }
  if (start < text.length) at += out.write(text.slice(start), at, "utf8");
  return out.subarray(0, at);
}

/**
 * Text as a UTF-8 writer shows it: an escaped byte becomes U+FFFD, as Node's decoder shows bytes that are not UTF-8
 * (one U+FFFD for each maximal run it cannot read, as the bytes themselves would have given).
 */
export function escapedTextAsUtf8(text: string): string {
  return ESCAPED.test(text) ? escapedTextBytes(text).toString("utf8") : text;
}

/**
 * A header value as Node and undici hold it (each byte a character, Latin-1) as the text of its bytes, bytes that
 * are not UTF-8 escaped; a value with a character beyond U+00FF was not made from bytes, and is its own text.
 */
export function headerBytesAsText(value: string): string {
  if (!/[\u0080-\u00ff]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return value;
  return bytesAsEscapedText(Buffer.from(value, "latin1"));
}

/** Text as the header value Node sends for it: its UTF-8 bytes, each a character. */
export function textAsHeaderBytes(text: string): string {
  return /[^\u0000-\u007f]/.test(text) ? escapedTextBytes(text).toString("latin1") : text;
}

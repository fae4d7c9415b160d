// Go strings are bytes; the template engine keeps them as JavaScript strings in which each byte that is not part of
// valid UTF-8 (a base64decode result, a string sliced inside a character) is the lone surrogate U+DC00+byte. Valid
// text never holds a lone surrogate (JSON strings are made well formed on the way in), so the mapping is exact both
// ways and len, index and slice count bytes as Go does.

import { isWellFormed } from "../go/quote.js";
import { wellFormedLength } from "../../internal/escaped-bytes.js";

const decoder = new TextDecoder("utf-8", { fatal: true });

/** The Go string of `bytes`, invalid bytes kept as U+DC00+byte. */
export function goStringOfBytes(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    // Fall through to the byte-by-byte reading below.
  }
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const width = wellFormedLength(bytes, i);
    if (width === 0) {
      out += String.fromCharCode(0xdc00 + bytes[i]!);
      i++;
    } else {
      out += Buffer.from(bytes.subarray(i, i + width)).toString("utf8");
      i += width;
    }
  }
  return out;
}

const ESCAPED_BYTE = /[\udc00-\udcff]/;

/** The bytes of a Go string. */
export function goBytesOf(s: string): Buffer {
  if (!ESCAPED_BYTE.test(s)) return Buffer.from(s, "utf8");
  const parts: Buffer[] = [];
  let run = "";
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    const lone =
      u >= 0xdc00 &&
      u <= 0xdcff &&
      !(i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff);
    if (lone) {
      parts.push(Buffer.from(run, "utf8"), Buffer.from([u - 0xdc00]));
      run = "";
    } else run += s[i];
  }
  parts.push(Buffer.from(run, "utf8"));
  return Buffer.concat(parts);
}

/** len(s) in Go: its bytes. */
export function goByteLength(s: string): number {
  return ESCAPED_BYTE.test(s) ? goBytesOf(s).length : Buffer.byteLength(s, "utf8");
}

/** A JSON string as Go's decoder leaves it: lone surrogates become U+FFFD. */
export function wellFormed(s: string): string {
  return isWellFormed(s) ? s : s.replace(LONE_SURROGATE, "\ufffd");
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

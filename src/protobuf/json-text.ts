import { MAX_JSON_DEPTH } from "../normalize/json-depth.js";

/**
 * Compact JSON as Go's `json.Marshal` writes it, for the fields that hold raw JSON bytes in protobuf
 * (RawExtension, FieldsV1, apiextensions JSON, runtime.Unknown): object keys in the order given (Go keeps a raw
 * message's bytes as they came), `<`, `>`, `&`, U+2028 and U+2029 escaped, int64 beyond 2^53 exact (`bigint`),
 * -0 as `-0`. Returns a reason instead of text for what JSON cannot hold.
 */
export function goJsonText(value: unknown): { text: string } | { problem: string } {
  try {
    return { text: write(value, 0) };
  } catch (e) {
    if (e instanceof Unrepresentable) return { problem: e.message };
    throw e;
  }
}

class Unrepresentable extends Error {}

const HEX = "0123456789abcdef";

function write(v: unknown, depth: number): string {
  switch (typeof v) {
    case "string":
      return goJsonString(v);
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      return String(v);
    case "number":
      if (!Number.isFinite(v)) throw new Unrepresentable(`${v} is not a JSON number`);
      return Object.is(v, -0) ? "-0" : String(v);
    case "object": {
      if (v === null) return "null";
      if (depth >= MAX_JSON_DEPTH) throw new Unrepresentable(`nested deeper than ${MAX_JSON_DEPTH} levels`);
      if (Array.isArray(v))
        return `[${v.map((x) => (x === undefined ? "null" : write(x, depth + 1))).join(",")}]`;
      const parts: string[] = [];
      for (const [k, x] of Object.entries(v))
        if (x !== undefined) parts.push(`${goJsonString(k)}:${write(x, depth + 1)}`);
      return `{${parts.join(",")}}`;
    }
    default:
      throw new Unrepresentable(`a ${typeof v} is not JSON`);
  }
}

/** One string as Go's encoder escapes it with HTML escaping on (the `json.Marshal` default). */
export function goJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let escaped: string | undefined;
    if (c < 0x20) {
      if (c === 0x0a) escaped = "\\n";
      else if (c === 0x0d) escaped = "\\r";
      else if (c === 0x09) escaped = "\\t";
      else escaped = "\\u00" + HEX[c >> 4]! + HEX[c & 0xf]!;
    } else if (c === 0x22) escaped = '\\"';
    else if (c === 0x5c) escaped = "\\\\";
    else if (c === 0x3c) escaped = "\\u003c";
    else if (c === 0x3e) escaped = "\\u003e";
    else if (c === 0x26) escaped = "\\u0026";
    else if (c === 0x2028) escaped = "\\u2028";
    else if (c === 0x2029) escaped = "\\u2029";
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      escaped = "\ufffd"; // a lone surrogate is invalid UTF-8 to Go
    }
    if (escaped !== undefined) {
      out += s.slice(start, i) + escaped;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/** Go orders map keys as byte strings: for UTF-16 strings, code point order. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate stands for a code point above U+FFFF: it sorts after every other UTF-16 unit.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Go's `encoding/json` output, as kubectl prints `-o json` (cli-runtime `printers/json.go`: `json.MarshalIndent`
 * with four spaces, then a newline). Keys are sorted by UTF-8 bytes, `<`, `>`, `&`, U+2028 and U+2029 are escaped,
 * integers that fit int64 print exactly (pass values from `parseJsonLossless`: big ones are `bigint`), and other
 * numbers print as float64 does, which is how JavaScript prints numbers (except -0, which Go prints as `-0`).
 */

const HEX = "0123456789abcdef";

/** Any character {@link goJsonString} writes otherwise than as itself. */
const GO_ESCAPED = /[\u0000-\u001f"\\<>&\u2028\u2029\ud800-\udfff]/;

/** Escapes one string as Go's encoder does with HTML escaping on (the default for `json.Marshal`). */
export function goJsonString(s: string): string {
  // Most strings (names, labels, values) hold nothing to escape: one native scan instead of a loop per character.
  if (!GO_ESCAPED.test(s)) return `"${s}"`;
  return goJsonStringEscaped(s);
}

/** {@link goJsonString} character by character, whatever the string holds: the reference its fast path is tested against. */
export function goJsonStringEscaped(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let escaped: string | undefined;
    if (c < 0x20) {
      if (c === 0x0a) escaped = "\\n";
      else if (c === 0x0d) escaped = "\\r";
      else if (c === 0x09) escaped = "\\t";
      else if (c === 0x08) escaped = "\\b";
      else if (c === 0x0c) escaped = "\\f";
      else escaped = "\\u00" + HEX[c >> 4]! + HEX[c & 0xf]!;
    } else if (c === 0x22) escaped = '\\"';
    else if (c === 0x5c) escaped = "\\\\";
    else if (c === 0x3c) escaped = "\\u003c";
    else if (c === 0x3e) escaped = "\\u003e";
    else if (c === 0x26) escaped = "\\u0026";
    else if (c === 0x2028) escaped = "\\u2028";
    else if (c === 0x2029) escaped = "\\u2029";
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A valid surrogate pair is one character written raw; a lone surrogate is invalid UTF-8 to Go: U+FFFD.
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      escaped = "\ufffd";
    }
    if (escaped !== undefined) {
      out += s.slice(start, i) + escaped;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/** Go orders map keys as byte strings; for UTF-16 strings that is code point order. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate stands for a code point above U+FFFF, so it sorts after every other UTF-16 unit (plain UTF-16
    // order would put it before U+E000..U+FFFF). Two surrogates compare by value, which keeps code point order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** A number as Go prints it: int64 exactly, float64 in the shortest form that reads back (`1e+21`, `1e-7`). */
export function goJsonNumber(n: number | bigint): string {
  if (typeof n === "bigint") return n.toString();
  if (!Number.isFinite(n)) throw new TypeError(`json: unsupported value: ${n}`);
  // The float -0 prints "-0" in Go (parseJsonLossless reads the integer literal -0 as 0, as Go does).
  return Object.is(n, -0) ? "-0" : String(n);
}

function write(value: unknown, indent: string, depth: number, out: string[]): void {
  if (value === null || value === undefined) {
    out.push("null");
    return;
  }
  switch (typeof value) {
    case "string":
      out.push(goJsonString(value));
      return;
    case "number":
    case "bigint":
      out.push(goJsonNumber(value));
      return;
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "object":
      break;
    default:
      throw new TypeError(`json: unsupported type: ${typeof value}`);
  }
  const pad = indent ? "\n" + indent.repeat(depth + 1) : "";
  const close = indent ? "\n" + indent.repeat(depth) : "";
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push("[]");
      return;
    }
    out.push("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(",");
      out.push(pad);
      write(value[i], indent, depth + 1, out);
    }
    out.push(close, "]");
    return;
  }
  const obj = value as Record<string, unknown>;
  const keys = sortKeysInPlace(Object.keys(obj)).filter((k) => obj[k] !== undefined);
  if (keys.length === 0) {
    out.push("{}");
    return;
  }
  out.push("{");
  const sep = indent ? ": " : ":";
  keys.forEach((k, i) => {
    if (i > 0) out.push(",");
    out.push(pad, goJsonString(k), sep);
    write(obj[k], indent, depth + 1, out);
  });
  out.push(close, "}");
}

/**
 * Keys in Go's order, sorted in place. Without surrogates UTF-16 order is code point order, so plain `<` sorts
 * them; up to {@link INSERTION_SORT_MAX} such keys are sorted by insertion: `Array.prototype.sort` copies every
 * array it sorts into a work array first, and an object's keys are sorted for every object written.
 */
function sortKeysInPlace(keys: string[]): string[] {
  for (const k of keys) if (HAS_SURROGATE.test(k)) return keys.sort(compareUtf8);
  if (keys.length > INSERTION_SORT_MAX) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    if (!(k < keys[j]!)) continue;
    do keys[j + 1] = keys[j]!;
    while (--j >= 0 && k < keys[j]!);
    keys[j + 1] = k;
  }
  return keys;
}

const INSERTION_SORT_MAX = 16;

const HAS_SURROGATE = /[\ud800-\udfff]/;

/**
 * {@link write} without indentation, as one string built by concatenation: the compact form is what the report
 * makes for every list it shows, and an array of pieces joined at the end cost an allocation per piece twice over.
 * Writes what {@link write} writes with no indent (`marshalGoJsonIndent(value, "")`, which the tests hold it to).
 */
function writeCompact(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return goJsonString(value);
    case "number":
    case "bigint":
      return goJsonNumber(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    default:
      throw new TypeError(`json: unsupported type: ${typeof value}`);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    let out = "[" + writeCompact(value[0]);
    for (let i = 1; i < value.length; i++) out += "," + writeCompact(value[i]);
    return out + "]";
  }
  const obj = value as Record<string, unknown>;
  const keys = sortKeysInPlace(Object.keys(obj));
  let out = "";
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = obj[k];
    if (v === undefined) continue;
    out += (out === "" ? "{" : ",") + goJsonString(k) + ":" + writeCompact(v);
  }
  return out === "" ? "{}" : out + "}";
}

/** `json.Marshal`: compact, sorted keys, Go escaping. */
export function marshalGoJson(value: unknown): string {
  return writeCompact(value);
}

/** `json.MarshalIndent(v, "", indent)`; kubectl uses four spaces. No trailing newline. */
export function marshalGoJsonIndent(value: unknown, indent = "    "): string {
  const out: string[] = [];
  write(value, indent, 0, out);
  return out.join("");
}

/**
 * The few Go text encodings server-side apply writes into what the server returns: JSON strings as Go's
 * encoding/json (and json-iterator's compatible mode) writes them, and `%q` quoting (strconv.Quote) of the values in
 * conflict paths such as `.spec.ports[containerPort=80,protocol="TCP"]`.
 */

const HEX = "0123456789abcdef";

function hex4(code: number): string {
  return HEX[(code >> 12) & 15]! + HEX[(code >> 8) & 15]! + HEX[(code >> 4) & 15]! + HEX[code & 15]!;
}

/**
 * A JSON string literal as Go writes it: `"` and `\` escaped, `\n` `\r` `\t`, other control characters as
 * `\u00XX`. With `html` (encoding/json's default, json-iterator's `WriteVal`), `<`, `>`, `&`, U+2028 and U+2029 are
 * escaped too and a lone surrogate becomes `\ufffd`; without it (json-iterator's `WriteString`, used for object
 * keys) everything else passes through.
 */
export function goJsonString(s: string, html = true): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = "\\\\";
    else if (c < 0x20)
      esc = c === 10 ? "\\n" : c === 13 ? "\\r" : c === 9 ? "\\t" : `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    else if (html && (c === 0x3c || c === 0x3e || c === 0x26)) esc = `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    else if (html && (c === 0x2028 || c === 0x2029)) esc = `\\u${hex4(c)}`;
    else if (html && c >= 0xd800 && c <= 0xdfff) {
      const pair = c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) {
        i++;
        continue;
      }
      esc = "\\ufffd";
    }
    if (esc === undefined) continue;
    out += s.slice(start, i) + esc;
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's `%q` of a string (strconv.Quote): printable characters as they are, the rest escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (PRINTABLE.test(ch) && !(r >= 0xd800 && r <= 0xdfff)) out += ch;
    else if (r === 7) out += "\\a";
    else if (r === 8) out += "\\b";
    else if (r === 12) out += "\\f";
    else if (r === 10) out += "\\n";
    else if (r === 13) out += "\\r";
    else if (r === 9) out += "\\t";
    else if (r === 11) out += "\\v";
    else if (r < 0x20 || r === 0x7f) out += `\\x${HEX[r >> 4]}${HEX[r & 15]}`;
    else if (r >= 0xd800 && r <= 0xdfff) out += "\\ufffd";
    else if (r < 0x10000) out += `\\u${hex4(r)}`;
    else out += `\\U${hex4(r >> 16)}${hex4(r & 0xffff)}`;
  }
  return out + '"';
}

/**
 * A float64 as Go's `%v` prints it (strconv 'g' with the shortest precision, which switches to the exponent form
 * below 1e-4 and from 1e6): `1.5`, `1e+06`, `1.5e-07`.
 */
export function goFloatV(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : n < 0 ? "-Inf" : "NaN";
  if (n === 0) return Object.is(n, -0) ? "-0" : "0";
  const [mantissa, exponent] = n.toExponential().split("e") as [string, string];
  const exp = Number(exponent);
  if (exp >= -4 && exp < 6) return String(n);
  const digits = String(Math.abs(exp));
  return `${mantissa}e${exp < 0 ? "-" : "+"}${digits.length < 2 ? "0" + digits : digits}`;
}

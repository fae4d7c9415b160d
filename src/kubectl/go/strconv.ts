/**
 * The parts of Go's `strconv` that decide how go-yaml v2 reads a plain scalar (resolve.go): which strings parse as
 * integers or floats, and whether a failure is a syntax or a range error (the two lead to different tags). Also
 * `FormatFloat(f, 'g', -1, 64)`, which go-yaml v2 uses to print floats.
 */

/** The outcome of a Go parse: a value, or Go's `ErrSyntax` / `ErrRange`. */
export type GoParse<T> = { ok: true; value: T } | { ok: false; error: "syntax" | "range" };

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_CUTOFF = 1n << 63n;

function lower(c: string): string {
  // Go's strconv `lower` only folds ASCII letters: c | ('x' - 'X').
  const code = c.charCodeAt(0);
  return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code | 0x20) : c;
}

function digitValue(c: string): number {
  if (c >= "0" && c <= "9") return c.charCodeAt(0) - 48;
  const l = lower(c);
  if (l >= "a" && l <= "z") return l.charCodeAt(0) - 87;
  return -1;
}

/** Go's `underscoreOK`: underscores only between digits, or between a base prefix and a digit. */
export function underscoreOK(s: string): boolean {
  let saw = "^";
  let i = 0;
  if (s.length >= 1 && (s[0] === "-" || s[0] === "+")) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "box".includes(lower(s[1]!))) {
    i = 2;
    saw = "0";
    hex = lower(s[1]!) === "x";
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= "0" && c <= "9") || (hex && lower(c) >= "a" && lower(c) <= "f")) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

/**
 * `strconv.ParseUint(s, base, 64)` for base 0 (prefixes `0b`, `0o`, `0x`, a leading `0` for octal, underscores) or
 * an explicit base. Like Go, it reports a range error as soon as the value overflows, before looking at the rest.
 */
export function parseGoUint(s: string, base = 0): GoParse<bigint> {
  if (s === "") return { ok: false, error: "syntax" };
  const s0 = s;
  const base0 = base === 0;
  if (base0) {
    base = 10;
    if (s[0] === "0") {
      const p = s.length >= 3 ? lower(s[1]!) : "";
      if (p === "b") [base, s] = [2, s.slice(2)];
      else if (p === "o") [base, s] = [8, s.slice(2)];
      else if (p === "x") [base, s] = [16, s.slice(2)];
      else [base, s] = [8, s.slice(1)];
    }
  }
  // Exact in a double until 2^53; BigInt only past that.
  let small = 0;
  let n: bigint | undefined;
  let underscores = false;
  for (const c of s) {
    if (c === "_" && base0) {
      underscores = true;
      continue;
    }
    // Non-ASCII characters are never digits; Go looks at bytes, and any non-ASCII byte fails here too.
    const d = c.length === 1 ? digitValue(c) : -1;
    if (d < 0 || d >= base) return { ok: false, error: "syntax" };
    if (n === undefined) {
      small = small * base + d;
      if (small > Number.MAX_SAFE_INTEGER / 64) n = BigInt(small);
    } else {
      n = n * BigInt(base) + BigInt(d);
      if (n > UINT64_MAX) return { ok: false, error: "range" };
    }
  }
  if (underscores && !underscoreOK(s0)) return { ok: false, error: "syntax" };
  return { ok: true, value: n ?? BigInt(small) };
}

/** `strconv.ParseInt(s, base, 64)`. */
export function parseGoInt(s: string, base = 0): GoParse<bigint> {
  if (s === "") return { ok: false, error: "syntax" };
  let neg = false;
  let rest = s;
  if (s[0] === "+") rest = s.slice(1);
  else if (s[0] === "-") [neg, rest] = [true, s.slice(1)];
  const un = parseGoUint(rest, base);
  if (!un.ok) return un;
  if (!neg && un.value >= INT64_CUTOFF) return { ok: false, error: "range" };
  if (neg && un.value > INT64_CUTOFF) return { ok: false, error: "range" };
  return { ok: true, value: neg ? -un.value : un.value };
}

/**
 * `strconv.ParseFloat(s, 64)` on decimal input: Go's syntax (optional sign, digits with at most one `.`, an
 * optional exponent, underscores per `underscoreOK`, `inf`/`infinity`/`nan`), a range error when the value
 * overflows float64. Hexadecimal floats are outside what go-yaml v2 ever passes here and are rejected.
 */
export function parseGoFloat(s: string): GoParse<number> {
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (special) {
    if (special[2]!.toLowerCase() === "nan")
      return special[1] ? { ok: false, error: "syntax" } : { ok: true, value: NaN };
    return { ok: true, value: special[1] === "-" ? -Infinity : Infinity };
  }
  let i = 0;
  if (s[i] === "+" || s[i] === "-") i++;
  if (s[i] === "0" && i + 2 < s.length && lower(s[i + 1]!) === "x") return { ok: false, error: "syntax" };
  let sawDot = false;
  let sawDigits = false;
  let underscores = false;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === "_") underscores = true;
    else if (c === ".") {
      if (sawDot) break;
      sawDot = true;
    } else if (c >= "0" && c <= "9") sawDigits = true;
    else break;
  }
  if (!sawDigits) return { ok: false, error: "syntax" };
  if (i < s.length && lower(s[i]!) === "e") {
    i++;
    if (i >= s.length) return { ok: false, error: "syntax" };
    if (s[i] === "+" || s[i] === "-") i++;
    if (i >= s.length || s[i]! < "0" || s[i]! > "9") return { ok: false, error: "syntax" };
    for (; i < s.length && ((s[i]! >= "0" && s[i]! <= "9") || s[i] === "_"); i++) {
      if (s[i] === "_") underscores = true;
    }
  }
  if (underscores && !underscoreOK(s.slice(0, i))) return { ok: false, error: "syntax" };
  if (i !== s.length) return { ok: false, error: "syntax" };
  // Both Go and JavaScript round decimal input correctly to the nearest float64, so they overflow alike.
  const value = Number(s.replace(/_/g, ""));
  if (!Number.isFinite(value)) return { ok: false, error: "range" };
  return { ok: true, value };
}

/**
 * `strconv.FormatFloat(f, 'g', -1, 64)`: the shortest digits that read back, in %e form when the exponent is
 * below -4 or at least 6 (Go uses precision 6 for that decision when formatting the shortest form), exponent
 * signed and at least two digits: `1e+06`, `1.5e-05`, `100000.5`.
 */
export function formatGoFloat(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (!Number.isFinite(f)) return f > 0 ? "+Inf" : "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const [mantissa, expText] = f.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${mantissa}e${exp < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`;
  }
  // %f with exactly the shortest digits: JavaScript's toString agrees for exponents in [-4, 6).
  return String(f);
}

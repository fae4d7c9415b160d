/**
 * metav1.Duration in JSON is Go's `time.Duration.String()` (`1h2m0.5s`, `1.5ms`, `0s`) and is read back with
 * `time.ParseDuration`; in protobuf it is the int64 count of nanoseconds. Ports of both, exact over all int64.
 */

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  "\u00b5s": 1000n, // U+00B5 micro sign
  "\u03bcs": 1000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const LIMIT = 1n << 63n;

/** Fraction digits of `v / 10^prec`, trailing zeros dropped (Go's `fmtFrac`); returns [text, v / 10^prec]. */
function frac(v: bigint, prec: number): [string, bigint] {
  let digits = "";
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print ||= digit !== 0n;
    if (print) digits = String(digit) + digits;
    v /= 10n;
  }
  return [print ? `.${digits}` : "", v];
}

/** Go's `time.Duration(ns).String()`. */
export function formatGoDuration(ns: number | bigint): string {
  const d = BigInt(ns);
  let u = d < 0n ? -d : d;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return "0s";
    const [unit, prec] = u < 1000n ? ["ns", 0] : u < 1_000_000n ? ["\u00b5s", 3] : ["ms", 6];
    const [f, whole] = frac(u, prec);
    out = `${whole}${f}${unit}`;
  } else {
    const [f, seconds] = frac(u, 9);
    out = `${seconds % 60n}${f}s`;
    u = seconds / 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return d < 0n ? `-${out}` : out;
}

/** Go's `time.ParseDuration`: nanoseconds, or undefined when Go would refuse the text. */
export function parseGoDuration(text: string): bigint | undefined {
  let s = text;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") return undefined;
  let d = 0n;
  const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
  while (s !== "") {
    if (!(s[0] === "." || isDigit(s[0]))) return undefined;
    // leadingInt
    let i = 0;
    let v = 0n;
    for (; i < s.length && isDigit(s[i]); i++) {
      if (v > LIMIT / 10n) return undefined;
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > LIMIT) return undefined;
    }
    const pre = i > 0;
    s = s.slice(i);
    // leadingFraction
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === ".") {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length && isDigit(s[j]); j++) {
        if (overflow) continue;
        if (f > (LIMIT - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
        if (y > LIMIT) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) return undefined;
    let k = 0;
    while (k < s.length && !(s[k] === "." || isDigit(s[k]))) k++;
    if (k === 0) return undefined;
    const unit = UNITS[s.slice(0, k)];
    s = s.slice(k);
    if (unit === undefined) return undefined;
    if (v > LIMIT / unit) return undefined;
    v *= unit;
    if (f > 0n) {
      // Go computes the fraction in float64: float64(f) * (float64(unit) / scale), truncated.
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > LIMIT) return undefined;
    }
    d += v;
    if (d > LIMIT) return undefined;
  }
  if (neg) return -d;
  if (d > LIMIT - 1n) return undefined;
  return d;
}

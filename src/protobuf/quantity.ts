/**
 * resource.Quantity as the API server writes it: Go parses the text (`ParseQuantity`) and writes it back in
 * canonical form (`String()`), in JSON and in protobuf alike, so `1000m` becomes `1`, `1024Ki` becomes `1Mi`,
 * `0.5` becomes `500m`, and text that is already canonical (or that Go's fast path keeps, such as `+1`) is kept.
 * Exact decimal arithmetic on bigints stands in for Go's int64 and inf.Dec paths, which agree on every value.
 */

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT = new Map(Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s]));
const MAX_ALLOWED = (1n << 63n) - 1n;
const SUFFIX_CHARS = "eEinumkKMGTP";

type Format = "DecimalSI" | "BinarySI" | "DecimalExponent";

interface Scanned {
  positive: boolean;
  /** The number as written, sign and leading zeros included, suffix excluded. */
  value: string;
  /** Integer digits without leading zeros ("0" when none are left). */
  num: string;
  denom: string;
  suffix: string;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/** Go's `parseQuantityString`. */
function scan(str: string): Scanned | undefined {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === "-" || str[0] === "+") {
    positive = str[0] === "+";
    pos++;
  }
  while (pos < end && str[pos] === "0") pos++;
  if (pos >= end) return { positive, value: "0", num: "0", denom: "", suffix: "" };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: "", suffix: "" };
  const num = str.slice(pos, i) || "0";
  pos = i;
  let denom = "";
  if (str[pos] === ".") {
    pos++;
    let j = pos;
    while (j < end && isDigit(str[j])) j++;
    denom = str.slice(pos, j);
    if (j >= end) return { positive, value: str, num, denom, suffix: "" };
    pos = j;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  let k = pos;
  while (k < end && SUFFIX_CHARS.includes(str[k]!)) k++;
  if (k >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  pos = k;
  if (str[pos] === "-" || str[pos] === "+") pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  return pos >= end ? { positive, value, num, denom, suffix: str.slice(suffixStart) } : undefined;
}

/** Go's `suffixHandler.interpret`. */
function interpret(suffix: string): { base: 10 | 2; exponent: number; format: Format } | undefined {
  const d = DECIMAL_SUFFIXES[suffix];
  if (d !== undefined && Object.hasOwn(DECIMAL_SUFFIXES, suffix))
    return { base: 10, exponent: d, format: "DecimalSI" };
  const b = BINARY_SUFFIXES[suffix];
  if (b !== undefined && Object.hasOwn(BINARY_SUFFIXES, suffix))
    return { base: 2, exponent: b, format: "BinarySI" };
  if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E")) {
    const digits = suffix.slice(1);
    if (!/^[+-]?\d+$/.test(digits)) return undefined;
    const parsed = BigInt(digits);
    if (parsed > MAX_ALLOWED || parsed < -MAX_ALLOWED - 1n) return undefined; // strconv.ParseInt range
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: "DecimalExponent" };
  }
  return undefined;
}

/** inf.Dec's `SetString`: an optional sign, digits with at most one point, at least one digit. */
function parseDecimal(text: string): { u: bigint; exp: number; negative: boolean } | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
  const frac = m[3] ?? "";
  return { u: BigInt(`${m[2]}${frac}` || "0"), exp: -frac.length, negative: m[1] === "-" };
}

const pow10 = (n: number) => 10n ** BigInt(n);

/**
 * The canonical text of a quantity, as Go's `ParseQuantity(text).String()`; undefined when Go refuses the text.
 */
export function canonicalQuantity(str: string): string | undefined {
  if (str === "") return undefined;
  if (str === "0") return "0";
  const s = scan(str);
  if (!s) return undefined;
  const suffix = interpret(s.suffix);
  if (!suffix) return undefined;
  let { format } = suffix;
  let negative = !s.positive;
  let u: bigint;
  let exp: number;
  if (
    suffix.base === 10 &&
    18 - (s.num.length + s.denom.length) >= 0 &&
    suffix.exponent - s.denom.length >= -9
  ) {
    // Go's int64 fast path, which keeps text that is already canonical.
    const shifted = s.num + s.denom;
    const scale = suffix.exponent - s.denom.length;
    if (scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0") return str;
    u = BigInt(shifted);
    exp = scale;
  } else if (
    suffix.base === 2 &&
    s.denom === "" &&
    15 - s.num.length - Math.trunc((suffix.exponent * 3) / 10) - 1 >= 0
  ) {
    const value = BigInt(s.num);
    if ((value & 7n) !== 0n) return str;
    u = value << BigInt(suffix.exponent);
    exp = 0;
  } else {
    const d = parseDecimal(s.value);
    if (!d) return undefined;
    negative = d.negative;
    u = d.u;
    exp = d.exp;
    if (suffix.base === 10) exp += suffix.exponent;
    else u <<= BigInt(suffix.exponent);
    if (u !== 0n && exp < -9) {
      // Round up (away from zero) to nanos: asking for any amount gets at least 1n.
      const digits = u.toString().length;
      if (-9 - exp > digits) u = 1n;
      else {
        const divisor = pow10(-9 - exp);
        u = u / divisor + (u % divisor === 0n ? 0n : 1n);
      }
      exp = -9;
    }
    if (format === "BinarySI" && compare(u, exp, MAX_ALLOWED) > 0) {
      u = MAX_ALLOWED;
      exp = 0;
    }
    if (format === "BinarySI" && u !== 0n && compare(u, exp, 1n) < 0) format = "DecimalSI";
  }
  return canonicalize(negative, u, exp, format);
}

/** Compares u × 10^exp with a non-negative integer. */
function compare(u: bigint, exp: number, n: bigint): number {
  if (exp >= 0) {
    if (exp > 40) return u === 0n ? (n === 0n ? 0 : -1) : 1;
    const v = u * pow10(exp);
    return v === n ? 0 : v > n ? 1 : -1;
  }
  if (-exp > 40 + n.toString().length) return u === 0n && n === 0n ? 0 : -1;
  const m = n * pow10(-exp);
  return u === m ? 0 : u > m ? 1 : -1;
}

/** Go's `CanonicalizeBytes` of the value ±u × 10^exp. */
function canonicalize(negative: boolean, u: bigint, exp: number, format: Format): string {
  if (u === 0n) return "0";
  const sign = negative ? "-" : "";
  if (format === "BinarySI") {
    if (compare(u, exp, 1024n) < 0) format = "DecimalSI";
    else if (exp < 0 && u % pow10(-exp) !== 0n) format = "DecimalSI";
    else {
      let n = exp >= 0 ? u * pow10(exp) : u / pow10(-exp);
      let times = 0;
      while (n >= 1024n && n % 1024n === 0n) {
        n /= 1024n;
        times++;
      }
      return `${sign}${n}${BINARY_BY_EXPONENT.get(times * 10) ?? ""}`;
    }
  }
  while (u % 10n === 0n) {
    u /= 10n;
    exp++;
  }
  while (exp % 3 !== 0) {
    u *= 10n;
    exp--;
  }
  const suffix =
    format === "DecimalExponent" ? (exp === 0 ? "" : `e${exp}`) : (DECIMAL_BY_EXPONENT.get(exp) ?? "");
  return `${sign}${u}${suffix}`;
}

/**
 * apimachinery's `resource.ParseQuantity`, as far as kubectl's `--sort-by` needs it: whether a string is a
 * quantity, and its exact value for comparing (`Quantity.Cmp`). Every parsed quantity is a whole number of
 * nano-units (non-zero values are rounded up to 1n, away from zero, as the parser does), so the value is a
 * bigint of nanos; binary-suffixed values are capped at the largest int64, as the parser caps them.
 */

const NANOS_PER_UNIT = 10n ** 9n;
const INT64_MAX = 2n ** 63n - 1n;
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

interface Parts {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

/** `parseQuantityString`: sign, integer digits (leading zeros stripped), fraction digits, suffix. */
function split(str: string): Parts | undefined {
  let pos = 0;
  let positive = true;
  if (str[0] === "-") {
    positive = false;
    pos++;
  } else if (str[0] === "+") pos++;
  while (pos < str.length && str[pos] === "0") pos++;
  if (pos >= str.length) return { positive, num: "0", denom: "", suffix: "" };
  let end = pos;
  while (end < str.length && str[end]! >= "0" && str[end]! <= "9") end++;
  const num = str.slice(pos, end);
  pos = end;
  let denom = "";
  if (str[pos] === ".") {
    end = ++pos;
    while (end < str.length && str[end]! >= "0" && str[end]! <= "9") end++;
    denom = str.slice(pos, end);
    pos = end;
  }
  const suffixStart = pos;
  while (pos < str.length && "eEinumkKMGTP".includes(str[pos]!)) pos++;
  if (str[pos] === "-" || str[pos] === "+") pos++;
  while (pos < str.length && str[pos]! >= "0" && str[pos]! <= "9") pos++;
  if (pos < str.length) return undefined;
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}

/** The suffixer: `[base, exponent]`, or undefined for an unknown suffix. */
function interpret(suffix: string): [2 | 10, number] | undefined {
  if (suffix in BINARY) return [2, BINARY[suffix]!];
  if (suffix in DECIMAL) return [10, DECIMAL[suffix]!];
  if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E") && /^[+-]?\d+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1));
    if (Math.abs(exponent) <= 2 ** 31 - 1) return [10, exponent];
  }
  return undefined;
}

/** Ceiling division away from zero for positive operands. */
const divideUp = (n: bigint, d: bigint): bigint => (n + d - 1n) / d;

/** A quantity's exact value in nano-units, or undefined when the string is not a quantity. */
export function quantityNanos(str: string): bigint | undefined {
  if (str === "") return undefined;
  if (str === "0") return 0n;
  const parts = split(str);
  if (!parts) return undefined;
  const meaning = interpret(parts.suffix);
  if (!meaning) return undefined;
  // Both of the parser's paths need digits: an empty number is ErrNumeric.
  if (parts.num === "" && parts.denom === "") return undefined;
  // Beyond these exponents no two distinct inputs of sane length compare differently by magnitude alone.
  const [base, exponent] = meaning;
  if (Math.abs(exponent) > 4096) return undefined;
  const digits = BigInt(parts.num + parts.denom || "0");
  let numerator = digits * NANOS_PER_UNIT;
  let denominator = 10n ** BigInt(parts.denom.length);
  if (base === 10) {
    if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else denominator *= 10n ** BigInt(-exponent);
  } else numerator *= 2n ** BigInt(exponent);
  let nanos = numerator === 0n ? 0n : divideUp(numerator, denominator);
  if (base === 2 && nanos > INT64_MAX * NANOS_PER_UNIT) nanos = INT64_MAX * NANOS_PER_UNIT;
  return parts.positive ? nanos : -nanos;
}

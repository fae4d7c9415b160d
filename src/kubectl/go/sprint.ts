import { compareUtf8 } from "./json.js";

/**
 * Go's `%v` of a float64 (`strconv.FormatFloat(f, 'g', -1, 64)`): the shortest digits that round-trip, in
 * exponent form when the exponent is below -4 or at least 6 (`1e+06`, `1.5e-05`), plain otherwise.
 */
export function goFormatFloat(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (!Number.isFinite(f)) return f > 0 ? "+Inf" : "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const [mantissa, expText] = Math.abs(f).toExponential().split("e") as [string, string];
  const exp = Number(expText);
  const sign = f < 0 ? "-" : "";
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    return `${sign}${mantissa}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  }
  const digits = mantissa.replace(".", "");
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + "0".repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/**
 * Go's `fmt.Sprint` of a value decoded from JSON the way kubectl decodes it (apimachinery keeps integer literals
 * that fit int64 as int64, everything else is float64): `map[a:1 b:x]` with sorted keys, `[1 2]`, `<nil>`.
 * A JavaScript number that is an integer below 2^63 stands for an int64 (Go's encoder writes float64 values of
 * that range without a fraction or exponent, so the server never sends them otherwise).
 */
export function goSprint(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  if (typeof value === "string") return value;
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    // -0 is a float64 (the integer literal -0 decodes as the int64 0): Go prints it "-0". So is an integer beyond
    // 2^53: the lossless parse makes integer literals that large bigints.
    return Number.isSafeInteger(value) && !Object.is(value, -0)
      ? BigInt(value).toString()
      : goFormatFloat(value);
  }
  if (Array.isArray(value)) return `[${value.map(goSprint).join(" ")}]`;
  // Anything else decoded from JSON is an object (a Go map).
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort(compareUtf8);
  return `map[${keys.map((k) => `${k}:${goSprint(obj[k])}`).join(" ")}]`;
}

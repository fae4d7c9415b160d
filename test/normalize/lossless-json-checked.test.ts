import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kubectlListOf, toKubectlList } from "../../src/normalize/kubectl-list.js";
import { parseJsonLosslessChecked } from "../../src/normalize/lossless-json.js";
import { propertyRuns } from "../helpers/property-seed.js";

/**
 * parseJsonLosslessChecked's tests decide from the text alone whether kubectl's view must walk the value (for a -0 or
 * a float of integer value beyond 2^53) and whether to look for a number beyond a float64. They are anchored where a
 * number can stand, so that a uid's hex (`e12`) in a string does not set them off. They may say "walk" needlessly,
 * never "no walk" wrongly: checked here against the walk itself and against a scan of every number literal, on
 * texts whose strings read like numbers and whose numbers are spelt every way JSON allows.
 */

/** The first number literal outside strings whose value is beyond a float64: the scan every text could have. */
function firstOverflowingLiteral(text: string): string | undefined {
  const token = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|[^"\d-]+/gy;
  for (const [t] of text.matchAll(token))
    if (t[0] !== '"' && /^-?\d/.test(t) && !Number.isFinite(Number(t))) return t;
  return undefined;
}

/** kubectl's view of the parsed text with and without the re-decoding walk. */
function views(text: string) {
  const checked = parseJsonLosslessChecked(text);
  return {
    checked,
    walked: toKubectlList(checked.value),
    unwalked: kubectlListOf([checked.value], {}, () => true),
  };
}

const ws = fc.constantFrom("", "", " ", "\n", "\t", "\r\n  ");
const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
/** A JSON number in any spelling, weighted towards digits before an exponent and long runs. */
const numberText = fc.oneof(
  fc.constantFrom(
    "-0",
    "-0.0",
    "-0e0",
    "-0E+5",
    "0e99",
    "1e22",
    "1E+16",
    "12345678e9",
    "9999999e9",
    "1234567e9",
    "12345678.9e9",
    "9007199254740993",
    "9007199254740992.0",
    "-9223372036854775808",
    "1e-400",
    "-1e-400",
    "-1.5e-324",
    "1e308",
    "1e309",
    "1E0400",
    "5e-324",
    "3",
  ),
  fc
    .record({
      sign: fc.constantFrom("", "-"),
      int: fc.oneof(
        fc.constant("0"),
        fc.tuple(fc.constantFrom(..."123456789"), digits(0, 18)).map(([a, b]) => a + b),
        fc.tuple(fc.constantFrom(..."123456789"), digits(195, 320)).map(([a, b]) => a + b),
      ),
      frac: fc.option(digits(1, 4).map((d) => "." + d)),
      exp: fc.option(
        fc
          .tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), digits(1, 4))
          .map(([e, s, d]) => e + s + d),
      ),
    })
    .map(({ sign, int, frac, exp }) => sign + int + (frac ?? "") + (exp ?? "")),
);
/** Strings full of what the anchored tests must tell from numbers: hex, exponents, members and -0 in text. */
const stringText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "e12",
        "4e12",
        "E+99",
        "1e400",
        ":1e22",
        ", 1e22",
        "[1e5",
        ": -0",
        "-0.0",
        '"',
        "\\",
        "a",
      ),
      fc.string({ unit: fc.constantFrom(..."0123456789abcdef-"), maxLength: 12 }),
      numberText,
    ),
    { maxLength: 5 },
  )
  .map((parts) => JSON.stringify(parts.join("")));

const valueText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    numberText,
    stringText,
    fc.constantFrom("true", "null"),
    fc
      .array(fc.tuple(ws, tie("value"), ws), { maxLength: 4 })
      .map((items) => "[" + items.map(([a, v, b]) => a + v + b).join(",") + "]"),
    fc
      .array(fc.tuple(ws, stringText, ws, ws, tie("value"), ws), { maxLength: 4 })
      .map(
        (members) => "{" + members.map(([a, k, b, c, v, d]) => a + k + b + ":" + c + v + d).join(",") + "}",
      ),
  ),
})).value;
/** An object (kubectl's view is of objects and lists), its members' values anything. */
const documentText = fc
  .tuple(ws, fc.array(fc.tuple(stringText, ws, valueText), { maxLength: 5 }), ws)
  .map(([a, members, b]) => a + "{" + members.map(([k, w, v]) => `${k}:${w}${v}`).join(",") + "}" + b);

describe("parseJsonLosslessChecked", () => {
  it("says no walk is needed only when the walk changes nothing, and finds every number beyond a float64", () => {
    fc.assert(
      fc.property(documentText, (text) => {
        const { checked, walked, unwalked } = views(text);
        if (checked.negativeZeroFree) expect(unwalked).toEqual(walked);
        expect(checked.overflow).toBe(firstOverflowingLiteral(text));
      }),
      propertyRuns(400, 20261205),
    );
  });

  it("walks for a float of integer value beyond 2^53 spelt with digits before a one-digit exponent", () => {
    // The test before looked for two exponent digits and missed these; kubectl holds them as int64s (its
    // go-template prints 12345678000000000, not 1.2345678e+16), and so must kubectlView's value.
    for (const n of ["12345678e9", "1234567.8e10", "9999999e9"]) {
      const { checked, walked, unwalked } = views(`{"kind":"Widget","spec":{"n": ${n}}}`);
      expect(checked.negativeZeroFree).toBe(false);
      expect(walked).not.toEqual(unwalked); // the walk is what makes it an int64
      expect((walked.items as { spec: { n: unknown } }[])[0]!.spec.n).toBe(BigInt(Number(n)));
    }
  });

  it("finds a number beyond a float64 spelt with 200 or more digits before a two-digit exponent", () => {
    const n = "1" + "0".repeat(250) + "e60";
    expect(parseJsonLosslessChecked(`{"a":"x","n":[1, ${n}]}`).overflow).toBe(n);
    expect(parseJsonLosslessChecked(`{"n":1${"0".repeat(320)}}`).overflow).toBe("1" + "0".repeat(320));
    expect(parseJsonLosslessChecked(`{"n":"1${"0".repeat(320)}", "e":"1e999"}`).overflow).toBeUndefined();
  });

  it("is not set off by exponents, -0 or huge exponents inside strings (a uid's hex)", () => {
    const item = (i: number) =>
      `{"metadata":{"name":"c-${i}","uid":"5a1e12ab-4e99-4e12-8e400-5e12a1e999ff","resourceVersion":"10${i}"},` +
      `"data":{"k":"x1e22 e+400 -0.0 4e12 E-400"}}`;
    const text = `{"kind":"ConfigMapList","apiVersion":"v1","items":[${item(1)},${item(2)}]}`;
    expect(parseJsonLosslessChecked(text)).toMatchObject({ negativeZeroFree: true, overflow: undefined });
    // The same exponents as numbers, after each token a number can follow, with white space or first.
    for (const n of ["1e22", "1E+400"])
      for (const at of [`{"a":${n}}`, `{"a": [ 0,\n\t${n}]}`, `[${n}]`, ` ${n}`, `{"a" :\r\n${n}}`])
        expect(parseJsonLosslessChecked(at).negativeZeroFree).toBe(false);
    expect(parseJsonLosslessChecked(`{"a": [0, 1E+400]}`).overflow).toBe("1E+400");
    expect(parseJsonLosslessChecked(` 1e400`).overflow).toBe("1e400");
  });
});

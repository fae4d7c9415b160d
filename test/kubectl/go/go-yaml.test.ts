import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseJsonLossless } from "../../../src/index.js";
import { goJsonNumber } from "../../../src/kubectl/go/json.js";
import { formatGoFloat, parseGoFloat, parseGoInt } from "../../../src/kubectl/go/strconv.js";
import { goYamlKeyLess, sortGoYamlKeys } from "../../../src/kubectl/go/yaml-emitter.js";
import { GoYamlError } from "../../../src/kubectl/go/yaml-error.js";
import { isBase60Float, isGoYamlTimestamp, resolveGoYaml } from "../../../src/kubectl/go/yaml-resolve.js";
import { marshalGoYaml } from "../../../src/kubectl/go/yaml.js";

describe("go-yaml v2 resolve (which strings are quoted)", () => {
  it.each([
    ["yes", "bool"],
    ["Off", "bool"],
    ["oFF", "str"],
    ["~", "null"],
    ["", "null"],
    ["0x1F", "int"],
    ["0b-1", "int"],
    ["1_000", "int"],
    ["08", "float"],
    ["9223372036854775808", "int"],
    ["18446744073709551616", "float"],
    ["1e999", "str"],
    [".5_5", "float"],
    ["._5", "str"],
    [".iNf", "str"],
    ["-.inf", "float"],
    ["2024-02-29", "timestamp"],
    ["2023-02-29", "str"],
    ["2024-06-30  17:50:00.5", "timestamp"],
    ["<<", "str"],
    ["٣", "str"],
  ])("%j resolves to %s", (s, tag) => {
    expect(resolveGoYaml(s)).toBe(tag);
  });

  it("reads zone offsets as the Go release of the binary does", () => {
    expect(isGoYamlTimestamp("2024-01-02T10:00:00+25:00", { goRelease: 22 })).toBe(true);
    expect(isGoYamlTimestamp("2024-01-02T10:00:00+25:00", { goRelease: 23 })).toBe(false);
    expect(marshalGoYaml({ t: "2024-01-02T10:00:00+25:00" }, { goRelease: 22 })).toBe(
      't: "2024-01-02T10:00:00+25:00"\n',
    );
    expect(marshalGoYaml({ t: "2024-01-02T10:00:00+25:00" })).toBe("t: 2024-01-02T10:00:00+25:00\n");
  });

  it("quotes YAML 1.1 sexagesimal numbers", () => {
    expect(isBase60Float("190:20:30")).toBe(true);
    expect(isBase60Float("1:60")).toBe(false);
    expect(marshalGoYaml({ a: "12:30:45", b: "1:60" })).toBe('a: "12:30:45"\nb: 1:60\n');
  });

  it("parses like Go's strconv, range and syntax errors apart", () => {
    expect(parseGoInt("0x7fffffffffffffff")).toEqual({ ok: true, value: 2n ** 63n - 1n });
    expect(parseGoInt("9223372036854775808")).toEqual({ ok: false, error: "range" });
    expect(parseGoInt("1__0")).toEqual({ ok: false, error: "syntax" });
    expect(parseGoFloat("1e400")).toEqual({ ok: false, error: "range" });
    expect(parseGoFloat("1_0.5")).toEqual({ ok: true, value: 10.5 });
  });
});

describe("go-yaml v2 numbers", () => {
  it.each([
    [1e21, "1e+21"],
    [1e20, "1e+20"],
    [1234567.5, "1.2345675e+06"],
    [100000.5, "100000.5"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [-0.0025, "-0.0025"],
    [5e-324, "5e-324"],
  ])("formats %d as %s", (n, s) => {
    expect(formatGoFloat(n)).toBe(s);
  });

  it("reads the JSON numbers back as int64, uint64, then float64", () => {
    const v = parseJsonLossless(
      '{"a":9223372036854775807,"b":12345678901234567890,"c":100000000000000000000,"d":1.0,"e":1e-7,"f":-0.0}',
    );
    expect(marshalGoYaml(v)).toBe(
      "a: 9223372036854775807\nb: 12345678901234567000\nc: 1e+20\nd: 1\ne: 1e-07\nf: 0\n",
    );
  });
});

describe("go-yaml v2 key order", () => {
  it("sorts naturally: non-letters first, digit runs by value", () => {
    const keys = [
      "item10",
      "item9",
      "Zeta",
      "alpha",
      "a_b",
      "a-b",
      "a~",
      "ab",
      "a.b",
      "a/b",
      "1",
      "10",
      "2",
      "",
    ];
    expect(sortGoYamlKeys(keys)).toEqual([
      "",
      "1",
      "2",
      "10",
      "Zeta",
      "a-b",
      "a.b",
      "a/b",
      "a_b",
      "a~",
      "ab",
      "alpha",
      "item9",
      "item10",
    ]);
  });

  it("is not transitive everywhere (kubectl's order of such keys varies from run to run)", () => {
    expect([goYamlKeyLess("08", "12:30"), goYamlKeyLess("12:30", "1e+"), goYamlKeyLess("1e+", "08")]).toEqual(
      [true, true, true],
    );
  });
});

describe("go-yaml v2 scalar styles and quirks", () => {
  it.each([
    ["a\u2028b", "v: 'a\u2028  b'\n"],
    ["\ufeffa b", 'v: "\\uFEFF\\x61\\x20\\x62"\n'],
    ["x\u0085y", "v: x y\n"],
    ["x \u0085\u0085 y", "v: |-\n  x\n  y\n"],
    ["😀", 'v: "\\U0001F600"\n'],
    ["\n", "v: |2+\n\n"],
    ["a\n", "v: |\n  a\n"],
    ["  a\nb", "v: |2-\n    a\n  b\n"],
    ["a \nb", 'v: "a \\nb"\n'],
    ["a\tb\nc", 'v: "a\\tb\\nc"\n'],
    ["\u00a0", "v: \u00a0\n"],
  ])("%j", (s, out) => {
    expect(marshalGoYaml({ v: s })).toBe(out);
  });

  it("writes long and multi-line keys as complex keys", () => {
    expect(marshalGoYaml({ ["k".repeat(129)]: 1, "a\nb": 2 })).toBe(
      `? |-\n  a\n  b\n: 2\n? ${"k".repeat(129)}\n: 1\n`,
    );
  });

  it("folds plain, single- and double-quoted text past column 80, never inside a word", () => {
    const words = "word ".repeat(30).trim();
    expect(marshalGoYaml({ p: words, s: ` ${words}`, d: `😀 ${words}`, w: "x".repeat(100) })).toBe(
      [
        `d: "\\U0001F600 ${"word ".repeat(14).trim()}`,
        `  ${"word ".repeat(16).trim()}"`,
        `p: ${"word ".repeat(16).trim()}`,
        `  ${"word ".repeat(14).trim()}`,
        `s: ' ${"word ".repeat(16).trim()}`,
        `  ${"word ".repeat(14).trim()}'`,
        `w: ${"x".repeat(100)}`,
        "",
      ].join("\n"),
    );
  });

  it.each([
    ["a DEL", { v: "\u007f" }, "yaml: control characters are not allowed"],
    ["a C1 control", { v: "\u0080" }, "yaml: control characters are not allowed"],
    ["U+FFFE", { v: "\ufffe" }, "yaml: control characters are not allowed"],
    [
      "a NEL inside a key",
      { a: "x\u0085y", b: { ["k\u0085ey"]: 1 } },
      "yaml: line 2: did not find expected ',' or '}'",
    ],
    [
      "a key longer than 1024 characters",
      { ["k".repeat(1100)]: 1 },
      "yaml: did not find expected ',' or '}'",
    ],
    [
      "a document marker after a NEL",
      { v: "a\u0085--- b" },
      "yaml: line 2: found unexpected document indicator",
    ],
  ])("fails like go-yaml on %s", (_what, value, message) => {
    expect(() => marshalGoYaml(value)).toThrow(new GoYamlError(message));
  });
});

/** Characters kubectl cannot carry into YAML (they fail), or that go-yaml reads as line breaks (NEL, LS, PS). */
const NOT_ROUND_TRIPPING = /[\u007f-\u009f\u2028\u2029\ufffe\uffff\ud800-\udfff]/;

const tricky = fc.constantFrom(
  ..." \t\n\r-:#'\"\\?,[]{}&*!|>%@`._+~<=/0123456789abcxyzABCeEoOnNyYtTfF\u00a0\ufeffé日😀\u0000\u0007\u001b".split(
    "",
  ),
  "😀",
  "true",
  "null",
  "0x1F",
  "---",
  "...",
  ": ",
  " #",
  "word ",
);
const roundTripString = fc
  .oneof(
    fc.string({ unit: tricky, maxLength: 40 }),
    fc.string({ unit: tricky, minLength: 60, maxLength: 200 }),
    fc.string({ unit: "grapheme", maxLength: 30 }),
  )
  .filter((s) => !NOT_ROUND_TRIPPING.test(s));

const stringTree = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    roundTripString,
    fc.array(tie("tree"), { maxLength: 4 }),
    fc.dictionary(roundTripString, tie("tree"), { maxKeys: 5 }),
  ),
})).tree;

describe("go-yaml v2 output reads back (yaml package)", () => {
  it("as the same strings and keys, whatever their style", () => {
    fc.assert(
      fc.property(fc.dictionary(roundTripString, stringTree, { maxKeys: 6 }), (value) => {
        expect(parse(marshalGoYaml(value), { schema: "failsafe" })).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it("as the same numbers, booleans, nulls and plain words", () => {
    const word = fc.string({
      unit: fc.constantFrom(..."abcnoyestrulfNOYESTRUE .-:".split("")),
      maxLength: 12,
    });
    const leaf = fc.oneof(
      word,
      fc.boolean(),
      fc.constant(null),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(word, fc.oneof(leaf, fc.array(leaf, { maxLength: 3 })), { maxKeys: 8 }),
        (value) => {
          // go-yaml reads back Go's JSON text: integer digits that fit int64 or uint64 are integers, the rest floats.
          const asGoYamlReads = (v: number | bigint): unknown => {
            const text = goJsonNumber(v);
            if (!/^-?\d+$/.test(text) || BigInt(text) < -(2n ** 63n) || BigInt(text) >= 2n ** 64n)
              return Number(text);
            return `#int:${BigInt(text)}`;
          };
          const expected = JSON.parse(
            JSON.stringify(value, (_k, v: unknown) =>
              typeof v === "bigint" || typeof v === "number" ? asGoYamlReads(v) : v,
            ),
          ) as unknown;
          const actual = JSON.parse(
            JSON.stringify(parse(marshalGoYaml(value), { intAsBigInt: true }), (_k, v: unknown) =>
              typeof v === "bigint" ? `#int:${v}` : v,
            ),
          ) as unknown;
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

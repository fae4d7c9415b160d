import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffAgainstKubectl, NormalizeError, parseJsonLossless, toKubectlView } from "../../src/index.js";
import {
  compareUtf8,
  goJsonString,
  goJsonStringEscaped,
  marshalGoJson,
  marshalGoJsonIndent,
} from "../../src/kubectl/go/json.js";
import { renderKubectlJson } from "../../src/kubectl/index.js";
import { KUBECTL_VERSIONS, readFixture } from "../helpers/fixtures.js";

const raw = readFixture("realapi/curl/03b-cm-list-kubectl-ua.body");

describe("renderKubectlJson on the real recording", () => {
  for (const version of KUBECTL_VERSIONS) {
    it(`is byte-for-byte what real kubectl ${version} printed`, () => {
      expect(renderKubectlJson(raw)).toBe(
        readFixture(`realapi/kubectl/kubectl-${version}-get-cm-json.stdout`),
      );
    });
  }
});

describe("Go JSON encoding", () => {
  it("escapes as Go's HTML-safe encoder does", () => {
    expect(goJsonString('<a href="x">&\u2028\u2029\u0007\b\f\n\t\r\u007f')).toBe(
      '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u2028\\u2029\\u0007\\b\\f\\n\\t\\r\u007f"',
    );
  });

  it("writes a string with nothing to escape as itself, and any other as the escaping loop does", () => {
    const risky = fc.constantFrom(
      "<",
      ">",
      "&",
      '"',
      "\\",
      "\u2028",
      "\u2029",
      "\ud800",
      "\udc00",
      "\u0000",
      "\u001f",
      "😀",
    );
    const text = fc.oneof(
      fc.string({ unit: "grapheme" }),
      fc.string({ unit: "binary" }),
      fc.array(fc.oneof(fc.string(), risky)).map((parts) => parts.join("")),
    );
    fc.assert(
      fc.property(text, (s) => goJsonString(s) === goJsonStringEscaped(s)),
      { numRuns: 2000 },
    );
    expect(goJsonString("plain-name.v1")).toBe('"plain-name.v1"');
  });

  it("keeps integers that fit int64 exactly and prints floats as Go does", () => {
    const v = parseJsonLossless(
      '{"max":9223372036854775807,"min":-9223372036854775808,"big":12345678901234567890,"f":1.0,"e":1E3,"tiny":1e-7,"huge":1e21,"z":-0}',
    );
    expect(marshalGoJsonIndent(v, "")).toBe(
      '{"big":12345678901234567000,"e":1000,"f":1,"huge":1e+21,"max":9223372036854775807,"min":-9223372036854775808,"tiny":1e-7,"z":0}',
    );
  });

  it("sorts keys by UTF-8 bytes, astral characters after U+FFFD", () => {
    expect(["b", "\uFFFD", "😀", "a", "B", "_"].sort(compareUtf8)).toEqual([
      "B",
      "_",
      "a",
      "b",
      "\uFFFD",
      "😀",
    ]);
  });

  it("writes compact JSON as the indenting writer does with no indent, whatever the keys and values", () => {
    // The compact writer sorts small key sets by insertion and concatenates: held to the writer it replaced on keys
    // with surrogates (lone and paired), many keys (past the insertion sort's limit), keys differing in case and
    // punctuation only, undefined values (skipped), bigints, -0 and nesting.
    const key = fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.string({ unit: "binary", maxLength: 4 }),
      fc.constantFrom(
        "a",
        "A",
        "_",
        "a.b",
        "a-b",
        "\ud800",
        "\udc00",
        "😀",
        "\uffff",
        "\ufffd",
        "apiVersion",
        "kind",
      ),
    );
    const scalar = fc.oneof(
      fc.string({ unit: "binary", maxLength: 8 }),
      fc.constantFrom("<", "&", "\u2028", "\ud800x"),
      fc.double(),
      fc.integer(),
      fc.bigInt(),
      fc.constantFrom(-0, true, false, null, undefined),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, scalar, tie("array"), tie("object")),
      array: fc.array(tie("node"), { maxLength: 6 }),
      object: fc.array(fc.tuple(key, tie("node")), { maxLength: 40 }).map((entries) => {
        const o: Record<string, unknown> = {};
        for (const [k, v] of entries)
          Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
        return o;
      }),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        let expected: string | Error;
        try {
          expected = marshalGoJsonIndent(v, "");
        } catch (error) {
          expected = error as Error;
        }
        if (expected instanceof Error) expect(() => marshalGoJson(v)).toThrow(expected.message);
        else expect(marshalGoJson(v)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
    // A list as the report marshals it, and the insertion sort's boundary.
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${(i * 7) % 17}`, i]));
    const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${(i * 5) % 16}`, i]));
    for (const v of [many, sixteen, parseJsonLossless(raw)])
      expect(marshalGoJson(v)).toBe(marshalGoJsonIndent(v, ""));
  });

  it("orders an object's keys as Go orders map keys, by code point, whatever their number", () => {
    // Both writers share the in-place key sort (insertion below 17 keys): held here to a plain sort by compareUtf8.
    const key = fc.oneof(fc.string({ maxLength: 4 }), fc.string({ unit: "binary", maxLength: 4 }));
    fc.assert(
      fc.property(fc.uniqueArray(key, { maxLength: 40 }), (keys) => {
        const o: Record<string, number> = {};
        keys.forEach((k, i) =>
          Object.defineProperty(o, k, { value: i, enumerable: true, writable: true, configurable: true }),
        );
        const sorted = Object.keys(o).sort(compareUtf8);
        const expected = sorted.length
          ? `{${sorted.map((k) => `${goJsonString(k)}:${o[k]}`).join(",")}}`
          : "{}";
        expect(marshalGoJson(o)).toBe(expected);
        expect(marshalGoJsonIndent(o, "")).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("indents with four spaces and keeps empty containers inline", () => {
    expect(marshalGoJsonIndent({ a: [], b: {}, c: [1, { d: null }] })).toBe(
      '{\n    "a": [],\n    "b": {},\n    "c": [\n        1,\n        {\n            "d": null\n        }\n    ]\n}',
    );
  });
});

describe("kubectl's view of text that is not JSON", () => {
  // Found by the fuzzer: the view's own parse (which also reports whether a -0 can hide in the text) let
  // JSON.parse's SyntaxError through, where every other entry point throws NormalizeError.
  it.each(["", "{", "[1,", '{"a":-0', "x".repeat(3)])(
    "throws NormalizeError for %j, alone or among responses",
    (text) => {
      expect(() => toKubectlView(text, { output: "json" })).toThrow(NormalizeError);
      expect(() => toKubectlView([text], { output: "yaml" })).toThrow(NormalizeError);
      expect(() => diffAgainstKubectl(text)).toThrow(NormalizeError);
    },
  );
});

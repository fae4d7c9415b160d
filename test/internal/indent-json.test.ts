import { StringDecoder } from "node:string_decoder";
import { describe, expect, it } from "vitest";
import { indentCompactJson } from "../../src/internal/indent-json.js";

/** The whole output as text, read piece by piece as a writer would (each piece is overwritten by the next). */
function indented(value: unknown, indent = "", outBytes?: number): string {
  const json = Buffer.from(JSON.stringify(value));
  const decoder = new StringDecoder("utf8");
  let text = "";
  const out = outBytes === undefined ? undefined : Buffer.alloc(outBytes);
  for (const piece of indentCompactJson(json, indent, out)) {
    text += decoder.write(piece);
  }
  return text + decoder.end();
}

/** What the cassette writes for a value that sits `indent` deep: its lines after the first start with `indent`. */
function pretty(value: unknown, indent = ""): string {
  return JSON.stringify(value, null, 2).replaceAll("\n", "\n" + indent);
}

/** A small deterministic generator of JSON values: nesting, empties, escapes, multi-byte text, numbers. */
function randomValue(seed: number): unknown {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const strings = [
    "",
    "a",
    'q"uo\\te',
    "{[,:]}",
    "line\nbreak\ttab",
    "é ü 漢字 😀",
    "\u0001\u001f",
    "\u2028",
    '\\"',
  ];
  const gen = (depth: number): unknown => {
    const r = next();
    if (depth > 5 || r < 0.3) {
      const k = Math.floor(next() * 6);
      if (k === 0) return strings[Math.floor(next() * strings.length)];
      if (k === 1) return Math.floor(next() * 1e6) - 5e5;
      if (k === 2) return next() * 1e-5;
      if (k === 3) return next() < 0.5;
      if (k === 4) return null;
      return 1.5e300;
    }
    const n = Math.floor(next() * 4);
    if (r < 0.65) return Array.from({ length: n }, () => gen(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) o[strings[Math.floor(next() * strings.length)]! + i] = gen(depth + 1);
    return o;
  };
  return gen(0);
}

describe("indentCompactJson", () => {
  it("writes what JSON.stringify(value, null, 2) writes, from the compact text's bytes", () => {
    for (const value of [
      [],
      {},
      null,
      3,
      "text",
      { a: [] },
      { a: {} },
      [[[]], [{}], {}],
      { "key: with, [brackets]": "{value: [1, 2]}", 'esc"aped': ["\\", '"', '\\\\"'] },
      { kind: "List", items: [{ metadata: { name: "a", labels: {} } }, { data: { k: "v\nw" } }] },
    ]) {
      expect(indented(value)).toBe(pretty(value));
      expect(indented(value, "      ")).toBe(pretty(value, "      "));
    }
  });

  it("gives the same text for random values, in output pieces of any size (a character split between two, a line's start larger than the buffer)", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const value = randomValue(seed);
      expect(indented(value, "    ")).toBe(pretty(value, "    "));
      expect(indented(value, "  ", 2 + (seed % 7))).toBe(pretty(value, "  "));
    }
  });

  it("copies long strings whole, across the end of its buffer too", () => {
    const value = {
      a: ["x".repeat(100), `${"é".repeat(60)}"\\${"y".repeat(70)}`, "z".repeat(47), "w".repeat(49)],
      [`${"k".repeat(90)}`]: { b: "漢".repeat(30) },
    };
    for (const size of [2, 3, 5, 17, 48, 49, 64, 1000])
      expect(indented(value, "  ", size)).toBe(pretty(value, "  "));
  });

  it("indents values nested deeper than its first padding", () => {
    let value: unknown = { leaf: "x" };
    for (let i = 0; i < 100; i++) value = i % 2 ? [value] : { k: value };
    expect(indented(value, "  ")).toBe(pretty(value, "  "));
  });

  it("reuses its output buffer: a large list costs no memory of its size", () => {
    const list = {
      kind: "List",
      items: Array.from({ length: 3000 }, (_, i) => ({
        metadata: { name: `c-${i}` },
        data: { a: "é".repeat(40) },
      })),
    };
    const out = Buffer.alloc(4096);
    let pieces = 0;
    let bytes = 0;
    for (const piece of indentCompactJson(Buffer.from(JSON.stringify(list)), "", out)) {
      expect(piece.buffer).toBe(out.buffer);
      pieces++;
      bytes += piece.length;
    }
    expect(bytes).toBe(Buffer.byteLength(JSON.stringify(list, null, 2)));
    expect(indented(list, "", 4096)).toBe(pretty(list));
    expect(pieces).toBe(Math.ceil(bytes / 4096));
  });
});

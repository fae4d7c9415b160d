import { describe, expect, it } from "vitest";
import { isJsonObject, jsonEqual } from "../../src/internal/json.js";

describe("isJsonObject", () => {
  it("is true for objects, false for arrays, null and scalars", () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject(JSON.parse('{"a":1}'))).toBe(true);
    expect(isJsonObject(Object.create(null))).toBe(true);
    for (const v of [[], null, undefined, 1, 1n, "x", true]) expect(isJsonObject(v)).toBe(false);
  });
});

describe("jsonEqual", () => {
  it("ignores key order and compares deeply", () => {
    expect(jsonEqual({ a: 1, b: [1, { c: "x" }] }, { b: [1, { c: "x" }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, b: [1, { c: "x" }] }, { a: 1, b: [1, { c: "y" }] })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });

  it("treats a key holding undefined as absent, but not null", () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(jsonEqual({ a: null }, {})).toBe(false);
    expect(jsonEqual({ a: undefined }, { b: undefined })).toBe(true);
  });

  it("compares numbers by value: a lossless bigint equals the same number, 0 equals -0", () => {
    expect(jsonEqual(1n, 1)).toBe(true);
    expect(jsonEqual(1, 1n)).toBe(true);
    expect(jsonEqual({ n: 9007199254740993n }, { n: 9007199254740993n })).toBe(true);
    expect(jsonEqual(9007199254740993n, 9007199254740992)).toBe(false);
    expect(jsonEqual(1.5, 1n)).toBe(false);
    expect(jsonEqual(0, -0)).toBe(true);
    expect(jsonEqual(NaN, NaN)).toBe(true);
  });

  it("never equates values of different JSON types", () => {
    expect(jsonEqual(1, "1")).toBe(false);
    expect(jsonEqual(1n, "1")).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual({}, [])).toBe(false);
    expect(jsonEqual({ 0: "a" }, ["a"])).toBe(false);
    expect(jsonEqual(false, 0)).toBe(false);
    expect(jsonEqual(undefined, null)).toBe(false);
  });

  it("counts own keys only: an inherited __proto__ or constructor is no key", () => {
    const withProto = JSON.parse('{"__proto__": {}}') as object;
    expect(jsonEqual(withProto, { y: 1 })).toBe(false);
    expect(jsonEqual(withProto, JSON.parse('{"__proto__": {}}'))).toBe(true);
    expect(jsonEqual({ constructor: {} }, { other: {} })).toBe(false);
  });
});

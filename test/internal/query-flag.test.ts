import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  apiserverQuery,
  apiserverQueryBool,
  firstQueryValue,
  queryOf,
} from "../../src/internal/query-flag.js";

describe("boolean query parameters as kube-apiserver reads them (Convert_Slice_string_To_bool)", () => {
  it.each([
    [null, false],
    ["0", false],
    ["false", false],
    ["False", false],
    ["FALSE", false],
    ["fAlSe", false],
    ["1", true],
    ["true", true],
    ["True", true],
    ["t", true],
    // Not Go's ParseBool: these are true to the API server.
    ["f", true],
    ["F", true],
    ["no", true],
    ["yes", true],
    ["", true],
    ["00", true],
    [" false", true],
  ])("%j → %s", (value, expected) => {
    expect(apiserverQueryBool(value)).toBe(expected);
  });
});

describe("firstQueryValue: Go's url.ParseQuery, first value", () => {
  it.each([
    ["watch=true", "watch", "true"],
    ["limit=500&watch=True&watch=0", "watch", "True"],
    ["watch", "watch", ""],
    ["watch=", "watch", ""],
    ["wat%63h=1", "watch", "1"],
    ["watch=%66alse", "watch", "false"],
    ["watch=a+b", "watch", "a b"],
    ["watch=%ff", "watch", "%ff"],
    ["watchx=1", "watch", null],
    ["", "watch", null],
    ["&&watch=1&", "watch", "1"],
    // Pairs Go drops: a semicolon anywhere in the pair, a bad escape in the key or the value.
    ["watch=1;x=2", "watch", null],
    ["watch=%zz&watch=0", "watch", "0"],
    ["wat%ch=1", "watch", null],
  ])("%j: %s → %j", (query, name, expected) => {
    expect(firstQueryValue(query, name)).toBe(expected);
  });

  it("queryOf takes the query of absolute and path-only URLs, without the fragment", () => {
    expect(queryOf("https://h:6443/api/v1/pods?watch=1&limit=5")).toBe("watch=1&limit=5");
    expect(queryOf("/api/v1/pods?watch=1#frag")).toBe("watch=1");
    expect(queryOf("/api/v1/pods#frag?watch=1")).toBe("");
    expect(queryOf("/api/v1/pods")).toBe("");
  });
});

describe("apiserverQuery: every pair Go's url.ParseQuery keeps, in order", () => {
  it.each([
    ["", []],
    [
      "limit=5&continue=abc",
      [
        ["limit", "5"],
        ["continue", "abc"],
      ],
    ],
    [
      "watch&x=",
      [
        ["watch", ""],
        ["x", ""],
      ],
    ],
    [
      "fieldSelector=metadata.name%3Da&labelSelector=app+in+(a,b)",
      [
        ["fieldSelector", "metadata.name=a"],
        ["labelSelector", "app in (a,b)"],
      ],
    ],
    // Dropped by Go (kept by WHATWG's URLSearchParams): a semicolon in the pair, a bad escape.
    ["limit=1;x=2&continue=c", [["continue", "c"]]],
    ["limit=%zz&limit=3", [["limit", "3"]]],
    ["%zz=1&&a=b&", [["a", "b"]]],
  ])("%j", (query, pairs) => {
    expect([...apiserverQuery(query)]).toEqual(pairs);
    expect([...new URLSearchParams(query)].length).toBeGreaterThanOrEqual(pairs.length);
  });

  it("agrees with firstQueryValue for every name in every query", () => {
    const part = fc.constantFrom(
      "watch",
      "limit",
      "=",
      "&",
      ";",
      "%",
      "%2",
      "%3D",
      "%zz",
      "+",
      "0",
      "True",
      "a",
      "",
    );
    fc.assert(
      fc.property(
        fc.array(part, { maxLength: 12 }),
        fc.constantFrom("watch", "limit", "a", ""),
        (parts, name) => {
          const query = parts.join("");
          expect(apiserverQuery(query).get(name)).toBe(firstQueryValue(query, name));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

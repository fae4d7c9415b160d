import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { objectChanges } from "../../src/diff/index.js";
import { NormalizeError } from "../../src/index.js";
import { applyMergePatch, createMergePatch } from "../../src/normalize/merge-patch.js";
import {
  decodeBase64,
  encodeBase64,
  normalizeSecret,
  secretDataBytes,
  secretDataStrings,
} from "../../src/normalize/secret-data.js";
import { semanticEqual } from "../../src/normalize/semantic-equal.js";

describe("base64 as Go's StdEncoding reads and writes it", () => {
  it("round-trips any bytes, and agrees with Node's encoder", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString("base64"));
        expect(decodeBase64(text)).toEqual(bytes);
      }),
    );
  });

  it("skips newlines but rejects anything else outside the alphabet, and missing padding", () => {
    expect(new TextDecoder().decode(decodeBase64("aGVs\nbG8=\r\n"))).toBe("hello");
    for (const bad of ["aGVsbG8", "aGVs bG8=", "aGVsbG8=x", "a===", "aGVsbG8-", "=aGVs"])
      expect(() => decodeBase64(bad), bad).toThrow(NormalizeError);
    expect(() => decodeBase64("not base64 value!")).toThrow("illegal base64 data at input byte 3");
  });

  it("never echoes the input in its error", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 8 }).filter((s) => /[^A-Za-z0-9+/=\r\n]/.test(s)),
        (s) => {
          try {
            decodeBase64(s);
          } catch (error) {
            expect((error as Error).message).not.toContain(s);
          }
        },
      ),
    );
  });
});

describe("Secret payloads", () => {
  const secret = {
    kind: "Secret",
    apiVersion: "v1",
    data: { a: "b2xk", b: "Yg==" },
    stringData: { a: "new" },
  };

  it("read as the server will store them: stringData over data", () => {
    expect(secretDataStrings(secret)).toEqual({ a: "new", b: "b" });
    expect(normalizeSecret(secret)).toEqual({
      kind: "Secret",
      apiVersion: "v1",
      data: { a: "bmV3", b: "Yg==" },
    });
  });

  it("name the key, not the value, when a value is not text or not base64", () => {
    expect(() => secretDataStrings({ data: { bin: "/w==" } })).toThrow(
      'secret key "bin" does not hold UTF-8 text',
    );
    expect(() => secretDataBytes({ data: { k: "c2VjcmV0!" } })).toThrow(
      /secret data key "k": illegal base64/,
    );
    expect(() => secretDataBytes({ data: { k: "c2VjcmV0!" } })).not.toThrow(/c2VjcmV0/);
  });
});

describe("semanticEqual", () => {
  it("ignores key order and undefined properties", () => {
    expect(semanticEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1, d: undefined })).toBe(true);
    expect(semanticEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });

  it("compares Secrets by decoded payload: stringData vs data, base64 spelling", () => {
    const stored = { kind: "Secret", apiVersion: "v1", metadata: { name: "s" }, data: { a: "aGk=" } };
    expect(semanticEqual(stored, { ...stored, data: undefined, stringData: { a: "hi" } })).toBe(true);
    expect(semanticEqual(stored, { ...stored, data: { a: "aGk=\n" } })).toBe(true);
    expect(semanticEqual(stored, { ...stored, data: { a: "aGk=", b: "" } })).toBe(false);
    expect(semanticEqual(stored, { ...stored, metadata: { name: "s", labels: { x: "y" } } })).toBe(false);
  });

  it("treats empty maps and lists like absent fields only when asked (built-in types' omitempty)", () => {
    expect(semanticEqual({ metadata: { labels: {} } }, { metadata: {} })).toBe(false);
    expect(semanticEqual({ metadata: { labels: {} } }, { metadata: {} }, { omitEmpty: true })).toBe(true);
    expect(semanticEqual({ spec: { x: null } }, { spec: {} }, { omitEmpty: true })).toBe(true);
  });
});

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.array(tie("value"), { maxLength: 3 }),
    tie("object"),
  ),
  object: fc.dictionary(fc.string({ maxLength: 4 }), tie("value"), { maxKeys: 4 }),
})).object;

describe("merge patches (RFC 7386)", () => {
  it("createMergePatch gives a patch that turns the original into the modified document", () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(applyMergePatch(a, createMergePatch(a, b))).toEqual(b);
      }),
    );
  });

  it("is empty for equal documents and uses null for removed keys", () => {
    expect(createMergePatch({ a: { b: 1 } }, { a: { b: 1 } })).toEqual({});
    expect(createMergePatch({ data: { a: "1", b: "2" } }, { data: { a: "1", c: "3" } })).toEqual({
      data: { b: null, c: "3" },
    });
  });
});

describe("objectChanges", () => {
  it("lists each changed field with a jq path, in document order", () => {
    expect(
      objectChanges(
        { metadata: { labels: { "app.kubernetes.io/name": "a" } }, data: { a: "1", gone: "x" }, list: [1] },
        { metadata: { labels: { "app.kubernetes.io/name": "b" } }, data: { a: "2" }, list: [1, 2] },
      ),
    ).toEqual([
      { path: '.metadata.labels["app.kubernetes.io/name"]', op: "replace", before: "a", after: "b" },
      { path: ".data.a", op: "replace", before: "1", after: "2" },
      { path: ".data.gone", op: "remove", before: "x" },
      { path: ".list[1]", op: "add", after: 2 },
    ]);
  });

  it("passes every reported value through the mask, with its path", () => {
    const seen: unknown[] = [];
    const changes = objectChanges(
      { data: { a: "1" } },
      { data: { a: "2" } },
      {
        mask: (path, _value) => (seen.push(path), "***"),
      },
    );
    expect(changes).toEqual([{ path: ".data.a", op: "replace", before: "***", after: "***" }]);
    expect(seen).toEqual([
      ["data", "a"],
      ["data", "a"],
    ]);
  });

  it("finds no change exactly when the documents are equal", () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(objectChanges(a, b).length === 0).toBe(semanticEqual(a, b));
        expect(objectChanges(a, a)).toEqual([]);
      }),
    );
  });
});

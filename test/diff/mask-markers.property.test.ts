import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskMarkers } from "../../src/diff/secret-mask.js";
import { isRedactionMarker } from "../../src/record/redact/redact.js";
import { REDACTION_MARKER_PATTERN } from "../../src/record/redact/secret-policy.js";

const own = (value: unknown): PropertyDescriptor => ({
  value,
  enumerable: true,
  writable: true,
  configurable: true,
});

/** maskMarkers as it was before it looked for a marker first: the reference it is held to. */
function maskMarkersReference(value: unknown, mask = "***"): unknown {
  if (typeof value === "string") {
    if (isRedactionMarker(value)) return mask;
    return value.includes("[redacted len=") ? value.replace(REDACTION_MARKER_PATTERN, "***") : value;
  }
  if (Array.isArray(value)) {
    const items = value as unknown[];
    let out: unknown[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      const m = maskMarkersReference(v, mask);
      if (m !== v) (out ??= items.slice())[i] = m;
    }
    return out ?? items;
  }
  if (typeof value === "object" && value !== null) {
    const entries: [string, unknown][] = Object.entries(value);
    let masked: unknown[] | undefined;
    for (let i = 0; i < entries.length; i++) {
      const v = entries[i]![1];
      const m = maskMarkersReference(v, mask);
      if (m !== v) (masked ??= entries.map((e) => e[1]))[i] = m;
    }
    if (!masked) return value;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < entries.length; i++) Object.defineProperty(out, entries[i]![0], own(masked[i]));
    return out;
  }
  return value;
}

describe("maskMarkers", () => {
  it("masks what the walk without a first look masked, and returns the value itself when it holds no marker", () => {
    const marker = fc.constantFrom(
      "[redacted len=8 hmac:6ea99652]",
      "[redacted len=3]",
      "[redacted len=12 sha256:0123abcd]",
      "user [redacted len=4 hmac:00000000] said",
      "[redacted len=x]",
      "[redacted len=",
    );
    const scalar = fc.oneof(
      fc.string({ maxLength: 6 }),
      marker,
      fc.integer(),
      fc.constantFrom(null, true, undefined),
    );
    const key = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom("__proto__", "constructor", "data"));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, scalar, tie("array"), tie("object")),
      array: fc.array(tie("node"), { maxLength: 5 }),
      object: fc.array(fc.tuple(key, tie("node")), { maxLength: 5 }).map((entries) => {
        const o: Record<string, unknown> = {};
        for (const [k, v] of entries) Object.defineProperty(o, k, own(v));
        return o;
      }),
    })).node;
    fc.assert(
      fc.property(value, fc.constantFrom(undefined, "<before>"), (v, mask) => {
        const expected = maskMarkersReference(v, mask ?? "***");
        const got = maskMarkers(v, mask);
        // As JSON (own keys in order, `__proto__` and `constructor` keys included) and as a structure.
        expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
        expect(got).toEqual(expected);
        // The same reference exactly when the reference kept it.
        expect(got === v).toBe(expected === v);
      }),
      { numRuns: 4000 },
    );
  });
});

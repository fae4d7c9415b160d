import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalHeaderKey } from "../../src/internal/canonical-header.js";
import { propertyRuns } from "../helpers/property-seed.js";

/** Go's textproto.CanonicalMIMEHeaderKey, character by character: the reference the remembered answers keep to. */
function reference(key: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key)) return key;
  let upper = true;
  let out = "";
  for (const ch of key) {
    out += upper ? ch.toUpperCase() : ch.toLowerCase();
    upper = ch === "-";
  }
  return out;
}

const token = fc
  .array(fc.constantFrom(..."aAzZ09-_.!~ xé"), { maxLength: 20 })
  .map((chars) => chars.join(""));
const key = fc.oneof(
  token,
  fc.constantFrom("audit-id", "content-type", "X-KUBERNETES-PF-FLOWSCHEMA-UID", "a--b", "-a", ""),
  fc.string(),
  token.map((t) => t.repeat(20)),
);

describe("canonicalHeaderKey", () => {
  it("answers as Go's canonical form, however often and in whatever order keys are asked for", () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 700 }), (keys) => {
        for (const k of [...keys, ...keys.reverse()]) expect(canonicalHeaderKey(k)).toBe(reference(k));
      }),
      propertyRuns(60, 6201),
    );
  });
});

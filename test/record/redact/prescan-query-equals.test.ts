import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactSecretText } from "../../../src/record/redact/redact.js";
import {
  textMayHoldSecrets,
  textMayHoldSecretsUnfiltered,
} from "../../../src/record/redact/secret-policy.js";
import { propertyRuns } from "../../helpers/property-seed.js";

/**
 * The pre-scan's expression matches `=` only where a query parameter's name ends (after `?`, `&` or `;` and the
 * name's characters): every other `=` used to be a match that its check then cleared. Held to the scan that
 * matches every `=` (textMayHoldSecretsUnfiltered), on texts made of query strings, names of every kind, escapes,
 * and whatever sits next to them; and it still finds whatever the text rules change.
 */

const piece = fc.constantFrom(
  "?",
  "&",
  ";",
  "=",
  "#",
  " ",
  '"',
  "\\",
  "/",
  "\n",
  "%",
  "+",
  "%3D",
  "%26",
  "access_token",
  "token",
  "code",
  "sig",
  "X-Amz-Signature",
  "x-amz-signature",
  "X-Goog-Credential",
  "credential",
  "refresh_token",
  "api_key",
  "password",
  "%63ode",
  "co+de",
  "app",
  "key0",
  "alpha.properties",
  "value-1",
  "xxxxxxxx",
  "https://h/p",
  "Bearer abc",
  "kind: Secret",
  "é",
  "\u2028",
);

const text = fc.oneof(
  fc.array(piece, { maxLength: 16 }).map((p) => p.join("")),
  fc.string({ unit: fc.constantFrom(...'?&;=ab_.-%+ "\\/c0') }),
  fc.string(),
);

describe("the pre-scan's query-parameter `=`", () => {
  it("answers as the scan that matches every `=`", () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(textMayHoldSecrets(t)).toBe(textMayHoldSecretsUnfiltered(t));
      }),
      propertyRuns(20000, 7401),
    );
  });

  it("finds whatever the text rules change", () => {
    fc.assert(
      fc.property(text, (t) => {
        if (redactSecretText(t) !== t) expect(textMayHoldSecrets(t)).toBe(true);
      }),
      propertyRuns(5000, 7402),
    );
  });

  it("clears a ConfigMap's key=value lines and finds a credential parameter after them", () => {
    const data = '{"data":{"alpha.properties":"alpha=xxxxxxxx\\nkey0=value-1"}}';
    expect(textMayHoldSecrets(data)).toBe(false);
    expect(textMayHoldSecretsUnfiltered(data)).toBe(false);
    const url = `${data} "https://h/cb?state=1&code=abc"`;
    expect(textMayHoldSecrets(url)).toBe(true);
    expect(textMayHoldSecretsUnfiltered(url)).toBe(true);
  });
});

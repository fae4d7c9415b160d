import { describe, expect, it } from "vitest";
import { redactSecretText } from "../../src/record/index.js";

// `?token=x` and `;password=x` in text were redacted twice: the query rule wrote its marker percent-encoded, and the
// key rules read `token=` and that encoded marker as a value to redact, wrapping it in a second marker. No value
// leaked, but the marker's length and digest were the encoded marker's, not the value's.
const VALUE = "s3cretQueryValue";
const MARKER = /\[redacted len=16 hmac:[0-9a-f]{8}\]|%5Bredacted%20len%3D16%20hmac%3A[0-9a-f]{8}%5D/g;

describe("each redacted value gets exactly one marker", () => {
  it.each([
    `GET https://h:6443/api/v1/pods?watch=1&token=${VALUE}&x=1`,
    `jdbc:mysql://db/app;user=u;password=${VALUE};ssl=true`,
    `url: https://h/p?access_token=${VALUE}`,
    `{"url":"https://h/p?apiKey=${VALUE}\\u0026b=1"}`,
    `https://h/p?code=${VALUE}`,
  ])("%s", (text) => {
    const out = redactSecretText(text);
    expect(out).not.toContain(VALUE);
    expect(out.match(MARKER)).toHaveLength(1);
    expect(out.match(/redacted/g)).toHaveLength(1);
    // Redacting again changes nothing.
    expect(redactSecretText(out)).toBe(out);
  });
});

import { describe, expect, it } from "vitest";
import { redactSecretText } from "../../src/record/index.js";

// Between a secret name and its value, text may put what looks like a colon or a space and is not one: a no-break
// space or another Unicode space, the fullwidth colon (U+FF1A), the small colon (U+FE55); or another language's
// separator: `=>` (Ruby, Perl), `:=` (Go). The key rules read ASCII spaces and `:` or `=` only.
const SECRET = "hunter2Separator";

describe("a separator that looks like a colon or a space", () => {
  it.each([
    `password:\u00a0${SECRET}`,
    `password\u00a0: ${SECRET}`,
    `password:\u2003${SECRET}`,
    `password\u3000=\u3000${SECRET}`,
    `password\uff1a${SECRET}`,
    `password\ufe55 ${SECRET}`,
    `password = ${SECRET}`,
    `password => ${SECRET}`,
    `"password" => "${SECRET}"`,
    `{ :password => '${SECRET}' }`,
    `token := "${SECRET}"`,
    `password\uff1acorrect horse ${SECRET}`,
  ])("%s", (text) => {
    const out = redactSecretText(text);
    expect(out).not.toContain(SECRET);
    expect(out).toContain("[redacted len=");
  });

  it("keeps other names and prose", () => {
    for (const kept of ["name\u00a0: x", "note => not secret", "password\u00a0is required", "x := 1"])
      expect(redactSecretText(kept)).toBe(kept);
  });
});

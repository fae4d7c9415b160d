import { describe, expect, it } from "vitest";
import { redactSecretText } from "../../src/record/index.js";
import { redactHeaders } from "../../src/record/redact/redact.js";

// `Cookie:` and `Set-Cookie:` as a line of text (a header pasted into an error message, a proxy's log, a curl
// command's `-H`) gave every cookie in clear; so did an `Authorization:` line with a scheme other than Bearer and
// Basic (`token`, `Digest`, `ApiKey`). As recorded headers they were and are redacted whole.
const SECRET = "hunter2CookieValue";

describe("a credential header as a line of text", () => {
  it.each([
    `Cookie: session=${SECRET}; theme=dark`,
    `error: upstream answered 401 to Cookie: sid=${SECRET}\nretrying`,
    `    Set-Cookie: session=${SECRET}; Path=/; HttpOnly`,
    `set-cookie: a=${SECRET}`,
    `curl -H "Cookie: sid=${SECRET}" 'https://h/api'`,
    `{"Cookie": "sid=${SECRET}", "Accept": "*/*"}`,
    `Authorization: token ${SECRET}`,
    `Proxy-Authorization: Digest username="u", response="${SECRET}"`,
  ])("%s", (text) => {
    const out = redactSecretText(text);
    expect(out).not.toContain(SECRET);
    expect(out).toContain("[redacted len=");
  });

  it("ends the value where its line or quoted string ends, and keeps kubectl's mask and prose", () => {
    expect(redactSecretText(`curl -H "Cookie: sid=${SECRET}" 'https://h/api'`)).toMatch(
      /^curl -H "Cookie: \[redacted len=22 [^\]]*\]" 'https:\/\/h\/api'$/,
    );
    for (const kept of [
      "    Authorization: Bearer <masked>",
      "the Cookie: header is not sent",
      "Authorization: required",
    ])
      expect(redactSecretText(kept)).toBe(kept);
  });

  it("as recorded headers, goes whole", () => {
    const { headers } = redactHeaders({ Cookie: `sid=${SECRET}`, "Set-Cookie": [`a=${SECRET}; Path=/`] });
    expect(JSON.stringify(headers)).not.toContain(SECRET);
  });
});

import { describe, expect, it } from "vitest";
import { redactJson, redactSecretText } from "../../src/record/index.js";
import { redactBody } from "../../src/record/redact/redact.js";

// A YAML plain scalar goes on over the more indented lines after it (`password: a` then `  b` is `a b`), and in a
// flow mapping to the `,`, `}` or `]` that ends it (`{password: a b}`). The text rules read one word, or one line,
// and left the rest in clear, in YAML that can be read as a whole document and in YAML that cannot.
const SECRET = "hunter2FoldedWord";

function expectRedacted(text: string): string {
  const out = redactSecretText(text);
  expect(out).not.toContain(SECRET);
  expect(out).toContain("[redacted len=");
  return out;
}

describe("a plain value folded over lines under a secret name", () => {
  it("goes whole, at any indentation, with blank lines inside it", () => {
    expect(expectRedacted(`password: a\n  ${SECRET}\nname: kept\n`)).toMatch(
      /^password: \[redacted len=21 [^\]]*\]\nname: kept\n$/,
    );
    expect(expectRedacted(`db:\n  - token: a b\n      c\n\n      ${SECRET}\n    user: kept\n`)).toMatch(
      /^db:\n {2}- token: \[redacted [^\]]*\]\n {4}user: kept\n$/,
    );
    expectRedacted(`x:\r\n    apiKey: one\r\n     ${SECRET} # note\r\n`);
    expectRedacted(`password:\n  ${SECRET}\n`);
    expectRedacted(`password:\n   "${SECRET}"\n`);
    expectRedacted(`password: a\u2028${SECRET}`);
  });

  it("inside text that is no YAML document as a whole, and in a text body and string field", () => {
    const text = `Error from server: {\n  password: a\n    ${SECRET}\n  : oops [\n`;
    expectRedacted(text);
    const body = redactBody({ kind: "text", text, bytes: text.length }).body;
    expect(body.kind === "text" ? body.text : "").not.toContain(SECRET);
    expect(JSON.stringify(redactJson({ data: { "app.yaml": `password: a\n  ${SECRET}\n` } }))).not.toContain(
      SECRET,
    );
  });

  it("keeps what follows at the key's indentation, objects under a secret name, and block scalars", () => {
    const pod = [
      "      - serviceAccountToken:",
      "          expirationSeconds: 3607",
      "          path: token",
      "    - name: PASSWORD",
      "      valueFrom:",
      "        secretKeyRef:",
      "          key: password",
      "",
    ].join("\n");
    expect(redactSecretText(pod)).toBe(pod);
    expect(redactSecretText("password:\n  - a\n  - b\n")).toMatch(
      /^password:\n {2}- \[redacted[^\n]*\n {2}- \[/,
    );
    expect(redactSecretText(`password: |\n  ${SECRET}\n`)).toMatch(/^password: \|\n {2}\[redacted len=20 /);
    expect(redactSecretText("password: a\nuser: b\n")).toMatch(
      /^password: \[redacted len=1 [^\]]*\]\nuser: b\n$/,
    );
  });
});

describe("a plain value of several words in a flow mapping under a secret name", () => {
  it.each([
    [`{password: a ${SECRET}}`, /^\{password: \[redacted len=19 [^\]]*\]\}$/],
    [`[{password: a ${SECRET}, name: x y}]`, /^\[\{password: \[redacted [^\]]*\], name: x y\}\]$/],
    [`{name: x, token: a ${SECRET} # c\n}`, /^\{name: x, token: \[redacted [^\]]*\] # c\n\}$/],
    [`{token: "${SECRET}", x: 1}`, /^\{token: "\[redacted [^\]]*\]", x: 1\}$/],
  ])("%s", (text, expected) => {
    expect(expectRedacted(text)).toMatch(expected);
  });
});

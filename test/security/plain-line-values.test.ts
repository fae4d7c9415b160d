import { describe, expect, it } from "vitest";
import { redactExchange, redactSecretText } from "../../src/record/index.js";
import { expectNoLeak, jsonGetExchange, recordingOutputs } from "./support.js";

// A secret name that starts a line (YAML: a key, after its indentation and any `- `) with a plain value of more than
// one word: `password: correct horse battery staple`. To YAML the value is the rest of the line (to a comment); the
// text rules read one word of it (up to a space, `,`, `;`...) and left the rest in clear, in every string field (a
// config file in a ConfigMap), message and pasted log. The document walk of a text body read as YAML was right.
const SECRET = "hunter2S3cretWord";

function expectRedacted(text: string): string {
  const out = redactSecretText(text);
  expect(out).not.toContain(SECRET);
  expect(out).toContain("[redacted len=");
  return out;
}

describe("a plain value of several words on a line a secret name starts", () => {
  it("goes whole, to a comment or the end of the line", () => {
    expect(expectRedacted(`password: correct horse ${SECRET}\nname: kept words\n`)).toMatch(
      /^password: \[redacted len=31 [^\]]*\]\nname: kept words\n$/,
    );
    expect(expectRedacted(`db:\n  - token: a,${SECRET} # rotated\n`)).toMatch(
      /^db:\n {2}- token: \[redacted len=19 [^\]]*\] # rotated\n$/,
    );
    expectRedacted(`"apiKey": key ${SECRET}\r\n`);
    expectRedacted(`  client-secret: x;${SECRET}`);
  });

  it("leaves one-word values to the bare rule and other names alone", () => {
    expect(redactSecretText("password: abc\nmessage: two words\n")).toMatch(
      /^password: \[redacted len=3 [^\]]*\]\nmessage: two words\n$/,
    );
    const marked = "password: [redacted len=9 hmac:00000000]\n";
    expect(redactSecretText(marked)).toBe(marked);
  });

  it("in a ConfigMap's config file, through every recording output", () => {
    const exchange = jsonGetExchange("https://127.0.0.1:6443/api/v1/namespaces/default/configmaps/app", {
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { name: "app" },
      data: { "app.yaml": `db:\n  user: app\n  password: correct horse ${SECRET}\n` },
    });
    expectNoLeak(recordingOutputs([redactExchange(exchange)]), SECRET);
  });
});

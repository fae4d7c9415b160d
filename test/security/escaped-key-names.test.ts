import { describe, expect, it } from "vitest";
import { redactJson, redactSecretText } from "../../src/record/index.js";
import { redactBody } from "../../src/record/redact/redact.js";

// A key name spelled with JSON escapes (`{"\u0070assword":"x"}`) is the name a JSON reader reads (`password`); the
// text rules read names as written and left the value in clear in any text that holds JSON without being it: a
// string field, a message, a log line, an error page. The key is written out as a JSON reader would read it.
const SECRET = "hunter2EscapedName";

describe("a secret name spelled with JSON escapes, in text", () => {
  it.each([
    [`{"\\u0070assword":"${SECRET}"}`, `{"password":"[redacted`],
    [`{"\\u0050ASSWORD":"${SECRET}"}`, `{"PASSWORD":"[redacted`],
    [`{"p\\u0061ss\\u0077\\u006Frd": "${SECRET}"}`, `{"password": "[redacted`],
    [`{"client\\u002dsecret":"${SECRET}","a":1}`, `{"client-secret":"[redacted`],
    [`{"api\\u004bey":"${SECRET}"}`, `{"apiKey":"[redacted`],
    [`error: {\\"\\\\u0074oken\\":\\"${SECRET}\\"}`, `error: {\\"token\\":\\"[redacted`],
  ])("%s", (text, start) => {
    for (const where of ["", "message: "]) {
      const out = redactSecretText(where + text + " trailing");
      expect(out).not.toContain(SECRET);
      expect(out.startsWith(where + start)).toBe(true);
    }
  });

  it("in a string field of an object and in a text body that is not JSON", () => {
    const value = { kind: "Event", message: `rejected {"\\u0070assword":"${SECRET}"}` };
    expect(JSON.stringify(redactJson(value))).not.toContain(SECRET);
    const text = `line 1\n{"\\u0070assword":"${SECRET}"\n`;
    const body = redactBody({ kind: "text", text, bytes: text.length }).body;
    expect(body.kind === "text" ? body.text : "").not.toContain(SECRET);
  });

  it("leaves other escaped names and escapes in values as they are", () => {
    for (const text of [
      `{"\\u006eame":"kept","path":"\\u0074oken"}`,
      `{"note":"a \\u003c b \\u0026 c"}`,
      `{"\\u0070assword\\u0050olicy":"strict"}`,
    ])
      expect(redactSecretText(text)).toBe(text);
  });
});

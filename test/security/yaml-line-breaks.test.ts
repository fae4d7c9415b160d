import { describe, expect, it } from "vitest";
import { redactExchange, redactSecretText } from "../../src/record/index.js";
import { expectNoLeak, jsonGetExchange, recordingOutputs } from "./support.js";

// YAML breaks lines at `\r\n`, `\r` and `\n` (a file saved on Windows, or with a classic Mac's line ends), allows
// blank and comment lines inside a block sequence and blank lines inside a block scalar, and folds a line that
// continues a sequence item into it. The text rules (which read every string field, message and pasted log) read a
// secret name's block scalar only after `\n`, its block sequence only after `\n` or `\r\n`, stopped a sequence or a
// block at a blank or comment line, and dropped the part of an item after a lone `\r`: each left a secret in clear.
const SECRET = "hunter2S3cretValue";

function expectRedacted(text: string): string {
  const out = redactSecretText(text);
  expect(out).not.toContain(SECRET);
  expect(out).toContain("[redacted len=");
  return out;
}

describe("YAML line breaks and blank lines in a secret's value", () => {
  it("a sequence item continued after a lone carriage return (or U+2028), under any secret name", () => {
    expectRedacted(`password:\n- a\r${SECRET}`);
    expectRedacted(`token:\n  - a\r${SECRET}\n  - b\n`);
    expectRedacted(`apiKey:\n- a\u2028${SECRET}`);
    // A continuation line (YAML folds it into the item) and one YAML would reject: both the item's.
    expectRedacted(`password:\n- a\r  ${SECRET}\nkind: ConfigMap`);
  });

  it("a block sequence after a lone carriage return", () => {
    expectRedacted(`password:\r- ${SECRET}\r- b`);
    expectRedacted(`data:\r  password:\r  - ${SECRET}\r`);
  });

  it("a block scalar after \\r\\n or \\r, or with a comment on its header", () => {
    const out = expectRedacted(`password: |\r\n  ${SECRET}\r\nother: 2\r\n`);
    expect(out).toMatch(/^password: \|\r\n {2}\[redacted len=\d+[^\]]*\]\nother: 2\r\n$/);
    expectRedacted(`token: >-\r  ${SECRET}\r  more\r`);
    expectRedacted(`token: |  # the key\n  ${SECRET}\n`);
  });

  it("blank and comment lines inside a sequence or a block scalar", () => {
    expectRedacted(`password:\n- a\n\n- ${SECRET}\n`);
    expectRedacted(`password:\n- a\n  # note\n- ${SECRET}\n`);
    expectRedacted(`password:\r\n\r\n- ${SECRET}\r\n`);
    expectRedacted(`password: |\n  a\n\n  ${SECRET}\n`);
    expectRedacted(`password: |\r\n  a\r\n\r\n  ${SECRET}\r\n`);
  });

  it("keeps what follows the value", () => {
    expect(redactSecretText("password:\n- a\n\nname: kept\n# kept\n")).toMatch(
      /^password:\n- \[redacted len=1[^\]]*\]\n\nname: kept\n# kept\n$/,
    );
    expect(redactSecretText("token: |\n  a\n\nname: kept\n")).toMatch(
      /^token: \|\n {2}\[redacted len=\d+[^\]]*\]\n\nname: kept\n$/,
    );
  });

  it("in a ConfigMap's embedded config file, through every recording output", () => {
    const exchange = jsonGetExchange("https://127.0.0.1:6443/api/v1/namespaces/default/configmaps/app", {
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { name: "app" },
      data: {
        "app.yaml": `db:\r\n  password: |\r\n    ${SECRET}\r\n`,
        "list.yaml": `tokens:\n  token:\n  - a\r${SECRET}x\n`,
      },
    });
    expectNoLeak(recordingOutputs([redactExchange(exchange)]), SECRET);
  });
});

import { describe, expect, it } from "vitest";
import { redactExchange, redactSecretText } from "../../src/record/index.js";
import { expectNoLeak, recordingOutputs, textExchange } from "./support.js";

// An entry named like a secret whose `value` comes before its `name` (`{value: x, name: DB_PASSWORD}`: a manifest
// written by hand, a tool that sorts keys, `jq -S`) kept its value in text: the text rule read the `value` only as
// the key after the name. The rule: the `value` key right before an entry's name is read too.
const SECRET = "hunter2ValueFirst";

describe("an entry's value before its name, in text", () => {
  it.each([
    `{value: ${SECRET}, name: DB_PASSWORD}`,
    `env: [{value: ${SECRET}, name: DB_PASSWORD}]`,
    `{"value":"${SECRET}","name":"DB_PASSWORD"}`,
    `{"value": "${SECRET}", "key": "api_token"}`,
    `{\\"value\\":\\"${SECRET}\\",\\"name\\":\\"API_KEY\\"}`,
    `env:\n- value: ${SECRET}\n  name: DB_PASSWORD\n`,
    `env:\n- value: '${SECRET}'\n  name: DB_PASSWORD`,
    `    - value: "${SECRET}" # set by ci\n      name: SMTP_PASSWORD\n`,
  ])("%s", (text) => {
    const out = redactSecretText(text);
    expect(out).not.toContain(SECRET);
    expect(out).toContain("[redacted len=");
  });

  it("keeps values of other entries, and the name", () => {
    for (const kept of [
      `{value: info, name: LOG_LEVEL}`,
      `{"value":"8080","name":"PORT"}`,
      `- value: x\n  name: other\n- name: DB_PASSWORD\n  valueFrom: {secretKeyRef: {name: db, key: p}}\n`,
    ])
      expect(redactSecretText(kept)).toBe(kept);
    expect(redactSecretText(`{value: ${SECRET}, name: DB_PASSWORD}`)).toMatch(
      /^\{value: \[redacted len=17 [^\]]*\], name: DB_PASSWORD\}$/,
    );
  });

  it("a YAML body through every recording output", () => {
    const yaml = `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: c\n    env:\n    - value: ${SECRET}\n      name: DB_PASSWORD\n`;
    const exchange = textExchange("https://h:6443/api/v1/namespaces/d/pods/p", yaml, "application/yaml");
    expectNoLeak(recordingOutputs([redactExchange(exchange)]), SECRET);
  });
});

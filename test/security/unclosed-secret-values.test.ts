import { describe, expect, it } from "vitest";
import { importKubectlLog, renderTrafficLog } from "../../src/index.js";
import { redactSecretText } from "../../src/record/index.js";
import type { Exchange } from "../../src/index.js";

// A quoted value under a secret name whose quote does not close where the text rules read one: kubectl cuts a
// logged body at its byte limit (`-v=8`: 1,024 bytes, then ` [truncated N chars]`), a pasted log ends mid-line, a
// YAML quoted scalar is folded over lines. Each was left in clear; what follows a secret name's opening quote is
// the secret's until a quote closes it.
const SECRET = "hunter2S3cretValue";

function expectRedacted(text: string): string {
  const out = redactSecretText(text);
  expect(out).not.toContain(SECRET);
  expect(out).not.toContain("hunter2");
  expect(out).toContain("[redacted len=");
  return out;
}

describe("a secret name's quoted value that does not close", () => {
  it("in YAML or prose cut short", () => {
    expect(expectRedacted(`password: "${SECRET}`)).toMatch(/^password: "\[redacted len=\d+[^\]]*\]$/);
    expectRedacted(`token: '${SECRET}`);
    expectRedacted(`msg: the apiKey="${SECRET}`);
  });

  it("in JSON cut short, at any level of escaping", () => {
    expectRedacted(`{"kind":"ConfigMap","data":{"password":"${SECRET}`);
    expectRedacted(`{"a":"{\\"password\\":\\"${SECRET}`);
    expectRedacted(`\\\\\\"token\\\\\\":\\\\\\"${SECRET}`);
  });

  it("in a YAML quoted scalar folded over lines, and the lines after it are kept", () => {
    const out = expectRedacted(`password: "hunter2\n  ${SECRET}"\nother: kept\n`);
    expect(out).toMatch(/^password: "\[redacted len=\d+[^\]]*\]"\nother: kept\n$/);
  });

  it("leaves closed values and other names as they were", () => {
    const text = `password: "[redacted len=3 hmac:00000000]" note: "it's open\nname: "x"`;
    expect(redactSecretText(text)).toBe(text);
  });

  it("in a body kubectl cut at -v=8, imported from its log", () => {
    const exchange: Exchange = {
      seq: 0,
      startedAt: "2026-12-05T10:00:00.000000Z",
      durationMs: 2,
      request: {
        method: "GET",
        url: "https://127.0.0.1:6443/api/v1/namespaces/default/configmaps/app",
        headers: { Accept: "application/json", "User-Agent": "kubectl/v1.33.1" },
      },
      response: {
        status: 200,
        statusText: "OK",
        headers: { "Content-Type": "application/json" },
        body: { kind: "json", value: { kind: "ConfigMap", data: { note: "n".repeat(2000) } }, bytes: 0 },
      },
    };
    // The log a user pastes: kubectl 1.33's `-v=8` body line, cut at 1,024 bytes inside the value.
    const body = JSON.stringify({
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { name: "app", namespace: "default" },
      data: { password: SECRET + "P".repeat(2000) },
    });
    const cut = `${JSON.stringify(body.slice(0, 1024)).slice(0, -1)} [truncated ${body.length - 1024} chars]"`;
    const log = renderTrafficLog([exchange], { v: 8, kubectlVersion: "1.33" }).replace(
      /"Response Body" body=".*"$/m,
      () => `"Response Body" body=${cut}`,
    );
    expect(log).toContain(`\\"password\\":\\"${SECRET}`);
    const imported = importKubectlLog(log);
    expect(imported.cassette.exchanges).toHaveLength(1);
    expect(JSON.stringify(imported)).not.toContain("hunter2");
  });
});

describe("URL userinfo", () => {
  it("after a character that is no scheme's (`_`, a digit)", () => {
    expect(redactSecretText(`x_https://user:${SECRET}@example.com/`)).not.toContain(SECRET);
    expect(redactSecretText(`9https://user:${SECRET}@example.com/`)).not.toContain(SECRET);
  });
});

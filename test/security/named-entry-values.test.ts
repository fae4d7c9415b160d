import { describe, expect, it } from "vitest";
import { inspect } from "node:util";
import { redactExchange, redactJson, redactSecretText } from "../../src/record/index.js";
import { redactBody, redactJsonUnscanned } from "../../src/record/redact/redact.js";
import { errorOutputs, expectNoLeak, jsonGetExchange, recordAgainst, recordingOutputs } from "./support.js";

// A Pod's environment variable `{name: DB_PASSWORD, value: x}` (and a Deployment's, a kubeconfig exec plugin's, a
// Tekton parameter's) was recorded in clear in every output: its secret is named by the sibling `name`, not by its
// own key `value`. So was a container's `args: ["--password", "x"]`, a flag standing alone as a list item. The rule:
// an object whose `name` or `key` is a secret field name has its `value` redacted (the walk, in any key order; the
// text rules when `value` is the next key, as every writer orders an environment variable), and the item after a
// flag item named like a secret is its value.
const SECRET = "hunter2EnvValue";

const pod = (env: unknown[], args: unknown[] = []) => ({
  kind: "Pod",
  apiVersion: "v1",
  metadata: { name: "app", namespace: "d" },
  spec: { containers: [{ name: "app", image: "app:1", env, args }] },
});

describe("a value named by its entry's name", () => {
  it("in a Pod, a Deployment's last-applied annotation and a YAML body, through every recording output", () => {
    const deployment = {
      kind: "Deployment",
      apiVersion: "apps/v1",
      metadata: {
        name: "app",
        annotations: {
          "kubectl.kubernetes.io/last-applied-configuration": `${JSON.stringify({
            kind: "Deployment",
            spec: { template: { spec: { containers: [{ env: [{ name: "API_TOKEN", value: SECRET }] }] } } },
          })}\n`,
        },
      },
    };
    const yaml = `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: c\n    env:\n    - name: DB_PASSWORD\n      value: ${SECRET}\n`;
    const yamlExchange = jsonGetExchange("https://h:6443/x", null);
    yamlExchange.response!.body = { kind: "text", text: yaml, bytes: yaml.length };
    yamlExchange.response!.headers = { "Content-Type": "application/yaml" };
    const exchanges = [
      jsonGetExchange(
        "https://h:6443/api/v1/namespaces/d/pods/app",
        pod([{ name: "DB_PASSWORD", value: SECRET }]),
      ),
      jsonGetExchange("https://h:6443/apis/apps/v1/namespaces/d/deployments/app", deployment),
      yamlExchange,
    ];
    expectNoLeak(recordingOutputs(exchanges.map((e) => redactExchange(e))), SECRET);
  });

  it("whatever the order of the keys, for `name` and `key`, strings and numbers; other entries are kept", () => {
    const out = redactJson(
      pod([
        { value: SECRET, name: "DB_PASSWORD" },
        { name: "AWS_SECRET_ACCESS_KEY", value: 12345678 },
        { key: "apiKey", value: SECRET },
        { name: "DB_HOST", value: "db.local" },
        { name: "DB_PASSWORD_FILE", value: "/etc/pw" },
        { name: "TLS_KEY", valueFrom: { secretKeyRef: { name: "tls-secret", key: "tls.key" } } },
      ]),
    );
    const text = JSON.stringify(out);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("12345678");
    for (const kept of ["db.local", "/etc/pw", '"key":"tls.key"', '"name":"tls-secret"'])
      expect(text).toContain(kept);
  });

  it.each([
    `{"name":"DB_PASSWORD","value":"${SECRET}"}`,
    `{\n  "name": "DB_PASSWORD",\n  "value": "${SECRET}"\n}`,
    JSON.stringify({ message: JSON.stringify({ env: [{ name: "API_TOKEN", value: SECRET }] }) }),
    `env:\n- name: DB_PASSWORD\n  value: ${SECRET}\n`,
    `env:\n  - name: "DB_PASSWORD"\n    value: "${SECRET}"\n`,
    `env:\n  - name: DB_PASSWORD # the admin's\n    value: ${SECRET} and more # comment\n`,
    `env:\n  - name: DB_PASSWORD\n    value: first\n      ${SECRET}\n  - name: next\n`,
    `env: [{name: DB_PASSWORD, value: ${SECRET} words}, {name: x, value: y}]`,
    `- key: apiKey\r\n  value: ${SECRET}\r\n`,
    `args: ["--password", "${SECRET}"]`,
    `args:\n- --token\n- ${SECRET}\n- --verbose\n`,
    `"args":[\\"--client-secret\\",\\"${SECRET}\\"]`,
  ])("in text: %j", (text) => {
    const out = redactSecretText(text);
    expect(out).not.toContain(SECRET);
    expect(out).toContain("[redacted len=");
  });

  it("keeps what is no secret's value: other names, valueFrom, volume names, flags followed by a flag", () => {
    for (const kept of [
      `{"name":"DB_HOST","value":"db.local"}`,
      `- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {name: s, key: password}\n`,
      `volumes:\n- name: app-secret\n  secret:\n    secretName: app-secret\n`,
      `args: ["--password-file", "/etc/pw", "--password", "--verbose"]`,
      `{"name":"DB_PASSWORD","value":""}`,
    ])
      expect(redactSecretText(kept)).toBe(kept);
    const args = ["--token-ttl", "1h", "--password", "--verbose", "--secret-name", "db"];
    expect(redactJson(pod([], args))).toEqual(pod([], args));
  });

  it("in a container's args, and as a YAML body read whole", () => {
    const out = JSON.stringify(redactJson(pod([], ["--token", SECRET, "--password", SECRET])));
    expect(out).not.toContain(SECRET);
    const yaml = `kind: Pod\nspec:\n  containers:\n  - env:\n    - value: ${SECRET}\n      name: DB_PASSWORD\n`;
    const { body } = redactBody({ kind: "text", text: yaml, bytes: yaml.length });
    expect(inspect(body)).not.toContain(SECRET);
  });

  it("the pre-scan lets through every entry the walk redacts (a name the scan cannot read whole names none)", () => {
    for (const name of ["DB_PASSWORD", "DB PASSWORD", "db.password", "-token", "pass word", "API_KEY\n"]) {
      const entry = { env: [{ name, value: SECRET }] };
      expect(redactJson(entry)).toEqual(redactJsonUnscanned(entry));
    }
  });

  it("in a watch event or a body cut short (read token by token)", () => {
    const event = JSON.stringify({
      type: "ADDED",
      object: pod([{ name: "DB_PASSWORD", value: SECRET }], ["--token", SECRET]),
    });
    for (const text of [event.slice(0, event.indexOf(SECRET) + SECRET.length + 1), event.slice(0, -4)]) {
      const watch = jsonGetExchange("https://h:6443/api/v1/pods?watch=1", null);
      watch.response!.body = { kind: "stream", chunks: [{ atMs: 0, text }], bytes: text.length };
      const cut = jsonGetExchange("https://h:6443/api/v1/namespaces/d/pods/app", null);
      cut.response!.body = { kind: "text", text, bytes: text.length };
      expectNoLeak(recordingOutputs([watch, cut].map((e) => redactExchange(e))), SECRET);
    }
  });

  it("echoed by the API server's 422 Invalid Status: the error and every output are scrubbed", async () => {
    const { exchanges, error } = await recordAgainst(
      (_req, res, body) => {
        const sent = JSON.parse(body) as ReturnType<typeof pod>;
        const value = (sent.spec.containers[0]!.env[0] as { value: string }).value;
        const message = `Pod "app" is invalid: spec.containers[0].env[0].value: Invalid value: "${value}": too long`;
        res.writeHead(422, { "Content-Type": "application/json" });
        res.end(
          JSON.stringify({
            kind: "Status",
            apiVersion: "v1",
            status: "Failure",
            reason: "Invalid",
            code: 422,
            message,
            details: {
              causes: [{ reason: "FieldValueInvalid", message, field: "spec.containers[0].env[0].value" }],
            },
          }),
        );
      },
      (client) => client.create(pod([{ name: "DB_PASSWORD", value: SECRET }])),
    );
    expect(error).toBeDefined();
    expectNoLeak(
      { ...recordingOutputs(exchanges), ...errorOutputs(error), inspected: inspect(error) },
      SECRET,
    );
  });
});

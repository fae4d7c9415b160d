import { describe, expect, it } from "vitest";
import { redactExchange, redactSecretText } from "../../src/record/index.js";
import { recordingOutputs, textExchange } from "./support.js";

// A ConfigMap's `binaryData` was looked into decoded only in a parsed JSON body: the same object as YAML text
// (`kubectl get cm -o yaml` pasted into a message, an `apply` body sent as YAML, a YAML answer) kept a file holding
// `db.password=x` as it came. The rule: text that holds `binaryData` is read as a document, as a Secret manifest
// is, and the walk looks into each file.
const SECRET = "hunter2YamlBinary";
const b64 = (s: string) => Buffer.from(s).toString("base64");
const FILE = b64(`db.user=app\ndb.password=${SECRET}\n`);
const KEPT = b64("log.level=debug\n");
const YAML = `apiVersion: v1\nbinaryData:\n  app.properties: ${FILE}\n  log.properties: ${KEPT}\nkind: ConfigMap\nmetadata:\n  name: app\n`;

function expectGone(outputs: Record<string, string>): void {
  const found = Object.entries(outputs)
    .filter(([, text]) => text.includes(FILE) || text.includes(SECRET))
    .map(([name]) => name);
  expect(found).toEqual([]);
}

describe("binaryData in YAML text", () => {
  it("a YAML body through every recording output", () => {
    const exchange = textExchange(
      "https://h:6443/api/v1/namespaces/d/configmaps/app",
      YAML,
      "application/yaml",
    );
    const redacted = redactExchange(exchange);
    expectGone(recordingOutputs([redacted]));
    expect(JSON.stringify(redacted.response!.body)).toContain(KEPT);
  });

  it("a YAML apply body, and kubectl's output pasted into a string", () => {
    const apply = redactExchange({
      ...textExchange("https://h:6443/api/v1/namespaces/d/configmaps/app", "", "application/json"),
      request: {
        method: "PATCH",
        url: "https://h:6443/api/v1/namespaces/d/configmaps/app?fieldManager=kubectl",
        headers: { "Content-Type": "application/apply-patch+yaml" },
        body: { kind: "text", text: YAML, bytes: YAML.length },
      },
    });
    expectGone(recordingOutputs([apply]));
    const pasted = redactSecretText(`$ kubectl get cm app -o yaml\n${YAML}`);
    expect(pasted.includes(FILE)).toBe(false);
  });

  it("JSON cut short (a truncated body, a log line) whose binaryData map is whole", () => {
    const cut = `{"kind":"ConfigMap","binaryData":{"app.properties":"${FILE}","log.properties":"${KEPT}"}`;
    for (const type of ["application/json", "text/plain"]) {
      const redacted = redactExchange(
        textExchange("https://h:6443/api/v1/namespaces/d/configmaps/app", cut, type),
      );
      expectGone(recordingOutputs([redacted]));
      expect(JSON.stringify(redacted.response!.body)).toContain(KEPT);
    }
  });
});

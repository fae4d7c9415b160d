import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { redactExchange, redactJson } from "../../src/record/index.js";
import { jsonGetExchange, recordingOutputs } from "./support.js";

// Values the API defines as base64 were recorded as they came: a ConfigMap's `binaryData` file holding
// `db.password=x` (or a gzip stream: a Helm release kept in a ConfigMap), an admission webhook's `patch` adding an
// environment variable `DB_PASSWORD`. No text rule reads base64. The rule: such a value is looked into decoded (a
// gzip or zlib stream inflated, a JSON patch walked) and goes whole when it may hold a secret.
const SECRET = "hunter2Base64Field";
const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");

function expectGone(outputs: Record<string, string>, encoded: string[]): void {
  const found: string[] = [];
  for (const [name, text] of Object.entries(outputs)) {
    for (const e of encoded) if (text.includes(e)) found.push(`${name}: ${e.slice(0, 20)}`);
    if (text.includes(SECRET)) found.push(`${name}: the secret`);
  }
  expect(found).toEqual([]);
}

describe("base64 field values", () => {
  it("a ConfigMap's binaryData files, plain and gzipped, through every recording output", () => {
    const properties = b64(`db.user=app\ndb.password=${SECRET}\n`);
    const release = b64(gzipSync(JSON.stringify({ name: "r", config: { auth: { rootPassword: SECRET } } })));
    const kept = b64(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    const config = b64("log.level=debug\n");
    const exchange = jsonGetExchange("https://h:6443/api/v1/namespaces/d/configmaps/app", {
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { name: "app" },
      binaryData: { "app.properties": properties, release, "logo.png": kept, "log.properties": config },
    });
    const redacted = redactExchange(exchange);
    expectGone(recordingOutputs([redacted]), [properties, release]);
    const body = JSON.stringify(redacted.response!.body);
    expect(body).toContain(kept);
    expect(body).toContain(config);
  });

  it("an admission webhook's JSON patch (patchType) that writes a secret", () => {
    const patches = [
      [{ op: "add", path: "/spec/containers/0/env/-", value: { name: "DB_PASSWORD", value: SECRET } }],
      [{ op: "replace", path: "/spec/token", value: SECRET }],
      [{ op: "add", path: "/data/password", value: b64(SECRET) }],
    ].map((p) => b64(JSON.stringify(p)));
    for (const patch of patches) {
      const review = {
        kind: "AdmissionReview",
        apiVersion: "admission.k8s.io/v1",
        response: { uid: "u", allowed: true, patchType: "JSONPatch", patch },
      };
      const out = JSON.stringify(redactJson(review));
      expect(out).not.toContain(patch);
      expectGone(recordingOutputs([redactExchange(jsonGetExchange("https://webhook/mutate", review))]), [
        patch,
      ]);
    }
    const label = b64(JSON.stringify([{ op: "add", path: "/metadata/labels/team", value: "a" }]));
    const harmless = {
      kind: "AdmissionReview",
      response: { uid: "u", allowed: true, patchType: "JSONPatch", patch: label },
    };
    expect(redactJson(harmless)).toBe(harmless);
  });
});

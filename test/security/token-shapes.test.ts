import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { redactExchange, redactSecretText } from "../../src/record/index.js";
import { redactTokenShapes } from "../../src/record/redact/secret-policy.js";
import { expectNoLeak, jsonGetExchange, recordingOutputs } from "./support.js";

// A token standing alone in prose (an Event's message, a log line, an error) was kept: no name said it was one. The
// shapes that issuers make distinctive on purpose (a JWT's two `eyJ` parts, GitHub's `ghp_`, GitLab's `glpat-`,
// Slack's `xoxb-`, Google's `AIza` and `ya29.`, a kubeadm bootstrap token, an AWS secret key next to its key id, a
// base64 PEM private key) are redacted anywhere; UIDs, resourceVersions, image digests, pod-template-hashes, Event
// names and the other words of real API bodies and logs are not.
// The values are assembled here, so that no whole token stands in the repository.
const body = "Zq9hunterXY7".repeat(4);
const JWT =
  "eyJhbGciOiJSUzI1NiIsImtpZCI6IkQ0In0" + "." + "eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50In0." + body;
const TOKENS: Record<string, string> = {
  jwt: JWT,
  github: "gh" + "p_" + body.slice(0, 36),
  githubFine: "github" + "_pat_" + body + "_" + body.slice(0, 20),
  gitlab: "gl" + "pat-" + body.slice(0, 20),
  slack: "xo" + "xb-1234567890-" + body.slice(0, 24),
  googleKey: "AI" + "za" + body.slice(0, 35),
  googleOauth: "ya" + "29." + body,
  bootstrap: "k3x9q" + "z.w7e2r4t6y8u1i3o5",
};

describe("a bare token in prose", () => {
  for (const [name, token] of Object.entries(TOKENS))
    it(name, () => {
      for (const text of [
        `Error: authentication failed for ${token}`,
        `token ${token}.`,
        `"${token}"`,
        `curl https://h/api?x=1 -d '${token}'`,
      ]) {
        const out = redactSecretText(text);
        expect(out.includes(token), `${name} in ${text.slice(0, 20)}`).toBe(false);
        expect(out).toContain("[redacted len=");
      }
    });

  it("an AWS secret key next to its key id; the id alone is kept", () => {
    const id = "AK" + "IAQ3EGRXJ5NOTREAL7";
    const key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "NOTREALKEY";
    for (const text of [
      `${id},${key}`,
      `aws configure set x ${id} && use ${key}`,
      `id=${id}\nkey ${key}\n`,
    ]) {
      const out = redactSecretText(text);
      expect(out.includes(key)).toBe(false);
    }
    expect(redactSecretText(`user ${id} denied`)).toBe(`user ${id} denied`);
  });

  it("a PEM private key base64-encoded (a CSR's status, a ConfigMap value)", () => {
    const pem = `-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE${body}\n-----END EC PRIVATE KEY-----\n`;
    const b64 = Buffer.from(pem).toString("base64");
    const out = redactSecretText(`certificate: ${b64}`);
    expect(out.includes(body)).toBe(false);
    expect(out.includes(b64.slice(0, 60))).toBe(false);
    const cert = Buffer.from(
      `-----BEGIN CERTIFICATE-----\nMIIB${body}\n-----END CERTIFICATE-----\n`,
    ).toString("base64");
    expect(redactSecretText(`ca: ${cert}`)).toBe(`ca: ${cert}`);
  });

  it("in an Event list through every recording output", () => {
    const exchange = jsonGetExchange("https://127.0.0.1:6443/api/v1/namespaces/d/events", {
      kind: "EventList",
      items: Object.values(TOKENS).map((t, i) => ({
        kind: "Event",
        message: `step ${i}: using ${t} failed`,
      })),
    });
    const outputs = recordingOutputs([redactExchange(exchange)]);
    for (const token of Object.values(TOKENS)) expectNoLeak(outputs, token);
  });
});

describe("ordinary words keep their shape", () => {
  it("look-alikes", () => {
    for (const kept of [
      "web-7c5ddbdf54-x2v7k",
      "worker.17c0a4e5f2b3d9a1",
      "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "uid 3d6f7c1e-8b2a-4c5d-9e0f-1a2b3c4d5e6f rv 123456789",
      "commit 0123456789abcdef0123456789abcdef01234567 by AKIAQ3EGRXJ5NOTREAL7",
      "tokens look like ghp_... or glpat-xxxx",
      "eyJhbGciOiJub25lIn0",
      "abcdef.0123456789abcdef",
      "node01.ghijklmnopqrstuv.example.com",
    ])
      expect(redactTokenShapes(kept, () => "[x]")).toBe(kept);
  });

  it("every real API body and kubectl log among the fixtures", () => {
    const roots = ["fixtures/realapi/curl", "fixtures/pasted-logs", "fixtures/kubectl-captures"];
    let files = 0;
    for (const root of roots)
      for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        // The one real token among them is a JWT after `Bearer` (a kubectl 1.2 log's curl line): the Bearer rule's.
        const text = readFileSync(join(entry.parentPath, entry.name), "utf8")
          .split("\n")
          .filter((line) => !line.includes("Bearer ey"))
          .join("\n");
        files++;
        expect(redactTokenShapes(text, () => "[x]") === text, entry.name).toBe(true);
      }
    expect(files).toBeGreaterThan(40);
  });
});

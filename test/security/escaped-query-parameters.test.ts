// Credential query parameters in text where the URL is itself inside JSON: Go's encoding/json (kube-apiserver,
// kubectl) writes `&` as `\u0026`, and a JSON document inside a JSON string escapes its quotes. The text rule read
// `\u0026sig=…` as part of the value before it, and took the backslash of `\"` into a value it redacted.
import { describe, expect, it } from "vitest";
import { redactExchange, redactSecretText } from "../../src/record/index.js";
import type { Exchange } from "../../src/index.js";
import { textMayHoldSecrets } from "../../src/record/redact/secret-policy.js";

const SIGNATURE = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
const SIG = "zQ9s3cretSigValue";
const SLASHED = ["ab12SECRET", "cd34SECRET"];
const SECRETS = [SIGNATURE, SIG, ...SLASHED];

const url = `https://bucket.s3.example/obj?X-Amz-Algorithm=AWS4&X-Amz-Signature=${SIGNATURE}&sig=${SIG}&keep=visible`;

/** JSON as Go writes it: `&`, `<` and `>` escaped. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[&<>]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

function expectRedacted(text: string): string {
  const out = redactSecretText(text);
  for (const s of SECRETS) expect(out).not.toContain(s);
  return out;
}

describe("credential query parameters inside JSON text", () => {
  it("are found after a Go-escaped & (\\u0026)", () => {
    const text = goJson({ metadata: { annotations: { "example.com/download": url } } });
    expect(text).toContain("\\u0026X-Amz-Signature=");
    expect(textMayHoldSecrets(text)).toBe(true);
    const out = expectRedacted(text);
    const kept = (JSON.parse(out) as { metadata: { annotations: Record<string, string> } }).metadata
      .annotations["example.com/download"]!;
    const query = new URL(kept).searchParams;
    expect(query.get("X-Amz-Algorithm")).toBe("AWS4");
    expect(query.get("keep")).toBe("visible");
    expect(query.get("sig")).toMatch(/^\[redacted len=17 /);
  });

  it("are found in a document inside a JSON string, escapes doubled, and leave it valid JSON", () => {
    const text = goJson({ "kubectl.kubernetes.io/last-applied-configuration": goJson({ spec: { url } }) });
    expect(text).toContain("\\\\u0026sig=");
    expect(textMayHoldSecrets(text)).toBe(true);
    const out = expectRedacted(text);
    const inner = JSON.parse(
      (JSON.parse(out) as Record<string, string>)["kubectl.kubernetes.io/last-applied-configuration"]!,
    ) as { spec: { url: string } };
    expect(new URL(inner.spec.url).searchParams.get("keep")).toBe("visible");
  });

  it("end where an escaped quote closes the string (the backslash is not part of the value)", () => {
    const text = JSON.stringify({ a: JSON.stringify({ u: `https://x.example/p?a=1&sig=${SIG}` }) });
    const out = expectRedacted(text);
    const inner = JSON.parse((JSON.parse(out) as { a: string }).a) as { u: string };
    expect(new URL(inner.u).searchParams.get("sig")).toMatch(/^\[redacted len=17 /);
  });

  it("keep an escaped slash inside the value they redact", () => {
    const text = `{"u":"https:\\/\\/x.example\\/p?a=1&sig=${SLASHED[0]}\\/${SLASHED[1]}&b=2"}`;
    const out = expectRedacted(text);
    expect(new URL((JSON.parse(out) as { u: string }).u).searchParams.get("b")).toBe("2");
  });

  it("take a backslash that starts no JSON escape into the value, in plain text", () => {
    const out = redactSecretText(`GET /p?sig=${SLASHED[0]}\\${SLASHED[1]}&b=2 failed`);
    for (const s of SLASHED) expect(out).not.toContain(s);
    expect(out).toMatch(/&b=2 failed$/);
  });

  it("are redacted in an exchange's text body", () => {
    const exchange: Exchange = {
      seq: 0,
      startedAt: "2026-12-05T10:00:00.000000Z",
      durationMs: 1,
      request: {
        method: "GET",
        url: "https://127.0.0.1:6443/api/v1/namespaces/default/configmaps/x",
        headers: {},
      },
      response: {
        status: 200,
        statusText: "OK",
        headers: { "Content-Type": "text/plain" },
        body: { kind: "text", text: goJson({ data: { link: url } }), bytes: 0 },
      },
    };
    const out = JSON.stringify(redactExchange(exchange));
    for (const s of SECRETS.slice(0, 2)) expect(out).not.toContain(s);
  });
});

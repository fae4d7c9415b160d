// Issue 17, item 9: the marker `[redacted len=N sha256:XXXXXXXX]` was an unkeyed hash of the value: anyone holding a
// cassette could confirm a guess of a low-entropy password offline. Markers are now keyed by a per-user key file.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { redactExchange } from "../../src/record/index.js";
import { redactionMarker } from "../../src/record/redact/redact.js";
import type { Exchange } from "../../src/index.js";
import { tempDir } from "../helpers/temp-dir.js";

const ENV = "KUBEWIRE_REDACTION_KEY_FILE";
const saved = process.env[ENV];
afterEach(() => {
  process.env[ENV] = saved;
});

function exchangeWith(password: string): Exchange {
  return {
    seq: 0,
    startedAt: "2026-01-01T00:00:00.000000Z",
    durationMs: 1,
    request: { method: "GET", url: "https://h/api/v1/namespaces/default/secrets/s", headers: {} },
    response: {
      status: 200,
      statusText: "OK",
      headers: { "Content-Type": "application/json" },
      body: { kind: "json", value: { kind: "Secret", apiVersion: "v1", data: { password } }, bytes: 10 },
    },
  };
}

describe("the redaction marker", () => {
  it("carries no unkeyed digest: a guess cannot be confirmed without the user's key", () => {
    const guess = Buffer.from("hunter2").toString("base64");
    const text = JSON.stringify(redactExchange(exchangeWith(guess)));
    // Every unkeyed digest of the guess a reader could compute, as hex prefixes.
    for (const prefix of ["kubewire-redaction-v1\0", "kubewire-redaction-v2\0", ""]) {
      const digest = createHash("sha256").update(prefix).update(guess).digest("hex");
      expect(text).not.toContain(digest.slice(0, 8));
    }
    expect(text).not.toContain("sha256:");
  });

  it("is keyed by a per-user key file created with mode 0600, so another key gives another marker", () => {
    const dir = tempDir("key");
    process.env[ENV] = join(dir, "a", "redaction.key");
    const a = redactionMarker("same-value");
    expect(redactionMarker("same-value")).toBe(a);
    expect(statSync(process.env[ENV]).mode & 0o777).toBe(0o600);
    expect(readFileSync(process.env[ENV], "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
    process.env[ENV] = join(dir, "b", "redaction.key");
    expect(redactionMarker("same-value")).not.toBe(a);
    expect(a).toMatch(/^\[redacted len=10 hmac:[0-9a-f]{8}\]$/);
  });

  it("replaces the unkeyed markers of older cassettes with keyless ones", () => {
    const old = redactExchange(exchangeWith("[redacted len=12 sha256:0123abcd]"));
    expect(JSON.stringify(old)).not.toContain("sha256:");
    expect(JSON.stringify(old)).toContain("[redacted len=12]");
  });
});

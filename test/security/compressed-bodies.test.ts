import { gzipSync, deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { redactBody } from "../../src/record/redact/redact.js";
import { redactExchange, serializeCassette } from "../../src/record/index.js";
import type { Body, Exchange } from "../../src/index.js";

// A body kept compressed (a request the recorder keeps as sent with its Content-Encoding, a HAR entry, an answer
// compressed without saying so) is binary: the secret words were looked for in the compressed bytes, where they
// cannot be seen, so a ConfigMap's password written gzip'd stayed in the cassette for anyone to inflate. A gzip or
// zlib stream is looked into (up to 64 MiB inflated; beyond, or compressed more than four times over, it goes whole).
const SECRET = "hunter2S3cretGzipped";
const configMap = JSON.stringify({
  kind: "ConfigMap",
  apiVersion: "v1",
  metadata: { name: "a" },
  data: { password: SECRET },
});

function binary(bytes: Buffer): Body {
  return { kind: "binary", base64: bytes.toString("base64"), bytes: bytes.length };
}

describe("a compressed body", () => {
  it("that holds a secret goes whole, gzip or zlib, also compressed twice", () => {
    for (const bytes of [gzipSync(configMap), deflateSync(configMap), gzipSync(gzipSync(configMap))]) {
      const { body, changed } = redactBody(binary(bytes), {
        url: "https://h/api/v1/namespaces/d/configmaps",
      });
      expect(changed).toBe(true);
      expect(body.kind).toBe("text");
      expect(body.kind === "text" ? body.text : "").toMatch(/^\[redacted len=\d+ /);
    }
  });

  it("that holds none is kept as it is", () => {
    const bytes = gzipSync(JSON.stringify({ kind: "ConfigMap", data: { colour: "blue" } }));
    const original = binary(bytes);
    expect(redactBody(original).body).toBe(original);
    // Bytes that only begin like a stream are no stream.
    const notGzip = binary(Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    expect(redactBody(notGzip).body).toBe(notGzip);
    // Compressed four times over and holding nothing: looked into to the bottom, and kept.
    let deep = Buffer.from("nothing");
    for (let i = 0; i < 4; i++) deep = gzipSync(deep);
    const four = binary(deep);
    expect(redactBody(four).body).toBe(four);
  });

  it("sent gzip'd by a client, in the cassette", () => {
    const bytes = gzipSync(configMap);
    const exchange: Exchange = {
      seq: 0,
      startedAt: "2026-12-05T10:00:00.000000Z",
      durationMs: 1,
      request: {
        method: "POST",
        url: "https://127.0.0.1:6443/api/v1/namespaces/d/configmaps",
        headers: { "Content-Encoding": "gzip", "Content-Type": "application/json" },
        body: binary(bytes),
      },
      response: { status: 201, statusText: "Created", headers: {} },
    };
    const cassette = serializeCassette({
      version: 1,
      recordedAt: "2026-12-05T10:00:00.000000Z",
      exchanges: [redactExchange(exchange)],
    });
    expect(cassette).not.toContain(bytes.toString("base64"));
    expect(cassette).not.toContain(SECRET);
  });
});

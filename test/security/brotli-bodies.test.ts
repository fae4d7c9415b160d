import { brotliCompressSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { redactBody } from "../../src/record/redact/redact.js";
import { redactExchange, serializeCassette } from "../../src/record/index.js";
import type { Body, Exchange } from "../../src/index.js";

// A body kept Brotli-compressed (Content-Encoding: br) is binary: its secret words cannot be seen in the bytes, and
// the cassette kept them for anyone to decompress. Brotli has no magic number: the exchange's Content-Encoding says
// so, and bytes said to be Brotli that cannot be read go whole (as gzip and zlib, see compressed-bodies.test.ts).
const SECRET = "hunter2S3cretBrotli";
const configMap = JSON.stringify({ kind: "ConfigMap", metadata: { name: "a" }, data: { password: SECRET } });

function binary(bytes: Buffer): Body {
  return { kind: "binary", base64: bytes.toString("base64"), bytes: bytes.length };
}

describe("a Brotli body", () => {
  it("that holds a secret goes whole, said to be Brotli or not, and inside gzip", () => {
    const bytes = brotliCompressSync(configMap);
    for (const [body, contentEncoding] of [
      [bytes, "br"],
      [bytes, undefined],
      [gzipSync(bytes), "gzip"],
    ] as const) {
      const r = redactBody(binary(body), {
        url: "https://h/api/v1/namespaces/d/configmaps",
        contentEncoding,
      });
      expect(r.changed).toBe(true);
      expect(r.body.kind === "text" ? r.body.text : "").toMatch(/^\[redacted len=\d+ /);
    }
  });

  it("said to be Brotli that cannot be read goes whole; one that holds nothing is kept", () => {
    const garbled = binary(Buffer.from([0x1b, 0xff, 0xff, 0x00, 0x42, 0x42]));
    expect(redactBody(garbled, { contentEncoding: "gzip, br" }).changed).toBe(true);
    expect(redactBody(garbled).body).toBe(garbled);
    const clean = binary(brotliCompressSync(JSON.stringify({ kind: "ConfigMap", data: { colour: "blue" } })));
    expect(redactBody(clean, { contentEncoding: "br" }).body).toBe(clean);
  });

  it("sent by a client with Content-Encoding: br, in the cassette", () => {
    const bytes = brotliCompressSync(configMap);
    const exchange: Exchange = {
      seq: 0,
      startedAt: "2026-12-05T10:00:00.000000Z",
      durationMs: 1,
      request: {
        method: "POST",
        url: "https://127.0.0.1:6443/api/v1/namespaces/d/configmaps",
        headers: { "Content-Encoding": "br", "Content-Type": "application/json" },
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
  });
});

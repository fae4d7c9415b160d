import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { redactBody } from "../../src/record/redact/redact.js";
import { redactExchange, serializeCassette } from "../../src/record/index.js";
import type { Body, Exchange } from "../../src/index.js";

// A body kept compressed (a request the recorder keeps as sent with its Content-Encoding, a HAR entry, an answer
// compressed without saying so) is binary: the secret words were looked for in the compressed bytes, where they
// cannot be seen, so a ConfigMap's password written gzip'd stayed in the cassette for anyone to inflate. A gzip or
// zlib stream is looked into (up to 64 MiB inflated; beyond, or compressed more than four times over, it goes whole).
// Brotli has no magic number: a body goes through it when the exchange's Content-Encoding says `br`, or when nothing
// else reads it; bytes said to be Brotli that cannot be read go whole.
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

  it("that holds a secret goes whole when Brotli, said to be or not, and inside gzip", () => {
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

  for (const [encoding, compress] of [
    ["gzip", gzipSync],
    ["br", brotliCompressSync],
  ] as const) {
    it(`sent with Content-Encoding: ${encoding} by a client, in the cassette`, () => {
      const bytes = compress(configMap);
      const exchange: Exchange = {
        seq: 0,
        startedAt: "2026-12-05T10:00:00.000000Z",
        durationMs: 1,
        request: {
          method: "POST",
          url: "https://127.0.0.1:6443/api/v1/namespaces/d/configmaps",
          headers: { "Content-Encoding": encoding, "Content-Type": "application/json" },
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
  }
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Body, Exchange } from "../../../src/index.js";
import { bodyBytes, bodyFromBytes, jsonBody, streamBody } from "../../../src/record/index.js";
import { isRedactionMarker, redactExchange } from "../../../src/record/redact/redact.js";
import { canonicalHeaderKey } from "../../../src/internal/canonical-header.js";
import { replayCurlCommand, shellQuote } from "../../../src/kubectl/traffic-log/curl.js";
import { runs } from "../../reliability/support/fuzz-support.js";
import { session, toExchange } from "../../reliability/support/secret-material.js";

/**
 * The curl command's quoting escapes with one replace, and takes a body held as text without encoding it to
 * bytes and back; both are held to the code they replace (a walk of the code points, and the bytes' round trip),
 * kept here as the reference.
 */

function referenceShellQuote(text: string): string {
  if (!/[\u0000-\u001f\u007f]/.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === "\\" || ch === "'") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `$'${out}'`;
}

const SKIPPED = new Set(["host", "content-length", "connection", "transfer-encoding"]);

function referenceCurl(exchange: Exchange, options: { showSecrets?: boolean } = {}): string {
  const ex = options.showSecrets ? exchange : redactExchange(exchange);
  const parts = ["curl", "-v", "-X", ex.request.method];
  for (const [name, value] of Object.entries(ex.request.headers)) {
    if (SKIPPED.has(name.toLowerCase())) continue;
    const key = canonicalHeaderKey(name);
    for (const v of Array.isArray(value) ? value : [value]) {
      const bearer = /^(bearer) (.*)$/i.exec(v);
      if (key === "Authorization" && bearer && (isRedactionMarker(bearer[2]) || bearer[2] === "<masked>"))
        parts.push("-H", `"${key}: ${bearer[1]} $KUBE_TOKEN"`);
      else parts.push("-H", referenceShellQuote(`${key}: ${v}`));
    }
  }
  const body = ex.request.body;
  if (body) {
    const bytes = bodyBytes(body);
    const text = bytes.toString("utf8");
    const binary =
      Buffer.from(text, "utf8").equals(bytes) === false || /[\u0000-\u0008\u000e-\u001f]/.test(text);
    parts.push(
      "--data-binary",
      binary ? `@<(printf %s ${bytes.toString("base64")} | base64 -d)` : referenceShellQuote(text),
    );
  }
  parts.push(referenceShellQuote(ex.request.url));
  return parts.join(" ");
}

/** Text of every awkward kind: control characters, quotes, backslashes, pairs and lone halves of surrogates. */
const awkward = fc
  .array(
    fc.oneof(
      fc.string({ unit: "binary" }),
      fc.constantFrom("\n", "\t", "\r", "\u0000", "\u001b", "\u007f", "'", "\\", "\u2028", "é", "😀"),
      fc.constantFrom("\ud800", "\udfff", "\ud83d", "\ude00"),
      fc.string(),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));

const body: fc.Arbitrary<Body> = fc.oneof(
  awkward.map((text): Body => ({ kind: "text", text, bytes: Buffer.byteLength(text) })),
  fc.jsonValue().map((v) => jsonBody(v)),
  fc.dictionary(awkward, awkward).map((v) => jsonBody(v)),
  fc.uint8Array({ maxLength: 40 }).map((b) => bodyFromBytes(b, "application/json") ?? jsonBody(null)),
  fc.uint8Array({ maxLength: 40 }).map((b) => bodyFromBytes(b, "text/plain") ?? jsonBody(null)),
  fc
    .uint8Array({ maxLength: 40 })
    .map((b): Body => ({ kind: "binary", base64: Buffer.from(b).toString("base64"), bytes: b.length })),
  fc.array(awkward, { maxLength: 3 }).map((t) => streamBody(t.map((text, i) => ({ atMs: i, text })))),
);

describe("the replayed curl command", () => {
  it("quotes any text as the walk of its code points did", () => {
    fc.assert(
      fc.property(awkward, (text) => {
        expect(shellQuote(text)).toBe(referenceShellQuote(text));
      }),
      runs(2000, 7301),
    );
  });

  it("is the command the bytes' round trip made, for bodies of every kind and headers of every name", () => {
    fc.assert(
      fc.property(
        body,
        fc.dictionary(fc.constantFrom("Authorization", "authorization", "X-Auth", "Accept", "Host"), awkward),
        fc.boolean(),
        (b, headers, showSecrets) => {
          const exchange: Exchange = {
            seq: 0,
            startedAt: "2026-03-01T10:00:00.000001Z",
            durationMs: 1,
            request: { method: "POST", url: "https://127.0.0.1:6443/api/v1/x?a='b'", headers, body: b },
          };
          expect(replayCurlCommand(exchange, { showSecrets })).toBe(referenceCurl(exchange, { showSecrets }));
        },
      ),
      runs(1000, 7302),
    );
  });

  it("is the same for sessions full of secrets, recorded or loaded from a cassette", () => {
    fc.assert(
      fc.property(session, fc.boolean(), (s, loaded) => {
        for (const [i, w] of s.entries()) {
          const captured = toExchange(w, i);
          const e = loaded ? (JSON.parse(JSON.stringify(captured)) as Exchange) : captured;
          expect(replayCurlCommand(e)).toBe(referenceCurl(e));
          const bearer = { ...e, request: { ...e.request, headers: { Authorization: "Bearer <masked>" } } };
          expect(replayCurlCommand(bearer)).toBe(referenceCurl(bearer));
        }
      }),
      runs(150, 7303),
    );
  });
});

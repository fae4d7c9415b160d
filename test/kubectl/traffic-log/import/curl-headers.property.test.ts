import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bytesAsEscapedText } from "../../../../src/internal/escaped-bytes.js";
import { goQuote, goQuoteBytes } from "../../../../src/kubectl/go/quote.js";
import { parseKubectlCurl } from "../../../../src/kubectl/traffic-log/import/parse.js";

/**
 * parseKubectlCurl reads each `-H "…"` as text at once when it can (goUnquoteString) instead of making it bytes and
 * decoding them. Property: whatever a header holds (escapes of every kind, non-ASCII, astral characters, invalid
 * UTF-8 bytes, quotes and backslashes), each header reads back as its bytes (those that are not UTF-8 kept, escaped:
 * see `bytesAsEscapedText`), split at its first colon (one space after it dropped), in the logged order, with the
 * URL after them.
 */
const headerBytes = fc.oneof(
  fc
    .tuple(fc.string({ unit: "binary", maxLength: 12 }), fc.string({ unit: "binary", maxLength: 30 }))
    .map(([k, v]) => Buffer.from(`${k.replace(/:/g, "") || "X"}: ${v}`, "utf8")),
  fc
    .tuple(fc.stringMatching(/^[A-Za-z-]{1,12}$/), fc.uint8Array({ maxLength: 30 }))
    .map(([k, v]) => Buffer.concat([Buffer.from(`${k}:`), Buffer.from(v)])),
  fc.constantFrom(
    Buffer.from('Accept: application/json, */*"quoted\\"'),
    Buffer.from("User-Agent: kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0"),
    Buffer.from("X-Odd: \u0001\u0008\u000c\u007f\u0085 \u00e9 \ud83d\ude80"),
    Buffer.from([0x41, 0x3a, 0x20, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
  ),
);

describe("parseKubectlCurl headers", () => {
  it("reads every header back as its bytes, however it was quoted", () => {
    fc.assert(
      fc.property(fc.array(headerBytes, { maxLength: 5 }), fc.boolean(), (headers, asText) => {
        const quoted = headers.map((h) => {
          const text = h.toString("utf8");
          // goQuote of the text where the bytes are its UTF-8, goQuoteBytes (byte escapes) otherwise.
          return asText && Buffer.from(text, "utf8").equals(h) ? goQuote(text) : goQuoteBytes(h);
        });
        const line = `curl -v -XGET ${quoted.map((q) => ` -H ${q}`).join("")} 'https://127.0.0.1:6443/api/v1/pods'`;
        const parsed = parseKubectlCurl(line);
        expect(parsed?.url).toBe("https://127.0.0.1:6443/api/v1/pods");
        const expected = headers.flatMap((h) => {
          const text = bytesAsEscapedText(h);
          const colon = text.indexOf(":");
          return colon > 0 ? [[text.slice(0, colon), text.slice(colon + 1).replace(/^ /, "")]] : [];
        });
        expect(parsed?.headers).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

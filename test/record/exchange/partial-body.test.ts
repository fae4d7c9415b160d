import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bodyBytes,
  bodyText,
  capturedIsBinary,
  capturedText,
  partialBodyFromBytes,
  plainBody,
} from "../../../src/record/exchange/body.js";
import type { Body } from "../../../src/record/exchange/exchange.js";

/** What the log import made of a truncated body before it was lazy: text only when it reads back as these bytes. */
function eagerPartialBody(bytes: Buffer, count: number): Body {
  const text = isUtf8(bytes) ? bytes.toString("utf8") : undefined;
  const binary =
    text === undefined ||
    text.charCodeAt(0) === 0xfeff ||
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text);
  return binary
    ? { kind: "binary", base64: bytes.toString("base64"), bytes: count, truncated: true }
    : { kind: "text", text, bytes: count, truncated: true };
}

/** Bytes that are often UTF-8 text, sometimes with a BOM, a control character or a broken sequence. */
const someBytes = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 64 }).map((s) => Buffer.from(s, "utf8")),
  fc
    .tuple(
      fc.constantFrom("", "\ufeff", "\u0001", "\t", "\r\n", "\u001f", "\u007f"),
      fc.string({ unit: "binary", maxLength: 64 }),
    )
    .map(([head, s]) => Buffer.from(head + s, "utf8")),
  fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
);

describe("partialBodyFromBytes", () => {
  it("reads as the eager body it replaces, whatever the bytes", () => {
    fc.assert(
      fc.property(someBytes, fc.nat({ max: 1 << 20 }), (bytes, extra) => {
        const count = bytes.length + extra;
        const eager = eagerPartialBody(bytes, count);
        const lazy = partialBodyFromBytes(bytes, count);
        expect(plainBody(lazy)).toStrictEqual(plainBody(eager));
        expect({ ...lazy }).toEqual(eager);
        expect(lazy.kind).toBe(eager.kind);
        expect(capturedIsBinary(lazy)).toBe(eager.kind === "binary");
        expect(capturedText(lazy)).toBe(eager.kind === "text" ? eager.text : undefined);
        expect(bodyText(lazy)).toBe(bodyText(eager));
        expect(bodyBytes(lazy).equals(bodyBytes(eager))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps a BOM-led, a control-holding and a broken text as binary", () => {
    for (const bytes of [
      Buffer.from("\ufeff{}", "utf8"),
      Buffer.from("a\u0000b", "utf8"),
      Buffer.from([0x7b, 0xe2, 0x82]),
    ])
      expect(partialBodyFromBytes(bytes, 100).kind).toBe("binary");
    expect(plainBody(partialBodyFromBytes(Buffer.from('{"a":"\tb\r\n'), 20))).toStrictEqual({
      kind: "text",
      text: '{"a":"\tb\r\n',
      bytes: 20,
      truncated: true,
    });
  });
});

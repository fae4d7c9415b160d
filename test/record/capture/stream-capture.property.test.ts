import { StringDecoder } from "node:string_decoder";
import fc from "fast-check";
import type { Dispatcher } from "undici";
import { describe, expect, it } from "vitest";
import { recordingInterceptor } from "../../../src/record/index.js";
import type { Exchange } from "../../../src/index.js";
import { StreamCapture } from "../../../src/record/capture/stream-capture.js";
import { cutBytes } from "../../helpers/chunks.js";

/**
 * What the recorder kept of a stream before it held bytes instead of text while the stream runs: each chunk
 * decoded as it came (a character split across chunks decoded whole), chunks that decoded to nothing skipped, the
 * cap counted in UTF-16 code units, and what the decoder held at the end kept unless the stream was cut.
 */
function reference(chunks: Buffer[], max: number): { texts: string[]; cut: boolean } {
  const decoder = new StringDecoder("utf8");
  const texts: string[] = [];
  let kept = 0;
  let cut = false;
  for (const chunk of chunks) {
    const text = decoder.write(chunk);
    if (!text) continue;
    if (cut || kept + text.length > max) {
      cut = true;
      continue;
    }
    kept += text.length;
    texts.push(text);
  }
  const rest = decoder.end();
  if (rest && !cut) texts.push(rest);
  return { texts, cut };
}

/** Records one watch whose answer comes in the given chunks, straight through the interceptor's handler. */
function recorded(chunks: Buffer[], maxStreamBytes: number): Exchange {
  let exchange: Exchange | undefined;
  let handler: Dispatcher.DispatchHandler | undefined;
  const dispatch = recordingInterceptor({ maxStreamBytes, onExchange: (e) => (exchange = e) })((_opts, h) => {
    handler = h;
    return true;
  });
  const noop = () => {};
  dispatch(
    { origin: "http://127.0.0.1:1", path: "/api/v1/configmaps?watch=true", method: "GET", headers: {} },
    {
      onRequestStart: noop,
      onResponseStart: noop,
      onResponseData: noop,
      onResponseEnd: noop,
      onResponseError: noop,
    },
  );
  const controller = { pause: noop, resume: noop, abort: noop } as unknown as Dispatcher.DispatchController;
  handler!.onRequestStart!(controller, {});
  handler!.onResponseStart!(controller, 200, { "content-type": "application/json" }, "OK");
  for (const chunk of chunks) handler!.onResponseData!(controller, chunk);
  handler!.onResponseEnd!(controller, {});
  return exchange!;
}

/** Text with multi-byte characters, and bytes that are not UTF-8 (lone continuation bytes, cut sequences). */
const piece = fc.oneof(
  fc.string({ unit: "grapheme-ascii", maxLength: 20 }).map((s) => Buffer.from(s)),
  fc.string({ unit: "binary", maxLength: 8 }).map((s) => Buffer.from(s)),
  fc.constantFrom("é", "€", "😀", "\u{10FFFF}", "\n").map((s) => Buffer.from(s)),
  fc.uint8Array({ minLength: 1, maxLength: 4 }).map((a) => Buffer.from(a)),
  fc
    .constantFrom([0xe2], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0x80], [0xff], [0xc3])
    .map((a) => Buffer.from(a)),
);

describe("a recorded stream's text", () => {
  // StreamCapture itself: through the recorder, the text would also be redacted.
  it("is what decoding each chunk as it came made, with the same cap, however the bytes are cut", () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.nat({ max: 400 }),
        (pieces, at, max) => {
          const chunks = cutBytes(Buffer.concat(pieces), at);
          const want = reference(chunks, max);
          const capture = new StreamCapture(max);
          chunks.forEach((chunk, i) => capture.push(chunk, i));
          expect(capture.cut).toBe(want.cut);
          const got = capture.chunks(chunks.length);
          expect(got.map((c) => c.text)).toEqual(want.texts);
          // Each chunk is timed by the chunk that completed its text (the rest, by the end).
          for (let i = 1; i < got.length; i++) expect(got[i]!.atMs).toBeGreaterThan(got[i - 1]!.atMs);
        },
      ),
      { numRuns: 3000 },
    );
  });

  // Through the recorder: the exchange's body.
  it("keeps the chunks' order and times, and long streams across its blocks", () => {
    // 300 KiB in uneven chunks, some ending inside a character: more than one block of kept bytes.
    const text = "αβγ-event-€😀\n".repeat(15_000);
    const bytes = Buffer.from(text);
    const at = Array.from({ length: 200 }, (_, i) => (i * 7919 * 13) % bytes.length);
    const chunks = cutBytes(bytes, at);
    const body = recorded(chunks, 4 * 1024 * 1024).response?.body;
    expect(body?.kind).toBe("stream");
    if (body?.kind !== "stream") return;
    expect(body.chunks.map((c) => c.text)).toEqual(reference(chunks, 4 * 1024 * 1024).texts);
    expect(body.chunks.map((c) => c.text).join("")).toBe(text);
    expect(body.truncated).toBeUndefined();
    for (let i = 1; i < body.chunks.length; i++)
      expect(body.chunks[i]!.atMs).toBeGreaterThanOrEqual(body.chunks[i - 1]!.atMs);
  });
});

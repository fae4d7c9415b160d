import { StringDecoder } from "node:string_decoder";

/** Bodies up to this size are decoded through the shared scratch buffer; a larger one is joined afresh. */
export const SCRATCH_LIMIT = 8 * 1024 * 1024;

// Held weakly: reused while responses keep coming (a paginated list), let go by the collector once they stop.
let scratch: WeakRef<Buffer> | undefined;

function scratchOf(size: number): Buffer {
  const held = scratch?.deref();
  if (held && held.length >= size) return held;
  const fresh = Buffer.allocUnsafe(Math.max(size, held?.length ?? 0));
  scratch = new WeakRef(fresh);
  return fresh;
}

/**
 * The UTF-8 text of a body's chunks as one flat string (invalid sequences become U+FFFD, as `toString` makes them).
 * Up to {@link SCRATCH_LIMIT} the chunks are copied into one reused buffer and decoded in one call: no fresh joined
 * buffer per response (external memory V8 collects late), and no string per chunk concatenated, then flattened again
 * by `JSON.parse` (twice the text in garbage per page of a paginated list). Copy and decoding are synchronous, so
 * concurrent requests never share the buffer mid-use.
 */
export function utf8OfChunks(chunks: readonly Buffer[]): string {
  if (chunks.length === 1) return chunks[0]!.toString("utf8");
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  if (total > SCRATCH_LIMIT) {
    const decoder = new StringDecoder("utf8");
    let text = "";
    for (const chunk of chunks) text += decoder.write(chunk);
    return text + decoder.end();
  }
  const buffer = scratchOf(total);
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(buffer, at);
  return buffer.toString("utf8", 0, total);
}

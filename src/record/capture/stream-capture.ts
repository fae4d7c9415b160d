import { isAscii } from "node:buffer";
import { StringDecoder } from "node:string_decoder";
import type { StreamChunk } from "../exchange/exchange.js";

/** The largest block the kept bytes are copied into (below glibc's 128 KiB mmap threshold). */
const MAX_BLOCK_BYTES = 64 * 1024;
/** The first block's size: a short watch takes little. */
const MIN_BLOCK_BYTES = 4 * 1024;

/**
 * The kept prefix of a stream (a watch, a followed log) while it runs: the bytes of each chunk, copied into a few
 * blocks, and the text they make, decoded once, when the exchange is made ({@link StreamCapture.chunks}). The text
 * is what the recorder's callers get, exactly as a UTF-8 decoder fed the chunks one by one makes it (a character
 * split across two chunks is decoded whole), with the cap counted in its UTF-16 code units as it comes.
 *
 * Why bytes and not text while the stream runs: a chunk of text is a string on V8's heap that lives as long as the
 * stream, so every kept chunk survived the young generation's collections; 4 MiB of them (the default cap) made V8
 * double its young generation (8 to 16 MiB semi-spaces in `kubewire proxy`), whose pages then turn resident one by
 * one as the watch goes on (issue 14). Bytes in a few blocks outside the heap survive as a handful of objects.
 */
export class StreamCapture {
  readonly #max: number;
  /** Counts the text's code units as the chunks come; what it decodes is thrown away. */
  readonly #counter = new StringDecoder("utf8");
  /** Whether the counter holds no part of a character, so that an ASCII chunk is its own text (not decoded). */
  #counterIdle = true;
  #blocks: Buffer[] = [];
  /** Bytes used in the last block. */
  #used = 0;
  /** Bytes kept in all. */
  #size = 0;
  /**
   * Per chunk kept, in order: the milliseconds it came at (or -1 when it ended no text: the start of a character
   * the next chunk completes) and its length in bytes.
   */
  #writes: number[] = [];
  #kept = 0;
  #cut = false;

  constructor(maxTextLength: number) {
    this.#max = maxTextLength;
  }

  /** Whether the stream went past the cap: from then on it is counted by the caller, not kept. */
  get cut(): boolean {
    return this.#cut;
  }

  /** Keeps a chunk that came `atMs` after the answer's head, unless it would take the text past the cap. */
  push(bytes: Buffer, atMs: number): void {
    if (this.#cut || bytes.length === 0) return;
    let length: number;
    if (this.#counterIdle && isAscii(bytes)) length = bytes.length;
    else {
      length = this.#counter.write(bytes).length;
      // Only a chunk ending inside a multi-byte character leaves part of it in the decoder.
      this.#counterIdle = bytes[bytes.length - 1]! < 0x80;
    }
    if (this.#kept + length > this.#max) {
      this.#cut = true;
      return;
    }
    this.#kept += length;
    this.#append(bytes);
    this.#writes.push(length > 0 ? atMs : -1, bytes.length);
  }

  /**
   * The kept text as timed chunks, and, when the stream was not cut, the end of a character it stopped inside
   * (`U+FFFD`) at `endAtMs`. The bytes are let go: call it once.
   */
  chunks(endAtMs: number): StreamChunk[] {
    const decoder = new StringDecoder("utf8");
    const out: StreamChunk[] = [];
    let block = 0;
    let offset = 0;
    const take = (length: number): Buffer => {
      const first = this.#blocks[block]!;
      if (offset + length <= first.length) {
        const bytes = first.subarray(offset, offset + length);
        offset += length;
        return bytes;
      }
      const parts: Buffer[] = [];
      for (let left = length; left > 0;) {
        const current = this.#blocks[block]!;
        if (offset === current.length) {
          block++;
          offset = 0;
          continue;
        }
        const n = Math.min(left, current.length - offset);
        parts.push(current.subarray(offset, offset + n));
        offset += n;
        left -= n;
      }
      return Buffer.concat(parts, length);
    };
    let text = "";
    for (let i = 0; i < this.#writes.length; i += 2) {
      text += decoder.write(take(this.#writes[i + 1]!));
      const atMs = this.#writes[i]!;
      if (atMs >= 0) {
        out.push({ atMs, text });
        text = "";
      }
    }
    if (!this.#cut) {
      const rest = text + decoder.end();
      if (rest) out.push({ atMs: endAtMs, text: rest });
    }
    this.#blocks = [];
    this.#writes = [];
    return out;
  }

  #append(bytes: Buffer): void {
    let from = 0;
    while (from < bytes.length) {
      let block = this.#blocks.at(-1);
      if (!block || this.#used === block.length) {
        const size = Math.min(MAX_BLOCK_BYTES, Math.max(MIN_BLOCK_BYTES, this.#size));
        block = Buffer.allocUnsafeSlow(size);
        this.#blocks.push(block);
        this.#used = 0;
      }
      const n = bytes.copy(block, this.#used, from);
      this.#used += n;
      from += n;
    }
    this.#size += bytes.length;
  }
}

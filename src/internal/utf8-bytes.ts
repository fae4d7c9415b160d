import { escapedTextBytes, hasEscapedBytes } from "./escaped-bytes.js";

/**
 * `Buffer.from(text, "utf8")`, faster for ASCII text, and giving back the bytes that text made by
 * `bytesAsEscapedText` escaped (a log read from bytes that are not all UTF-8) as themselves, not as U+FFFD. Node encodes UTF-8 a character at a time (~1 GB/s), Latin-1 by
 * copying (~5 GB/s); the two give the same bytes exactly when every UTF-16 unit is below 0x80, which is exactly when
 * the UTF-8 length (counted natively, a quick scan) equals the string's length: any other unit takes 2 or more bytes
 * (a surrogate pair 4 for its 2 units, a lone surrogate 3). The usual log body, escaped JSON, is ASCII.
 */
export function utf8Bytes(text: string): Buffer {
  const length = Buffer.byteLength(text, "utf8");
  if (length === text.length) return Buffer.from(text, "latin1");
  return hasEscapedBytes(text) ? escapedTextBytes(text) : Buffer.from(text, "utf8");
}

/** The size of a slab, and of the largest text written into one (a larger one gets a buffer of its own). */
const SLAB_SIZE = 256 * 1024;
const SLAB_MAX = 64 * 1024;

/**
 * {@link utf8Bytes} written one after the other into shared slabs of 256 KiB, each result a view of its slab. A log
 * import makes a buffer for every body it keeps (thousands); a buffer of its own each is an ArrayBuffer each, which
 * V8 allocates, tracks as external memory and sweeps one by one: ~10 µs apiece in a 100 MB import, a tenth of its
 * time. The cost is that a buffer kept keeps its whole slab: for what keeps many of them together, as an import's
 * exchanges do. Synchronous, so concurrent imports share slabs safely.
 */
export class Utf8Slabs {
  #slab: Buffer = Buffer.alloc(0);
  #used = 0;

  bytes(text: string): Buffer {
    const length = Buffer.byteLength(text, "utf8");
    if (length > SLAB_MAX || (length !== text.length && hasEscapedBytes(text))) return utf8Bytes(text);
    if (this.#used + length > this.#slab.length) {
      this.#slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
      this.#used = 0;
    }
    const at = this.#used;
    this.#slab.write(text, at, length, length === text.length ? "latin1" : "utf8");
    this.#used = at + length;
    return this.#slab.subarray(at, at + length);
  }

  /** Lets go of the slab being filled: its bytes stay only as long as a buffer taken from it. */
  release(): void {
    this.#slab = Buffer.alloc(0);
    this.#used = 0;
  }
}

import { Duplex } from "node:stream";

/** Bytes that went each way through a {@link countingDuplex}. */
export interface DuplexCounts {
  /** Written into the stream (sent to the far side). */
  written: number;
  /** Read out of the stream (received from the far side). */
  read: number;
}

/**
 * A stream that stands in for `inner` and counts the bytes that pass each way, with `inner`'s backpressure and its
 * ends: `inner` ending ends reading, ending this ends `inner`, either closing closes the other (once what `inner`
 * sent has been read). `onClose` runs once, with the counts, when this stream closes.
 */
export function countingDuplex(inner: Duplex, onClose: (counts: DuplexCounts) => void): Duplex {
  const counts: DuplexCounts = { written: 0, read: 0 };
  const outer: Duplex = new Duplex({
    read() {
      inner.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      counts.written += chunk.length;
      inner.write(chunk, callback);
    },
    final(callback) {
      inner.end(callback);
    },
    destroy(error, callback) {
      inner.destroy(error ?? undefined);
      callback(error);
    },
  });
  let ended = false;
  inner.on("data", (chunk: Buffer) => {
    counts.read += chunk.length;
    if (!outer.push(chunk)) inner.pause();
  });
  inner.once("end", () => {
    ended = true;
    outer.push(null);
  });
  inner.once("error", (error) => outer.destroy(error));
  inner.once("close", () => {
    // What `inner` sent before it ended is still to be read out of this one; anything cut short ends it now.
    if (!ended || outer.readableEnded) outer.destroy();
    else outer.once("end", () => outer.destroy());
  });
  outer.once("close", () => {
    if (!inner.destroyed) inner.destroy();
    onClose({ ...counts });
  });
  return outer;
}

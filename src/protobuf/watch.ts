import { Decoder } from "./decode.js";
import { Encoder } from "./encode.js";
import type { EncodeOptions } from "./encode.js";
import { ProtobufDecodeError, ProtobufEncodeError } from "./errors.js";
import { messageNamed, WATCH_EVENT } from "./schema.js";

/** One event of a watch stream, as the JSON stream would carry it. */
export interface ProtobufWatchEvent {
  /** `ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK` or `ERROR`. */
  type: string;
  /** The object (a `Status` for `ERROR`), with `kind` and `apiVersion`. */
  object: unknown;
  /** Fields the 1.28 tables do not know, skipped, as Go skips them. */
  unknownFields: string[];
}

/**
 * Decodes one frame of a protobuf watch stream (its bytes, without the 4-byte length): a `meta.v1.WatchEvent`
 * whose object is a whole protobuf body (`k8s\0`, envelope, message) inside.
 */
export function decodeWatchEventFrame(frame: Uint8Array): ProtobufWatchEvent {
  if (!(frame instanceof Uint8Array)) throw new ProtobufDecodeError("frame", "expected bytes (a Uint8Array)");
  const d = new Decoder(frame);
  const value = d.message(messageNamed(WATCH_EVENT), [0, frame.length]) as { type: string; object: unknown };
  return { type: value.type, object: value.object, unknownFields: d.notes.unknownFields };
}

/**
 * Reads a protobuf watch stream as it arrives: frames are a 4-byte big-endian length then a WatchEvent (the API
 * server's `LengthDelimitedFramer`); chunks may cut frames anywhere.
 */
export class ProtobufWatchDecoder {
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;

  /** The events completed by `chunk`. @throws {ProtobufDecodeError} for a frame that is not a WatchEvent */
  push(chunk: Uint8Array): ProtobufWatchEvent[] {
    if (!(chunk instanceof Uint8Array))
      throw new ProtobufDecodeError("frame", "expected bytes (a Uint8Array)");
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    const events: ProtobufWatchEvent[] = [];
    for (;;) {
      if (this.#pendingBytes < 4) break;
      const head = this.#take(4, false);
      const length = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
      if (this.#pendingBytes < 4 + length) break;
      this.#take(4, true);
      events.push(decodeWatchEventFrame(this.#take(length, true)));
    }
    return events;
  }

  /** Bytes received that do not yet make a whole frame. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** Ends the stream. @throws {ProtobufDecodeError} (reason `frame`) when it stopped inside a frame */
  end(): void {
    if (this.#pendingBytes > 0)
      throw new ProtobufDecodeError(
        "frame",
        `the watch stream ended inside a frame (${this.#pendingBytes} bytes left)`,
      );
  }

  /** The first `n` pending bytes, removed when `consume`. */
  #take(n: number, consume: boolean): Uint8Array {
    const first = this.#pending[0]!;
    let out: Uint8Array;
    if (first.length >= n) out = first.subarray(0, n);
    else {
      out = new Uint8Array(n);
      let at = 0;
      for (const c of this.#pending) {
        const part = c.subarray(0, n - at);
        out.set(part, at);
        at += part.length;
        if (at === n) break;
      }
    }
    if (consume) {
      let left = n;
      while (left > 0) {
        const c = this.#pending[0]!;
        if (c.length <= left) {
          this.#pending.shift();
          left -= c.length;
        } else {
          this.#pending[0] = c.subarray(left);
          left = 0;
        }
      }
      this.#pendingBytes -= n;
    }
    return out;
  }
}

/** Decodes a whole protobuf watch stream body. @throws {ProtobufDecodeError} when it ends inside a frame */
export function decodeWatchStream(bytes: Uint8Array): ProtobufWatchEvent[] {
  const decoder = new ProtobufWatchDecoder();
  const events = decoder.push(bytes);
  decoder.end();
  return events;
}

/**
 * One watch event as the API server frames it: a 4-byte big-endian length, then the WatchEvent message whose
 * object is the object's own protobuf body (`k8s\0`, envelope, message).
 */
export function encodeWatchEventFrame(
  event: { type: string; object: unknown },
  options: EncodeOptions = {},
): Uint8Array {
  if (typeof event !== "object" || event === null || typeof event.type !== "string")
    throw new ProtobufEncodeError("", "a watch event needs a type and an object");
  const e = new Encoder(options);
  const w = e.w;
  w.raw(new Uint8Array(4));
  e.struct(messageNamed(WATCH_EVENT), event, true);
  const bytes = w.finish();
  const length = bytes.length - 4;
  bytes[0] = length >>> 24;
  bytes[1] = (length >>> 16) & 0xff;
  bytes[2] = (length >>> 8) & 0xff;
  bytes[3] = length & 0xff;
  return bytes;
}

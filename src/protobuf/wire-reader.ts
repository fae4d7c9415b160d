import { ProtobufDecodeError } from "./errors.js";

/**
 * Reads protobuf wire data the way gogo-protobuf's generated `Unmarshal` methods do: varints of at most 10 bytes
 * (bits past the 64th dropped), lengths checked against the message that holds them, unknown fields skipped by wire
 * type (groups included). Every failure is a {@link ProtobufDecodeError} with the byte offset.
 */
export class WireReader {
  readonly buf: Uint8Array;
  pos = 0;
  /** Low and high 32 bits (unsigned) of the last varint read. */
  lo = 0;
  hi = 0;
  #view: DataView | undefined;
  /** The JSON path being read, for error messages. */
  where: () => string | undefined = () => undefined;

  constructor(buf: Uint8Array) {
    this.buf = buf;
  }

  fail(
    reason: "truncated" | "varint" | "length" | "tag" | "wire-type",
    message: string,
    at = this.pos,
  ): never {
    throw new ProtobufDecodeError(reason, message, { offset: at, path: this.where() });
  }

  /** Reads a varint into {@link lo} and {@link hi}. */
  varint(end: number): void {
    const buf = this.buf;
    let pos = this.pos;
    if (pos >= end) this.fail("truncated", "a varint runs past the end of its message");
    let b = buf[pos++]!;
    if (b < 0x80) {
      this.lo = b;
      this.hi = 0;
      this.pos = pos;
      return;
    }
    let lo = b & 0x7f;
    let hi = 0;
    for (let i = 1; ; i++) {
      if (i === 10) this.fail("varint", "a varint longer than 10 bytes", pos);
      if (pos >= end) this.fail("truncated", "a varint runs past the end of its message");
      b = buf[pos++]!;
      const bits = b & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= (bits & 0x0f) << 28;
        hi = bits >>> 4;
      } else hi |= bits << (7 * i - 32); // i = 9 shifts by 31: only the lowest bit survives, as in Go
      if (b < 0x80) break;
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
    this.pos = pos;
  }

  /** A length-delimited value's length, checked to fit before `end`. */
  length(end: number): number {
    const at = this.pos;
    this.varint(end);
    if (this.hi !== 0 || this.lo > end - this.pos) {
      if (this.hi >= 0x80000000) this.fail("length", "a negative length", at);
      this.fail("truncated", "a length-delimited value runs past the end of its message", at);
    }
    return this.lo;
  }

  /** The last varint as Go's int32 (its low 32 bits, signed). */
  int32(): number {
    return this.lo | 0;
  }

  /** The last varint as Go's int64: a number when it is a safe integer, else a bigint. */
  int64(): number | bigint {
    const { lo, hi } = this;
    if (hi < 0x200000) return hi * 0x100000000 + lo;
    if (hi >= 0xffe00000 && !(hi === 0xffe00000 && lo === 0))
      return -((~hi >>> 0) * 0x100000000 + (~lo >>> 0) + 1);
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
  }

  double(end: number): number {
    if (end - this.pos < 8) this.fail("truncated", "a 64-bit value runs past the end of its message");
    this.#view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    const v = this.#view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** Skips one value of an unknown field (Go's `skipGenerated`). */
  skip(wireType: number, end: number): void {
    switch (wireType) {
      case 0:
        this.varint(end);
        return;
      case 1:
        if (end - this.pos < 8) this.fail("truncated", "a 64-bit value runs past the end of its message");
        this.pos += 8;
        return;
      case 2: {
        const n = this.length(end); // before `this.pos +=`, which would read pos before length moves it
        this.pos += n;
        return;
      }
      case 5:
        if (end - this.pos < 4) this.fail("truncated", "a 32-bit value runs past the end of its message");
        this.pos += 4;
        return;
      case 3: {
        // A group: skip fields up to its end-group tag, nested groups included.
        let depth = 1;
        while (depth > 0) {
          const at = this.pos;
          this.varint(end);
          const wt = this.lo & 7;
          if (wt === 4) depth--;
          else if (wt === 3) depth++;
          else if (wt === 6 || wt === 7) this.fail("wire-type", `illegal wire type ${wt}`, at);
          else this.skip(wt, end);
        }
        return;
      }
      case 4:
        this.fail("tag", "an end-group tag outside a group");
      // falls through: fail never returns
      default:
        this.fail("wire-type", `illegal wire type ${wireType}`);
    }
  }
}

const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Node's native slicers, which read a range of any Uint8Array without making a view of it. */
const latin1Slice = (
  Buffer.prototype as unknown as { latin1Slice: (this: Uint8Array, s: number, e: number) => string }
).latin1Slice;

/**
 * UTF-8 text as Go's encoding/json writes a Go string: valid text as is, each byte of an invalid sequence as one
 * U+FFFD (WHATWG decoders replace a whole maximal subpart instead, so they are used for valid text only).
 */
export function utf8Text(buf: Uint8Array, start: number, end: number): string {
  // ASCII (nearly every Kubernetes string) is read natively: no view, no decoder.
  let i = start;
  while (i < end && buf[i]! < 0x80) i++;
  if (i === end) return end - start < 16 ? asciiShort(buf, start, end) : latin1Slice.call(buf, start, end);
  return utf8Slow(buf, start, end);
}

function asciiShort(buf: Uint8Array, start: number, end: number): string {
  let out = "";
  for (let i = start; i < end; i++) out += String.fromCharCode(buf[i]!);
  return out;
}

function utf8Slow(buf: Uint8Array, start: number, end: number): string {
  try {
    return fatal.decode(buf.subarray(start, end));
  } catch {
    return goUtf8(buf, start, end);
  }
}

/** Go's `utf8.DecodeRune` loop: a sequence that is not valid UTF-8 yields U+FFFD and advances one byte. */
function goUtf8(buf: Uint8Array, start: number, end: number): string {
  let out = "";
  let i = start;
  while (i < end) {
    const b0 = buf[i]!;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    }
    const need =
      b0 >= 0xc2 && b0 <= 0xdf ? 1 : b0 >= 0xe0 && b0 <= 0xef ? 2 : b0 >= 0xf0 && b0 <= 0xf4 ? 3 : -1;
    let cp = need === 1 ? b0 & 0x1f : need === 2 ? b0 & 0x0f : b0 & 0x07;
    let ok = need > 0 && i + need < end;
    for (let k = 1; ok && k <= need; k++) {
      const b = buf[i + k]!;
      let lo = 0x80;
      let hi = 0xbf;
      if (k === 1) {
        if (b0 === 0xe0) lo = 0xa0;
        else if (b0 === 0xed) hi = 0x9f;
        else if (b0 === 0xf0) lo = 0x90;
        else if (b0 === 0xf4) hi = 0x8f;
      }
      if (b < lo || b > hi) ok = false;
      else cp = (cp << 6) | (b & 0x3f);
    }
    if (ok) {
      out += String.fromCodePoint(cp);
      i += need + 1;
    } else {
      out += "\ufffd";
      i++;
    }
  }
  return out;
}

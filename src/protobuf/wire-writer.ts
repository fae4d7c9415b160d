const encoder = new TextEncoder();

/**
 * Writes protobuf wire data forwards into one growing buffer. A nested message's length is known only once its
 * fields are written, so {@link begin} reserves one byte for it and {@link end} moves the message along when its
 * length needs more (a message over 127 bytes).
 */
export class WireWriter {
  buf: Uint8Array;
  pos = 0;
  #view: DataView | undefined;

  constructor(initial = 1024) {
    this.buf = new Uint8Array(initial);
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.#view = undefined;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** A non-negative integer below 2^32. */
  uint32(n: number): void {
    this.ensure(5);
    const buf = this.buf;
    while (n > 0x7f) {
      buf[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[this.pos++] = n;
  }

  /** 64 bits given as low and high unsigned halves. */
  uint64(lo: number, hi: number): void {
    if (hi === 0) return this.uint32(lo);
    this.ensure(10);
    const buf = this.buf;
    for (let i = 0; i < 4; i++) {
      buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo >>>= 7;
    }
    // 28 bits of lo are out; the next byte holds lo's last 4 bits and hi's first 3.
    let rest = hi;
    let b = (lo & 0x0f) | ((rest & 0x07) << 4);
    rest >>>= 3;
    while (rest > 0) {
      buf[this.pos++] = b | 0x80;
      b = rest & 0x7f;
      rest >>>= 7;
    }
    buf[this.pos++] = b;
  }

  /** Go's `encodeVarint(uint64(int32))`: a negative number is sign-extended to ten bytes. */
  int32(n: number): void {
    if (n >= 0) this.uint32(n);
    else this.uint64(n >>> 0, 0xffffffff);
  }

  int64(v: number | bigint): void {
    if (typeof v === "number") {
      if (v >= 0 && v < 0x100000000) return this.uint32(v);
      if (Number.isSafeInteger(v)) {
        const abs = Math.abs(v);
        let lo = abs >>> 0;
        let hi = Math.floor(abs / 0x100000000) >>> 0;
        if (v < 0) {
          // two's complement of the 64-bit magnitude
          lo = ~lo >>> 0;
          hi = ~hi >>> 0;
          lo = (lo + 1) >>> 0;
          if (lo === 0) hi = (hi + 1) >>> 0;
        }
        return this.uint64(lo, hi);
      }
      v = BigInt(v);
    }
    const u = BigInt.asUintN(64, v);
    this.uint64(Number(u & 0xffffffffn), Number(u >> 32n));
  }

  double(n: number): void {
    this.ensure(8);
    this.#view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.#view.setFloat64(this.pos, n, true);
    this.pos += 8;
  }

  /** A string's UTF-8 bytes, length first. */
  string(s: string): void {
    const n = s.length;
    if (n < 128) {
      this.ensure(n + 1);
      const buf = this.buf;
      const start = this.pos;
      buf[start] = n;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + 1 + i] = c;
      }
      if (i === n) {
        this.pos = start + 1 + n;
        return;
      }
    }
    const bytes = encoder.encode(s);
    this.uint32(bytes.length);
    this.raw(bytes);
  }

  /** Length-delimited bytes, length first. */
  bytes(b: Uint8Array): void {
    this.uint32(b.length);
    this.raw(b);
  }

  /** Starts a length-delimited value (after its key); returns the mark {@link end} needs. */
  begin(): number {
    this.ensure(1);
    return this.pos++;
  }

  /** Writes the length of the value started at `mark`, moving the value along when the length takes more bytes. */
  end(mark: number): void {
    const length = this.pos - mark - 1;
    if (length < 0x80) {
      this.buf[mark] = length;
      return;
    }
    let size = 1;
    for (let n = length; n > 0x7f; n >>>= 7) size++;
    this.ensure(size - 1);
    this.buf.copyWithin(mark + size, mark + 1, this.pos);
    this.pos += size - 1;
    let n = length;
    let at = mark;
    while (n > 0x7f) {
      this.buf[at++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[at] = n;
  }

  /** A copy of what was written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/**
 * Go's `encoding/hex.Dump`, which kubectl uses to log bodies holding bytes below 0x0A (protobuf, text with TABs):
 * 16 bytes a row, the offset, two groups of eight, then the printable ASCII between bars. Both directions.
 */

const ROW = 79; // a full row, newline included

/** Go's `hex.Dump`. */
export function hexDump(bytes: Uint8Array): string {
  let out = "";
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.subarray(off, off + 16);
    let hex = "";
    let ascii = "";
    for (let i = 0; i < 16; i++) {
      if (i < row.length) {
        hex += row[i]!.toString(16).padStart(2, "0") + " ";
        ascii += row[i]! >= 0x20 && row[i]! <= 0x7e ? String.fromCharCode(row[i]!) : ".";
      } else hex += "   ";
      if (i === 7) hex += " ";
    }
    out += `${off.toString(16).padStart(8, "0")}  ${hex} |${ascii}|\n`;
  }
  return out;
}

/** The length of `hex.Dump` of `n` bytes, without computing it. */
export function hexDumpLength(n: number): number {
  const rest = n % 16;
  return Math.floor(n / 16) * ROW + (rest ? 63 + rest : 0);
}

/** The number of bytes whose dump is `length` characters long, or undefined when no byte count gives that. */
export function hexDumpByteCount(length: number): number | undefined {
  const rows = Math.floor(length / ROW);
  const rest = length - rows * ROW;
  if (rest === 0) return rows * 16;
  return rest > 63 && rest < 79 ? rows * 16 + rest - 63 : undefined;
}

const ROW_START = /^([0-9a-f]{8}) {2}[0-9a-f]{2}/;

/** Whether a line starts like a `hex.Dump` row. */
export function isHexDumpRow(line: string): boolean {
  return ROW_START.test(line);
}

/**
 * Reads `hex.Dump` rows back into bytes. Rows must follow each other (offsets 0, 0x10, 0x20...); reading stops at
 * the first that does not. A row cut short (kubectl truncates logged dumps) gives the bytes whose two hex digits
 * are both there. Returns the bytes and how many rows were read.
 */
export function parseHexDump(rows: readonly string[]): { bytes: Buffer; rows: number } {
  const out: number[] = [];
  let n = 0;
  for (const row of rows) {
    const m = ROW_START.exec(row);
    if (!m || parseInt(m[1]!, 16) !== n * 16) break;
    const pairs = row.slice(10, 59).match(/[0-9a-f]{2}(?= |$)/g) ?? [];
    for (const p of pairs.slice(0, 16)) out.push(parseInt(p, 16));
    n++;
    if (pairs.length < 16) break;
  }
  return { bytes: Buffer.from(out), rows: n };
}

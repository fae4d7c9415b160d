/**
 * Cuts bytes at the given offsets (any number of them, anywhere; taken modulo the length + 1, deduplicated and
 * sorted), as a socket might deliver them. The pieces joined are the bytes; a cut at 0 or at the end gives an empty
 * piece there.
 */
export function cutBytes(bytes: Buffer, at: readonly number[]): Buffer[] {
  const points = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  return chunks;
}

import { open } from "node:fs/promises";
import { EntryImport } from "./entry-import.js";
import { importPastedLines } from "./import.js";
import type { KubectlLogImport, KubectlLogImportOptions } from "./import.js";
import { LineReader } from "./line-reader.js";
import { releaseImportPools } from "./parse.js";
import { LogReader } from "./read-log.js";

/**
 * How much of a file is read at a time. Lines are decoded one by one (a piece never becomes a string), so the size
 * only weighs the reads' own cost, which is mostly per read (a promise, a trip through libuv's thread pool and back):
 * a 100 MB log took 60-80 ms to read 64 KiB at a time, 20 ms 1 MiB at a time. Two such buffers per import.
 */
const READ_SIZE = 1024 * 1024;

/**
 * {@link importKubectlLog} of a log that arrives in pieces: standard input, a socket, any readable stream, async
 * iterable or array of bytes (UTF-8, and whatever else kubectl printed: kept as there) or text. The text is never held as one string; the result is the same as
 * importing the whole text, wherever the pieces break (inside a line, a CRLF or a UTF-8 character). Rejects only
 * when the source does.
 *
 * @example
 * ```ts
 * const { cassette } = await importKubectlLogStream(process.stdin);
 * ```
 */
export async function importKubectlLogStream(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: KubectlLogImportOptions = {},
): Promise<KubectlLogImport> {
  const reader = new LineReader();
  for await (const piece of source) reader.push(piece);
  return importPastedLines(reader.finish(), options);
}

/**
 * {@link importKubectlLog} of a log file, read 1 MiB at a time into one buffer and read into klog entries as its
 * lines arrive: a 100 MB log never becomes a 100 MB buffer, a 100 MB string or 100 MB of lines held at once, which
 * is most of the time a whole read takes. The same result as `importKubectlLog(await readFile(path))` (bytes that
 * are not UTF-8 kept, as there);
 * rejects with the file system's error when the file cannot be read.
 *
 * @example
 * ```ts
 * const { cassette, stats } = await importKubectlLogFile("kubectl.log");
 * await saveCassette("issue-1234.cassette.json", cassette);
 * ```
 */
export async function importKubectlLogFile(
  path: string | URL,
  options: KubectlLogImportOptions = {},
): Promise<KubectlLogImport> {
  try {
    return await importFile(path, options);
  } finally {
    releaseImportPools();
  }
}

async function importFile(path: string | URL, options: KubectlLogImportOptions): Promise<KubectlLogImport> {
  const entries = new EntryImport(options);
  const log = new LogReader(undefined, false, (entry) => entries.accept(entry));
  const lines = new LineReader((line) => log.push(line));
  await readPieces(path, (piece) => lines.push(piece));
  const read = lines.finish();
  log.end(read.endsCut);
  if (!log.needsAllLines && !read.mixedBreaks) {
    const result = entries.finish(log.read, log.lineCount, log.lineCount, undefined);
    if (result) return result;
  }
  // Wrapped by a terminal or a page (or read against a longest line that came later): wrapping is decided over
  // every line, so the file is read again and its lines kept. So is a log whose format changed after exchanges were
  // made from its first entries, or that an author cut after them (see EntryImport), or whose line breaks mix LF
  // and CRLF (whether a CR is a break's is decided over every line).
  const all = new LineReader();
  await readPieces(path, (piece) => all.push(piece));
  return importPastedLines(all.finish(), options);
}

/**
 * Reads a file in pieces into two buffers, reused in turn: the next piece is read (by libuv's thread pool) while
 * `take` reads the last, so the import does not wait for each read. `take` must be done with a piece when it
 * returns.
 */
async function readPieces(path: string | URL, take: (piece: Buffer) => void): Promise<void> {
  const file = await open(path, "r");
  const buffers = [Buffer.allocUnsafe(READ_SIZE), Buffer.allocUnsafe(READ_SIZE)];
  let position = 0;
  let next = file.read(buffers[0]!, 0, READ_SIZE, position);
  try {
    for (let k = 1; ; k++) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) break;
      position += bytesRead;
      next = file.read(buffers[k % 2]!, 0, READ_SIZE, position);
      take(buffer.subarray(0, bytesRead));
    }
  } finally {
    // A read still under way (take threw) finishes before the file closes.
    await next.catch(() => undefined);
    await file.close();
  }
}

import { open } from "node:fs/promises";
import { importPastedLines } from "./import.js";
import type { KubectlLogImport, KubectlLogImportOptions } from "./import.js";
import { LineReader } from "./line-reader.js";

/** How much of a file is read at a time: large enough that reads cost nothing, small enough to be reused. */
const READ_SIZE = 1024 * 1024;

/**
 * {@link importKubectlLog} of a log that arrives in pieces: standard input, a socket, any readable stream, async
 * iterable or array of UTF-8 bytes or text. The text is never held as one string; the result is the same as
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
 * {@link importKubectlLog} of a log file, read a megabyte at a time into one buffer: a 100 MB log never becomes a
 * 100 MB buffer and a 100 MB string, which is most of the time a whole read takes. The same result as
 * `importKubectlLog(await readFile(path, "utf8"))`; rejects with the file system's error when the file cannot be
 * read.
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
  const reader = new LineReader();
  const file = await open(path, "r");
  try {
    // One buffer for every read: the decoder copies what it decodes, so the next read may overwrite it.
    const buffer = Buffer.allocUnsafe(READ_SIZE);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, READ_SIZE, null);
      if (bytesRead === 0) break;
      reader.push(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  return importPastedLines(reader.finish(), options);
}

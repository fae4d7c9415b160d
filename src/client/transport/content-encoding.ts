import { Readable } from "node:stream";
import type { Transform } from "node:stream";
import { zlibModule } from "../../internal/lazy-modules.js";

/** The content codings kubewire decodes (Go's transport decodes gzip; proxies also send deflate and br). */
export const CONTENT_CODINGS = ["gzip", "x-gzip", "deflate", "br"] as const;
export type ContentCoding = (typeof CONTENT_CODINGS)[number];

/** More codings than this on one body is an attack on the decoder, not an answer (undici and curl cap it too). */
const MAX_CODINGS = 5;

/**
 * The codings of a `Content-Encoding` header in the order they must be undone (last applied first); `identity`
 * dropped. Undefined when there is nothing to undo; throws for a coding kubewire cannot undo.
 */
export function contentCodings(header: string | string[] | undefined): ContentCoding[] | undefined {
  const value = Array.isArray(header) ? header.join(",") : header;
  if (value === undefined) return undefined;
  const codings = value
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
  if (codings.length === 0) return undefined;
  if (codings.length > MAX_CODINGS) throw new Error(`${codings.length} content codings`);
  for (const c of codings)
    if (!(CONTENT_CODINGS as readonly string[]).includes(c))
      throw new Error(`unsupported content coding ${JSON.stringify(c.slice(0, 20))}`);
  return (codings as ContentCoding[]).reverse();
}

/** Undoes the codings of a whole body. Throws (zlib's error) when the bytes are not what the header says. */
export function decodeContent(bytes: Buffer, codings: readonly ContentCoding[]): Buffer {
  let out = bytes;
  for (const coding of codings) {
    if (out.length === 0) break;
    const zlib = zlibModule();
    out =
      coding === "br"
        ? zlib.brotliDecompressSync(out)
        : coding === "deflate"
          ? zlib.inflateSync(out)
          : zlib.gunzipSync(out);
  }
  return out;
}

function decoder(coding: ContentCoding): Transform {
  const zlib = zlibModule();
  return coding === "br"
    ? zlib.createBrotliDecompress()
    : coding === "deflate"
      ? zlib.createInflate()
      : zlib.createGunzip();
}

/** Undoes the codings of a streamed body (a compressed watch), chunk by chunk as they arrive. */
export function decodeContentStream(
  body: AsyncIterable<Uint8Array>,
  codings: readonly ContentCoding[],
): AsyncIterable<Uint8Array> {
  let stream: NodeJS.ReadableStream = Readable.from(body, { objectMode: false });
  for (const coding of codings) {
    const next = decoder(coding);
    const source = stream as Readable;
    source.on("error", (error) => next.destroy(error));
    stream = source.pipe(next);
  }
  return stream as AsyncIterable<Uint8Array>;
}

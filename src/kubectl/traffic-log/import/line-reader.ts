import { isAscii } from "node:buffer";
import { bytesAsEscapedText, escapedTextBytes } from "../../../internal/escaped-bytes.js";
import { crsAreBreaks } from "./paste.js";
import type { PastedLines } from "./paste.js";

/**
 * Splits a log that arrives in pieces (a file read 1 MiB at a time, standard input) into the lines
 * `splitPastedLines` makes of the whole text, without ever holding the text as one string: a 100 MB log decoded at
 * once is a fresh 100 MB string (and, from a file, a 100 MB buffer first), and fresh memory is what costs most when
 * a machine pays for page faults. A piece may end anywhere, inside a line, a CRLF or a UTF-8 character. Bytes that
 * are not UTF-8 (kubectl prints header values and bodies as the bytes it holds) are kept, escaped (see
 * `bytesAsEscapedText`), never read as U+FFFD.
 *
 * Given a `sink`, each line goes to it as soon as it is complete, and none is kept: a CR before a break is taken as
 * the break's (a CRLF) as it comes, which is right for a log whose every break is a CRLF or none is; a log that
 * mixes both is reported by `finish` (`mixedBreaks`), to be read again whole (see `crsAreBreaks`).
 */
export class LineReader {
  readonly #lines: string[] = [];
  readonly #sink: ((line: string) => void) | undefined;
  /** The line still open at the end of the pieces so far (a cons string while a long line spans text pieces). */
  #open = "";
  /** The same as bytes, when it came as bytes: copies (the pieces' buffers are reused), decoded when the line ends. */
  #openBytes: Buffer[] = [];
  /** Whether any line break so far followed a CR, and whether any did not: CRLF counts only if every one is. */
  #crlf = false;
  #bareLf = false;

  constructor(sink?: (line: string) => void) {
    this.#sink = sink;
  }

  /** Reads the next piece: bytes (UTF-8, or not) or text. */
  push(piece: string | Uint8Array): void {
    if (typeof piece === "string") this.#text(piece);
    else
      this.#bytes(Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.length));
  }

  /**
   * Bytes are decoded a line at a time, never as a whole piece: a line is then a string of its own rather than a
   * slice of the piece's, and what an exchange keeps of it (a URL, a header) keeps that line alive, not the whole piece.
   * An LF is never part of a UTF-8 sequence, so decoding line by line reads every byte as decoding the whole does;
   * a line that spans pieces is decoded once whole. A piece that is all ASCII (the usual log; one native scan
   * tells) has its lines read as Latin-1, the same characters, by a plain copy instead of UTF-8 decoding.
   */
  #bytes(piece: Buffer): void {
    if (this.#open !== "") {
      this.#openBytes.push(escapedTextBytes(this.#open));
      this.#open = "";
    }
    let end = piece.indexOf(10);
    if (end < 0) {
      if (piece.length > 0) this.#openBytes.push(Buffer.from(piece));
      return;
    }
    this.#line(this.#takeOpen(piece.subarray(0, end)));
    let from = end + 1;
    const ascii = isAscii(piece);
    while ((end = piece.indexOf(10, from)) >= 0) {
      this.#line(ascii ? piece.toString("latin1", from, end) : bytesAsEscapedText(piece.subarray(from, end)));
      from = end + 1;
    }
    if (from < piece.length) this.#openBytes.push(Buffer.from(piece.subarray(from)));
  }

  /** The open line's bytes, then `tail`, as text. */
  #takeOpen(tail: Buffer): string {
    const parts = this.#openBytes;
    if (parts.length === 0) return bytesAsEscapedText(tail);
    this.#openBytes = [];
    return bytesAsEscapedText(Buffer.concat([...parts, tail]));
  }

  #text(text: string): void {
    if (this.#openBytes.length > 0) this.#open = this.#takeOpen(Buffer.alloc(0));
    let end = text.indexOf("\n");
    if (end < 0) {
      this.#open += text;
      return;
    }
    // Lines are slices of the piece's string: no copy for any line longer than a few characters.
    this.#line(this.#open + text.slice(0, end));
    let from = end + 1;
    while ((end = text.indexOf("\n", from)) >= 0) {
      this.#line(text.slice(from, end));
      from = end + 1;
    }
    this.#open = text.slice(from);
  }

  #line(line: string): void {
    if (line.charCodeAt(line.length - 1) === 13) {
      this.#crlf = true;
      if (this.#sink) line = line.slice(0, -1);
    } else this.#bareLf = true;
    if (this.#sink) this.#sink(line);
    else this.#lines.push(line);
  }

  /**
   * The lines, once every piece has been pushed (the reader is spent); with a sink, the last line goes to it and
   * `lines` is empty.
   */
  finish(): PastedLines {
    if (this.#openBytes.length > 0) this.#open = this.#takeOpen(Buffer.alloc(0));
    const lines = this.#lines;
    const endsCut = this.#open !== "";
    const mixed = this.#crlf && this.#bareLf;
    if (this.#sink) {
      if (endsCut) this.#sink(this.#open);
      return mixed ? { lines, endsCut, mixedBreaks: true } : { lines, endsCut };
    }
    if (endsCut) lines.push(this.#open);
    const terminated = endsCut ? lines.length - 1 : lines.length;
    // Every break a CRLF: each terminated line loses its CR. A mix: each loses one when the CRs are the breaks'.
    // (A mix's last line loses one too, whether or not a break ends it, as `splitPastedLines` has it.)
    if (this.#crlf && (!mixed || crsAreBreaks(lines, terminated))) {
      for (let i = 0, n = mixed ? lines.length : terminated; i < n; i++) {
        const line = lines[i]!;
        if (line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
      }
    }
    return { lines, endsCut };
  }
}

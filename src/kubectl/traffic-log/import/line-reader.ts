import { isAscii } from "node:buffer";
import { StringDecoder } from "node:string_decoder";
import type { PastedLines } from "./paste.js";

/**
 * Splits a log that arrives in pieces (a file read 1 MiB at a time, standard input) into the lines
 * `splitPastedLines` makes of the whole text, without ever holding the text as one string: a 100 MB log decoded at
 * once is a fresh 100 MB string (and, from a file, a 100 MB buffer first), and fresh memory is what costs most when
 * a machine pays for page faults. A piece may end anywhere, inside a line, a CRLF or a UTF-8 character.
 *
 * Given a `sink`, each line goes to it as soon as it is complete, and none is kept: a line break's CR is known to be
 * the break's as soon as the break comes (a CR before any LF counts the break as a CRLF, see `finish`), so only the
 * last line, when no break ends it, waits for the end.
 */
export class LineReader {
  readonly #decoder = new StringDecoder("utf8");
  readonly #lines: string[] = [];
  readonly #sink: ((line: string) => void) | undefined;
  /** The line still open at the end of the pieces so far (a cons string while a long line spans pieces). */
  #open = "";
  /** Whether any line break so far followed a CR, and whether any did not: CRLF counts only if every one is. */
  #crlf = false;
  #bareLf = false;

  constructor(sink?: (line: string) => void) {
    this.#sink = sink;
  }

  /** Reads the next piece: bytes (UTF-8) or text. */
  push(piece: string | Uint8Array): void {
    if (typeof piece === "string") this.#text(piece);
    else
      this.#bytes(Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.length));
  }

  /**
   * Bytes are decoded a line at a time, never as a whole piece: a line is then a string of its own rather than a
   * slice of the piece's, and what an exchange keeps of it (a URL, a header) keeps that line alive, not the whole piece.
   * An LF is never part of a UTF-8 sequence, so decoding line by line reads every byte as decoding the whole does;
   * only the piece's ends go through the decoder, which holds a character a piece broke until the next. A piece
   * that is all ASCII (the usual log; one native scan tells) has its lines read as Latin-1, the same characters,
   * by a plain copy instead of UTF-8 decoding.
   */
  #bytes(piece: Buffer): void {
    let end = piece.indexOf(10);
    if (end < 0) {
      this.#open += this.#decoder.write(piece);
      return;
    }
    // With its LF: the decoder then gives out whatever it held (a broken character is U+FFFD before the LF).
    const first = this.#decoder.write(piece.subarray(0, end + 1));
    this.#line(this.#open + first.slice(0, -1));
    let from = end + 1;
    const encoding = isAscii(piece) ? "latin1" : "utf8";
    while ((end = piece.indexOf(10, from)) >= 0) {
      this.#line(piece.toString(encoding, from, end));
      from = end + 1;
    }
    this.#open = from < piece.length ? this.#decoder.write(piece.subarray(from)) : "";
  }

  #text(text: string): void {
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
      // Every break a CRLF or a mix: either way a line a break ends loses the CR before it.
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
    this.#open += this.#decoder.end();
    const lines = this.#lines;
    const endsCut = this.#open !== "";
    if (this.#sink) {
      // A line no break ends keeps its CR when every break was a CRLF (the CR may be the start of one).
      if (endsCut)
        this.#sink(
          this.#crlf && this.#bareLf && this.#open.charCodeAt(this.#open.length - 1) === 13
            ? this.#open.slice(0, -1)
            : this.#open,
        );
      return { lines, endsCut };
    }
    if (endsCut) lines.push(this.#open);
    if (this.#crlf) {
      // Every break a CRLF: each terminated line loses its CR. A mix: every line loses a CR at its end.
      const terminated = this.#bareLf || !endsCut ? lines.length : lines.length - 1;
      for (let i = 0; i < terminated; i++) {
        const line = lines[i]!;
        if (line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
      }
    }
    return { lines, endsCut };
  }
}

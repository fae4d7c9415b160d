import { StringDecoder } from "node:string_decoder";
import type { PastedLines } from "./paste.js";

/**
 * Splits a log that arrives in pieces (a file read a megabyte at a time, standard input) into the lines
 * `splitPastedLines` makes of the whole text, without ever holding the text as one string: a 100 MB log decoded at
 * once is a fresh 100 MB string (and, from a file, a 100 MB buffer first), and fresh memory is what costs most when
 * a machine pays for page faults. A piece may end anywhere, inside a line, a CRLF or a UTF-8 character.
 */
export class LineReader {
  readonly #decoder = new StringDecoder("utf8");
  readonly #lines: string[] = [];
  /** The line still open at the end of the pieces so far (a cons string while a long line spans pieces). */
  #open = "";
  /** Whether any line break so far followed a CR, and whether any did not: CRLF counts only if every one is. */
  #crlf = false;
  #bareLf = false;

  /** Reads the next piece: bytes (UTF-8) or text. */
  push(piece: string | Uint8Array): void {
    this.#text(typeof piece === "string" ? piece : this.#decoder.write(piece));
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
    if (line.charCodeAt(line.length - 1) === 13) this.#crlf = true;
    else this.#bareLf = true;
    this.#lines.push(line);
  }

  /** The lines, once every piece has been pushed (the reader is spent). */
  finish(): PastedLines {
    this.#open += this.#decoder.end();
    const lines = this.#lines;
    const endsCut = this.#open !== "";
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

import { open } from "node:fs/promises";

/**
 * Reading a cassette file without holding it whole. `readFile` + `JSON.parse` of a long session's cassette (tens of
 * megabytes) holds the file twice more than the cassette itself, once as bytes and once as one string, and memory
 * that large is fresh memory (each its own mapping, unmapped when it dies), which costs far more than the parse on
 * some machines. Here the file is read into one buffer kept for the whole read, and each element of the top-level
 * `exchanges` array is parsed on its own: `JSON.parse` of an element gives what it gives inside the whole document,
 * and what is left around the elements (the "skeleton", with `"exchanges": []`) is parsed as it stands.
 *
 * The result is the whole document's: the skeleton keeps every byte outside the elements, so the document is valid
 * JSON exactly when the skeleton and every element are, and it then holds the same values. Anything this reader is
 * not sure of (a document that is not an object, a top-level key written with escapes, `exchanges` twice, any text
 * that does not parse) answers {@link WHOLE_TEXT_NEEDED}, and the caller reads the file as one text, as before, for
 * the same result and the same error.
 */

/** Bytes read at a time, into one buffer kept for the whole read: a few reads, and no fresh memory after the first. */
const PIECE = 1 << 20;

/** {@link readCassetteDocument}'s answer when only the whole text can say what the document is. */
export const WHOLE_TEXT_NEEDED: unique symbol = Symbol("whole text needed");

/**
 * The JSON document of a cassette file, read in pieces and parsed exchange by exchange, or
 * {@link WHOLE_TEXT_NEEDED}. Rejects with the file system's error when the file cannot be read.
 */
export async function readCassetteDocument(file: string): Promise<unknown> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.allocUnsafeSlow(PIECE);
    const splitter = new ExchangesSplitter();
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, PIECE, null);
      if (bytesRead === 0) break;
      if (!splitter.push(buffer, bytesRead)) return WHOLE_TEXT_NEEDED;
    }
    return splitter.end();
  } finally {
    await handle.close();
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** 1 for the bytes that make JSON's structure (quotes, brackets, braces, commas, colons), 0 for the others. */
const STRUCTURE = new Uint8Array(256);
for (const c of [QUOTE, OPEN_OBJECT, OPEN_ARRAY, CLOSE_OBJECT, CLOSE_ARRAY, COMMA, COLON]) STRUCTURE[c] = 1;

const isJsonWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const JSON_WHITESPACE = /^[ \t\n\r]*$/;

/**
 * Splits a JSON text, fed in pieces of bytes, into the elements of its top-level object's `exchanges` array (each
 * parsed at once) and the rest. It tracks only what JSON's own lexer tracks to find structure (strings, with their
 * escapes, and nesting); UTF-8 bytes of characters beyond ASCII never look like the ASCII it looks for, and every cut
 * falls on an ASCII byte, so decoding the pieces apart gives the same characters as decoding the whole.
 */
export class ExchangesSplitter {
  readonly #elements: unknown[] = [];
  readonly #skeleton: Buffer[] = [];
  /** Bytes of the element being read, when it began in an earlier piece. */
  #carry: Buffer = Buffer.alloc(0);
  #carried = 0;
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** Inside the top-level `exchanges` array (its own level is depth 2). */
  #inExchanges = false;
  #sawExchanges = false;
  /** At depth 1: the next string is a key. */
  #expectKey = false;
  /** At depth 1: the last key was `exchanges` and its colon has not come yet (`key`) or has (`colon`). */
  #exchangesKey: "no" | "key" | "colon" = "no";
  /** The start of the depth-1 string being read, in this piece, and what of it earlier pieces held. */
  #keyStart = -1;
  #keyHead = "";
  #failed = false;
  /** The element before the next comma or the array's end was taken whole already (see {@link #whole}). */
  #taken = false;
  /** {@link #whole} is tried: false once it met a text it could not read. */
  #wholeOn = true;
  /** In the piece being read, no element end comes at or after this index (a search found none). */
  #noEndFrom = Infinity;
  /** The end of an element of the indentation last seen: a newline, that indentation, `}`. */
  #endMark: Buffer = Buffer.alloc(0);

  /** Reads `length` bytes of `bytes` (which the caller may overwrite afterwards). False: the whole text is needed. */
  push(bytes: Buffer, length: number): boolean {
    if (this.#failed) return false;
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escaped;
    let inExchanges = this.#inExchanges;
    // Where the part being collected (an element, or the skeleton) begins in this piece.
    let from = 0;
    this.#noEndFrom = Infinity;
    for (let i = 0; i < length; i++) {
      if (inString) {
        // Inside a string only its end matters, and strings are most of a document: a loop of their own.
        for (; i < length; i++) {
          const c = bytes[i]!;
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) break;
        }
        if (i === length) break;
        inString = false;
        if (depth === 1 && this.#keyStart >= 0 && !this.#endKey(bytes, i)) return this.#fail();
        continue;
      }
      const c = bytes[i]!;
      if (STRUCTURE[c] === 0) {
        if (depth === 1 && !isJsonWhitespace(c)) this.#exchangesKey = "no";
        continue;
      }
      switch (c) {
        case QUOTE:
          inString = true;
          if (depth === 1 && this.#expectKey) {
            this.#keyStart = i + 1;
            this.#keyHead = "";
          } else if (depth === 1) this.#exchangesKey = "no";
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          if (depth === 0 && c !== OPEN_OBJECT) return this.#fail();
          if (depth === 0) this.#expectKey = true;
          if (depth === 1) {
            if (this.#exchangesKey === "colon" && c === OPEN_ARRAY) {
              if (this.#sawExchanges) return this.#fail();
              this.#sawExchanges = true;
              inExchanges = true;
              this.#skeleton.push(Buffer.from(bytes.subarray(from, i + 1)));
              from = i + 1;
              const last = this.#whole(bytes, length, from);
              if (last >= 0) {
                // The element is taken: the scan goes on after it, still in the array, outside any string.
                depth = 2;
                i = last;
                from = last + 1;
                this.#exchangesKey = "no";
                continue;
              }
            }
            this.#exchangesKey = "no";
          }
          depth++;
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (depth === 2 && inExchanges) {
            if (!this.#element(bytes, from, i, true)) return this.#fail();
            inExchanges = false;
            from = i;
          }
          depth--;
          break;
        case COMMA:
          if (depth === 2 && inExchanges) {
            if (!this.#element(bytes, from, i, false)) return this.#fail();
            from = i + 1;
            const last = this.#whole(bytes, length, from);
            if (last >= 0) {
              i = last;
              from = last + 1;
            }
          } else if (depth === 1) {
            this.#expectKey = true;
            this.#exchangesKey = "no";
          }
          break;
        case COLON:
          if (depth === 1) this.#exchangesKey = this.#exchangesKey === "key" ? "colon" : "no";
          break;
      }
    }
    if (inString && depth === 1 && this.#keyStart >= 0) {
      this.#keyHead += bytes.toString("latin1", this.#keyStart, length);
      this.#keyStart = 0;
    }
    if (inExchanges) {
      this.#carry = append(this.#carry, this.#carried, bytes, from, length);
      this.#carried += length - from;
    } else this.#skeleton.push(Buffer.from(bytes.subarray(from, length)));
    this.#depth = depth;
    this.#inString = inString;
    this.#escaped = escaped;
    this.#inExchanges = inExchanges;
    return true;
  }

  /** The document, or {@link WHOLE_TEXT_NEEDED}. */
  end(): unknown {
    if (this.#failed || this.#inExchanges) return WHOLE_TEXT_NEEDED;
    let doc: unknown;
    try {
      doc = JSON.parse(Buffer.concat(this.#skeleton).toString("utf8"));
    } catch {
      return WHOLE_TEXT_NEEDED;
    }
    if (!this.#sawExchanges) return doc;
    const holder = doc as { exchanges?: unknown };
    if (!Array.isArray(holder.exchanges) || holder.exchanges.length !== 0) return WHOLE_TEXT_NEEDED;
    holder.exchanges = this.#elements;
    return doc;
  }

  /** A top-level key ends at `at`: note whether it is `exchanges`. False when it is written with escapes. */
  #endKey(bytes: Buffer, at: number): boolean {
    const key = this.#keyHead + bytes.toString("latin1", this.#keyStart, at);
    this.#keyStart = -1;
    this.#keyHead = "";
    this.#expectKey = false;
    // An escaped key may spell `exchanges`; JSON.parse of the whole text is the one to say what it is.
    if (key.includes("\\")) return false;
    this.#exchangesKey = key === "exchanges" ? "key" : "no";
    return true;
  }

  /** An element ends at `to` (before a comma, or before the array's end when `last`). False: it does not parse. */
  #element(bytes: Buffer, from: number, to: number, last: boolean): boolean {
    let text: string;
    if (this.#carried > 0) {
      this.#carry = append(this.#carry, this.#carried, bytes, from, to);
      text = this.#carry.toString("utf8", 0, this.#carried + to - from);
      this.#carried = 0;
    } else text = bytes.toString("utf8", from, to);
    if (this.#taken) {
      // What follows an element taken whole, up to the comma or the array's end: JSON allows only whitespace.
      this.#taken = false;
      return JSON_WHITESPACE.test(text);
    }
    // `[ ]` holds no element; anything else between the brackets and commas must be one.
    if (last && this.#elements.length === 0 && JSON_WHITESPACE.test(text)) return true;
    try {
      this.#elements.push(JSON.parse(text));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * An element that starts at `start` taken whole, without the byte loop, when it is written as indented JSON
   * writes it (`saveCassette`'s format): a newline and an indentation, `{`, then the same newline and indentation
   * before its `}`. The text up to that mark is parsed; as JSON's lexer reads a text from its start, a prefix of the
   * document that begins with the element's `{` and parses as one value ends where the element ends, so the value
   * is the element's. A newline cannot be inside a string, so the mark is found in one native search. Returns the
   * index of the element's last byte, or -1 (the byte loop reads it then): the mark is not in this piece, or the
   * text up to it does not parse (the mark came before the element's end, in a file indented otherwise: the way is
   * then not tried again, so no text is parsed twice more than once).
   */
  #whole(bytes: Buffer, length: number, start: number): number {
    if (!this.#wholeOn || start >= this.#noEndFrom || bytes[start] !== 0x0a) return -1;
    let open = start + 1;
    while (open < length && (bytes[open] === 0x20 || bytes[open] === 0x09)) open++;
    if (open >= length || bytes[open] !== OPEN_OBJECT) return -1;
    const markLength = open - start + 1;
    const mark = this.#endMark;
    if (mark.length !== markLength || bytes.compare(mark, 0, markLength - 1, start, open) !== 0) {
      this.#endMark = Buffer.allocUnsafe(markLength);
      bytes.copy(this.#endMark, 0, start, open);
      this.#endMark[markLength - 1] = CLOSE_OBJECT;
    }
    const at = bytes.indexOf(this.#endMark, open);
    // Bytes past `length` are an earlier read's.
    if (at < 0 || at + markLength > length) {
      this.#noEndFrom = open;
      return -1;
    }
    const last = at + markLength - 1;
    try {
      this.#elements.push(JSON.parse(bytes.toString("utf8", start, last + 1)));
    } catch {
      this.#wholeOn = false;
      return -1;
    }
    this.#taken = true;
    return last;
  }

  #fail(): false {
    this.#failed = true;
    return false;
  }
}

/** `bytes[from, to)` written at `at` in `into`, which grows (and is returned anew) when too small. */
function append(into: Buffer, at: number, bytes: Buffer, from: number, to: number): Buffer {
  const need = at + to - from;
  let out = into;
  if (need > into.length) {
    out = Buffer.allocUnsafeSlow(Math.max(need, into.length * 2, 64 * 1024));
    into.copy(out, 0, 0, at);
  }
  bytes.copy(out, at, from, to);
  return out;
}

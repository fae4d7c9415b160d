/**
 * A port of github.com/liggitt/tabwriter (Go's text/tabwriter plus `RememberWidths`), the elastic-tabstop writer
 * kubectl lays its tables out with. Only what kubectl uses: space padding, left alignment, no HTML filtering,
 * no escapes. Cells are tab- (`\t`) or vertical-tab- (`\v`) terminated; `\n` and `\f` end lines; widths are rune
 * counts (code points), as Go counts them.
 */

interface Cell {
  /** Length of the cell's text in UTF-16 units of the buffer. */
  size: number;
  /** Width in runes. */
  width: number;
  htab: boolean;
}

export interface TabWriterOptions {
  minwidth: number;
  padding: number;
  /** Keep the widest width seen per column across flushes (kubectl sets it). */
  rememberWidths?: boolean;
}

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

export class TabWriter {
  readonly #minwidth: number;
  readonly #padding: number;
  readonly #remember: boolean;
  #out: string[] = [];
  #buf = "";
  #cell: Cell = { size: 0, width: 0, htab: false };
  #lines: Cell[][] = [[]];
  #widths: number[] = [];
  #maxwidths: number[] = [];

  constructor(options: TabWriterOptions) {
    this.#minwidth = options.minwidth;
    this.#padding = options.padding;
    this.#remember = options.rememberWidths ?? false;
  }

  /** Everything written to the output so far (what has been flushed). */
  takeOutput(): string {
    const s = this.#out.join("");
    this.#out = [];
    return s;
  }

  /** kubectl resets the remembered widths when it starts a table for another resource type. */
  resetRememberedWidths(): void {
    this.#maxwidths = [];
  }

  write(text: string): void {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== "\t" && ch !== "\v" && ch !== "\n" && ch !== "\f") continue;
      this.#append(text.slice(n, i));
      n = i + 1;
      const ncells = this.#terminateCell(ch === "\t");
      if (ch === "\n" || ch === "\f") {
        this.#lines.push([]);
        // A line of one cell cannot affect the lines after it (its only cell is not in a column): flush.
        if (ch === "\f" || ncells === 1) this.flush();
      }
    }
    this.#append(text.slice(n));
  }

  flush(): void {
    if (this.#cell.size > 0) this.#terminateCell(false);
    this.#format(0, 0, this.#lines.length);
    this.#buf = "";
    this.#cell = { size: 0, width: 0, htab: false };
    this.#lines = [[]];
    this.#widths = [];
  }

  #append(text: string): void {
    this.#buf += text;
    this.#cell.size += text.length;
    this.#cell.width += runeCount(text);
  }

  #terminateCell(htab: boolean): number {
    this.#cell.htab = htab;
    const line = this.#lines[this.#lines.length - 1]!;
    line.push(this.#cell);
    this.#cell = { size: 0, width: 0, htab: false };
    return line.length;
  }

  #pad(textw: number, cellw: number): void {
    if (cellw > textw) this.#out.push(" ".repeat(cellw - textw));
  }

  #writeLines(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    for (let i = line0; i < line1; i++) {
      const line = this.#lines[i]!;
      line.forEach((c, j) => {
        if (c.size > 0) {
          this.#out.push(this.#buf.slice(pos, pos + c.size));
          pos += c.size;
        }
        if (j < this.#widths.length) this.#pad(c.width, this.#widths[j]!);
      });
      if (i + 1 === this.#lines.length) {
        // The last buffered line has no newline yet: write what it holds.
        this.#out.push(this.#buf.slice(pos, pos + this.#cell.size));
        pos += this.#cell.size;
      } else this.#out.push("\n");
    }
    return pos;
  }

  #format(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    const column = this.#widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= this.#lines[current]!.length - 1) continue;
      // A cell exists in this column: this line starts a column block.
      pos = this.#writeLines(pos, line0, current);
      line0 = current;
      let width = this.#minwidth;
      for (; current < line1; current++) {
        const line = this.#lines[current]!;
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column]!.width + this.#padding);
      }
      if (this.#remember) {
        const k = this.#widths.length;
        if (this.#maxwidths.length < k) this.#maxwidths.push(...this.#widths.slice(this.#maxwidths.length));
        if (this.#maxwidths.length === k) this.#maxwidths.push(width);
        else if (this.#maxwidths[k]! > width) width = this.#maxwidths[k]!;
        else this.#maxwidths[k] = width;
      }
      this.#widths.push(width);
      pos = this.#format(pos, line0, current);
      this.#widths.pop();
      line0 = current;
    }
    return this.#writeLines(pos, line0, line1);
  }
}

/**
 * The quotes of a text that backslashes escape (`\"`, `\\\"`, the `\\\\\\\"` of a document three levels deep), for
 * the text rules that read a value opened by such a quote: its closer is the first quote after it escaped at least
 * as deep (the same backslashes and the quote), and a sequence scalar opened in a run of backslashes takes the
 * deepest escape any later quote has.
 *
 * The expressions that did this (`(\\+")((?:(?!\1)[\s\S])*?)\1`) compared the whole opener at every character after
 * it and, when no closer came, began again at the next backslash of the run: a few hundred KiB of backslashes took
 * minutes. Here a search walks the quotes forward (each backslash is read once per search: the runs before two
 * quotes do not overlap), and a search that reaches the end without a closer indexes the rest of the text once
 * (each escaped quote, its depth, and the deepest escape from it on), so no later search walks that far again. A
 * search that succeeds walks only the value it closes, which its caller then skips.
 */

const BACKSLASH = 0x5c;

export class EscapedQuotes {
  /** Where the index starts (-1: none yet): the escaped quotes from there on, in order. */
  private indexFrom = -1;
  private positions: number[] = [];
  private depths: number[] = [];
  /** The deepest escape among the quotes from each one of the index on. */
  private deepest: number[] = [];

  constructor(private readonly text: string) {}

  /**
   * The position of the first quote at or after `from` that follows at least `depth` backslashes standing at or
   * after `from`, or -1. `from` follows a quote (the opener's), so no run of backslashes counted here crosses it.
   */
  closer(from: number, depth: number): number {
    if (this.indexFrom >= 0 && from >= this.indexFrom) return this.indexedCloser(from, depth);
    const text = this.text;
    for (let q = text.indexOf('"', from + depth); q >= 0; q = text.indexOf('"', q + 1)) {
      let run = 0;
      while (run < depth && text.charCodeAt(q - 1 - run) === BACKSLASH) run++;
      if (run === depth) return q;
    }
    this.index(from);
    return -1;
  }

  /** The deepest escape of any quote after `from` (0 when none is escaped); `from` follows a quote. */
  deepestAfter(from: number): number {
    if (this.indexFrom < 0 || from < this.indexFrom) this.index(from);
    const i = this.firstAtOrAfter(from);
    return i < this.positions.length ? this.deepest[i]! : 0;
  }

  private indexedCloser(from: number, depth: number): number {
    let i = this.firstAtOrAfter(from + depth);
    if (i >= this.positions.length || this.deepest[i]! < depth) return -1;
    while (this.depths[i]! < depth) i++;
    return this.positions[i]!;
  }

  /** The first entry of the index at or after `at` (binary search). */
  private firstAtOrAfter(at: number): number {
    let lo = 0;
    let hi = this.positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.positions[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private index(from: number): void {
    const text = this.text;
    const positions: number[] = [];
    const depths: number[] = [];
    for (let q = text.indexOf('"', from); q >= 0; q = text.indexOf('"', q + 1)) {
      let run = 0;
      while (q - 1 - run >= from && text.charCodeAt(q - 1 - run) === BACKSLASH) run++;
      if (run > 0) {
        positions.push(q);
        depths.push(run);
      }
    }
    const deepest = new Array<number>(depths.length);
    let max = 0;
    for (let i = depths.length - 1; i >= 0; i--) deepest[i] = max = Math.max(max, depths[i]!);
    this.indexFrom = from;
    this.positions = positions;
    this.depths = depths;
    this.deepest = deepest;
  }
}

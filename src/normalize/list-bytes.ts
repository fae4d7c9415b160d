/**
 * A large list body parsed in runs of items, straight from the chunks it came in: the value `JSON.parse` gives for
 * the body's UTF-8 text, without ever making that text, or joining the chunks. A list of 5,000 Pods is an 18 MB body; its text is one 18 MB string,
 * which V8 puts in a space of its own and maps fresh memory for on every list (about 4,400 new pages, each paid for
 * on first touch), and which the caller usually never reads; the chunks joined are as much fresh memory again. A run
 * of items (about {@link RUN_BYTES}) is copied into a small reused buffer, decoded and parsed as one array, its text
 * made and dropped in the young generation, whose memory is reused.
 *
 * It is exact or it declines: the answer is `undefined` (parse the whole text instead) unless the runs prove they
 * are the body. The body must be `PREFIX[ITEM,ITEM,…,ITEM]}` (whitespace allowed after the `]` and the `}`), where
 * `PREFIX` ends in `{"items":` or `,"items":`. Runs are cut where `},{"K":` follows, `K` being the first key of the
 * first item (what the API server writes: `"metadata"` for built-in kinds, `"apiVersion"` for custom resources), so
 * every cut lies between ASCII bytes and the runs' texts join to the body's text. Then:
 *
 * - `PREFIX[]}` parses. Nothing after the `[]` but a `}` means the `[]` is a value of the outermost object, of the
 *   key just before it (`"items"`, a key: a string between `{`/`,` and `:`), and the last of its duplicates.
 * - Every run, in brackets, parses as an array. A cut inside an item (a nested array whose objects start with the
 *   same key) leaves a run whose brackets do not balance, which does not parse; the run then goes on to the next
 *   cut and is tried again.
 *
 * JSON is context-free, so the body's value is then that of `PREFIX[]}` with the runs' items in the array's place.
 * Parses that fail are counted by the bytes they were given: once those pass the body's size the body is left to
 * `JSON.parse`, so no input costs much more than twice the parse it replaces.
 *
 * A run is copied between brackets: `[`, its items, `]` (the `,` or `[` before it and the `,` or `]` after it stay
 * in the body, which is only read). `runBytes` is for tests, which need runs of a few items.
 */
export function parseListBytes(
  chunks: readonly Buffer[],
  runBytes = RUN_BYTES,
): Record<string, unknown> | undefined {
  const bytes = new ChunkedBytes(chunks);
  const at = bytes.indexOf(ITEMS_KEY, 0);
  if (at <= 0) return undefined;
  const before = bytes.at(at - 1);
  if (before !== OPEN_BRACE && before !== COMMA) return undefined;
  const open = at + ITEMS_KEY.length - 1;
  const first = open + 1;
  // `"items":[{"K"`: a first item, starting with a key without escapes.
  if (bytes.at(first) !== OPEN_BRACE || bytes.at(first + 1) !== QUOTE) return undefined;
  const keyEnd = bytes.indexOf(QUOTE_BYTES, first + 2);
  if (keyEnd < 0 || keyEnd - first > MAX_KEY_BYTES) return undefined;
  const key = bytes.copy(first + 1, keyEnd + 1);
  if (key.includes(BACKSLASH)) return undefined;
  const close = closingBracket(bytes);
  if (close <= first) return undefined;

  let envelope: unknown;
  try {
    envelope = JSON.parse(
      bytes.copy(0, first).toString("utf8") + bytes.copy(close, bytes.length).toString("utf8"),
    );
  } catch {
    return undefined;
  }
  if (typeof envelope !== "object" || envelope === null || Array.isArray(envelope)) return undefined;

  const separator = Buffer.concat([CUT_HEAD, key, COLON]);
  const items: unknown[] = [];
  let wasted = 0;
  // A run starts at an item's `{`, right after a `[` or `,`; it ends before the `,` of a cut or at the list's `]`.
  let start = first;
  let from = first + runBytes;
  for (;;) {
    const cut = from < close ? bytes.indexOf(separator, from) : -1;
    const last = cut < 0 || cut >= close;
    const end = last ? close : cut + 1;
    const size = end - start + 2;
    const text = runBuffer(size);
    text[0] = OPEN_BRACKET;
    bytes.copyInto(start, end, text, 1);
    text[size - 1] = CLOSE_BRACKET;
    let run: unknown[];
    try {
      run = JSON.parse(text.toString("utf8", 0, size)) as unknown[];
    } catch {
      // The last run must parse; any other may have been cut inside an item, and goes on to the next cut. What the
      // failed parses read is counted: past the body's size, the whole parse is cheaper.
      wasted += end - start;
      if (last || wasted > bytes.length) return undefined;
      from = cut + 1;
      continue;
    }
    for (let i = 0; i < run.length; i++) items.push(run[i]);
    if (last) break;
    start = cut + 2;
    from = start + runBytes;
  }
  (envelope as Record<string, unknown>).items = items;
  return envelope as Record<string, unknown>;
}

/**
 * How much of the body one parse reads, at least (a run ends at the first cut after this many bytes). Runs stay
 * well under V8's largest young-generation string (128 KiB) while each parse has enough to do that its fixed cost
 * does not count.
 */
const RUN_BYTES = 64 * 1024;

/** The largest run buffer kept between calls; a larger run (an item of megabytes) gets a buffer of its own. */
const KEPT_RUN_BUFFER = 1024 * 1024;

// Reused by every call: a run is copied, decoded and parsed synchronously, so no two calls share it at once.
let kept = Buffer.allocUnsafe(0);

function runBuffer(size: number): Buffer {
  if (kept.length >= size) return kept;
  const fresh = Buffer.allocUnsafe(Math.max(size, RUN_BYTES * 2));
  if (fresh.length <= KEPT_RUN_BUFFER) kept = fresh;
  return fresh;
}

/** A body's chunks read as one run of bytes, without joining them. */
class ChunkedBytes {
  readonly length: number;
  readonly #chunks: Buffer[];
  /** Where each chunk starts in the body. */
  readonly #starts: number[];

  constructor(chunks: readonly Buffer[]) {
    this.#chunks = chunks.filter((c) => c.length > 0);
    this.#starts = [];
    let at = 0;
    for (const c of this.#chunks) {
      this.#starts.push(at);
      at += c.length;
    }
    this.length = at;
  }

  /** The chunk holding byte `pos` (0 ≤ pos < length). */
  #chunkOf(pos: number): number {
    const starts = this.#starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The byte at `pos`, or undefined outside the body. */
  at(pos: number): number | undefined {
    if (pos < 0 || pos >= this.length) return undefined;
    const k = this.#chunkOf(pos);
    return this.#chunks[k]![pos - this.#starts[k]!];
  }

  /** The first `pattern` at or after `from`, also one that spans chunks; -1 if none. */
  indexOf(pattern: Buffer, from: number): number {
    if (from >= this.length) return -1;
    const overlap = pattern.length - 1;
    for (let k = this.#chunkOf(Math.max(from, 0)); k < this.#chunks.length; k++) {
      const chunk = this.#chunks[k]!;
      const base = this.#starts[k]!;
      const found = chunk.indexOf(pattern, Math.max(0, from - base));
      if (found >= 0) return base + found;
      // Not within this chunk: one that starts in it may end in the next ones.
      const end = base + chunk.length;
      if (overlap > 0 && end < this.length) {
        const seamStart = Math.max(from, end - overlap);
        const seam = this.copy(seamStart, Math.min(end + overlap, this.length)).indexOf(pattern);
        if (seam >= 0) return seamStart + seam;
      }
    }
    return -1;
  }

  /** Bytes `start` to `end` copied into `target` at `at`. */
  copyInto(start: number, end: number, target: Buffer, at: number): void {
    if (start >= end) return;
    let k = this.#chunkOf(start);
    let pos = start;
    while (pos < end) {
      const chunk = this.#chunks[k]!;
      const base = this.#starts[k]!;
      const upto = Math.min(end, base + chunk.length);
      at += chunk.copy(target, at, pos - base, upto - base);
      pos = upto;
      k++;
    }
  }

  /** Bytes `start` to `end` as a buffer of their own. */
  copy(start: number, end: number): Buffer {
    const out = Buffer.allocUnsafe(Math.max(0, end - start));
    this.copyInto(start, end, out, 0);
    return out;
  }
}

const ITEMS_KEY = Buffer.from('"items":[');
const CUT_HEAD = Buffer.from("},{");
const COLON = Buffer.from(":");
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const QUOTE_BYTES = Buffer.from('"');
const BACKSLASH = 0x5c;
/** The API server's first keys are short (`metadata`, `apiVersion`); anything longer is left to `JSON.parse`. */
const MAX_KEY_BYTES = 64;

function isJsonSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Where the body's last `]` is, when only whitespace and one `}` follow it; else -1. */
function closingBracket(bytes: ChunkedBytes): number {
  let i = bytes.length - 1;
  while (i >= 0 && isJsonSpace(bytes.at(i))) i--;
  if (bytes.at(i) !== CLOSE_BRACE) return -1;
  i--;
  while (i >= 0 && isJsonSpace(bytes.at(i))) i--;
  return bytes.at(i) === CLOSE_BRACKET ? i : -1;
}

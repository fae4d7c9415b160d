/**
 * A large list body parsed in runs of items, straight from its bytes: the value `JSON.parse` gives for the body's
 * UTF-8 text, without ever making that text. A list of 5,000 Pods is an 18 MB body; its text is one 18 MB string,
 * which V8 puts in a space of its own and maps fresh memory for on every list (about 4,400 new pages, each paid for
 * on first touch), and which the caller usually never reads. A run of items (about {@link RUN_BYTES}) is decoded and
 * parsed as one array, its text made and dropped in the young generation, whose memory is reused.
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
 * A run is parsed in place: the `,` before it and the one after it are made `[` and `]` for the parse and put back,
 * so `bytes` is unchanged when this returns (nothing else can read it meanwhile: the parse is synchronous).
 * `runBytes` is for tests, which need runs of a few items.
 */
export function parseListBytes(bytes: Buffer, runBytes = RUN_BYTES): Record<string, unknown> | undefined {
  const at = bytes.indexOf(ITEMS_KEY);
  if (at <= 0) return undefined;
  const before = bytes[at - 1];
  if (before !== OPEN_BRACE && before !== COMMA) return undefined;
  const open = at + ITEMS_KEY.length - 1;
  const first = open + 1;
  // `"items":[{"K"`: a first item, starting with a key without escapes.
  if (bytes[first] !== OPEN_BRACE || bytes[first + 1] !== QUOTE) return undefined;
  const keyEnd = bytes.indexOf(QUOTE, first + 2);
  if (keyEnd < 0 || keyEnd - first > MAX_KEY_BYTES) return undefined;
  for (let i = first + 2; i < keyEnd; i++) if (bytes[i] === BACKSLASH) return undefined;
  const close = closingBracket(bytes);
  if (close <= first) return undefined;

  let envelope: unknown;
  try {
    envelope = JSON.parse(bytes.toString("utf8", 0, first) + bytes.toString("utf8", close));
  } catch {
    return undefined;
  }
  if (typeof envelope !== "object" || envelope === null || Array.isArray(envelope)) return undefined;

  const separator = Buffer.concat([CUT_HEAD, bytes.subarray(first + 1, keyEnd + 1), COLON]);
  const items: unknown[] = [];
  let wasted = 0;
  // A run starts at an item's `{`, right after a `[` or `,`; it ends before the `,` of a cut or at the list's `]`.
  let start = first;
  let from = first + runBytes;
  for (;;) {
    const cut = from < close ? bytes.indexOf(separator, from) : -1;
    const last = cut < 0 || cut >= close;
    const end = last ? close : cut + 1;
    const opening = bytes[start - 1]!;
    const closing = bytes[end]!;
    bytes[start - 1] = OPEN_BRACKET;
    bytes[end] = CLOSE_BRACKET;
    let run: unknown[];
    try {
      run = JSON.parse(bytes.toString("utf8", start - 1, end + 1)) as unknown[];
    } catch {
      // The last run must parse; any other may have been cut inside an item, and goes on to the next cut. What the
      // failed parses read is counted: past the body's size, the whole parse is cheaper.
      wasted += end - start;
      if (last || wasted > bytes.length) return undefined;
      from = cut + 1;
      continue;
    } finally {
      bytes[start - 1] = opening;
      bytes[end] = closing;
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
const ITEMS_KEY = Buffer.from('"items":[');
const CUT_HEAD = Buffer.from("},{");
const COLON = Buffer.from(":");
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** The API server's first keys are short (`metadata`, `apiVersion`); anything longer is left to `JSON.parse`. */
const MAX_KEY_BYTES = 64;

function isJsonSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Where the body's last `]` is, when only whitespace and one `}` follow it; else -1. */
function closingBracket(bytes: Buffer): number {
  let i = bytes.length - 1;
  while (i >= 0 && isJsonSpace(bytes[i])) i--;
  if (bytes[i] !== CLOSE_BRACE) return -1;
  i--;
  while (i >= 0 && isJsonSpace(bytes[i])) i--;
  return bytes[i] === CLOSE_BRACKET ? i : -1;
}

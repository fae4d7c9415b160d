/** Bytes of output per piece: below V8's large-object size, so the reused buffer lives in regular pages. */
const OUT_BYTES = 64 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
/** Runs of string bytes longer than this are copied with one call rather than byte by byte. */
const LONG_RUN = 48;

/**
 * `JSON.stringify(JSON.parse(text), null, 2)` worked out on the bytes of `json`, which must be compact JSON as
 * `JSON.stringify(value)` writes it (UTF-8, no whitespace outside strings): a newline and indentation after every
 * `{`, `[` and `,`, before every `}` and `]`, a space after every `:`; `{}` and `[]` stay as they are, and strings
 * are copied byte for byte. Every line after the first starts with `indent`, as if the value sat that deep.
 *
 * A large body is written out this way straight from the bytes it arrived in, with no parse and no text of the
 * size of the body. The output comes in pieces, each a view of `out` that the next piece overwrites: the caller
 * writes (or copies) a piece before it asks for the next.
 */
export function* indentCompactJson(
  json: Uint8Array,
  indent = "",
  out: Buffer = Buffer.allocUnsafe(OUT_BYTES),
): Generator<Buffer, void, void> {
  const state: State = {
    json,
    at: 0,
    depth: 0,
    inString: false,
    pad: Buffer.from("\n" + indent + " ".repeat(64)),
    indentLength: Buffer.byteLength(indent),
  };
  let buffer = out;
  while (state.at < json.length) {
    const n = fill(state, buffer);
    // A line's start that does not fit in an empty buffer (nesting deeper than the buffer is long): a larger one.
    if (n === 0) buffer = Buffer.allocUnsafe(2 * (state.indentLength + 2 * state.depth + 4));
    else yield buffer.subarray(0, n);
  }
}

interface State {
  readonly json: Uint8Array;
  /** The next byte of `json` to write. */
  at: number;
  depth: number;
  inString: boolean;
  /** "\n", the indent, then two spaces per level: a line's start is a prefix of this, grown when values nest deeper. */
  pad: Buffer;
  readonly indentLength: number;
}

/**
 * Writes as much of the output as fits in `out` (never half of what one byte of input makes), from `state.at` on;
 * returns the number of bytes written. A plain function, not the generator: V8 optimises its loop fully.
 */
function fill(state: State, out: Buffer): number {
  const { json, indentLength } = state;
  const end = json.length;
  const cap = out.length;
  let { at: i, depth, inString, pad } = state;
  let n = 0;
  for (; i < end; i++) {
    const c = json[i]!;
    if (inString) {
      if (c !== QUOTE && c !== BACKSLASH) {
        // A run of plain bytes, up to the next quote or backslash, is copied as a whole when it is long.
        let j = i + 1;
        while (j < end) {
          const b = json[j]!;
          if (b === QUOTE || b === BACKSLASH) break;
          j++;
        }
        const m = Math.min(j - i, cap - n);
        if (m === 0) break;
        if (m > LONG_RUN) out.set(json.subarray(i, i + m), n);
        else for (let k = 0; k < m; k++) out[n + k] = json[i + k]!;
        n += m;
        i += m - 1;
        continue;
      }
      if (n + 2 > cap) break;
      out[n++] = c;
      if (c === QUOTE) inString = false;
      else if (c === BACKSLASH && i + 1 < end) out[n++] = json[++i]!; // `\"` does not end the string
      continue;
    }
    // `{` and `[` are two below their closing brackets.
    const opens = c === 0x7b || c === 0x5b;
    const closes = c === 0x7d || c === 0x5d;
    if (!opens && !closes && c !== COMMA) {
      if (n + 2 > cap) break;
      out[n++] = c;
      if (c === QUOTE) inString = true;
      else if (c === COLON) out[n++] = SPACE;
      continue;
    }
    if (opens && json[i + 1] === c + 2) {
      // An empty object or array stays `{}` or `[]`.
      if (n + 2 > cap) break;
      out[n++] = c;
      out[n++] = c + 2;
      i++;
      continue;
    }
    const level = opens ? depth + 1 : closes ? depth - 1 : depth;
    const length = 1 + indentLength + 2 * level;
    if (n + length + 1 > cap) break;
    if (length > pad.length) pad = state.pad = Buffer.concat([pad, Buffer.alloc(length, SPACE)]);
    if (!closes) out[n++] = c;
    for (let k = 0; k < length; k++) out[n++] = pad[k]!;
    if (closes) out[n++] = c;
    depth = level;
  }
  state.at = i;
  state.depth = depth;
  state.inString = inString;
  return n;
}

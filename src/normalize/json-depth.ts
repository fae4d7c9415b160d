/**
 * Nesting limits. Go's encoding/json refuses documents nested deeper than 10,000 levels; kubewire's renderers,
 * diffs and redaction walk values recursively, and a JavaScript stack (a worker thread's especially) runs out well
 * before that. Kubernetes objects nest a few dozen levels at most, so kubewire draws the line at 1,000.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Whether brackets outside strings nest deeper than `max` in a JSON text: one pass, and none at all for a text too
 * short to nest that deep.
 */
export function jsonTextNestsDeeperThan(text: string, max: number = MAX_JSON_DEPTH): boolean {
  if (text.length <= max * 2) return false;
  // Strings are most of a document: each is skipped with `indexOf` for its closing quote (a native search, several
  // times faster than a loop over its characters), and only the short runs between strings are read char by char.
  const n = text.length;
  let depth = 0;
  let i = 0;
  while (i < n) {
    const open = text.indexOf('"', i);
    const end = open < 0 ? n : open;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x5b || c === 0x7b) {
        if (++depth > max) return true;
      } else if (c === 0x5d || c === 0x7d) depth--;
    }
    if (open < 0) return false;
    // The closing quote is the first one after `open` preceded by an even run of backslashes.
    let from = open + 1;
    for (;;) {
      const close = text.indexOf('"', from);
      if (close < 0) return false; // an unterminated string: nothing after it counts
      let b = close - 1;
      while (b > open && text.charCodeAt(b) === 0x5c) b--;
      if ((close - 1 - b) % 2 === 0) {
        i = close + 1;
        break;
      }
      from = close + 1;
    }
  }
  return false;
}

/**
 * Whether a value nests deeper than `max`, or refers to itself (a YAML alias to its own ancestor makes a cycle,
 * which nests without end). Iterative, so it cannot itself run out of stack.
 */
export function valueNestsDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

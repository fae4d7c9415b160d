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
  // times faster than a loop over its characters); only what lies between strings is read char by char.
  const n = text.length;
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // The closing quote is the first one after `i` preceded by an even run of backslashes (the run stops at
      // the opening quote at the latest).
      let close = text.indexOf('"', i + 1);
      for (;;) {
        if (close < 0) return false; // an unterminated string: nothing after it counts
        let b = close - 1;
        while (text.charCodeAt(b) === 0x5c) b--;
        if ((close - 1 - b) % 2 === 0) break;
        close = text.indexOf('"', close + 1);
      }
      i = close;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
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

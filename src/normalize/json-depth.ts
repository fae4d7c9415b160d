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
  if (typeof value !== "object" || value === null) return false;
  // Two stacks of objects and their depths, scalars never pushed: loading a cassette checks every body, and a pair
  // per value (strings and numbers included) was an allocation for each of the session's millions of values.
  const objects: object[] = [value];
  const depths: number[] = [0];
  while (objects.length > 0) {
    const v = objects.pop()!;
    const depth = depths.pop()!;
    if (depth >= max) return true;
    const children: unknown[] = Array.isArray(v) ? v : Object.values(v);
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (typeof child === "object" && child !== null) {
        objects.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

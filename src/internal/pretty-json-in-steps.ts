/**
 * `JSON.stringify(value, null, 2)`, made a slice at a time: a generator that yields after every slice of a long
 * array (and returns the text), so that whoever drives it can let other work run between slices. The text is the
 * same as `JSON.stringify`'s, indented as if the value sat `indent` deep (every line after the first starts with
 * `indent`). Only long arrays, and the objects and arrays that hold them near the top, are taken apart; everything
 * else is one `JSON.stringify` call.
 */
export function* prettyJsonInSteps(
  value: unknown,
  indent = "",
  depth = 0,
): Generator<void, string | undefined> {
  if (depth <= MAX_SPLIT_DEPTH && value !== null && typeof value === "object" && !hasToJson(value)) {
    if (Array.isArray(value)) {
      if (value.length === 0) return "[]";
      const inner = indent + "  ";
      if (value.length > SLICE && /^(?: {2})*$/.test(indent)) {
        // Long: each slice is one JSON.stringify, nested in as many arrays as it sits deep, so that its lines
        // come out indented as they must (no pass over the text to indent it), and the brackets are cut off.
        const levels = indent.length / 2;
        const open = Array.from({ length: levels + 1 }, (_, j) => " ".repeat(2 * j) + "[\n").join("");
        const close =
          "\n" +
          indent +
          "]" +
          Array.from({ length: levels }, (_, j) => "\n" + " ".repeat(2 * (levels - 1 - j)) + "]").join("");
        const slices: string[] = [];
        for (let at = 0; at < value.length; at += SLICE) {
          if (at > 0) yield;
          let nested: unknown = value.slice(at, at + SLICE);
          for (let j = 0; j < levels; j++) nested = [nested];
          const text = JSON.stringify(nested, null, 2);
          slices.push("\n" + text.slice(open.length, text.length - close.length));
        }
        return `[${slices.join(",")}\n${indent}]`;
      }
      const parts: string[] = [];
      for (let i = 0; i < value.length; i++) {
        // An element JSON has no text for (undefined, a function) is written `null`, as JSON.stringify writes it.
        const text = (yield* prettyJsonInSteps(value[i], inner, depth + 1)) ?? "null";
        parts.push(`\n${inner}${text}`);
      }
      return `[${parts.join(",")}\n${indent}]`;
    }
    const inner = indent + "  ";
    const parts: string[] = [];
    for (const key of Object.keys(value)) {
      // A property JSON has no text for is left out, as JSON.stringify leaves it out.
      const text = yield* prettyJsonInSteps((value as Record<string, unknown>)[key], inner, depth + 1);
      if (text !== undefined) parts.push(`\n${inner}${JSON.stringify(key)}: ${text}`);
    }
    return parts.length === 0 ? "{}" : `{${parts.join(",")}\n${indent}}`;
  }
  const text = JSON.stringify(value, null, 2) as string | undefined;
  // Strings never hold a raw newline (JSON escapes it): every newline is the indentation's.
  return text === undefined || indent === "" ? text : text.replaceAll("\n", "\n" + indent);
}

/** Elements of an array per slice. */
const SLICE = 200;
/** How deep values are taken apart (a list's `items` is at depth 1, each item at depth 2 is one call). */
const MAX_SPLIT_DEPTH = 1;

function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}

/** Drives {@link prettyJsonInSteps} to its end at once. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Whether `text` is exactly `JSON.stringify(value) + "\n"`, decided without making that text: the members of the
 * value's top-level object or array, and of the objects and arrays in it (a list's `items`), are serialised one by
 * one and compared where they must stand. A 10 MB list is then checked in pieces of a few kilobytes, none of them
 * large enough for V8's large-object space, instead of in one string of the list's size made to be compared once.
 */
export function jsonTextIs(value: unknown, text: string): boolean {
  const end = matchAt(value, text, 0, 0);
  return end === text.length - 1 && text.charCodeAt(end) === 0x0a;
}

/** How deep values are taken apart: the top level and the members of what it holds. */
const MAX_SPLIT_DEPTH = 1;

/** The position after `value`'s JSON text when it stands at `at` in `text`, or -1. */
function matchAt(value: unknown, text: string, at: number, depth: number): number {
  if (depth > MAX_SPLIT_DEPTH || value === null || typeof value !== "object" || hasToJson(value)) {
    const piece = JSON.stringify(value) as string | undefined;
    return piece !== undefined && text.startsWith(piece, at) ? at + piece.length : -1;
  }
  if (Array.isArray(value)) {
    if (text.charCodeAt(at++) !== 0x5b) return -1;
    for (let i = 0; i < value.length; i++) {
      if (i > 0 && text.charCodeAt(at++) !== 0x2c) return -1;
      // An element JSON has no text for is written `null`.
      const element: unknown = value[i];
      at =
        element === undefined || typeof element === "function"
          ? matchAt(null, text, at, depth + 1)
          : matchAt(element, text, at, depth + 1);
      if (at < 0) return -1;
    }
    return text.charCodeAt(at) === 0x5d ? at + 1 : -1;
  }
  if (text.charCodeAt(at++) !== 0x7b) return -1;
  let first = true;
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    // A property JSON has no text for is left out.
    if (member === undefined || typeof member === "function" || typeof member === "symbol") continue;
    if (!first && text.charCodeAt(at++) !== 0x2c) return -1;
    first = false;
    const name = JSON.stringify(key);
    if (!text.startsWith(name, at) || text.charCodeAt(at + name.length) !== 0x3a) return -1;
    at = matchAt(member, text, at + name.length + 1, depth + 1);
    if (at < 0) return -1;
  }
  return text.charCodeAt(at) === 0x7d ? at + 1 : -1;
}

function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}

/**
 * Where two JSON values first differ, key order included (`$.spec.template`), or undefined when they are the
 * same. Says where, never what: the values may be Secret data.
 */
export function jsonDifference(actual: unknown, expected: unknown, path = "$"): string | undefined {
  if (typeof actual !== typeof expected) return `${path}: ${kind(actual)} instead of ${kind(expected)}`;
  if (typeof actual !== "object" || actual === null || expected === null)
    return Object.is(actual, expected) ? undefined : `${path}: a different ${kind(expected)}`;
  if (Array.isArray(actual) !== Array.isArray(expected))
    return `${path}: ${kind(actual)} instead of ${kind(expected)}`;
  if (Array.isArray(actual)) {
    const e = expected as unknown[];
    if (actual.length !== e.length) return `${path}: ${actual.length} items instead of ${e.length}`;
    for (let i = 0; i < e.length; i++) {
      const d = jsonDifference(actual[i], e[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const a = Object.keys(actual);
  const e = Object.keys(expected as object);
  if (a.join("\0") !== e.join("\0"))
    return `${path}: keys ${JSON.stringify(a)} instead of ${JSON.stringify(e)}`;
  for (const k of e) {
    const d = jsonDifference(
      (actual as Record<string, unknown>)[k],
      (expected as Record<string, unknown>)[k],
      `${path}.${k}`,
    );
    if (d) return d;
  }
  return undefined;
}

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** Where two byte strings first differ, or undefined. */
export function bytesDifference(actual: Uint8Array, expected: Uint8Array): string | undefined {
  const n = Math.min(actual.length, expected.length);
  for (let i = 0; i < n; i++) if (actual[i] !== expected[i]) return `byte ${i} differs`;
  return actual.length === expected.length
    ? undefined
    : `${actual.length} bytes instead of ${expected.length}`;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A string as Go holds it after decoding JSON: each lone surrogate (a `\udXXX` escape with no partner, which is no
 * character) is U+FFFD, the bytes kubectl writes for it.
 */
export function goWellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, "\ufffd");
}

/** A surrogate escape in JSON text, or a lone surrogate in the text itself: only then can a string hold one. */
const MAY_HOLD_LONE_SURROGATE =
  /\\u[dD][89a-fA-F]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A value parsed from `text` as Go's decoder gives it: every string and key with its lone surrogates as U+FFFD (two
 * keys that become the same are one, the later value winning, as in a Go map). The value itself when the text
 * cannot hold a lone surrogate, or holds none; copies only what changes.
 */
export function goDecodedStrings(value: unknown, text: string): unknown {
  return MAY_HOLD_LONE_SURROGATE.test(text) ? wellFormedValue(value) : value;
}

function wellFormedValue(value: unknown): unknown {
  if (typeof value === "string") return goWellFormed(value);
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((v: unknown, i) => {
      const w = wellFormedValue(v);
      if (w !== v) (copy ??= [...(value as unknown[])])[i] = w;
    });
    return copy ?? value;
  }
  const object = value as Record<string, unknown>;
  let changed = false;
  const entries: [string, unknown][] = [];
  for (const k of Object.keys(object)) {
    const key = goWellFormed(k);
    const v = wellFormedValue(object[k]);
    if (key !== k || v !== object[k]) changed = true;
    entries.push([key, v]);
  }
  if (!changed) return value;
  const copy: Record<string, unknown> = {};
  // defineProperty, so that a "__proto__" key stays data, as JSON.parse makes it.
  for (const [k, v] of entries)
    Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
  return copy;
}

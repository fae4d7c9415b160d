/** Keys already made canonical (header names recur in every exchange), how many are kept, and how long at most. */
const canonical = new Map<string, string>();
const KEPT = 512;
const LONGEST_KEPT = 128;

/**
 * Go's `textproto.CanonicalMIMEHeaderKey`: the first letter and every letter after a hyphen upper case, the rest
 * lower case (`audit-id` → `Audit-Id`, `x-kubernetes-pf-flowschema-uid` → `X-Kubernetes-Pf-Flowschema-Uid`).
 * Keys with a space or other invalid token characters are returned unchanged, as Go does. The same few names come
 * back with every exchange (a report's curl commands, a log's headers): each is worked out once and remembered.
 */
export function canonicalHeaderKey(key: string): string {
  if (key.length > LONGEST_KEPT) return canonicalOf(key);
  let out = canonical.get(key);
  if (out === undefined) {
    out = canonicalOf(key);
    if (canonical.size >= KEPT) canonical.clear();
    canonical.set(key, out);
  }
  return out;
}

function canonicalOf(key: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key)) return key;
  let upper = true;
  let out = "";
  for (const ch of key) {
    out += upper ? ch.toUpperCase() : ch.toLowerCase();
    upper = ch === "-";
  }
  return out;
}

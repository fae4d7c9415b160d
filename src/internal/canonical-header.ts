/**
 * Go's `textproto.CanonicalMIMEHeaderKey`: the first letter and every letter after a hyphen upper case, the rest
 * lower case (`audit-id` → `Audit-Id`, `x-kubernetes-pf-flowschema-uid` → `X-Kubernetes-Pf-Flowschema-Uid`).
 * Keys with a space or other invalid token characters are returned unchanged, as Go does.
 */
export function canonicalHeaderKey(key: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key)) return key;
  let upper = true;
  let out = "";
  for (const ch of key) {
    out += upper ? ch.toUpperCase() : ch.toLowerCase();
    upper = ch === "-";
  }
  return out;
}

import type { AppliedAuth } from "../client/api-connection.js";

/**
 * Which headers cross the proxy. Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and stop at the
 * proxy; the client's own credential (the proxy's per-run token) stops there too, and the user's real credentials
 * are added on the way up. Everything else goes through as it came, in its order: the User-Agent (so the API
 * server's audit log names the real tool), Accept, Content-Type, kubectl's own headers.
 */

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Header names a `Connection` header lists: hop-by-hop too. */
function connectionTokens(values: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const value of values)
    for (const token of value.split(",")) {
      const t = token.trim().toLowerCase();
      if (t) out.add(t);
    }
  return out;
}

/**
 * The headers to send upstream, as a flat `[name, value, …]` list: the client's headers (from `rawHeaders`) without
 * hop-by-hop ones, `Host` (the upstream's is set from its URL), `Content-Length` (the body is sent whole and
 * measured again), `Expect` (the proxy has read the body already) and `Authorization`; then the real credentials.
 * When the kubeconfig impersonates, its `Impersonate-*` headers replace any the client sent.
 */
export function upstreamRequestHeaders(rawHeaders: readonly string[], applied: AppliedAuth): string[] {
  const connection: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    if (rawHeaders[i]!.toLowerCase() === "connection") connection.push(rawHeaders[i + 1]!);
  const listed = connectionTokens(connection);
  const impersonates = Object.keys(applied.headers).some((k) => /^impersonate-/i.test(k));
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || listed.has(lower)) continue;
    if (lower === "host" || lower === "content-length" || lower === "expect" || lower === "authorization")
      continue;
    if (impersonates && lower.startsWith("impersonate-")) continue;
    out.push(name, rawHeaders[i + 1]!);
  }
  for (const [name, value] of Object.entries(applied.headers))
    for (const one of Array.isArray(value) ? value : [value]) out.push(name, one);
  return out;
}

/**
 * The response headers to relay to the client, as `[name, value]` pairs: the upstream's, without hop-by-hop ones
 * (the proxy's connection to the client has its own). An upgrade's `101` keeps `Connection` and `Upgrade`, which
 * are what it is about.
 */
export function relayedResponseHeaders(
  headers: Record<string, string | string[] | undefined>,
  upgraded = false,
): [string, string][] {
  const connection = headers.connection;
  const listed = connectionTokens(
    connection === undefined ? [] : Array.isArray(connection) ? connection : [connection],
  );
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const keep = upgraded && (lower === "connection" || lower === "upgrade");
    if (!keep && (HOP_BY_HOP.has(lower) || listed.has(lower))) continue;
    for (const one of Array.isArray(value) ? value : [value]) out.push([name, one]);
  }
  return out;
}

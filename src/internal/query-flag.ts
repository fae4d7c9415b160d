/**
 * Boolean query parameters as kube-apiserver reads them. The server decodes `watch`, `follow`, `force`,
 * `allowWatchBookmarks`, `sendInitialEvents`… with apimachinery's `Convert_Slice_string_To_bool`, not with Go's
 * `strconv.ParseBool` (which only `?pretty=` uses, see go-bool.ts): a recorder, a replayer or a report that read
 * `?watch=True` (Python's client), `?watch=yes` or a bare `?watch` any other way would disagree with the server
 * about what the request is.
 */

/**
 * A boolean query parameter's meaning to the API server: absent (`null`) is false; `0`, and `false` in any case,
 * are false; anything else is true, `f`, `no` and the empty value included.
 *
 * @param value the parameter's first value, decoded, or `null` when the query does not name it
 */
export function apiserverQueryBool(value: string | null): boolean {
  return value !== null && value !== "0" && value.toLowerCase() !== "false";
}

/** `%` not followed by two hex digits: Go's `url.QueryUnescape` refuses the pair, and `url.Query()` drops it. */
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

function unescapeQueryPart(s: string): string | undefined {
  if (BAD_ESCAPE.test(s)) return undefined;
  const spaced = s.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    // Escapes of bytes that are not UTF-8: Go keeps the bytes. No parameter name is such a text, and no such value
    // is `0` or `false`, so the escaped form stands in for it.
    return spaced;
  }
}

/** A `key=value` pair as Go's `url.ParseQuery` keeps it, decoded, or `undefined` when it drops the pair. */
function decodePair(pair: string): [key: string, value: string] | undefined {
  if (pair === "" || pair.includes(";")) return undefined;
  const eq = pair.indexOf("=");
  const key = unescapeQueryPart(eq < 0 ? pair : pair.slice(0, eq));
  const value = eq < 0 ? "" : unescapeQueryPart(pair.slice(eq + 1));
  return key === undefined || value === undefined ? undefined : [key, value];
}

/**
 * The first value of query parameter `name` in `query` (the text after `?`, without it), decoded as Go's
 * `url.ParseQuery` decodes it for the API server (`&` separates pairs; a pair holding `;` or a bad escape is
 * dropped; `+` is a space; a pair without `=` has the empty value), or `null` when no pair names it.
 */
export function firstQueryValue(query: string, name: string): string | null {
  if (query === "") return null;
  for (const part of query.split("&")) {
    const pair = decodePair(part);
    if (pair?.[0] === name) return pair[1];
  }
  return null;
}

/**
 * Every parameter of `query` (the text after `?`) that the API server sees, in order, decoded as
 * {@link firstQueryValue} decodes one: what a server standing in for kube-apiserver reads `limit`, `continue`,
 * `fieldSelector`… from, so that a pair the real server drops (`a=1;b=2`, `x=%zz`) means nothing there either.
 * WHATWG's `URLSearchParams` keeps such pairs.
 */
export function apiserverQuery(query: string): URLSearchParams {
  const params = new URLSearchParams();
  if (query === "") return params;
  for (const part of query.split("&")) {
    const pair = decodePair(part);
    if (pair) params.append(pair[0], pair[1]);
  }
  return params;
}

/** The query of a URL (absolute or path-only): the text after the first `?`, up to a `#`. */
export function queryOf(url: string): string {
  const hash = url.indexOf("#");
  const beforeHash = hash < 0 ? url : url.slice(0, hash);
  const q = beforeHash.indexOf("?");
  return q < 0 ? "" : beforeHash.slice(q + 1);
}

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The proxy's own credential: a random token made for one run, which a client must present to be forwarded with
 * the user's real credentials. Over HTTPS it travels as `Authorization: Bearer <token>`. Over plain HTTP, Go clients
 * (kubectl, helm, every client-go program) send no credentials at all (clientcmd drops them for `http://` servers),
 * so the token may also come as the first segment of the path: the written kubeconfig's server URL ends in it.
 */
export class ClientToken {
  readonly value: string;
  readonly #digest: Buffer;

  constructor(value: string = randomBytes(32).toString("base64url")) {
    this.value = value;
    this.#digest = digest(value);
  }

  /** Whether `candidate` is the token, compared in constant time (digests of equal length, whatever was sent). */
  matches(candidate: string | undefined): boolean {
    return candidate !== undefined && timingSafeEqual(digest(candidate), this.#digest);
  }

  /**
   * Checks a request: its Authorization header, else the first segment of its path. Returns the path the request
   * meant (the token segment taken off) when the token was presented, else undefined.
   */
  admit(authorization: string | undefined, path: string): { path: string } | undefined {
    const bearer = /^bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (bearer && this.matches(bearer[1])) return { path: withoutTokenSegment(path, this) ?? path };
    const stripped = withoutTokenSegment(path, this);
    return stripped === undefined ? undefined : { path: stripped };
  }
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** The path without its first segment when that segment is the token, else undefined. */
function withoutTokenSegment(path: string, token: ClientToken): string | undefined {
  if (!path.startsWith("/")) return undefined;
  const end = path.slice(1).search(/[/?#]/);
  const segment = end < 0 ? path.slice(1) : path.slice(1, end + 1);
  if (!token.matches(segment)) return undefined;
  const rest = end < 0 ? "" : path.slice(end + 1);
  return rest.startsWith("/") ? rest : `/${rest}`;
}

/**
 * A path fit to show: without a leading segment that looks like a token (a wrong one, from a client with a stale
 * kubeconfig, is a credential too), so that neither the log nor an error ever carries one.
 */
export function shownPath(path: string, token: ClientToken): string {
  const stripped = withoutTokenSegment(path, token);
  if (stripped !== undefined) return stripped;
  // A segment shaped like a token (43 base64url characters) that is not this run's: hide it just the same.
  return path.replace(/^\/[A-Za-z0-9_-]{43}(?=[/?#]|$)/, "/[token]");
}

import type { LogHostMark } from "../../../record/exchange/exchange.js";

/**
 * URLs as pasted logs show them. kubectl logs absolute URLs (Go's `URL.String()`: never a space), but the people who
 * paste its logs hide or shorten the host (`https://<redacted>/api`, `https://.../api`, `https://xx.xx.xx.xx:6443`)
 * or keep only the path. Such a URL is kept as given and marked, never completed with a guessed host.
 */

/**
 * A URL token: absolute, or starting the way an author's replacement for the scheme and host starts (`/`, `...`,
 * `<`, `[`, `{`, `$`, `*`). Source for the patterns that read request and response lines.
 */
// `\u2026` (an ellipsis) is an escape for the RegExp built from this source, not for the string: the text stays
// ASCII, as the CLI bundle must be (scripts/bundle-cli.js).
export const LOGGED_URL = String.raw`(?:https?:\/\/|\/|\.\.\.|\u2026|<|\[|\{|\$|\*)\S*`;

const WHOLE = new RegExp(`^${LOGGED_URL}$`);

/** Whether a logged value reads as a URL (see {@link LOGGED_URL}). */
export function isLoggedUrl(text: string): boolean {
  return WHOLE.test(text);
}

const ORIGIN = /^https?:\/\/([^/?#]*)/;
/** Words authors put in place of a host. */
const REDACTION_WORD =
  /redact|masked|hidden|censor|obfuscat|removed|omitted|anonymi[sz]ed|placeholder|^your[-_.]?(?:cluster|server|api|host|apiserver|endpoint|master|domain|ip)\b/i;
/** `xx.xx.xx.xx`, `XXXX`, `xxxx.gr7.eu-west-1.eks.amazonaws.com`: a label of x's where a name was. */
const X_LABEL = /(?:^|\.)x{2,}(?:\.|$)/i;
/** `10.x.x.x`, `192.168.x.12`: an address with x's for some of its numbers. */
const X_ADDRESS = /^(?=[\d.]*x)(?:\d{1,3}|x{1,3})(?:\.(?:\d{1,3}|x{1,3})){3}$/i;
/** Characters no host name holds, but placeholders do (`<cluster>`, `{{server}}`, `$SERVER`, `***`). */
const PLACEHOLDER_CHARS = /[<>{}*$#%\s]/;

/**
 * How a logged URL's host differs from a server's: `redacted` (replaced by the author), `elided` (shortened with
 * `...`, or empty), `missing` (no scheme and host at all); undefined for a host that reads as a real one.
 */
export function hostMark(url: string): LogHostMark | undefined {
  const m = ORIGIN.exec(url);
  if (!m) {
    if (url.startsWith("...") || url.startsWith("…")) return "elided";
    return url.startsWith("/") ? "missing" : "redacted";
  }
  const authority = m[1]!.replace(/^[^@]*@/, "");
  const host = authority.startsWith("[")
    ? authority.replace(/(?<=\])(?::\d*)?$/, "")
    : authority.replace(/:\d*$/, "");
  if (host === "" || host.includes("...") || host.includes("…")) return "elided";
  if (PLACEHOLDER_CHARS.test(host) || REDACTION_WORD.test(host) || X_LABEL.test(host) || X_ADDRESS.test(host))
    return "redacted";
  if (host.startsWith("[") && !/^\[[0-9a-f:.]+(?:%[\w.-]+)?\]$/i.test(host)) return "redacted";
  return undefined;
}

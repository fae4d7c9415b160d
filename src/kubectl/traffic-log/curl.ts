import { bodyBytes, bodyText, capturedBytes } from "../../record/exchange/body.js";
import { isRedactionMarker, redactExchange } from "../../record/redact/redact.js";
import type { Body, Exchange } from "../../record/exchange/exchange.js";
import { canonicalHeaderKey } from "../../internal/canonical-header.js";

/**
 * Options of {@link replayCurl}, whether credentials and Secret values are kept and which shell variable stands in
 * for a token.
 */
export interface ReplayCurlOptions {
  /** Use the exchange as it is, credentials and Secret values included. Off by default: it is redacted first. */
  showSecrets?: boolean;
  /** The shell variable that stands for a bearer token kubewire does not print. Default `KUBE_TOKEN`. */
  tokenVariable?: string;
}

/** One character written inside bash/zsh `$'…'`: a backslash, a quote, a control character escaped. */
function ansiEscape(ch: string): string {
  if (ch === "\\" || ch === "'") return `\\${ch}`;
  if (ch === "\n") return "\\n";
  if (ch === "\t") return "\\t";
  if (ch === "\r") return "\\r";
  return `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
}

/**
 * POSIX single quotes, or bash/zsh `$'…'` when the text holds a newline or another control character. Every
 * character escaped is one UTF-16 unit (never half of a surrogate pair), so one replace over the units writes what
 * a walk of the code points would, without a string per character (a JSON body ends with a newline: every body
 * of a write takes this path).
 */
export function shellQuote(text: string): string {
  if (!/[\u0000-\u001f\u007f]/.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  return `$'${text.replace(/[\\'\u0000-\u001f\u007f]/g, ansiEscape)}'`;
}

/** Any UTF-16 surrogate, paired or not. */
const SURROGATE = /[\ud800-\udfff]/;

/**
 * A request body as the command sends it: its text, and its bytes when they are not that text's UTF-8 (the command
 * then decodes them from base64). A body held as text (not as captured bytes) without surrogates is its own UTF-8
 * round trip, and is taken as it is rather than encoded, decoded and encoded again to find that out.
 */
function dataOf(body: Body): { text: string; bytes?: Buffer } {
  if (capturedBytes(body) === undefined && body.kind !== "binary") {
    const text = bodyText(body) ?? "";
    if (!SURROGATE.test(text)) return { text };
  }
  const bytes = bodyBytes(body);
  const text = bytes.toString("utf8");
  return Buffer.from(text, "utf8").equals(bytes) ? { text } : { text, bytes };
}

const SKIPPED = new Set(["host", "content-length", "connection", "transfer-encoding"]);

/**
 * A curl command that replays the request, body included (kubectl's curl line leaves the body out), quoted for a
 * POSIX shell. A bearer token that kubewire does not hold in clear (masked by kubectl, redacted at capture, or
 * redacted here) becomes `$KUBE_TOKEN`, so the command runs once the variable is set. Binary bodies (protobuf) are
 * passed through `base64 -d` in a process substitution (bash, zsh).
 *
 * Redaction comes first unless `showSecrets` is set, so a replayed Secret carries redaction markers, not values.
 *
 * @example
 * ```ts
 * replayCurlCommand(exchange);
 * // curl -v -X POST -H 'Accept: application/json' -H "Authorization: Bearer $KUBE_TOKEN"
 * //   -H 'Content-Type: application/json' --data-binary $'{"kind":"ConfigMap",…}\n' 'https://…/configmaps'
 * ```
 */
export function replayCurlCommand(exchange: Exchange, options: ReplayCurlOptions = {}): string {
  const ex = options.showSecrets ? exchange : redactExchange(exchange);
  const token = options.tokenVariable ?? "KUBE_TOKEN";
  const parts = ["curl", "-v", "-X", ex.request.method];
  for (const [name, value] of Object.entries(ex.request.headers)) {
    if (SKIPPED.has(name.toLowerCase())) continue;
    const key = canonicalHeaderKey(name);
    for (const v of Array.isArray(value) ? value : [value]) {
      // Only the credential header can stand for the token variable: no other value is matched.
      const bearer = key === "Authorization" ? /^(bearer) (.*)$/i.exec(v) : null;
      if (bearer && (isRedactionMarker(bearer[2]) || bearer[2] === "<masked>"))
        parts.push("-H", `"${key}: ${bearer[1]} $${token}"`);
      else parts.push("-H", shellQuote(`${key}: ${v}`));
    }
  }
  const body = ex.request.body;
  if (body) {
    const { text, bytes } = dataOf(body);
    const binary = bytes !== undefined || /[\u0000-\u0008\u000e-\u001f]/.test(text);
    parts.push(
      "--data-binary",
      binary
        ? `@<(printf %s ${(bytes ?? bodyBytes(body)).toString("base64")} | base64 -d)`
        : shellQuote(text),
    );
  }
  parts.push(shellQuote(ex.request.url));
  return parts.join(" ");
}

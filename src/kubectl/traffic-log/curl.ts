import { bodyBytes } from "../../record/exchange/body.js";
import { isRedactionMarker, redactExchange } from "../../record/redact/redact.js";
import type { Exchange } from "../../record/exchange/exchange.js";
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

/** POSIX single quotes, or bash/zsh `$'…'` when the text holds a newline or another control character. */
function shellQuote(text: string): string {
  if (!/[\u0000-\u001f\u007f]/.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === "\\" || ch === "'") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `$'${out}'`;
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
      const bearer = /^(bearer) (.*)$/i.exec(v);
      if (key === "Authorization" && bearer && (isRedactionMarker(bearer[2]) || bearer[2] === "<masked>"))
        parts.push("-H", `"${key}: ${bearer[1]} $${token}"`);
      else parts.push("-H", shellQuote(`${key}: ${v}`));
    }
  }
  const body = ex.request.body;
  if (body) {
    const bytes = bodyBytes(body);
    const text = bytes.toString("utf8");
    const binary =
      Buffer.from(text, "utf8").equals(bytes) === false || /[\u0000-\u0008\u000e-\u001f]/.test(text);
    parts.push(
      "--data-binary",
      binary ? `@<(printf %s ${bytes.toString("base64")} | base64 -d)` : shellQuote(text),
    );
  }
  parts.push(shellQuote(ex.request.url));
  return parts.join(" ");
}

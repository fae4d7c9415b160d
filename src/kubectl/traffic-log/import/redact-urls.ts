import { redactUrl } from "../../../record/redact/redact.js";
import type { HeaderMap } from "../../../record/exchange/exchange.js";

/**
 * Credentials in URLs that response headers carry. An OAuth server hands out a token in a redirect's fragment
 * (`Location: …/oauth/token/implicit#access_token=…`, OpenShift's `oc login`); kubectl logs it in clear, and the
 * exchange's own redaction looks at request URLs only.
 */
const URL_HEADERS = /^(?:location|content-location|refresh)$/i;

function redactUrlValue(value: string): string {
  const hash = value.indexOf("#");
  const beforeHash = hash < 0 ? value : value.slice(0, hash);
  const query = redactUrl(beforeHash).url;
  if (hash < 0) return query;
  // A fragment of key=value pairs reads as a query string.
  const fragment = redactUrl(`?${value.slice(hash + 1)}`).url.slice(1);
  return `${query}#${fragment}`;
}

/** The headers with credential parameters of URL-valued headers redacted (the same map when nothing changed). */
export function redactUrlHeaders(headers: HeaderMap): HeaderMap {
  let out: HeaderMap | undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (!URL_HEADERS.test(name)) continue;
    const redacted = Array.isArray(value) ? value.map(redactUrlValue) : redactUrlValue(value);
    if (JSON.stringify(redacted) !== JSON.stringify(value)) (out ??= { ...headers })[name] = redacted;
  }
  return out ?? headers;
}

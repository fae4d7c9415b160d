/**
 * Everything the report and the HAR conversions need from redaction, in one place; the rules themselves are the
 * one secret policy's (record/redact/secret-policy.ts), as for every other output. A cassette is untrusted input: one
 * written by hand, or by another tool, may hold what kubewire would never have written, so every exchange is
 * redacted again before anything is shown or derived from it.
 */
import { redactExchange, redactExchangeReadingTexts } from "../record/redact/redact.js";
import { MARKER_SOURCE } from "../record/redact/secret-policy.js";
import type { Body, Exchange } from "../record/exchange/exchange.js";

/** An exchange as the report may show it: credentials, Secret values and tokens replaced by markers. */
export function redactForReport(exchange: Exchange): Exchange {
  return redactExchange(exchange);
}

/**
 * {@link redactForReport}, its bodies' texts read through `text` (what `bodyText` answers, made once by the page,
 * which embeds them).
 */
export function redactForPage(exchange: Exchange, text: (body: Body) => string | undefined): Exchange {
  return redactExchangeReadingTexts(exchange, text);
}

/** What kubectl prints instead of a credential; an imported log holds nothing more. */
export const KUBECTL_MASK = "<masked>";

/**
 * A regular expression source that finds redaction markers (and kubectl's `<masked>`) inside text, for the page
 * to mark them. Checked against the redaction module's own markers by the report's tests.
 */
export const MARKER_PATTERN = `${MARKER_SOURCE}|${KUBECTL_MASK}`;

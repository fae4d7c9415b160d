import { createHash } from "node:crypto";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text made safe for HTML element content and quoted attribute values. */
const HTML_SPECIAL = /[&<>"']/;

export function escapeHtml(text: string): string {
  return HTML_SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!) : text;
}

/**
 * JSON made safe inside `<script type="application/json">`: no `<` at all (so neither `</script>` nor `<!--` can
 * appear, whatever a body holds), and the line separators some parsers stumble on escaped. `JSON.parse` of the
 * element's text gives the value back unchanged.
 */
export function scriptJson(value: unknown): string {
  let json = JSON.stringify(value);
  // Searching for one character is far quicker than a regular expression over a large report's JSON.
  if (json.includes("<")) json = json.replaceAll("<", "\\u003c");
  if (json.includes("\u2028")) json = json.replaceAll("\u2028", "\\u2028");
  if (json.includes("\u2029")) json = json.replaceAll("\u2029", "\\u2029");
  return json;
}

/** The CSP source that allows exactly this inline script or style: `'sha256-…'`. */
export function cspHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** `4 ms`, `1.25 s`, `2 min 5 s`. */
export function formatMs(ms: number): string {
  if (ms === 0) return "0 ms";
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

/** `512 B`, `1.2 kB`, `3.4 MB` (powers of 1000, as browsers' network panels show sizes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

import { bodyBytes, bodyText } from "../record/index.js";
import type { Body, Exchange, HeaderMap } from "../record/index.js";
import { canonicalHeaderKey } from "./canonical-header.js";
import { goQuote } from "./go-quote.js";
import { goStatus } from "./go-status-text.js";
import { exchangeMicros, klogHeader } from "./klog.js";
import type { KlogHeaderOptions } from "./klog.js";

/** Verbosity levels that log traffic (below 6 kubectl logs none). */
export const TRAFFIC_LEVELS = [6, 7, 8, 9, 10] as const;
export type TrafficLevel = (typeof TRAFFIC_LEVELS)[number];

export interface TrafficLogOptions extends KlogHeaderOptions {
  /** kubectl's `--v` level, 6 to 10. Default 9. */
  v?: TrafficLevel;
}

/** kubectl's `maskValue`: only `Authorization` is masked, keeping a known scheme (`Bearer <masked>`). */
export function maskHeaderValue(key: string, value: string): string {
  if (key.toLowerCase() !== "authorization") return value;
  if (value.length === 0) return "";
  const space = value.indexOf(" ");
  const scheme = space > 0 ? value.slice(0, space) : value;
  if (!["bearer", "basic", "negotiate"].includes(scheme.toLowerCase())) return "<masked>";
  return value.length > scheme.length + 1 ? `${scheme} <masked>` : scheme;
}

function headerLines(headers: HeaderMap, mask: boolean): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(headers)) {
    const key = canonicalHeaderKey(k);
    for (const value of Array.isArray(v) ? v : [v])
      out.push([key, mask ? maskHeaderValue(key, value) : value]);
  }
  return out;
}

/** client-go's `toCurl()`: `curl -v -XGET  -H "K: v" 'url'` (two spaces after the verb, headers `%q`-quoted). */
export function kubectlCurlCommand(exchange: Exchange): string {
  const headers = headerLines(exchange.request.headers, true)
    .map(([k, v]) => ` -H ${goQuote(`${k}: ${v}`)}`)
    .join("");
  return `curl -v -X${exchange.request.method} ${headers} '${exchange.request.url}'`;
}

const TRUNCATE_AT: Record<TrafficLevel, number> = { 6: 0, 7: 0, 8: 1024, 9: 10240, 10: Infinity };

/** kubectl's `truncateBody`: a byte limit per level, then ` [truncated N chars]` (N counts bytes). */
export function truncateBody(text: string, v: TrafficLevel): string {
  const limit = TRUNCATE_AT[v];
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= limit) return text;
  return bytes.subarray(0, limit).toString("utf8") + ` [truncated ${bytes.length - limit} chars]`;
}

/** Go's `hex.Dump`: 16 bytes a line, offset, two groups of eight, then the printable ASCII. */
export function hexDump(bytes: Uint8Array): string {
  let out = "";
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.subarray(off, off + 16);
    let hex = "";
    let ascii = "";
    for (let i = 0; i < 16; i++) {
      if (i < row.length) {
        hex += row[i]!.toString(16).padStart(2, "0") + " ";
        ascii += row[i]! >= 0x20 && row[i]! <= 0x7e ? String.fromCharCode(row[i]!) : ".";
      } else hex += "   ";
      if (i === 7) hex += " ";
    }
    out += `${off.toString(16).padStart(8, "0")}  ${hex} |${ascii}|\n`;
  }
  return out;
}

/** The text kubectl logs for a body: the body itself, or its hex dump when any byte is below 0x0A. */
function loggedBody(body: Body): { text: string; hex: boolean } {
  const bytes = bodyBytes(body);
  const hex = bytes.some((b) => b < 0x0a);
  return hex ? { text: hexDump(bytes), hex } : { text: bodyText(body) ?? bytes.toString("utf8"), hex };
}

/**
 * Renders exchanges as kubectl 1.27–1.31 logs them at `--v=6..10` (client-go's debugging round tripper and
 * `request.go`'s body logging, SPEC.md §1.4): the curl line, `GET url 200 OK in N milliseconds`, the headers,
 * and the bodies truncated as the level truncates them. Header order is the exchange's own.
 */
export function renderTrafficLog(exchanges: readonly Exchange[], options: TrafficLogOptions = {}): string {
  const v = options.v ?? 9;
  const lines: string[] = [];
  for (const ex of exchanges) {
    const start = exchangeMicros(ex.startedAt);
    const end = exchangeMicros(ex.startedAt, ex.durationMs);
    const h = (micros: number, file: string) => klogHeader(micros, file, options);
    const status = ex.response ? goStatus(ex.response.status, ex.response.statusText) : "";
    const ms = Math.floor(ex.durationMs);
    if (v >= 8 && ex.request.body) {
      const { text, hex } = loggedBody(ex.request.body);
      lines.push(`${h(start, "request.go:1188")}Request Body:${hex ? "\n" : " "}${truncateBody(text, v)}`);
    }
    if (v >= 9) {
      lines.push(h(start, "round_trippers.go:466") + kubectlCurlCommand(ex));
    } else if (v >= 7) {
      lines.push(`${h(start, "round_trippers.go:463")}${ex.request.method} ${ex.request.url}`);
      lines.push(`${h(start, "round_trippers.go:469")}Request Headers:`);
      for (const [k, val] of headerLines(ex.request.headers, true))
        lines.push(`${h(start, "round_trippers.go:473")}    ${k}: ${val}`);
    }
    if (v === 6 || v >= 9)
      lines.push(
        `${h(end, "round_trippers.go:553")}${ex.request.method} ${ex.request.url} ${status} in ${ms} milliseconds`,
      );
    if (v >= 9)
      lines.push(
        `${h(end, "round_trippers.go:570")}HTTP Statistics: GetConnection 0 ms ServerProcessing ${ms} ms Duration ${ms} ms`,
      );
    if (v === 7 || v === 8)
      lines.push(`${h(end, "round_trippers.go:574")}Response Status: ${status} in ${ms} milliseconds`);
    if (v >= 8 && ex.response) {
      lines.push(`${h(end, "round_trippers.go:577")}Response Headers:`);
      for (const [k, val] of headerLines(ex.response.headers, false))
        lines.push(`${h(end, "round_trippers.go:580")}    ${k}: ${val}`);
    }
    if (v >= 8 && ex.response?.body) {
      const { text, hex } = loggedBody(ex.response.body);
      const logged = `${hex ? "\n" : " "}${truncateBody(text, v)}`;
      lines.push(
        `${h(exchangeMicros(ex.startedAt, ex.totalMs ?? ex.durationMs), "request.go:1188")}Response Body:${logged}`,
      );
    }
  }
  // klog adds a newline only to a message that lacks one; a body ending in "\n" ends its own line.
  return lines.map((l) => (l.endsWith("\n") ? l : l + "\n")).join("");
}

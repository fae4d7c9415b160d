import type { HeaderMap, WarningHeader } from "./exchange.js";

/**
 * Parses `Warning` header values as kube-apiserver sends them (`299 - "text"`, the text a Go-quoted string).
 * Unparseable values are kept whole as text with code 0, so no warning is ever dropped.
 */
export function parseWarningHeaders(headers: HeaderMap): WarningHeader[] {
  const out: WarningHeader[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== "warning") continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push(...parseWarningValue(v));
  }
  return out;
}

const WARNING = /^\s*(\d{3})\s+(\S+)\s+"((?:[^"\\]|\\.)*)"(?:\s+"[^"]*")?\s*(?:,|$)/;

function parseWarningValue(value: string): WarningHeader[] {
  const out: WarningHeader[] = [];
  let rest = value;
  while (rest.trim()) {
    const m = WARNING.exec(rest);
    if (!m) {
      out.push({ code: 0, agent: "-", text: rest.trim() });
      break;
    }
    out.push({ code: Number(m[1]), agent: m[2] ?? "-", text: unquote(m[3] ?? "") });
    rest = rest.slice(m[0].length);
  }
  return out;
}

function unquote(s: string): string {
  return s.replace(/\\(.)/g, "$1");
}

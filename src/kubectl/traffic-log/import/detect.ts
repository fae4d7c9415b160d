import type { Exchange } from "../../../record/exchange/exchange.js";
import type { Draft } from "./correlate.js";
import type { LogEntry, TrafficEvent } from "./parse.js";
import type { TrafficLevel } from "../render.js";
import { versionFromLogLine, versionsLoggingAs } from "../format.js";
import type { TrafficLogFormat } from "../format.js";

/** What a log says about the kubectl that wrote it: the format, the version, the `--v` level. */

export function detectLevel(
  events: TrafficEvent[],
  drafts: Draft[],
  sawV10Lines: boolean,
): TrafficLevel | undefined {
  const has = (f: (e: TrafficEvent) => boolean) => events.some(f);
  if (has((e) => e.type === "request" && e.curl === true) || has((e) => e.type === "stats")) {
    const bigWhole = drafts.some(
      (d) => d.responseBody && d.responseBody.truncatedTotal === undefined && d.responseBody.length > 10240,
    );
    return sawV10Lines || bigWhole ? 10 : 9;
  }
  if (has((e) => e.type === "request")) {
    const eight =
      has((e) => e.type === "responseBody" || e.type === "responseHeadersStart") ||
      drafts.some((d) => d.responseHeaders.length > 0);
    return eight ? 8 : 7;
  }
  return has((e) => e.type === "response") ? 6 : undefined;
}

export function detectFormat(entries: LogEntry[]): TrafficLogFormat | undefined {
  let structuredRt = false;
  let classicRt = false;
  let structuredBodies = false;
  let hybridLines = false;
  for (const e of entries) {
    const t = e.event?.type;
    if (!t || t === "transportError") continue;
    if (t === "requestBody" || t === "responseBody") structuredBodies ||= e.structured;
    else if (e.structured) structuredRt = true;
    else {
      classicRt = true;
      // 1.32 shows no body lines below -v=8; its round-tripper line numbers tell it apart.
      hybridLines ||= versionFromLogLine(e.fileLine)?.format === "hybrid";
    }
  }
  if (structuredRt) return "structured";
  if (classicRt) return structuredBodies || hybridLines ? "hybrid" : "classic";
  return structuredBodies ? "hybrid" : undefined;
}

export function detectVersion(
  exchanges: Exchange[],
  entries: LogEntry[],
  format: TrafficLogFormat | undefined,
): string | undefined {
  for (const ex of exchanges) {
    const ua = ex.request.headers["User-Agent"] ?? ex.request.headers["user-agent"];
    const m = /\/v1\.(\d+)\.\d+/.exec(Array.isArray(ua) ? (ua[0] ?? "") : (ua ?? ""));
    if (m) return `1.${m[1]}`;
  }
  for (const e of entries) {
    if (!e.event) continue;
    const hint = versionFromLogLine(e.fileLine);
    if (hint && hint.format === format && hint.versions.length === 1) return hint.versions[0];
  }
  // A format only one release logs in names that release (1.32's hybrid, 1.33's structured); classic does not.
  const releases = format ? versionsLoggingAs(format) : [];
  return releases.length === 1 ? releases[0] : undefined;
}

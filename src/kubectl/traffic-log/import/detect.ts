import type { Exchange } from "../../../record/exchange/exchange.js";
import type { Draft } from "./correlate.js";
import type { LogEntry, TrafficEvent } from "./parse.js";
import type { TrafficLevel } from "../render.js";
import { versionFromLogLine, versionsLoggingAs } from "../format.js";
import type { TrafficLogFormat } from "../format.js";

/**
 * What a log says about the kubectl that wrote it: the format, the version, the `--v` level. Each is gathered as
 * entries and exchanges come (flags that only ever turn on), so that an import can tell early what a later entry
 * can no longer change.
 */

/** What the traffic events tied to exchanges, and the drafts they made, show of the level. */
export class LevelSigns {
  curl = false;
  stats = false;
  request = false;
  response = false;
  /** A response body or a response header block. */
  responseParts = false;
  /** A draft with response headers. */
  responseHeaders = false;
  /** A draft with a whole response body longer than -v=9 logs one. */
  bigWhole = false;
  /** Any tied event (a transport error aside). */
  any = false;

  event(e: TrafficEvent): void {
    this.any = true;
    switch (e.type) {
      case "request":
        this.request = true;
        if (e.curl === true) this.curl = true;
        break;
      case "stats":
        this.stats = true;
        break;
      case "responseBody":
      case "responseHeadersStart":
        this.responseParts = true;
        break;
      case "response":
        this.response = true;
        break;
    }
  }

  draft(d: Draft): void {
    if (d.responseBody && d.responseBody.truncatedTotal === undefined && d.responseBody.length > 10240)
      this.bigWhole = true;
    if (d.responseHeaders.length > 0) this.responseHeaders = true;
  }

  /**
   * Whether the level is 8 or more whatever comes after: events alone show it (a draft's headers may show it later
   * than its events, and then this says no until they do).
   */
  get atLeast8(): boolean {
    return this.curl || this.stats || (this.request && this.responseParts);
  }

  /** The lowest `--v` consistent with what was seen (every draft given to `draft` first). */
  level(sawV10Lines: boolean): TrafficLevel | undefined {
    if (!this.any) return undefined;
    if (this.curl || this.stats) return sawV10Lines || this.bigWhole ? 10 : 9;
    if (this.request) return this.responseParts || this.responseHeaders ? 8 : 7;
    return this.response ? 6 : undefined;
  }
}

/** What the entries with traffic events show of the format. */
export class FormatSigns {
  #structuredRt = false;
  #classicRt = false;
  #structuredBodies = false;
  #hybridLines = false;

  entry(e: LogEntry): void {
    const t = e.event?.type;
    if (!t || t === "transportError") return;
    if (t === "requestBody" || t === "responseBody") this.#structuredBodies ||= e.structured;
    else if (e.structured) this.#structuredRt = true;
    else {
      this.#classicRt = true;
      // 1.32 shows no body lines below -v=8; its round-tripper line numbers tell it apart.
      if (!this.#hybridLines) this.#hybridLines = versionFromLogLine(e.fileLine)?.format === "hybrid";
    }
  }

  /** The format of the entries so far; a later entry may turn "classic" into another, and "hybrid" into "structured". */
  get format(): TrafficLogFormat | undefined {
    if (this.#structuredRt) return "structured";
    if (this.#classicRt) return this.#structuredBodies || this.#hybridLines ? "hybrid" : "classic";
    return this.#structuredBodies ? "hybrid" : undefined;
  }
}

export function detectFormat(entries: LogEntry[]): TrafficLogFormat | undefined {
  const signs = new FormatSigns();
  for (const e of entries) signs.entry(e);
  return signs.format;
}

/**
 * The kubectl version: from the first User-Agent, else from the first `file:line` (of an entry with an event, in log
 * order) that only one release logs in this format, else from the format when only one release logs in it.
 */
export function detectVersion(
  exchanges: Exchange[],
  fileLines: Iterable<string>,
  format: TrafficLogFormat | undefined,
): string | undefined {
  for (const ex of exchanges) {
    const ua = ex.request.headers["User-Agent"] ?? ex.request.headers["user-agent"];
    const m = /\/v1\.(\d+)\.\d+/.exec(Array.isArray(ua) ? (ua[0] ?? "") : (ua ?? ""));
    if (m) return `1.${m[1]}`;
  }
  for (const fileLine of fileLines) {
    const hint = versionFromLogLine(fileLine);
    if (hint && hint.format === format && hint.versions.length === 1) return hint.versions[0];
  }
  // A format only one release logs in names that release (1.32's hybrid, 1.33's structured); classic does not.
  const releases = format ? versionsLoggingAs(format) : [];
  return releases.length === 1 ? releases[0] : undefined;
}

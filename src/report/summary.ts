import type { ReportMeta, ReportRow } from "./report-model.js";

/** How many of the slowest calls and of the errors the summary names (the list holds them all). */
export const SLOWEST_LIMIT = 5;
export const ERRORS_LIMIT = 10;

export interface SummaryCall {
  seq: number;
  method: string;
  verb: string;
  /** Path and query (the origin is in the summary's `origins`). */
  target: string;
  status?: number;
  ms: number;
  /** Why it failed: the Status reason and message, or the transport error. */
  why?: string;
}

export interface SummaryWarning {
  code: number;
  agent: string;
  text: string;
  count: number;
  firstSeq: number;
}

/** The report's header: what a reader wants before looking at single calls. */
export interface ReportSummary {
  exchanges: number;
  /** First request's start to the last response's end. */
  spanMs: number;
  server?: string;
  /** Scheme, host and port of the servers called. */
  origins: string[];
  clients: { agent: string; count: number }[];
  verbs: { verb: string; count: number }[];
  statuses: { status: string; count: number }[];
  slowest: SummaryCall[];
  errors: SummaryCall[];
  errorCount: number;
  warnings: SummaryWarning[];
  warningCount: number;
  /** Exchanges whose URL or bodies hold redaction markers (credential headers, which every call has, aside). */
  redacted: number;
  truncated: number;
}

/** `200`, or `no response` for a request that got none. */
export function statusLabel(e: ReportRow): string {
  return e.status === undefined ? "no response" : String(e.status);
}

function splitUrl(url: string): { origin: string; target: string } {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/i.exec(url);
  return m ? { origin: m[1]!, target: m[2] || "/" } : { origin: "", target: url };
}

export function urlTarget(url: string): string {
  return splitUrl(url).target;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function call(e: ReportRow, ms: number): SummaryCall {
  const out: SummaryCall = { seq: e.seq, method: e.method, verb: e.verb, target: urlTarget(e.url), ms };
  if (e.status !== undefined) out.status = e.status;
  const why = e.error
    ? `${e.error.name}: ${e.error.message}`
    : [e.failure?.reason, e.failure?.message].filter(Boolean).join(": ");
  if (why) out.why = why;
  return out;
}

/** The summary of a report: what its rows say about the session. */
export function summarize(meta: ReportMeta, rows: readonly ReportRow[]): ReportSummary {
  const origins = new Set<string>();
  const clients = new Map<string, number>();
  const verbs = new Map<string, number>();
  const statuses = new Map<string, number>();
  const warnings = new Map<string, SummaryWarning>();
  const errors: SummaryCall[] = [];
  let end = 0;
  let redacted = 0;
  let truncated = 0;
  let warningCount = 0;
  for (const e of rows) {
    const origin = splitUrl(e.url).origin;
    if (origin) origins.add(origin);
    bump(clients, e.agent >= 0 ? meta.agents[e.agent]! : "(no User-Agent)");
    bump(verbs, e.verb);
    bump(statuses, statusLabel(e));
    end = Math.max(end, e.at + (e.total ?? e.duration));
    if (e.redactedValues) redacted++;
    if (e.truncated) truncated++;
    if (e.error || (e.status !== undefined && e.status >= 400)) errors.push(call(e, e.total ?? e.duration));
    for (const w of e.warnings ?? []) {
      warningCount++;
      const key = `${w.code}\u0000${w.agent}\u0000${w.text}`;
      const seen = warnings.get(key);
      if (seen) seen.count++;
      else warnings.set(key, { ...w, count: 1, firstSeq: e.seq });
    }
  }
  const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;
  const slowest = rows
    .filter((e) => e.verb !== "watch")
    .sort((a, b) => b.duration - a.duration || a.at - b.at)
    .slice(0, SLOWEST_LIMIT)
    .map((e) => call(e, e.duration));
  const summary: ReportSummary = {
    exchanges: rows.length,
    spanMs: end,
    origins: [...origins],
    clients: [...clients].map(([agent, count]) => ({ agent, count })).sort(byCount),
    verbs: [...verbs].map(([verb, count]) => ({ verb, count })).sort(byCount),
    statuses: [...statuses]
      .map(([status, count]) => ({ status, count }))
      .sort((a, b) => a.status.localeCompare(b.status)),
    slowest,
    errors: errors.slice(0, ERRORS_LIMIT),
    errorCount: errors.length,
    warnings: [...warnings.values()].sort(byCount),
    warningCount,
    redacted,
    truncated,
  };
  if (meta.server) summary.server = meta.server;
  return summary;
}

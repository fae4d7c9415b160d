import type { KubectlLogImport } from "./import.js";
import type { SkippedLines } from "./line-kinds.js";

/**
 * The human account of an import (what `kubewire log import` prints on stderr): how many exchanges, with responses
 * or failed, and which lines went into none and why, by line number, so that a reader can check the import against
 * the paste.
 */

const REASONS: [SkippedLines["reason"], string][] = [
  ["not-klog", "not kubectl's log (prompts, command output, prose)"],
  ["other-klog", "other klog output"],
  ["orphaned", "traffic whose request the log does not show"],
  ["elision", "marks where the author cut lines out"],
];

/** How many runs of lines a report names before it sums up the rest. */
const MAX_RUNS = 12;

const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function runs(list: SkippedLines[]): string {
  const named = list
    .slice(0, MAX_RUNS)
    .map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`))
    .join(", ");
  return list.length > MAX_RUNS ? `${named} and ${list.length - MAX_RUNS} more` : named;
}

/** Whether the text held a kubectl log at all: a klog line, or a request kubectl's own output names. */
export function foundKubectlLog(result: KubectlLogImport): boolean {
  return result.stats.klogLines > 0 || result.stats.exchanges > 0;
}

/**
 * The report of one log's import, one fact a line: `name: 12 exchanges (10 with responses, 2 failed requests) in
 * 57 lines (kubectl 1.33, structured format, --v=9)`, then the skipped lines by reason and line number, bodies
 * kept in part, hosts the author hid, exchanges the author cut.
 */
export function formatKubectlLogImportReport(result: KubectlLogImport, name = "log"): string {
  const { stats, detected, skipped } = result;
  if (!foundKubectlLog(result)) return `${name}: no kubectl log found in ${n(stats.lines, "line")}\n`;
  const what = [
    detected.kubectlVersion ? `kubectl ${detected.kubectlVersion}` : undefined,
    detected.format ? `${detected.format} format` : undefined,
    detected.level ? `--v=${detected.level}` : undefined,
  ].filter(Boolean);
  const outcomes = [
    stats.withResponses === 1 ? "1 with a response" : `${stats.withResponses} with responses`,
    n(stats.failedRequests, "failed request"),
    ...(stats.incompleteExchanges
      ? [`${stats.incompleteExchanges} whose response the log does not show`]
      : []),
  ];
  const out = [
    `${name}: ${n(stats.exchanges, "exchange")} (${outcomes.join(", ")}) in ${n(stats.lines, "line")}` +
      (what.length ? ` (${what.join(", ")})` : ""),
  ];
  for (const [reason, label] of REASONS) {
    const list = skipped.filter((r) => r.reason === reason);
    if (!list.length) continue;
    const count = list.reduce((sum, r) => sum + r.to - r.from + 1, 0);
    out.push(
      `  skipped ${n(count, "line")}, ${label}: ${list.length === 1 && count === 1 ? "line" : "lines"} ${runs(list)}`,
    );
  }
  if (stats.truncatedBodies)
    out.push(`  ${n(stats.truncatedBodies, "body", "bodies")} truncated (kept in part, marked truncated)`);
  if (stats.unknownHosts)
    out.push(
      `  ${n(stats.unknownHosts, "URL")} without the server's host (kept as logged, marked in fromLog.host)`,
    );
  if (stats.elidedExchanges)
    out.push(`  ${n(stats.elidedExchanges, "exchange")} the author cut lines out of (marked fromLog.elided)`);
  return out.join("\n") + "\n";
}

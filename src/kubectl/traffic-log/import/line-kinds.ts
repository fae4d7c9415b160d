/**
 * What each line of a paste was to the import, for the counts and for the report of what was skipped: one byte per
 * physical line, so that a 100 MB log costs a few megabytes here.
 */

export const LINE_KIND = {
  unread: 0,
  /** Went into an exchange. */
  traffic: 1,
  /** A klog line about something else (config loading, feature gates, the discovery cache). */
  otherKlog: 2,
  /** Not klog output: prompts, the command's output, prose, fences, goroutine dumps. */
  notKlog: 3,
  /** A traffic line whose request the log does not show (an excerpt that starts mid-exchange). */
  orphaned: 4,
  /** An author's mark that lines were cut out (`...`). */
  elision: 5,
} as const;
export type LineKind = (typeof LINE_KIND)[keyof typeof LINE_KIND];

/** A run of lines skipped for one reason, 1-based and inclusive. */
export interface SkippedLines {
  from: number;
  to: number;
  reason: "other-klog" | "not-klog" | "orphaned" | "elision";
}

const REASONS: Partial<Record<LineKind, SkippedLines["reason"]>> = {
  [LINE_KIND.otherKlog]: "other-klog",
  [LINE_KIND.notKlog]: "not-klog",
  [LINE_KIND.orphaned]: "orphaned",
  [LINE_KIND.elision]: "elision",
};

/** The runs of skipped lines, in line order. */
export function skippedRuns(kinds: Uint8Array): SkippedLines[] {
  const runs: SkippedLines[] = [];
  for (let i = 0; i < kinds.length;) {
    const reason = REASONS[(kinds[i] || LINE_KIND.notKlog) as LineKind];
    let j = i + 1;
    while (j < kinds.length && (kinds[j] || LINE_KIND.notKlog) === (kinds[i] || LINE_KIND.notKlog)) j++;
    if (reason) runs.push({ from: i + 1, to: j, reason });
    i = j;
  }
  return runs;
}

/** How many lines of each kind (indexed by kind; unread lines count as not klog). */
export function countKinds(kinds: Uint8Array): number[] {
  const counts = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < kinds.length; i++) counts[kinds[i] || LINE_KIND.notKlog]!++;
  return counts;
}

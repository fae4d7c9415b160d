import type { LogTime } from "./parse.js";

/**
 * klog prints local wall-clock time without a year or zone: both come from the first `Date` response header
 * (kubectl logs the response a moment after the server stamped it), or from the caller.
 */

export function toMicros(t: LogTime, year: number, offsetMinutes: number): number {
  const ms = Date.UTC(year, t.month - 1, t.day, t.hour, t.minute, t.second) - offsetMinutes * 60_000;
  return ms * 1000 + t.micros;
}

/** Year and clock offset from the first `Date` response header and the time kubectl logged it. */
export function clockFromDateHeader(
  entries: { time: LogTime; date: string }[],
): { year: number; offset: number } | undefined {
  for (const { time, date } of entries) {
    const ms = Date.parse(date);
    if (Number.isNaN(ms)) continue;
    const y = new Date(ms).getUTCFullYear();
    let best: { year: number; offset: number; diff: number } | undefined;
    for (const year of [y - 1, y, y + 1]) {
      const diffMin = (toMicros(time, year, 0) / 1000 - ms) / 60_000;
      const offset = Math.round(diffMin / 15) * 15;
      if (Math.abs(offset) <= 14 * 60 && (!best || Math.abs(diffMin) < best.diff))
        best = { year, offset, diff: Math.abs(diffMin) };
    }
    if (best) return { year: best.year, offset: best.offset };
  }
  return undefined;
}

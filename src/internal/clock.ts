/** Wall-clock time in microseconds since the epoch, finer than Date.now() (klog prints microseconds). */
export function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/** RFC 3339 in UTC with microseconds: `2026-11-25T19:24:41.785149Z`. */
export function formatMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString(); // ...T19:24:41.785Z
  const frac = String(((micros % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, "0");
  return `${iso.slice(0, 19)}.${frac}Z`;
}

/** Parses an RFC 3339 timestamp keeping microseconds (Date keeps only milliseconds). */
export function parseMicros(text: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return undefined;
  const base = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(base)) return undefined;
  const frac = (m[2] ?? "").padEnd(6, "0").slice(0, 6);
  return base * 1000 + Number(frac);
}

// process.hrtime rather than the global `performance`: Node 20 loads perf_hooks (ten modules) on first use of
// `performance`, which was a few ms of every `kubewire get` for a clock.

/** Monotonic time in milliseconds (as `performance.now()`, from an arbitrary origin): for durations. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Epoch microseconds minus monotonic microseconds, fixed at first use (as `performance.timeOrigin` is at start). */
let originMicros: number | undefined;

/** Wall-clock time in microseconds since the epoch, finer than Date.now() (klog prints microseconds). */
export function nowMicros(): number {
  const monotonic = Number(process.hrtime.bigint()) / 1000;
  originMicros ??= Date.now() * 1000 - monotonic;
  return Math.round(originMicros + monotonic);
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

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

/** Where {@link formatMicros} writes a stamp of a four-digit year: `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
const STAMP = Buffer.from("0000-00-00T00:00:00.000000Z", "latin1");

function putDigits(at: number, value: number, digits: number): void {
  for (let i = at + digits - 1; i >= at; i--) {
    STAMP[i] = 0x30 + (value % 10);
    value = Math.floor(value / 10);
  }
}

/** RFC 3339 in UTC with microseconds: `2026-11-25T19:24:41.785149Z`. */
export function formatMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const date = new Date(ms);
  const frac = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
  const year = date.getUTCFullYear();
  // A stamp is kept by every exchange: written out as one flat string, not concatenated (a concatenation is a tree
  // of strings, and a slice of the ISO string keeps that string too: five objects where one will do). Years of
  // other than four digits, and invalid dates (which throw), go the way of toISOString.
  if (year >= 0 && year <= 9999 && Number.isInteger(frac)) {
    putDigits(0, year, 4);
    putDigits(5, date.getUTCMonth() + 1, 2);
    putDigits(8, date.getUTCDate(), 2);
    putDigits(11, date.getUTCHours(), 2);
    putDigits(14, date.getUTCMinutes(), 2);
    putDigits(17, date.getUTCSeconds(), 2);
    putDigits(20, frac, 6);
    return STAMP.toString("latin1");
  }
  const iso = date.toISOString(); // ...T19:24:41.785Z
  return `${iso.slice(0, 19)}.${String(frac).padStart(6, "0")}Z`;
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

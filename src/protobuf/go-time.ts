/**
 * metav1.Time and metav1.MicroTime in JSON: Go's `time.RFC3339` (seconds) and `RFC3339Micro` (six fractional
 * digits) in UTC, the zero time as `null`. In protobuf both are a Timestamp (seconds since the epoch, nanos);
 * `Time` drops the nanos on the wire, `MicroTime` keeps them truncated to microseconds.
 */

/** Seconds from 0001-01-01T00:00:00Z (Go's zero time, which JSON writes as null) to the epoch. */
const ZERO_TIME_UNIX = -62135596800;
const DAY = 86400;

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? "-" : "") + (s.length < width ? "0".repeat(width - s.length) + s : s);
}

/** Days since 1970-01-01 → civil date (proleptic Gregorian; Howard Hinnant's `civil_from_days`). */
function civil(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Civil date → days since 1970-01-01 (`days_from_civil`). */
function daysFrom(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Go's `time.Unix(seconds, nanos)` formatted as metav1.Time (`micro` false) or MicroTime writes it; null for the
 * zero time; undefined when the instant is beyond what a JavaScript number holds exactly.
 */
export function formatGoTime(
  seconds: number | bigint,
  nanos: number,
  micro: boolean,
): string | null | undefined {
  if (typeof seconds === "bigint") return undefined;
  // time.Unix normalises nanos outside [0, 1e9) into the seconds.
  let s = seconds + Math.floor(nanos / 1e9);
  let n = nanos % 1e9;
  if (n < 0) n += 1e9;
  if (!Number.isSafeInteger(s)) return undefined;
  if (s === ZERO_TIME_UNIX && n === 0) return null;
  const days = Math.floor(s / DAY);
  s -= days * DAY;
  const [y, mo, d] = civil(days);
  const clock = `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}`;
  const frac = micro ? `.${pad(Math.floor(n / 1000), 6)}` : "";
  return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${clock}${frac}Z`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

function daysIn(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/**
 * Parses a time as Go's `time.Parse(time.RFC3339, s)` (metav1.Time) or `time.Parse(RFC3339Micro, s)` (MicroTime:
 * exactly six fractional digits) does. Returns Unix seconds (floored) and nanos, or a reason it is not one.
 */
export function parseGoTime(text: string, micro: boolean): { seconds: number; nanos: number } | string {
  const m = RFC3339.exec(text);
  if (!m) return micro ? "not an RFC 3339 time with six fractional digits" : "not an RFC 3339 time";
  const [, ys, mos, ds, hs, mis, ss, frac, sign, zh, zm] = m;
  if (micro && frac?.length !== 6) return "not an RFC 3339 time with six fractional digits";
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const h = Number(hs);
  const mi = Number(mis);
  const s = Number(ss);
  if (mo < 1 || mo > 12) return "month out of range";
  if (d < 1 || d > daysIn(y, mo)) return "day out of range";
  if (h > 23) return "hour out of range";
  if (mi > 59) return "minute out of range";
  if (s > 59) return "second out of range";
  let offset = 0;
  if (sign) {
    if (Number(zh) > 23 || Number(zm) > 59) return "time zone offset out of range";
    offset = (Number(zh) * 3600 + Number(zm) * 60) * (sign === "-" ? -1 : 1);
  }
  const nanos = frac ? Number(frac.slice(0, 9).padEnd(9, "0")) : 0;
  return { seconds: daysFrom(y, mo, d) * DAY + h * 3600 + mi * 60 + s - offset, nanos };
}

/**
 * Go's `time.Parse(time.RFC3339, s)`, as metav1.Time reads a creationTimestamp (`UnmarshalQueryParameter`: "" and
 * "null" are the zero time). Go tries a strict RFC 3339 reader first and falls back to the layout parser, which
 * also takes a one-digit hour, a comma before the fraction and any number of fractional digits, and zone offsets
 * up to ±99:99 before go1.23 (±24:60 since, golang/go#67470). It refuses what JavaScript's `Date.parse` guesses
 * at: a date alone, a space or a lower-case `t` or `z`, no zone, month names.
 */

/** The instant, as milliseconds since the epoch (fractional: Go keeps nanoseconds), and whether it is Go's zero time. */
export interface GoTime {
  ms: number;
  zero: boolean;
}

/** Go's zero time, 0001-01-01T00:00:00Z, in ms since the epoch. */
const ZERO_MS = -62135596800000;

/** Whether `s[i]` is an ASCII digit. */
export function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** time's `getnum`: two digits, or one when `fixed` is false and the second is not a digit. */
export function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [s.charCodeAt(0) - 48, s.slice(1)];
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)];
}

/** Days in a month (1–12) of a proleptic Gregorian year, as Go's time counts them. */
export function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * `time.Parse(time.RFC3339, s)` for the Go minor release `goRelease` (22 for go1.22); undefined when Go refuses
 * the text. The empty string and `null` are the zero time, as metav1.Time reads them.
 */
export function parseGoRfc3339(s: string, goRelease: number): GoTime | undefined {
  if (s === "" || s === "null") return { ms: ZERO_MS, zero: true };
  // "2006": four digits.
  if (s.length < 4 || !/^[0-9]{4}/.test(s)) return undefined;
  const year = Number(s.slice(0, 4));
  let v = s.slice(4);
  const literal = (text: string): boolean => {
    if (!v.startsWith(text)) return false;
    v = v.slice(text.length);
    return true;
  };
  const num = (fixed: boolean, max: number, min = 0): number | undefined => {
    const n = getnum(v, fixed);
    if (!n || n[0] < min || n[0] >= max) return undefined;
    v = n[1];
    return n[0];
  };
  if (!literal("-")) return undefined;
  const month = num(true, 13, 1);
  if (month === undefined || !literal("-")) return undefined;
  const day = num(true, 100);
  if (day === undefined || !literal("T")) return undefined;
  const hour = num(false, 24);
  if (hour === undefined || !literal(":")) return undefined;
  const minute = num(true, 60);
  if (minute === undefined || !literal(":")) return undefined;
  const second = num(true, 60);
  if (second === undefined) return undefined;
  // A fraction the layout does not have: "." or "," and digits, nanoseconds from the first nine.
  let nanos = 0;
  if (v.length >= 2 && (v[0] === "." || v[0] === ",") && isDigit(v, 1)) {
    let n = 2;
    while (n < v.length && isDigit(v, n)) n++;
    nanos = Number(v.slice(1, Math.min(n, 10)).padEnd(9, "0"));
    v = v.slice(n);
  }
  // "Z07:00": Z, or a sign, two digits, a colon, two digits.
  let offset = 0;
  if (v[0] === "Z") v = v.slice(1);
  else {
    if (v.length < 6 || v[3] !== ":") return undefined;
    const hr = getnum(v.slice(1, 3), true);
    const mm = getnum(v.slice(4, 6), true);
    if (!hr || !mm) return undefined;
    if (goRelease >= 23 && (hr[0] > 24 || mm[0] > 60)) return undefined;
    if (v[0] !== "+" && v[0] !== "-") return undefined;
    offset = (hr[0] * 60 + mm[0]) * 60 * (v[0] === "-" ? -1 : 1);
    v = v.slice(6);
  }
  if (v !== "") return undefined;
  if (day < 1 || day > daysIn(month, year)) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  const seconds = d.getTime() / 1000 - offset;
  const ms = seconds * 1000 + nanos / 1e6;
  return { ms, zero: seconds * 1000 === ZERO_MS && nanos === 0 };
}

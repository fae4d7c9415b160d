import { parseMicros } from "../../internal/clock.js";

/** Options for the klog header that starts every log line. */
export interface KlogHeaderOptions {
  /** The process id to print (kubectl's own); default 12345, a fixed value so output is reproducible. */
  pid?: number;
  /** Print times in UTC instead of the local time zone (klog uses local time, as kubectl does). */
  utc?: boolean;
}

/**
 * klog's line header (`internal/buffer/buffer.go` FormatHeader): severity, `mmdd hh:mm:ss.uuuuuu`, the pid
 * right-aligned in 7 columns, then `file:line] `. Times come from the exchange, never from the clock.
 */
export function klogHeader(
  micros: number,
  file: string,
  options: KlogHeaderOptions = {},
  severity = "I",
): string {
  const d = new Date(Math.floor(micros / 1000));
  const get = options.utc
    ? {
        mo: d.getUTCMonth(),
        day: d.getUTCDate(),
        h: d.getUTCHours(),
        m: d.getUTCMinutes(),
        s: d.getUTCSeconds(),
      }
    : { mo: d.getMonth(), day: d.getDate(), h: d.getHours(), m: d.getMinutes(), s: d.getSeconds() };
  const p2 = (n: number) => String(n).padStart(2, "0");
  const us = String(((micros % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, "0");
  const pid = String(options.pid ?? 12345)
    .slice(-7)
    .padStart(7, " ");
  return `${severity}${p2(get.mo + 1)}${p2(get.day)} ${p2(get.h)}:${p2(get.m)}:${p2(get.s)}.${us} ${pid} ${file}] `;
}

/** Microseconds since the epoch for an exchange's `startedAt`, plus an offset in milliseconds. */
export function exchangeMicros(startedAt: string, plusMs = 0): number {
  return (parseMicros(startedAt) ?? Date.parse(startedAt) * 1000) + Math.round(plusMs * 1000);
}

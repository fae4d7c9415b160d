import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchHeader } from "../../../src/kubectl/traffic-log/import/parse.js";

/**
 * matchHeader reads a klog header without running a regular expression over the message (a body line is tens of
 * kilobytes). Property: on any line (prefixed, cut short, with line terminators that `.` does not match, with a
 * second header later in the line) it answers exactly as the single regular expression it replaced, whose message
 * takes every character: a body kubectl logs raw may hold CR, U+2028 and U+2029 (which `.` would not match).
 */
const REFERENCE =
  /^(.{0,80}?)([IWEF]?)(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6}) +(?:(\d+) +)?([^\s\]]+:\d+)\](?: ([^]*))?$/;

function referenceMatch(line: string): unknown {
  const m = REFERENCE.exec(line);
  if (!m) return undefined;
  const n = (i: number) => Number(m[i]);
  const time = { month: n(3), day: n(4), hour: n(5), minute: n(6), second: n(7), micros: n(8) };
  if (
    time.month < 1 ||
    time.month > 12 ||
    time.day < 1 ||
    time.day > 31 ||
    time.hour > 23 ||
    time.minute > 59
  )
    return undefined;
  return {
    prefix: m[1]!,
    severity: m[2]!,
    time,
    ...(m[9] !== undefined ? { pid: n(9) } : {}),
    fileLine: m[10]!,
    message: m[11] ?? "",
  };
}

/** Mostly valid headers, and the near misses that make the expression look further along the line. */
const header = fc
  .tuple(
    fc.constantFrom("I", "I", "W", "E", "F", "X", ""),
    fc.constantFrom("1125", "1125", "0101", "1301", "11"),
    fc.constantFrom(
      " 19:23:21.000000",
      " 19:23:21.000000",
      " 23:59:59.999999",
      " 24:00:00.000000",
      " 1:2:3.4",
    ),
    fc.constantFrom("   12345 ", "   12345 ", " 1 ", "12345 ", " ", "  "),
    fc.constantFrom(
      "round_trippers.go:632]",
      "helper.go:105]",
      "helper.go:105]",
      "a b.go:1]",
      "x.go:]",
      "z:9]",
    ),
  )
  .map((parts) => parts.join(""));

const piece = fc.oneof(
  header,
  fc.string({ maxLength: 5 }),
  fc.constantFrom(" ", " ", "\r", "\u2028", "\u2029", "\t", "]", '"Response Body" body="{\\"a\\":1}"', "é"),
);

const line = fc
  .tuple(
    fc.constantFrom("", "", "$ ", "> ", "\t", "x".repeat(79), "x".repeat(81), "\r"),
    header,
    fc.array(piece, { maxLength: 8 }),
  )
  .map(([prefix, h, rest]) => prefix + h + rest.join(""));

describe("matchHeader", () => {
  it("answers as the single regular expression on any line", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          line,
          fc.array(piece, { maxLength: 8 }).map((ps) => ps.join("")),
        ),
        (text) => {
          expect(matchHeader(text)).toEqual(referenceMatch(text));
        },
      ),
      { numRuns: 5000 },
    );
  });
});

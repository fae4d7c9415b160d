// The text rules on adversarial text (session 10): a cassette, a kubectl log or a pasted page is untrusted, and log
// import, the report, replay and the proxy all redact what they read. Each text below made the rules before session
// 10 read a long run again from each of its characters (quadratic: on these inputs, minutes to hours); each
// finishes in tens of milliseconds now. The timeout is a hang bound, not a measure: these texts take some 20-100 ms
// on the 2-core development machine, and the quadratic rules over a minute on each of them.
import { describe, expect, it } from "vitest";
import { redactSecretText } from "../../src/record/index.js";

const HANG = 20_000;
const MiB = 1024 * 1024;
const B = "\\";
const SECRET = "s3cretV4lue";

/** The text with no trace of the secret, and a marker (URL-encoded in a URL) where it stood. */
function expectRedacted(text: string): string {
  const out = redactSecretText(text);
  expect(out).not.toContain(SECRET);
  expect(out).toMatch(/\[redacted len=|%5Bredacted%20len%3D/);
  return out;
}

/** `piece` repeated to about `size` characters. */
function repeat(piece: string, size: number): string {
  return piece.repeat(Math.ceil(size / piece.length));
}

describe("the text rules on adversarial text finish", () => {
  it(
    "dotted words before URL userinfo (each letter after a dot tried as a scheme)",
    () => {
      expectRedacted(`${repeat("a.", MiB)} https://user:${SECRET}@host`);
    },
    HANG,
  );

  it(
    "a credential query value with a long run of backslashes (its escaped slashes tried from each of them)",
    () => {
      expectRedacted(`GET /p?sig=${B.repeat(MiB)}x/${SECRET} HTTP/1.1`);
    },
    HANG,
  );
});

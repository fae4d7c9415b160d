import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { mayBeYamlPastLimit, redactBody, YAML_PARSE_LIMIT } from "../../src/record/redact/redact.js";
import { propertyRuns } from "../helpers/property-seed.js";

// A text body longer than YAML_PARSE_LIMIT is not read as YAML whole. It went whole whenever a line looked like a key
// (`Error: refused`) and some word looked like a secret, so a long pod log lost every line for one password in it.
// Now only text whose first YAML_PARSE_LIMIT characters may be YAML goes whole; any other long text gets the text
// rules, as shorter text does. The property below is what makes that safe: a text that is YAML, however the limit
// cuts it, never loses the whole-body redaction.

function bodyText(text: string): string {
  const { body } = redactBody({ kind: "text", text, bytes: text.length });
  return body.kind === "text" ? body.text : "";
}

const WHOLE = /^\[redacted len=\d+ hmac:[0-9a-f]{8}\]$/;

/** Lines of an application's log, none of them YAML together: a Spring Boot start, a Go error, a Java trace. */
const LOG_LINES = [
  "2026-12-05 10:00:00.123  INFO 1 --- [main] c.e.App : Started App in 3.2 seconds",
  "Error: dial tcp 10.0.0.1:5432: connect: connection refused",
  "I1205 10:00:00.000000       1 main.go:42] starting worker",
  'Exception in thread "main" java.lang.IllegalStateException: boom',
  "\tat com.example.App.main(App.java:10)",
  "Caused by: java.io.IOException: broken pipe",
  "WARNING: retrying in 5s",
];

function longLog(secretLine: string, at: number): string {
  const lines: string[] = [];
  for (let i = 0; lines.join("\n").length < YAML_PARSE_LIMIT * 2; i++)
    lines.push(LOG_LINES[i % LOG_LINES.length]!);
  lines.splice(at, 0, secretLine);
  return `${lines.join("\n")}\nthe last line\n`;
}

describe("a text body past the YAML parse limit", () => {
  it("that is a log: only the secret value goes, every other line stays", () => {
    for (const at of [3, 4000]) {
      const text = longLog("db password: hunter2S3cret", at);
      expect(text.length).toBeGreaterThan(YAML_PARSE_LIMIT);
      const out = bodyText(text);
      expect(out).not.toContain("hunter2S3cret");
      expect(out).toMatch(/db password: \[redacted len=13 hmac:[0-9a-f]{8}\]/);
      expect(out.replace(/\[redacted len=13 hmac:[0-9a-f]{8}\]/, "hunter2S3cret")).toBe(text);
    }
  });

  it("that is a log with no line at the margin a key starts with goes whole (it may be a cut scalar)", () => {
    const text = `password: hunter2S3cret\n${'"\n'.repeat(40_000)}`;
    expect(bodyText(text)).toMatch(WHOLE);
  });

  it("that is YAML may be YAML, wherever the limit cuts it", () => {
    // The limit is a parameter here, so that short documents are cut at each of their line ends.
    const words = fc.constantFrom(
      "a",
      "Z",
      " ",
      "\n",
      ":",
      "-",
      "#",
      '"',
      "'",
      "{",
      "}",
      "[",
      "]",
      ",",
      "\t",
      "k: v",
      "\n- ",
      "\n  ",
    );
    const scalar = fc.oneof(fc.string({ unit: words, maxLength: 24 }), fc.string({ maxLength: 6 }));
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: "small" },
        scalar,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("v"), { maxLength: 4 }),
        fc.dictionary(scalar, tie("v"), { maxKeys: 4 }),
      ),
    })).v;
    const options = fc.record({
      defaultStringType: fc.constantFrom(
        "PLAIN",
        "QUOTE_DOUBLE",
        "QUOTE_SINGLE",
        "BLOCK_LITERAL",
        "BLOCK_FOLDED",
      ),
      lineWidth: fc.constantFrom(0, 10, 20, 80),
      collectionStyle: fc.constantFrom("any", "block", "flow"),
      indentSeq: fc.boolean(),
    } as const);
    const yamlText = fc
      .tuple(fc.array(value, { minLength: 1, maxLength: 3 }), options, fc.boolean())
      .map(([docs, yamlOptions, json]) =>
        docs.map((d) => (json ? `${JSON.stringify(d, null, 2)}\n` : stringify(d, yamlOptions))).join("---\n"),
      );
    fc.assert(
      fc.property(yamlText, (text) => {
        if (parseAllDocuments(text).some((d) => d.errors.length > 0)) return;
        for (let cut = text.indexOf("\n"); cut >= 0; cut = text.indexOf("\n", cut + 1)) {
          if (!mayBeYamlPastLimit(text, cut)) expect.fail(`cut at ${cut}: ${JSON.stringify(text)}`);
        }
      }),
      propertyRuns(1500, 1211),
    );
  });

  it("that is YAML goes whole", () => {
    const padding = (prefix: string): string =>
      Array.from(
        { length: YAML_PARSE_LIMIT / 16 },
        (_, i) => `${prefix}${String(i).padStart(5, "0")}: v${i % 10}\n`,
      ).join("");
    // The limit cuts a double-quoted scalar, and a flow mapping whose lines start at the margin.
    for (const doc of [
      'password: "S3cretQ a\n key: b\n c"\n',
      'password:\n  "S3cretQ\n  a: b"\n',
      "---\n{password: S3cretQ,\nkey: b,\nc: d,\ne: f}\n---\n",
    ]) {
      // Lines before the document up to some 30 characters short of the limit.
      const before = padding("key").slice(0, YAML_PARSE_LIMIT - 30);
      const text = `${before.slice(0, before.lastIndexOf("\n") + 1)}${doc}${padding("end")}`;
      // The same lines, a few of them: YAML without an error (a parse of the whole takes seconds).
      expect(parseAllDocuments(`a: 1\n${doc}b: 2\n`).every((d) => d.errors.length === 0)).toBe(true);
      expect(bodyText(text)).toMatch(WHOLE);
    }
  });
});

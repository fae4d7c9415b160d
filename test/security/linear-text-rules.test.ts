// The text rules on adversarial text (session 10): a cassette, a kubectl log or a pasted page is untrusted, and log
// import, the report, replay and the proxy all redact what they read. Each text below made the rules before session
// 10 read a long run again from each of its characters (quadratic: on these inputs, minutes to hours); each
// finishes in tens of milliseconds now. The timeout is a hang bound, not a measure: these texts take some 20-100 ms
// on the 2-core development machine, and the quadratic rules over a minute on each of them.
import { describe, expect, it } from "vitest";
import { redactSecretText } from "../../src/record/index.js";
import { redactBody, YAML_PARSE_LIMIT } from "../../src/record/redact/redact.js";

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
    "a run of backslashes in a query value before a credential parameter (each backslash opened a quoted name)",
    () => {
      expectRedacted(`?a=${B.repeat(MiB)}"&sig=${SECRET}`);
    },
    HANG,
  );

  it(
    "a value escaped a third of a MiB deep holding a shallower escaped quote (the opener compared at each backslash)",
    () => {
      const depth = 350_000;
      const closer = `${B.repeat(depth)}"`;
      const out = expectRedacted(
        `\\"password\\": ${closer}${SECRET}${B.repeat(depth - 1)}"${SECRET}${closer} end`,
      );
      expect(out).toMatch(/^\\"password\\": \\+"\[redacted len=\d+[ \]]/);
      expect(out.endsWith(`${closer} end`)).toBe(true);
    },
    HANG,
  );

  it(
    "a value opened by a deep escaped quote and only shallower quotes after it (begun again at each backslash)",
    () => {
      const text = `\\"token\\": ${B.repeat(MiB / 2)}"x${B.repeat(MiB / 2 - 1)}"`;
      // No closer at its depth: the value is a secret's to the end of the text (a body cut short).
      expect(redactSecretText(text)).toMatch(/^\\"token\\": \\+"\[redacted len=\d+[^\]]*\]$/);
    },
    HANG,
  );

  it(
    "escaped-quote openers ever shallower, none closed (each looked for its closer to the end)",
    () => {
      let text = "";
      for (let depth = 1448; depth >= 1; depth--) text += `\\"token\\": ${B.repeat(depth)}"v `;
      expect(text.length).toBeGreaterThan(MiB);
      // No closer at its depth: the value is a secret's to the end of the text (a body cut short).
      expect(redactSecretText(text)).toMatch(/^\\"token\\": \\+"\[redacted len=\d+[^\]]*\]$/);
    },
    HANG,
  );

  it(
    "a flow array under a secret name holding a run of backslashes (a scalar tried from each of them)",
    () => {
      expectRedacted(`token: [${B.repeat(MiB)}, ${SECRET}]`);
    },
    HANG,
  );

  it(
    "a flow array of escaped-quote scalars ever shallower (each looked for its closer to the end)",
    () => {
      let inner = "";
      for (let depth = 2000; depth >= 1; depth--) inner += `${B.repeat(depth)}"v `;
      expect(inner.length).toBeGreaterThan(2 * MiB - 100_000);
      const out = redactSecretText(`token: [${inner}${SECRET}]`);
      expect(out).not.toContain(SECRET);
    },
    HANG,
  );

  it(
    "sequences nested under names that are no secret (each value read to the end, then again from the next name)",
    () => {
      const rest = `a:\n${repeat("- b:\n", 2 * MiB)}`;
      const out = expectRedacted(`token: ${SECRET}\n${rest}`);
      expect(out.endsWith(rest)).toBe(true);
    },
    HANG,
  );

  it(
    "block scalars nested under names that are no secret (each read to the end, then again)",
    () => {
      const rest = `a: |\n${repeat("  b: |\n", 2 * MiB)}`;
      const out = expectRedacted(`token: ${SECRET}\n${rest}`);
      expect(out.endsWith(rest)).toBe(true);
    },
    HANG,
  );

  it(
    "a sequence item with a long run of spaces inside it (the item's end tried at each of them)",
    () => {
      expectRedacted(`token:\n- a${" ".repeat(MiB)}${SECRET}\n`);
    },
    HANG,
  );

  it(
    "a run of keys with bare values, a:a:a:… (each value read to the end, then again from the next key)",
    () => {
      expectRedacted(`${repeat("a:", MiB)}token: ${SECRET}`);
    },
    HANG,
  );

  it(
    "dotted words before URL userinfo (each letter after a dot tried as a scheme)",
    () => {
      expectRedacted(`${repeat("a.", MiB)} https://user:${SECRET}@host`);
    },
    HANG,
  );

  it(
    "marker openings that never close in a sequence item (each read to the end of the line)",
    () => {
      const out = redactSecretText(`token:\n- ${repeat("[redacted ", 2 * MiB)}${SECRET}\n`);
      expect(out).not.toContain(SECRET);
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

  it(
    "an exec plugin argument of 1 MiB of words that name a credential, without an = (read again after each word)",
    () => {
      const args = [`--${"key".repeat(350_000)}!`, "--token", SECRET];
      const kubeconfig = {
        apiVersion: "v1",
        kind: "Config",
        users: [{ name: "u", user: { exec: { command: "x", args } } }],
      };
      const out = expectRedacted(JSON.stringify(kubeconfig));
      expect(out).toContain(`"${args[0]}","--token","[redacted len=11`);
    },
    HANG,
  );

  it(
    "a text body of blank lines before its key line (the white space read again from each line's start)",
    () => {
      // A quarter of a MiB: past the YAML parse limit (session 11), so the body goes whole rather than being parsed.
      const text = `${"\n".repeat(MiB / 4)}!\ntoken: ${SECRET}\n`;
      const { body } = redactBody({ kind: "text", text, bytes: text.length });
      const out = body.kind === "text" ? body.text : "";
      expect(out).not.toContain(SECRET);
      expect(out).toMatch(/^\[redacted len=262165 /);
      // Below the limit the same text is read as YAML and only the value goes.
      const short = `${"\n".repeat(YAML_PARSE_LIMIT - 100)}!\ntoken: ${SECRET}\n`;
      const below = redactBody({ kind: "text", text: short, bytes: short.length }).body;
      expect(below.kind === "text" ? below.text : "").toContain("[redacted len=11");
    },
    HANG,
  );

  it(
    "blank, comment and carriage-return lines after a block scalar's or a block sequence's value (session 11)",
    () => {
      // Each value reads the blank lines after it once, and gives them back once when no line of the value follows.
      for (const filler of ["\n", "  \n", " \r\n", "\r", " # c\n"]) {
        const lines = repeat(filler, MiB / 4);
        expectRedacted(`password: |\n  ${SECRET}\n${lines}x: 1\n`);
        expectRedacted(`password:\n- ${SECRET}\n${lines}x: 1\n`);
        expectRedacted(`${repeat(`token:\n${filler}`, MiB / 8)}password:\n- a\r${SECRET}\n`);
      }
    },
    HANG,
  );

  it(
    "lines that start like a key and never make one (a plain value on a secret name's line, session 11)",
    () => {
      for (const line of [
        `${"- ".repeat(MiB / 4)}x`,
        `${"a".repeat(MiB / 2)}`,
        `token:${" ".repeat(MiB / 2)}`,
      ]) {
        expectRedacted(`${line}\npassword: a ${SECRET}\n${line}`);
        expectRedacted(`${repeat(`${line.slice(0, 64)}\n`, MiB / 2)}password: a ${SECRET}\n`);
      }
    },
    HANG,
  );

  it(
    "escaped names, folded values, flags, header lines, MySQL clients, separators and flow values (session 12)",
    () => {
      // A run of escapes and name characters, read once whether it spells a secret name or not.
      expectRedacted(`${repeat("\\u0061", MiB / 2)}"x": 1, "\\u0070assword":"${SECRET}"`);
      expectRedacted(`${repeat("\\u", MiB / 2)} {"t\\u006fken":"${SECRET}"}`);
      // Spaces inside a plain value (the comment cut read each run again from each space).
      expectRedacted(`password: a${" ".repeat(MiB / 2)}${SECRET}`);
      expectRedacted(`{password: a${" ".repeat(MiB / 2)}${SECRET}}`);
      // Many secret names with no value and blank lines, each looking for lines to fold.
      expectRedacted(`${repeat("password:\n\n\n", MiB / 2)}password: a\n  ${SECRET}\n`);
      expectRedacted(`password:\n  ${repeat("x ", MiB / 2)}${SECRET}\n`);
      // Flags with no value, names that are no flag, MySQL clients with no -p on one long line.
      expectRedacted(`${repeat("--password ", MiB / 4)}--token ${SECRET}`);
      expectRedacted(`${repeat("mysql ", MiB / 4)}-p${SECRET}`);
      expectRedacted(`${repeat("-a-a-a-a ", MiB / 4)}\n--api-key ${SECRET}`);
      // Header names and unusual separators over and over, and a run of backslashes after a name.
      expectRedacted(`${repeat("Cookie: x ", MiB / 4)}\nCookie: a=${SECRET}`);
      expectRedacted(`${repeat("a=>", MiB / 4)} password => ${SECRET}`);
      expectRedacted(`password${B.repeat(MiB / 2)} token\u00a0: ${SECRET}`);
      expectRedacted(`${repeat("password\u00a0", MiB / 4)}: ${SECRET}`);
      expectRedacted(`${repeat(",", MiB / 2)}${" ".repeat(MiB / 4)}{token: a ${SECRET}}`);
    },
    HANG,
  );

  it(
    "entry names, flag items and encoded query parameters over and over (session 13)",
    () => {
      // Heads with no value, and the pre-scan's end-of-value branch after a name followed by a run of backslashes.
      expectRedacted(`${repeat("name: DB_PASSWORD\n", MiB / 2)}- name: API_TOKEN\n  value: ${SECRET}\n`);
      expectRedacted(`${repeat('"name":"DB_PASSWORD",', MiB / 2)}"name":"DB_PASSWORD","value":"${SECRET}"`);
      expectRedacted(`name: DB_PASSWORD${B.repeat(MiB / 2)} token: ${SECRET}`);
      expectRedacted(`${repeat('"--password",', MiB / 2)}"--token","${SECRET}"`);
      expectRedacted(`${repeat(`${B.repeat(20)}"--password${B.repeat(20)}",`, MiB / 2)} --token ${SECRET}`);
      expectRedacted(`- name: DB_PASSWORD\n  value: a${" ".repeat(MiB / 2)}${SECRET}\n`);
      expectRedacted(`${repeat("%26a", MiB / 2)}%26token%3D${SECRET}`);
    },
    HANG,
  );
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { redactBody } from "../../src/record/redact/redact.js";
import { redactSecretText } from "../../src/record/index.js";

// The `yaml` package warns on the process (Node prints it on standard error) when it makes a string of a key that is
// a collection, quoting the key: `? {password: x}` put the password on stderr while its value was redacted in the
// output. Redaction reads YAML with warnings off.
const SECRET = "hunter2S3cretValue";

describe("reading YAML to redact it", () => {
  let emitted: string[];
  beforeEach(() => {
    emitted = [];
    vi.spyOn(process, "emitWarning").mockImplementation((warning: string | Error) => {
      emitted.push(String(warning instanceof Error ? warning.message : warning));
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("warns nothing on the process, whatever a key holds", () => {
    const text = `? {password: ${SECRET}}\n: x\n? [a, b]\n: y\ntoken: z\n`;
    const { body } = redactBody({ kind: "text", text, bytes: text.length });
    expect(body.kind === "text" ? body.text : "").not.toContain(SECRET);
    redactSecretText(`kind: Secret\napiVersion: v1\nstringData:\n  ? {password: ${SECRET}}\n  : x\n`);
    expect(emitted.filter((w) => w.includes(SECRET))).toEqual([]);
    expect(emitted).toEqual([]);
  });
});

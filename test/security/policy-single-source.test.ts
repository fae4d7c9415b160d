import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_SECRET_FIELD_NAMES,
  SECRET_BEARING_KINDS,
  SECRET_QUERY_PARAMETERS,
} from "../../src/record/redact/secret-policy.js";

// The secret policy is one module: a second list of secret kinds, field names or query parameters elsewhere in
// src/ would drift from it (the side doors of issue 17 were such lists). A "list" here is an array or Set literal
// naming two or more of the policy's names; one name alone (`kind === "Secret"` in a Secret-specific rule) is not.
const POLICY = "src/record/redact/secret-policy.ts";

const NAMES = new Set(
  [...DEFAULT_SECRET_FIELD_NAMES, ...SECRET_BEARING_KINDS, ...SECRET_QUERY_PARAMETERS].map((n) =>
    n.toLowerCase(),
  ),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js)$/.test(entry.name) ? [path] : [];
  });
}

/** Array and Set literals (no nested brackets) that name two or more of the policy's names. */
function policyListsIn(source: string): string[] {
  const found: string[] = [];
  for (const [literal] of source.matchAll(/\[[^[\]]{0,2000}\]/g)) {
    const strings = [...literal.matchAll(/["'`]([\w.-]+)["'`]/g)].map((m) => m[1]!.toLowerCase());
    if (new Set(strings.filter((s) => NAMES.has(s))).size >= 2) found.push(literal.replace(/\s+/g, " "));
  }
  return found;
}

describe("the secret policy is the only list of what is secret", () => {
  it("finds a second list when there is one (the check can fail)", () => {
    expect(policyListsIn(`const KINDS = ["Secret", "TokenRequest"];`)).toHaveLength(1);
    expect(policyListsIn(`new Set(["password", "apiKey"])`)).toHaveLength(1);
    expect(policyListsIn(`if (kind === "Secret") return ["data"];`)).toEqual([]);
  });

  it("no module of src/ but the policy holds one", () => {
    const root = process.cwd();
    const offenders = sourceFiles(join(root, "src"))
      .map((file) => relative(root, file).split("\\").join("/"))
      .filter((file) => file !== POLICY)
      .flatMap((file) => policyListsIn(readFileSync(file, "utf8")).map((list) => `${file}: ${list}`));
    expect(offenders).toEqual([]);
  });
});

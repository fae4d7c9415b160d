import { readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../src/", import.meta.url));

/** Which top-level folders each folder may import from (docs/design.md "Layers"; arrows point down only). */
const ALLOWED: Record<string, string[]> = {
  internal: [],
  normalize: ["internal"],
  protobuf: ["normalize", "internal"],
  record: ["protobuf", "normalize", "internal"],
  client: ["record", "protobuf", "normalize", "internal"],
  kubectl: ["record", "protobuf", "normalize", "internal"],
  diff: ["kubectl", "record", "protobuf", "normalize", "internal"],
  testing: ["client", "diff", "kubectl", "record", "protobuf", "normalize", "internal"],
  report: ["diff", "kubectl", "record", "protobuf", "normalize", "internal"],
  proxy: ["client", "kubectl", "record", "protobuf", "normalize", "internal"],
};

/** The public entry points (package.json "exports"): the CLI imports only these, and library code none of them. */
const ENTRY_POINTS = new Set([
  "index.js",
  "kubectl/index.js",
  "diff/index.js",
  "client/config/index.js",
  "client/index.js",
  "record/index.js",
  "report/index.js",
  "proxy/index.js",
  "testing/index.js",
]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = `${dir}/${f}`;
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("layering", () => {
  for (const [folder, allowed] of Object.entries(ALLOWED)) {
    it(`src/${folder} imports only from ${allowed.join(", ") || "itself"} (and src/errors.ts)`, () => {
      const offending: string[] = [];
      for (const file of files(`${src}${folder}`)) {
        for (const m of readFileSync(file, "utf8").matchAll(/from\s+"(\.\.?\/[^"]+)"/g)) {
          const target = new URL(m[1]!, `file://${file}`).pathname.slice(src.length);
          const top = target.includes("/") ? target.split("/")[0]! : target;
          if (top === folder || top === "errors.js") continue;
          if (top === "index.js" || !allowed.includes(top))
            offending.push(`${file.slice(src.length)} → ${m[1]}`);
        }
      }
      expect(offending).toEqual([]);
    });
  }

  it("src/cli imports only the public entry points", () => {
    const offending: string[] = [];
    for (const file of files(`${src}cli`)) {
      for (const m of readFileSync(file, "utf8").matchAll(/from\s+"(\.\.?\/[^"]+)"/g)) {
        const target = new URL(m[1]!, `file://${file}`).pathname.slice(src.length);
        if (!target.startsWith("cli/") && !ENTRY_POINTS.has(target))
          offending.push(`${file.slice(src.length)} → ${m[1]}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it("library code imports modules directly, never a public entry point (entries are the API, not seams)", () => {
    const offending: string[] = [];
    for (const file of files(src.slice(0, -1)).filter((f) => !f.startsWith(`${src}cli/`))) {
      for (const m of readFileSync(file, "utf8").matchAll(/from\s+"(\.\.?\/[^"]+)"/g)) {
        const target = new URL(m[1]!, `file://${file}`).pathname.slice(src.length);
        if (ENTRY_POINTS.has(target) && !ENTRY_POINTS.has(`${file.slice(src.length, -3)}.js`))
          offending.push(`${file.slice(src.length)} → ${m[1]}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it("the library loads yaml, ajv, diff and node-forge only on first use (src/internal/lazy-modules.ts)", () => {
    // Importing kubewire should cost what a caller uses; the CLI's commands and kubewire/testing may import them.
    const offending = ["internal", "normalize", "protobuf", "record", "client", "kubectl", "diff"]
      .flatMap((folder) => files(`${src}${folder}`))
      .filter((f) => !f.endsWith("/internal/lazy-modules.ts"))
      .filter((f) =>
        /^import\s+(?!type\b)[^;]*from\s+"(?:yaml|ajv|diff|node-forge)"/m.test(readFileSync(f, "utf8")),
      );
    expect(offending.map((f) => f.slice(src.length))).toEqual([]);
  });

  it("normalize has no dependencies beyond the language", () => {
    const imports = files(`${src}normalize`).flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/from\s+"([^".][^"]*)"/g)].map((m) => m[1]),
    );
    expect(imports).toEqual([]);
  });
});

import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packedProject, removePackedProject } from "../helpers/packed-package.js";
import type { PackedProject } from "../helpers/packed-package.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));

interface Block {
  doc: string;
  index: number;
  /** Where the block is written in the consumer project. */
  path: string;
  code: string;
}

/**
 * Every ```ts block of README.md and docs/*.md. Blocks fenced ```ts internal show modules that are deliberately not
 * published (the protobuf codec, the apply engine, for contributors who wire them in): the packed package has no
 * such import, so they are not part of this check. A block whose first line is a comment naming a file
 * (`// src/orphans.ts`) is written there, so that blocks may import one another as the docs show; the others are
 * written to examples/.
 */
function blocks(): Block[] {
  const docs = [
    "README.md",
    ...readdirSync(join(root, "docs"))
      .filter((f) => f.endsWith(".md"))
      .map((f) => `docs/${f}`),
  ];
  return docs.flatMap((doc) =>
    [...readFileSync(join(root, doc), "utf8").matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m, index) => {
      const code = m[1]!;
      const named = /^\/\/ ([\w./-]+\.ts)\n/.exec(code);
      const path = named ? named[1]! : `examples/${doc.replace(/\W/g, "_")}-${index + 1}.ts`;
      return { doc, index, path, code };
    }),
  );
}

/** `tsc` diagnostics by file (relative to the consumer project); `""` for those without a file. */
function diagnosticsByFile(output: string, consumer: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of output.split("\n")) {
    const m = /^(.+?)\(\d+,\d+\): error TS\d+/.exec(line);
    if (m || /^error TS\d+/.test(line)) {
      const file = m ? m[1]!.replace(`${consumer}/`, "") : "";
      current = out.get(file) ?? [];
      out.set(file, current);
      current.push(line);
    } else if (current && line.startsWith(" ")) current.push(line);
  }
  return out;
}

const examples = blocks();

describe("every ```ts block of README.md and docs/ type-checks against the packed package", () => {
  let project: PackedProject | undefined;
  let diagnostics = new Map<string, string[]>();

  beforeAll(async () => {
    // vitest and @types/node stand for what a user's project has; kubernetes-types comes with kubewire.
    project = await packedProject(["typescript", "@types/node", "vitest"]);
    const { consumer } = project;
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", type: "module" }));
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2023",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          types: ["node"],
        },
        include: ["**/*.ts"],
        exclude: ["node_modules"],
      }),
    );
    for (const { path, code } of examples) {
      mkdirSync(dirname(join(consumer, path)), { recursive: true });
      writeFileSync(join(consumer, path), code);
    }
    const tsc = join(consumer, "node_modules/typescript/bin/tsc");
    const output = await run(process.execPath, [tsc, "-p", consumer], { cwd: consumer }).then(
      ({ stdout }) => stdout,
      (error: { stdout?: string; message?: string }) => error.stdout ?? error.message ?? "tsc failed",
    );
    // A build, a pack and a whole-program tsc: minutes on a busy machine (the packed project's hook timeout).
    diagnostics = diagnosticsByFile(output, project.consumer);
  });
  afterAll(() => removePackedProject(project));

  it("finds the blocks", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const { doc, index, path } of examples)
    it(`${doc} block ${index + 1} (${path})`, () => {
      expect(diagnostics.get(path) ?? []).toEqual([]);
    });

  it("the package's own declarations compile (strict, skipLibCheck false)", () => {
    const others = [...diagnostics].filter(([file]) => !examples.some((e) => e.path === file));
    expect(others).toEqual([]);
  });
});

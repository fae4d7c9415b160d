import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = promisify(execFile);

/** Every ```js block in README.md and docs/*.md, run as an ES module that imports "kubewire" (the built package). */
function examples(): { file: string; index: number; code: string }[] {
  const files = [
    "README.md",
    ...readdirSync(`${root}docs`)
      .filter((f) => f.endsWith(".md"))
      .map((f) => `docs/${f}`),
  ];
  return files.flatMap((file) =>
    [...readFileSync(`${root}${file}`, "utf8").matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m, index) => ({
      file,
      index,
      code: m[1]!,
    })),
  );
}

describe("documentation examples run as written", () => {
  const dir = `${root}.kubewire-tmp/docs`;
  mkdirSync(dir, { recursive: true });
  for (const { file, index, code } of examples()) {
    it(`${file} example ${index + 1}`, async () => {
      const path = `${dir}/${file.replace(/\W/g, "_")}-${index}.mjs`;
      writeFileSync(path, code);
      // No timeout of its own: an example (100 concurrent writers, say) takes as long as the machine needs; the
      // docs project's test timeout only catches a hang.
      const { stderr } = await run(process.execPath, [path], { cwd: root });
      expect(stderr).toBe("");
    });
  }
});

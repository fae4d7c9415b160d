import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";

/**
 * A new directory under the system's temporary folder, removed when the calling test ends (passed or failed): the
 * suite runs on users' machines too, and a run left about a thousand folders behind, redaction keys among them.
 */
export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kubewire-${name}-`));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    exclude: ["test/cluster/**"],
    // Two workers on this 2-core machine: many tests wait on kubectl processes and sockets, so the second worker
    // cuts the suite's wall time by about a quarter (vitest's default is one worker here).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Redaction markers are keyed by a per-user key file (SECURITY.md): tests use one of their own, never the
    // user's ~/.config/kubewire/redaction.key.
    env: { KUBEWIRE_REDACTION_KEY_FILE: join(tmpdir(), "kubewire-test", "redaction.key") },
  },
});

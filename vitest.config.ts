import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer } from "vitest/node";
import type { TestSpecification } from "vitest/node";

/*
 * The test tiers (CONTRIBUTING.md, "Test tiers"). `npm run test:fast` runs `fast`, the loop to run while working;
 * `npm test` runs every project. A file belongs to the first tier whose pattern it matches; `fast` is the rest.
 */

/** Fuzzing, property soaks and contention: many generated runs each, minutes on a busy machine. */
const SOAK = [
  "test/**/*.property.test.ts",
  "test/reliability/fuzz.test.ts",
  "test/reliability/redaction.test.ts",
  "test/client/update/concurrent-updates.test.ts",
];

/**
 * Whole files of goldens against the real kubectl binaries (1.27–1.33, hundreds of runs). Files that run one or
 * two kubectl commands among other tests stay in `fast`.
 */
const KUBECTL = [
  "test/kubectl/kubectl-real.test.ts",
  // Generated responses with a fixed seed (32 cases, 128 kubectl runs).
  "test/kubectl/kubectl-view-fuzz.test.ts",
  "test/kubectl/table/kubectl-table-real.test.ts",
  // What table fuzzing found, pinned on all seven releases, and 8 generated Tables (fixed seed): ~80 kubectl runs.
  "test/kubectl/kubectl-table-fuzz.test.ts",
  "test/kubectl/traffic-log/kubectl-log-live.test.ts",
  "test/kubectl/traffic-log/kubectl-log-fuzz-pinned.test.ts",
  "test/record/replay/kubectl-replay.test.ts",
  "test/record/replay/kubectl-log-replay.test.ts",
  "test/testing/fake-api-server-kubectl.test.ts",
  "test/testing/fake-api-server-tables-kubectl.test.ts",
  // Every recorded workflow step with the real kubectl against the in-memory server (about 200 kubectl runs).
  "test/testing/fake-api-server-workflows.test.ts",
  "test/proxy/proxy-kubectl.test.ts",
];

/**
 * The package as published: packed, installed in a new project, every ```js example of the README and docs run
 * there, its declarations and the docs' ts blocks type-checked.
 */
const PACKED = ["test/packed/**/*.test.ts"];

/** Real-browser tests: the report page in headless Chromium (Debian's package), about 70 s on its own. */
const BROWSER = ["test/report/report-browser.test.ts"];

/**
 * The files that take longest, longest first (measured in a whole `npm test`, December 2026: from about 5 minutes
 * down to 20 s each on the 2-core machine under load). vitest's own order takes the projects one after the other by
 * name (larger files first within each, on a clean clone), so the packed and soak files came last and one worker
 * ended the run alone on them; started first, the long files share the two workers with everything else.
 */
const LONGEST_FIRST = [
  "test/proxy/proxy-kubectl.test.ts",
  "test/packed/packed-package.test.ts",
  "test/testing/fake-api-server-workflows.test.ts",
  "test/reliability/fuzz.test.ts",
  "test/reliability/redaction.test.ts",
  "test/record/replay/kubectl-replay.test.ts",
  "test/client/update/concurrent-updates.test.ts",
  "test/report/report-browser.test.ts",
  "test/cli/get-kubectl-habits.test.ts",
  "test/record/redact/redaction-prescan.property.test.ts",
  "test/record/redact/text-rules-linear.property.test.ts",
  "test/record/replay/kubectl-log-replay.test.ts",
  "test/kubectl/traffic-log/import/kubectl-log-property.test.ts",
  "test/security/yaml-parse-limit.property.test.ts",
];

/** vitest's order, with the {@link LONGEST_FIRST} files moved to the front in that order. */
class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const i = LONGEST_FIRST.indexOf(
        relative(file.project.config.root, file.moduleId).replaceAll("\\", "/"),
      );
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    return (await super.sort(files))
      .map((file, order) => ({ file, order, rank: rank(file) }))
      .sort((a, b) => a.rank - b.rank || a.order - b.order)
      .map(({ file }) => file);
  }
}

// No test waits on a clock (CONTRIBUTING.md): timeouts only catch hangs, so they are long enough for a machine
// under load to finish anything that does finish.
const HANG = { testTimeout: 300_000, hookTimeout: 300_000 };
const SLOW_HANG = { testTimeout: 900_000, hookTimeout: 900_000 };

export default defineConfig({
  test: {
    // Two workers on this 2-core machine: many tests wait on kubectl processes and sockets, so the second worker
    // cuts the suite's wall time by about a quarter (vitest's default is one worker here).
    maxWorkers: 2,
    sequence: { sequencer: LongestFirstSequencer },
    // Property tests run from fixed seeds, many under the soak switch (test/helpers/property-seed.ts).
    setupFiles: ["test/setup/property-seed.ts"],
    // Redaction markers are keyed by a per-user key file (SECURITY.md): tests use one of their own, never the
    // user's ~/.config/kubewire/redaction.key.
    env: { KUBEWIRE_REDACTION_KEY_FILE: join(tmpdir(), "kubewire-test", "redaction.key") },
    // expect.poll waits as long as a test may (its default, one second, is a wall-clock assertion).
    expect: { poll: { timeout: HANG.testTimeout } },
    // CI asks for a JSON report as well (.ci/run sums every run into one line with scripts/test-summary.js).
    ...(process.env.KUBEWIRE_TEST_REPORT
      ? { reporters: ["default", "json"], outputFile: { json: process.env.KUBEWIRE_TEST_REPORT } }
      : {}),
    projects: [
      {
        extends: true,
        test: {
          name: "fast",
          include: ["test/**/*.test.ts", "src/**/*.test.ts"],
          exclude: ["test/cluster/**", ...SOAK, ...KUBECTL, ...PACKED, ...BROWSER],
          // One module graph per worker for the whole tier: importing src/ again for each of some 160 files was
          // about half the tier's CPU. What the sources keep across calls (the secret policy, caches) is restored
          // by the tests that change it; `npx vitest run --project fast --sequence.shuffle.files` checks that no file
          // depends on another's.
          isolate: false,
          ...HANG,
        },
      },
      { extends: true, test: { name: "soak", include: SOAK, ...SLOW_HANG } },
      { extends: true, test: { name: "kubectl", include: KUBECTL, ...SLOW_HANG } },
      { extends: true, test: { name: "packed", include: PACKED, ...SLOW_HANG } },
      { extends: true, test: { name: "browser", include: BROWSER, ...SLOW_HANG } },
    ],
  },
});

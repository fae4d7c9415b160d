#!/usr/bin/env node
// `node scripts/test-summary.js REPORT.json...`: one plain line summing vitest JSON reports (written when
// KUBEWIRE_TEST_REPORT names a file, see vitest.config.ts), `N passed, N failed`; skipped tests, when some were,
// on the line before it.
// .ci/run ends with it, so that a CI reader sees what every vitest run of the job did. Exits 1 when a test failed,
// a test file failed outside its tests (an import error, a failing hook), or a report is missing or unreadable.
import { readFileSync } from "node:fs";

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let broken = false;
for (const file of files) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    console.log(`no test report in ${file}: ${error.code ?? error.message}`);
    broken = true;
    continue;
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  // A file that failed with no failing test (it did not load, or a hook threw) counts as one failure.
  for (const result of report.testResults)
    if (result.status === "failed" && !result.assertionResults.some((a) => a.status === "failed")) failed++;
}
// CI reads the last line and knows exactly `N passed, N failed`: skipped tests get a line of their own before it.
if (skipped) console.log(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || broken ? 1 : 0);

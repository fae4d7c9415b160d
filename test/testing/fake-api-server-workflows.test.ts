/**
 * The differential test of the in-memory API server: every workflow of fixtures/workflows/ (kubectl sessions
 * recorded against a real kube-apiserver 1.28.7, with their normalized answers) runs with the real kubectl
 * binaries against a fresh in-memory server, and each step's exit code, normalized stdout and first lines of stderr
 * (a curl step's status, body and warnings) must be what the real server gave.
 */
import { appendFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeApiServer } from "../../src/testing/index.js";
import { fixturePath } from "../helpers/fixtures.js";
import { kubectlTestsRun } from "../helpers/kubectl-binary.js";
import { DEFAULT_KUBECTL, loadWorkflows, runWorkflow } from "../helpers/workflow-runner.js";
import type { StepResult, WorkflowStep } from "../helpers/workflow-runner.js";

const workflows = loadWorkflows(fixturePath("workflows"));
const versions = [
  ...new Set(workflows.flatMap(({ workflow }) => workflow.steps.map((s) => s.kubectl ?? DEFAULT_KUBECTL))),
];

function label(step: WorkflowStep): string {
  if (step.curl) return `curl ${step.curl.method ?? "GET"} ${step.curl.path}`;
  return `kubectl.${step.kubectl ?? DEFAULT_KUBECTL} ${(step.args ?? []).join(" ")}`.slice(0, 120);
}

describe.runIf(kubectlTestsRun(versions))(
  "recorded kubectl workflows against the in-memory API server",
  () => {
    for (const { workflow, expected } of workflows) {
      describe(workflow.name, () => {
        let results: StepResult[] = [];
        let close: () => Promise<void> = async () => {};
        beforeAll(async () => {
          // The clock stands still between steps and moves only when a step settles (managedFields order by second).
          let now = Date.parse("2026-01-05T10:00:00Z");
          const server = await createFakeApiServer({ tls: true, now: () => new Date(now) });
          close = () => server.close();
          results = await runWorkflow(workflow, {
            url: server.url,
            ca: server.ca,
            advanceClock: (seconds) => (now += seconds * 1000),
          });
          // KUBEWIRE_WORKFLOW_RESULTS=FILE: every step's result, one JSON line per workflow, for a closer look.
          const out = process.env.KUBEWIRE_WORKFLOW_RESULTS;
          if (out) appendFileSync(out, JSON.stringify({ name: workflow.name, results }) + "\n");
        }, 900_000);
        afterAll(() => close());

        workflow.steps.forEach((step, i) => {
          it(`#${i} ${label(step)}`, () => {
            expect(results[i]).toEqual(expected.steps[i]);
          });
        });
      });
    }
  },
);

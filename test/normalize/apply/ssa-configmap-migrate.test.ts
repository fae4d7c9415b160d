/**
 * The `ssa-configmap-migrate` workflow recorded against a real kube-apiserver 1.28.7, replayed through the engine:
 * an object created by client-side apply (an Update manager `kubectl-client-side-apply` and the last-applied
 * annotation) moves to server-side apply, the server keeps the annotation in step with what `kubectl` applies,
 * a key the manager drops is pruned, a second manager conflicts on a field and then forces it.
 */
import { describe, expect, it } from "vitest";
import { LAST_APPLIED_ANNOTATION } from "../../../src/normalize/apply/index.js";
import { kubectlServerSideApply } from "./helpers/kubectl-apply.js";
import { MiniServer } from "./helpers/mini-server.js";
import type { WriteResult } from "./helpers/mini-server.js";
import { manifest, masked, printed, workflow } from "./helpers/workflows.js";

type Obj = Record<string, unknown>;

const NS = "ssa-configmap-migrate";
const { steps, expected } = workflow(NS);

function replay() {
  const server = new MiniServer(NS);
  const results: (WriteResult | undefined)[] = [];
  steps.forEach((step, i) => {
    if (step.settle) server.settle(step.settle);
    const args = step.args ?? [];
    if (args[0] !== "apply") return results.push(undefined);
    const body = manifest(step, NS);
    if (!args.includes("--server-side")) {
      // Client-side apply creates the object with its configuration in the annotation (as recorded in step 1).
      const recorded = printed(expected[i + 1]!.stdout!);
      const annotation = ((recorded.metadata as Obj).annotations as Obj)[LAST_APPLIED_ANNOTATION];
      (body.metadata as Obj).annotations = { [LAST_APPLIED_ANNOTATION]: annotation };
      return results.push(server.create(body, "kubectl-client-side-apply"));
    }
    const manager = args.find((a) => a.startsWith("--field-manager="))?.split("=")[1] ?? "kubectl";
    results.push(
      kubectlServerSideApply(server, body, { manager, force: args.includes("--force-conflicts") }),
    );
  });
  return { server, results };
}

function stored(r: WriteResult | undefined): Obj {
  expect(r && r.code < 300).toBe(true);
  return masked(r!.body);
}

describe("ssa-configmap-migrate, replayed through the engine", () => {
  const { results } = replay();

  it("records the client-side apply create as an Update by kubectl-client-side-apply", () => {
    expect(stored(results[0])).toEqual(printed(expected[1]!.stdout!));
  });

  it("migrates to server-side apply without conflicts, keeping the annotation under kubectl-last-applied", () => {
    expect(stored(results[2])).toEqual(printed(expected[3]!.stdout!));
  });

  it("prunes the key the manager stopped applying", () => {
    expect(stored(results[4]).data as Obj).toEqual(JSON.parse(expected[5]!.stdout!));
  });

  it("reports the conflict of a second manager on a field kubectl applied", () => {
    expect(results[7]!.code).toBe(409);
    expect(`error: ${String(results[7]!.body.message)}`).toBe(expected[7]!.stderr!.split("\n")[0]);
    expect(stored(results[6])).toEqual(printed(expected[8]!.stdout!));
  });

  it("moves the field to the forcing manager and prunes what it no longer applies", () => {
    expect(stored(results[9])).toEqual(printed(expected[10]!.stdout!));
  });
});

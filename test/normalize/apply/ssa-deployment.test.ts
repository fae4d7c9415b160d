/**
 * The `ssa-deployment` workflow recorded against a real kube-apiserver 1.28.7, replayed through the apply engine:
 * first apply (create), a no-op re-apply, a conflicting apply by a second manager, force, pruning of fields the
 * manager stopped applying, a dry run, and a raw apply PATCH. The stored objects, their managedFields (contents,
 * order, presence of timestamps) and the conflict message must be what the real server answered.
 */
import { describe, expect, it } from "vitest";
import { patchOptionsStatus } from "../../../src/normalize/apply/index.js";
import { MiniServer } from "./helpers/mini-server.js";
import { manifest, masked, printed, workflow } from "./helpers/workflows.js";

type Obj = Record<string, unknown>;

const NS = "ssa-deployment";
const { steps, expected } = workflow(NS);

/** The replayed workflow: what each step wrote, in order. */
function replay() {
  const server = new MiniServer(NS);
  const results = steps.map((step) => {
    if (step.settle) server.settle(step.settle);
    const args = step.args ?? [];
    if (step.kubectl && args[0] === "apply") {
      const manager = args.find((a) => a.startsWith("--field-manager="))?.split("=")[1] ?? "kubectl";
      return server.apply(manifest(step, NS), {
        manager,
        force: args.includes("--force-conflicts"),
        dryRun: args.includes("--dry-run=server"),
      });
    }
    if (step.curl?.method === "PATCH") {
      const manager = new URL(step.curl.path, "http://x").searchParams.get("fieldManager") ?? "";
      const invalid = patchOptionsStatus({ fieldManager: manager }, step.curl.headers!["Content-Type"]!);
      if (invalid) return { code: invalid.code, body: invalid as unknown as Obj, stored: false };
      return server.apply(manifest(step, NS), {
        manager,
        name: step.curl.path.split("?")[0]!.split("/").pop()!,
      });
    }
    return undefined;
  });
  return { server, results };
}

describe("ssa-deployment, replayed through the engine", () => {
  const { server, results } = replay();

  it("creates on the first apply and leaves the object alone when the same configuration is applied again", () => {
    expect(results[0]).toMatchObject({ code: 201, stored: true });
    expect(results[1]).toMatchObject({ code: 200, stored: false });
    // Step 2 printed the generation after both applies.
    expect(String((results[1]!.body.metadata as Obj).generation)).toBe(expected[2]!.stdout);
  });

  it("answers a conflicting apply with the 409 whose message kubectl prints (1.33 and 1.29)", () => {
    for (const i of [3, 4]) {
      expect(results[i]!.code).toBe(409);
      const message = (results[i]!.body as { message: string }).message;
      expect(`error: ${message}`).toBe(expected[i]!.stderr!.split("\n")[0]);
      expect(results[i]!.body).toEqual({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: 'Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas',
        reason: "Conflict",
        details: {
          causes: [
            { reason: "FieldManagerConflict", message: 'conflict with "kubectl"', field: ".spec.replicas" },
          ],
        },
        code: 409,
      });
    }
  });

  it("gives the field to the forcing manager (the object and managedFields of step 6)", () => {
    expect(results[5]).toMatchObject({ code: 200, stored: true });
    expect(masked(results[5]!.body)).toEqual(printed(expected[6]!.stdout!));
  });

  it("prunes what a manager no longer applies and keeps fields another manager owns (step 9)", () => {
    expect(results[7]).toMatchObject({ code: 200, stored: true });
    const spec = results[7]!.body.spec as { replicas: number; template: { spec: { containers: Obj[] } } };
    const jsonpath = `${spec.replicas} ${spec.template.spec.containers.map((c) => `${String(c.name)}=${String(c.image)} ${c.env ? JSON.stringify(c.env) : ""} `).join("")}`;
    expect(jsonpath).toBe(expected[8]!.stdout);
    expect(masked(results[7]!.body)).toEqual(printed(expected[9]!.stdout!));
  });

  it("does not store a server-side dry run", () => {
    expect(results[10]).toMatchObject({ code: 201, stored: false });
    expect(server.get("ConfigMap", "dry")).toBeUndefined();
  });

  it("answers a raw apply PATCH with the object the real server returned", () => {
    expect(results[12]!.code).toBe(expected[12]!.status);
    const got = masked(results[12]!.body);
    const want = printed(expected[12]!.body!);
    expect(got).toEqual(want);
    // A curl body keeps the server's key order: managedFields entries and their fieldsV1 keys must match it.
    const managedFields = (o: Obj) => JSON.stringify((o.metadata as Obj).managedFields);
    expect(managedFields(got)).toBe(managedFields(want));
  });

  it("refuses an apply PATCH without fieldManager with the real 422", () => {
    expect(results[13]!.code).toBe(expected[13]!.status);
    expect(JSON.stringify(results[13]!.body, null, 2)).toBe(expected[13]!.body);
  });
});

/**
 * The Status bodies the real server answers bad apply requests with: a body that does not fit the schema (the
 * 500 kubectl prints as `Error from server: failed to create typed patch object ...`, recorded in the
 * field-validation workflow), a body of another kind or version, managedFields in the body, a name or namespace
 * that does not match the URL, a uid on a create, and invalid PatchOptions.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  ApplyError,
  applyObject,
  builtinObjectSchema,
  patchOptionsStatus,
} from "../../../src/normalize/apply/index.js";
import type { ApplyRequest } from "../../../src/normalize/apply/index.js";
import { workflow } from "./helpers/workflows.js";

type Obj = Record<string, unknown>;

const configMaps = builtinObjectSchema("v1", "ConfigMap")!;
const now = new Date("2026-11-25T12:00:00Z");

function statusOf(req: Partial<ApplyRequest> & { applied: object }): Obj {
  try {
    applyObject({ manager: "kubectl", schema: configMaps, now, ...req });
  } catch (e) {
    expect(e).toBeInstanceOf(ApplyError);
    return (e as ApplyError).status as unknown as Obj;
  }
  throw new Error("the apply succeeded");
}

const failure = (code: number, message: string, reason?: string) => ({
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message,
  ...(reason ? { reason } : {}),
  code,
});

describe("bodies the server refuses", () => {
  it("an unknown field: the 500 kubectl prints (field-validation workflow, step 15)", () => {
    const { steps, expected } = workflow("field-validation");
    const step = steps[15]!;
    const body = parse(step.stdin!) as Obj;
    (body.metadata as Obj).namespace = "field-validation";
    const status = statusOf({ applied: body });
    expect(status).toEqual(
      failure(
        500,
        "failed to create typed patch object (field-validation/cm-ssa; /v1, Kind=ConfigMap): .bogus: field not declared in schema",
      ),
    );
    expect(`Error from server: ${String(status.message)}`).toBe(expected[15]!.stderr);
  });

  it("values of the wrong type, nested, with the path of each", () => {
    const deployment = builtinObjectSchema("apps/v1", "Deployment")!;
    const status = statusOf({
      schema: deployment,
      applied: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "d" },
        spec: { replicas: "three", paused: "yes" },
      },
    });
    expect(status.message).toBe(
      "failed to create typed patch object (/d; apps/v1, Kind=Deployment): errors:\n" +
        "  .spec.replicas: expected numeric (int or float), got string\n" +
        "  .spec.paused: expected boolean, got &{yes}",
    );
  });

  it("an item of a keyed list without its key (and no default for it), and two items with one key", () => {
    const pods = builtinObjectSchema("v1", "Pod")!;
    const missing = statusOf({
      schema: pods,
      applied: { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { imagePullSecrets: [{}] } },
    });
    expect(missing.message).toBe(
      'failed to create typed patch object (/p; /v1, Kind=Pod): .spec.imagePullSecrets: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    );
    // A container's name has a default ("") in the schema: the item is keyed by it, and validation refuses it later.
    const unnamed = applyObject({
      applied: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p" },
        spec: { containers: [{ image: "x" }] },
      },
      manager: "m",
      schema: pods,
      now,
    });
    expect(JSON.stringify(unnamed.conflicts ? undefined : unnamed.managedFields![0]!.fieldsV1)).toContain(
      '"k:{\\"name\\":\\"\\"}"',
    );
    const twice = statusOf({
      schema: pods,
      applied: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p" },
        spec: { containers: [{ name: "a" }, { name: "a" }] },
      },
    });
    expect(twice.message).toBe(
      'failed to create typed patch object (/p; /v1, Kind=Pod): .spec.containers: duplicate entries for key [name="a"]',
    );
  });

  it("a body without apiVersion and kind, or of another kind", () => {
    expect(statusOf({ applied: { metadata: { name: "x" } } })).toEqual(
      failure(400, "invalid object type: /, Kind=", "BadRequest"),
    );
    expect(statusOf({ applied: { apiVersion: "v1", kind: "Secret", metadata: { name: "x" } } })).toEqual(
      failure(400, "invalid object type: /v1, Kind=Secret", "BadRequest"),
    );
    expect(statusOf({ applied: { apiVersion: "a/b/c", kind: "ConfigMap" } })).toEqual(
      failure(400, "invalid object type: /, Kind=", "BadRequest"),
    );
  });

  it("managedFields in the body", () => {
    expect(
      statusOf({
        applied: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", managedFields: [] } },
      }),
    ).toEqual(failure(400, "metadata.managedFields must be nil", "BadRequest"));
  });

  it("a name or namespace that is not the URL's, and a uid on a create", () => {
    const target = { name: "x", namespace: "ns", resource: "configmaps" };
    expect(
      statusOf({ target, applied: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "y" } } }),
    ).toEqual(
      failure(400, "the name of the object (y) does not match the name on the URL (x)", "BadRequest"),
    );
    expect(
      statusOf({
        target,
        applied: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "other" } },
      }),
    ).toEqual(
      failure(
        400,
        "the namespace of the provided object does not match the namespace sent on the request",
        "BadRequest",
      ),
    );
    expect(
      statusOf({
        target,
        applied: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", uid: "u-1" } },
      }),
    ).toEqual({
      ...failure(
        409,
        'Operation cannot be fulfilled on configmaps "x": uid mismatch: the provided object specified uid u-1, and no existing object was found',
        "Conflict",
      ),
      details: { name: "x", kind: "configmaps" },
      code: 409,
    });
  });

  it("a body without a namespace gets the URL's", () => {
    const r = applyObject({
      applied: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { a: "1" } },
      manager: "m",
      schema: configMaps,
      now,
      target: { name: "x", namespace: "ns" },
    });
    expect(r.conflicts).toBeUndefined();
    expect(r.conflicts ? undefined : (r.object.metadata as Obj).namespace).toBe("ns");
  });
});

describe("PatchOptions", () => {
  it("fieldManager is required for apply, and force is an apply-only parameter", () => {
    expect(patchOptionsStatus({ fieldManager: "m" }, "application/apply-patch+yaml")).toBeUndefined();
    expect(patchOptionsStatus({}, "application/merge-patch+json")).toBeUndefined();
    expect(patchOptionsStatus({ force: true }, "application/merge-patch+json")).toEqual({
      ...failure(
        422,
        'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
        "Invalid",
      ),
      details: {
        group: "meta.k8s.io",
        kind: "PatchOptions",
        causes: [
          {
            reason: "FieldValueForbidden",
            message: "Forbidden: may not be specified for non-apply patch",
            field: "force",
          },
        ],
      },
      code: 422,
    });
  });

  it("unsupported fieldValidation and dryRun values, and a field manager too long, all reported at once", () => {
    const status = patchOptionsStatus(
      { fieldManager: "m".repeat(129), dryRun: ["Some"], fieldValidation: "Sometimes" },
      "application/apply-patch+yaml",
    )!;
    expect(status.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: [fieldManager: Too long: must have at most 128 bytes, dryRun: Unsupported value: []string{"Some"}: supported values: "All", fieldValidation: Unsupported value: "Sometimes": supported values: "", "Ignore", "Strict", "Warn"]',
    );
    expect(status.details!.causes!.map((c) => c.reason)).toEqual([
      "FieldValueTooLong",
      "FieldValueNotSupported",
      "FieldValueNotSupported",
    ]);
  });

  it("the fieldValidation message is the one the real server gives for CreateOptions (field-validation, step 16)", () => {
    const { expected } = workflow("field-validation");
    const recorded = JSON.parse(expected[16]!.body!) as { details: { causes: unknown[] } };
    const status = patchOptionsStatus(
      { fieldManager: "m", fieldValidation: "Sometimes" },
      "application/apply-patch+yaml",
    )!;
    expect(status.details!.causes).toEqual(recorded.details.causes);
  });
});

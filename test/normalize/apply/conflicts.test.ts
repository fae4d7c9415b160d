/**
 * Apply conflicts and their 409 Status: several fields and managers (the message groups them by manager, as the
 * real server's getConflictMessage does), Update managers named with their API version, subresource managers,
 * the `before-first-apply` manager of an object nobody tracked, `force`, and the client-side-apply fields the
 * `kubectl` manager may take over without forcing.
 */
import { describe, expect, it } from "vitest";
import {
  applyObject,
  builtinObjectSchema,
  conflictMessage,
  trackUpdate,
} from "../../../src/normalize/apply/index.js";
import type { ApplyResult } from "../../../src/normalize/apply/index.js";
import { fieldPath } from "../../../src/normalize/apply/path-element.js";

type Obj = Record<string, unknown>;

const deployments = builtinObjectSchema("apps/v1", "Deployment")!;
const configMaps = builtinObjectSchema("v1", "ConfigMap")!;
const t = (s: number) => new Date(Date.parse("2026-11-25T12:00:00Z") + s * 1000);

function message(r: ApplyResult): string | undefined {
  return r.conflicts ? r.status.message : undefined;
}

function object(r: ApplyResult): Obj {
  if (r.conflicts) throw new Error(r.status.message);
  return r.object;
}

const cm = (data: Obj, metadata: Obj = {}) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "c", ...metadata },
  data,
});

describe("conflicts", () => {
  it("several fields of several managers: the message groups them by manager identifier, a cause per field", () => {
    let live = object(
      applyObject({ applied: cm({ a: "1", b: "2" }), manager: "one", schema: configMaps, now: t(0) }),
    );
    live = trackUpdate({
      before: live,
      after: { ...live, data: { a: "1", b: "2", c: "3" } },
      manager: "editor",
      schema: configMaps,
      now: t(2),
    }).object;
    const r = applyObject({
      live,
      applied: cm({ a: "9", b: "9", c: "9" }),
      manager: "two",
      schema: configMaps,
      now: t(4),
    });
    // The real server lists causes in its map's order; the engine in the message's (identifiers sorted).
    expect(r.conflicts?.map((c) => `${c.manager} ${c.operation} ${c.apiVersion ?? "-"} ${c.field}`)).toEqual([
      "editor Update v1 .data.c",
      "one Apply - .data.a",
      "one Apply - .data.b",
    ]);
    expect(r.conflicts && r.status).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message:
        'Apply failed with 3 conflicts: conflicts with "editor" using v1:\n- .data.c\nconflicts with "one":\n- .data.a\n- .data.b',
      reason: "Conflict",
      details: {
        causes: [
          { reason: "FieldManagerConflict", message: 'conflict with "editor" using v1', field: ".data.c" },
          { reason: "FieldManagerConflict", message: 'conflict with "one"', field: ".data.a" },
          { reason: "FieldManagerConflict", message: 'conflict with "one"', field: ".data.b" },
        ],
      },
      code: 409,
    });
  });

  it("an Update manager is named with its API version; one of a subresource with it too", () => {
    const one = [
      {
        manager: '{"manager":"kubectl-edit","operation":"Update","apiVersion":"apps/v1"}',
        path: fieldPath("spec", "replicas"),
      },
    ];
    expect(conflictMessage(one)).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas',
    );
    const status = [
      {
        manager: '{"manager":"kubelet","operation":"Update","apiVersion":"v1","subresource":"status"}',
        path: fieldPath("status", "phase"),
      },
    ];
    expect(conflictMessage(status)).toBe(
      'Apply failed with 1 conflict: conflict with "kubelet" with subresource "status" using v1: .status.phase',
    );
  });

  it("a subresource write records its entry with the subresource; an apply there conflicts with it", () => {
    const pods = builtinObjectSchema("v1", "Pod")!;
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", uid: "u" },
      spec: { containers: [{ name: "app" }] },
    };
    // A stored Pod always has a status (the strategy sets its phase on create).
    const created = trackUpdate({
      after: { ...pod, status: {} },
      manager: "creator",
      schema: pods,
      now: t(0),
    }).object;
    const withStatus = trackUpdate({
      before: created,
      after: { ...created, status: { phase: "Running" } },
      manager: "kubelet",
      schema: pods,
      now: t(2),
      subresource: "status",
    }).object;
    const entries = (withStatus.metadata as Obj).managedFields as Obj[];
    expect(entries.map((e) => [e.manager, e.subresource, e.fieldsV1])).toEqual([
      [
        "creator",
        undefined,
        { "f:spec": { "f:containers": { 'k:{"name":"app"}': { ".": {}, "f:name": {} } } } },
      ],
      ["kubelet", "status", { "f:status": { "f:phase": {} } }],
    ]);
    const r = applyObject({
      live: withStatus,
      applied: { ...pod, status: { phase: "Failed" } },
      manager: "m",
      schema: pods,
      now: t(4),
      subresource: "status",
    });
    expect(message(r)).toBe(
      'Apply failed with 1 conflict: conflict with "kubelet" with subresource "status" using v1: .status.phase',
    );
  });

  it("the first apply to an object nobody tracked conflicts with before-first-apply, which owns what was there", () => {
    const live = { ...cm({ a: "1" }), metadata: { name: "c", uid: "u" } };
    const r = applyObject({ live, applied: cm({ a: "2" }), manager: "m", schema: configMaps, now: t(0) });
    expect(message(r)).toBe(
      'Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.a',
    );
    const same = object(
      applyObject({ live, applied: cm({ a: "1", b: "2" }), manager: "m", schema: configMaps, now: t(0) }),
    );
    expect(
      ((same.metadata as Obj).managedFields as Obj[]).map((e) => [e.manager, e.operation, e.fieldsV1]),
    ).toEqual([
      ["m", "Apply", { "f:data": { "f:a": {}, "f:b": {} } }],
      ["before-first-apply", "Update", { "f:data": { ".": {}, "f:a": {} } }],
    ]);
  });

  it("force takes the fields: the other manager keeps the rest, or goes when nothing is left", () => {
    const live = object(
      applyObject({ applied: cm({ a: "1", b: "2" }), manager: "one", schema: configMaps, now: t(0) }),
    );
    const partial = object(
      applyObject({
        live,
        applied: cm({ a: "9" }),
        manager: "two",
        force: true,
        schema: configMaps,
        now: t(2),
      }),
    );
    expect(((partial.metadata as Obj).managedFields as Obj[]).map((e) => [e.manager, e.fieldsV1])).toEqual([
      ["one", { "f:data": { "f:b": {} } }],
      ["two", { "f:data": { "f:a": {} } }],
    ]);
    const all = object(
      applyObject({
        live,
        applied: cm({ a: "9", b: "9" }),
        manager: "two",
        force: true,
        schema: configMaps,
        now: t(2),
      }),
    );
    expect(((all.metadata as Obj).managedFields as Obj[]).map((e) => e.manager)).toEqual(["two"]);
  });

  it("an apply that sets a field to the value it has shares it, without a conflict (and without a timestamp)", () => {
    const live = object(
      applyObject({ applied: cm({ a: "1" }), manager: "one", schema: configMaps, now: t(0) }),
    );
    const r = object(
      applyObject({ live, applied: cm({ a: "1" }), manager: "two", schema: configMaps, now: t(2) }),
    );
    // The object did not change, so "two" gets no time, and an entry without a time sorts first.
    expect(((r.metadata as Obj).managedFields as Obj[]).map((e) => [e.manager, e.time, e.fieldsV1])).toEqual([
      ["two", undefined, { "f:data": { "f:a": {} } }],
      ["one", "2026-11-25T12:00:00Z", { "f:data": { "f:a": {} } }],
    ]);
  });
});

describe("kubectl taking over from client-side apply", () => {
  const LAST = "kubectl.kubernetes.io/last-applied-configuration";
  const created = (annotation: Obj) =>
    trackUpdate({
      after: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "d", namespace: "ns", annotations: { [LAST]: JSON.stringify(annotation) } },
        spec: { replicas: 2, selector: { matchLabels: { app: "d" } } },
      },
      manager: "kubectl-client-side-apply",
      schema: deployments,
      now: t(0),
    }).object;
  const config = (replicas: number) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "d", namespace: "ns" },
    spec: { replicas, selector: { matchLabels: { app: "d" } } },
  });

  it("fields the annotation recorded with their current values are kubectl's to change", () => {
    const live = created(config(2));
    const r = object(
      applyObject({ live, applied: config(5), manager: "kubectl", schema: deployments, now: t(2) }),
    );
    expect((r.spec as Obj).replicas).toBe(5);
    // The server rewrites the annotation from what kubectl applied.
    expect(((r.metadata as Obj).annotations as Obj)[LAST]).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"ns"},"spec":{"replicas":5,"selector":{"matchLabels":{"app":"d"}}}}\n',
    );
  });

  it("not when the field changed since (its value is not the recorded one), nor for another manager", () => {
    const drifted = created(config(3));
    expect(
      message(
        applyObject({
          live: drifted,
          applied: config(5),
          manager: "kubectl",
          schema: deployments,
          now: t(2),
        }),
      ),
    ).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    const live = created(config(2));
    expect(
      applyObject({ live, applied: config(5), manager: "other", schema: deployments, now: t(2) }).conflicts,
    ).toHaveLength(1);
  });
});

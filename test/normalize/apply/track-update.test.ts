/**
 * managedFields of non-apply writes (operation Update) against what a real kube-apiserver 1.28.7 recorded:
 * creates by curl, kubectl and a dry run (defaulted fields owned, admission's additions not), a custom resource
 * create, updates by PUT and patches, `kubectl label`/`annotate` taking and giving back fields, and the
 * timestamps of a no-op.
 */
import { describe, expect, it } from "vitest";
import {
  builtinObjectSchema,
  crdObjectSchema,
  fieldManagerFromUserAgent,
  keepManagedFieldsTimestamps,
  openApiObjectSchema,
  trackUpdate,
} from "../../../src/normalize/apply/index.js";
import type { OpenApiSchema } from "../../../src/normalize/apply/index.js";
import { readFixture } from "../../helpers/fixtures.js";
import { MiniServer } from "./helpers/mini-server.js";
import { masked, printed, workflow } from "./helpers/workflows.js";

type Obj = Record<string, unknown>;

const configMaps = builtinObjectSchema("v1", "ConfigMap")!;

/** A recorded response without what the server sets after tracking (identity, timestamps, generation). */
function asSent(response: Obj): Obj {
  const o = structuredClone(response);
  const meta = o.metadata as Obj;
  for (const k of ["uid", "resourceVersion", "creationTimestamp", "generation", "managedFields"])
    delete meta[k];
  return o;
}

function managedFieldsOf(o: Obj): unknown {
  return (o.metadata as Obj).managedFields;
}

const recordedTime = (o: Obj) => new Date(String(((o.metadata as Obj).managedFields as Obj[])[0]!.time));

describe("creates", () => {
  it.each([
    ["curl/12a-conflict-create", "apply/curl/12a-conflict-create.body"],
    ["curl/13a-watch-demo-create", "apply/curl/13a-watch-demo-create.body"],
    ["curl/14-cm-dryrun-create (with labels)", "apply/curl/14-cm-dryrun-create.body"],
  ])("%s: the creator owns every field it set, maps with their own entry", (_name, file) => {
    const response = JSON.parse(readFixture(file)) as Obj;
    const r = trackUpdate({
      after: asSent(response),
      manager: fieldManagerFromUserAgent("curl/8.5.0"),
      schema: configMaps,
      now: recordedTime(response),
    });
    expect(JSON.stringify(r.managedFields)).toBe(JSON.stringify(managedFieldsOf(response)));
  });

  it("a Deployment created with defaults: the creator owns the defaulted fields too, not status", () => {
    const response = JSON.parse(readFixture("realapi/admission/02-deployment-dryrun-create.body")) as Obj;
    const r = trackUpdate({
      after: asSent(response),
      manager: "kubewire-recorder",
      schema: builtinObjectSchema("apps/v1", "Deployment")!,
      now: recordedTime(response),
    });
    expect(JSON.stringify(r.managedFields)).toBe(JSON.stringify(managedFieldsOf(response)));
  });

  it("a Pod: what admission plugins add after tracking (service account volume, tolerations, priority) is nobody's", () => {
    const response = JSON.parse(readFixture("realapi/admission/01-pod-dryrun-create.body")) as Obj;
    const pod = asSent(response);
    // The object the field manager saw: decoded and defaulted, before the ServiceAccount, DefaultTolerationSeconds
    // and Priority admission plugins, and before the strategy set the status.
    const spec = pod.spec as Obj;
    for (const k of [
      "volumes",
      "serviceAccountName",
      "serviceAccount",
      "tolerations",
      "priority",
      "preemptionPolicy",
    ])
      delete spec[k];
    for (const c of spec.containers as Obj[]) delete c.volumeMounts;
    pod.status = {};
    const r = trackUpdate({
      after: pod,
      manager: "kubewire-recorder",
      schema: builtinObjectSchema("v1", "Pod")!,
      now: recordedTime(response),
    });
    expect(JSON.stringify(r.managedFields)).toBe(JSON.stringify(managedFieldsOf(response)));
  });

  it("a custom resource: its spec is a new map, with its own entry (CRD schema and served OpenAPI agree)", () => {
    const response = JSON.parse(readFixture("apply/curl/x09-widget-get.body")) as Obj;
    const crd = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      spec: {
        group: "example.com",
        names: { kind: "Widget", plural: "widgets" },
        scope: "Namespaced",
        versions: [
          {
            name: "v1",
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: "object",
                properties: {
                  spec: {
                    type: "object",
                    properties: {
                      color: { type: "string" },
                      size: { type: "integer" },
                      tags: { type: "array", items: { type: "string" } },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    };
    const served = JSON.parse(readFixture("apply/widget-openapi-v3.json")) as Record<string, OpenApiSchema>;
    for (const schema of [
      crdObjectSchema(crd, "v1"),
      openApiObjectSchema(served, "example.com/v1", "Widget"),
    ]) {
      const r = trackUpdate({
        after: asSent(response),
        manager: "kubectl-create",
        schema,
        now: recordedTime(response),
      });
      expect(r.managedFields).toEqual(managedFieldsOf(response));
    }
  });
});

describe("updates", () => {
  it("a PUT and patches by the manager that owns the field change nothing but its timestamp", () => {
    const created = JSON.parse(readFixture("apply/curl/12a-conflict-create.body")) as Obj;
    const put = JSON.parse(readFixture("apply/curl/12b-conflict-put-ok.body")) as Obj;
    const r = trackUpdate({
      before: created,
      after: { ...put, metadata: { ...(put.metadata as Obj), managedFields: managedFieldsOf(created) } },
      manager: "curl",
      schema: configMaps,
      now: recordedTime(put),
    });
    expect(r.managedFields).toEqual(managedFieldsOf(put));
    const patched = JSON.parse(readFixture("apply/curl/13d-conflict-demo-patch.body")) as Obj;
    const r2 = trackUpdate({
      before: put,
      after: patched,
      manager: "curl",
      schema: configMaps,
      now: recordedTime(patched),
    });
    expect(r2.managedFields).toEqual(managedFieldsOf(patched));
  });

  it("kubectl label and annotate take fields, give back the ones they remove, and keep the creator's", () => {
    const NS = "delete-label-annotate";
    const { expected } = workflow(NS);
    const server = new MiniServer(NS);
    server.create(
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c1" }, data: { a: "1" } },
      "kubectl-create",
    );
    const labels = (o: Obj) => ((o.metadata as Obj).labels ??= {}) as Obj;
    const annotations = (o: Obj) => ((o.metadata as Obj).annotations ??= {}) as Obj;
    server.update("ConfigMap", "c1", "kubectl-label", (o) => void (labels(o).tier = "web"));
    server.update("ConfigMap", "c1", "kubectl-label", (o) => void (labels(o).tier = "db"));
    // `tier-` leaves an empty map, which the typed object drops.
    server.update("ConfigMap", "c1", "kubectl-label", (o) => void delete (o.metadata as Obj).labels);
    server.settle(1.1);
    server.update("ConfigMap", "c1", "kubectl-annotate", (o) => void (annotations(o).note = "first"));
    server.update("ConfigMap", "c1", "kubectl-annotate", (o) => void (annotations(o).note = "second"));
    expect(masked(server.get("ConfigMap", "c1")!)).toEqual(printed(expected[9]!.stdout!));
  });

  it("another manager's change takes the field from its owner; a removal takes it from everyone", () => {
    const server = new MiniServer("ns");
    server.create(
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1", b: "2" } },
      "creator",
    );
    server.settle(2);
    server.update("ConfigMap", "c", "editor", (o) => {
      (o.data as Obj).a = "9";
      delete (o.data as Obj).b;
    });
    const entries = managedFieldsOf(server.get("ConfigMap", "c")!) as Obj[];
    expect(entries.map((e) => [e.manager, e.fieldsV1])).toEqual([
      // The map itself stays the creator's: a member without children is written as `{}`.
      ["creator", { "f:data": {} }],
      ["editor", { "f:data": { "f:a": {} } }],
    ]);
  });

  it("managedFields sent with the object replace the stored ones, `[]` resets them, and an untracked object stays untracked", () => {
    const created = JSON.parse(readFixture("apply/curl/12a-conflict-create.body")) as Obj;
    const now = new Date("2026-11-25T20:00:00Z");
    const mine = [
      {
        manager: "me",
        operation: "Update",
        apiVersion: "v1",
        fieldsType: "FieldsV1",
        fieldsV1: { "f:data": { "f:step": {} } },
      },
    ];
    const withMine = trackUpdate({
      before: created,
      after: { ...created, metadata: { ...(created.metadata as Obj), managedFields: mine } },
      manager: "curl",
      schema: configMaps,
      now,
    });
    expect(withMine.managedFields).toEqual(mine);
    const reset = trackUpdate({
      before: created,
      after: { ...created, metadata: { ...(created.metadata as Obj), managedFields: [] } },
      manager: "curl",
      schema: configMaps,
      now,
    });
    expect(reset.managedFields).toBeUndefined();
    expect((reset.object.metadata as Obj).managedFields).toBeUndefined();
    const later = trackUpdate({
      before: reset.object,
      after: { ...reset.object, data: { step: "9" } },
      manager: "curl",
      schema: configMaps,
      now,
    });
    expect(later.managedFields).toBeUndefined();
  });

  it("an object that does not fit the schema is left untracked (the real server's UpdateNoErrors)", () => {
    const created = JSON.parse(readFixture("apply/curl/12a-conflict-create.body")) as Obj;
    const r = trackUpdate({
      before: created,
      after: { ...created, bogus: 1 },
      manager: "curl",
      schema: configMaps,
      now: new Date("2026-11-25T20:00:00Z"),
    });
    expect(r.managedFields).toBeUndefined();
    expect((r.object.metadata as Obj).managedFields).toBeUndefined();
  });

  it("invalid managedFields in a request fall back to the stored ones", () => {
    const created = JSON.parse(readFixture("apply/curl/12a-conflict-create.body")) as Obj;
    const bad = [
      { manager: "me", operation: "Sideways", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: {} },
    ];
    const r = trackUpdate({
      before: created,
      after: { ...created, metadata: { ...(created.metadata as Obj), managedFields: bad } },
      manager: "curl",
      schema: configMaps,
      now: new Date("2026-11-25T20:00:00Z"),
    });
    expect(r.managedFields).toEqual(managedFieldsOf(created));
  });

  it("a write that changes only managedFields timestamps keeps the stored timestamps (and so the resourceVersion)", () => {
    const created = JSON.parse(readFixture("apply/curl/12a-conflict-create.body")) as Obj;
    const entries = managedFieldsOf(created) as Obj[];
    const retimed = {
      ...created,
      metadata: {
        ...(created.metadata as Obj),
        managedFields: [{ ...entries[0], time: "2030-01-01T00:00:00Z" }],
      },
    };
    expect(keepManagedFieldsTimestamps(created, retimed)).toEqual(created);
    const changed = { ...retimed, data: { step: "2" } };
    expect(keepManagedFieldsTimestamps(created, changed)).toEqual(changed);
  });
});

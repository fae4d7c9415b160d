/**
 * Each kind of list and map, as the schemas from the real server's OpenAPI (built-in kinds) and from a CRD's
 * structural schema describe them: granular and atomic maps, sets, lists keyed by one or several fields (a
 * missing key field taking its default), atomic lists, unknown fields kept by `x-kubernetes-preserve-unknown-fields`,
 * int-or-string, embedded resources. For each: the merged object, the FieldsV1 the apply records (in the server's
 * key order), and who conflicts with whom.
 */
import { describe, expect, it } from "vitest";
import { applyObject, builtinObjectSchema, crdObjectSchema } from "../../../src/normalize/apply/index.js";
import type { ApplyResult, ObjectSchema } from "../../../src/normalize/apply/index.js";

type Obj = Record<string, unknown>;

const t0 = new Date("2026-11-25T12:00:00Z");

function ok(r: ApplyResult): Extract<ApplyResult, { object: unknown }> {
  if (r.conflicts) throw new Error(`unexpected conflicts: ${r.status.message}`);
  return r;
}

/** Applies configurations in turn (manager, body, force); returns the last result. */
function applyAll(schema: ObjectSchema, steps: [string, Obj, boolean?][]): ApplyResult {
  let live: Obj | undefined;
  let last: ApplyResult | undefined;
  steps.forEach(([manager, body, force], i) => {
    last = applyObject({
      live,
      applied: body,
      manager,
      force: force ?? false,
      schema,
      now: new Date(t0.getTime() + i * 2000),
    });
    if (!last.conflicts) live = last.object;
  });
  return last!;
}

function fieldsOf(r: ApplyResult, manager: string): unknown {
  const entries = ok(r).managedFields ?? [];
  return entries.find((e) => e.manager === manager)?.fieldsV1;
}

const pods = builtinObjectSchema("v1", "Pod")!;
const pod = (spec: Obj, metadata: Obj = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", ...metadata },
  spec,
});

describe("built-in kinds (schemas from the real server's OpenAPI v3)", () => {
  it("a list keyed by two fields, one defaulted: ports without protocol are keyed TCP, in numeric order", () => {
    const r = ok(
      applyAll(pods, [
        [
          "m",
          pod({
            containers: [
              {
                name: "app",
                image: "x",
                ports: [
                  { containerPort: 443 },
                  { containerPort: 80, protocol: "UDP" },
                  { containerPort: 80 },
                ],
              },
            ],
          }),
        ],
      ]),
    );
    expect(JSON.stringify(fieldsOf(r, "m"))).toBe(
      JSON.stringify({
        "f:spec": {
          "f:containers": {
            'k:{"name":"app"}': {
              ".": {},
              "f:image": {},
              "f:name": {},
              "f:ports": {
                'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} },
                'k:{"containerPort":80,"protocol":"UDP"}': {
                  ".": {},
                  "f:containerPort": {},
                  "f:protocol": {},
                },
                'k:{"containerPort":443,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} },
              },
            },
          },
        },
      }),
    );
  });

  it("a set of scalars (finalizers): each applier owns its values, and removing one keeps the other's", () => {
    const withFinalizers = (f: string[]) => pod({ containers: [{ name: "app" }] }, { finalizers: f });
    const r = ok(
      applyAll(pods, [
        ["a", withFinalizers(["x/one", "x/two"])],
        ["b", { ...withFinalizers(["x/two", "x/three"]), spec: undefined }],
        ["a", withFinalizers(["x/one"])],
      ]),
    );
    expect((r.object.metadata as Obj).finalizers).toEqual(["x/one", "x/two", "x/three"]);
    expect(fieldsOf(r, "b")).toEqual({
      "f:metadata": { "f:finalizers": { 'v:"x/three"': {}, 'v:"x/two"': {} } },
    });
  });

  it("a keyed list: a change takes the applied order for the items it names, others stay where they were", () => {
    const env = (vars: string[], value = "1") =>
      pod({ containers: [{ name: "app", env: vars.map((n) => ({ name: n, value })) }] });
    const names = (r: ApplyResult) =>
      ((ok(r).object.spec as Obj).containers as { env: { name: string }[] }[])[0]!.env.map((e) => e.name);
    expect(
      names(
        applyAll(pods, [
          ["a", env(["A", "B"])],
          ["b", env(["C"])],
          ["a", env(["B", "A"], "2")],
        ]),
      ),
    ).toEqual(["B", "C", "A"]);
    // Items compare by key: a new order alone is no change, and the object stays as it was.
    const reordered = ok(
      applyAll(pods, [
        ["a", env(["A", "B"])],
        ["b", env(["C"])],
        ["a", env(["B", "A"])],
      ]),
    );
    expect(names(reordered)).toEqual(["A", "B", "C"]);
    expect(reordered.changed).toBe(false);
  });

  it("an atomic list (args) is one field: a second applier with other values conflicts on it", () => {
    const args = (a: string[]) => pod({ containers: [{ name: "app", args: a }] });
    const r = applyAll(pods, [
      ["a", args(["--x"])],
      ["b", args(["--y"])],
    ]);
    expect(r.conflicts?.map((c) => c.field)).toEqual(['.spec.containers[name="app"].args']);
    const shared = ok(
      applyAll(pods, [
        ["a", args(["--x"])],
        ["b", args(["--x"])],
      ]),
    );
    expect(fieldsOf(shared, "b")).toEqual({
      "f:spec": { "f:containers": { 'k:{"name":"app"}': { ".": {}, "f:args": {}, "f:name": {} } } },
    });
  });

  it("an atomic map (x-kubernetes-map-type: atomic: nodeSelector, a Deployment's selector) is one field", () => {
    const r = ok(
      applyAll(pods, [["m", pod({ containers: [{ name: "app" }], nodeSelector: { zone: "a" } })]]),
    );
    expect((fieldsOf(r, "m") as { "f:spec": Obj })["f:spec"]["f:nodeSelector"]).toEqual({});
    const deployments = builtinObjectSchema("apps/v1", "Deployment")!;
    const d = (labels: Obj) => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d" },
      spec: { selector: { matchLabels: labels } },
    });
    const conflict = applyAll(deployments, [
      ["a", d({ app: "x" })],
      ["b", d({ app: "x", tier: "y" })],
    ]);
    expect(conflict.conflicts?.map((c) => c.field)).toEqual([".spec.selector"]);
  });

  it("a granular map (labels): keys owned one by one, a dropped key pruned, another manager's kept", () => {
    const labels = (l: Obj) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", labels: l } });
    const configMaps = builtinObjectSchema("v1", "ConfigMap")!;
    const r = ok(
      applyAll(configMaps, [
        ["a", labels({ one: "1", two: "2" })],
        ["b", labels({ three: "3" })],
        ["a", labels({ one: "1" })],
      ]),
    );
    expect((r.object.metadata as Obj).labels).toEqual({ one: "1", three: "3" });
    expect(fieldsOf(r, "a")).toEqual({ "f:metadata": { "f:labels": { "f:one": {} } } });
  });

  it("a struct emptied by the prune is left out of the object (the server's typed object drops it)", () => {
    const r = ok(
      applyAll(pods, [
        ["m", pod({ containers: [{ name: "app", env: [{ name: "A", value: "1" }] }] })],
        ["m", pod({ containers: [{ name: "app" }] })],
      ]),
    );
    expect((r.object.spec as { containers: Obj[] }).containers[0]).toEqual({ name: "app" });
  });
});

const crd = (schema: Obj, extra: Obj = {}, status?: Obj) => ({
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  spec: {
    group: "fidelity.example.com",
    names: { kind: "Gadget", plural: "gadgets" },
    scope: "Namespaced",
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: { type: "object", properties: { spec: schema, ...(status ? { status } : {}) } },
        },
        ...extra,
      },
    ],
  },
});
const gadget = (spec: Obj) => ({
  apiVersion: "fidelity.example.com/v1",
  kind: "Gadget",
  metadata: { name: "g" },
  spec,
});

describe("custom resources (schemas from a CRD's openAPIV3Schema)", () => {
  const schema = crdObjectSchema(
    crd({
      type: "object",
      properties: {
        parts: {
          type: "array",
          "x-kubernetes-list-type": "map",
          "x-kubernetes-list-map-keys": ["kind", "id"],
          items: {
            type: "object",
            properties: { kind: { type: "string" }, id: { type: "integer" }, size: { type: "integer" } },
          },
        },
        tags: { type: "array", "x-kubernetes-list-type": "set", items: { type: "string" } },
        plain: { type: "array", items: { type: "string" } },
        limits: {
          type: "object",
          "x-kubernetes-map-type": "atomic",
          additionalProperties: { type: "string" },
        },
        options: { type: "object", additionalProperties: { type: "string" } },
        extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        port: { "x-kubernetes-int-or-string": true },
        template: {
          type: "object",
          "x-kubernetes-embedded-resource": true,
          properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
        },
      },
    }),
    "v1",
  );

  it("list-type map with two keys, set, atomic (the default), map-type atomic, granular maps, unknown fields kept", () => {
    const r = ok(
      applyAll(schema, [
        [
          "m",
          gadget({
            parts: [{ kind: "wheel", id: 1, size: 3 }],
            tags: ["b", "a"],
            plain: ["x"],
            limits: { cpu: "1" },
            options: { o: "1" },
            extra: { anything: { nested: [1, 2] } },
            port: "http",
            template: { metadata: { labels: { l: "1" } }, spec: { whatever: true } },
          }),
        ],
      ]),
    );
    expect(JSON.stringify(fieldsOf(r, "m"))).toBe(
      JSON.stringify({
        // Declared fields holding values are not members themselves; undeclared keys are.
        "f:spec": {
          "f:extra": { "f:anything": { ".": {}, "f:nested": {} } },
          "f:limits": {},
          "f:options": { "f:o": {} },
          "f:parts": { 'k:{"id":1,"kind":"wheel"}': { ".": {}, "f:id": {}, "f:kind": {}, "f:size": {} } },
          "f:plain": {},
          "f:port": {},
          "f:tags": { 'v:"a"': {}, 'v:"b"': {} },
          "f:template": { "f:metadata": { "f:labels": { "f:l": {} } }, "f:spec": { "f:whatever": {} } },
        },
      }),
    );
  });

  it("an embedded resource's metadata is ObjectMeta: an unknown field in it is refused", () => {
    expect(() => applyAll(schema, [["m", gadget({ template: { metadata: { bogus: 1 } } })]])).toThrow(
      "failed to create typed patch object (/g; fidelity.example.com/v1, Kind=Gadget): .spec.template.metadata.bogus: field not declared in schema",
    );
  });

  it("int-or-string takes both", () => {
    const r = ok(
      applyAll(schema, [
        ["a", gadget({ port: 80 })],
        ["a", gadget({ port: "http" })],
      ]),
    );
    expect((r.object.spec as Obj).port).toBe("http");
  });

  it("with a status subresource, status is nobody's on the main resource (and spec nobody's on /status)", () => {
    const spec = { type: "object", properties: { a: { type: "string" } } };
    const status = { type: "object", properties: { ready: { type: "boolean" } } };
    const withStatus = crdObjectSchema(crd(spec, { subresources: { status: {} } }, status), "v1");
    const body = { ...gadget({ a: "x" }), status: { ready: true } };
    const r = ok(applyAll(withStatus, [["m", body]]));
    expect(fieldsOf(r, "m")).toEqual({ "f:spec": { "f:a": {} } });
    const onStatus = ok(
      applyObject({ applied: body, manager: "m", schema: withStatus, now: t0, subresource: "status" }),
    );
    expect(onStatus.managedFields).toEqual([
      {
        manager: "m",
        operation: "Apply",
        apiVersion: "fidelity.example.com/v1",
        time: "2026-11-25T12:00:00Z",
        fieldsType: "FieldsV1",
        fieldsV1: { "f:status": { "f:ready": {} } },
        subresource: "status",
      },
    ]);
    const without = ok(applyAll(crdObjectSchema(crd(spec, {}, status), "v1"), [["m", body]]));
    expect(fieldsOf(without, "m")).toEqual({ "f:spec": { "f:a": {} }, "f:status": { "f:ready": {} } });
    expect(withStatus.resetFields).toEqual({ "": [[{ field: "status" }]], status: [[{ field: "spec" }]] });
  });

  it("a version without a schema merges maps granularly and lists atomically", () => {
    const noSchema = crdObjectSchema(
      {
        spec: {
          group: "fidelity.example.com",
          names: { kind: "Gadget" },
          versions: [{ name: "v1", served: true }],
        },
      },
      "v1",
    );
    const r = ok(applyAll(noSchema, [["m", gadget({ a: { b: 1 }, l: [1, 2] })]]));
    expect(fieldsOf(r, "m")).toEqual({ "f:spec": { ".": {}, "f:a": { ".": {}, "f:b": {} }, "f:l": {} } });
  });
});

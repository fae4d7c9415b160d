import fc from "fast-check";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createOpenApiValidator,
  OpenApiDocumentError,
  readOpenApiDocument,
} from "../../../src/diff/index.js";
import { normalizeList } from "../../../src/index.js";
import type { OpenApiValidator } from "../../../src/diff/index.js";
import { fixturePath, readFixture } from "../../helpers/fixtures.js";

let coreV1: unknown;
let validator: OpenApiValidator;

beforeAll(async () => {
  coreV1 = await readOpenApiDocument(fixturePath("realapi/curl/16-openapi-v3-api-v1.body"));
  validator = createOpenApiValidator(coreV1);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("createOpenApiValidator on the real /openapi/v3/api/v1 document", () => {
  it("accepts what the real API server returned", () => {
    for (const file of ["01-pod-dryrun-create", "03-pod-create-mutated", "06-pod-warn-restricted"]) {
      const pod = JSON.parse(readFixture(`realapi/admission/${file}.body`)) as unknown;
      expect(validator.validate(pod)).toEqual({ valid: true, issues: [], schema: "io.k8s.api.core.v1.Pod" });
    }
    const list = normalizeList(JSON.parse(readFixture("realapi/curl/07-secret-list.body")));
    for (const secret of list.items) expect(validator.validate(secret).valid).toBe(true);
  });

  it("catches an object built from a list item that lacks kind and apiVersion", () => {
    const raw = JSON.parse(readFixture("realapi/curl/03b-cm-list-kubectl-ua.body")) as { items: unknown[] };
    const result = validator.validate(raw.items[0]);
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => [i.path, i.rule, i.valueType])).toEqual([
      [".apiVersion", "type-meta", "absent"],
      [".kind", "type-meta", "absent"],
    ]);
    // Told which type it is meant to be, the schema checks the rest too; the missing type stays an issue.
    expect(
      validator.validate(raw.items[0], { apiVersion: "v1", kind: "ConfigMap" }).issues.map((i) => i.rule),
    ).toEqual(["type-meta", "type-meta"]);
    expect(validator.validate(normalizeList(raw).items[0]).valid).toBe(true);
  });

  it("names the path, the rule and the value's type: types, enums, required fields, unknown fields, int-or-string", () => {
    const issues = validator.validate({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", labels: { a: 1 } },
      spec: {
        restartPolicy: "Sometimes",
        containers: [{ image: 5, ports: [{ containerPort: "80" }], typo: true }],
      },
    }).issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: ".metadata.labels.a", rule: "type", message: "must be string", valueType: "integer" },
        {
          path: ".spec.restartPolicy",
          rule: "enum",
          message: "must be one of: Always, Never, OnFailure",
          valueType: "string",
        },
        {
          path: ".spec.containers[0].name",
          rule: "required",
          message: "required field is missing",
          valueType: "absent",
        },
        { path: ".spec.containers[0].image", rule: "type", message: "must be string", valueType: "integer" },
        {
          path: ".spec.containers[0].ports[0].containerPort",
          rule: "type",
          message: "must be integer",
          valueType: "string",
        },
        {
          path: ".spec.containers[0].typo",
          rule: "unknown-field",
          message: 'unknown field "typo"',
          valueType: "boolean",
        },
      ]),
    );
    expect(issues).toHaveLength(6);
    const service = validator.validate({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "s" },
      spec: {
        ports: [
          { port: 80, targetPort: "http" },
          { port: 81, targetPort: 8081 },
          { port: 82, targetPort: false },
        ],
      },
    });
    expect(service.issues).toEqual([
      {
        path: ".spec.ports[2].targetPort",
        rule: "oneOf",
        message: "must be integer or string",
        valueType: "boolean",
      },
    ]);
    // int32 range, and quantities as strings or numbers.
    const ranged = validator.validate({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: {
        containers: [
          {
            name: "c",
            ports: [{ containerPort: 2 ** 31 }],
            resources: { limits: { cpu: 1, memory: "1Gi" } },
          },
        ],
      },
    });
    expect(ranged.issues.map((i) => [i.path, i.rule])).toEqual([
      [".spec.containers[0].ports[0].containerPort", "format"],
    ]);
  });

  it("ignores unknown fields when asked, and says when no document has the kind", () => {
    const lenient = createOpenApiValidator(coreV1, { unknownFields: "ignore" });
    expect(
      lenient.validate({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, extra: 1 }).valid,
    ).toBe(true);
    expect(
      validator.validate({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" } }).issues,
    ).toEqual([
      {
        path: ".",
        rule: "no-schema",
        message: "no schema for apps/v1 Deployment in the OpenAPI documents given",
        valueType: "object",
      },
    ]);
  });

  it("never puts a value in an issue, so Secret data cannot leak", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 8 }),
          fc.oneof(fc.string({ minLength: 8 }), fc.integer(), fc.boolean()),
        ),
        fc.string({ minLength: 8 }),
        (data, stray) => {
          const secret = {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "s" },
            data,
            stringData: { k: stray },
            type: 7,
          };
          const text = JSON.stringify(validator.validate(secret));
          for (const v of [...Object.values(data), stray])
            if (typeof v === "string") expect(text.includes(JSON.stringify(v))).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("validating 10,000 objects compiles each kind's schema once, and nothing during validation", () => {
    const fresh = createOpenApiValidator(coreV1);
    const objects = Array.from({ length: 10_000 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: `cm-${i}` },
            data: { k: String(i) },
          };
        case 1:
          return {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: `s-${i}` },
            data: { k: "dg==" },
            type: "Opaque",
          };
        case 2:
          return {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: `p-${i}` },
            spec: { containers: [{ name: "c", image: "nginx" }] },
          };
        default:
          return {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: `svc-${i}` },
            spec: { ports: [{ port: i % 65535 || 1 }] },
          };
      }
    });
    // Warm up: one object of each kind compiles its schema.
    for (const o of objects.slice(0, 4)) expect(fresh.validate(o).valid).toBe(true);
    expect(fresh.compilations).toBe(4);
    // ajv generates each validator with `new Function`: none may be generated from here on.
    const generated = vi.spyOn(globalThis, "Function");
    const results = objects.map((o) => fresh.validate(o));
    expect(results.every((r) => r.valid)).toBe(true);
    expect(fresh.compilations).toBe(4);
    expect(generated).not.toHaveBeenCalled();
    // The spy does see a compilation: a kind not seen yet.
    expect(fresh.validate({ apiVersion: "v1", kind: "Namespace", metadata: { name: "n" } }).valid).toBe(true);
    expect(fresh.compilations).toBe(5);
    expect(generated).toHaveBeenCalled();
  });
});

describe("Kubernetes extensions in a CRD's schema", () => {
  const doc = {
    openapi: "3.0.0",
    components: {
      schemas: {
        "com.example.v1.Widget": {
          type: "object",
          "x-kubernetes-group-version-kind": [{ group: "example.com", version: "v1", kind: "Widget" }],
          properties: {
            apiVersion: { type: "string" },
            kind: { type: "string" },
            metadata: { type: "object" },
            spec: {
              type: "object",
              required: ["size"],
              properties: {
                size: { "x-kubernetes-int-or-string": true },
                note: { type: "string", nullable: true },
                free: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                embedded: {
                  type: "object",
                  "x-kubernetes-embedded-resource": true,
                  "x-kubernetes-preserve-unknown-fields": true,
                },
                ref: { $ref: "#/components/schemas/com.example.v1.Ref" },
              },
            },
          },
        },
        "com.example.v1.Ref": { type: "object", properties: { name: { type: "string" } } },
      },
    },
  };
  const widgets = createOpenApiValidator(doc);
  const widget = (spec: object) => ({
    apiVersion: "example.com/v1",
    kind: "Widget",
    metadata: { name: "w" },
    spec,
  });

  it("int-or-string, nullable, preserve-unknown-fields, embedded resources and $ref", () => {
    expect(
      widgets.validate(widget({ size: 3, note: null, free: { any: { thing: 1 } }, ref: { name: "x" } }))
        .valid,
    ).toBe(true);
    expect(widgets.validate(widget({ size: "3Gi" })).valid).toBe(true);
    expect(
      widgets.validate(widget({ size: [3], embedded: { metadata: {} }, ref: { name: 1, other: 2 } })).issues,
    ).toEqual([
      { path: ".spec.size", rule: "type", message: "must be integer or string", valueType: "array" },
      {
        path: ".spec.embedded.apiVersion",
        rule: "required",
        message: "required field is missing",
        valueType: "absent",
      },
      {
        path: ".spec.embedded.kind",
        rule: "required",
        message: "required field is missing",
        valueType: "absent",
      },
      {
        path: ".spec.ref.other",
        rule: "unknown-field",
        message: 'unknown field "other"',
        valueType: "integer",
      },
      { path: ".spec.ref.name", rule: "type", message: "must be string", valueType: "integer" },
    ]);
    expect(widgets.kinds()).toEqual([{ apiVersion: "example.com/v1", kind: "Widget" }]);
  });

  it("refuses a document without schemas", () => {
    expect(() => createOpenApiValidator({ openapi: "3.0.0", paths: {} })).toThrow(OpenApiDocumentError);
  });
});

describe("validate without copying", () => {
  const object = () => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "x", generation: 12345678901234567890n, labels: { a: "b" } },
    data: { a: "1", b: 2 },
  });

  it("leaves its argument as it was and answers as for a plain copy, bigints read as numbers", () => {
    const given = object();
    const result = validator.validate(given);
    expect(given).toEqual(object());
    const plain = { ...object(), metadata: { ...object().metadata, generation: 12345678901234567890 } };
    expect(result).toEqual(validator.validate(plain));
    expect(result.issues.map((i) => i.path)).toEqual([".data.b"]);
  });

  it("answers the same for an object with a __proto__ key or a non-plain prototype as it did by copying", () => {
    const withProto = JSON.parse(
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"__proto__":"v"}}',
    ) as object;
    expect(validator.validate(withProto).valid).toBe(true);
    class Holder {
      constructor(readonly data: Record<string, string>) {}
    }
    const odd = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "x" },
      data: new Holder({ a: "b" }),
    };
    expect(validator.validate(odd)).toEqual(
      validator.validate({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "x" },
        data: { data: { a: "b" } },
      }),
    );
  });
});

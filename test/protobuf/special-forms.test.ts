import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  decodeKubernetesProtobuf,
  decodeWatchEventFrame,
  encodeKubernetesProtobuf,
  encodeWatchEventFrame,
  ProtobufEncodeError,
  ProtobufUnknownTypeError,
} from "../../src/protobuf/index.js";
import { formatGoDuration, parseGoDuration } from "../../src/protobuf/go-duration.js";
import { canonicalQuantity } from "../../src/protobuf/quantity.js";
import { fixturePath } from "../helpers/fixtures.js";

type Obj = Record<string, unknown>;
const roundTrip = (object: Obj) => decodeKubernetesProtobuf(encodeKubernetesProtobuf(object)).object as Obj;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("metav1.Time and MicroTime", () => {
  const pod = (metadata: Obj) => ({ apiVersion: "v1", kind: "Pod", metadata });

  it("writes seconds and zero nanos, as the real server's bytes for 2026-11-25T19:23:21Z", () => {
    // fixtures/kubectl-protobuf/server-get-configmap.bin holds creationTimestamp as 42 08 | 08 a9eb9cd806 | 10 00.
    const bytes = encodeKubernetesProtobuf(pod({ name: "p", creationTimestamp: "2026-11-25T19:23:21Z" }));
    expect(hex(bytes)).toContain("420808a9eb9cd8061000");
    expect(hex(readFileSync(fixturePath("kubectl-protobuf/server-get-configmap.bin")))).toContain(
      "420808a9eb9cd8061000",
    );
  });

  it("reads RFC 3339 as Go does: offsets to UTC, fractions dropped, null as the zero time", () => {
    expect(
      (roundTrip(pod({ creationTimestamp: "2026-11-25T21:23:21+02:00" })).metadata as Obj).creationTimestamp,
    ).toBe("2026-11-25T19:23:21Z");
    expect(
      (roundTrip(pod({ creationTimestamp: "2026-11-25T19:23:21.999Z" })).metadata as Obj).creationTimestamp,
    ).toBe("2026-11-25T19:23:21Z");
    expect(
      (roundTrip(pod({ creationTimestamp: "1969-12-31T23:59:59Z" })).metadata as Obj).creationTimestamp,
    ).toBe("1969-12-31T23:59:59Z");
    expect(
      (roundTrip(pod({ creationTimestamp: "1970-01-01T00:00:00Z" })).metadata as Obj).creationTimestamp,
    ).toBe("1970-01-01T00:00:00Z");
    // The zero time is no bytes (42 00), and JSON null; a pointer time that is unset is no field at all.
    expect(hex(encodeKubernetesProtobuf(pod({ name: "p" })))).toContain("4200");
    expect(roundTrip(pod({ creationTimestamp: null })).metadata).toEqual({ creationTimestamp: null });
    expect(roundTrip(pod({ deletionTimestamp: "2026-01-01T00:00:00Z" })).metadata).toEqual({
      creationTimestamp: null,
      deletionTimestamp: "2026-01-01T00:00:00Z",
    });
  });

  it("refuses what Go's time.Parse refuses, saying where", () => {
    for (const bad of [
      "2026-13-01T00:00:00Z",
      "2026-02-30T00:00:00Z",
      "2026-01-01 00:00:00Z",
      "",
      "yesterday",
    ]) {
      const error = catchError(() => encodeKubernetesProtobuf(pod({ creationTimestamp: bad })));
      expect(error).toBeInstanceOf(ProtobufEncodeError);
      expect((error as ProtobufEncodeError).path).toBe("metadata.creationTimestamp");
    }
    expect(() => encodeKubernetesProtobuf(pod({ creationTimestamp: 1 }))).toThrow(ProtobufEncodeError);
  });

  it("keeps microseconds for MicroTime, which needs exactly six fractional digits", () => {
    const event = (eventTime: unknown) => ({
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: { name: "e" },
      eventTime,
    });
    expect(roundTrip(event("2026-11-25T19:23:21.123456Z")).eventTime).toBe("2026-11-25T19:23:21.123456Z");
    expect(roundTrip(event("2026-11-25T21:23:21.000001+02:00")).eventTime).toBe(
      "2026-11-25T19:23:21.000001Z",
    );
    expect(() => encodeKubernetesProtobuf(event("2026-11-25T19:23:21.123Z"))).toThrow(ProtobufEncodeError);
    expect(() => encodeKubernetesProtobuf(event("2026-11-25T19:23:21Z"))).toThrow(ProtobufEncodeError);
  });
});

describe("metav1.Duration", () => {
  it("writes Go's time.Duration.String()", () => {
    // Go's own examples (time.Duration.String tests).
    const cases: [bigint, string][] = [
      [0n, "0s"],
      [1n, "1ns"],
      [1100n, "1.1µs"],
      [2_200_000n, "2.2ms"],
      [3_300_000_000n, "3.3s"],
      [245_000_000_000n, "4m5s"],
      [245_001_000_000n, "4m5.001s"],
      [18_367_001_000_000n, "5h6m7.001s"],
      [480_000_000_001n, "8m0.000000001s"],
      [2n ** 63n - 1n, "2562047h47m16.854775807s"],
      [-(2n ** 63n), "-2562047h47m16.854775808s"],
    ];
    for (const [ns, text] of cases) {
      expect(formatGoDuration(ns)).toBe(text);
      expect(parseGoDuration(text)).toBe(ns);
    }
  });

  it("reads what time.ParseDuration reads", () => {
    expect(parseGoDuration("1.5h")).toBe(5_400_000_000_000n);
    expect(parseGoDuration("1h30m")).toBe(5_400_000_000_000n);
    expect(parseGoDuration("+5s")).toBe(5_000_000_000n);
    expect(parseGoDuration("-1.5s")).toBe(-1_500_000_000n);
    expect(parseGoDuration("1μs")).toBe(1000n); // U+03BC as well as U+00B5
    expect(parseGoDuration("1.s")).toBe(1_000_000_000n);
    expect(parseGoDuration("0")).toBe(0n);
    for (const bad of ["", "1", ".s", "1x", "9223372036854775808ns", "-", "1h-1m"])
      expect(parseGoDuration(bad)).toBeUndefined();
  });

  it("carries a metrics window through protobuf", () => {
    const metrics = {
      apiVersion: "metrics.k8s.io/v1beta1",
      kind: "PodMetrics",
      metadata: { name: "m", creationTimestamp: null },
      timestamp: "2026-11-25T19:23:21Z",
      window: "1m30.5s",
      containers: null,
    };
    expect(roundTrip(metrics)).toEqual(metrics);
    expect(() => encodeKubernetesProtobuf({ ...metrics, window: "90" })).toThrow(ProtobufEncodeError);
  });
});

describe("resource.Quantity", () => {
  const quantities = JSON.parse(
    readFileSync(fixturePath("protobuf/quantities-kubectl-1.31.json"), "utf8"),
  ) as Record<string, string | null>;

  it("is written back in Go's canonical form (values captured from real kubectl)", () => {
    const entries = Object.entries(quantities);
    expect(entries.length).toBeGreaterThan(80);
    for (const [written, go] of entries)
      expect([written, canonicalQuantity(written)]).toEqual([written, go ?? undefined]);
  });

  it("is canonical on the way in and out of protobuf, and refused when Go refuses it", () => {
    const quota = (hard: Obj) => ({
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: { name: "q" },
      spec: { hard },
    });
    const valid = Object.entries(quantities).filter((e): e is [string, string] => e[1] !== null);
    const decoded = roundTrip(quota(Object.fromEntries(valid.map(([q], i) => [`r${i}`, q])))) as {
      spec: { hard: Record<string, string> };
    };
    valid.forEach(([, go], i) => expect(decoded.spec.hard[`r${i}`]).toBe(go));
    // A JSON number is a quantity too (Go parses its text).
    expect((roundTrip(quota({ cpu: 0.5 })) as { spec: { hard: Obj } }).spec.hard.cpu).toBe("500m");
    const error = catchError(() => encodeKubernetesProtobuf(quota({ cpu: "lots" })));
    expect(error).toBeInstanceOf(ProtobufEncodeError);
    expect((error as ProtobufEncodeError).path).toBe("spec.hard.cpu");
  });
});

describe("IntOrString, bytes and int64", () => {
  it("writes IntOrString's three fields always, and reads a number or a string back", () => {
    const service = (targetPort: unknown) => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "s" },
      spec: { ports: [{ port: 80, targetPort }] },
    });
    const port = (o: Obj) => ((o.spec as Obj).ports as Obj[])[0]!.targetPort;
    expect(port(roundTrip(service(8080)))).toBe(8080);
    expect(port(roundTrip(service("http")))).toBe("http");
    // Not set: the zero IntOrString, which Go writes as 0 (a struct is never omitted).
    expect(port(roundTrip(service(undefined)))).toBe(0);
    expect(hex(encodeKubernetesProtobuf(service(8080)))).toContain("2207080010903f1a00");
    expect(() => encodeKubernetesProtobuf(service(2 ** 31))).toThrow(ProtobufEncodeError);
    expect(() => encodeKubernetesProtobuf(service(1.5))).toThrow(ProtobufEncodeError);
  });

  it("keeps bytes as base64 and int64 beyond 2^53 exact", () => {
    const secret = {
      kind: "Secret",
      apiVersion: "v1",
      metadata: {
        name: "s",
        generation: 2n ** 62n + 1n,
        deletionGracePeriodSeconds: -1,
        creationTimestamp: null,
      },
      data: { a: "AAECAwT/", empty: "" },
      type: "Opaque",
    };
    expect(roundTrip(secret)).toEqual(secret);
    const big = roundTrip({ ...secret, metadata: { generation: 9007199254740993n } }).metadata as Obj;
    expect(big.generation).toBe(9007199254740993n);
    expect(() => encodeKubernetesProtobuf({ ...secret, metadata: { generation: 2n ** 63n } })).toThrow(
      ProtobufEncodeError,
    );
    expect(() => encodeKubernetesProtobuf({ ...secret, data: { a: "not base64!" } })).toThrow(
      ProtobufEncodeError,
    );
  });
});

describe("raw JSON fields and embedded objects", () => {
  it("stores a RawExtension as Go's compact JSON text and reads it back as JSON", () => {
    const revision = {
      kind: "ControllerRevision",
      apiVersion: "apps/v1",
      metadata: { name: "r", creationTimestamp: null },
      data: { spec: { template: { $patch: "replace", note: "<a & b>" } } },
      revision: 3,
    };
    const bytes = encodeKubernetesProtobuf(revision);
    expect(Buffer.from(bytes).toString("latin1")).toContain(
      '{"spec":{"template":{"$patch":"replace","note":"\\u003ca \\u0026 b\\u003e"}}}',
    );
    expect(roundTrip(revision)).toEqual(revision);
  });

  it("embeds a watch event's object as its own protobuf body, as the API server does, and reads JSON ones too", () => {
    const object = { kind: "ConfigMap", apiVersion: "v1", metadata: { name: "c", creationTimestamp: null } };
    const frame = encodeWatchEventFrame({ type: "ADDED", object });
    expect(Buffer.from(frame).readUInt32BE(0)).toBe(frame.length - 4);
    expect(Buffer.from(frame).includes(Buffer.from("k8s\0"))).toBe(true);
    expect(decodeWatchEventFrame(frame.subarray(4))).toEqual({ type: "ADDED", object, unknownFields: [] });
    // A kind without a message (a custom resource) stays JSON text inside the event.
    const widget = {
      kind: "Widget",
      apiVersion: "example.com/v1",
      metadata: { name: "w" },
      spec: { size: 3 },
    };
    const jsonFrame = encodeWatchEventFrame({ type: "MODIFIED", object: widget });
    expect(Buffer.from(jsonFrame).includes(Buffer.from('{"kind":"Widget"'))).toBe(true);
    expect(decodeWatchEventFrame(jsonFrame.subarray(4)).object).toEqual(widget);
  });

  it("reads JSONSchemaProps with Go's JSON names and unions", () => {
    const schema: Obj = {
      description: "a widget",
      type: "object",
      required: ["spec"],
      properties: {
        spec: {
          type: "object",
          default: { size: 1 },
          properties: {
            size: {
              type: "integer",
              format: "int32",
              maximum: 10.5,
              minimum: 0,
              multipleOf: 0.5,
              enum: [1, 2, "x", null],
            },
            ports: {
              type: "array",
              items: { type: "object", properties: { port: { "x-kubernetes-int-or-string": true } } },
              "x-kubernetes-list-map-keys": ["port"],
              "x-kubernetes-list-type": "map",
            },
            tuple: { items: [{ type: "string" }, { type: "integer" }] },
            labels: {
              type: "object",
              additionalProperties: { type: "string" },
              "x-kubernetes-map-type": "granular",
            },
            closed: { type: "object", additionalProperties: false },
            ref: { $ref: "#/definitions/thing", $schema: "http://json-schema.org/draft-04/schema#" },
            raw: {
              "x-kubernetes-preserve-unknown-fields": true,
              "x-kubernetes-embedded-resource": true,
              example: "e",
            },
          },
          dependencies: { a: ["b"], c: { required: ["d"] } },
          "x-kubernetes-validations": [{ rule: "self.size <= 10", message: "too big" }],
        },
      },
    };
    const crd = {
      kind: "CustomResourceDefinition",
      apiVersion: "apiextensions.k8s.io/v1",
      metadata: { name: "widgets.example.com" },
      spec: {
        group: "example.com",
        names: { plural: "widgets", kind: "Widget" },
        scope: "Namespaced",
        versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: schema } }],
      },
    };
    const decoded = roundTrip(crd) as { spec: { versions: { schema: { openAPIV3Schema: Obj } }[] } };
    const got = decoded.spec.versions[0]!.schema.openAPIV3Schema;
    // toEqual ignores key order: the values and names are the JSON's; the order is Go's struct order.
    expect(got).toEqual(schema);
    expect(Object.keys(((got.properties as Obj).spec as Obj).properties as Obj).length).toBe(7);
    expect(Object.keys(got)).toEqual(["description", "type", "required", "properties"]);
  });
});

describe("what has no protobuf form", () => {
  it("names the kind: Tables (`+protobuf=false`) and custom resources", () => {
    for (const [apiVersion, kind] of [
      ["meta.k8s.io/v1", "Table"],
      ["example.com/v1", "Widget"],
    ]) {
      const error = catchError(() => encodeKubernetesProtobuf({ apiVersion, kind, metadata: {} }));
      expect(error).toBeInstanceOf(ProtobufUnknownTypeError);
      expect(error).toMatchObject({ code: "KUBEWIRE_PROTOBUF_UNKNOWN_TYPE", apiVersion, kind });
      expect((error as Error).message).toContain(`"${kind}"`);
    }
  });
});

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

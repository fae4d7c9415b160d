import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { messageForKind } from "../../src/protobuf/index.js";
import { schema } from "../../src/protobuf/schema.js";
import type { ProtoMessage } from "../../src/protobuf/schema.js";
import { fixturePath, readFixture } from "../helpers/fixtures.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

interface ProtoTables {
  messages: Record<string, { fields: { name: string; number: number }[] }>;
}

describe("the protobuf tables", () => {
  it("are what scripts/generate-protobuf-tables.js makes of fixtures/protobuf", () => {
    // Exits 1, saying so, when src/protobuf/data/tables.ts is not the module the data files make.
    expect(() =>
      execFileSync(process.execPath, ["scripts/generate-protobuf-tables.js", "--check"], {
        cwd: root,
        stdio: "pipe",
      }),
    ).not.toThrow();
  });

  it("hold every message and field of Kubernetes 1.28.7", () => {
    const proto = JSON.parse(readFixture("protobuf/k8s-1.28.7-protobuf-messages.json")) as ProtoTables;
    const { messages } = schema();
    expect(Object.keys(proto.messages)).toHaveLength(1059);
    expect(messages.size).toBe(1059);
    for (const [name, m] of Object.entries(proto.messages)) {
      const known = messages.get(name);
      expect(known?.fields.map((f) => f.number).sort((a, b) => a - b)).toEqual(
        m.fields.map((f) => f.number).sort((a, b) => a - b),
      );
    }
  });

  it("find the message of a kind as the API server registers it", () => {
    const name = (apiVersion: string, kind: string) => messageForKind(apiVersion, kind)?.name;
    expect(name("apps/v1", "Deployment")).toBe("k8s.io.api.apps.v1.Deployment");
    expect(name("v1", "Secret")).toBe("k8s.io.api.core.v1.Secret");
    expect(name("v1", "List")).toBe("k8s.io.api.core.v1.List");
    // meta.k8s.io/v1 kinds are served in every group version (Status answers are `apiVersion: v1`).
    expect(name("v1", "Status")).toBe("k8s.io.apimachinery.pkg.apis.meta.v1.Status");
    expect(name("apps/v1", "DeleteOptions")).toBe("k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions");
    expect(name("apiextensions.k8s.io/v1", "CustomResourceDefinition")).toBe(
      "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition",
    );
    expect(name("apiregistration.k8s.io/v1", "APIService")).toBe(
      "k8s.io.kube_aggregator.pkg.apis.apiregistration.v1.APIService",
    );
    // Not protobuf: Table is `+protobuf=false`, custom resources are JSON only, a spec is not a kind.
    expect(name("meta.k8s.io/v1", "Table")).toBeUndefined();
    expect(name("example.com/v1", "Widget")).toBeUndefined();
    expect(name("apps/v1", "DeploymentSpec")).toBeUndefined();
  });

  it("name every JSON property the real server's OpenAPI document gives the same types", () => {
    // The JSON names come from the Go struct tags; the OpenAPI document (core/v1 and what it references) is an
    // independent statement of the same names: `$ref`-free, flattened inline structs, TypeMeta for kinds.
    const doc = JSON.parse(readFileSync(fixturePath("realapi/curl/16-openapi-v3-api-v1.body"), "utf8")) as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const keysOf = (m: ProtoMessage): string[] =>
      m.fields.flatMap((f) => (f.inline ? keysOf(f.type as ProtoMessage) : [f.json]));
    let compared = 0;
    for (const [openapiName, s] of Object.entries(doc.components.schemas)) {
      const message = schema().messages.get(openapiName.replace(/^io\.k8s\./, "k8s.io."));
      if (!message || message.form !== "struct" || !s.properties) continue;
      const expected = Object.keys(s.properties).sort();
      const actual = [...keysOf(message), ...(message.typeMeta ? ["apiVersion", "kind"] : [])].sort();
      expect([openapiName, actual]).toEqual([openapiName, expected]);
      compared++;
    }
    expect(compared).toBeGreaterThan(150);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeKubernetesProtobuf } from "../../src/testing/fake-api-server/protobuf.js";
import { fixturePath } from "../helpers/fixtures.js";

const body = (name: string) => readFileSync(fixturePath(`kubectl-protobuf/${name}.bin`));

describe("protobuf bodies from real kubectl 1.33 generators", () => {
  it("decodes `kubectl create secret generic` into the JSON object it stands for", () => {
    expect(decodeKubernetesProtobuf(body("pb-secrets"))).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s1" },
      data: { a: "Yg==", pw: "eHl6" },
    });
  });

  it("decodes `kubectl create configmap` and `kubectl create namespace`", () => {
    expect(decodeKubernetesProtobuf(body("pb-configmaps"))).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c1" },
      data: { a: "b" },
    });
    expect(decodeKubernetesProtobuf(body("pb-namespaces"))).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "n1" },
    });
  });

  it("refuses what it cannot read, saying so", () => {
    expect(() => decodeKubernetesProtobuf(Buffer.from("{}"))).toThrow("not a Kubernetes protobuf body");
    const truncated = body("pb-secrets").subarray(0, 30);
    expect(() => decodeKubernetesProtobuf(truncated)).toThrow(/truncated/);
  });
});

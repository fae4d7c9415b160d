import { readFileSync } from "node:fs";
import type { Deployment } from "kubernetes-types/apps/v1.js";
import type { Scale } from "kubernetes-types/autoscaling/v1.js";
import type { ConfigMap, Secret } from "kubernetes-types/core/v1.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { BUILTIN_RESOURCES } from "../../../src/client/index.js";
import type { KubeClient, KubeObject, ObjectResult, TypeMeta, WatchEvent } from "../../../src/index.js";

describe("built-in kinds are typed from kubernetes-types, custom resources generic", () => {
  it("infers the type from apiVersion and kind (or a resource name), and honours an explicit type", () => {
    type C = KubeClient;
    expectTypeOf<ReturnType<typeof _get<"apps/v1", "Deployment">>>().toEqualTypeOf<
      Promise<ObjectResult<Deployment & KubeObject>>
    >();
    expectTypeOf<ReturnType<typeof _get<"v1", "cm">>>().toEqualTypeOf<
      Promise<ObjectResult<ConfigMap & KubeObject>>
    >();
    expectTypeOf<ReturnType<typeof _get<"example.com/v1", "Widget">>>().toEqualTypeOf<
      Promise<ObjectResult<KubeObject>>
    >();
    expectTypeOf<Awaited<ReturnType<C["list"]>>["items"][number]>().toMatchTypeOf<TypeMeta>();
    expectTypeOf<Awaited<ReturnType<C["getScale"]>>["object"]>().toEqualTypeOf<Scale>();
    // An explicit type wins (the signature other code was written against).
    expectTypeOf<Awaited<ReturnType<typeof _explicit>>["object"]>().toEqualTypeOf<Secret>();
    expectTypeOf<WatchEvent<ConfigMap>["object"]>().toEqualTypeOf<ConfigMap>();
    // Results still fit code written against KubeObject before built-in kinds were typed.
    expectTypeOf<Awaited<ReturnType<typeof _get<"v1", "Secret">>>["object"]>().toMatchTypeOf<KubeObject>();
    expectTypeOf<Awaited<ReturnType<typeof _get<"v1", "Secret">>>["object"]["data"]>().toEqualTypeOf<
      { [name: string]: string } | undefined
    >();
  });

  it("covers every entry of the built-in table that kubernetes-types describes", () => {
    const source = readFileSync(
      new URL("../../../src/client/resources/kind-types.ts", import.meta.url),
      "utf8",
    );
    const missing = BUILTIN_RESOURCES.filter((r) => {
      const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
      const key = apiVersion.replace(/[./]/g, "\\$&");
      const block = new RegExp(`(?:"${key}"|\\b${key}): \\{[^}]*\\b${r.kind}: \\w+\\.${r.kind};`);
      return !block.test(source);
    }).map((r) => `${r.group}/${r.version} ${r.kind}`);
    // kubernetes-types 1.30 no longer describes these 1.28 versions; they stay generic.
    expect(missing).toEqual([
      "apiregistration.k8s.io/v1 APIService",
      "flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema",
      "flowcontrol.apiserver.k8s.io/v1beta2 PriorityLevelConfiguration",
    ]);
  });
});

declare const client: KubeClient;
function _get<A extends string, K extends string>(apiVersion: A, kind: K) {
  return client.get(apiVersion, kind, "name");
}
function _explicit() {
  return client.get<Secret>("v1", "Secret", "name");
}

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, secretData } from "../../src/index.js";
import type { Deployment } from "kubernetes-types/apps/v1.js";
import type { Secret } from "kubernetes-types/core/v1.js";
import type { KubeClient, KubeObject } from "../../src/index.js";
import { createFakeApiServer } from "../../src/testing/index.js";
import type { FakeApiServer } from "../../src/testing/index.js";
import { readFixture } from "../helpers/fixtures.js";
import { kubectlTestsRun, requireKubectl, runKubectl } from "../helpers/kubectl-binary.js";

/**
 * Real kubectl 1.33 against the in-memory server over TLS: discovery, OpenAPI v3 (which create and apply fetch to
 * learn that the server validates fields), create, get (table, json), apply (create, 3-way patch, unchanged),
 * custom resources, delete. kubectl prompts, warns or fails on anything a real server would not do.
 */

// In CI a missing kubectl fails here (requireKubectl throws) instead of skipping the file.
const binary = kubectlTestsRun("1.33") ? requireKubectl("1.33") : undefined;
const SECRET_VALUE = "kubectl-applied-password-93c1";

let server: FakeApiServer;
let client: KubeClient;
let dir: string;

beforeAll(async () => {
  if (!binary) return;
  server = await createFakeApiServer({ tls: true });
  client = createClient({ server: server.url, ca: server.ca!, token: "any" });
  dir = mkdtempSync(join(tmpdir(), "kubewire-kubectl-"));
  await server.writeKubeconfig(join(dir, "kubeconfig"));
});
afterAll(async () => {
  if (!binary) return;
  await client.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function kubectl(...args: string[]) {
  return runKubectl(
    binary!,
    ["--kubeconfig", join(dir, "kubeconfig"), "--cache-dir", join(dir, "cache"), ...args],
    {
      HOME: dir,
    },
  );
}

function manifest(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const V1 = `apiVersion: v1
kind: Namespace
metadata:
  name: blog
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: blog
  labels:
    app: blog
data:
  theme: dark
  lang: en
---
apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: blog
stringData:
  password: ${SECRET_VALUE}
`;

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              color: {type: string}
              size: {type: integer}
    additionalPrinterColumns:
    - {name: Color, type: string, jsonPath: .spec.color}
    - {name: Size, type: integer, jsonPath: .spec.size}
`;

describe.runIf(binary !== undefined)("real kubectl 1.33 against the in-memory API server", () => {
  it("creates from a manifest (namespace, ConfigMap, Secret) after checking OpenAPI v3 for field validation", async () => {
    const r = await kubectl("create", "-f", manifest("v1.yaml", V1));
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe("namespace/blog created\nconfigmap/settings created\nsecret/db created\n");
    const create = server.requests.find((q) => q.method === "POST" && q.resource === "configmaps")!;
    expect(create.path).toBe(
      "/api/v1/namespaces/blog/configmaps?fieldManager=kubectl-create&fieldValidation=Strict",
    );
    expect(server.requests.some((q) => q.path.startsWith("/openapi/v3/api/v1?hash="))).toBe(true);
    const secret = (await client.get<Secret>("v1", "Secret", "db", { namespace: "blog" })).object;
    expect(secretData(secret).get("password")).toBe(SECRET_VALUE);
    expect(secret.metadata!.managedFields).toMatchObject([
      { manager: "kubectl-create", operation: "Update" },
    ]);
  });

  it("gets as a table and as JSON, and reports NotFound exactly as against a real server", async () => {
    const table = await kubectl("get", "configmaps,secrets", "-n", "blog");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^NAME\s+DATA\s+AGE\nconfigmap\/settings\s+2\s+\d+s\n\nNAME\s+TYPE\s+DATA\s+AGE\nsecret\/db\s+Opaque\s+1\s+\d+s\n$/,
    );
    const json = await kubectl("get", "configmap", "settings", "-n", "blog", "-o", "json");
    const obj = JSON.parse(json.stdout) as KubeObject & { data: object };
    expect([obj.kind, obj.metadata!.name, obj.data]).toEqual([
      "ConfigMap",
      "settings",
      { lang: "en", theme: "dark" },
    ]);
    const list = await kubectl("get", "configmaps", "-n", "blog", "-l", "app=blog", "-o", "name");
    expect(list.stdout).toBe("configmap/settings\n");
    const missing = await kubectl("get", "configmap", "does-not-exist");
    expect(missing.code).toBe(1);
    const real = readFixture("realapi/kubectl/kubectl-1.33-get-cm-notfound.stderr")
      .trimEnd()
      .split("\n")
      .at(-1);
    expect(missing.stderr.trimEnd()).toBe(real);
  });

  it("applies: a 3-way strategic merge patch of what changed, then nothing when nothing changed", async () => {
    await kubectl("delete", "configmap", "settings", "-n", "blog");
    const first = await kubectl("apply", "-f", manifest("v1.yaml", V1));
    // Objects made by `create` carry no last-applied annotation: apply warns, then patches it in ("configured").
    expect(first.stdout).toBe(
      "namespace/blog configured\nconfigmap/settings created\nsecret/db configured\n",
    );
    expect(first.stderr).toMatch(
      /Warning: resource namespaces\/blog is missing the kubectl.kubernetes.io\/last-applied-configuration annotation/,
    );
    const v2 = manifest("v2.yaml", V1.replace("theme: dark", "theme: light").replace("  lang: en\n", ""));
    const second = await kubectl("apply", "-f", v2);
    expect(second).toMatchObject({ code: 0, stderr: "" });
    expect(second.stdout).toBe(
      "namespace/blog unchanged\nconfigmap/settings configured\nsecret/db configured\n",
    );
    const patch = server.requests.filter((q) => q.method === "PATCH" && q.name === "settings").at(-1)!;
    expect(patch.path).toBe(
      "/api/v1/namespaces/blog/configmaps/settings?fieldManager=kubectl-client-side-apply&fieldValidation=Strict",
    );
    const cm = (await client.get("v1", "ConfigMap", "settings", { namespace: "blog" }))
      .object as KubeObject & { data: object };
    expect(cm.data).toEqual({ theme: "light" });
    expect(cm.metadata!.annotations!["kubectl.kubernetes.io/last-applied-configuration"]).toContain(
      '"theme":"light"',
    );
    const before = cm.metadata!.resourceVersion;
    expect((await kubectl("apply", "-f", v2)).stdout).toBe(
      "namespace/blog unchanged\nconfigmap/settings unchanged\nsecret/db configured\n",
    );
    // kubectl re-sends the stringData of a Secret (the server never returns it): the server stores nothing new.
    expect(
      (await client.get("v1", "ConfigMap", "settings", { namespace: "blog" })).object.metadata!
        .resourceVersion,
    ).toBe(before);
  });

  it("applies a CRD, then custom objects of its kind (merge patch), and prints its columns", async () => {
    expect((await kubectl("apply", "-f", manifest("crd.yaml", CRD))).stdout).toBe(
      "customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n",
    );
    const widget = (color: string) =>
      manifest(
        "widget.yaml",
        `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: blue, namespace: blog}\nspec: {color: ${color}, size: 3}\n`,
      );
    expect((await kubectl("apply", "-f", widget("blue"))).stdout).toBe("widget.example.com/blue created\n");
    const updated = await kubectl("apply", "-f", widget("navy"));
    expect(updated).toMatchObject({ code: 0, stderr: "", stdout: "widget.example.com/blue configured\n" });
    const table = await kubectl("get", "wd", "-n", "blog");
    expect(table.stdout).toMatch(/^NAME\s+COLOR\s+SIZE\nblue\s+navy\s+3\n$/);
    const w = (await client.get("example.com/v1", "Widget", "blue", { namespace: "blog" })).object;
    expect(w.metadata!.generation).toBe(2);
  });

  it("creates Secrets, ConfigMaps, namespaces and Deployments with kubectl's generators, which send protobuf", async () => {
    const runs = [
      await kubectl("create", "namespace", "gen"),
      await kubectl(
        "create",
        "secret",
        "generic",
        "generated",
        "-n",
        "gen",
        `--from-literal=password=${SECRET_VALUE}`,
      ),
      await kubectl("create", "configmap", "generated", "-n", "gen", "--from-literal=a=b"),
    ];
    expect(runs.map((r) => r.stdout)).toEqual([
      "namespace/gen created\n",
      "secret/generated created\n",
      "configmap/generated created\n",
    ]);
    const secret = (await client.get<Secret>("v1", "Secret", "generated", { namespace: "gen" })).object;
    expect([secret.type, secretData(secret).get("password")]).toEqual(["Opaque", SECRET_VALUE]);
    // Every built-in kind's protobuf body is read, and defaulted as kube-apiserver defaults it.
    const deployment = await kubectl("create", "deployment", "web", "-n", "gen", "--image=nginx");
    expect(deployment).toMatchObject({ code: 0, stdout: "deployment.apps/web created\n" });
    const stored = (await client.get<Deployment>("apps/v1", "Deployment", "web", { namespace: "gen" }))
      .object;
    expect([stored.spec?.replicas, stored.spec?.template.spec?.containers[0]?.imagePullPolicy]).toEqual([
      1,
      "Always",
    ]);
  });

  it("deletes what a manifest created, waiting until it is gone", async () => {
    const r = await kubectl("delete", "-f", join(dir, "v2.yaml"));
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe('namespace "blog" deleted\nconfigmap "settings" deleted\nsecret "db" deleted\n');
    const ns = await kubectl("get", "namespaces", "-o", "name");
    expect(ns.stdout).toBe(
      "namespace/default\nnamespace/gen\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n",
    );
    expect(JSON.stringify(server.requests)).not.toContain(SECRET_VALUE);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify as toYaml } from "yaml";
import { main } from "../../../src/cli/main.js";
import { InputError, readDocuments } from "../../../src/cli/read-document.js";
import {
  mergeKubeConfigs,
  parseKubeConfig,
  resolveKubeConfigContext,
} from "../../../src/client/config/index.js";
import { createOpenApiValidator, readOpenApiDocument } from "../../../src/diff/index.js";
import { createClient } from "../../../src/index.js";
import type { OpenApiValidator } from "../../../src/diff/index.js";
import type { KubeConfig } from "../../../src/index.js";
import { parseManifests } from "../../../src/testing/index.js";
import { fixturePath } from "../../helpers/fixtures.js";
import {
  FUZZ_RUNS,
  jsonMutation,
  mutateJson,
  mutateText,
  runs,
  textMutation,
  typedOrValue,
  typedOrValueAsync,
} from "../support/fuzz-support.js";

/**
 * Fuzzing YAML input: kubeconfigs (parse, merge, resolve a context, build a client), manifests for the in-memory
 * server's --load, and `kubewire validate`'s input. Only success or a typed error; for the CLI, an exit code and an
 * `error:` line, never a stack trace.
 */

const dir = mkdtempSync(join(tmpdir(), "kubewire-fuzz-"));
const b64 = (s: string) => Buffer.from(s).toString("base64");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Valid kubeconfigs using every field kubewire reads. */
const KUBECONFIGS: unknown[] = [
  {
    apiVersion: "v1",
    kind: "Config",
    "current-context": "dev",
    preferences: {},
    clusters: [
      {
        name: "k",
        cluster: {
          server: "https://127.0.0.1:6443",
          "certificate-authority-data": b64("-----BEGIN CERTIFICATE-----\n"),
          "tls-server-name": "kube.example",
          "proxy-url": "socks5://127.0.0.1:1080",
          extensions: [{ name: "client.authentication.k8s.io/exec", extension: { audience: "a" } }],
        },
      },
      { name: "plain", cluster: { server: "10.0.0.1:8080", "insecure-skip-tls-verify": true } },
    ],
    users: [
      {
        name: "tok",
        user: { token: "t0ken-value", as: "jane", "as-groups": ["g"], "as-user-extra": { k: ["v"] } },
      },
      { name: "basic", user: { username: "admin", password: 1234 } },
      {
        name: "exec",
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1",
            command: "./bin/plugin",
            args: ["--token=abc"],
            env: [{ name: "K", value: "v" }],
            interactiveMode: "Never",
            provideClusterInfo: true,
          },
        },
      },
      { name: "oidc", user: { "auth-provider": { name: "oidc", config: { "id-token": "x" } } } },
      {
        name: "certs",
        user: {
          "client-certificate": "client.crt",
          "client-key-data": b64("-----BEGIN RSA PRIVATE KEY-----\n"),
          tokenFile: "token",
        },
      },
    ],
    contexts: [
      { name: "dev", context: { cluster: "k", user: "tok", namespace: "team" } },
      { name: "basic", context: { cluster: "plain", user: "basic" } },
      { name: "exec", context: { cluster: "k", user: "exec" } },
      { name: "oidc", context: { cluster: "k", user: "oidc" } },
      { name: "certs", context: { cluster: "k", user: "certs" } },
    ],
  },
  { apiVersion: "v1", kind: "Config", clusters: [], users: [], contexts: [] },
];
const CONTEXTS = ["dev", "basic", "exec", "oidc", "certs", "missing", "__proto__", "toString"];

const kubeconfigText = fc.oneof(
  fc
    .tuple(fc.nat(KUBECONFIGS.length - 1), fc.array(jsonMutation, { maxLength: 6 }), fc.boolean())
    .map(([i, m, asJson]) => {
      const value = mutateJson(KUBECONFIGS[i], m);
      return asJson ? JSON.stringify(value) : toYaml(value);
    }),
  fc
    .tuple(fc.nat(KUBECONFIGS.length - 1), fc.array(textMutation, { minLength: 1, maxLength: 5 }))
    .map(([i, m]) => mutateText(toYaml(KUBECONFIGS[i]), m as never)),
);

describe("kubeconfig", () => {
  it("parseKubeConfig and mergeKubeConfigs: a KubeConfigError or a usable config", () => {
    const file = join(dir, "config");
    const base = parseKubeConfig(toYaml(KUBECONFIGS[0]), file);
    fc.assert(
      fc.property(kubeconfigText, (text) => {
        const config = typedOrValue("parseKubeConfig", () => parseKubeConfig(text, file));
        if (!config) return;
        const merged = mergeKubeConfigs([config, base]);
        expect(Object.keys(merged.contexts).length).toBeGreaterThanOrEqual(Object.keys(base.contexts).length);
      }),
      runs(FUZZ_RUNS.kubeconfig, 301),
    );
  });

  it("resolving a context and creating a client: a KubeConfigError or a client", async () => {
    const file = join(dir, "nested", "config");
    await fc.assert(
      fc.asyncProperty(kubeconfigText, fc.constantFrom(...CONTEXTS, undefined), async (text, context) => {
        const config: KubeConfig | undefined = typedOrValue("parseKubeConfig", () =>
          parseKubeConfig(text, file),
        );
        if (!config) return;
        const loaded = await typedOrValueAsync("resolveKubeConfigContext", () =>
          resolveKubeConfigContext(mergeKubeConfigs([config]), context, {}),
        );
        if (!loaded) return;
        const client = typedOrValue("createClient", () => createClient(loaded.clientOptions));
        await client?.close();
      }),
      runs(FUZZ_RUNS.kubeconfigResolve, 302),
    );
  });
});

/** Manifests as `kubewire fake-server --load` reads them. */
const MANIFEST = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: a, namespace: default, labels: {app: x}}
  data: {k: v}
---
apiVersion: v1
kind: Secret
metadata:
  name: s
stringData:
  password: hunter2
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
`;

describe("manifests (fake-server --load)", () => {
  it("parseManifests: objects or a ManifestError", () => {
    const text = fc.oneof(
      fc.array(textMutation, { minLength: 1, maxLength: 6 }).map((m) => mutateText(MANIFEST, m as never)),
      fc.tuple(fc.array(jsonMutation, { maxLength: 5 }), fc.boolean()).map(([m, json]) => {
        const value = mutateJson(
          { kind: "List", items: [{ kind: "ConfigMap" }, { kind: "SecretList", items: [{}] }] },
          m,
        );
        return json ? JSON.stringify(value) : toYaml(value);
      }),
      fc.constantFrom("&x {kind: XList, items: [*x]}", "a: &a [*a]", "- &a\n  - *a\n"),
    );
    fc.assert(
      fc.property(text, (t) => {
        const objects = typedOrValue("parseManifests", () => parseManifests(t));
        if (objects) for (const o of objects) expect(typeof o).toBe("object");
      }),
      runs(FUZZ_RUNS.manifests, 303),
    );
  });
});

const OPENAPI = fixturePath("realapi/curl/16-openapi-v3-api-v1.body");
const OBJECTS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: app
  labels: {tier: web}
data:
  key: value
binaryData:
  blob: aGVsbG8=
---
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Service, metadata: {name: svc}, spec: {ports: [{port: 80, targetPort: 8080}]}}
- {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: nginx, resources: {limits: {cpu: 500m}}}]}}
`;

const validateInput = fc.oneof(
  fc.array(textMutation, { minLength: 1, maxLength: 6 }).map((m) => mutateText(OBJECTS, m as never)),
  fc.array(jsonMutation, { maxLength: 6 }).map((m) =>
    JSON.stringify(
      mutateJson(
        {
          apiVersion: "v1",
          kind: "List",
          items: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, data: { a: "b" } }],
        },
        m as never,
      ),
    ),
  ),
);

describe("kubewire validate's input", () => {
  // A small OpenAPI document (ConfigMap only: other kinds get the unknown-kind issue), so it compiles in milliseconds.
  const small = join(dir, "openapi-small.json");
  let validator: OpenApiValidator;
  beforeAll(async () => {
    const full = (await readOpenApiDocument(OPENAPI)) as { components: { schemas: Record<string, unknown> } };
    const schemas = full.components.schemas;
    const keep = Object.keys(schemas).filter((k) =>
      /ConfigMap$|ObjectMeta$|ManagedFieldsEntry$|OwnerReference$|FieldsV1$|Time$/.test(k),
    );
    writeFileSync(
      small,
      JSON.stringify({ components: { schemas: Object.fromEntries(keep.map((k) => [k, schemas[k]])) } }),
    );
    validator = createOpenApiValidator(await readOpenApiDocument(small));
  });

  it("read as the CLI reads it, then validated: documents and results, or an InputError", async () => {
    await fc.assert(
      fc.asyncProperty(validateInput, async (text) => {
        let docs: unknown[];
        try {
          docs = await readDocuments("-", {
            stdin: Readable.from([text]),
            stdout: { write: () => true },
            stderr: { write: () => true },
            env: {},
          });
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          return;
        }
        for (const doc of docs) {
          const items = Array.isArray((doc as { items?: unknown })?.items)
            ? (doc as { items: unknown[] }).items
            : [doc];
          for (const item of items) expect(typeof validator.validate(item).valid).toBe("boolean");
        }
      }),
      runs(FUZZ_RUNS.validateInput, 304),
    );
  });

  it("through the CLI: exit 0, 1 or 2, and never a stack trace", async () => {
    await fc.assert(
      fc.asyncProperty(validateInput, async (text) => {
        let stdout = "";
        let stderr = "";
        const code = await main(["validate", "-", "--openapi", small], {
          stdin: Readable.from([text]),
          stdout: { write: (s: string) => (stdout += s) },
          stderr: { write: (s: string) => (stderr += s) },
          env: {},
        });
        expect([0, 1, 2]).toContain(code);
        expect(stderr).not.toMatch(/^\s+at /m);
        if (code === 2) expect(stderr).toMatch(/^error: /);
      }),
      runs(FUZZ_RUNS.validateCli, 305),
    );
  });
});

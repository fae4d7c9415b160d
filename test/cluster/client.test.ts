import { randomBytes } from "node:crypto";
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { DISCOVERY_FORMATS } from "../../src/client/index.js";
import {
  createClientFromKubeConfig,
  createRecorder,
  isAlreadyExists,
  isBadRequest,
  isConflict,
  isNotFound,
  KubeHttpError,
  loadKubeConfig,
} from "../../src/index.js";
import type { KubeClient, WarningHeader } from "../../src/index.js";
import { kubectlTestsRun, requireKubectl, runKubectl } from "../helpers/kubectl-binary.js";

/**
 * End to end against the cluster KUBEWIRE_TEST_KUBECONFIG names. Everything happens in a namespace created for
 * the run and deleted after it; nothing here depends on a particular distribution, version (1.27+) or node.
 */
const kubeconfig = process.env.KUBEWIRE_TEST_KUBECONFIG;

describe.skipIf(!kubeconfig)("against a real cluster", () => {
  const ns = `kubewire-test-${randomBytes(4).toString("hex")}`;
  const recorder = createRecorder();
  const warnings: WarningHeader[] = [];
  let client: KubeClient;
  let token: string | undefined;

  const cm = (name: string, more: Partial<ConfigMap> = {}): ConfigMap => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: ns, ...more.metadata },
    data: { created: "yes", ...more.data },
  });

  beforeAll(async () => {
    token = (await loadKubeConfig({ kubeconfig })).clientOptions.token;
    client = await createClientFromKubeConfig(
      { kubeconfig },
      { recorder, onWarning: (w) => warnings.push(w) },
    );
    await client.create({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: ns, labels: { "app.kubernetes.io/created-by": "kubewire-cluster-tests" } },
    });
  });
  afterAll(async () => {
    await client?.delete("v1", "Namespace", ns, { propagationPolicy: "Background" }).catch(() => undefined);
    await client?.close();
  });

  it("discovers the server and maps resources through it", async () => {
    const discovery = await client.discover();
    expect(DISCOVERY_FORMATS).toContain(discovery.format);
    expect(discovery.groups[0]?.name).toBe("");
    expect((await client.resolveArgument("cm"))?.resource).toBe("configmaps");
    expect((await client.resolveArgument("deploy.apps"))?.resource).toBe("deployments");
  });

  it("creates, reads, replaces; a stale write is a Conflict, a second create AlreadyExists", async () => {
    const created = await client.create(cm("alpha"));
    const uid = created.object.metadata?.uid;
    const { object } = await client.get("v1", "ConfigMap", "alpha", { namespace: ns });
    expect(object.metadata?.uid).toBe(uid);
    const replaced = await client.replace({ ...object, data: { replaced: "yes" } });
    expect(replaced.object.data).toEqual({ replaced: "yes" });
    const stale = await client.replace({ ...object, data: { stale: "yes" } }).catch((e: unknown) => e);
    expect(isConflict(stale)).toBe(true);
    expect(isAlreadyExists(await client.create(cm("alpha")).catch((e: unknown) => e))).toBe(true);
  });

  it("patches with all four patch types", async () => {
    await client.create(cm("patched"));
    const opts = { namespace: ns } as const;
    await client.patch("v1", "ConfigMap", "patched", [{ op: "add", path: "/data/json", value: "1" }], {
      ...opts,
      type: "json",
    });
    await client.patch("v1", "ConfigMap", "patched", { data: { merge: "1" } }, { ...opts, type: "merge" });
    await client.patch(
      "v1",
      "ConfigMap",
      "patched",
      { data: { strategic: "1" } },
      { ...opts, type: "strategic" },
    );
    const applied = await client.patch(
      "v1",
      "ConfigMap",
      "patched",
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "patched", namespace: ns },
        data: { applied: "1" },
      },
      { ...opts, type: "apply", fieldManager: "kubewire-tests", force: true },
    );
    expect(Object.keys(applied.object.data ?? {}).sort()).toEqual([
      "applied",
      "created",
      "json",
      "merge",
      "strategic",
    ]);
    expect(applied.object.metadata?.managedFields?.map((f) => f.manager)).toContain("kubewire-tests");
  });

  it("dry-run stores nothing; field validation rejects or warns about unknown fields", async () => {
    const dry = await client.create(cm("dry"), { dryRun: "All" });
    expect(dry.object.metadata?.name).toBe("dry");
    expect(
      isNotFound(await client.get("v1", "ConfigMap", "dry", { namespace: ns }).catch((e: unknown) => e)),
    ).toBe(true);
    const strict = await client
      .create({ ...cm("strict"), bogus: "field" } as ConfigMap, { fieldValidation: "Strict" })
      .catch((e: unknown) => e);
    expect(isBadRequest(strict)).toBe(true);
    expect((strict as Error).message).toContain('unknown field "bogus"');
    const before = warnings.length;
    const warned = await client.create({ ...cm("warned"), bogus: "field" } as ConfigMap, {
      fieldValidation: "Warn",
    });
    expect(warned.exchange.warnings?.map((w) => w.text)).toEqual([
      expect.stringContaining('unknown field "bogus"'),
    ]);
    expect(warnings.slice(before).map((w) => w.code)).toEqual([299]);
  });

  it("deletes with preconditions", async () => {
    const { object } = await client.create(cm("deleted"));
    const wrong = await client
      .delete("v1", "ConfigMap", "deleted", {
        namespace: ns,
        preconditions: { uid: "00000000-0000-0000-0000-000000000000" },
      })
      .catch((e: unknown) => e);
    expect(isConflict(wrong)).toBe(true);
    await client.delete("v1", "ConfigMap", "deleted", {
      namespace: ns,
      preconditions: { uid: object.metadata!.uid!, resourceVersion: object.metadata!.resourceVersion! },
      propagationPolicy: "Background",
    });
    expect(
      isNotFound(await client.get("v1", "ConfigMap", "deleted", { namespace: ns }).catch((e: unknown) => e)),
    ).toBe(true);
  });

  it("paginates with limit and continue, as pages and as items", async () => {
    for (const i of [1, 2, 3, 4, 5])
      await client.create(cm(`page-${i}`, { metadata: { labels: { page: "yes" } } }));
    const pages = [];
    for await (const page of client.listPages("v1", "ConfigMap", {
      namespace: ns,
      labelSelector: "page=yes",
      limit: 2,
    }))
      pages.push(page);
    // A server may return fewer items than the limit, never more; every page but the last continues.
    expect(pages.every((p) => p.items.length <= 2)).toBe(true);
    expect(pages.reduce((n, p) => n + p.items.length, 0)).toBe(5);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.slice(0, -1).every((p) => p.list.metadata.continue)).toBe(true);
    expect(pages.at(-1)?.list.metadata.continue ?? "").toBe("");
    const names: string[] = [];
    for await (const item of client.listItems("v1", "ConfigMap", {
      namespace: ns,
      labelSelector: "page=yes",
      limit: 2,
    }))
      names.push(`${item.kind}/${item.metadata?.name}`);
    expect(names.sort()).toEqual([1, 2, 3, 4, 5].map((i) => `ConfigMap/page-${i}`));
  });

  it("watches from a list's resourceVersion: ADDED, MODIFIED, DELETED", async () => {
    const { list } = await client.list("v1", "ConfigMap", { namespace: ns, labelSelector: "watch=yes" });
    const events = client.watch("v1", "ConfigMap", {
      namespace: ns,
      labelSelector: "watch=yes",
      resourceVersion: list.metadata.resourceVersion!,
      allowWatchBookmarks: true,
      timeoutSeconds: 50,
    });
    await client.create(cm("watched", { metadata: { labels: { watch: "yes" } } }));
    await client.patch(
      "v1",
      "ConfigMap",
      "watched",
      { data: { step: "2" } },
      { namespace: ns, type: "merge" },
    );
    await client.delete("v1", "ConfigMap", "watched", { namespace: ns });
    const seen: string[] = [];
    for await (const event of events) {
      if (event.type === "BOOKMARK") continue;
      seen.push(`${event.type} ${event.object.metadata?.name}`);
      if (event.type === "DELETED") break;
    }
    expect(seen).toEqual(["ADDED watched", "MODIFIED watched", "DELETED watched"]);
  });

  it("scales a Deployment through its scale subresource and reads its status", async () => {
    await client.create({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "scaled", namespace: ns },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: "scaled" } },
        template: {
          metadata: { labels: { app: "scaled" } },
          spec: { containers: [{ name: "pause", image: "registry.k8s.io/pause:3.9" }] },
        },
      },
    });
    await client.scale("apps/v1", "Deployment", "scaled", 0, { namespace: ns });
    const { object: scale } = await client.getScale("apps/v1", "Deployment", "scaled", { namespace: ns });
    // ScaleSpec.replicas is omitempty: a real server sends `"spec": {}` at 0, so absent means 0.
    expect([scale.kind, scale.spec, scale.spec?.replicas ?? 0]).toEqual(["Scale", {}, 0]);
    const { object } = await client.get("apps/v1", "Deployment", "scaled", {
      namespace: ns,
      subresource: "status",
    });
    expect(object.spec?.replicas).toBe(0);
  });

  it("tells apart a Status error from an answer that is not one", async () => {
    expect(
      isNotFound(await client.get("v1", "ConfigMap", "missing", { namespace: ns }).catch((e: unknown) => e)),
    ).toBe(true);
    const unknownGroup = await client.list("nope.kubewire.example/v1", "things").catch((e: unknown) => e);
    expect(unknownGroup).toBeInstanceOf(KubeHttpError);
    expect((unknownGroup as KubeHttpError).statusCode).toBe(404);
  });

  it("kubewire get prints kubectl's view, the same with any chunk size", async () => {
    const run = async (extra: string[]) => {
      let stdout = "";
      let stderr = "";
      const code = await main(
        [
          "get",
          "configmaps",
          "-n",
          ns,
          "-l",
          "page=yes",
          "-o",
          "json",
          "--kubeconfig",
          kubeconfig!,
          ...extra,
        ],
        {
          stdout: { write: (s: string) => (stdout += s) },
          stderr: { write: (s: string) => (stderr += s) },
          env: process.env,
        },
      );
      return { code, stdout, stderr };
    };
    const whole = await run([]);
    expect([whole.code, whole.stderr]).toEqual([0, ""]);
    const view = JSON.parse(whole.stdout) as { kind: string; items: { kind: string }[] };
    expect([view.kind, view.items.length, view.items.every((i) => i.kind === "ConfigMap")]).toEqual([
      "List",
      5,
      true,
    ]);
    expect((await run(["--chunk-size=2"])).stdout).toBe(whole.stdout);
  });

  it.skipIf(!kubectlTestsRun())("kubewire get -o json prints what the real kubectl prints", async () => {
    const args = ["get", "configmaps", "-n", ns, "-l", "page=yes", "-o", "json", "--kubeconfig", kubeconfig!];
    const theirs = await runKubectl(requireKubectl(), args, {
      HOME: process.env.HOME ?? "/tmp",
      ...definedEnv(),
    });
    expect(theirs.code, theirs.stderr).toBe(0);
    let ours = "";
    await main(args, {
      stdout: { write: (s: string) => (ours += s) },
      stderr: { write: () => true },
      env: process.env,
    });
    expect(ours).toBe(theirs.stdout);
  });

  it("recorded every exchange, credentials redacted", () => {
    expect(recorder.exchanges.length).toBeGreaterThan(10);
    if (token) expect(JSON.stringify(recorder.exchanges)).not.toContain(token);
  });
});

/** The environment exec plugins may need (cloud CLIs read their own variables), without undefined values. */
function definedEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

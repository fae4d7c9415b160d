import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { maskSecretField, scrubSecretValues } from "../../../src/client/update/secrets.js";
import { objectChanges } from "../../../src/diff/index.js";
import { createClient, createRecorder, NO_CHANGE, secretData, updateSecrets } from "../../../src/index.js";
import type { Secret } from "kubernetes-types/core/v1.js";
import type { KubeClient, Recorder } from "../../../src/index.js";
import { createFakeApiServer } from "../../../src/testing/index.js";
import type { FakeApiServer } from "../../../src/testing/index.js";

describe("secretData", () => {
  it("reads and writes text and bytes, base64 handled, stringData taking precedence on read", () => {
    const secret: Secret = {
      kind: "Secret",
      apiVersion: "v1",
      data: { a: "b2xk", bin: "AP8=" },
      stringData: { a: "new" },
    };
    const data = secretData(secret);
    expect(data.keys()).toEqual(["a", "bin"]);
    expect(data.get("a")).toBe("new");
    expect(data.getBytes("bin")).toEqual(Uint8Array.from([0, 255]));
    expect(() => data.get("bin")).toThrow('secret key "bin" does not hold UTF-8 text; read it as bytes');
    expect(data.get("missing")).toBeUndefined();
  });

  it("writes to data and drops a stringData entry of the same key, so it cannot win on the server", () => {
    const secret: Secret = { kind: "Secret", stringData: { a: "old", b: "keep" } };
    const data = secretData(secret);
    data.set("a", "né");
    data.set("raw", Uint8Array.from([1, 2, 3]));
    expect(secret).toEqual({ kind: "Secret", data: { a: "bsOp", raw: "AQID" }, stringData: { b: "keep" } });
    expect(data.delete("b")).toBe(true);
    expect(data.delete("b")).toBe(false);
    expect(data.toStrings()).toEqual({ a: "né", raw: "\u0001\u0002\u0003" });
  });
});

describe("masking and scrubbing", () => {
  it("masks data, stringData and the last-applied annotation wherever a change shows them", () => {
    const lastApplied = "kubectl.kubernetes.io/last-applied-configuration";
    const changes = objectChanges(
      { kind: "Secret", metadata: { name: "s" } },
      {
        kind: "Secret",
        metadata: {
          name: "s",
          annotations: { [lastApplied]: '{"stringData":{"pw":"hunter22"}}', other: "ok" },
        },
        data: { pw: "aHVudGVyMjI=" },
        stringData: { pw: "hunter22" },
      },
      { mask: maskSecretField },
    );
    expect(changes).toEqual([
      {
        path: ".metadata.annotations",
        op: "add",
        after: { [lastApplied]: "[redacted len=32]", other: "ok" },
      },
      { path: ".data", op: "add", after: { pw: "[redacted len=8]" } },
      { path: ".stringData", op: "add", after: { pw: "[redacted len=8]" } },
    ]);
  });

  it("scrubs a Secret's values (text and base64) out of a message", () => {
    const secret: Secret = { data: { pw: Buffer.from("hunter22").toString("base64"), short: "eA==" } };
    expect(scrubSecretValues("bad pw hunter22 (aHVudGVyMjI=), x stays", secret)).toBe(
      "bad pw [redacted] ([redacted]), x stays",
    );
  });
});

const PASSWORD = "pa55-w0rd-that-must-not-leak";

describe("updateSecrets", () => {
  let server: FakeApiServer;
  let recorder: Recorder;
  let client: KubeClient;

  beforeAll(async () => {
    const secret = (
      namespace: string,
      name: string,
      labels: Record<string, string>,
      stringData: Record<string, string>,
    ) => ({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name, namespace, labels },
      stringData,
    });
    server = await createFakeApiServer({
      objects: [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: "blog" } },
        { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
        ...Array.from({ length: 5 }, (_, i) =>
          secret(
            "blog",
            `db-${i}`,
            { app: "blog" },
            { url: i % 2 ? "http://old" : "https://new", password: PASSWORD },
          ),
        ),
        secret("blog", "cache", { app: "blog" }, { password: PASSWORD, url: "fail-me" }),
        secret("blog", "other-app", { app: "other" }, { url: "http://old" }),
        secret("shop", "db", { app: "blog" }, { url: "http://old", password: PASSWORD }),
      ],
    });
    recorder = createRecorder();
    client = createClient({ server: server.url, recorder });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  const migrate = (secret: Secret, data: ReturnType<typeof secretData>) => {
    // The seed story: items of a SecretList come without kind and apiVersion; updateSecrets restores them.
    expect([secret.apiVersion, secret.kind]).toEqual(["v1", "Secret"]);
    if (data.get("url") === "fail-me") throw new Error(`cannot migrate, password is ${data.get("password")}`);
    if (data.get("url") !== "http://old") return NO_CHANGE;
    data.set("url", "https://new");
  };

  it("lists by selector page by page, updates only the Secrets that change, and reports by name", async () => {
    const spy = vi.spyOn(console, "log");
    server.faults.injectConflicts(1, { name: "db-3" });
    const report = await updateSecrets(client, { namespace: "blog", labelSelector: "app=blog" }, migrate, {
      pageSize: 2,
      backoff: { durationMs: 1 },
    });
    expect(report.pages).toBe(3);
    expect(report.listed).toBe(6);
    expect(report.updated.map((u) => [u.name, u.conflicts])).toEqual([
      ["db-1", 0],
      ["db-3", 1],
    ]);
    expect(report.updated[0]!.changes).toEqual([
      { path: ".data.url", op: "replace", before: "[redacted len=10]", after: "[redacted len=11]" },
    ]);
    expect(report.unchanged.map((u) => u.name)).toEqual(["db-0", "db-2", "db-4"]);
    expect(report.failed).toEqual([
      {
        namespace: "blog",
        name: "cache",
        reason: "KUBEWIRE_UPDATER_ERROR",
        message: "cannot migrate, password is [redacted]",
      },
    ]);
    // Only the two that changed were written (plus the one conflicting attempt, then its fresh read).
    const writes = recorder.exchanges
      .filter((e) => e.request.method === "PUT")
      .map((e) => [e.request.url.split("/").at(-1), e.response?.status]);
    expect(writes).toEqual([
      ["db-1", 200],
      ["db-3", 409],
      ["db-3", 200],
    ]);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    for (const leak of [PASSWORD, Buffer.from(PASSWORD).toString("base64")]) {
      expect(JSON.stringify(report)).not.toContain(leak);
      expect(JSON.stringify(recorder.exchanges)).not.toContain(leak);
      expect(JSON.stringify(server.requests)).not.toContain(leak);
    }
  });

  it("in a dry run reports what would change across namespaces and writes nothing", async () => {
    recorder.exchanges.length = 0;
    const report = await updateSecrets(client, { labelSelector: "app=blog" }, migrate, { dryRun: true });
    expect(report.dryRun).toBe("client");
    expect(report.updated.map((u) => `${u.namespace}/${u.name}`)).toEqual(["shop/db"]);
    expect(recorder.exchanges.map((e) => e.request.method)).toEqual(["GET"]);
  });

  it("reports a Secret that kept conflicting as failed, with the stable code, and carries on", async () => {
    server.faults.injectConflicts(100, { namespace: "shop", name: "db" });
    const report = await updateSecrets(client, { namespace: "shop" }, migrate, {
      backoff: { durationMs: 0, jitter: 0 },
    });
    server.faults.clear();
    expect(report.failed).toEqual([
      {
        namespace: "shop",
        name: "db",
        reason: "KUBEWIRE_UPDATE_CONFLICT",
        message:
          "update of Secret shop/db gave up after 5 attempts: every write met 409 Conflict (the object kept changing)",
      },
    ]);
  });
});

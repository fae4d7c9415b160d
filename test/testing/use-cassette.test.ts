import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scrubVolatile } from "../../src/index.js";
import { createSelfSignedCertificate } from "../../src/internal/certificates.js";
import { kubeSnapshotSerializer, useCassette } from "../../src/testing/index.js";
import { readFixture } from "../helpers/fixtures.js";
import { startHttpServer, startHttpsServer } from "../helpers/servers.js";

const dir = mkdtempSync(join(tmpdir(), "kubewire-use-cassette-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("useCassette", () => {
  it("records under <dir>/<name>.cassette.json when the test ends, then replays it with no server", async () => {
    const server = await startHttpServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(readFixture("realapi/curl/05-cm-get.body"));
    });
    const recording = await useCassette("one-configmap", {
      mode: "record",
      dir,
      client: { server: server.url },
    });
    const live = await recording.client.get("v1", "ConfigMap", "hello-world", {
      namespace: "list-resources-ns",
    });
    expect(await recording.done()).toMatchObject({ written: true, exchanges: 1 });
    expect(await recording.done()).toMatchObject({ written: true }); // once only
    await server.close();
    expect(existsSync(join(dir, "one-configmap.cassette.json"))).toBe(true);

    const replay = await useCassette("one-configmap", { mode: "replay", dir });
    const replayed = await replay.client.get("v1", "ConfigMap", "hello-world", {
      namespace: "list-resources-ns",
    });
    expect(replayed.raw).toBe(live.raw);
    expect(replay.mode).toBe("replay");
  });

  it("a recording that fails on TLS never replaces the good cassette: it is kept and still replays", async () => {
    const good = await startHttpServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(readFixture("realapi/curl/05-cm-get.body"));
    });
    const first = await useCassette("kept", { mode: "record", dir, client: { server: good.url } });
    await first.client.get("v1", "ConfigMap", "hello-world", { namespace: "list-resources-ns" });
    expect(await first.done()).toMatchObject({ written: true, exchanges: 1 });
    await good.close();
    const file = join(dir, "kept.cassette.json");
    const before = readFileSync(file, "utf8");

    // Trusts nothing the server presents: "unable to verify the first certificate"-style failures.
    const untrusted = await startHttpsServer((_req, res) => res.end("{}"), createSelfSignedCertificate());
    const failed = await useCassette("kept", { mode: "record", dir, client: { server: untrusted.url } });
    await expect(
      failed.client.get("v1", "ConfigMap", "hello-world", { namespace: "list-resources-ns" }),
    ).rejects.toThrow();
    expect(await failed.done()).toEqual({
      file,
      written: false,
      exchanges: 1,
      added: 0,
      kept: "no request of the recording was answered (1 failed); the previous cassette is kept",
    });
    await untrusted.close();
    expect(readFileSync(file, "utf8")).toBe(before);

    const empty = await useCassette("kept", {
      mode: "record",
      dir,
      client: { server: "https://127.0.0.1:1" },
    });
    expect(await empty.done()).toMatchObject({
      written: false,
      kept: "the recording is empty; the previous cassette is kept",
    });
    expect(readFileSync(file, "utf8")).toBe(before);

    const replay = await useCassette("kept", { mode: "replay", dir });
    const { object } = await replay.client.get("v1", "ConfigMap", "hello-world", {
      namespace: "list-resources-ns",
    });
    expect(object.metadata?.name).toBe("hello-world");
  });

  // The three tests below run in order: a good cassette, a test that fails while re-recording it (`it.fails`: the
  // hook sees the failure before vitest flips the verdict), and a check that the good cassette is what remains.
  const failing = { file: join(dir, "kept-on-failure.cassette.json"), before: "" };
  it("(1/3) records a good cassette of one ConfigMap", async () => {
    const server = await startHttpServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(readFixture("realapi/curl/05-cm-get.body"));
    });
    const recording = await useCassette("kept-on-failure", {
      mode: "record",
      dir,
      client: { server: server.url },
    });
    await recording.client.get("v1", "ConfigMap", "hello-world", { namespace: "list-resources-ns" });
    await recording.done();
    await server.close();
    failing.before = readFileSync(failing.file, "utf8");
    expect((JSON.parse(failing.before) as { exchanges: unknown[] }).exchanges).toHaveLength(1);
  });

  it.fails(
    "(2/3) a test that fails while recording again (here: on an answer it did not expect)",
    async () => {
      const server = await startHttpServer((_req, res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"someone-else"}}');
      });
      try {
        const recording = await useCassette("kept-on-failure", {
          mode: "record",
          dir,
          client: { server: server.url },
        });
        const { object } = await recording.client.get("v1", "ConfigMap", "hello-world", {
          namespace: "list-resources-ns",
        });
        expect(object.metadata?.name).toBe("hello-world");
      } finally {
        await server.close();
      }
    },
  );

  it("(3/3) ...never replaces the good cassette", () => {
    expect(readFileSync(failing.file, "utf8")).toBe(failing.before);
  });

  it("records through a kubeconfig (path and context) or a CA file, over TLS; a CA given as a path is refused", async () => {
    const pki = createSelfSignedCertificate();
    const server = await startHttpsServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(readFixture("realapi/curl/05-cm-get.body"));
    }, pki);
    const caFile = join(dir, "ca.crt");
    writeFileSync(caFile, pki.ca);
    const kubeconfig = join(dir, "kubeconfig");
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
current-context: elsewhere
clusters:
- name: test
  cluster: {server: "${server.url}", certificate-authority: ca.crt}
- name: nowhere
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: u
  user: {token: not-a-real-token}
contexts:
- name: recording
  context: {cluster: test, user: u}
- name: elsewhere
  context: {cluster: nowhere, user: u}
`,
    );
    const get = (client: Awaited<ReturnType<typeof useCassette>>["client"]) =>
      client.get("v1", "ConfigMap", "hello-world", { namespace: "list-resources-ns" });

    const viaKubeconfig = await useCassette("via-kubeconfig", {
      mode: "record",
      dir,
      kubeconfig: { path: kubeconfig, context: "recording" },
      client: { ca: process.env.KUBEWIRE_TEST_UNSET_CA },
    });
    await get(viaKubeconfig.client);
    expect(await viaKubeconfig.done()).toMatchObject({ written: true, exchanges: 1 });

    const viaCaFile = await useCassette("via-ca-file", {
      mode: "record",
      dir,
      client: { server: server.url },
      caFile,
    });
    await get(viaCaFile.client);
    expect(await viaCaFile.done()).toMatchObject({ written: true, exchanges: 1 });
    await server.close();

    // A replay reads no kubeconfig, even one that does not exist.
    const replay = await useCassette("via-kubeconfig", {
      mode: "replay",
      dir,
      kubeconfig: { path: join(dir, "missing") },
    });
    expect((await get(replay.client)).object.metadata?.name).toBe("hello-world");

    await expect(
      useCassette("ca-path", { mode: "record", dir, client: { server: server.url, ca: caFile } }),
    ).rejects.toThrow(/client\.ca must be PEM text .*, not a path; pass a file as caFile/);
  });

  it("refuses to record without a cluster to record from", async () => {
    await expect(useCassette("x", { mode: "record", dir })).rejects.toThrow(
      /mode record talks to a cluster; pass options\.client/,
    );
  });
});

describe("scrubbing volatile values for snapshots", () => {
  const owner = {
    kind: "ReplicaSet",
    metadata: {
      name: "web-7d4b9c8f6d",
      uid: "0032d9fb-e7ae-4ebb-964c-77d19a1e59ad",
      resourceVersion: "217",
      creationTimestamp: "2026-11-25T19:23:21Z",
    },
  };
  const pod = {
    kind: "Pod",
    metadata: {
      name: "web-7d4b9c8f6d-x2x8k",
      generateName: "web-7d4b9c8f6d-",
      uid: "8c549fba-0c0f-4ef2-90df-2f99473aa7be",
      resourceVersion: "218",
      creationTimestamp: "2026-11-25T19:23:21Z",
      ownerReferences: [
        { kind: "ReplicaSet", name: "web-7d4b9c8f6d", uid: "0032d9fb-e7ae-4ebb-964c-77d19a1e59ad" },
      ],
      managedFields: [{ manager: "kube-controller-manager", time: "2026-11-25T19:23:22Z" }],
    },
    status: { conditions: [{ type: "Ready", lastTransitionTime: "2026-11-25T19:23:22Z" }] },
  };

  it("numbers equal values alike, so relations survive (an owner's uid and the reference to it)", () => {
    expect(scrubVolatile([owner, pod])).toEqual([
      {
        kind: "ReplicaSet",
        metadata: {
          name: "web-7d4b9c8f6d",
          uid: "<uid-1>",
          resourceVersion: "<resourceVersion-1>",
          creationTimestamp: "<time-1>",
        },
      },
      {
        kind: "Pod",
        metadata: {
          name: "web-7d4b9c8f6d-<suffix-1>",
          generateName: "web-7d4b9c8f6d-",
          uid: "<uid-2>",
          resourceVersion: "<resourceVersion-2>",
          creationTimestamp: "<time-1>",
          ownerReferences: [{ kind: "ReplicaSet", name: "web-7d4b9c8f6d", uid: "<uid-1>" }],
          managedFields: [{ manager: "kube-controller-manager", time: "<time-2>" }],
        },
        status: { conditions: [{ type: "Ready", lastTransitionTime: "<time-2>" }] },
      },
    ]);
    expect(pod.metadata.uid).toBe("8c549fba-0c0f-4ef2-90df-2f99473aa7be"); // the input is untouched
  });

  it("Table ages and list continue tokens", () => {
    const table = JSON.parse(readFixture("realapi/curl/04-cm-list-table.body")) as {
      rows: { cells: unknown[] }[];
    };
    const scrubbed = scrubVolatile(table);
    expect(scrubbed.rows.map((r) => r.cells)).toEqual([
      ["hello-world", 2, "<age>"],
      ["sithisms", 2, "<age>"],
    ]);
    expect(
      scrubVolatile({
        kind: "ConfigMapList",
        metadata: { continue: "eyJ2Ijoi", resourceVersion: "241" },
        items: [],
      }),
    ).toEqual({
      kind: "ConfigMapList",
      metadata: { continue: "<continue-1>", resourceVersion: "<resourceVersion-1>" },
      items: [],
    });
  });

  it("the serializer applies to Kubernetes objects and arrays of them, once (its output is not scrubbed again)", () => {
    expect(kubeSnapshotSerializer.test(pod)).toBe(true);
    expect(kubeSnapshotSerializer.test([owner, pod])).toBe(true);
    expect(kubeSnapshotSerializer.test({ hello: "world" })).toBe(false);
    expect(kubeSnapshotSerializer.test("text")).toBe(false);
    let printed: unknown;
    kubeSnapshotSerializer.serialize([owner, pod], {}, "", 0, [], (value) => {
      printed = value;
      return "";
    });
    expect(kubeSnapshotSerializer.test(printed)).toBe(false);
    expect(kubeSnapshotSerializer.test((printed as unknown[])[1])).toBe(false);
  });
});

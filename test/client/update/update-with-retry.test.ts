import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFLICT_BACKOFF, InvalidMutationError } from "../../../src/client/index.js";
import {
  createClient,
  createRecorder,
  isConflict,
  isNotFound,
  NO_CHANGE,
  ObjectReplacedError,
  secretData,
  UpdateConflictError,
  updateWithRetry,
} from "../../../src/index.js";
import type { Secret } from "kubernetes-types/core/v1.js";
import type { Exchange, KubeClient, Recorder } from "../../../src/index.js";
import { createFakeApiServer } from "../../../src/testing/index.js";
import type { FakeApiServer } from "../../../src/testing/index.js";

const VALUE = "hunter2-correct-horse";
const NEW_VALUE = "battery-staple-0451";

let server: FakeApiServer;
let recorder: Recorder;
let client: KubeClient;
let other: KubeClient;

beforeAll(async () => {
  server = await createFakeApiServer();
  recorder = createRecorder();
  client = createClient({ server: server.url, recorder });
  other = createClient({ server: server.url });
});
afterEach(() => server.faults.clear());
afterAll(async () => {
  await client.close();
  await other.close();
  await server.close();
});

let counter = 0;
async function freshSecret(data: Record<string, string> = { password: VALUE, user: "app" }) {
  const name = `s${counter++}`;
  await other.create({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace: "default" },
    stringData: data,
  });
  recorder.exchanges.length = 0;
  return { apiVersion: "v1", kind: "Secret", namespace: "default", name };
}

const calls = () => recorder.exchanges.map((e) => `${e.request.method} ${e.response?.status ?? "-"}`);
const setPassword = (value: string) => (secret: Secret) => {
  secretData(secret).set("password", value);
};

/** Pauses, recorded instead of waited for. */
function fakeSleep() {
  const delays: number[] = [];
  return { delays, sleep: (ms: number) => (delays.push(ms), Promise.resolve()) };
}

describe("updateWithRetry", () => {
  it("does not write a Secret whose data does not change: no PUT in the recorded exchanges", async () => {
    const ref = await freshSecret();
    const same = await updateWithRetry<Secret>(client, ref, setPassword(VALUE));
    const viaStringData = await updateWithRetry<Secret>(client, ref, (s) => {
      s.stringData = { password: VALUE };
    });
    const sentinel = await updateWithRetry<Secret>(client, ref, () => NO_CHANGE);
    for (const report of [same, viaStringData, sentinel]) {
      expect(report).toMatchObject({ changed: false, attempts: 1, conflicts: 0, changes: [] });
    }
    expect(calls()).toEqual(["GET 200", "GET 200", "GET 200"]);
  });

  it("writes a change with the resourceVersion it read, and reports it with the value masked", async () => {
    const ref = await freshSecret();
    const report = await updateWithRetry<Secret>(client, ref, setPassword(NEW_VALUE));
    expect(calls()).toEqual(["GET 200", "PUT 200"]);
    const [get, put] = recorder.exchanges as [Exchange, Exchange];
    const read = (get.response!.body as { value: Secret }).value.metadata!;
    const sent = (put.request.body as { value: Secret }).value.metadata!;
    expect([sent.resourceVersion, sent.uid]).toEqual([read.resourceVersion, read.uid]);
    expect(report.changes).toEqual([
      {
        path: ".data.password",
        op: "replace",
        before: `[redacted len=${VALUE.length}]`,
        after: `[redacted len=${NEW_VALUE.length}]`,
      },
    ]);
    expect(report.resourceVersion.before).toBe(read.resourceVersion);
    expect(Number(report.resourceVersion.after)).toBeGreaterThan(Number(read.resourceVersion));
    expect(secretData(report.object).get("password")).toBe(NEW_VALUE);
  });

  it("on 409 reads again and retries, pausing as client-go's DefaultRetry does (10 ms + up to 10%)", async () => {
    const ref = await freshSecret();
    server.faults.injectConflicts(2, { name: ref.name });
    const { delays, sleep } = fakeSleep();
    const report = await updateWithRetry<Secret>(client, ref, setPassword(NEW_VALUE), {
      sleep,
      random: () => 0.5,
    });
    expect(report).toMatchObject({ attempts: 3, conflicts: 2, changed: true });
    expect(calls()).toEqual(["GET 200", "PUT 409", "GET 200", "PUT 409", "GET 200", "PUT 200"]);
    expect(delays).toEqual([10.5, 10.5]);
  });

  it("gives up after the backoff's steps with UpdateConflictError (no pause after the last attempt)", async () => {
    const ref = await freshSecret();
    server.faults.injectConflicts(100, { name: ref.name });
    const { delays, sleep } = fakeSleep();
    const error = await updateWithRetry<Secret>(client, ref, setPassword(NEW_VALUE), {
      sleep,
      random: () => 1,
      backoff: DEFAULT_CONFLICT_BACKOFF,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpdateConflictError);
    expect(error).toMatchObject({ code: "KUBEWIRE_UPDATE_CONFLICT", attempts: 4, conflicts: 4 });
    expect(isConflict((error as Error).cause)).toBe(true);
    expect(delays).toEqual([11, 55, 275]);
  });

  it("re-runs mutate on the fresh object after a conflict caused by a real concurrent write", async () => {
    const ref = await freshSecret({ count: "0" });
    server.faults.add({
      verb: "update",
      name: ref.name,
      action: { concurrentWrite: (o) => void secretData(o).set("count", "10") },
    });
    const seen: string[] = [];
    const report = await updateWithRetry<Secret>(client, ref, (s) => {
      const data = secretData(s);
      seen.push(data.get("count")!);
      data.set("count", String(Number(data.get("count")) + 1));
    });
    expect(seen).toEqual(["0", "10"]);
    expect(report.conflicts).toBe(1);
    expect(secretData(report.object).get("count")).toBe("11");
  });

  it("can write with a merge patch that carries resourceVersion and uid as preconditions", async () => {
    const ref = await freshSecret();
    server.faults.injectConflicts(1, { name: ref.name });
    const report = await updateWithRetry<Secret>(client, ref, setPassword(NEW_VALUE), {
      strategy: "merge-patch",
      sleep: () => Promise.resolve(),
    });
    expect(calls()).toEqual(["GET 200", "PATCH 409", "GET 200", "PATCH 200"]);
    const patch = recorder.exchanges.at(-1)!;
    expect(patch.request.headers["Content-Type"]).toBe("application/merge-patch+json");
    const body = (patch.request.body as { value: { metadata: object; data: object } }).value;
    expect(Object.keys(body.metadata).sort()).toEqual(["resourceVersion", "uid"]);
    expect(Object.keys(body.data)).toEqual(["password"]);
    expect(report.conflicts).toBe(1);
  });

  it("stops with ObjectReplacedError when the object is deleted and created again under the same name", async () => {
    const ref = await freshSecret();
    const error = await updateWithRetry<Secret>(
      client,
      ref,
      async (secret, { attempt }) => {
        if (attempt === 1) {
          await other.delete("v1", "Secret", ref.name, { namespace: "default" });
          await other.create({
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: ref.name, namespace: "default" },
          });
        }
        secretData(secret).set("password", NEW_VALUE);
      },
      { sleep: () => Promise.resolve() },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectReplacedError);
    // The stale PUT carried the old uid: the server refused it (409) before anything was overwritten.
    expect(calls()).toEqual(["GET 200", "PUT 409", "GET 200"]);
    const now = (await other.get<Secret>("v1", "Secret", ref.name, { namespace: "default" })).object;
    expect(secretData(now).keys()).toEqual([]);
  });

  it("aborts when mutate throws (the error propagates, nothing is written) or changes the object's identity", async () => {
    const ref = await freshSecret();
    const boom = new Error("not today");
    await expect(
      updateWithRetry(client, ref, () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    await expect(
      updateWithRetry(client, ref, (s) => {
        s.metadata!.name = "elsewhere";
      }),
    ).rejects.toBeInstanceOf(InvalidMutationError);
    expect(calls()).toEqual(["GET 200", "GET 200"]);
  });

  it("propagates a 404 of the object (no write, no retry)", async () => {
    const error = await updateWithRetry(
      client,
      { apiVersion: "v1", kind: "Secret", namespace: "default", name: "absent" },
      () => {},
    ).catch((e: unknown) => e);
    expect(isNotFound(error)).toBe(true);
  });

  it("starts from an object already read (a list item) without a GET", async () => {
    const ref = await freshSecret();
    const current = (await other.get<Secret>("v1", "Secret", ref.name, { namespace: "default" })).object;
    await updateWithRetry<Secret>(client, ref, setPassword(NEW_VALUE), { current });
    expect(calls()).toEqual(["PUT 200"]);
  });

  it("in a dry run reports the masked diff and writes nothing; a server dry run sends dryRun=All", async () => {
    const ref = await freshSecret();
    const before = (await other.get<Secret>("v1", "Secret", ref.name, { namespace: "default" })).object;
    const dry = await updateWithRetry<Secret>(
      client,
      ref,
      (s) => {
        secretData(s).set("password", NEW_VALUE);
        secretData(s).set("token", NEW_VALUE);
        secretData(s).delete("user");
      },
      { dryRun: true },
    );
    expect(dry).toMatchObject({ changed: true, dryRun: "client" });
    expect(dry.changes).toEqual([
      {
        path: ".data.password",
        op: "replace",
        before: `[redacted len=${VALUE.length}]`,
        after: `[redacted len=${NEW_VALUE.length}]`,
      },
      { path: ".data.user", op: "remove", before: "[redacted len=3]" },
      { path: ".data.token", op: "add", after: `[redacted len=${NEW_VALUE.length}]` },
    ]);
    const server2 = await updateWithRetry<Secret>(client, ref, setPassword(NEW_VALUE), { dryRun: "server" });
    expect(recorder.exchanges.at(-1)!.request.url).toMatch(/\?dryRun=All$/);
    expect(secretData(server2.object).get("password")).toBe(NEW_VALUE);
    expect(calls()).toEqual(["GET 200", "GET 200", "PUT 200"]);
    const after = (await other.get<Secret>("v1", "Secret", ref.name, { namespace: "default" })).object;
    expect(after.metadata!.resourceVersion).toBe(before.metadata!.resourceVersion);
    expect(secretData(after).get("password")).toBe(VALUE);
  });

  it("keeps Secret values out of reports: the object is there but not enumerable", async () => {
    const ref = await freshSecret();
    const report = await updateWithRetry<Secret>(client, ref, setPassword(NEW_VALUE));
    const printed = JSON.stringify(report) + String(Object.keys(report));
    for (const v of [
      VALUE,
      NEW_VALUE,
      Buffer.from(VALUE).toString("base64"),
      Buffer.from(NEW_VALUE).toString("base64"),
    ])
      expect(printed).not.toContain(v);
    expect(report.object.kind).toBe("Secret");
  });

  it("stops waiting when the call is aborted during a pause", async () => {
    const ref = await freshSecret();
    server.faults.injectConflicts(100, { name: ref.name });
    const controller = new AbortController();
    const pending = updateWithRetry<Secret>(client, ref, setPassword(NEW_VALUE), {
      signal: controller.signal,
      backoff: { durationMs: 60_000 },
      onConflict: () => controller.abort(new Error("stop")),
    });
    await expect(pending).rejects.toThrow("stop");
  });
});

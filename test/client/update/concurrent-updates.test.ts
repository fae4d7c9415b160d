import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  isConflict,
  secretData,
  UpdateConflictError,
  updateWithRetry,
} from "../../../src/index.js";
import type { Secret } from "kubernetes-types/core/v1.js";
import type { KubeClient } from "../../../src/index.js";
import { createFakeApiServer } from "../../../src/testing/index.js";
import type { FakeApiServer } from "../../../src/testing/index.js";

const WRITERS = 20;
const BACKOFF = { steps: 1000, durationMs: 5, factor: 2, jitter: 1, capMs: 640 };
const INCREMENTS = 50;

let server: FakeApiServer;
let client: KubeClient;

beforeAll(async () => {
  server = await createFakeApiServer();
  client = createClient({ server: server.url });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

async function createCounter(name: string): Promise<void> {
  await client.create({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace: "default" },
    stringData: { count: "0" },
  });
}

async function readCount(name: string): Promise<number> {
  const { object } = await client.get<Secret>("v1", "Secret", name, { namespace: "default" });
  return Number(secretData(object).get("count"));
}

function increment(secret: Secret): void {
  const data = secretData(secret);
  data.set("count", String(Number(data.get("count")) + 1));
}

const run = (writer: () => Promise<void>) => Promise.all(Array.from({ length: WRITERS }, writer));

describe(`${WRITERS} concurrent writers x ${INCREMENTS} increments of a counter in one Secret`, () => {
  it("through updateWithRetry end at exactly 1,000, with conflicts met and retried", async () => {
    await createCounter("counter-safe");
    const ref = { apiVersion: "v1", kind: "Secret", namespace: "default", name: "counter-safe" };
    let conflicts = 0;
    let retried = 0;
    await run(async () => {
      for (let i = 0; i < INCREMENTS; i++) {
        // 20 writers on one object need more than DefaultRetry's 5 attempts (exercised below); growing, fully
        // jittered pauses spread the writers out so that fewer of their requests are wasted.
        const report = await updateWithRetry<Secret>(client, ref, increment, { backoff: BACKOFF });
        expect(report.changed).toBe(true);
        conflicts += report.conflicts;
        if (report.conflicts > 0) retried++;
      }
    });
    expect(await readCount("counter-safe")).toBe(WRITERS * INCREMENTS);
    expect(conflicts).toBeGreaterThan(0);
    expect(retried).toBeGreaterThan(0);
    // Every conflict was a real 409 from the server, and each was followed by a fresh GET.
    const puts = server.requests.filter((r) => r.method === "PUT" && r.name === "counter-safe");
    expect(puts.filter((r) => r.status === 409)).toHaveLength(conflicts);
    expect(puts.filter((r) => r.status === 200)).toHaveLength(WRITERS * INCREMENTS);
  });

  it("with client-go's DefaultRetry (5 attempts, 10 ms) some give up under this contention, none is lost", async () => {
    await createCounter("counter-default-retry");
    const ref = { apiVersion: "v1", kind: "Secret", namespace: "default", name: "counter-default-retry" };
    let applied = 0;
    let gaveUp = 0;
    await run(async () => {
      for (let i = 0; i < 10; i++) {
        try {
          await updateWithRetry<Secret>(client, ref, increment);
          applied++;
        } catch (error) {
          expect(error).toBeInstanceOf(UpdateConflictError);
          expect((error as UpdateConflictError).attempts).toBe(5);
          expect(isConflict((error as UpdateConflictError).cause)).toBe(true);
          gaveUp++;
        }
      }
    });
    expect(applied + gaveUp).toBe(WRITERS * 10);
    expect(gaveUp).toBeGreaterThan(0);
    expect(await readCount("counter-default-retry")).toBe(applied);
  });

  it("a naive read-modify-write (GET, change, PUT what was read) loses updates: the server answers 409", async () => {
    await createCounter("counter-naive");
    let rejected = 0;
    await run(async () => {
      for (let i = 0; i < INCREMENTS; i++) {
        const { object } = await client.get<Secret>("v1", "Secret", "counter-naive", {
          namespace: "default",
        });
        increment(object);
        try {
          await client.replace(object);
        } catch (error) {
          if (!isConflict(error)) throw error;
          rejected++;
        }
      }
    });
    const count = await readCount("counter-naive");
    expect(rejected).toBeGreaterThan(0);
    expect(count).toBeLessThan(WRITERS * INCREMENTS);
    expect(count + rejected).toBe(WRITERS * INCREMENTS);
  });

  it("a naive write without resourceVersion is accepted unconditionally and silently loses updates", async () => {
    await createCounter("counter-unconditional");
    await run(async () => {
      for (let i = 0; i < 10; i++) {
        const { object } = await client.get<Secret>("v1", "Secret", "counter-unconditional", {
          namespace: "default",
        });
        increment(object);
        // kubernetes-types marks resourceVersion read-only; the naive writer deletes it all the same.
        delete (object.metadata as { resourceVersion?: string }).resourceVersion;
        await client.replace(object);
      }
    });
    expect(await readCount("counter-unconditional")).toBeLessThan(WRITERS * 10);
  });
});

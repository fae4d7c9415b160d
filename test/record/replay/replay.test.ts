import { fetch, request } from "undici";
import { describe, expect, it } from "vitest";
import { CassetteMissError, createClient, createReplayDispatcher, loadCassette } from "../../../src/index.js";
import { redactionMarker } from "../../../src/record/redact/redact.js";
import type { Cassette } from "../../../src/index.js";
import { fixturePath, readFixture } from "../../helpers/fixtures.js";

const listBody = readFixture("realapi/curl/03b-cm-list-kubectl-ua.body");
const URL_ =
  "https://127.0.0.1:6443/api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3Dblog&limit=500";

describe("the replay dispatcher", () => {
  it("gives undici request() the exact recorded bytes and headers", async () => {
    const dispatcher = createReplayDispatcher(
      await loadCassette(fixturePath("demo/configmaps-by-label.cassette.json")),
    );
    const res = await request(URL_, { dispatcher });
    expect(res.statusCode).toBe(200);
    expect(res.headers["audit-id"]).toBe("285ffdad-2826-424f-9e09-195189573026");
    expect(await res.body.text()).toBe(listBody);
  });

  it("serves fetch too (the legacy handler API)", async () => {
    const dispatcher = createReplayDispatcher(
      await loadCassette(fixturePath("demo/configmaps-by-label.cassette.json")),
    );
    const res = await fetch(URL_, { dispatcher });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(listBody);
  });

  it("matches query parameters in any order, and fails loudly on a miss naming the closest recording", async () => {
    const dispatcher = createReplayDispatcher(
      await loadCassette(fixturePath("demo/configmaps-by-label.cassette.json")),
    );
    const reordered =
      "https://127.0.0.1:6443/api/v1/namespaces/list-resources-ns/configmaps?limit=500&labelSelector=app%3Dblog";
    expect((await request(reordered, { dispatcher })).statusCode).toBe(200);
    const miss = await request(URL_.replace("limit=500", "limit=1"), { dispatcher }).catch((e: unknown) => e);
    expect(miss).toBeInstanceOf(CassetteMissError);
    expect((miss as CassetteMissError).closest[0]?.differences).toEqual(["query -limit=1 +limit=500"]);
    expect((miss as Error).message).toContain("closest:");
  });

  it("replays a GET → PUT 409 → GET → PUT 200 sequence in order, matching writes on their redacted body", async () => {
    const secret = (rv: string, value: string) => ({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s", namespace: "ns", resourceVersion: rv },
      data: { k: value },
    });
    const json = (v: unknown) => ({ kind: "json" as const, value: v, bytes: 1 });
    const base = "https://h/api/v1/namespaces/ns/secrets/s";
    const ex = (seq: number, method: string, status: number, reqBody: unknown, resBody: unknown) => ({
      seq,
      startedAt: "2026-11-25T00:00:00.000000Z",
      durationMs: 1,
      request: { method, url: base, headers: {}, ...(reqBody ? { body: json(reqBody) } : {}) },
      response: {
        status,
        statusText: "",
        headers: { "content-type": "application/json" },
        body: json(resBody),
      },
    });
    const redacted = (rv: string, v: string) => ({ ...secret(rv, v), data: { k: redactionMarker(v) } });
    const cassette: Cassette = {
      version: 1,
      recordedAt: "2026-11-25T00:00:00.000000Z",
      exchanges: [
        ex(0, "GET", 200, undefined, redacted("1", "YQ==")),
        ex(1, "PUT", 409, redacted("1", "Yg=="), { kind: "Status", reason: "Conflict", code: 409 }),
        ex(2, "GET", 200, undefined, redacted("2", "YQ==")),
        ex(3, "PUT", 200, redacted("2", "Yg=="), redacted("3", "Yg==")),
      ],
    };
    const client = createClient({ server: "https://h", dispatcher: createReplayDispatcher(cassette) });
    const put = (rv: string) =>
      client.request({
        method: "PUT",
        path: "/api/v1/namespaces/ns/secrets/s",
        body: JSON.stringify(secret(rv, "Yg==")),
        headers: { "Content-Type": "application/json" },
      });
    expect((await client.get("v1", "Secret", "s", { namespace: "ns" })).exchange.response?.status).toBe(200);
    await expect(put("1")).rejects.toMatchObject({ reason: "Conflict" });
    await client.get("v1", "Secret", "s", { namespace: "ns" });
    expect((await put("2")).status).toBe(200);
  });
});

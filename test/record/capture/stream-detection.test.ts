// A watch is a watch however the client spells it: Python's client sends `?watch=True`, some tools a bare `?watch`,
// old ones the `/watch/` path prefix. Each must be recorded as a stream (chunk by chunk, bounded), not kept whole
// until the end: a days-long watch would otherwise grow the recorder (and `kubewire proxy`) without limit.
import { Agent, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { recordingInterceptor } from "../../../src/record/index.js";
import type { Exchange } from "../../../src/index.js";
import { startHttpServer } from "../../helpers/servers.js";
import type { TestServer } from "../../helpers/servers.js";

const EVENT =
  JSON.stringify({ type: "ADDED", object: { kind: "ConfigMap", metadata: { name: "a" } } }) + "\n";
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function recordedBody(path: string, maxStreamBytes?: number): Promise<Exchange["response"]> {
  server ??= await startHttpServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.write(EVENT);
    res.end(EVENT);
  });
  const exchanges: Exchange[] = [];
  const agent = new Agent().compose(
    recordingInterceptor({
      onExchange: (e) => exchanges.push(e),
      ...(maxStreamBytes ? { maxStreamBytes } : {}),
    }),
  );
  try {
    const res = await request(server.url + path, { dispatcher: agent });
    expect(await res.body.text()).toBe(EVENT + EVENT);
  } finally {
    await agent.close();
  }
  expect(exchanges).toHaveLength(1);
  return exchanges[0]!.response;
}

describe("what the recorder records as a stream", () => {
  it.each([
    "/api/v1/namespaces/ns/configmaps?watch=true",
    "/api/v1/namespaces/ns/configmaps?watch=1",
    "/api/v1/namespaces/ns/configmaps?watch=True&resourceVersion=5",
    "/api/v1/namespaces/ns/configmaps?watch",
    "/api/v1/namespaces/ns/configmaps?watch=&limit=1",
    "/api/v1/namespaces/ns/configmaps?wat%63h=yes",
    "/api/v1/watch/namespaces/ns/configmaps",
    "/apis/apps/v1/watch/deployments?resourceVersion=1",
    "/k8s/clusters/c-abc12/api/v1/watch/namespaces/ns/configmaps",
    "/api/v1/namespaces/ns/pods/p/log?follow=1",
    "/api/v1/namespaces/ns/pods/p/log?follow=True&container=c",
  ])("%s is a stream", async (path) => {
    const response = await recordedBody(path);
    expect(response?.body?.kind).toBe("stream");
  });

  it.each([
    "/api/v1/namespaces/ns/configmaps?watch=false",
    "/api/v1/namespaces/ns/configmaps?watch=FALSE",
    "/api/v1/namespaces/ns/configmaps?watch=0",
    "/api/v1/namespaces/ns/configmaps?watchx=1",
    "/api/v1/namespaces/watch/configmaps",
    "/api/v1/namespaces/ns/pods/p/log?follow=false",
  ])("%s is not", async (path) => {
    const response = await recordedBody(path);
    expect(response?.body?.kind).not.toBe("stream");
  });

  // However the socket cuts the stream into chunks, what is kept is a prefix within the bound, and the rest is counted.
  it.each([1, EVENT.length, EVENT.length + 5])(
    "a `?watch=True` stream is bounded like any watch (maxStreamBytes %i): past it, counted, not kept",
    async (max) => {
      const response = await recordedBody("/api/v1/configmaps?watch=True", max);
      const body = response!.body!;
      expect(body.kind).toBe("stream");
      if (body.kind !== "stream") return;
      const kept = body.chunks.map((c) => c.text).join("");
      expect(kept.length).toBeLessThanOrEqual(max);
      expect((EVENT + EVENT).startsWith(kept)).toBe(true);
      expect(body.truncated).toBe(true);
      expect(body.bytes).toBe(2 * EVENT.length);
    },
  );
});

import { createServer } from "node:http";
import type { ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createRecordingProxy } from "../../src/proxy/index.js";

const BODY_BYTES = 64 * 1024 * 1024;
const PIECE = Buffer.alloc(64 * 1024, "x");

/**
 * An upstream that answers one large body as fast as its socket takes it (waiting for `drain`, as a server does),
 * and counts what its socket took: what the proxy read from it.
 */
async function startLargeBodyServer() {
  const state = { taken: 0, ended: false };
  const server = createServer((_req, res: ServerResponse) => {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(BODY_BYTES) });
    const more = () => {
      while (state.taken < BODY_BYTES) {
        state.taken += PIECE.length;
        if (!res.write(PIECE)) {
          res.once("drain", more);
          return;
        }
      }
      res.end(() => (state.ended = true));
    };
    more();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Resolves once `read()` has not changed for `quietMs` (the pipeline has filled and stalled). */
async function settled(read: () => number, quietMs = 300): Promise<number> {
  let last = -1;
  for (;;) {
    const now = read();
    if (now === last) return now;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

describe("the proxy's relay and a client that stops reading", () => {
  it("pauses the upstream read instead of holding the whole body, and relays all of it once the client reads", async () => {
    const upstream = await startLargeBodyServer();
    const proxy = await createRecordingProxy({ upstream: { server: upstream.url, token: "t" }, v: 0 });
    try {
      const received = await new Promise<number>((resolve, reject) => {
        const req = httpsRequest(`${proxy.url}/api/v1/configmaps`, {
          ca: proxy.ca,
          headers: { Authorization: `Bearer ${proxy.token}` },
        });
        req.on("error", reject);
        req.on("response", (res) => {
          // The client reads nothing: the proxy's writes back up, and it must stop reading the upstream.
          res.pause();
          void settled(() => upstream.state.taken).then((taken) => {
            try {
              // What waits is bounded by socket buffers (the kernel's, on two connections) and the relay's own
              // megabyte, far below the body; a relay that held the whole answer would have taken all of it.
              expect(upstream.state.ended).toBe(false);
              expect(taken).toBeLessThan(BODY_BYTES / 2);
            } catch (error) {
              req.destroy();
              reject(error instanceof Error ? error : new Error(String(error)));
              return;
            }
            let bytes = 0;
            res.on("data", (chunk: Buffer) => (bytes += chunk.length));
            res.on("end", () => resolve(bytes));
            res.on("error", reject);
            res.resume();
          }, reject);
        });
        req.end();
      });
      expect(received).toBe(BODY_BYTES);
      expect(upstream.state.ended).toBe(true);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  }, 120_000);
});

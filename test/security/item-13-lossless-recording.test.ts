// Issue 17, item 13: gzip-compressed watch streams were recorded as compressed bytes although the docs say decoded;
// a multibyte character split across chunks was recorded as U+FFFD.
import type { ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createClient, createRecorder } from "../../src/index.js";
import type { Exchange } from "../../src/index.js";
import { startHttpServer } from "../helpers/servers.js";

async function recordWatch(send: (res: ServerResponse) => void): Promise<string> {
  const server = await startHttpServer((_req, res) => send(res));
  // A compressed stream's exchange arrives once its decompressor has drained, which may be after the watch ends.
  let recorded!: (exchange: Exchange) => void;
  const exchange = new Promise<Exchange>((resolve) => (recorded = resolve));
  const recorder = createRecorder({ onExchange: (e) => recorded(e) });
  const client = createClient({ server: server.url, recorder, retry: false });
  const stop = new AbortController();
  try {
    for await (const _e of client.watch("v1", "ConfigMap", { namespace: "default", signal: stop.signal })) {
      // One event is all each server sends.
      stop.abort();
    }
  } catch (error) {
    if (!stop.signal.aborted) throw error;
  } finally {
    await client.close();
    await server.close();
  }
  const body = (await exchange).response!.body!;
  expect(body.kind).toBe("stream");
  return body.kind === "stream" ? body.chunks.map((c) => c.text).join("") : "";
}

const EVENT =
  JSON.stringify({ type: "ADDED", object: { kind: "ConfigMap", metadata: { name: "é-ü-日本-🙂" } } }) + "\n";

describe("lossless stream recording", () => {
  it("a gzip-encoded watch is recorded decoded", async () => {
    const text = await recordWatch((res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" });
      res.write(gzipSync(EVENT));
    });
    expect(text).toBe(EVENT);
  });

  it("a character split across chunks is recorded whole", async () => {
    const bytes = Buffer.from(EVENT);
    const text = await recordWatch((res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      // One byte per write: every multibyte character arrives split.
      let i = 0;
      const next = () => {
        if (i < bytes.length) res.write(bytes.subarray(i, ++i), () => setImmediate(next));
      };
      next();
    });
    expect(text).toBe(EVENT);
    expect(text).not.toContain("\ufffd");
  });
});

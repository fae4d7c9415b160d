// The proxy's process for run.js: bench/lib/proxy-child.js's `start`/`close`, and a `mem` answer that breaks the
// resident memory down after a full collection (see README.md).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getHeapSpaceStatistics } from "node:v8";
import { createServer } from "node:https";
import { createRecordingProxy } from "kubewire/proxy";
import { residentBreakdown } from "../../lib/memory.js";

/**
 * RSS_BARE=1: no kubewire in the path: an HTTPS server relaying each request with undici's `dispatch` and a raw
 * handler (no recorder, no log, no cassette), with the same 1 MiB pause bound as kubewire's relay.
 */
async function bareRelay() {
  // Imported here: the proxy's own process loads neither.
  const { createSelfSignedCertificate } = await import("kubewire/testing");
  const { Pool } = await import("undici");
  const certificate = createSelfSignedCertificate();
  const pool = new Pool(upstream);
  const server = createServer({ cert: certificate.cert, key: certificate.key }, (req, res) => {
    pool.dispatch(
      { method: req.method, path: req.url, headers: { accept: "application/json" } },
      {
        onRequestStart() {},
        onResponseStart(_c, status, headers) {
          res.writeHead(status, { "content-type": headers["content-type"] ?? "application/json" });
          res.flushHeaders();
        },
        onResponseData(controller, chunk) {
          if (!res.write(chunk) && res.writableLength >= 1024 * 1024) {
            controller.pause();
            res.once("drain", () => controller.resume());
          }
        },
        onResponseEnd: () => res.end(),
        onResponseError: () => res.destroy(),
      },
    );
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${server.address().port}`,
    ca: certificate.ca,
    token: "none",
    close: async () => {
      server.closeAllConnections();
      server.close();
      await pool.close();
    },
  };
}

const [upstream, v] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), "kubewire-rss-proxy-"));
let proxy;

// RSS_TIMELINE=1: the arenas' and V8's resident memory every 100 ms on stderr (no collection forced), to see when
// the arenas grow and shrink between the marks.
if (process.env.RSS_TIMELINE) {
  const t0 = performance.now();
  setInterval(() => {
    const b = residentBreakdown();
    const MB = (x) => (x / 1048576).toFixed(1);
    process.stderr.write(
      `timeline ${Math.round(performance.now() - t0)} ms: thread arenas ${MB(b.threadArenas)} main arena ${MB(b.mainArena)} MB\n`,
    );
  }, 100).unref();
}

process.on("message", async (message) => {
  try {
    if (message.op === "start") {
      proxy = process.env.RSS_BARE
        ? await bareRelay()
        : await createRecordingProxy({
            upstream: { server: upstream },
            ...(process.env.RSS_NO_RECORD ? {} : { record: join(dir, "session.cassette.json") }),
            v: Number(v),
            log: { write: () => true },
          });
      process.send({ url: proxy.url, ca: proxy.ca, token: proxy.token });
    } else if (message.op === "mem") {
      globalThis.gc?.();
      const mu = process.memoryUsage();
      const threads = Number(/^Threads:\s+(\d+)/m.exec(readFileSync("/proc/self/status", "utf8"))[1]);
      const spaces = Object.fromEntries(
        getHeapSpaceStatistics().map((s) => [s.space_name.replace(/_space$/, ""), s.physical_space_size]),
      );
      const cpu = process.cpuUsage();
      process.send({ ...mu, ...residentBreakdown(), threads, spaces, cpuMs: (cpu.user + cpu.system) / 1000 });
    } else if (message.op === "close") {
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
      process.send({});
      process.disconnect();
    }
  } catch (error) {
    process.send({ error: String(error?.stack ?? error) });
  }
});

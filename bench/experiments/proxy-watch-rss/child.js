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

/** Anonymous rw regions with their resident bytes (RSS_REGIONS=1), to see which grow between marks. */
function anonRegions() {
  const out = [];
  let cur;
  for (const line of readFileSync("/proc/self/smaps", "utf8").split("\n")) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m) {
      cur = { start: m[1], size: parseInt(m[2], 16) - parseInt(m[1], 16), perms: m[3], name: m[4], rss: 0 };
      if (m[3].startsWith("rw") && (m[4] === "" || m[4] === "[heap]")) out.push(cur);
      else cur = undefined;
    } else if (cur && line.startsWith("Rss:")) cur.rss = Number(/(\d+)/.exec(line)[1]) * 1024;
  }
  return out;
}

const [upstream, v] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), "kubewire-rss-proxy-"));
let proxy;
let sampler;

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
    } else if (message.op === "sample") {
      // RSS_SAMPLE=1 (run.js): V8's sampling heap profiler between two marks, garbage included, so that what the
      // young generation takes per event can be read by allocation site.
      const { Session } = await import("node:inspector/promises");
      if (!sampler) {
        sampler = new Session();
        sampler.connect();
      }
      if (message.start) {
        await sampler.post("HeapProfiler.startSampling", {
          samplingInterval: 4096,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        });
        process.send({});
      } else {
        const { profile } = await sampler.post("HeapProfiler.stopSampling");
        const sites = new Map();
        const walk = (node, stack) => {
          const frame = `${node.callFrame.functionName || "(anon)"} ${node.callFrame.url.split("/").slice(-2).join("/")}:${node.callFrame.lineNumber + 1}`;
          const here = [...stack, frame];
          if (node.selfSize > 0) {
            const key = here.slice(-4).join(" < ");
            sites.set(key, (sites.get(key) ?? 0) + node.selfSize);
          }
          for (const c of node.children) walk(c, here);
        };
        walk(profile.head, []);
        process.send({ sites: [...sites].sort((a, b) => b[1] - a[1]).slice(0, 25) });
      }
    } else if (message.op === "mem") {
      // Young garbage must go at a minor collection: what survives two forced scavenges is held by something.
      globalThis.gc?.({ type: "minor", execution: "sync" });
      globalThis.gc?.({ type: "minor", execution: "sync" });
      const afterMinor = process.memoryUsage();
      const newUsedAfterMinor = getHeapSpaceStatistics().find(
        (s) => s.space_name === "new_space",
      ).space_used_size;
      globalThis.gc?.();
      const mu = process.memoryUsage();
      const threads = Number(/^Threads:\s+(\d+)/m.exec(readFileSync("/proc/self/status", "utf8"))[1]);
      const spaces = Object.fromEntries(
        getHeapSpaceStatistics().map((s) => [s.space_name.replace(/_space$/, ""), s.physical_space_size]),
      );
      const cpu = process.cpuUsage();
      process.send({
        ...mu,
        ...residentBreakdown(),
        threads,
        spaces,
        cpuMs: (cpu.user + cpu.system) / 1000,
        arrayBuffersAfterMinor: afterMinor.arrayBuffers,
        externalAfterMinor: afterMinor.external,
        heapUsedAfterMinor: afterMinor.heapUsed,
        newUsedAfterMinor,
        newCommitted: getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size,
        regions: process.env.RSS_REGIONS ? anonRegions() : undefined,
      });
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

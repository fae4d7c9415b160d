// Child process of the proxy scenarios: the recording proxy runs in a process of its own, as `kubewire proxy` does
// (its recording work never runs on the client's event loop), in front of the given upstream (trusting the CA the
// parent sends, for an HTTPS upstream), recording to a cassette file and logging at the given --v to a sink that
// discards. It answers the parent over IPC: `start` (its URL, CA and token), `trim` (waits until the cassette file
// holds every exchange so far, says how long that took, how much CPU the process used and how many minor page faults
// it took since the last trim, and what the last request's relay alone took, then forgets the exchanges, so a long
// run does not grow the session), `idle` (only waits for the file), `rss` (its resident set size and heap after a
// full collection, and where the resident memory is: lib/memory.js), `close` (closes the proxy and says how much of
// the first exchange's stream the recording kept). Two switches measure the parts of the proxy's cost
// (docs/benchmarks.md): KUBEWIRE_BENCH_NO_RECORD=1 (no cassette file) and KUBEWIRE_BENCH_HTTP=1 (plain HTTP toward
// the client).
import { subscribe } from "node:diagnostics_channel";
import v8 from "node:v8";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRecordingProxy } from "kubewire/proxy";
import { residentBreakdown } from "./memory.js";

// As `kubewire proxy` runs (bin/kubewire.js sets the same V8 flags for every command; test/cli/v8-flags.test.ts
// holds the two together): WebAssembly in baseline code only, set before undici compiles its parser.
v8.setFlagsFromString("--liftoff-only");

const [upstream, v] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), "kubewire-bench-proxy-"));
let proxy;
let cpuAtTrim = process.cpuUsage();
let faultsAtTrim = process.resourceUsage().minorPageFault;

// What the proxy's process spent between its server taking a request and the answer's `finish` (all of it handed to
// the socket): the relay's share of the CPU and faults, apart from the recording that follows `finish`.
const usage = () => {
  const { userCPUTime, systemCPUTime, minorPageFault } = process.resourceUsage();
  return { cpuUs: userCPUTime + systemCPUTime, systemUs: systemCPUTime, faults: minorPageFault };
};
let relayStart;
let relay = { cpuMs: 0, minorFaults: 0 };
subscribe("http.server.request.start", () => (relayStart = usage()));
subscribe("http.server.response.finish", () => {
  if (!relayStart) return;
  const end = usage();
  relay = {
    cpuMs: (end.cpuUs - relayStart.cpuUs) / 1000,
    // The kernel's share (socket reads and writes, the loopback's delivery to the other end): the rest is Node's
    // TLS, streams and JavaScript.
    systemCpuMs: (end.systemUs - relayStart.systemUs) / 1000,
    minorFaults: end.faults - relayStart.faults,
  };
  relayStart = undefined;
});

process.on("message", async (message) => {
  try {
    if (message.op === "start") {
      proxy = await createRecordingProxy({
        upstream: { server: upstream, ...(message.ca ? { ca: message.ca } : {}) },
        ...(process.env.KUBEWIRE_BENCH_NO_RECORD ? {} : { record: join(dir, "session.cassette.json") }),
        v: Number(v),
        log: { write: () => true },
        ...(process.env.KUBEWIRE_BENCH_HTTP ? { http: true } : {}),
      });
      // Over plain HTTP the token is the path's first segment (see docs/proxy.md).
      const url = proxy.ca ? proxy.url : `${proxy.url}/${proxy.token}`;
      process.send({ url, ca: proxy.ca, token: proxy.token });
    } else if (message.op === "idle") {
      const t0 = performance.now();
      await proxy.flush?.();
      process.send({ waitedMs: performance.now() - t0 });
    } else if (message.op === "trim") {
      const t0 = performance.now();
      // A build without flush() (before issue 14's fix) writes on its own schedule: nothing to wait for.
      await proxy.flush?.();
      const waitedMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpuAtTrim);
      cpuAtTrim = process.cpuUsage();
      const faults = process.resourceUsage().minorPageFault;
      const minorFaults = faults - faultsAtTrim;
      faultsAtTrim = faults;
      proxy.exchanges.length = 0;
      process.send({ waitedMs, cpuMs: (cpu.user + cpu.system) / 1000, minorFaults, relay });
    } else if (message.op === "rss") {
      globalThis.gc?.();
      const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
      // Read after the RSS (the read's own allocations are not in it): where the resident memory is. V8's young
      // generation grows (its semi-spaces double, up to 16 MiB each) when much survives it, and its pages turn
      // resident as allocation walks through them: a share of the RSS that heapUsed does not show.
      const breakdown = residentBreakdown();
      const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
      process.send({
        rss,
        heapTotal,
        heapUsed,
        external: external + arrayBuffers,
        arrayBuffers,
        youngCommitted: young?.space_size,
        youngResident: young?.physical_space_size,
        ...breakdown,
      });
    } else if (message.op === "close") {
      await proxy.close();
      const body = proxy.exchanges[0]?.response?.body;
      const recordedStreamBytes =
        body?.kind === "stream" ? body.chunks.reduce((sum, c) => sum + Buffer.byteLength(c.text), 0) : 0;
      rmSync(dir, { recursive: true, force: true });
      process.send({ recordedStreamBytes, cut: body?.truncated === true });
      process.disconnect();
    }
  } catch (error) {
    process.send({ error: String(error?.stack ?? error) });
  }
});

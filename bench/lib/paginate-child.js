// Child process of the pagination scenario: iterates every item of a paged list and reports, as JSON on stdout,
// how many it saw and its own peak resident set size.
import { readFileSync } from "node:fs";
import { createClient } from "kubewire";

/**
 * This process's own peak RSS: Linux's VmHWM, the high-water mark of the memory this program mapped. getrusage's
 * ru_maxrss is not that for a spawned child: Linux carries it over fork and exec, so it starts at what the parent
 * held when it spawned the child (a bench process that has just imported a 100 MB log: 300 MB and more, whatever
 * the child does). Elsewhere ru_maxrss is all there is.
 */
function ownPeakRssBytes() {
  try {
    const kB = /^VmHWM:\s*(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kB !== undefined) return Number(kB) * 1024;
  } catch {
    // Not Linux.
  }
  return process.resourceUsage().maxRSS * 1024;
}

const [server, limit] = process.argv.slice(2);
const client = createClient({ server });
const started = performance.now();
let items = 0;
let bytes = 0;
for await (const cm of client.listItems("v1", "ConfigMap", { namespace: "bench", limit: Number(limit) })) {
  items++;
  bytes += cm.metadata?.name?.length ?? 0;
}
const ms = performance.now() - started;
await client.close();
process.stdout.write(
  JSON.stringify({
    items,
    ms,
    peakRssBytes: ownPeakRssBytes(),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsed: process.memoryUsage().heapUsed,
    bytes,
  }) + "\n",
);

// Child process of the pagination scenario: iterates every item of a paged list and reports, as JSON on stdout,
// how many it saw and its own peak resident set size (getrusage's ru_maxrss).
import { createClient } from "kubewire";

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
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsed: process.memoryUsage().heapUsed,
    bytes,
  }) + "\n",
);

// Issue 14, session 9: what grows in the proxy's resident memory over a watch? The method of
// bench/scenarios/proxy.js's watch scenario (a plain-HTTP server holding one watch open, events of ~1 kB written
// only when told to, the proxy in a child process with a cassette file and --v 6, an undici client over HTTPS),
// with more marks and, at each, the child's memory broken down after a full collection (child.js).
// Usage: flock /tmp/bench.lock node bench/experiments/proxy-watch-rss/run.js [events=10000] [node flags of the proxy]
// Environment (passed to the proxy's process): RSS_NO_RECORD=1 (no cassette file), RSS_BARE=1 (a bare undici relay
// instead of kubewire's proxy), RSS_TIMELINE=1 (its arenas every 100 ms on stderr), MALLOC_ARENA_MAX=... and the
// like; RSS_TRIM=1 calls malloc_trim(0) in the proxy's process through gdb after each mark and shows the memory
// again; RSS_WRAP=/path/to/script runs the proxy's process through a wrapper (e.g. one that execs strace -f -k).
import { execFileSync, fork } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { configMap } from "../../lib/data.js";

const [nArg, ...flags] = process.argv.slice(2);
const n = Number(nArg ?? 10_000);
// RSS_MARKS=1000,5000,10000: the scenario's own marks (fewer forced collections between them).
const marks = (
  process.env.RSS_MARKS?.split(",").map(Number) ?? [
    1000, 2000, 3000, 4000, 5000, 7500, 10_000, 15_000, 20_000, 40_000,
  ]
).filter((m) => m <= n);

function ask(child, message) {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("message", (answer) => {
      child.off("error", reject);
      if (answer.error) reject(new Error(answer.error));
      else resolve(answer);
    });
    child.send(message);
  });
}

const event = (i) =>
  JSON.stringify({ type: "MODIFIED", object: { kind: "ConfigMap", apiVersion: "v1", ...configMap(i) } }) +
  "\n";

let res;
let opened;
const open = new Promise((resolve) => (opened = resolve));
const server = createServer((req, r) => {
  res = r;
  r.writeHead(200, { "Content-Type": "application/json", "Transfer-Encoding": "chunked" });
  r.flushHeaders();
  opened();
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const upstream = `http://127.0.0.1:${server.address().port}`;
const child = fork(fileURLToPath(new URL("child.js", import.meta.url)), [upstream, "6"], {
  execArgv: ["--expose-gc", ...flags],
  ...(process.env.RSS_WRAP ? { execPath: process.env.RSS_WRAP } : {}),
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const proxy = await ask(child, { op: "start" });
const client = new Agent({ connect: { ca: proxy.ca } });
const watch = await request(`${proxy.url}/api/v1/namespaces/bench/configmaps?watch=true`, {
  dispatcher: client,
  headers: { Authorization: `Bearer ${proxy.token}` },
});
await open;
let received = 0;
let waiting;
let pending = "";
watch.body.on("data", (chunk) => {
  pending += chunk.toString("utf8");
  const lines = pending.split("\n");
  pending = lines.pop();
  received += lines.length;
  if (waiting && received >= waiting.count) waiting.resolve();
});
let lastRegions = new Map();
let sampling = false;
const MB = (x) => (x / 1048576).toFixed(1);
const show = (events, m) => {
  const row = {
    events,
    rss: MB(m.rss),
    anon: MB(m.rssAnon),
    file: MB(m.rssFile),
    heapTotal: MB(m.heapTotal),
    heapUsed: MB(m.heapUsed),
    new: MB(m.spaces.new),
    newCommitted: MB(m.newCommitted),
    old: MB(m.spaces.old),
    code: MB(m.spaces.code),
    large: MB(m.spaces.large_object + m.spaces.new_large_object),
    external: MB(m.external),
    arrayBuffers: MB(m.arrayBuffers),
    mainArena: MB(m.mainArena),
    threadArenas: MB(m.threadArenas),
    // Anonymous memory that is neither malloc's arenas: mostly V8's heap pages (heapTotal) and mmapped allocations.
    otherAnon: MB(m.rssAnon - m.mainArena - m.threadArenas),
    threads: m.threads,
    cpuMs: Math.round(m.cpuMs),
    arrayBuffersAfterMinor: MB(m.arrayBuffersAfterMinor),
    externalAfterMinor: MB(m.externalAfterMinor),
    heapUsedAfterMinor: MB(m.heapUsedAfterMinor),
    newUsedAfterMinor: MB(m.newUsedAfterMinor),
  };
  if (m.regions) {
    // Regions whose resident bytes moved by 256 KiB or more since the last mark.
    const moved = [];
    for (const r of m.regions) {
      const before = lastRegions.get(r.start);
      if (Math.abs(r.rss - (before?.rss ?? 0)) >= 256 * 1024)
        moved.push(`${r.start}+${MB(r.size)}${r.name}:${MB(before?.rss ?? 0)}->${MB(r.rss)}`);
    }
    lastRegions = new Map(m.regions.map((r) => [r.start, r]));
    row.moved = moved.join(" ");
  }
  console.log(JSON.stringify(row));
};
show(0, await ask(child, { op: "mem" }));
let next = 0;
for (const mark of marks) {
  while (next < mark) if (!res.write(event(next++))) await new Promise((r) => res.once("drain", r));
  if (received < mark) await new Promise((resolve) => (waiting = { count: mark, resolve }));
  show(mark, await ask(child, { op: "mem" }));
  if (process.env.RSS_SAMPLE) {
    if (sampling) {
      for (const [site, bytes] of (await ask(child, { op: "sample" })).sites)
        console.log(`${MB(bytes).padStart(7)} MB  ${site}`);
    }
    sampling = true;
    await ask(child, { op: "sample", start: true });
  }
  if (process.env.RSS_TRIM) {
    // What glibc keeps but nothing uses: malloc_trim(0) in the proxy's process (through gdb) gives back every free
    // page of every arena; the memory that remains is in use.
    execFileSync("gdb", ["-p", String(child.pid), "-batch", "-ex", "call (int)malloc_trim(0)"], {
      stdio: "ignore",
    });
    show(`${mark} trimmed`, await ask(child, { op: "mem" }));
  }
}
res.end();
await new Promise((resolve) => watch.body.on("end", resolve));
show("end", await ask(child, { op: "mem" }));
await ask(child, { op: "close" });
await client.close();
server.closeAllConnections();
server.close();

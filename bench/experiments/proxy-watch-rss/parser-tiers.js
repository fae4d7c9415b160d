// What undici's llhttp costs in each of V8's WebAssembly tiers: this process reads, with undici, a chunked stream of
// 10,000 watch events (~1 kB each, one chunk per event) and a 9.4 MB list with a Content-Length from a server in a
// child process, first untimed (warm-up: enough parsing for the dynamic tier-up to TurboFan), then timed (this
// process's CPU, all threads). Run it with the tier to try (in bench/experiments/proxy-watch-rss):
//   flock /tmp/bench.lock node parser-tiers.js                  # Liftoff, then TurboFan (V8's default)
//   flock /tmp/bench.lock node --liftoff-only parser-tiers.js   # Liftoff only
//   flock /tmp/bench.lock node --no-liftoff parser-tiers.js     # TurboFan only
import { fork } from "node:child_process";
import { createServer } from "node:http";
import { Agent, request } from "undici";
import { configMap, configMapListBody } from "../../lib/data.js";

if (process.argv[2] === "server") {
  const events = Array.from({ length: 10_000 }, (_, i) =>
    Buffer.from(
      JSON.stringify({ type: "MODIFIED", object: { kind: "ConfigMap", apiVersion: "v1", ...configMap(i) } }) +
        "\n",
    ),
  );
  const list = Buffer.from(configMapListBody(10_000));
  const server = createServer(async (req, res) => {
    if (req.url === "/list") {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": list.length });
      res.end(list);
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json", "Transfer-Encoding": "chunked" });
    for (const e of events) if (!res.write(e)) await new Promise((r) => res.once("drain", r));
    res.end();
  });
  server.listen(0, "127.0.0.1", () => process.send(server.address().port));
} else {
  const child = fork(new URL(import.meta.url).pathname, ["server"], { execArgv: [] });
  const port = await new Promise((resolve) => child.once("message", resolve));
  const agent = new Agent();
  const read = async (path) => {
    const res = await request(`http://127.0.0.1:${port}${path}`, { dispatcher: agent });
    let n = 0;
    for await (const chunk of res.body) n += chunk.length;
    return n;
  };
  const cpu = async (path, times) => {
    const c0 = process.cpuUsage();
    for (let i = 0; i < times; i++) await read(path);
    const c = process.cpuUsage(c0);
    return Math.round((c.user + c.system) / 1000 / times);
  };
  await cpu("/watch", 3);
  await cpu("/list", 3);
  await new Promise((r) => setTimeout(r, 1500)); // a background tier-up finishes
  const out = { flags: process.execArgv.join(" ") || "(default)" };
  out.watchCpuMs = [await cpu("/watch", 10), await cpu("/watch", 10), await cpu("/watch", 10)];
  out.listCpuMs = [await cpu("/list", 20), await cpu("/list", 20), await cpu("/list", 20)];
  console.log(JSON.stringify(out));
  await agent.close();
  child.kill();
}

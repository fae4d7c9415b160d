// Issue 14, session 8: how low can a relay in a process of its own bring the proxy's list ratio? The method of
// bench/scenarios/proxy.js's first scenario (the same HTTPS server and undici client in this process, the relay in a
// child, contender and direct alternated by lib/measure.js's compare, medians of 21), with relays other than
// kubewire's behind the same IPC protocol as lib/proxy-child.js:
//   kw        kubewire proxy, recording, --v 6 (what the scenario measures)
//   kw-norec  kubewire proxy without a cassette file (its relay alone)
//   kw-norec-liftoff  the same, its process run with --liftoff-only (session 9)
//   raw       raw-child.js: TLS both legs, the response passed through as the server's exact bytes
//   raw128    the same, its listener preferring TLS_AES_128_GCM_SHA256
//   tcp       tcp-child.js: a Node TCP pipe, TLS end to end (no decryption in the middle)
//   splice    splice-child.js: a C splice(2) TCP pipe, TLS end to end: the floor of any extra hop
// Usage (after npm run build, under the bench lock):
//   flock /tmp/bench.lock node --expose-gc bench/experiments/proxy-floor/run.js splice raw kw-norec raw128
// One JSON line per relay on stdout. Besides the ratio: the relay process's CPU per list, its CPU from request to
// the response's last byte (relayCpuMs, relaySysMs), and this process's CPU per run (server and client) through
// the relay and directly.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createSelfSignedCertificate } from "kubewire/testing";
import { Agent, request } from "undici";
import { configMapListBody } from "../../lib/data.js";
import { compare, median } from "../../lib/measure.js";
import { startBenchServer } from "../../lib/server.js";

const LIST_PATH = "/api/v1/namespaces/bench/configmaps";
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const KW = here("../../lib/proxy-child.js");
const RAW = here("raw-child.js");
const relays = {
  kw: { child: KW, env: {} },
  "kw-norec": { child: KW, env: { KUBEWIRE_BENCH_NO_RECORD: "1" } },
  // Session 9: the same with V8's WebAssembly baseline compiler only, so undici's llhttp parser is never tiered up
  // to TurboFan (what that costs or saves the relay; see ../proxy-watch-rss/README.md).
  "kw-norec-liftoff": { child: KW, env: { KUBEWIRE_BENCH_NO_RECORD: "1" }, args: ["--liftoff-only"] },
  raw: { child: RAW, env: {} },
  raw128: { child: RAW, env: { RAW_AES128: "1" } },
  tcp: { child: here("tcp-child.js"), env: {} },
  splice: { child: here("splice-child.js"), env: {} },
};

async function getAll(agent, url, headers = {}) {
  const res = await request(url, { dispatcher: agent, headers: { Accept: "application/json", ...headers } });
  const body = Buffer.from(await res.body.arrayBuffer());
  if (res.statusCode !== 200)
    throw new Error(`GET ${url}: ${res.statusCode} ${body.toString().slice(0, 200)}`);
  return body;
}

async function withCpu(list, fn) {
  const c0 = process.cpuUsage();
  const r = await fn();
  const c = process.cpuUsage(c0);
  list.push((c.user + c.system) / 1000);
  return r;
}

function ask(child, message) {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("message", (answer) => {
      child.off("error", reject);
      resolve(answer);
    });
    child.send(message);
  });
}

async function startChild(relay, upstream, ca) {
  const child = fork(relay.child, [upstream, "6"], {
    execArgv: ["--expose-gc", ...(relay.args ?? [])],
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    env: { ...process.env, ...relay.env },
  });
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += c));
  const started = await ask(child, { op: "start", ca });
  if (started.error) throw new Error(started.error + stderr);
  return { child, ...started };
}

const names = process.argv.slice(2);
for (const name of names) if (!relays[name]) throw new Error(`unknown relay ${name}: ${Object.keys(relays)}`);
const body = Buffer.from(configMapListBody(10_000));
const certificate = createSelfSignedCertificate();
const server = await startBenchServer((u) => (u.pathname === LIST_PATH ? body : undefined), {
  tls: certificate,
});
const direct = new Agent({ connect: { ca: certificate.ca } });
try {
  for (const name of names) {
    const proxy = await startChild(relays[name], server.url, certificate.ca);
    const agent = new Agent({ connect: { ca: proxy.ca } });
    const auth = { Authorization: `Bearer ${proxy.token}` };
    try {
      // Every relay must hand the client the server's bytes.
      if (!(await getAll(agent, `${proxy.url}${LIST_PATH}`, auth)).equals(body))
        throw new Error(`${name}: the body differs`);
      const trims = [];
      const mainProxied = [];
      const mainDirect = [];
      const r = await compare({
        runs: 21,
        before: async (which) => {
          const t = await ask(proxy.child, { op: which === "contender" ? "trim" : "idle" });
          if (which === "contender") trims.push(t);
        },
        contender: () => withCpu(mainProxied, () => getAll(agent, `${proxy.url}${LIST_PATH}`, auth)),
        baseline: () => withCpu(mainDirect, () => getAll(direct, `${server.url}${LIST_PATH}`)),
      });
      const last = await ask(proxy.child, { op: "trim" });
      trims.push(last);
      await ask(proxy.child, { op: "close" });
      // The first trims hold the start and the warm-up rounds (as in scenarios/proxy.js).
      const t = trims.slice(3);
      const round = (x) => Math.round(x * 10) / 10;
      console.log(
        JSON.stringify({
          relay: name,
          ratio: Math.round(r.ratio * 1000) / 1000,
          contenderMs: round(r.contenderMs),
          directMs: round(r.baselineMs),
          relayProcessCpuMsPerList: round(median(t.map((x) => x.cpuMs))),
          relayCpuMs: round(median(t.map((x) => x.relay.cpuMs))),
          relaySysMs: round(median(t.map((x) => x.relay.systemCpuMs ?? 0))),
          mainCpuMsProxied: round(median(mainProxied.slice(4))),
          mainCpuMsDirect: round(median(mainDirect.slice(4))),
          ...(last.ciphers ? { ciphers: last.ciphers } : {}),
          ...(last.capturedBytes !== undefined ? { capturedBytes: last.capturedBytes } : {}),
        }),
      );
    } finally {
      proxy.child.kill();
      await agent.close();
    }
  }
} finally {
  await direct.close();
  await server.close();
}

import { fork } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { createSelfSignedCertificate } from "kubewire/testing";
import { Agent, request } from "undici";
import { configMap, configMapListBody } from "../lib/data.js";
import { dataOf, mb } from "../lib/format.js";
import { compare, median } from "../lib/measure.js";
import { startBenchServer } from "../lib/server.js";

const LIST_PATH = "/api/v1/namespaces/bench/configmaps";
const CHILD = fileURLToPath(new URL("../lib/proxy-child.js", import.meta.url));

/** GETs a URL and reads the whole body, as a client does. */
async function getAll(agent, url, headers = {}) {
  const res = await request(url, { dispatcher: agent, headers: { Accept: "application/json", ...headers } });
  const body = Buffer.from(await res.body.arrayBuffer());
  if (res.statusCode !== 200)
    throw new Error(`GET ${url}: ${res.statusCode} ${body.toString().slice(0, 200)}`);
  return body.length;
}

/**
 * Starts the proxy in a child process (see lib/proxy-child.js) and returns it with its answer to `start`.
 * @param {string} upstream
 * @param {number} v
 * @param {{ ca?: string, env?: Record<string, string> }} [options] the upstream's CA; switches of the child
 */
async function startProxyChild(upstream, v, options = {}) {
  const child = fork(CHILD, [upstream, String(v)], {
    execArgv: ["--expose-gc"],
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    env: { ...process.env, ...options.env },
  });
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += c));
  const started = await ask(child, { op: "start", ca: options.ca });
  if (started.error) throw new Error(`the proxy's process failed: ${started.error}\n${stderr}`);
  return { child, ...started };
}

/**
 * The proxy as a user runs it (`kubewire proxy --record session.cassette.json --v N`: HTTPS with its throwaway CA,
 * in a process of its own), against the same server read directly, alternately; each run is a whole request, from
 * sending it to holding the whole body. The server speaks HTTPS with a CA made here, which the proxy trusts as a
 * kubeconfig's `certificate-authority-data` and the direct client trusts too: a real API server is HTTPS, so
 * "direct" is an HTTPS request (`tls: false` measures a plain-HTTP server, read directly over plain HTTP).
 *
 * Before each run, untimed, the proxy's process waits until its cassette file holds the last exchange (so neither
 * side is timed while the proxy records on the machine's other core), and before each run of the contender it
 * forgets its exchanges (so the session stays one list long). What that hides is reported beside the ratio: the
 * proxy's CPU per proxied list (relay and recording), the same without a cassette file (a second proxy process, a
 * few rounds), and how long the wait for the file took after a contender run.
 * @param {{ quick: boolean, v: 6 | 9, tls?: boolean }} options
 */
async function proxiedList({ quick, v, tls = true }) {
  const n = quick ? 2000 : 10_000;
  const body = Buffer.from(configMapListBody(n));
  const certificate = tls ? createSelfSignedCertificate() : undefined;
  const route = (url) => (url.pathname === LIST_PATH ? body : undefined);
  const server = await startBenchServer(route, certificate ? { tls: certificate } : {});
  const ca = certificate?.ca;
  const proxy = await startProxyChild(server.url, v, { ca });
  const direct = new Agent(ca ? { connect: { ca } } : {});
  const proxied = new Agent({ connect: { ca: proxy.ca } });
  const auth = { Authorization: `Bearer ${proxy.token}` };
  const trims = [];
  const waits = [];
  let afterContender = false;
  let bare;
  try {
    const r = await compare({
      runs: quick ? 3 : 21,
      before: async (which) => {
        const t = await ask(proxy.child, { op: which === "contender" ? "trim" : "idle" });
        // The first wait after a contender run is for the recording of its exchange.
        if (afterContender) waits.push(t.waitedMs);
        afterContender = which === "contender";
        if (which === "contender") trims.push(t);
      },
      contender: () => getAll(proxied, `${proxy.url}${LIST_PATH}`, auth),
      baseline: () => getAll(direct, `${server.url}${LIST_PATH}`),
    });
    trims.push(await ask(proxy.child, { op: "trim" }));
    await ask(proxy.child, { op: "close" });
    // The same requests through a proxy that keeps no cassette file: its CPU is the relay's alone.
    bare = await startProxyChild(server.url, v, { ca, env: { KUBEWIRE_BENCH_NO_RECORD: "1" } });
    const bareAgent = new Agent({ connect: { ca: bare.ca } });
    const bareTrims = [];
    for (let i = 0; i < (quick ? 3 : 9); i++) {
      bareTrims.push(await ask(bare.child, { op: "trim" }));
      await getAll(bareAgent, `${bare.url}${LIST_PATH}`, { Authorization: `Bearer ${bare.token}` });
    }
    bareTrims.push(await ask(bare.child, { op: "trim" }));
    await bareAgent.close();
    await ask(bare.child, { op: "close" });
    // The first trim's CPU is the proxy's start; the warm-up rounds are left out with it.
    const cpu = trims.slice(3).map((t) => t.cpuMs);
    const bareCpu = bareTrims.slice(2).map((t) => t.cpuMs);
    // Minor page faults: on a VM where the first touch of a fresh page is dear, the proxy's fresh memory per list.
    const faults = trims.slice(3).map((t) => t.minorFaults);
    const bareFaults = bareTrims.slice(2).map((t) => t.minorFaults);
    // The relay's share: from the proxy's server taking the request to the answer's `finish`.
    const relays = trims.slice(3).map((t) => t.relay);
    return {
      ...r,
      n,
      unit: "ratio",
      data: dataOf(n, "ConfigMaps", body.length),
      sizeBytes: body.length,
      upstream: tls ? "https" : "http",
      proxyCpuMsPerList: median(cpu),
      proxyCpuMsPerListWithoutCassette: median(bareCpu),
      recordingCpuMsPerList: median(cpu) - median(bareCpu),
      proxyMinorFaultsPerList: median(faults),
      proxyMinorFaultsPerListWithoutCassette: median(bareFaults),
      relayCpuMsPerList: median(relays.map((x) => x.cpuMs)),
      relaySystemCpuMsPerList: median(relays.map((x) => x.systemCpuMs ?? 0)),
      relayMinorFaultsPerList: median(relays.map((x) => x.minorFaults)),
      cassetteWaitMs: median(waits.slice(2)),
      cassetteWaitMaxMs: Math.max(...waits.slice(2)),
    };
  } finally {
    proxy.child.kill();
    bare?.child.kill();
    await direct.close();
    await proxied.close();
    await server.close();
  }
}

/** A ConfigMap watch event of about 1 kB. */
function event(i) {
  return (
    JSON.stringify({ type: "MODIFIED", object: { kind: "ConfigMap", apiVersion: "v1", ...configMap(i) } }) +
    "\n"
  );
}

/**
 * A server that holds one watch open and writes events only when told to (`send(k)`), so the figures are taken
 * with the same number of events through every part.
 */
async function startWatchServer() {
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
  let next = 0;
  let bytes = 0;
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    opened: open,
    get bytes() {
      return bytes;
    },
    /** Writes k more events, waiting for the socket to drain as a server does. */
    async send(k) {
      for (let j = 0; j < k; j++) {
        const text = event(next++);
        bytes += Buffer.byteLength(text);
        if (!res.write(text)) await new Promise((resolve) => res.once("drain", resolve));
      }
    },
    end: () => res.end(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/** Asks the proxy's process something and waits for its answer. */
function ask(child, message) {
  return new Promise((resolve, reject) => {
    const failed = (error) => reject(error);
    child.once("error", failed);
    child.once("message", (answer) => {
      child.off("error", failed);
      resolve(answer);
    });
    child.send(message);
  });
}

/**
 * A watch of 10,000 events through the proxy, which runs in a child process of its own (recording to a cassette,
 * logging at --v 6): the proxy's RSS, after a full collection, when the client has received 1,000, 5,000 and
 * 10,000 events. Recording of a stream is bounded (the recorder keeps the first 4 MiB of a stream and marks the
 * rest cut, `DEFAULT_MAX_RECORDED_STREAM_BYTES`), so once past that the figure must stop growing.
 * @param {{ quick: boolean }} ctx
 */
async function watchRss({ quick }) {
  const n = quick ? 2000 : 10_000;
  const marks = quick ? [200, 1000, 2000] : [1000, 5000, 10_000];
  const upstream = await startWatchServer();
  const proxy = await startProxyChild(upstream.url, 6);
  const child = proxy.child;
  const client = new Agent({ connect: { ca: proxy.ca } });
  try {
    const res = await request(`${proxy.url}${LIST_PATH}?watch=true`, {
      dispatcher: client,
      headers: { Authorization: `Bearer ${proxy.token}` },
    });
    await upstream.opened;
    let received = 0;
    let waiting;
    let pending = "";
    res.body.on("data", (chunk) => {
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop();
      received += lines.length;
      if (waiting && received >= waiting.count) waiting.resolve();
    });
    const receivedAll = (count) =>
      received >= count ? Promise.resolve() : new Promise((resolve) => (waiting = { count, resolve }));
    const baseline = (await ask(child, { op: "rss" })).rss;
    const samples = [];
    let sent = 0;
    for (const mark of marks) {
      await upstream.send(mark - sent);
      sent = mark;
      await receivedAll(mark);
      const m = await ask(child, { op: "rss" });
      samples.push({
        events: mark,
        rssMB: m.rss / 1e6,
        heapUsedMB: m.heapUsed / 1e6,
        // The heap V8 keeps (its young generation grows while many objects survive, shrinks later): a share of
        // RSS that heapUsed does not show.
        heapTotalMB: (m.heapTotal ?? 0) / 1e6,
        externalMB: m.external / 1e6,
        // The young generation's reserved and resident bytes, and the ArrayBuffers' (bench/lib/proxy-child.js).
        ...(m.youngCommitted === undefined
          ? {}
          : {
              youngCommittedMB: m.youngCommitted / 1e6,
              youngResidentMB: m.youngResident / 1e6,
              arrayBuffersMB: m.arrayBuffers / 1e6,
            }),
        // Where the rest is (Linux): glibc's main arena and its thread arenas, where V8's background work mallocs;
        // a one-off TurboFan compilation of undici's llhttp parser holds about 30 MB there while it runs
        // (bench/experiments/proxy-watch-rss/README.md).
        ...(m.threadArenas === undefined
          ? {}
          : {
              rssAnonMB: m.rssAnon / 1e6,
              rssFileMB: m.rssFile / 1e6,
              mainArenaMB: m.mainArena / 1e6,
              threadArenasMB: m.threadArenas / 1e6,
            }),
      });
    }
    upstream.end();
    await new Promise((resolve) => res.body.on("end", resolve));
    const closed = await ask(child, { op: "close" });
    const first = samples[0].rssMB;
    const last = samples.at(-1).rssMB;
    const middle = samples[1].rssMB;
    // Flat means no sample above the first by more than the goal, not only the last one.
    const highest = Math.max(...samples.map((x) => x.rssMB));
    // Reported beside the figure, not instead of it: the same ratio without the thread arenas, whose swings are
    // V8's background work (above) rather than anything the proxy keeps.
    const withoutArenas = samples.map((x) => x.rssMB - (x.threadArenasMB ?? 0));
    return {
      n,
      ratio: highest / first,
      unit: "ratio",
      data: `${dataOf(n, "watch events", upstream.bytes)}; proxy RSS (heap) ${samples.map((s) => `${s.events.toLocaleString("en")}: ${s.rssMB.toFixed(0)} (${s.heapUsedMB.toFixed(0)}) MB`).join(", ")}`,
      growthMB: last - first,
      growthLastHalfMB: last - middle,
      baselineRssMB: baseline / 1e6,
      ...(samples[0].threadArenasMB === undefined
        ? {}
        : {
            ratioWithoutThreadArenas: Math.max(...withoutArenas) / withoutArenas[0],
            threadArenasMaxMB: Math.max(...samples.map((x) => x.threadArenasMB)),
          }),
      samples,
      recordedStreamBytes: closed.recordedStreamBytes,
      recordedCut: closed.cut,
      sizeBytes: upstream.bytes,
      events: received,
      streamed: mb(upstream.bytes),
    };
  } finally {
    child.kill();
    await client.close();
    await upstream.close();
  }
}

export const scenarios = [
  {
    name: "proxy: a 10,000-ConfigMap list through kubewire proxy (recording, --v 6)",
    contender: "undici GET through createRecordingProxy (HTTPS, record, v 6) of an HTTPS server",
    baseline: "undici GET of the same HTTPS server directly",
    goal: { max: 1.1 },
    run: ({ quick }) => proxiedList({ quick, v: 6 }),
  },
  {
    name: "proxy: the same list at the CLI's default --v 9 (the whole body rendered into the log)",
    contender: "undici GET through createRecordingProxy (HTTPS, record, v 9) of an HTTPS server",
    baseline: "undici GET of the same HTTPS server directly",
    goal: { report: true },
    run: ({ quick }) => proxiedList({ quick, v: 9 }),
  },
  {
    name: "proxy: the same list at --v 6 from a plain-HTTP server (direct is then plain HTTP, the proxy HTTPS)",
    contender: "undici GET through createRecordingProxy (HTTPS, record, v 6) of an HTTP server",
    baseline: "undici GET of the same HTTP server directly",
    goal: { report: true },
    run: ({ quick }) => proxiedList({ quick, v: 6, tls: false }),
  },
  {
    name: "proxy: a watch of 10,000 events keeps the proxy's RSS flat (highest RSS at 1k/5k/10k events / at 1k)",
    contender: "proxy's highest RSS at 1,000, 5,000 and 10,000 events (child process, record, v 6)",
    baseline: "proxy RSS after 1,000 events",
    goal: { max: 1.2 },
    run: watchRss,
  },
];

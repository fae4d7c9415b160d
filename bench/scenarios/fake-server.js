// The in-memory API server (kubewire/testing) under the two loads issue 18 names: a 1,000-object list answered in
// at most twice the time JSON.stringify of that list takes, and 20 kubectl processes at once.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, request } from "undici";
import { createFakeApiServer } from "kubewire/testing";
import { compare, median, timeOnce } from "../lib/measure.js";
import { configMap } from "../lib/data.js";
import { dataOf } from "../lib/format.js";
import { runProcess } from "../lib/processes.js";

const KUBECTL = "/usr/lib/google-cloud-sdk/bin/kubectl.1.33";

/** The ConfigMaps as a client would create them: the server writes uid, resourceVersion, managedFields itself. */
function seed(n, namespace) {
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } },
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "other" } },
    ...Array.from({ length: n }, (_, i) => {
      const { metadata, data } = configMap(i);
      return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: metadata.name, namespace, labels: metadata.labels },
        data,
      };
    }),
  ];
}

export const scenarios = [
  {
    name: "fake API server: list of 1,000 ConfigMaps over HTTP",
    contender: "GET of the list from createFakeApiServer (undici, keep-alive), every body chunk received",
    baseline: "JSON.stringify of the same list",
    goal: { max: 2 },
    /** @param {{ quick: boolean }} ctx */
    async run({ quick }) {
      const n = 1000;
      const server = await createFakeApiServer({ objects: seed(n, "bench") });
      const agent = new Agent({ connections: 1 });
      const url = `${server.url}/api/v1/namespaces/bench/configmaps`;
      const send = async () => {
        const res = await request(url, {
          dispatcher: agent,
          headers: { accept: "application/json", "user-agent": "kubewire-bench" },
        });
        if (res.statusCode !== 200) throw new Error(`list answered ${res.statusCode}`);
        return res.body;
      };
      // The server has answered when the last byte is in: the chunks are kept, not joined or decoded (that is the
      // client's work, and a fresh buffer of 1 MB costs about 5 ms of page faults on the development VM, more than
      // the baseline itself). `textMs` below is the same GET read with body.text(), for context.
      const get = async () => {
        const chunks = [];
        for await (const chunk of await send()) chunks.push(chunk);
        return chunks;
      };
      try {
        const text = await (await send()).text();
        const list = JSON.parse(text);
        if (list.items.length !== n) throw new Error(`list has ${list.items.length} items, not ${n}`);
        const r = await compare({
          runs: quick ? 5 : 41,
          warmup: quick ? 2 : 5,
          contender: get,
          baseline: () => JSON.stringify(list),
        });
        const asText = await compare({
          runs: quick ? 3 : 21,
          warmup: 1,
          contender: async () => (await send()).text(),
          baseline: () => JSON.stringify(list),
        });
        // The figures above are for the same list asked again with no write between, answered with the bytes kept
        // for that revision. After a write the answer is put together again from the objects' kept encodings:
        // timed here with a write to another namespace (untimed) before each GET.
        const afterWrite = [];
        for (let i = 0; i < (quick ? 3 : 21); i++) {
          server.cluster.create(
            { type: server.cluster.registry.byKind("v1", "ConfigMap"), version: "v1", namespace: "other" },
            { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `write-${i}`, namespace: "other" } },
          );
          afterWrite.push((await timeOnce(get)).ms);
        }
        const sizeBytes = Buffer.byteLength(text);
        return {
          ...r,
          n,
          unit: "ratio",
          data: dataOf(n, "ConfigMaps", sizeBytes),
          sizeBytes,
          textMs: asText.contenderMs,
          textRatio: asText.ratio,
          afterWriteMs: median(afterWrite),
          afterWriteRatio: median(afterWrite) / r.baselineMs,
        };
      } finally {
        await agent.close();
        await server.close();
      }
    },
  },
  {
    name: "fake API server: 20 concurrent kubectl processes",
    contender: "20 × kubectl 1.33 get configmaps -o name at once (own cache dirs), then 20 × apply at once",
    baseline: "",
    // The timing is reported; every process must succeed, or the scenario fails.
    goal: { report: true },
    /** @param {{ quick: boolean }} ctx */
    async run({ quick }) {
      if (!existsSync(KUBECTL))
        throw new Error(`${KUBECTL} is not installed: this scenario needs the real kubectl`);
      const processes = 20;
      const n = quick ? 20 : 200;
      const rounds = quick ? 1 : 3;
      const server = await createFakeApiServer({ objects: seed(n, "bench") });
      const dir = mkdtempSync(join(tmpdir(), "kubewire-bench-fake-"));
      try {
        const kubeconfig = join(dir, "config");
        await server.writeKubeconfig(kubeconfig, { namespace: "bench" });
        const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, KUBECONFIG: kubeconfig };
        const expectedNames = Array.from({ length: n }, (_, i) => `configmap/config-${i}`);
        const appliedNames = Array.from({ length: processes }, (_, p) => `configmap/applied-${p}`);
        const expected = [...expectedNames].sort().join("\n");
        const getMs = [];
        const applyMs = [];
        let failures = 0;
        const failure = (what, r) => {
          failures++;
          process.stderr.write(`${what}: exit ${r.code}\n${r.stderr.slice(0, 500)}\n`);
        };
        for (let round = 0; round < rounds; round++) {
          // Each process has a cache directory of its own, cold on the first round (discovery included), warm after.
          const t0 = performance.now();
          const gets = await Promise.all(
            Array.from({ length: processes }, (_, p) =>
              runProcess(
                KUBECTL,
                ["get", "configmaps", "-o", "name", "--cache-dir", join(dir, `cache-${p}`)],
                {
                  env,
                },
              ),
            ),
          );
          getMs.push(performance.now() - t0);
          // From the second round on, the ConfigMaps the applies made are listed too.
          const names = round === 0 ? expected : [...expectedNames, ...appliedNames].sort().join("\n");
          for (const r of gets)
            if (r.code !== 0 || r.stdout.toString().trim().split("\n").sort().join("\n") !== names)
              failure("kubectl get", r);

          // Twenty client-side applies at once, each to a ConfigMap of its own, then checked on the server.
          const t1 = performance.now();
          const applies = await Promise.all(
            Array.from({ length: processes }, (_, p) => {
              const manifest = join(dir, `applied-${p}.json`);
              const body = {
                apiVersion: "v1",
                kind: "ConfigMap",
                metadata: { name: `applied-${p}`, namespace: "bench" },
                data: { round: String(round), process: String(p) },
              };
              writeFileSync(manifest, JSON.stringify(body));
              return runProcess(KUBECTL, ["apply", "-f", manifest, "--cache-dir", join(dir, `cache-${p}`)], {
                env,
              });
            }),
          );
          applyMs.push(performance.now() - t1);
          applies.forEach((r, p) => {
            const verb = round === 0 ? "created" : "configured";
            if (r.code !== 0 || r.stdout.toString().trim() !== `configmap/applied-${p} ${verb}`)
              failure("kubectl apply", r);
          });
        }
        const all = await request(`${server.url}/api/v1/namespaces/bench/configmaps`);
        const items = (await all.body.json()).items;
        const applied = items.filter((i) => i.metadata.name.startsWith("applied-"));
        if (applied.length !== processes || applied.some((i) => i.data.round !== String(rounds - 1))) {
          failures++;
          process.stderr.write(
            `the server holds ${applied.length} applied ConfigMaps, not ${processes} of the last round\n`,
          );
        }
        // "Keep working" is the goal: a process that failed makes the scenario fail (CI's quick run included).
        if (failures > 0)
          throw new Error(`${failures} of ${processes * rounds * 2} kubectl runs or checks failed`);
        return {
          n,
          processes,
          rounds,
          failures,
          // The figure: the slowest round of 20 concurrent gets (cold caches in round one).
          ms: Math.max(...getMs),
          getRoundMs: getMs.map((x) => Math.round(x)),
          applyRoundMs: applyMs.map((x) => Math.round(x)),
          medianGetRoundMs: Math.round(median(getMs)),
          medianApplyRoundMs: Math.round(median(applyMs)),
          data: `${processes} processes, ${n} ConfigMaps`,
        };
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await server.close();
      }
    },
  },
];

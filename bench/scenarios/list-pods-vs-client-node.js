import { createClient } from "kubewire";
import { compare } from "../lib/measure.js";
import { listBody, pod } from "../lib/data.js";
import { dataOf } from "../lib/format.js";
import { startBenchServer } from "../lib/server.js";

const major = Number(process.versions.node.split(".")[0]);

/** @kubernetes/client-node 2.x needs Node 22+; on Node 20 the peer is 1.x (both served the same bytes). */
async function loadPeer() {
  if (major >= 22) return { mod: await import("client-node-v2"), label: "@kubernetes/client-node 2.x" };
  return { mod: await import("@kubernetes/client-node"), label: "@kubernetes/client-node 1.x" };
}

export const scenario = {
  name: "list 5,000 Pods",
  contender: "client.list",
  baseline: "@kubernetes/client-node listNamespacedPod",
  goal: { max: 0.5 },
  /** @param {{ quick: boolean }} ctx */
  async run({ quick }) {
    const n = quick ? 1000 : 5000;
    const body = Buffer.from(
      listBody(
        "PodList",
        Array.from({ length: n }, (_, i) => pod(i)),
      ),
    );
    const server = await startBenchServer((url) =>
      url.pathname === "/api/v1/namespaces/bench/pods" ? body : undefined,
    );
    const { mod, label } = await loadPeer();
    const kc = new mod.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "bench", server: server.url, skipTLSVerify: true }],
      users: [{ name: "bench" }],
      contexts: [{ name: "bench", cluster: "bench", user: "bench" }],
      currentContext: "bench",
    });
    const core = kc.makeApiClient(mod.CoreV1Api);
    const client = createClient({ server: server.url });
    try {
      const r = await compare({
        runs: quick ? 3 : 11,
        // Both clients take a few calls to reach their steady speed on these shapes.
        warmup: quick ? 1 : 3,
        contender: () => client.list("v1", "Pod", { namespace: "bench" }),
        baseline: () => core.listNamespacedPod({ namespace: "bench" }),
      });
      return {
        ...r,
        n,
        unit: "ratio",
        data: dataOf(n, "Pods", body.length),
        sizeBytes: body.length,
        peer: label,
      };
    } finally {
      await client.close();
      await server.close();
    }
  },
};

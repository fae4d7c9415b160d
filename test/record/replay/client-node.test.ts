import { describe, expect, it } from "vitest";
import { createReplayDispatcher } from "../../../src/index.js";
import { startReplayServer } from "../../../src/record/index.js";
import { readFixture } from "../../helpers/fixtures.js";
import { realapiCassette } from "../../helpers/realapi-session.js";

/**
 * Other clients than kubewire's own, replaying the real kube-apiserver session:
 * - @kubernetes/client-node 1.x sends through node-fetch 2 and an `https.Agent`, so no undici Dispatcher can reach
 *   it: it talks to the replay server, with the generated CA from the server's kubeconfig;
 * - @kubernetes/client-node 2.x sends through undici's fetch with a dispatcher per cluster, so the in-process
 *   ReplayDispatcher can stand in for the network. 2.x (its undici 8) needs Node >= 22.19; under older Node this
 *   test does not run (CI runs the suite again on Node 24, where it does).
 */
const recorded = JSON.parse(readFixture("realapi/curl/03b-cm-list-kubectl-ua.body")) as {
  items: { metadata: { name: string; uid: string }; data: Record<string, string> }[];
};

describe("@kubernetes/client-node against recorded traffic", () => {
  it("1.x lists the recorded ConfigMaps from the replay server over HTTPS", async () => {
    const k8s = await import("@kubernetes/client-node");
    const server = await startReplayServer(realapiCassette(), { tls: true });
    try {
      const kc = new k8s.KubeConfig();
      kc.loadFromString(server.kubeconfig());
      const api = kc.makeApiClient(k8s.CoreV1Api);
      const list = await api.listNamespacedConfigMap({
        namespace: "list-resources-ns",
        labelSelector: "app=blog",
        limit: 500,
      });
      expect(list.items.map((cm) => [cm.metadata?.name, cm.metadata?.uid, cm.data])).toEqual(
        recorded.items.map((cm) => [cm.metadata.name, cm.metadata.uid, cm.data]),
      );
      expect(server.misses).toEqual([]);
    } finally {
      await server.close();
    }
  });

  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const nodeFor2x = major > 22 || (major === 22 && minor >= 19);

  it.skipIf(!nodeFor2x)(
    "2.x lists the recorded ConfigMaps through the in-process ReplayDispatcher (Node >= 22.19)",
    async () => {
      const k8s = await import("client-node-v2");
      const kc = new k8s.KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: "recorded", server: "https://127.0.0.1:6443", skipTLSVerify: false }],
        users: [{ name: "u", token: "stand-in" }],
        contexts: [{ name: "recorded", cluster: "recorded", user: "u" }],
        currentContext: "recorded",
      });
      const dispatcher = createReplayDispatcher(realapiCassette());
      // client-node builds one dispatcher per cluster; this one answers from the cassette instead.
      (kc as unknown as { createDispatcher: () => unknown }).createDispatcher = () => dispatcher;
      const api = kc.makeApiClient(k8s.CoreV1Api);
      const list = await api.listNamespacedConfigMap({
        namespace: "list-resources-ns",
        labelSelector: "app=blog",
        limit: 500,
      });
      expect(list.items.map((cm) => [cm.metadata?.name, cm.metadata?.uid, cm.data])).toEqual(
        recorded.items.map((cm) => [cm.metadata.name, cm.metadata.uid, cm.data]),
      );
    },
  );
});

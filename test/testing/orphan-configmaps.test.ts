import { expect, it } from "vitest";
import type { KubeClient } from "../../src/index.js";
import { kubeSnapshotSerializer, useCassette } from "../../src/testing/index.js";

/**
 * The worked example of docs/testing-with-cassettes.md, as a test: a small tool, a cassette, a snapshot.
 * fixtures/cassettes/orphan-configmaps.cassette.json was recorded by running this file with
 * `KUBEWIRE_RECORD=1 KUBE_SERVER=<url>` against a server answering with the real kube-apiserver 1.28.7 capture
 * fixtures/realapi/curl/x25-cm-list-all.body; without KUBEWIRE_RECORD it replays offline.
 */
expect.addSnapshotSerializer(kubeSnapshotSerializer);

/** The tool under test: ConfigMaps that no controller owns. */
async function findOrphanConfigMaps(client: KubeClient, namespace: string) {
  const { items } = await client.list("v1", "ConfigMap", { namespace });
  return items.filter((cm) => !cm.metadata?.ownerReferences?.length);
}

it("finds ConfigMaps without an owner", async () => {
  const { client } = await useCassette("orphan-configmaps", {
    ...(process.env.KUBE_SERVER ? { client: { server: process.env.KUBE_SERVER } } : {}),
  });
  const orphans = await findOrphanConfigMaps(client, "list-resources-ns");
  expect(orphans.map((cm) => `${cm.kind}/${cm.metadata!.name}`)).toEqual([
    "ConfigMap/hello-world",
    "ConfigMap/sithisms",
  ]);
  expect(orphans).toMatchSnapshot();
});

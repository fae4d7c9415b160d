import { Agent, request } from "undici";
import { createClient } from "kubewire";
import { compare } from "../lib/measure.js";
import { configMapListBody } from "../lib/data.js";
import { dataOf } from "../lib/format.js";
import { startBenchServer } from "../lib/server.js";

export const scenario = {
  name: "list 10,000 ConfigMaps, normalized",
  contender: "client.list",
  baseline: "undici request + JSON.parse of the same response",
  goal: { max: 1.15 },
  /** @param {{ quick: boolean }} ctx */
  async run({ quick }) {
    const n = quick ? 2000 : 10_000;
    const body = Buffer.from(configMapListBody(n));
    const server = await startBenchServer((url) =>
      url.pathname === "/api/v1/namespaces/bench/configmaps" ? body : undefined,
    );
    const client = createClient({ server: server.url });
    const agent = new Agent();
    const url = `${server.url}/api/v1/namespaces/bench/configmaps`;
    try {
      // Both return what they produced, kept alive until the run is settled (see lib/measure.js).
      const r = await compare({
        runs: quick ? 3 : 21,
        contender: () => client.list("v1", "ConfigMap", { namespace: "bench" }),
        baseline: async () => {
          const res = await request(url, { dispatcher: agent, headers: { accept: "application/json" } });
          return JSON.parse(await res.body.text());
        },
      });
      return { ...r, n, unit: "ratio", data: dataOf(n, "ConfigMaps", body.length), sizeBytes: body.length };
    } finally {
      await client.close();
      await agent.close();
      await server.close();
    }
  },
};

import { createClient, createRecorder } from "kubewire";
import { compare } from "../lib/measure.js";
import { configMapListBody } from "../lib/data.js";
import { dataOf } from "../lib/format.js";
import { startBenchServer } from "../lib/server.js";

export const scenario = {
  name: "recorder on (in-memory cassette)",
  contender: "client.list, recording",
  baseline: "client.list, not recording",
  goal: { max: 1.1 },
  /** @param {{ quick: boolean }} ctx */
  async run({ quick }) {
    const n = quick ? 2000 : 10_000;
    const body = Buffer.from(configMapListBody(n));
    const server = await startBenchServer((url) =>
      url.pathname === "/api/v1/namespaces/bench/configmaps" ? body : undefined,
    );
    const recorder = createRecorder();
    const recording = createClient({ server: server.url, recorder });
    const plain = createClient({ server: server.url });
    try {
      const r = await compare({
        runs: quick ? 3 : 21,
        contender: async () => {
          // Keep one exchange: the cassette is in memory, as in a test, without growing across runs.
          recorder.exchanges.length = 0;
          return recording.list("v1", "ConfigMap", { namespace: "bench" });
        },
        baseline: () => plain.list("v1", "ConfigMap", { namespace: "bench" }),
      });
      return { ...r, n, unit: "ratio", data: dataOf(n, "ConfigMaps", body.length), sizeBytes: body.length };
    } finally {
      await recording.close();
      await plain.close();
      await server.close();
    }
  },
};

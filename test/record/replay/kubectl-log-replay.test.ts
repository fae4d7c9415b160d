import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importKubectlLog, loadCassette, saveCassette } from "../../../src/index.js";
import { startReplayServer } from "../../../src/record/index.js";
import { KUBECTL_VERSIONS, readFixture } from "../../helpers/fixtures.js";
import { kubectlRuns, runKubectl } from "../../helpers/kubectl-runner.js";

/**
 * A cassette imported from a kubectl `-v=10` log (every body logged whole) replays to real kubectl: served by the
 * replay server, the same command prints what it printed the first time. The logs are the captures of the real
 * binaries against a stub API server (fixtures/kubectl/captures), their stdout kept next to them.
 */
const tmp = mkdtempSync(join(tmpdir(), "kubewire-log-replay-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("a cassette imported from a kubectl -v=10 log", () => {
  for (const version of KUBECTL_VERSIONS) {
    it.runIf(kubectlRuns(version))(`replays to kubectl ${version}: the same -o json output`, async () => {
      const log = readFixture(`kubectl/captures/https/${version}/json-v10.stderr`);
      const { cassette, stats } = importKubectlLog(log);
      expect(stats.truncatedBodies).toBe(0);
      // Through a file, as a user would keep it.
      const file = join(tmp, `imported-${version}.cassette.json`);
      await saveCassette(file, cassette);
      const server = await startReplayServer(await loadCassette(file), { tls: true });
      try {
        const kubeconfig = join(tmp, `kubeconfig-${version}`);
        await server.writeKubeconfig(kubeconfig);
        const run = await runKubectl(version, [
          "--kubeconfig",
          kubeconfig,
          "--cache-dir",
          join(tmp, `cache-${version}`),
          "get",
          "configmap",
          "--selector",
          "app=blog",
          "-n",
          "list-resources-ns",
          "-o",
          "json",
        ]);
        expect([run.code, run.stderr]).toEqual([0, ""]);
        expect(run.stdout).toBe(readFixture(`kubectl/stdout/https-${version}-json-v10.stdout`));
        expect(server.misses).toEqual([]);
      } finally {
        await server.close();
      }
    });
  }
});

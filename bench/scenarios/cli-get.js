import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "../lib/measure.js";
import { configMap, listBody } from "../lib/data.js";
import { dataOf } from "../lib/format.js";
import { runProcess } from "../lib/processes.js";
import { startBenchServer } from "../lib/server.js";

const KUBECTL = "/usr/lib/google-cloud-sdk/bin/kubectl.1.33";
const KUBEWIRE = fileURLToPath(new URL("../../bin/kubewire.js", import.meta.url));
const PAGE = 500; // kubectl's default --chunk-size, and kubewire get's

/**
 * `kubewire get configmaps -o json` and `kubectl get configmaps -o json` as whole processes, one after the other,
 * against the same local server: it pages lists as kube-apiserver does (limit/continue) and answers legacy discovery.
 * Each keeps its discovery cache in a directory of its own (kubectl's format and layout on both sides), warm after
 * the warm-up run, as on a workstation.
 */
function cliScenario(size) {
  const small = size === "small";
  return {
    name: small
      ? "kubewire get -o json (whole process), 2 items, warm discovery caches: startup"
      : "kubewire get -o json (whole process), 10,000 items",
    contender: "node bin/kubewire.js get configmaps -o json",
    baseline: "kubectl 1.33 get configmaps -o json",
    // Startup dominates a 2-item get: Node alone takes about as long as kubectl's whole run.
    goal: { max: small ? 1.5 : 1 },
    /** @param {{ quick: boolean }} ctx */
    async run({ quick }) {
      if (!existsSync(KUBECTL))
        throw new Error(`${KUBECTL} is not installed: this scenario needs the real kubectl`);
      const n = small ? 2 : quick ? 2000 : 10_000;
      const items = Array.from({ length: n }, (_, i) => configMap(i));
      const pages = [];
      for (let i = 0; i < n; i += PAGE)
        pages.push(
          Buffer.from(
            listBody("ConfigMapList", items.slice(i, i + PAGE), {
              continue: i + PAGE < n ? `page-${pages.length + 1}` : undefined,
            }),
          ),
        );
      const whole = Buffer.from(listBody("ConfigMapList", items));
      const server = await startBenchServer((url) => {
        if (url.pathname !== "/api/v1/namespaces/bench/configmaps") return undefined;
        if (!url.searchParams.has("limit")) return whole;
        const token = url.searchParams.get("continue");
        return pages[token ? Number(token.slice("page-".length)) : 0];
      });
      const dir = mkdtempSync(join(tmpdir(), "kubewire-bench-"));
      try {
        const kubeconfig = join(dir, "config");
        writeFileSync(
          kubeconfig,
          [
            "apiVersion: v1",
            "kind: Config",
            `clusters: [{name: bench, cluster: {server: "${server.url}"}}]`,
            "users: [{name: bench, user: {}}]",
            "contexts: [{name: bench, context: {cluster: bench, user: bench, namespace: bench}}]",
            "current-context: bench",
            "",
          ].join("\n"),
        );
        const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, KUBECONFIG: kubeconfig };
        const kubectl = () =>
          runProcess(KUBECTL, ["get", "configmaps", "-o", "json", "--cache-dir", join(dir, "cache")], {
            env,
          });
        const kubewire = () =>
          runProcess(
            process.execPath,
            [KUBEWIRE, "get", "configmaps", "-o", "json", "--cache-dir", join(dir, "kubewire-cache")],
            { env },
          );
        // Warm-up, and the check that both print the same bytes.
        const [k, w] = [await kubectl(), await kubewire()];
        if (k.code !== 0) throw new Error(`kubectl failed: ${k.stderr}`);
        if (w.code !== 0) throw new Error(`kubewire failed: ${w.stderr}`);
        const identicalOutput = k.stdout.equals(w.stdout);
        const c = [];
        const b = [];
        const runs = quick ? 3 : small ? 11 : 7;
        for (let i = 0; i < runs; i++) {
          if (i % 2 === 0) {
            b.push((await kubectl()).ms);
            c.push((await kubewire()).ms);
          } else {
            c.push((await kubewire()).ms);
            b.push((await kubectl()).ms);
          }
        }
        const contenderMs = median(c);
        const baselineMs = median(b);
        return {
          contenderMs,
          baselineMs,
          ratio: contenderMs / baselineMs,
          runs,
          n,
          unit: "ratio",
          data: `${dataOf(n, "ConfigMaps", whole.length)}, ${pages.length} page${pages.length > 1 ? "s" : ""}`,
          sizeBytes: whole.length,
          outputBytes: w.stdout.length,
          identicalOutput,
        };
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await server.close();
      }
    },
  };
}

export const scenarios = [cliScenario("large"), cliScenario("small")];

import { fileURLToPath } from "node:url";
import { configMap, listBody } from "../lib/data.js";
import { dataOf, mb } from "../lib/format.js";
import { runProcess } from "../lib/processes.js";
import { startBenchServer } from "../lib/server.js";

const CHILD = fileURLToPath(new URL("../lib/paginate-child.js", import.meta.url));

/**
 * `client.listItems` over 100,000 ConfigMaps, 500 a page, in a child process of its own whose peak RSS (VmHWM) is
 * the figure.
 * The server pages as kube-apiserver does (continue tokens) and renders each page when asked, so this process does
 * not hold the whole list either. For contrast, a second child lists everything in one request (limit 0).
 */
export const scenario = {
  name: "paginated iteration of 100,000 ConfigMaps, 500 a page",
  contender: "for await (client.listItems(..., { limit: 500 }))",
  baseline: "—",
  goal: { maxMB: 150 },
  /** @param {{ quick: boolean }} ctx */
  async run({ quick }) {
    const n = quick ? 20_000 : 100_000;
    const page = 500;
    let served = 0;
    const server = await startBenchServer((url) => {
      if (url.pathname !== "/api/v1/namespaces/bench/configmaps") return undefined;
      // As kube-apiserver: no limit, or limit=0, is everything.
      const limit = Number(url.searchParams.get("limit") ?? 0) || n;
      const start = Number(url.searchParams.get("continue") ?? 0);
      const end = Math.min(n, start + limit);
      const body = listBody(
        "ConfigMapList",
        Array.from({ length: end - start }, (_, k) => configMap(start + k)),
        { continue: end < n ? String(end) : undefined },
      );
      served += Buffer.byteLength(body);
      return body;
    });
    try {
      const run = await runProcess(process.execPath, [CHILD, server.url, String(page)]);
      if (run.code !== 0) throw new Error(`the paginating child failed: ${run.stderr}`);
      const result = JSON.parse(run.stdout.toString());
      if (result.items !== n) throw new Error(`the child saw ${result.items} items of ${n}`);
      const pagedBytes = served;
      const once = await runProcess(process.execPath, [CHILD, server.url, "0"]);
      const all = once.code === 0 ? JSON.parse(once.stdout.toString()) : undefined;
      return {
        n,
        ratio: null,
        unit: "MB",
        peakRssMB: result.peakRssBytes / 1e6,
        // getrusage's figure, which starts at the bench process's own RSS when it spawned the child (see the child).
        maxRssMB: result.maxRssBytes / 1e6,
        ms: result.ms,
        pages: Math.ceil(n / page),
        data: `${dataOf(n, "ConfigMaps")} in ${Math.ceil(n / page)} pages of ${page}, ${mb(pagedBytes)} in all`,
        sizeBytes: pagedBytes,
        ...(all ? { oneRequestPeakRssMB: all.peakRssBytes / 1e6 } : {}),
      };
    } finally {
      await server.close();
    }
  },
};

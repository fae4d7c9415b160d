import { readFileSync, rmSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importKubectlLog, importKubectlLogFile, renderTrafficLog } from "kubewire";
import { formatMicros, jsonBody } from "kubewire/cassette";
import { compare } from "../lib/measure.js";
import { configMap, listBody, pod } from "../lib/data.js";
import { mb } from "../lib/format.js";

const SERVER = "https://127.0.0.1:6443";
const START = Date.UTC(2026, 10, 25, 19, 23, 21) * 1000;

/** A kubectl-like session: gets of single objects, short lists (truncated at -v=9 as kubectl truncates), writes. */
function exchange(seq) {
  const at = START + seq * 3_000;
  const requestHeaders = {
    Accept: "application/json",
    "User-Agent": "kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0",
    Authorization: "Bearer <masked>",
  };
  const responseHeaders = (body) => ({
    "Audit-Id": `a7c3${String(seq).padStart(8, "0")}`,
    "Cache-Control": "no-cache, private",
    "Content-Type": "application/json",
    Date: new Date(at / 1000).toUTCString(),
    "X-Kubernetes-Pf-Flowschema-Uid": "0b9f2a2e-2f5c-4b0e-9a55-7c0e9f2a2e2f",
    "X-Kubernetes-Pf-Prioritylevel-Uid": "5d3b7c1a-8a4e-4f3b-b1d2-3c4d5e6f7a8b",
    "Content-Length": String(body.bytes),
  });
  const kind = seq % 4;
  const path =
    kind === 0
      ? `/api/v1/namespaces/bench/pods/web-${seq}`
      : kind === 1
        ? `/api/v1/namespaces/bench/configmaps?limit=500`
        : kind === 2
          ? `/api/v1/namespaces/bench/configmaps/config-${seq}`
          : `/api/v1/namespaces/bench/pods?labelSelector=app%3Dweb&limit=500`;
  const value =
    kind === 0
      ? { apiVersion: "v1", kind: "Pod", ...pod(seq) }
      : kind === 1
        ? JSON.parse(
            listBody(
              "ConfigMapList",
              Array.from({ length: 12 }, (_, i) => configMap(seq + i)),
            ),
          )
        : kind === 2
          ? { apiVersion: "v1", kind: "ConfigMap", ...configMap(seq) }
          : JSON.parse(
              listBody(
                "PodList",
                Array.from({ length: 4 }, (_, i) => pod(seq + i)),
              ),
            );
  const body = jsonBody(value);
  return {
    seq,
    startedAt: formatMicros(at),
    durationMs: 4,
    request: { method: "GET", url: SERVER + path, headers: requestHeaders },
    response: { status: 200, statusText: "OK", headers: responseHeaders(body), body },
  };
}

/** A -v=9 log (kubectl 1.33's format) of about `target` bytes, rendered from generated exchanges in batches. */
export function generateLog(target) {
  const parts = [];
  let size = 0;
  let exchanges = 0;
  while (size < target) {
    const batch = Array.from({ length: 200 }, (_, i) => exchange(exchanges + i));
    const text = renderTrafficLog(batch, { v: 9, kubectlVersion: "1.33" });
    parts.push(text);
    size += Buffer.byteLength(text);
    exchanges += batch.length;
  }
  return { text: parts.join(""), exchanges };
}

/**
 * Writes the log and checks the import on it, before any timing. A function of its own so that nothing it made (the
 * log's text, two imports of it: ~390 MB of heap) is alive while the import is timed: a `kubewire log import`
 * process holds none of it, and every major collection during a timed run would mark it again.
 */
async function writeAndCheckLog(file, target) {
  const { text, exchanges } = generateLog(target);
  writeFileSync(file, text);
  const bytes = Buffer.byteLength(text);
  const check = await importKubectlLogFile(file);
  if (check.cassette.exchanges.length !== exchanges)
    throw new Error(`imported ${check.cassette.exchanges.length} exchanges of ${exchanges}`);
  // The file import is the string import's result, read in pieces: check it on this log too (outside timing).
  const whole = importKubectlLog(readFileSync(file, "utf8"));
  if (JSON.stringify(whole.cassette) !== JSON.stringify(check.cassette))
    throw new Error("importKubectlLogFile and importKubectlLog disagree");
  return { bytes, exchanges };
}

export const scenario = {
  name: "log import of a 100 MB kubectl -v=9 log",
  // What `kubewire log import FILE` runs: the file imported as it is read, 1 MiB at a time.
  contender: "importKubectlLogFile (reads the file as it imports)",
  baseline: "reading the file (readFileSync, utf8)",
  goal: { minPerSecond: 100, perUnit: "MB" },
  /** @param {{ quick: boolean }} ctx */
  async run({ quick }) {
    const dir = mkdtempSync(join(tmpdir(), "kubewire-bench-"));
    const file = join(dir, "kubectl-v9.log");
    try {
      const { bytes, exchanges } = await writeAndCheckLog(file, (quick ? 10 : 100) * 1e6);
      const r = await compare({
        runs: quick ? 3 : 5,
        warmup: 0,
        contender: () => importKubectlLogFile(file),
        baseline: () => readFileSync(file, "utf8"),
      });
      return {
        ...r,
        n: exchanges,
        unit: "MB/s",
        perUnit: "MB",
        perSecond: bytes / 1e6 / (r.contenderMs / 1000),
        data: `${mb(bytes)}, ${exchanges.toLocaleString("en")} exchanges (kubectl 1.33 format)`,
        sizeBytes: bytes,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

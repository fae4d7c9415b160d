import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { renderTrafficLog } from "../../src/index.js";
import type { Exchange } from "../../src/index.js";

// The log import keeps pools across an import's lines (header strings shared between exchanges, slabs of body
// bytes). Their content is a log's raw text: a pasted log may carry a token kubectl did not mask. Once the import
// is done and its result dropped, nothing of the log may stay in the process's heap.
const TOKEN = ["eyJhbGciOiJSUzI1NiJ9", "pooled", "header", "credential", "Q7vX2"].join(".");
const DIST = new URL("../../dist/index.js", import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), "kubewire-import-pools-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function exchange(seq: number): Exchange {
  return {
    seq,
    startedAt: "2026-12-05T10:00:00.000000Z",
    durationMs: 2,
    request: {
      method: "GET",
      url: `https://127.0.0.1:6443/api/v1/namespaces/default/configmaps/cm-${seq}`,
      headers: { Accept: "application/json", Authorization: "Bearer x", "User-Agent": "kubectl/v1.33.1" },
    },
    response: {
      status: 200,
      statusText: "OK",
      headers: { "Content-Type": "application/json" },
      body: {
        kind: "json",
        value: { kind: "ConfigMap", apiVersion: "v1", metadata: { name: `cm-${seq}` } },
        bytes: 0,
      },
    },
  };
}

/** The heap of a process that imported the log with `call` and dropped the result, as a snapshot's text. */
function heapAfterImport(call: string, log: string): string {
  const snapshot = join(dir, `${call}.heapsnapshot`);
  const script = `
    import { writeHeapSnapshot } from "node:v8";
    import { readFileSync } from "node:fs";
    import { importKubectlLog, importKubectlLogFile } from ${JSON.stringify(DIST)};
    let result = ${call === "file" ? "await importKubectlLogFile(process.argv[1])" : 'importKubectlLog(readFileSync(process.argv[1], "utf8"))'};
    if (result.cassette.exchanges.length !== 3) throw new Error("imported " + result.cassette.exchanges.length);
    result = undefined;
    await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc();
    writeHeapSnapshot(process.argv[2]);`;
  const run = spawnSync(
    process.execPath,
    ["--expose-gc", "--input-type=module", "-e", script, log, snapshot],
    {
      encoding: "utf8",
    },
  );
  expect(run.stderr).toBe("");
  return readFileSync(snapshot, "utf8");
}

describe("a log import leaves nothing of the log in memory", () => {
  // kubectl masks the token; a log pasted from elsewhere (or an older tool) may not.
  const text = renderTrafficLog([exchange(0), exchange(1), exchange(2)], {
    v: 9,
    kubectlVersion: "1.33",
  }).replaceAll("Bearer <masked>", `Bearer ${TOKEN}`);
  const log = join(dir, "kubectl.log");
  writeFileSync(log, text);

  it("holds the token the test looks for (the check can fail)", () => {
    expect(readFileSync(log, "utf8").split(TOKEN).length - 1).toBe(3);
  });

  it.each(["file", "text"])("after an import from a %s", (call) => {
    expect(fileURLToPath(DIST)).toMatch(/dist/);
    expect(heapAfterImport(call, log).includes(TOKEN)).toBe(false);
  });
});

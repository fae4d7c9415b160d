// Issue 17, item 12: replaying a cassette whose statusText holds CR/LF crashed the replay server; `kubewire view` of
// `1e99999`, `--record` or `log import -o` to an unwritable path printed stack traces; `fake-server
// --kubeconfig-out` to an unwritable path printed the error but kept running. Every CLI failure is one line.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startReplayServer } from "../../src/record/index.js";
import { renderTrafficLog } from "../../src/kubectl/index.js";
import type { Exchange } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-dir.js";

/** A path under a regular file: no process can create it, root included. */
function unwritable(): string {
  const dir = tempDir("unwritable");
  writeFileSync(join(dir, "a-file"), "");
  return join(dir, "a-file", "out.json");
}

function exchange(statusText: string): Exchange {
  return {
    seq: 0,
    startedAt: "2026-01-01T00:00:00.000000Z",
    durationMs: 1,
    request: { method: "GET", url: "https://h/api/v1/namespaces/default/configmaps/c", headers: {} },
    response: {
      status: 200,
      statusText,
      headers: { "Content-Type": "application/json", "X-Bad": "a\r\nInjected: yes" },
      body: { kind: "text", text: "{}", bytes: 2 },
    },
  };
}

function oneLine(stderr: string): void {
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe("crashes and stack traces", () => {
  it("a recorded reason phrase or header with CR/LF is replayed without crashing the server", async () => {
    const server = await startReplayServer({
      version: 1,
      recordedAt: "2026-01-01T00:00:00.000000Z",
      exchanges: [exchange("OK\r\nInjected: yes")],
    });
    try {
      const res = await fetch(`${server.url}/api/v1/namespaces/default/configmaps/c`);
      expect(res.status).toBe(200);
      expect(res.headers.get("injected")).toBeNull();
      expect(await res.text()).toBe("{}");
    } finally {
      await server.close();
    }
  });

  it("kubewire view of a number out of range fails in one line", async () => {
    const dir = tempDir("crash");
    writeFileSync(
      join(dir, "big.json"),
      '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a"},"data":{"n":1e99999}}',
    );
    const run = await runCli(["view", join(dir, "big.json"), "-o", "json"], { cwd: dir });
    if (run.code !== 0) oneLine(run.stderr);
  });

  it("log import -o to an unwritable path fails in one line with exit code 1", async () => {
    const dir = tempDir("crash");
    const log = join(dir, "v8.log");
    writeFileSync(log, renderTrafficLog([exchange("OK")], { v: 8 }));
    const run = await runCli(["log", "import", log, "-o", unwritable()], { cwd: dir });
    expect(run.code).toBe(1);
    oneLine(run.stderr);
  });

  it("fake-server --kubeconfig-out to an unwritable path stops with exit code 1", async () => {
    const run = await runCli(["fake-server", "--http", "--kubeconfig-out", unwritable()], { env: {} });
    expect(run.code).toBe(1);
    oneLine(run.stderr);
  });
});

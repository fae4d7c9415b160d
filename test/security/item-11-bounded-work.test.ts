// Issue 17, item 11: a body that never ends grew without limit; a server sending one byte a second hung a request
// past timeoutMs; a long watch with the recorder grew the heap with every event; an exec plugin that never exits hung,
// one that flooded stdout was read whole.
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createClient, createRecorder } from "../../src/index.js";
import { KubeResponseTooLargeError } from "../../src/client/index.js";
import { KubeTimeoutError } from "../../src/index.js";
import { ExecCredentialPlugin } from "../../src/client/auth/exec-plugin.js";
import { startHttpServer } from "../helpers/servers.js";
import { tempDir } from "../helpers/temp-dir.js";

describe("bounded work", () => {
  it("a body that never ends stops at maxResponseBytes with KubeResponseTooLargeError", async () => {
    const server = await startHttpServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      res.write("{");
      pump();
    });
    const client = createClient({ server: server.url, maxResponseBytes: 1024 * 1024, retry: false });
    try {
      await expect(client.get("v1", "ConfigMap", "c", { namespace: "default" })).rejects.toBeInstanceOf(
        KubeResponseTooLargeError,
      );
    } finally {
      await client.close();
      await server.close();
    }
  });

  it("a body that trickles in a byte at a time ends at timeoutMs, not when the server stops", async () => {
    const server = await startHttpServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write("{");
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(" ")), 20);
    });
    const client = createClient({ server: server.url, timeoutMs: 300, retry: false });
    try {
      await expect(client.get("v1", "ConfigMap", "c", { namespace: "default" })).rejects.toBeInstanceOf(
        KubeTimeoutError,
      );
    } finally {
      await client.close();
      await server.close();
    }
  });

  it("a recorded stream keeps at most its cap, marked truncated, however long the watch runs", async () => {
    const event =
      JSON.stringify({ type: "ADDED", object: { kind: "ConfigMap", metadata: { name: "x".repeat(900) } } }) +
      "\n";
    const events = 6000; // ~5.6 MB, over the 4 MiB default cap
    const server = await startHttpServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      let sent = 0;
      const pump = () => {
        while (sent < events) {
          sent++;
          if (!res.write(event)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    });
    const recorder = createRecorder();
    const client = createClient({ server: server.url, recorder, retry: false });
    const stop = new AbortController();
    try {
      let seen = 0;
      try {
        for await (const _e of client.watch("v1", "ConfigMap", { namespace: "default", signal: stop.signal }))
          if (++seen === events) stop.abort();
      } catch (error) {
        if (!stop.signal.aborted) throw error;
      }
      expect(seen).toBe(events);
    } finally {
      await client.close();
      await server.close();
    }
    const body = recorder.exchanges[0]!.response!.body!;
    expect(body.kind).toBe("stream");
    expect(body.truncated).toBe(true);
    expect(body.bytes).toBeGreaterThan(4 * 1024 * 1024);
    const kept = body.kind === "stream" ? body.chunks.reduce((n, c) => n + c.text.length, 0) : 0;
    expect(kept).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it("an exec plugin that never exits is stopped at its timeout, one that floods stdout at its output cap", async () => {
    const dir = tempDir("exec");
    const hang = join(dir, "hang.sh");
    writeFileSync(hang, "#!/bin/sh\nexec sleep 600\n");
    const flood = join(dir, "flood.sh");
    writeFileSync(flood, "#!/bin/sh\nexec yes kubewire-flood\n");
    chmodSync(hang, 0o755);
    chmodSync(flood, 0o755);
    const config = (command: string) => ({
      command,
      args: [],
      env: [],
      apiVersion: "client.authentication.k8s.io/v1",
      interactiveMode: "Never" as const,
      provideClusterInfo: false,
    });
    const hung = new ExecCredentialPlugin(config(hang) as never, { timeoutMs: 200, stdinIsTerminal: false });
    await expect(hung.credentials()).rejects.toMatchObject({ failure: "timeout" });
    const flooded = new ExecCredentialPlugin(config(flood) as never, {
      maxOutputBytes: 64 * 1024,
      stdinIsTerminal: false,
    });
    await expect(flooded.credentials()).rejects.toMatchObject({ failure: "output-too-large" });
  });
});

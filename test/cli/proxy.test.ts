import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runProxy } from "../../src/cli/proxy.js";
import { createFakeApiServer } from "../../src/testing/index.js";
import { captureIO, runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "kubewire-cli-proxy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A GET as a client of the written kubeconfig makes it: the proxy's CA and per-run token. */
function get(kubeconfig: string, path: string): Promise<number> {
  const text = readFileSync(kubeconfig, "utf8");
  const server = /server: (\S+)/.exec(text)![1]!;
  const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(text)![1]!, "base64").toString();
  const token = /token: "([^"]+)"/.exec(text)![1]!;
  return new Promise((resolve, reject) =>
    request(`${server}${path}`, { ca, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode!));
    })
      .on("error", reject)
      .end(),
  );
}

describe("kubewire proxy", () => {
  it("forwards with the kubeconfig's credentials, logs, records, and ends cleanly when stopped", async () => {
    const fake = await createFakeApiServer({ tls: true, token: "cli-real-token-91c3" });
    await fake.writeKubeconfig(join(dir, "cluster.kubeconfig"));
    const { io, out } = captureIO({ cwd: dir });
    const stop = new AbortController();
    const running = runProxy(
      [
        "--kubeconfig",
        "cluster.kubeconfig",
        "--kubeconfig-out",
        "proxied.kubeconfig",
        "--record",
        "session.cassette.json",
        "--v",
        "6",
      ],
      io,
      stop.signal,
    );
    try {
      await expect.poll(() => existsSync(join(dir, "proxied.kubeconfig"))).toBe(true);
      await expect.poll(() => out.stdout).toMatch(/^Proxying at https:\/\/127\.0\.0\.1:\d+\n/);
      expect(await get(join(dir, "proxied.kubeconfig"), "/api/v1/namespaces/default")).toBe(200);
    } finally {
      stop.abort();
    }
    expect(await running).toBe(0);
    await fake.close();
    expect(out.stdout).toMatch(/Stopped\. 1 exchange\(s\) recorded to .*session\.cassette\.json\.\n$/);
    expect(out.stderr).toMatch(
      /round_trippers\.go:\d+\] "Response" verb="GET" .* status="200 OK" milliseconds=\d+\n/,
    );
    const cassette = readFileSync(join(dir, "session.cassette.json"), "utf8");
    expect(JSON.parse(cassette)).toMatchObject({ version: 1, exchanges: [{ response: { status: 200 } }] });
    for (const text of [cassette, out.stderr, out.stdout]) expect(text).not.toContain("cli-real-token-91c3");
  });

  it("refuses bad arguments with usage errors", async () => {
    expect((await runCli(["proxy", "--v", "5"])).stderr).toMatch(/--v must be 6\.\.10/);
    expect((await runCli(["proxy", "--port", "70000"])).stderr).toMatch(/--port must be 0\.\.65535/);
    expect((await runCli(["proxy", "extra"])).stderr).toMatch(/proxy takes no arguments/);
  });
});

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { runReplay } from "../../src/cli/replay.js";
import { fixturePath } from "../helpers/fixtures.js";
import { captureIO } from "../helpers/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "kubewire-cli-replay-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("kubewire replay", () => {
  it("says how to use it, and refuses bad arguments with exit code 2", async () => {
    const help = captureIO();
    expect(await main(["replay", "--help"], help.io)).toBe(0);
    expect(help.out.stdout).toMatch(
      /^Usage: kubewire replay <cassette\.json> \[--port N\] \[--tls\] \[--kubeconfig-out FILE\]/,
    );
    const bad = captureIO();
    expect(await main(["replay", "a.json", "--port", "99999"], bad.io)).toBe(2);
    expect(bad.out.stderr).toBe(
      "error: --port must be 0..65535, got 99999\nSee 'kubewire replay --help' for usage.\n",
    );
    expect(await main(["replay"], captureIO().io)).toBe(2);
  });

  it("a cassette it cannot read is an error naming the file (exit 1)", async () => {
    const r = captureIO();
    expect(await main(["replay", join(tmp, "missing.json")], r.io)).toBe(1);
    expect(r.out.stderr).toMatch(/^error: .*missing\.json: \(document\): cannot read: ENOENT/);
  });

  it("serves until stopped, logging requests, and exits 1 when some request had no recording", async () => {
    const stop = new AbortController();
    const r = captureIO();
    const kubeconfig = join(tmp, "kc");
    const done = runReplay(
      [fixturePath("demo/configmaps-by-label.cassette.json"), "--kubeconfig-out", kubeconfig],
      r.io,
      stop.signal,
    );
    const url = await (async () => {
      // As long as the machine takes: the test's own timeout catches a server that never starts.
      while (!r.out.stdout.includes("kubeconfig: ")) await new Promise((res) => setTimeout(res, 10));
      return /at (http:\/\/127\.0\.0\.1:\d+)\n/.exec(r.out.stdout)![1]!;
    })();
    expect(readFileSync(kubeconfig, "utf8")).toContain(`server: ${url}`);
    const hit = await fetch(
      `${url}/api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3Dblog&limit=500`,
    );
    expect(hit.status).toBe(200);
    const miss = await fetch(`${url}/api/v1/namespaces/default/pods`);
    expect(miss.status).toBe(404);
    expect(((await miss.json()) as { message: string }).message).toMatch(
      /^kubewire replay: No recorded exchange matches GET \/api\/v1\/namespaces\/default\/pods/,
    );
    stop.abort();
    expect(await done).toBe(1);
    expect(r.out.stderr).toMatch(
      /^GET \/api\/v1\/namespaces\/list-resources-ns\/configmaps\?labelSelector=app%3Dblog&limit=500 -> #0 200\nMISS No recorded exchange matches GET \/api\/v1\/namespaces\/default\/pods/,
    );
    expect(r.out.stdout).toContain("Stopped. 1 request(s) had no recording.");
  });
});

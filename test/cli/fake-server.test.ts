import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { main } from "../../src/cli/main.js";
import { runFakeServer } from "../../src/cli/fake-server.js";
import { createClient, secretData } from "../../src/index.js";
import type { Secret } from "kubernetes-types/core/v1.js";
import { captureIO } from "../helpers/cli.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
let dir: string;

const OBJECTS = `apiVersion: v1
kind: Namespace
metadata: {name: blog}
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Secret
  metadata: {name: db, namespace: blog, labels: {app: blog}}
  stringData: {password: from-the-manifest}
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kubewire-cli-"));
  writeFileSync(join(dir, "objects.yaml"), OBJECTS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Kubeconfig {
  clusters: { cluster: { server: string; "certificate-authority-data"?: string } }[];
  users: { user: { token?: string } }[];
}

/** Waits for a file however long the machine takes to write it (the test's own timeout catches a hang). */
async function waitForFile(path: string): Promise<string> {
  while (!existsSync(path)) await new Promise((r) => setTimeout(r, 25));
  return readFileSync(path, "utf8");
}

describe("kubewire fake-server", () => {
  it("serves the loaded objects, writes the kubeconfig once it listens, and stops when interrupted", async () => {
    const { out, io } = captureIO({ cwd: dir });
    const stop = new AbortController();
    const running = runFakeServer(
      [
        "--port",
        "0",
        "--http",
        "--kubeconfig-out",
        "kc.yaml",
        "--load",
        "objects.yaml",
        "--namespace",
        "blog",
      ],
      io,
      stop.signal,
    );
    const kubeconfig = parseYaml(await waitForFile(join(dir, "kc.yaml"))) as Kubeconfig & {
      contexts: { context: { namespace: string } }[];
    };
    const server = kubeconfig.clusters[0]!.cluster.server;
    expect(server).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(kubeconfig.contexts[0]!.context.namespace).toBe("blog");
    const client = createClient({ server });
    const secret = (await client.get<Secret>("v1", "Secret", "db", { namespace: "blog" })).object;
    expect(secretData(secret).get("password")).toBe("from-the-manifest");
    await client.close();
    stop.abort();
    expect(await running).toBe(0);
    expect(out.stdout).toContain(`listening on ${server} (2 objects loaded)`);
    expect(out.stdout).toMatch(/stopped \(abort\) after \d+ requests\n$/);
    expect(out.stdout).not.toContain("from-the-manifest");
  });

  it("runs as a process over HTTPS (CA in the kubeconfig) and exits 0 on SIGTERM", async () => {
    const kc = join(dir, "tls.yaml");
    const child = spawn(
      process.execPath,
      [join(root, "bin/kubewire.js"), "fake-server", "--kubeconfig-out", kc, "--load", "objects.yaml"],
      {
        cwd: dir,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      const kubeconfig = parseYaml(await waitForFile(kc)) as Kubeconfig;
      const cluster = kubeconfig.clusters[0]!.cluster;
      expect(cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = Buffer.from(cluster["certificate-authority-data"]!, "base64").toString();
      const client = createClient({ server: cluster.server, ca, token: kubeconfig.users[0]!.user.token });
      const list = await client.list("v1", "Secret", { namespace: "blog", labelSelector: "app=blog" });
      expect(list.items.map((s) => `${s.kind}/${s.metadata!.name}`)).toEqual(["Secret/db"]);
      await client.close();
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/stopped \(SIGTERM\)/);
  });

  it("says what is wrong with its arguments (exit 2) and with a manifest (exit 1)", async () => {
    const bad = captureIO({ cwd: dir });
    expect(await main(["fake-server", "--port", "http"], bad.io)).toBe(2);
    expect(bad.out.stderr).toBe(
      "error: --port must be 0..65535, got http\nSee 'kubewire fake-server --help' for usage.\n",
    );
    writeFileSync(join(dir, "broken.yaml"), "kind: [unclosed");
    const broken = captureIO({ cwd: dir });
    expect(await main(["fake-server", "--load", "broken.yaml"], broken.io)).toBe(1);
    expect(broken.out.stderr).toMatch(/^error: cannot read broken.yaml: /);
    const help = captureIO({ cwd: dir });
    expect(await main(["fake-server", "--help"], help.io)).toBe(0);
    expect(help.out.stdout).toMatch(/^Usage: kubewire fake-server/);
  });
});

import { execFile } from "node:child_process";
import { maxHeaderSize } from "node:http";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSimpleYaml } from "../../src/client/config/simple-yaml.js";
import { createFakeApiServer } from "../../src/testing/index.js";
import type { FakeApiServer } from "../../src/testing/index.js";
import { runCli } from "../helpers/cli.js";
import type { CliRun } from "../helpers/cli.js";

const BIN = fileURLToPath(new URL("../../bin/kubewire.js", import.meta.url));

/** `node bin/kubewire.js <argv...>` as a process: the built launcher and bundles (npm run build). */
function runLauncher(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...argv],
      { env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : undefined;
        if (code === undefined) reject(error ?? new Error("no exit code"));
        else resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("bin/kubewire.js", () => {
  // The launcher answers these from dist/bundle/usage.js without loading the CLI: what it prints must stay what
  // main() prints, byte for byte, exit code included.
  it.each([
    [[]],
    [["--help"]],
    [["-h"]],
    [["help"]],
    [["help", "get"]],
    [["--help", "--bogus"]],
    [["--version"]],
  ])("answers %j without a command exactly as main() does", async (argv) => {
    const launched = await runLauncher(argv);
    expect(launched).toEqual(await runCli(argv));
    expect(launched.stdout + launched.stderr).toMatch(
      /^(Usage: kubewire <command>|kubewire \d+\.\d+\.\d+\n$)/,
    );
  });

  it.each([
    [["bogus"]],
    [["version", "--client", "-o", "json"]],
    [["get", "--bogus"]],
    [["--bogus", "x", "get", "--help"]],
    [["-n", "x", "version", "--client"]],
  ])("runs %j through the bundled CLI exactly as main() does", async (argv) => {
    expect(await runLauncher(argv)).toEqual(await runCli(argv));
  });
});

// `kubewire get` runs from a bundle of its own (dist/bundle/get.cjs): the same answers as main()'s, through a server.
describe("bin/kubewire.js get", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubewire-launcher-"));
  let server: FakeApiServer;
  // The launcher's compiled-code cache (src/cli/code-cache.ts) in this test's folder, not the machine's.
  const env = () => ({
    KUBECONFIG: join(dir, "config"),
    HOME: dir,
    KUBEWIRE_COMPILE_CACHE: join(dir, "compile-cache"),
  });

  beforeAll(async () => {
    server = await createFakeApiServer({
      objects: [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } },
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "team" }, data: { k: "v" } },
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "b", namespace: "team" }, data: { k: "w" } },
      ],
      now: () => new Date("2026-12-04T12:00:00Z"),
    });
    await server.writeKubeconfig(join(dir, "config"));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [["get", "configmaps", "-n", "team", "-o", "json"]],
    [["get", "cm", "-n", "team", "-o", "name"]],
    [["get", "cm/a", "-n", "team", "-o", "yaml", "--cache-dir", join(dir, "cache")]],
    [["get", "cm", "missing", "-n", "team"]],
    [["get", "nosuchkind"]],
    // Tables, templates, sorting and --v logs come from dist/bundle/get-lazy.cjs, which takes what it shares with
    // get.cjs from get.cjs: a template error thrown there is reported by get.cjs as kubectl reports it.
    [["get", "cm", "-n", "team", "--sort-by", ".metadata.name"]],
    [["get", "cm", "-n", "team", "-o", "jsonpath={.items[*].metadata.name}"]],
    [["get", "cm", "-n", "team", "-o", "custom-columns=NAME:.metadata.name,K:.data.k"]],
    [["get", "cm", "-n", "team", "-o", "jsonpath={.bad"]],
  ])("prints for %j what main() prints", async (argv) => {
    const launched = await runLauncher(argv, env());
    expect(launched).toEqual(await runCli(argv, { env: env() }));
    expect(launched.stdout + launched.stderr).not.toBe("");
  });

  // The bundle's own kubeconfig reader declines a document marker; the yaml package, which the get bundle loads
  // from dist/bundle/yaml.cjs only then, reads it.
  it("reads a kubeconfig its simple reader declines through the yaml package", async () => {
    const file = join(dir, "config-with-marker");
    writeFileSync(file, `---\n${readFileSync(join(dir, "config"), "utf8")}`);
    expect(readSimpleYaml(readFileSync(file, "utf8"))).toBeUndefined();
    const argv = ["get", "configmaps", "-n", "team", "-o", "name"];
    const launched = await runLauncher(argv, { ...env(), KUBECONFIG: file });
    expect(launched).toEqual({ code: 0, stdout: "configmap/a\nconfigmap/b\n", stderr: "" });
  });

  // The first get compiles get.cjs and leaves V8's code cache; the next ones compile from it.
  it("prints the same with and without the compiled-code cache", async () => {
    const argv = ["get", "configmaps", "-n", "team", "-o", "json"];
    const cacheEnv = { ...env(), KUBEWIRE_COMPILE_CACHE: join(dir, "compile-cache-fresh") };
    const expected = await runCli(argv, { env: env() });
    expect(await runLauncher(argv, cacheEnv)).toEqual(expected);
    expect(readdirSync(join(dir, "compile-cache-fresh")).filter((f) => f.endsWith(".v8cache"))).toHaveLength(
      1,
    );
    expect(await runLauncher(argv, cacheEnv)).toEqual(expected);
    expect(await runLauncher(argv, { ...env(), KUBEWIRE_COMPILE_CACHE: "0" })).toEqual(expected);
  });

  // What a plain get never runs is loaded at its point of use in the bundle: an exec plugin's child_process.
  it("runs an exec credential plugin from the bundle", async () => {
    const file = join(dir, "config-exec");
    const credential = JSON.stringify({
      apiVersion: "client.authentication.k8s.io/v1",
      kind: "ExecCredential",
      status: { token: "from-the-plugin" },
    });
    writeFileSync(
      file,
      readFileSync(join(dir, "config"), "utf8").replace(
        /^ {4}token: .*$/m,
        [
          "    exec:",
          "      apiVersion: client.authentication.k8s.io/v1",
          `      command: ${JSON.stringify(process.execPath)}`,
          `      args: ["-e", ${JSON.stringify(`process.stdout.write(${JSON.stringify(credential)})`)}]`,
          "      interactiveMode: Never",
        ].join("\n"),
      ),
    );
    expect(readFileSync(file, "utf8")).toContain("exec:");
    const argv = ["get", "configmaps", "-n", "team", "-o", "name"];
    const launched = await runLauncher(argv, { ...env(), KUBECONFIG: file });
    expect(launched).toEqual({ code: 0, stdout: "configmap/a\nconfigmap/b\n", stderr: "" });
    expect(launched).toEqual(await runCli(argv, { env: { ...env(), KUBECONFIG: file } }));
  });

  // ... and the proxy agent, for a cluster's proxy-url.
  it("goes through a cluster's HTTP proxy from the bundle", async () => {
    const tunnels: string[] = [];
    const sockets: Socket[] = [];
    const proxy = createServer((client) => {
      sockets.push(client);
      client.once("data", (head) => {
        const [, target] = /^CONNECT (\S+) HTTP/.exec(head.toString("latin1")) ?? [];
        if (target === undefined) return client.destroy();
        tunnels.push(target);
        const [host, port] = target.split(":");
        const upstream = connect(Number(port), host, () => {
          sockets.push(upstream);
          client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
          client.pipe(upstream).pipe(client);
        });
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
      });
    });
    await new Promise<void>((done) => proxy.listen(0, "127.0.0.1", done));
    try {
      const file = join(dir, "config-proxy");
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      writeFileSync(
        file,
        readFileSync(join(dir, "config"), "utf8").replace(
          /^( {4}server: .*)$/m,
          `$1\n    proxy-url: ${proxyUrl}`,
        ),
      );
      expect(readFileSync(file, "utf8")).toContain("proxy-url:");
      const argv = ["get", "configmaps", "-n", "team", "-o", "name"];
      const launched = await runLauncher(argv, { ...env(), KUBECONFIG: file });
      expect(launched).toEqual({ code: 0, stdout: "configmap/a\nconfigmap/b\n", stderr: "" });
      expect(tunnels.length).toBeGreaterThan(0);
      expect(tunnels.every((t) => server.url.endsWith(t))).toBe(true);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => proxy.close(done));
    }
  });

  // The get bundle gives undici Node's default header limit without loading node:http (scripts/bundle-cli.js,
  // lazyHttp): that default must stay what node:http says when no flag sets it.
  it("bundles the default maxHeaderSize node:http has", () => {
    expect(process.execArgv.join(" ") + (process.env.NODE_OPTIONS ?? "")).not.toContain(
      "max-http-header-size",
    );
    expect(maxHeaderSize).toBe(16384);
    expect(
      readFileSync(fileURLToPath(new URL("../../dist/bundle/get.cjs", import.meta.url)), "utf8"),
    ).toContain("return 16384");
  });
});

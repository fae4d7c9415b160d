import { execFile } from "node:child_process";
import { maxHeaderSize } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

  it.each([[["bogus"]], [["version", "--client", "-o", "json"]], [["get", "--bogus"]]])(
    "runs %j through the bundled CLI exactly as main() does",
    async (argv) => {
      expect(await runLauncher(argv)).toEqual(await runCli(argv));
    },
  );
});

// `kubewire get` runs from a bundle of its own (dist/bundle/get.js): the same answers as main()'s, through a server.
describe("bin/kubewire.js get", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubewire-launcher-"));
  let server: FakeApiServer;
  const env = () => ({ KUBECONFIG: join(dir, "config"), HOME: dir });

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
    // Tables, templates, sorting and --v logs come from dist/bundle/get-lazy.js, which takes what it shares with
    // get.js from get.js: a template error thrown there is reported by get.js as kubectl reports it.
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

  // The get bundle gives undici Node's default header limit without loading node:http (scripts/bundle-cli.js,
  // lazyHttp): that default must stay what node:http says when no flag sets it.
  it("bundles the default maxHeaderSize node:http has", () => {
    expect(process.execArgv.join(" ") + (process.env.NODE_OPTIONS ?? "")).not.toContain(
      "max-http-header-size",
    );
    expect(maxHeaderSize).toBe(16384);
    expect(
      readFileSync(fileURLToPath(new URL("../../dist/bundle/get.js", import.meta.url)), "utf8"),
    ).toContain("return 16384");
  });
});

import {
  rmSync,
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, ExecPluginError, isUnauthorized, loadKubeConfig } from "../../../src/index.js";
import type { ExecConfig } from "../../../src/client/config/index.js";
import type { ClientOptions, KubeClient } from "../../../src/index.js";
import { kubectlTestsRun, requireKubectl, runKubectl } from "../../helpers/kubectl-binary.js";
import { routes, sendRecorded, startHttpsServer } from "../../helpers/servers.js";
import type { Handler, TestServer } from "../../helpers/servers.js";
import { createTestPki } from "../../helpers/tls.js";
import type { TestPki } from "../../helpers/tls.js";

const dir = mkdtempSync(join(tmpdir(), "kubewire-auth-"));
const VERSION = "GET /version";

/** A real executable, written by the test: a shell script. */
function plugin(name: string, script: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** How many times a plugin ran: each run appends a line to its counter file. */
const runs = (name: string) => {
  try {
    return readFileSync(join(dir, `${name}.runs`), "utf8")
      .split("\n")
      .filter(Boolean).length;
  } catch {
    return 0;
  }
};

/** A token plugin: token `<prefix>-<run number>`, with an optional expirationTimestamp. */
function tokenPlugin(name: string, options: { apiVersion?: string; expiry?: string } = {}): string {
  const apiVersion = options.apiVersion ?? "client.authentication.k8s.io/v1";
  const expiry = options.expiry ? `,"expirationTimestamp":"${options.expiry}"` : "";
  return plugin(
    name,
    `echo run >> "${dir}/${name}.runs"
n=$(wc -l < "${dir}/${name}.runs" | tr -d ' ')
printf '%s' "$KUBERNETES_EXEC_INFO" > "${dir}/${name}.info"
echo "{\\"apiVersion\\":\\"${apiVersion}\\",\\"kind\\":\\"ExecCredential\\",\\"status\\":{\\"token\\":\\"${name}-$n\\"${expiry.replace(/"/g, '\\"')}}}"`,
  );
}

const exec = (command: string, more: Partial<ExecConfig> = {}): ExecConfig => ({
  command,
  args: [],
  env: [],
  apiVersion: "client.authentication.k8s.io/v1",
  provideClusterInfo: false,
  interactiveMode: "Never",
  ...more,
});

let pki: TestPki;
let server: TestServer;
let mtls: TestServer;
/** The bearer tokens the server refuses. */
const refused = new Set<string>();

/** Token files the server rotates (as the kubelet would) when it refuses a token, keyed by the refused token. */
const rotateOnRefusal = new Map<string, () => void>();

const handler: Handler = (req, res) => {
  const auth = req.headers.authorization ?? "";
  rotateOnRefusal.get(auth.slice(7))?.();
  if (auth.startsWith("Bearer ") && refused.has(auth.slice(7)))
    return sendRecorded(res, "realapi/curl/x16-bad-token-401");
  routes({ [VERSION]: "realapi/curl/17-version" })(req, res, "");
};

beforeAll(async () => {
  pki = createTestPki();
  server = await startHttpsServer(handler, pki.server);
  mtls = await startHttpsServer(handler, { ...pki.server, clientCa: pki.ca.cert });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterAll(async () => {
  await Promise.all([server.close(), mtls.close()]);
});

async function withClient<T>(
  options: Omit<ClientOptions, "server">,
  fn: (client: KubeClient) => Promise<T>,
  url = server.url,
) {
  const client = createClient({ server: url, ca: pki.ca.cert, stdinIsTerminal: false, ...options });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

const version = (client: KubeClient) => client.request({ method: "GET", path: "/version" });
const lastAuth = () => server.requests.at(-1)?.headers.authorization;

describe("static credentials", () => {
  it("sends a bearer token, and records it redacted", async () => {
    const res = await withClient({ token: "static-secret-token" }, version);
    expect(lastAuth()).toBe("Bearer static-secret-token");
    expect(JSON.stringify(res.exchange)).not.toContain("static-secret-token");
    expect(res.exchange.request.headers.Authorization).toMatch(
      /^Bearer \[redacted len=19 hmac:[0-9a-f]{8}\]$/,
    );
  });

  it("sends basic auth and impersonation headers", async () => {
    await withClient(
      {
        username: "admin",
        password: "p@ss:word",
        impersonate: { user: "jane", uid: "u-1", groups: ["a", "b"], extra: { "scopes/x": ["view"] } },
      },
      version,
    );
    const headers = server.requests.at(-1)!.headers;
    expect(headers.authorization).toBe(`Basic ${Buffer.from("admin:p@ss:word").toString("base64")}`);
    expect(headers["impersonate-user"]).toBe("jane");
    expect(headers["impersonate-uid"]).toBe("u-1");
    expect(headers["impersonate-group"]).toBe("a, b");
    expect(headers["impersonate-extra-scopes%2fx"]).toBe("view");
  });

  it("re-reads a token file when it is rotated, and once more after a 401", async () => {
    const file = join(dir, "token");
    const rotate = (token: string) => {
      writeFileSync(`${file}.new`, `${token}\n`);
      renameSync(`${file}.new`, file); // the kubelet swaps projected tokens atomically
    };
    rotate("token-one");
    await withClient({ tokenFile: file }, async (client) => {
      await version(client);
      expect(lastAuth()).toBe("Bearer token-one");
      rotate("token-two");
      await version(client);
      expect(lastAuth()).toBe("Bearer token-two");
      // The server stops accepting the token; the file already holds the next one.
      refused.add("token-two");
      rotate("token-three");
      refused.add("token-three");
      const error = await version(client).catch((e: unknown) => e);
      expect(isUnauthorized(error)).toBe(true);
      expect(server.requests.slice(-1).map((r) => r.headers.authorization)).toEqual(["Bearer token-three"]);
      // The token is refused while the file already holds its successor: read again, sent again.
      rotate("token-four");
      refused.add("token-four");
      rotateOnRefusal.set("token-four", () => rotate("token-five"));
      const res = await version(client);
      expect(res.attempts.map((e) => e.response?.status)).toEqual([401, 200]);
      expect(server.requests.slice(-2).map((r) => r.headers.authorization)).toEqual([
        "Bearer token-four",
        "Bearer token-five",
      ]);
    });
  });
});

describe("exec credential plugins (real executables)", () => {
  it("runs a token plugin once and reuses its token until it expires", async () => {
    const cmd = tokenPlugin("cached", { expiry: new Date(Date.now() + 3600_000).toISOString() });
    await withClient({ exec: exec(cmd) }, async (client) => {
      await version(client);
      await version(client);
    });
    expect(runs("cached")).toBe(1);
    expect(server.requests.slice(-2).map((r) => r.headers.authorization)).toEqual([
      "Bearer cached-1",
      "Bearer cached-1",
    ]);
  });

  it("runs it again once the expirationTimestamp has passed", async () => {
    const cmd = tokenPlugin("expired", {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      expiry: "2020-01-01T00:00:00Z",
    });
    await withClient(
      { exec: exec(cmd, { apiVersion: "client.authentication.k8s.io/v1beta1" }) },
      async (client) => {
        await version(client);
        await version(client);
      },
    );
    expect(runs("expired")).toBe(2);
    expect(server.requests.slice(-2).map((r) => r.headers.authorization)).toEqual([
      "Bearer expired-1",
      "Bearer expired-2",
    ]);
  });

  it("runs the plugin again once after a 401 and resends: two recorded exchanges", async () => {
    const cmd = tokenPlugin("rotated");
    refused.add("rotated-1");
    const res = await withClient({ exec: exec(cmd) }, version);
    expect(runs("rotated")).toBe(2);
    expect(res.attempts.map((e) => e.response?.status)).toEqual([401, 200]);
    expect(server.requests.slice(-2).map((r) => r.headers.authorization)).toEqual([
      "Bearer rotated-1",
      "Bearer rotated-2",
    ]);
  });

  it("gives up after one re-run when the fresh token is refused too", async () => {
    const cmd = tokenPlugin("refused");
    refused.add("refused-1").add("refused-2");
    const error = await withClient({ exec: exec(cmd) }, version).catch((e: unknown) => e);
    expect(isUnauthorized(error)).toBe(true);
    expect(runs("refused")).toBe(2);
  });

  it("presents a client certificate from the plugin (mTLS)", async () => {
    const credential = JSON.stringify({
      apiVersion: "client.authentication.k8s.io/v1",
      kind: "ExecCredential",
      status: { clientCertificateData: pki.client.cert, clientKeyData: pki.client.key },
    });
    writeFileSync(join(dir, "cert.json"), credential);
    const cmd = plugin("cert-plugin", `cat "${dir}/cert.json"`);
    await withClient({ exec: exec(cmd) }, version, mtls.url);
    expect(mtls.requests.at(-1)?.clientCommonName).toBe("jane");
    expect(mtls.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it("surfaces a failing plugin's message and exit code", async () => {
    const cmd = plugin("failing", `echo "error: the refresh token expired; run 'cloud login'" >&2\nexit 3`);
    const error = await withClient({ exec: exec(cmd) }, version).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecPluginError);
    const e = error as ExecPluginError;
    expect([e.failure, e.exitCode, e.code]).toEqual(["failed", 3, "KUBEWIRE_EXEC_PLUGIN"]);
    expect(e.message).toBe(
      `getting credentials: exec: executable ${cmd} failed with exit code 3\nerror: the refresh token expired; run 'cloud login'`,
    );
  });

  it("shows the install hint of a plugin that is not installed", async () => {
    const error = await withClient(
      {
        exec: exec("kubewire-test-no-such-plugin", {
          installHint: "Install it with: brew install no-such-plugin",
        }),
      },
      version,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecPluginError);
    expect((error as ExecPluginError).failure).toBe("not-found");
    expect((error as Error).message).toBe(
      "getting credentials: exec: executable kubewire-test-no-such-plugin not found\n\n" +
        "It looks like you are trying to use a client-go credential plugin that is not installed.\n\n" +
        "To learn more about this feature, consult the documentation available at:\n" +
        "      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins\n\n" +
        "Install it with: brew install no-such-plugin",
    );
  });

  it("refuses output it cannot use, without quoting it", async () => {
    const wrongVersion = plugin(
      "wrong-version",
      `echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"leaky-secret"}}'`,
    );
    const notJson = plugin("not-json", "echo leaky-secret");
    for (const [cmd, message] of [
      [
        wrongVersion,
        /configured to use API version client.authentication.k8s.io\/v1, plugin returned version "client.authentication.k8s.io\/v1beta1"/,
      ],
      [notJson, /decoding stdout: the plugin printed something that is not JSON/],
    ] as const) {
      const error = await withClient({ exec: exec(cmd) }, version).catch((e: unknown) => e);
      expect((error as ExecPluginError).failure).toBe("bad-output");
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("leaky-secret");
    }
  });

  it("refuses interactiveMode Always without a terminal, and tells an IfAvailable plugin when it has one", async () => {
    const cmd = tokenPlugin("interactive");
    const error = await withClient({ exec: exec(cmd, { interactiveMode: "Always" }) }, version).catch(
      (e: unknown) => e,
    );
    expect((error as ExecPluginError).failure).toBe("interactive-unavailable");
    expect((error as Error).message).toBe(
      "getting credentials: exec plugin cannot support interactive mode: standard input is not a terminal",
    );
    await withClient({ exec: exec(cmd, { interactiveMode: "IfAvailable" }), stdinIsTerminal: true }, version);
    expect(JSON.parse(readFileSync(join(dir, "interactive.info"), "utf8"))).toEqual({
      kind: "ExecCredential",
      apiVersion: "client.authentication.k8s.io/v1",
      spec: { interactive: true },
    });
  });

  it.skipIf(!kubectlTestsRun()).each([
    { case: "with an exec extension", extension: true },
    { case: "without an exec extension (config: null)", extension: false },
  ])(
    "hands the plugin the same KUBERNETES_EXEC_INFO and environment as real kubectl (provideClusterInfo, $case)",
    async ({ extension }) => {
      const bin = requireKubectl();
      plugin(
        "info",
        `printf '%s' "$KUBERNETES_EXEC_INFO" > "$INFO_OUT"\nprintf '%s' "$PLUGIN_SETTING" > "$INFO_OUT.env"\necho '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"info-token"}}'`,
      );
      const kubeconfig = (out: string) => `apiVersion: v1
kind: Config
current-context: c
clusters:
- name: k
  cluster:
    server: ${server.url.replace("127.0.0.1", "localhost")}
    certificate-authority-data: ${Buffer.from(pki.ca.cert).toString("base64")}
    tls-server-name: localhost
${
  extension
    ? `    extensions:
    - name: client.authentication.k8s.io/exec
      extension: {region: eu-west-1, audience: kubewire, nested: {b: 2, a: [1, "x"]}}
`
    : ""
}users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ${join(dir, "info")}
      args: [--cluster, k]
      env: [{name: INFO_OUT, value: ${out}}, {name: PLUGIN_SETTING, value: "from kubeconfig"}]
      provideClusterInfo: true
contexts:
- name: c
  context: {cluster: k, user: u}
`;
      const ours = join(dir, "info-kubewire");
      const theirs = join(dir, "info-kubectl");
      writeFileSync(join(dir, "kubeconfig-ours"), kubeconfig(ours));
      writeFileSync(join(dir, "kubeconfig-theirs"), kubeconfig(theirs));
      const run = await runKubectl(
        bin,
        ["--kubeconfig", join(dir, "kubeconfig-theirs"), "get", "--raw", "/version"],
        {
          HOME: dir,
          PLUGIN_SETTING: "from the environment",
        },
      );
      expect(run.code, run.stderr).toBe(0);
      const loaded = await loadKubeConfig({
        kubeconfig: join(dir, "kubeconfig-ours"),
        env: { PATH: process.env.PATH, PLUGIN_SETTING: "from the environment" },
      });
      await withClient({ ...loaded.clientOptions, stdinIsTerminal: false }, version);
      const normalize = (text: string) => text.replaceAll(ours, "OUT").replaceAll(theirs, "OUT");
      expect(normalize(readFileSync(ours, "utf8"))).toBe(normalize(readFileSync(theirs, "utf8")));
      const sentCluster = (
        JSON.parse(readFileSync(ours, "utf8")) as { spec: { cluster: Record<string, unknown> } }
      ).spec.cluster;
      expect(sentCluster).toHaveProperty("config", extension ? expect.any(Object) : null);
      expect(readFileSync(`${ours}.env`, "utf8")).toBe("from kubeconfig");
      expect(readFileSync(`${theirs}.env`, "utf8")).toBe("from kubeconfig");
      expect(readdirSync(dir)).toContain("info-kubectl");
    },
  );
});

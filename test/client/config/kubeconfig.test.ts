import { rmSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKubeConfig, proxyFromEnvironment } from "../../../src/client/config/index.js";
import { createClientFromKubeConfig, KubeConfigError, loadKubeConfig } from "../../../src/index.js";
import { kubectlTestsRun, requireKubectl, runKubectl } from "../../helpers/kubectl-binary.js";
import { routes, startHttpsServer } from "../../helpers/servers.js";
import type { TestServer } from "../../helpers/servers.js";
import { createTestPki } from "../../helpers/tls.js";
import type { TestPki } from "../../helpers/tls.js";

const dir = mkdtempSync(join(tmpdir(), "kubewire-kubeconfig-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, text);
  return file;
};
const b64 = (s: string) => Buffer.from(s).toString("base64");

async function loadError(text: string, context?: string): Promise<KubeConfigError> {
  const file = write(`bad-${Math.random().toString(36).slice(2)}.yaml`, text);
  const error: unknown = await loadKubeConfig({
    kubeconfig: file,
    ...(context ? { context } : {}),
    env: {},
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KubeConfigError);
  const e = error as KubeConfigError;
  expect(e.file).toBe(file);
  expect(e.message.startsWith(`${file}: `)).toBe(true);
  return e;
}

const MINIMAL = (user: string) => `
current-context: c
contexts: [{name: c, context: {cluster: k, user: u}}]
clusters: [{name: k, cluster: {server: "https://127.0.0.1:6443"}}]
users:
- name: u
  user:
${user}
`;

describe("kubeconfig errors name the file, the field and the problem", () => {
  const cases: [string, string, string | undefined, RegExp][] = [
    ["invalid YAML", "clusters: [\n  - name: x\n bad", undefined, /is not valid YAML/],
    ["a list that is a mapping", "clusters: {name: x}", "clusters", /must be a list, got a mapping/],
    [
      "bad base64",
      MINIMAL("    client-certificate-data: '***not base64***'\n    client-key-data: eA=="),
      "users[0].user.client-certificate-data",
      /is not valid base64/,
    ],
    [
      "an exec v1 plugin without interactiveMode",
      MINIMAL("    exec: {apiVersion: client.authentication.k8s.io/v1, command: get-token}"),
      "users[0].user.exec.interactiveMode",
      /is required with client\.authentication\.k8s\.io\/v1/,
    ],
    [
      "an exec plugin API version kubewire does not speak",
      MINIMAL("    exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: get-token}"),
      "users[0].user.exec.apiVersion",
      /"client\.authentication\.k8s\.io\/v1alpha1" is not supported/,
    ],
    [
      "two clusters with one name",
      "clusters: [{name: k, cluster: {server: a}}, {name: k, cluster: {server: b}}]",
      "clusters[1].name",
      /duplicate cluster name "k"/,
    ],
    [
      "a cluster without a server",
      "current-context: c\ncontexts: [{name: c, context: {cluster: k}}]\nclusters: [{name: k, cluster: {}}]",
      "clusters[0].cluster.server",
      /is missing/,
    ],
    [
      "a certificate without its key",
      MINIMAL(`    client-certificate-data: ${b64("cert")}`),
      "users[0].user.client-key",
      /client-certificate needs client-key/,
    ],
    [
      "a CA with insecure-skip-tls-verify",
      `current-context: c\ncontexts: [{name: c, context: {cluster: k}}]\nclusters: [{name: k, cluster: {server: "https://x", insecure-skip-tls-verify: true, certificate-authority-data: ${b64("ca")}}}]`,
      "clusters[0].cluster.insecure-skip-tls-verify",
      /cannot be combined with certificate-authority/,
    ],
    [
      "a context naming an unknown user",
      "current-context: c\ncontexts: [{name: c, context: {cluster: k, user: ghost}}]\nclusters: [{name: k, cluster: {server: https://x}}]",
      "contexts[0].context.user",
      /user "ghost" is not defined/,
    ],
    [
      "token and basic auth together",
      MINIMAL("    token: abc\n    username: u\n    password: p"),
      "users[0].user",
      /more than one authentication method found for user "u": token, basicAuth/,
    ],
    [
      "the removed gcp auth provider",
      MINIMAL("    auth-provider: {name: gcp, config: {}}"),
      "users[0].user.auth-provider.name",
      /The gcp auth plugin has been removed\.\nPlease use the "gke-gcloud-auth-plugin"/,
    ],
    [
      "a client key file that does not exist",
      MINIMAL("    client-certificate: certs/missing.crt\n    client-key-data: eA=="),
      "users[0].user.client-certificate",
      /cannot read .*certs\/missing\.crt \(ENOENT\)/,
    ],
  ];
  for (const [what, text, field, problem] of cases) {
    it(what, async () => {
      const e = await loadError(text);
      expect(e.field).toBe(field ?? e.field);
      if (field === undefined) expect(e.field).toMatch(/^line \d+, column \d+$/);
      expect(e.problem).toMatch(problem);
    });
  }

  it("a context that does not exist, and no secret value in any message", async () => {
    const e = await loadError(MINIMAL("    token: super-secret-token"), "nope");
    expect(e.message).toMatch(/context "nope" does not exist/);
    const typed = await loadError(MINIMAL("    token: [super-secret-token]"));
    expect(typed.field).toBe("users[0].user.token");
    expect(typed.message).not.toContain("super-secret-token");
  });
});

describe("kubeconfig values read as kubectl reads them", () => {
  it("resolves relative paths against the file that names them, and reads YAML 1.1 scalars like Go", () => {
    const file = join(dir, "nested", "config");
    const config = parseKubeConfig(
      `clusters: [{name: k, cluster: {server: https://x, certificate-authority: ../ca.crt, insecure-skip-tls-verify: yes}}]
users:
- name: u
  user:
    tokenFile: tokens/t
    password: 0123
    username: 42
    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: ./bin/plugin, args: [--port, 8080]}
- name: path-lookup
  user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws}}`,
      file,
    );
    expect(config.clusters.k?.value).toEqual({
      server: "https://x",
      certificateAuthority: join(dir, "ca.crt"),
      insecureSkipTlsVerify: true,
    });
    const user = config.users.u!.value;
    expect(user.tokenFile).toBe(join(dir, "nested", "tokens", "t"));
    // sigs.k8s.io/yaml gives string fields the scalar's source text.
    expect([user.username, user.password]).toEqual(["42", "0123"]);
    expect(user.exec?.command).toBe(join(dir, "nested", "bin", "plugin"));
    expect(user.exec?.args).toEqual(["--port", "8080"]);
    // v1beta1 defaults interactiveMode; a bare command is looked up on PATH, not made a path.
    expect(user.exec?.interactiveMode).toBe("IfAvailable");
    expect(config.users["path-lookup"]?.value.exec?.command).toBe("aws");
  });
});

describe("a server without a scheme", () => {
  it("is https when TLS is configured and http otherwise, as client-go defaults it", async () => {
    const config = (cluster: string) =>
      write(
        `scheme-${Math.random()}.yaml`,
        `current-context: c\ncontexts: [{name: c, context: {cluster: k}}]\nclusters: [{name: k, cluster: {${cluster}}}]`,
      );
    const tls = await loadKubeConfig({
      kubeconfig: config("server: 10.0.0.1:6443, insecure-skip-tls-verify: true"),
      env: {},
    });
    const plain = await loadKubeConfig({ kubeconfig: config("server: 10.0.0.1:8080"), env: {} });
    expect([tls.clientOptions.server, plain.clientOptions.server]).toEqual([
      "https://10.0.0.1:6443",
      "http://10.0.0.1:8080",
    ]);
  });
});

describe("KUBECONFIG merging follows kubectl's precedence", () => {
  const a = write(
    "merge/a.yaml",
    `clusters: [{name: shared, cluster: {server: "https://a.example:6443"}}]
users: [{name: shared, user: {token: token-from-a}}]
contexts: [{name: ctx-a, context: {cluster: shared, user: shared, namespace: ns-a}}]`,
  );
  const b = write(
    "merge/b.yaml",
    `current-context: ctx-b
clusters:
- {name: shared, cluster: {server: "https://b.example:6443"}}
- {name: only-b, cluster: {server: "https://only-b.example"}}
users: [{name: shared, user: {token: token-from-b}}]
contexts:
- {name: ctx-b, context: {cluster: shared, user: shared}}
- {name: ctx-a, context: {cluster: only-b, user: shared, namespace: ns-b}}`,
  );
  const c = write("merge/c.yaml", "current-context: ctx-a\n");
  const missing = join(dir, "merge", "missing.yaml");
  const scenarios: {
    name: string;
    files: string[];
    context?: string;
    expected: [string, string, string, string];
  }[] = [
    {
      name: "the first file to set current-context or a named entry wins; missing files are skipped",
      files: [a, missing, b, c],
      expected: ["ctx-b", "https://a.example:6443", "token-from-a", "default"],
    },
    {
      name: "a file that only sets current-context",
      files: [c, a, b],
      expected: ["ctx-a", "https://a.example:6443", "token-from-a", "ns-a"],
    },
    {
      name: "an explicit context is looked up with the same precedence",
      files: [b, a],
      context: "ctx-a",
      expected: ["ctx-a", "https://only-b.example", "token-from-b", "ns-b"],
    },
  ];
  for (const s of scenarios) {
    it(s.name, async () => {
      const loaded = await loadKubeConfig({
        env: { KUBECONFIG: s.files.join(":") },
        ...(s.context ? { context: s.context } : {}),
      });
      expect([
        loaded.context,
        loaded.clientOptions.server,
        loaded.clientOptions.token,
        loaded.namespace,
      ]).toEqual(s.expected);
    });
  }

  it.skipIf(!kubectlTestsRun())("agrees with real kubectl's `config view --minify`", async () => {
    const bin = requireKubectl();
    for (const s of scenarios) {
      const run = await runKubectl(
        bin,
        ["config", "view", "--minify", "--raw", "-o", "json", ...(s.context ? ["--context", s.context] : [])],
        { KUBECONFIG: s.files.join(":"), HOME: dir },
      );
      expect(run.code, run.stderr).toBe(0);
      const view = JSON.parse(run.stdout) as {
        "current-context": string;
        clusters: { cluster: { server: string } }[];
        users: { user: { token: string } }[];
        contexts: { context: { namespace?: string } }[];
      };
      const loaded = await loadKubeConfig({
        env: { KUBECONFIG: s.files.join(":") },
        ...(s.context ? { context: s.context } : {}),
      });
      expect([
        loaded.context,
        loaded.clientOptions.server,
        loaded.clientOptions.token,
        loaded.namespace,
      ]).toEqual([
        s.context ?? view["current-context"],
        view.clusters[0]!.cluster.server,
        view.users[0]!.user.token,
        view.contexts[0]!.context.namespace ?? "default",
      ]);
    }
  });

  it("reads ~/.kube/config when KUBECONFIG is unset, and insists on an explicit file", async () => {
    write(
      "home/.kube/config",
      `current-context: x\ncontexts: [{name: x, context: {cluster: k}}]\nclusters: [{name: k, cluster: {server: https://home.example}}]`,
    );
    const loaded = await loadKubeConfig({ env: { HOME: join(dir, "home") } });
    expect(loaded.clientOptions.server).toBe("https://home.example");
    const error = await loadKubeConfig({ kubeconfig: missing, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeConfigError);
    expect((error as Error).message).toBe(`${missing}: cannot be read (ENOENT)`);
  });
});

describe("in-cluster configuration", () => {
  const sa = join(dir, "serviceaccount");
  write("serviceaccount/token", "projected-token\n");
  write("serviceaccount/ca.crt", "-----BEGIN CERTIFICATE-----\n");
  write("serviceaccount/namespace", "team-a");
  const files = {
    tokenFile: join(sa, "token"),
    caFile: join(sa, "ca.crt"),
    namespaceFile: join(sa, "namespace"),
  };

  it("is used when there is no kubeconfig at all and the pod's variables are set", async () => {
    const env = {
      HOME: join(dir, "nohome"),
      KUBERNETES_SERVICE_HOST: "fd00::1",
      KUBERNETES_SERVICE_PORT: "443",
    };
    const loaded = await loadKubeConfig({ env, inCluster: files });
    expect(loaded.source).toBe("in-cluster");
    expect(loaded.namespace).toBe("team-a");
    expect(loaded.clientOptions).toMatchObject({
      server: "https://[fd00::1]:443",
      tokenFile: files.tokenFile,
      ca: "-----BEGIN CERTIFICATE-----\n",
    });
  });

  it("is not used outside a pod: the error says what was looked for", async () => {
    const error = await loadKubeConfig({ env: { HOME: join(dir, "nohome") }, inCluster: files }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KubeConfigError);
    expect((error as Error).message).toMatch(
      /no configuration has been provided: none of .*\.kube\/config defines a context/,
    );
  });
});

describe("proxies from the environment, as Go's ProxyFromEnvironment", () => {
  const env = {
    HTTPS_PROXY: "proxy.corp:3128",
    http_proxy: "http://plain:80",
    NO_PROXY: ".internal,10.1.0.0/16,exact.example:6443",
  };
  it.each([
    ["https://api.example:6443", "http://proxy.corp:3128"],
    ["http://api.example", "http://plain:80"],
    ["https://k8s.internal:6443", undefined],
    ["https://internal:6443", undefined],
    ["https://10.1.2.3:6443", undefined],
    ["https://10.2.0.1:6443", "http://proxy.corp:3128"],
    ["https://exact.example:6443", undefined],
    ["https://exact.example:443", "http://proxy.corp:3128"],
    ["https://127.0.0.1:6443", undefined],
    ["https://localhost:6443", undefined],
  ])("%s → %s", (server, proxy) => {
    expect(proxyFromEnvironment(server, env)).toBe(proxy);
  });
});

describe("a client from a kubeconfig", () => {
  let pki: TestPki;
  let server: TestServer;
  beforeAll(async () => {
    pki = createTestPki();
    server = await startHttpsServer(
      routes({
        "GET /api/v1/namespaces/from-context/configmaps?limit=500": "realapi/curl/03b-cm-list-kubectl-ua",
      }),
      { ...pki.server, clientCa: pki.ca.cert },
    );
  });
  afterAll(() => server.close());

  it("connects with the CA data, client certificate files and namespace of the chosen context", async () => {
    write("mtls/client.crt", pki.client.cert);
    write("mtls/client.key", pki.client.key);
    const file = write(
      "mtls/config",
      `apiVersion: v1
kind: Config
current-context: other
clusters:
- name: test
  cluster:
    server: ${server.url}
    certificate-authority-data: ${b64(pki.ca.cert)}
users:
- name: jane
  user: {client-certificate: client.crt, client-key: client.key}
contexts:
- name: mine
  context: {cluster: test, user: jane, namespace: from-context}
- name: other
  context: {cluster: nowhere, user: jane}
`,
    );
    const client = await createClientFromKubeConfig({ kubeconfig: file, context: "mine", env: {} });
    try {
      const { items } = await client.list("v1", "ConfigMap", { namespace: client.namespace, limit: 500 });
      expect(items.map((i) => i.metadata?.name)).toEqual(["hello-world", "sithisms"]);
      expect(server.requests.at(-1)?.clientCommonName).toBe("jane");
    } finally {
      await client.close();
    }
  });
});

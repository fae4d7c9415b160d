import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { createClient, createClientFromKubeConfig, KubeNetworkError } from "../../src/index.js";
import type { ClientOptions, ClientWarning } from "../../src/index.js";
import { createFakeApiServer, createFaultServer } from "../../src/testing/index.js";
import type { FakeApiServer, FaultServer } from "../../src/testing/index.js";
import { routes, startHttpsServer } from "../helpers/servers.js";
import type { TestServer } from "../helpers/servers.js";
import { createTestPki } from "../helpers/tls.js";
import type { TestPki } from "../helpers/tls.js";

/**
 * TLS as kubeconfig users meet it: verification on unless insecure-skip-tls-verify says otherwise (and then a
 * warning, once, through the client's sink, never printed by the library), the wrong CA and the wrong host name
 * refused, CA and client certificates from files and from inline data.
 */

const dir = mkdtempSync(join(tmpdir(), "kubewire-tls-"));
const b64 = (s: string) => Buffer.from(s).toString("base64");
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

let api: FakeApiServer;
let wrongCa: FaultServer;
let wrongHost: FaultServer;
let pki: TestPki;
let mtls: TestServer;

beforeAll(async () => {
  api = await createFakeApiServer({
    objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "tls", namespace: "default" } }],
  });
  [wrongCa, wrongHost] = await Promise.all([
    createFaultServer({ upstream: api, tls: "wrong-ca" }),
    createFaultServer({ upstream: api, tls: "wrong-host" }),
  ]);
  pki = createTestPki();
  mtls = await startHttpsServer(
    routes({
      "GET /api/v1/namespaces/list-resources-ns/configmaps?limit=500": "realapi/curl/03b-cm-list-kubectl-ua",
    }),
    { ...pki.server, clientCa: pki.ca.cert },
  );
});
afterAll(async () => {
  await Promise.all([wrongCa.close(), wrongHost.close(), mtls.close()]);
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

async function getConfigMap(options: ClientOptions) {
  const client = createClient(options);
  try {
    return await client.get("v1", "ConfigMap", "tls", { namespace: "default" });
  } finally {
    await client.close();
  }
}

async function refused(options: ClientOptions): Promise<string | undefined> {
  const error = await getConfigMap(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KubeNetworkError);
  return ((error as KubeNetworkError).cause as { code?: string }).code;
}

describe("server verification", () => {
  it("is on by default: a certificate the configured CA did not sign is refused (and so without any CA)", async () => {
    expect(await refused({ server: wrongCa.url, ca: wrongCa.ca! })).toMatch(
      /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/,
    );
    expect(await refused({ server: wrongCa.url })).toMatch(/UNABLE_TO|SELF_SIGNED/);
    expect(await refused({ server: wrongCa.url, ca: wrongCa.ca!, insecureSkipTlsVerify: false })).toMatch(
      /UNABLE_TO|SELF_SIGNED/,
    );
  });

  it("refuses a certificate for another host name, unless tls-server-name names it", async () => {
    expect(await refused({ server: wrongHost.url, ca: wrongHost.ca! })).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
    const { object } = await getConfigMap({
      server: wrongHost.url,
      ca: wrongHost.ca!,
      tlsServerName: "kube.example",
    });
    expect(object.metadata?.name).toBe("tls");
  });
});

describe("a fault server over HTTPS in front of an HTTPS API server", () => {
  it("verifies both hops: the client trusts the fault server's CA, the fault server the upstream's", async () => {
    const secureApi = await createFakeApiServer({
      tls: true,
      objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "tls", namespace: "default" } }],
    });
    const proxy = await createFaultServer({ upstream: secureApi, tls: true });
    try {
      expect((await getConfigMap({ server: proxy.url, ca: proxy.ca! })).object.metadata?.name).toBe("tls");
      proxy.inject({ fault: { kind: "reset-mid-body" } });
      expect(await refused({ server: proxy.url, ca: proxy.ca! })).toMatch(/UND_ERR_SOCKET|ECONNRESET/);
    } finally {
      await proxy.close();
      await secureApi.close();
    }
  });
});

describe("insecure-skip-tls-verify", () => {
  it("is honoured only when set, and warned about once per client through onClientWarning, never on stdout/stderr", async () => {
    const stdout = vi.spyOn(process.stdout, "write");
    const stderr = vi.spyOn(process.stderr, "write");
    try {
      const warnings: ClientWarning[] = [];
      const client = createClient({
        server: wrongCa.url,
        insecureSkipTlsVerify: true,
        onClientWarning: (w) => warnings.push(w),
      });
      try {
        for (let i = 0; i < 3; i++)
          expect(
            (await client.get("v1", "ConfigMap", "tls", { namespace: "default" })).object.metadata?.name,
          ).toBe("tls");
      } finally {
        await client.close();
      }
      expect(warnings.map((w) => w.code)).toEqual(["KUBEWIRE_INSECURE_TLS"]);
      expect(warnings[0]!.message).toMatch(
        /^insecure-skip-tls-verify is set: the certificate of 127\.0\.0\.1:\d+ is not verified/,
      );
      const quiet: ClientWarning[] = [];
      await refused({ server: wrongCa.url, onClientWarning: (w) => quiet.push(w) });
      expect(quiet).toEqual([]);
      expect(stdout).not.toHaveBeenCalled();
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });

  it("from a kubeconfig: true skips verification and warns, false verifies", async () => {
    const kubeconfig = (insecure: string) =>
      write(
        `insecure-${insecure}`,
        `apiVersion: v1
kind: Config
current-context: c
clusters: [{name: k, cluster: {server: "${wrongCa.url}", insecure-skip-tls-verify: ${insecure}}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
users: [{name: u, user: {token: not-checked}}]
`,
      );
    const warnings: ClientWarning[] = [];
    const insecure = await createClientFromKubeConfig(
      { kubeconfig: kubeconfig("true"), env: {} },
      { onClientWarning: (w) => warnings.push(w) },
    );
    try {
      await insecure.get("v1", "ConfigMap", "tls", { namespace: "default" });
    } finally {
      await insecure.close();
    }
    expect(warnings.map((w) => w.code)).toEqual(["KUBEWIRE_INSECURE_TLS"]);
    const secure = await createClientFromKubeConfig(
      { kubeconfig: kubeconfig("false"), env: {} },
      { onClientWarning: (w) => warnings.push(w) },
    );
    try {
      const error = await secure
        .get("v1", "ConfigMap", "tls", { namespace: "default" })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KubeNetworkError);
    } finally {
      await secure.close();
    }
    expect(warnings).toHaveLength(1);
  });

  it("the CLI prints the warning once, on stderr", async () => {
    const file = write(
      "insecure-cli",
      `apiVersion: v1
kind: Config
current-context: c
clusters: [{name: k, cluster: {server: "${wrongCa.url}", insecure-skip-tls-verify: true}}]
contexts: [{name: c, context: {cluster: k, user: u, namespace: default}}]
users: [{name: u, user: {token: not-checked}}]
`,
    );
    let stdout = "";
    let stderr = "";
    const code = await main(["get", "configmaps", "-o", "name", "--kubeconfig", file], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: {},
    });
    expect(code).toBe(0);
    expect(stdout).toBe("configmap/tls\n");
    expect(stderr.match(/^Warning: insecure-skip-tls-verify is set/gm)).toHaveLength(1);
  });
});

describe("CA and client certificates from files and from inline data", () => {
  const kubeconfig = (name: string, cluster: string, user: string) =>
    write(
      name,
      `apiVersion: v1
kind: Config
current-context: c
clusters: [{name: k, cluster: {server: "${mtls.url}", ${cluster}}}]
contexts: [{name: c, context: {cluster: k, user: u, namespace: list-resources-ns}}]
users: [{name: u, user: {${user}}}]
`,
    );

  async function listThrough(file: string) {
    const client = await createClientFromKubeConfig({ kubeconfig: file, env: {} });
    try {
      return await client.list("v1", "ConfigMap", { namespace: client.namespace, limit: 500 });
    } finally {
      await client.close();
    }
  }

  it.each([
    ["CA file, client certificate and key files", "files"],
    ["CA data, client certificate and key data", "data"],
    ["CA file, client certificate and key data", "mixed"],
  ])("%s", async (_title, how) => {
    const ca = write(`${how}-ca.crt`, pki.ca.cert);
    const crt = write(`${how}-client.crt`, pki.client.cert);
    const key = write(`${how}-client.key`, pki.client.key);
    const cluster =
      how === "data" ? `certificate-authority-data: ${b64(pki.ca.cert)}` : `certificate-authority: ${ca}`;
    const user =
      how === "files"
        ? `client-certificate: ${crt}, client-key: ${key}`
        : `client-certificate-data: ${b64(pki.client.cert)}, client-key-data: ${b64(pki.client.key)}`;
    const { items } = await listThrough(kubeconfig(`mtls-${how}`, cluster, user));
    expect(items.map((i) => i.metadata?.name)).toEqual(["hello-world", "sithisms"]);
    expect(mtls.requests.at(-1)?.clientCommonName).toBe("jane");
  });

  it("inline data wins over a file, as in client-go; without a client certificate the server refuses", async () => {
    const wrongCaFile = write("other-ca.crt", pki.otherCa.cert);
    const { items } = await listThrough(
      kubeconfig(
        "data-wins",
        `certificate-authority: ${wrongCaFile}, certificate-authority-data: ${b64(pki.ca.cert)}`,
        `client-certificate: /nonexistent/client.crt, client-certificate-data: ${b64(pki.client.cert)}, client-key: /nonexistent/client.key, client-key-data: ${b64(pki.client.key)}`,
      ),
    );
    expect(items).toHaveLength(2);
    const error = await listThrough(
      kubeconfig("no-client-cert", `certificate-authority-data: ${b64(pki.ca.cert)}`, "token: not-a-cert"),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeNetworkError);
  });
});

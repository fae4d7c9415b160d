import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, KubeNetworkError } from "../../../src/index.js";
import { readFixture } from "../../helpers/fixtures.js";
import { routes, startConnectProxy, startHttpsServer, startSocks5Proxy } from "../../helpers/servers.js";
import type { TestServer } from "../../helpers/servers.js";
import { createTestPki, issue } from "../../helpers/tls.js";
import type { TestPki } from "../../helpers/tls.js";

const LIST = "GET /api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3Dblog&limit=500";
const TOKEN = "tls-test-token-must-not-leak";

let pki: TestPki;
let server: TestServer;
let mtls: TestServer;
let misnamed: TestServer;

beforeAll(async () => {
  pki = createTestPki();
  const handler = routes({ [LIST]: "realapi/curl/03b-cm-list-kubectl-ua" });
  server = await startHttpsServer(handler, pki.server);
  mtls = await startHttpsServer(handler, { ...pki.server, clientCa: pki.ca.cert });
  // A certificate valid only for a name the client does not connect to.
  misnamed = await startHttpsServer(
    handler,
    issue(pki.ca, { commonName: "api.example", dns: ["api.example"], usage: "server" }),
  );
});
afterAll(async () => {
  await Promise.all([server.close(), mtls.close(), misnamed.close()]);
});

async function list(options: Parameters<typeof createClient>[0]) {
  const client = createClient(options);
  try {
    return await client.list("v1", "ConfigMap", {
      namespace: "list-resources-ns",
      labelSelector: "app=blog",
      limit: 500,
    });
  } finally {
    await client.close();
  }
}

async function failure(options: Parameters<typeof createClient>[0]): Promise<KubeNetworkError> {
  const error = await list(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KubeNetworkError);
  const e = error as KubeNetworkError;
  expect(e.message).not.toContain(TOKEN);
  expect(e.code).toBe("KUBEWIRE_NETWORK_ERROR");
  return e;
}

describe("TLS to the API server", () => {
  it("verifies the server against the configured CA and gets the recorded list", async () => {
    const { raw, items } = await list({ server: server.url, ca: pki.ca.cert, token: TOKEN });
    expect(raw).toBe(readFixture("realapi/curl/03b-cm-list-kubectl-ua.body"));
    expect(items.map((i) => i.metadata?.name)).toEqual(["hello-world", "sithisms"]);
  });

  it("rejects a server whose certificate another CA signed", async () => {
    const e = await failure({ server: server.url, ca: pki.otherCa.cert, token: TOKEN });
    expect((e.cause as { code?: string }).code).toMatch(
      /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN/,
    );
    expect(e.message).toContain(`GET ${server.url}/api/v1/namespaces/list-resources-ns/configmaps`);
  });

  it("rejects a certificate for another host name, unless tls-server-name names it", async () => {
    const e = await failure({ server: misnamed.url, ca: pki.ca.cert, token: TOKEN });
    expect((e.cause as { code?: string }).code).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
    const { items } = await list({ server: misnamed.url, ca: pki.ca.cert, tlsServerName: "api.example" });
    expect(items).toHaveLength(2);
  });

  it("skips verification only when asked", async () => {
    await failure({ server: server.url });
    const { items } = await list({ server: server.url, insecureSkipTlsVerify: true });
    expect(items).toHaveLength(2);
  });

  it("presents a client certificate for mutual TLS, and is refused without one", async () => {
    const { items } = await list({
      server: mtls.url,
      ca: pki.ca.cert,
      cert: pki.client.cert,
      key: pki.client.key,
    });
    expect(items).toHaveLength(2);
    expect(mtls.requests.at(-1)?.clientCommonName).toBe("jane");
    await failure({ server: mtls.url, ca: pki.ca.cert });
  });
});

describe("proxies", () => {
  it("tunnels through an HTTP proxy (CONNECT), still verifying the server", async () => {
    const proxy = await startConnectProxy();
    try {
      const { items } = await list({ server: server.url, ca: pki.ca.cert, proxyUrl: proxy.url });
      expect(items).toHaveLength(2);
      expect(proxy.tunnels).toEqual([`127.0.0.1:${server.port}`]);
      await failure({ server: server.url, ca: pki.otherCa.cert, proxyUrl: proxy.url, token: TOKEN });
    } finally {
      await proxy.close();
    }
  });

  it("tunnels through a SOCKS5 proxy", async () => {
    const proxy = await startSocks5Proxy();
    try {
      const { items } = await list({ server: server.url, ca: pki.ca.cert, proxyUrl: proxy.url });
      expect(items).toHaveLength(2);
      expect(proxy.tunnels).toEqual([`127.0.0.1:${server.port}`]);
    } finally {
      await proxy.close();
    }
  });
});

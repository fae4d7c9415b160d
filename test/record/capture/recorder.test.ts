import { afterEach, describe, expect, it } from "vitest";
import { createClient, createRecorder, KubeApiError } from "../../../src/index.js";
import { bodyText } from "../../../src/record/index.js";
import { readFixture } from "../../helpers/fixtures.js";
import { startHttpServer } from "../../helpers/servers.js";
import type { TestServer } from "../../helpers/servers.js";

const listBody = readFixture("realapi/curl/03b-cm-list-kubectl-ua.body");
const TOKEN = "s3cr3t-bearer-token-value";
let server: TestServer | undefined;
afterEach(async () => server?.close());

describe("the recorder seam", () => {
  it("records the exchange of a list through the client, body byte-exact, Authorization redacted at capture", async () => {
    server = await startHttpServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Audit-Id": "abc" });
      res.end(listBody);
    });
    const recorder = createRecorder();
    const client = createClient({ server: server.url, token: TOKEN, recorder });
    const result = await client.list("v1", "ConfigMap", {
      namespace: "list-resources-ns",
      labelSelector: "app=blog",
      limit: 500,
    });
    await client.close();

    expect(server.requests[0]!.url).toBe(
      "/api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3Dblog&limit=500",
    );
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(recorder.exchanges).toHaveLength(1);
    const ex = recorder.exchanges[0]!;
    expect(result.exchange).toBe(ex);
    expect(ex.request.method).toBe("GET");
    expect(ex.request.url).toBe(
      `${server.url}/api/v1/namespaces/list-resources-ns/configmaps?labelSelector=app%3Dblog&limit=500`,
    );
    expect(ex.request.headers.Authorization).toMatch(/^Bearer \[redacted len=25 hmac:[0-9a-f]{8}\]$/);
    expect(ex.redacted).toBe(true);
    expect(ex.response?.status).toBe(200);
    expect(ex.response?.headers["audit-id"]).toBe("abc");
    expect(bodyText(ex.response!.body!)).toBe(listBody);
    expect(ex.response?.body?.kind).toBe("json");
    expect(JSON.stringify(recorder.cassette())).not.toContain(TOKEN);
    expect(result.raw).toBe(listBody);
    expect(result.items.map((i) => i.kind)).toEqual(["ConfigMap", "ConfigMap"]);
  });

  it("turns a Status answer into a KubeApiError carrying the Status and the exchange", async () => {
    const status = {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'configmaps "nope" not found',
      reason: "NotFound",
      details: { name: "nope", kind: "configmaps" },
      code: 404,
    };
    server = await startHttpServer((_req, res) => {
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end(JSON.stringify(status) + "\n");
    });
    const client = createClient({ server: server.url, token: TOKEN });
    const error = await client
      .get("v1", "ConfigMap", "nope", { namespace: "default" })
      .catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(KubeApiError);
    const e = error as KubeApiError;
    expect(e.reason).toBe("NotFound");
    expect(e.status).toEqual(status);
    expect(e.request.url).toBe(`${server.url}/api/v1/namespaces/default/configmaps/nope`);
    expect(e.exchange?.response?.status).toBe(404);
    expect(e.message).not.toContain(TOKEN);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenApiNotServedError } from "../../../src/client/index.js";
import { createOpenApiValidator } from "../../../src/diff/index.js";
import { createClient } from "../../../src/index.js";
import { routes, startHttpServer } from "../../helpers/servers.js";
import type { TestServer } from "../../helpers/servers.js";
import { runCli } from "../../helpers/cli.js";

/** The real kube-apiserver 1.28.7 OpenAPI v3 index and core/v1 document, served at their recorded URLs. */
let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), "kubewire-openapi-"));

beforeAll(async () => {
  server = await startHttpServer(
    routes({
      "GET /openapi/v3": "realapi/curl/15-openapi-v3",
      "GET /openapi/v3/api/v1": "realapi/curl/16-openapi-v3-api-v1",
    }),
  );
  writeFileSync(
    join(dir, "kubeconfig"),
    `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${server.url}"}}]
users: [{name: u, user: {}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
current-context: c
`,
  );
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("client.openApiV3", () => {
  it("fetches a group version's document through the index, once per client", async () => {
    const client = createClient({ server: server.url });
    try {
      const before = server.requests.length;
      const doc = await client.openApiV3("v1");
      await client.openApiV3("v1");
      const fetched = server.requests.slice(before).map((r) => r.url.split("?")[0]);
      expect(fetched).toEqual(["/openapi/v3", "/openapi/v3/api/v1"]);
      const validator = createOpenApiValidator(doc);
      expect(
        validator.validate({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, data: { k: 1 } })
          .valid,
      ).toBe(false);
      await expect(client.openApiV3("nope.example.com/v1")).rejects.toBeInstanceOf(OpenApiNotServedError);
    } finally {
      await client.close();
    }
  });
});

describe("kubewire validate --from-cluster", () => {
  const run = (args: string[]) =>
    runCli(["validate", ...args], { env: { KUBECONFIG: join(dir, "kubeconfig"), HOME: dir }, cwd: dir });

  it("validates against the cluster's documents for the objects' apiVersions", async () => {
    writeFileSync(
      join(dir, "ok.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n",
    );
    writeFileSync(
      join(dir, "bad.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: 1}\n",
    );
    expect(await run(["ok.yaml", "--from-cluster"])).toMatchObject({
      code: 0,
      stdout: "ConfigMap/a (document 1): valid\n",
    });
    const bad = await run(["bad.yaml", "--from-cluster"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(".data.k");
    expect((await run(["ok.yaml", "--from-cluster", "--openapi", "x.json"])).code).toBe(2);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, secretData } from "../../src/index.js";
import type { Secret } from "kubernetes-types/core/v1.js";
import type { KubeClient } from "../../src/index.js";
import { createFakeApiServer } from "../../src/testing/index.js";
import type { FakeApiServer } from "../../src/testing/index.js";
import { runCli } from "../helpers/cli.js";

const OLD = "old-password-5c2f";
const NEW = "new-password-91ad";
let server: FakeApiServer;
let client: KubeClient;
const dir = mkdtempSync(join(tmpdir(), "kubewire-secrets-cli-"));

const b64 = (s: string) => Buffer.from(s).toString("base64");
const secret = (name: string, labels: Record<string, string>, data: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name, namespace: "blog", labels },
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
});

beforeAll(async () => {
  server = await createFakeApiServer();
  server.load([
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "blog" } },
    secret("db", { app: "blog" }, { password: OLD, user: "blog" }),
    secret("cache", { app: "blog" }, { password: NEW }),
    secret("other", { app: "shop" }, { password: OLD }),
  ]);
  await server.writeKubeconfig(join(dir, "kubeconfig"));
  writeFileSync(join(dir, "password.txt"), NEW);
  client = createClient({ server: server.url });
});
afterAll(async () => {
  await client.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[]) =>
  runCli(["secrets", ...args], { env: { KUBECONFIG: join(dir, "kubeconfig"), HOME: dir }, cwd: dir });

const password = async (name: string) =>
  secretData((await client.get<Secret>("v1", "Secret", name, { namespace: "blog" })).object).get("password");

describe("kubewire secrets update", () => {
  it("--dry-run reports what would change, writes nothing, and prints no value", async () => {
    const r = await run([
      "update",
      "-n",
      "blog",
      "-l",
      "app=blog",
      "--set-file",
      "password=password.txt",
      "--dry-run",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "secret/db -n blog would update: replace .data.password\nsecret/cache -n blog unchanged\n",
    );
    expect(r.stderr).toContain("dry run: nothing written");
    expect(await password("db")).toBe(OLD);
    expect(r.stdout + r.stderr).not.toMatch(new RegExp(`${OLD}|${NEW}|${b64(OLD)}|${b64(NEW)}`));
  });

  it("writes only the Secrets whose data changes, and only those the selector matches", async () => {
    const r = await run([
      "update",
      "-n",
      "blog",
      "-l",
      "app=blog",
      "--set-file",
      "password=password.txt",
      "--unset",
      "user",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("secret/db -n blog updated: ");
    expect(r.stdout).toContain("secret/cache -n blog unchanged");
    expect(await password("db")).toBe(NEW);
    expect(
      secretData((await client.get<Secret>("v1", "Secret", "db", { namespace: "blog" })).object).has("user"),
    ).toBe(false);
    expect(await password("other")).toBe(OLD);
    expect(r.stdout + r.stderr).not.toMatch(new RegExp(`${OLD}|${NEW}|${b64(OLD)}|${b64(NEW)}`));
  });

  it("refuses bad usage with exit 2", async () => {
    expect((await run(["update", "-n", "blog"])).code).toBe(2);
    expect((await run(["update", "--set", "=x"])).code).toBe(2);
    expect((await run(["rotate"])).code).toBe(2);
    expect((await run(["update", "--set", "a=b", "--dry-run=maybe"])).code).toBe(2);
  });
});

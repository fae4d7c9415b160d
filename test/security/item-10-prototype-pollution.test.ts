// Issue 17, item 10: a JSON patch with a `/__proto__/…` path, sent unauthenticated to the fake server, polluted
// Object.prototype and took over its token check; applyJsonPatch did the same in-process; `kubewire secrets update
// --set __proto__=… / constructor=x` said "unchanged" or failed with an internal TypeError.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyJsonMergePatch, applyJsonPatch, applyStrategicMergePatch } from "../../src/normalize/patch.js";
import { createClient } from "../../src/index.js";
import { createFakeApiServer } from "../../src/testing/index.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-dir.js";

afterEach(() => {
  // Whatever a test did, nothing may be left on the shared prototype.
  for (const key of ["polluted", "isAdmin", "x"]) delete (Object.prototype as Record<string, unknown>)[key];
});

function clean(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).x).toBeUndefined();
}

describe("prototype pollution", () => {
  it("the patch functions never write through __proto__, constructor or prototype", () => {
    const doc = { metadata: { name: "a" } };
    for (const path of [
      "/__proto__/polluted",
      "/constructor/prototype/polluted",
      "/metadata/__proto__/polluted",
    ])
      try {
        applyJsonPatch(doc, [{ op: "add", path, value: "yes" }]);
      } catch {
        // The API server's own error (the path does not exist) is fine; pollution is not.
      }
    clean();
    const merged = applyJsonMergePatch(
      doc,
      JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"x":1}}'),
    );
    clean();
    expect(Object.keys(merged as object)).toContain("__proto__");
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    const strategic = applyStrategicMergePatch(
      doc,
      JSON.parse('{"__proto__":{"polluted":"yes"}}'),
      () => ({}),
    );
    clean();
    expect(Object.getPrototypeOf(strategic)).toBe(Object.prototype);
  });

  it("an unauthenticated patch to the fake server pollutes nothing and does not get past its token check", async () => {
    const server = await createFakeApiServer({
      token: "the-real-token",
      objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default" } }],
    });
    try {
      const url = `${server.url}/api/v1/namespaces/default/configmaps/c`;
      for (const patch of [
        [{ op: "add", path: "/__proto__/polluted", value: "yes" }],
        [{ op: "add", path: "/metadata/__proto__", value: { polluted: "yes" } }],
      ])
        await fetch(url, {
          method: "PATCH",
          headers: { "Content-Type": "application/json-patch+json", Authorization: "Bearer the-real-token" },
          body: JSON.stringify(patch),
        });
      clean();
      const anonymous = await fetch(url, { headers: { Authorization: "Bearer guessed" } });
      expect(anonymous.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it("secrets update --set __proto__=… and --set constructor=… store keys as data", async () => {
    const server = await createFakeApiServer({
      objects: [
        { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" }, data: {} },
      ],
    });
    const dir = tempDir("proto");
    const kubeconfig = join(dir, "config");
    await server.writeKubeconfig(kubeconfig);
    try {
      const run = await runCli(
        [
          "secrets",
          "update",
          "--kubeconfig",
          kubeconfig,
          "-n",
          "default",
          "--set",
          "__proto__=p",
          "--set",
          "constructor=c",
        ],
        { cwd: dir, env: {} },
      );
      expect(run.stderr).not.toMatch(/TypeError|at .*\.js/);
      expect(run.code).toBe(0);
      clean();
      const client = createClient({ server: server.url });
      const s = (await client.get("v1", "Secret", "s", { namespace: "default" })).object as { data: object };
      await client.close();
      expect(Object.prototype.hasOwnProperty.call(s.data, "__proto__")).toBe(true);
      expect(Object.prototype.hasOwnProperty.call(s.data, "constructor")).toBe(true);
    } finally {
      await server.close();
    }
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main.js";
import { readOpenApiDocument } from "../../../src/diff/index.js";
import { createClient, renderTrafficLog } from "../../../src/index.js";
import type { KubeClient } from "../../../src/index.js";
import { createFakeApiServer, kubeconfigYaml } from "../../../src/testing/index.js";
import type { FakeApiServer } from "../../../src/testing/index.js";
import { fixturePath } from "../../helpers/fixtures.js";
import { REDACTION_RUNS, runs } from "../support/fuzz-support.js";
import { leaks, secretDoc, toExchange, token, wireExchange } from "../support/secret-material.js";

/**
 * The redaction proof, part 3: the CLI, where what it prints is not the asked-for output. `get --v=9` logs traffic
 * to stderr (the output asked for here is `-o name`); `log render` prints a cassette; `log import` prints a cassette
 * and a summary; `diff` and `validate` print differences and issues. None may show a secret. (`get -o yaml` of a
 * Secret prints its data, as kubectl does: that is the output asked for, and not checked here.)
 */

const dir = mkdtempSync(join(tmpdir(), "kubewire-redaction-cli-"));
let api: FakeApiServer;
let client: KubeClient;
let openapi: string;

beforeAll(async () => {
  api = await createFakeApiServer();
  client = createClient({ server: api.url });
  // A small OpenAPI document (Secret only), so each validation compiles in milliseconds.
  const full = (await readOpenApiDocument(fixturePath("realapi/curl/16-openapi-v3-api-v1.body"))) as {
    components: { schemas: Record<string, unknown> };
  };
  const schemas = full.components.schemas;
  const keep = Object.keys(schemas).filter((k) =>
    /core\.v1\.Secret$|ObjectMeta$|ManagedFieldsEntry$|OwnerReference$|FieldsV1$|\.Time$/.test(k),
  );
  openapi = join(dir, "openapi-secret.json");
  writeFileSync(
    openapi,
    JSON.stringify({ components: { schemas: Object.fromEntries(keep.map((k) => [k, schemas[k]])) } }),
  );
});
afterAll(async () => {
  await client.close();
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: dir,
  });
  return { code, stdout, stderr };
}

describe("the CLI", () => {
  it("get --v=9 -o name, log render, log import, diff and validate print no secret", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        secretDoc,
        secretDoc,
        // A bearer token as servers issue them: characters a header may carry.
        fc.nat().map((i) => `${token(i, "kubeconfig")}.${token(i + 1, "kubeconfig")}`),
        fc.constantFrom("6", "8", "9", "10"),
        fc.constantFrom("1.27", "1.32", "1.33"),
        wireExchange,
        async (doc, other, bearer, v, kubectlVersion, wire) => {
          const name = `cli-${n++}`;
          const secrets = {
            values: [...doc.secrets.values, ...other.secrets.values, bearer],
            derived: [...doc.secrets.derived, ...other.secrets.derived],
          };
          const { metadata: _m, ...rest } = doc.object;
          await client.create({
            apiVersion: "v1",
            kind: "Secret",
            ...rest,
            metadata: { name, namespace: "default" },
          });
          const kubeconfig = join(dir, `${name}.kubeconfig`);
          writeFileSync(kubeconfig, kubeconfigYaml(api.url, undefined, bearer));
          const cassette = join(dir, `${name}.cassette.json`);

          const get = await run([
            "get",
            "secrets",
            name,
            "-o",
            "name",
            `--v=${v}`,
            "--kubectl-version",
            kubectlVersion,
            "--kubeconfig",
            kubeconfig,
            "--record",
            cassette,
          ]);
          expect(get).toMatchObject({ code: 0, stdout: `secret/${name}\n` });
          expect(get.stderr).toContain(`secrets/${name}`);
          const render = await run([
            "log",
            "render",
            cassette,
            "--v=10",
            "--kubectl-version",
            kubectlVersion,
          ]);
          expect(render.code).toBe(0);

          const log = join(dir, `${name}.log`);
          writeFileSync(
            log,
            renderTrafficLog([toExchange(wire, 0)], { v: 10, kubectlVersion, showSecrets: true }),
          );
          const imported = await run(["log", "import", log]);
          expect(imported.code).toBe(0);

          const a = join(dir, `${name}-a.json`);
          const b = join(dir, `${name}-b.json`);
          writeFileSync(a, JSON.stringify({ apiVersion: "v1", kind: "Secret", ...doc.object }));
          writeFileSync(
            b,
            JSON.stringify({ apiVersion: "v1", kind: "Secret", ...doc.object, data: other.object.data }),
          );
          const diff = await run(["diff", a, b]);
          const unified = await run(["diff", a, b, "--format", "unified"]);
          expect([0, 1]).toContain(diff.code);
          expect(unified.code).toBe(diff.code);

          const broken = join(dir, `${name}-broken.json`);
          writeFileSync(
            broken,
            JSON.stringify({
              apiVersion: "v1",
              kind: "Secret",
              metadata: { name },
              data: { k: bearer },
              stringData: { s: [bearer] },
            }),
          );
          const validate = await run(["validate", broken, "--openapi", openapi]);
          expect(validate.code).toBe(1);

          for (const out of [
            get.stderr,
            get.stdout,
            render.stdout,
            render.stderr,
            imported.stdout,
            imported.stderr,
            diff.stdout,
            unified.stdout,
            validate.stdout,
            validate.stderr,
          ])
            expect(leaks(out, secrets)).toEqual([]);
          expect(leaks(imported.stdout + imported.stderr, wire.secrets)).toEqual([]);
        },
      ),
      runs(REDACTION_RUNS.cli, 701),
    );
  });
});

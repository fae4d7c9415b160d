import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  mergeKubeConfigs,
  parseKubeConfig,
  resolveKubeConfigContext,
} from "../../../src/client/config/index.js";
import {
  admissionDiff,
  createOpenApiValidator,
  diffJson,
  readOpenApiDocument,
  renderAdmissionDiff,
  renderDifferencesJson,
  renderDifferenceTable,
  renderUnifiedDiff,
} from "../../../src/diff/index.js";
import {
  createClient,
  diffAgainstKubectl,
  KubewireError,
  updateSecrets,
  updateWithRetry,
} from "../../../src/index.js";
import type { Secret } from "kubernetes-types/core/v1.js";
import type { OpenApiValidator } from "../../../src/diff/index.js";
import type { KubeClient } from "../../../src/index.js";
import { stringify as toYaml } from "yaml";
import { createFakeApiServer } from "../../../src/testing/index.js";
import type { FakeApiServer } from "../../../src/testing/index.js";
import { fixturePath } from "../../helpers/fixtures.js";
import {
  HANG_MS,
  jsonMutation,
  mutateJson,
  REDACTION_RUNS,
  runs,
  withinMs,
} from "../support/fuzz-support.js";
import { ScriptedDispatcher } from "../support/scripted-dispatcher.js";
import type { Answer } from "../support/scripted-dispatcher.js";
import {
  b64,
  execCredentialDoc,
  kubeconfigDoc,
  leaks,
  secretDoc,
  secretValue,
  toExchange,
  wireExchange,
} from "../support/secret-material.js";
import type { Secrets, SecretDoc } from "../support/secret-material.js";

/**
 * The redaction proof, part 2: errors, diffs (every renderer, kubectl's view, admission), validation results and
 * update reports never show a secret. (What a caller asks for and gets back, a result's `raw` text or an object, is
 * the caller's own data; what explains, reports or fails must not repeat it.)
 */

/** Everything an error shows: message, stack, cause, and its data as JSON. */
function errorText(error: unknown): string {
  const e = error as Error & { cause?: unknown };
  const cause = e.cause instanceof Error ? `${e.cause.message}\n${e.cause.stack ?? ""}` : "";
  return [
    String(e),
    e.stack ?? "",
    cause,
    JSON.stringify(e, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)),
  ].join("\n");
}

const FAILURES = ["truncated", "cut", "text-500", "json-409", "garbled-watch"] as const;
const VERBS = ["get", "list", "create", "watch"] as const;

describe("error messages", () => {
  const dispatcher = new ScriptedDispatcher();
  const client = createClient({
    server: "https://127.0.0.1:6443",
    dispatcher,
    retry: false,
    discovery: false,
  });

  async function fail(verb: (typeof VERBS)[number]): Promise<unknown> {
    try {
      if (verb === "get") await client.get("v1", "Secret", "db", { namespace: "ns" });
      else if (verb === "list") await client.list("v1", "Secret", { namespace: "ns" });
      else if (verb === "create")
        await client.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "ns" } });
      else for await (const _ of client.watch("v1", "Secret", { namespace: "ns", resume: false }));
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it("KubeDecodeError, KubeNetworkError, KubeHttpError and KubeApiError around Secrets show none of their values", async () => {
    await fc.assert(
      fc.asyncProperty(
        wireExchange,
        fc.constantFrom(...FAILURES),
        fc.constantFrom(...VERBS),
        fc.nat(),
        async (w, failure, verb, at) => {
          const text = Buffer.from(w.responseChunks.join(""));
          const cutAt = 1 + (at % Math.max(1, text.length - 2));
          const answers: Record<(typeof FAILURES)[number], Answer> = {
            truncated: {
              status: 200,
              headers: { "content-type": "application/json" },
              chunks: [text.subarray(0, cutAt)],
              ending: "end",
            },
            cut: {
              status: 200,
              headers: { "content-type": "application/json" },
              chunks: [text.subarray(0, cutAt)],
              ending: "error",
            },
            "text-500": {
              status: 500,
              headers: { "content-type": "text/plain" },
              chunks: [text],
              ending: "end",
            },
            "json-409": {
              status: 409,
              headers: { "content-type": "application/json" },
              chunks: [text],
              ending: "end",
            },
            "garbled-watch": {
              status: 200,
              headers: { "content-type": "application/json" },
              chunks: [Buffer.concat([text.subarray(0, cutAt), Buffer.from("\n"), text])],
              ending: "end",
            },
          };
          dispatcher.answer = answers[failure];
          const error = await withinMs(HANG_MS, verb, fail(verb));
          if (error === undefined) return; // e.g. a watch of a stream cut exactly between events
          expect(error).toBeInstanceOf(KubewireError);
          expect(leaks(errorText(error), w.secrets)).toEqual([]);
        },
      ),
      runs(REDACTION_RUNS.errors, 601),
    );
  });
});

describe("kubeconfig errors", () => {
  it("KubeConfigError names the file and the field, never a credential, whatever is wrong with the file", async () => {
    await fc.assert(
      fc.asyncProperty(
        kubeconfigDoc,
        fc.array(jsonMutation, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (doc, m, yaml) => {
          const broken = mutateJson(
            {
              ...doc.object,
              "current-context": "c",
              contexts: [{ name: "c", context: { cluster: "c", user: "b" } }],
            },
            m,
          );
          const text = yaml ? toYaml(broken) : JSON.stringify(broken);
          try {
            const config = parseKubeConfig(text, "/nowhere/config");
            await resolveKubeConfigContext(mergeKubeConfigs([config]), undefined, {});
          } catch (error) {
            expect(error).toBeInstanceOf(KubewireError);
            expect(leaks(errorText(error), doc.secrets)).toEqual([]);
          }
        },
      ),
      runs(REDACTION_RUNS.kubeconfigErrors, 605),
    );
  });
});

const withKind = (d: SecretDoc): Record<string, unknown> => ({
  apiVersion: "v1",
  kind: "Secret",
  ...d.object,
});
const merge = (...all: Secrets[]): Secrets => ({
  values: all.flatMap((s) => s.values),
  derived: all.flatMap((s) => s.derived),
});

/** Two documents to compare, and the secrets of both. */
const pairs = fc.oneof(
  fc
    .tuple(secretDoc, secretDoc)
    .map(([a, b]) => ({ a: withKind(a), b: withKind(b), options: {}, secrets: merge(a.secrets, b.secrets) })),
  fc.tuple(secretDoc, secretDoc).map(([a, b]) => {
    // The same Secret, its values changed.
    const changed = { ...withKind(a), data: b.object.data, stringData: b.object.stringData };
    return { a: withKind(a), b: changed, options: {}, secrets: merge(a.secrets, b.secrets) };
  }),
  fc.tuple(fc.array(secretDoc, { maxLength: 3 }), fc.array(secretDoc, { maxLength: 3 })).map(([as, bs]) => ({
    a: { kind: "SecretList", apiVersion: "v1", items: as.map((d) => d.object) },
    b: { kind: "SecretList", apiVersion: "v1", items: bs.map((d) => d.object) },
    options: {},
    secrets: merge(...as.map((d) => d.secrets), ...bs.map((d) => d.secrets)),
  })),
  // Bare objects the caller says are Secrets.
  fc.tuple(secretDoc, secretDoc).map(([a, b]) => {
    const { kind: _k, apiVersion: _v, ...bare } = a.object;
    return {
      a: bare,
      b: { ...bare, data: b.object.data },
      options: { secret: true },
      secrets: merge(a.secrets, b.secrets),
    };
  }),
  fc
    .tuple(fc.oneof(kubeconfigDoc, execCredentialDoc), fc.oneof(kubeconfigDoc, execCredentialDoc))
    .map(([a, b]) => ({
      a: a.object,
      b: b.object,
      options: {},
      secrets: merge(a.secrets, b.secrets),
    })),
  fc.tuple(secretValue("tr"), secretValue("tr2")).map(([t1, t2]) => ({
    a: { kind: "TokenRequest", apiVersion: "authentication.k8s.io/v1", status: { token: t1 } },
    b: { kind: "TokenRequest", apiVersion: "authentication.k8s.io/v1", status: { token: t2 } },
    options: {},
    secrets: { values: [t1, t2], derived: [] },
  })),
);

describe("diffs", () => {
  it("diffJson and its three renderers, unified diffs, kubectl's view and admission diffs show no secret", () => {
    fc.assert(
      fc.property(pairs, fc.boolean(), wireExchange, ({ a, b, options, secrets }, explain, write) => {
        const diffs = diffJson(a, b, options);
        const outputs = [
          JSON.stringify(diffs),
          renderDifferenceTable(diffs, { explain }),
          renderDifferenceTable(diffs, { format: "markdown" }),
          renderDifferencesJson(diffs),
          renderUnifiedDiff(a, b, options),
          JSON.stringify(diffAgainstKubectl(JSON.stringify(b))),
        ];
        for (const out of outputs) expect(leaks(out, secrets)).toEqual([]);
        // An admission diff of any exchange (a write of a Secret, a TokenRequest...), as it was on the wire.
        const exchange = toExchange(write, 0);
        const admission = admissionDiff(exchange);
        expect(leaks(JSON.stringify(admission) + renderAdmissionDiff(admission), write.secrets)).toEqual([]);
      }),
      runs(REDACTION_RUNS.diffs, 602),
    );
  });
});

describe("validation results", () => {
  let validator: OpenApiValidator;
  beforeAll(async () => {
    validator = createOpenApiValidator(
      await readOpenApiDocument(fixturePath("realapi/curl/16-openapi-v3-api-v1.body")),
    );
  });

  it("issues name the path, the rule and the type found, never a value", () => {
    fc.assert(
      fc.property(secretDoc, fc.nat(5), fc.boolean(), (doc, how, knownKind) => {
        const secret = withKind(doc) as { data: Record<string, string> };
        const [k, v] = Object.entries(secret.data)[0]!;
        const broken: Record<string, unknown> = structuredClone(secret);
        const value = Buffer.from(v, "base64").toString();
        if (how === 0)
          (broken.data as Record<string, unknown>)[k] = value + "!"; // not base64
        else if (how === 1) (broken.data as Record<string, unknown>)[k] = { value };
        else if (how === 2) broken.stringData = { [k]: [value] };
        else if (how === 3) broken.type = { value };
        else if (how === 4) broken.immutable = value;
        else broken.unknownField = value;
        if (!knownKind) broken.kind = "Secrett";
        const result = validator.validate(broken);
        expect(leaks(JSON.stringify(result), doc.secrets)).toEqual([]);
      }),
      runs(REDACTION_RUNS.validation, 603),
    );
  });
});

describe("update reports", () => {
  let api: FakeApiServer;
  let client: KubeClient;
  beforeAll(async () => {
    api = await createFakeApiServer();
    client = createClient({ server: api.url });
  });
  afterAll(async () => {
    await client.close();
    await api.close();
  });

  it("updateWithRetry's dry-run reports and updateSecrets' report hold no value, old or new", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        secretDoc,
        secretValue("new"),
        fc.constantFrom<"client" | "server">("client", "server"),
        fc.constantFrom<"replace" | "merge-patch">("replace", "merge-patch"),
        async (doc, fresh, dryRun, strategy) => {
          const name = `s-${n++}`;
          const { metadata: _m, ...rest } = withKind(doc);
          await client.create({
            ...rest,
            metadata: { name, namespace: "default", labels: { run: String(n) } },
          });
          const secrets = merge(doc.secrets, { values: [fresh], derived: [b64(fresh)] });
          const report = await updateWithRetry<Secret>(
            client,
            { apiVersion: "v1", kind: "Secret", namespace: "default", name },
            (s) => {
              s.data = { ...s.data, password: b64(fresh) };
              s.stringData = { token: fresh };
            },
            { dryRun, strategy },
          );
          expect(leaks(JSON.stringify(report), secrets)).toEqual([]);
          const all = await updateSecrets(
            client,
            { namespace: "default", labelSelector: `run=${n}` },
            (_s, data) => {
              data.set("password", fresh);
              // A user error that quotes a value: the report scrubs it.
              if (n % 2 === 0) throw new Error(`cannot rotate ${fresh}`);
            },
            { dryRun: true },
          );
          expect(leaks(JSON.stringify(all), secrets)).toEqual([]);
        },
      ),
      runs(REDACTION_RUNS.updateReports, 604),
    );
  });
});

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments, stringify as toYaml } from "yaml";
import { createClient, createRecorder, saveCassette } from "../../../src/index.js";
import { startHttpServer } from "../../helpers/servers.js";
import type { TestServer } from "../../helpers/servers.js";

/**
 * Property: whatever secrets a session carries (Secret objects single, listed, watched, in Tables, written and
 * patched in every patch type, tokens, kubeconfigs, credential headers and query parameters, last-applied
 * annotations), no secret value reaches the cassette file: not raw, not base64, not escaped inside a JSON string
 * or an annotation.
 */

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
const b64 = (s: string) => Buffer.from(s).toString("base64");

/** Secret values: long enough not to occur by chance, with characters that need escaping in JSON, YAML, Go. */
const secretValue = fc
  .string({
    unit: fc.constantFrom(..."abcXYZ0189-_./+=:\"'\\<>&{}[] \n\té中🚀"),
    minLength: 10,
    maxLength: 24,
  })
  .filter((s) => s.trim().length >= 10);

/** Token-like values, as they can appear in a header. */
const tokenValue = fc.string({
  unit: fc.constantFrom(..."ABCxyz0189-_.~"),
  minLength: 16,
  maxLength: 40,
});

interface Scenario {
  method: string;
  path: string;
  requestHeaders?: Record<string, string>;
  requestBody?: string;
  responseHeaders?: Record<string, string>;
  /** The response body, in the chunks the server writes (one chunk unless a watch). */
  responseChunks: string[];
  secrets: string[];
}

const name = fc.constantFrom("db", "api", "tls-cert", "helm.v1");
const keyName = fc.constantFrom("password", "token", "api-key", ".dockerconfigjson", "tls.key");

/** A Secret with data (base64 of the secret values), maybe stringData, maybe a last-applied annotation. */
const secretObject = fc
  .record({
    name,
    values: fc.array(fc.tuple(keyName, secretValue), { minLength: 1, maxLength: 3 }),
    stringValues: fc.array(fc.tuple(keyName, secretValue), { maxLength: 2 }),
    lastApplied: fc.boolean(),
    withKind: fc.boolean(),
  })
  .map(({ name, values, stringValues, lastApplied, withKind }) => {
    const data = Object.fromEntries(values.map(([k, v]) => [k, b64(v)]));
    const stringData = Object.fromEntries(stringValues.map(([k, v]) => [k, v]));
    const metadata: Record<string, unknown> = { name, namespace: "ns", uid: "u-1", resourceVersion: "7" };
    if (lastApplied) {
      const applied = {
        apiVersion: "v1",
        data,
        kind: "Secret",
        metadata: { name, namespace: "ns" },
        stringData,
      };
      metadata.annotations = { [LAST_APPLIED]: JSON.stringify(applied) + "\n" };
    }
    const object: Record<string, unknown> = withKind ? { kind: "Secret", apiVersion: "v1" } : {};
    Object.assign(object, { metadata, data, type: "Opaque" });
    return {
      object,
      secrets: [...values.map(([, v]) => v), ...(lastApplied ? stringValues.map(([, v]) => v) : [])],
      stringData,
      stringSecrets: stringValues.map(([, v]) => v),
    };
  });

const jsonText = (value: unknown, pretty: boolean) =>
  (pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)) + "\n";

const scenario: fc.Arbitrary<Scenario> = fc.oneof(
  // GET one Secret, compact or pretty (a pretty body is kept as raw text when not redacted: it must go too).
  fc.tuple(secretObject, fc.boolean()).map(([s, pretty]) => ({
    method: "GET",
    path: `/api/v1/namespaces/ns/secrets/${String((s.object.metadata as { name: string }).name)}`,
    responseChunks: [jsonText({ kind: "Secret", apiVersion: "v1", ...s.object }, pretty)],
    secrets: s.secrets,
  })),
  // A SecretList: items carry no kind.
  fc.array(secretObject, { minLength: 1, maxLength: 3 }).map((items) => ({
    method: "GET",
    path: "/api/v1/namespaces/ns/secrets?labelSelector=app%3Dblog",
    responseChunks: [
      jsonText(
        {
          kind: "SecretList",
          apiVersion: "v1",
          metadata: { resourceVersion: "9" },
          items: items.map((i) => {
            const { kind: _k, apiVersion: _a, ...rest } = i.object;
            return rest;
          }),
        },
        false,
      ),
    ],
    secrets: items.flatMap((i) => i.secrets),
  })),
  // A watch of Secrets, cut into chunks at arbitrary places (inside values too).
  fc
    .tuple(fc.array(secretObject, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 4 }))
    .map(([items, cuts]) => {
      const text = items
        .map(
          (i) =>
            JSON.stringify({ type: "ADDED", object: { kind: "Secret", apiVersion: "v1", ...i.object } }) +
            "\n",
        )
        .join("");
      const points = [...new Set(cuts.map((c) => c % text.length))].sort((a, b) => a - b);
      const chunks = [0, ...points]
        .map((p, i, all) => text.slice(p, all[i + 1] ?? text.length))
        .filter(Boolean);
      return {
        method: "GET",
        path: "/api/v1/namespaces/ns/secrets?watch=true&resourceVersion=9",
        responseChunks: chunks,
        secrets: items.flatMap((i) => i.secrets),
      };
    }),
  // A Table of Secrets with whole objects (includeObject=Object), rows' objects without kind.
  fc.array(secretObject, { minLength: 1, maxLength: 2 }).map((items) => ({
    method: "GET",
    path: "/api/v1/namespaces/ns/secrets?includeObject=Object",
    responseChunks: [
      jsonText(
        {
          kind: "Table",
          apiVersion: "meta.k8s.io/v1",
          columnDefinitions: [{ name: "Name", type: "string" }],
          rows: items.map((i) => ({
            cells: [(i.object.metadata as { name: string }).name],
            object: i.object,
          })),
        },
        false,
      ),
    ],
    secrets: items.flatMap((i) => i.secrets),
  })),
  // Create a Secret with data and stringData.
  secretObject.map((s) => ({
    method: "POST",
    path: "/api/v1/namespaces/ns/secrets",
    requestHeaders: { "Content-Type": "application/json" },
    requestBody: JSON.stringify({ kind: "Secret", apiVersion: "v1", ...s.object, stringData: s.stringData }),
    responseChunks: [jsonText({ kind: "Secret", apiVersion: "v1", ...s.object }, false)],
    secrets: [...s.secrets, ...s.stringSecrets],
  })),
  // Patches: merge (no kind), JSON patch (values and the annotation), server-side apply (YAML).
  fc.tuple(secretObject, fc.constantFrom("merge", "json", "apply")).map(([s, type]) => {
    const annotation = JSON.stringify({
      apiVersion: "v1",
      kind: "Secret",
      data: s.object.data,
      stringData: s.stringData,
    });
    const body =
      type === "merge"
        ? JSON.stringify({
            data: s.object.data,
            stringData: s.stringData,
            metadata: { annotations: { [LAST_APPLIED]: annotation } },
          })
        : type === "json"
          ? JSON.stringify([
              ...Object.entries(s.object.data as Record<string, string>).map(([k, v]) => ({
                op: "add",
                path: `/data/${k}`,
                value: v,
              })),
              {
                op: "replace",
                path: `/metadata/annotations/${LAST_APPLIED.replace("/", "~1")}`,
                value: annotation,
              },
              { op: "add", path: "/stringData", value: s.stringData },
            ])
          : toYaml({
              apiVersion: "v1",
              kind: "Secret",
              metadata: { name: "db" },
              data: s.object.data,
              stringData: s.stringData,
            });
    const contentType = {
      merge: "application/merge-patch+json",
      json: "application/json-patch+json",
      apply: "application/apply-patch+yaml",
    }[type];
    return {
      method: "PATCH",
      path: "/api/v1/namespaces/ns/secrets/db?fieldManager=kubewire",
      requestHeaders: { "Content-Type": contentType },
      requestBody: body,
      responseChunks: [jsonText({ kind: "Secret", apiVersion: "v1", ...s.object }, true)],
      secrets: [...s.secrets, ...s.stringSecrets],
    };
  }),
  // Tokens: a TokenRequest's answer, a TokenReview both ways.
  secretValue.map((issued) => ({
    method: "POST",
    path: "/api/v1/namespaces/ns/serviceaccounts/default/token",
    requestHeaders: { "Content-Type": "application/json" },
    requestBody: JSON.stringify({
      kind: "TokenRequest",
      apiVersion: "authentication.k8s.io/v1",
      spec: { audiences: ["api"] },
    }),
    responseChunks: [
      jsonText(
        {
          kind: "TokenRequest",
          apiVersion: "authentication.k8s.io/v1",
          status: { token: issued, expirationTimestamp: "2030-01-01T00:00:00Z" },
        },
        false,
      ),
    ],
    secrets: [issued],
  })),
  secretValue.map((token) => ({
    method: "POST",
    path: "/apis/authentication.k8s.io/v1/tokenreviews",
    requestHeaders: { "Content-Type": "application/json" },
    requestBody: JSON.stringify({
      kind: "TokenReview",
      apiVersion: "authentication.k8s.io/v1",
      spec: { token },
    }),
    responseChunks: [
      jsonText(
        {
          kind: "TokenReview",
          apiVersion: "authentication.k8s.io/v1",
          spec: { token },
          status: { authenticated: true },
        },
        false,
      ),
    ],
    secrets: [token],
  })),
  // Kubeconfigs: as a YAML document, as JSON, and inside a ConfigMap value.
  fc
    .tuple(secretValue, secretValue, secretValue, fc.constantFrom("yaml", "json", "configmap"))
    .map(([token, password, key, form]) => {
      const kubeconfig = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "c", cluster: { server: "https://k:6443" } }],
        users: [
          { name: "a", user: { token } },
          { name: "b", user: { username: "admin", password, "client-key-data": b64(key) } },
        ],
      };
      const body =
        form === "yaml"
          ? toYaml(kubeconfig)
          : form === "json"
            ? jsonText(kubeconfig, true)
            : jsonText(
                {
                  kind: "ConfigMap",
                  apiVersion: "v1",
                  metadata: { name: "kc" },
                  data: { kubeconfig: toYaml(kubeconfig) },
                },
                false,
              );
      return {
        method: "GET",
        path:
          form === "configmap"
            ? "/api/v1/namespaces/ns/configmaps/kc"
            : "/apis/example.com/v1/clusters/c/kubeconfig",
        responseHeaders: { "Content-Type": form === "yaml" ? "application/yaml" : "application/json" },
        responseChunks: [body],
        secrets: [token, password, key],
      };
    }),
  // Credentials in headers and the query string.
  fc.tuple(tokenValue, tokenValue, secretValue).map(([bearer, cookie, query]) => ({
    method: "GET",
    path: `/api/v1/namespaces?access_token=${encodeURIComponent(query)}`,
    requestHeaders: { Authorization: `Bearer ${bearer}`, Cookie: `session=${cookie}` },
    responseHeaders: { "Set-Cookie": `session=${cookie}; HttpOnly` },
    responseChunks: [jsonText({ kind: "NamespaceList", apiVersion: "v1", items: [] }, false)],
    secrets: [bearer, cookie, query],
  })),
);

/** Every form in which a value could appear in a JSON file. */
function forms(secret: string): string[] {
  const esc = (s: string) => JSON.stringify(s).slice(1, -1);
  return [
    ...new Set([
      secret,
      esc(secret),
      esc(esc(secret)),
      b64(secret),
      encodeURIComponent(secret),
      esc(encodeURIComponent(secret)),
    ]),
  ];
}

/** Every string in a value, and in the JSON/YAML documents that strings hold (bodies, annotations). */
function strings(value: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof value === "string") {
    out.push(value);
    if (depth < 6 && /[{:\n]/.test(value)) {
      try {
        strings(JSON.parse(value), out, depth + 1);
      } catch {
        for (const line of value.split("\n")) {
          try {
            if (line.trim().startsWith("{")) strings(JSON.parse(line), out, depth + 1);
          } catch {
            // a partial line
          }
        }
        try {
          for (const doc of parseAllDocuments(value))
            if (doc.errors.length === 0) strings(doc.toJS(), out, depth + 1);
        } catch {
          // not YAML either
        }
      }
    }
  } else if (Array.isArray(value)) for (const v of value) strings(v, out, depth);
  else if (typeof value === "object" && value !== null)
    for (const v of Object.values(value)) strings(v, out, depth);
  return out;
}

describe("redaction, as a property of recorded sessions", () => {
  let server: TestServer;
  const queue: Scenario[] = [];
  const tmp = mkdtempSync(join(tmpdir(), "kubewire-redaction-"));
  beforeAll(async () => {
    server = await startHttpServer((_req, res) => {
      const s = queue.shift()!;
      res.writeHead(s.method === "POST" ? 201 : 200, {
        "Content-Type": "application/json",
        ...s.responseHeaders,
      });
      const write = (i: number) => {
        if (i === s.responseChunks.length) return void res.end();
        res.write(s.responseChunks[i]);
        setTimeout(() => write(i + 1), 1);
      };
      write(0);
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("no secret value reaches a cassette file, raw, base64, or escaped in a JSON string or annotation", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(scenario, { minLength: 1, maxLength: 4 }), async (session) => {
        const recorder = createRecorder();
        const client = createClient({ server: server.url, recorder });
        for (const s of session) {
          queue.push(s);
          await client.request({
            method: s.method,
            path: s.path,
            ...(s.requestHeaders ? { headers: s.requestHeaders } : {}),
            ...(s.requestBody !== undefined ? { body: s.requestBody } : {}),
          });
        }
        await client.close();
        const file = join(tmp, `session-${run++}.cassette.json`);
        await saveCassette(file, recorder.cassette());
        const text = readFileSync(file, "utf8");
        const inMemory = JSON.stringify(recorder.exchanges);
        const all = strings(JSON.parse(text));
        for (const secret of session.flatMap((s) => s.secrets)) {
          for (const form of forms(secret)) {
            expect(text.includes(form), `cassette file holds ${JSON.stringify(form)}`).toBe(false);
            expect(inMemory.includes(form), `recorded exchanges hold ${JSON.stringify(form)}`).toBe(false);
          }
          const leak = all.find((s) => s.includes(secret) || s.includes(b64(secret)));
          expect(leak, "a decoded string of the cassette holds a secret").toBeUndefined();
        }
      }),
      { numRuns: 60 },
    );
  });
});

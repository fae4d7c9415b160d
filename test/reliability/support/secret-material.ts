import { createHash } from "node:crypto";
import fc from "fast-check";
import { stringify as toYaml } from "yaml";
import { goStatusText } from "../../../src/kubectl/go/status-text.js";
import { bodyFromBytes, streamBody } from "../../../src/record/index.js";
import type { Exchange, HeaderMap } from "../../../src/index.js";

/**
 * Secrets for the redaction proof, and the check that none of them reached an output.
 *
 * Every secret starts with a 16-character token derived from a hash (not from fast-check's string generator,
 * which likes repeated characters that would also match innocent text), followed by characters that need escaping
 * in JSON, YAML and Go. A leak in any escaping keeps the token's letters and digits, so looking for every 12-
 * character window of the token (and of the secret's base64) finds raw, escaped, base64-encoded and partial leaks.
 */

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
export const b64 = (s: string) => Buffer.from(s).toString("base64");

/** A 16-character high-entropy token from a number. */
export function token(n: number, salt: string): string {
  return createHash("sha256")
    .update(`${salt}:${n}`)
    .digest("base64")
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, 16);
}

const TAIL = [..."abcXYZ0189-_./+=:\"'\\<>&{}[] \n\té中🚀\u2028"];

/** A secret value: a token and a tail of characters that need escaping. */
export const secretValue = (salt: string) =>
  fc
    .tuple(fc.nat(), fc.array(fc.constantFrom(...TAIL), { maxLength: 8 }))
    .map(([n, tail]) => token(n, salt) + tail.join(""));

/** A session's secrets: the values, and strings derived from them that are as secret (a base64 data value). */
export interface Secrets {
  values: string[];
  derived: string[];
}

/** The 12-character windows whose presence anywhere in an output means a secret leaked. */
export function leakWindows(secrets: Secrets): string[] {
  const windows = new Set<string>();
  const add = (s: string, from = 0, to = s.length) => {
    for (let i = from; i + 12 <= to; i++) windows.add(s.slice(i, i + 12));
  };
  for (const v of secrets.values) {
    add(v, 0, 16); // the token: the same in every escaping
    add(b64(v), 0, 16); // base64 of the token's 12 first bytes
    add(Buffer.from(v).toString("base64url"), 0, 16);
  }
  for (const d of secrets.derived) add(d, 0, 28);
  return [...windows];
}

/** Hex dumps (kubectl's for binary bodies) read back as text: a secret split over dump lines shows again. */
function hexDumpText(output: string): string {
  const bytes: number[] = [];
  for (const m of output.matchAll(/^\s*[0-9a-f]{8}  ((?:[0-9a-f]{2} {1,2})+)/gm))
    for (const h of m[1]!.trim().split(/ +/)) bytes.push(parseInt(h, 16));
  return Buffer.from(bytes).toString("latin1") + Buffer.from(bytes).toString("utf8");
}

/** The leaks of any secret in an output: as it is, with line breaks (and the indentation after them) removed, and in hex dumps. */
export function leaks(output: string, secrets: Secrets): string[] {
  const windows = leakWindows(secrets);
  if (windows.length === 0) return [];
  const haystacks = [output, output.replace(/\r?\n[\t >]*/g, "")];
  if (/^\s*[0-9a-f]{8}  [0-9a-f]{2} /m.test(output)) haystacks.push(hexDumpText(output));
  return windows.filter((w) => haystacks.some((h) => h.includes(w)));
}

// ---- objects holding secrets ----------------------------------------------------------------------------------

export interface SecretDoc {
  object: Record<string, unknown>;
  secrets: Secrets;
}

const SECRET_TYPES = [
  "Opaque",
  "kubernetes.io/dockerconfigjson",
  "kubernetes.io/tls",
  "kubernetes.io/basic-auth",
] as const;

/** A Secret of one of the common types, maybe with stringData, maybe with the last-applied annotation. */
export const secretDoc: fc.Arbitrary<SecretDoc> = fc
  .record({
    name: fc.constantFrom("db", "registry", "tls-cert", "sh.helm.release.v1.app.v1"),
    type: fc.constantFrom(...SECRET_TYPES),
    a: secretValue("a"),
    b: secretValue("b"),
    c: secretValue("c"),
    stringData: fc.boolean(),
    lastApplied: fc.boolean(),
    withKind: fc.boolean(),
  })
  .map((g) => {
    const values = [g.a, g.b];
    const derived: string[] = [];
    let data: Record<string, string>;
    switch (g.type) {
      case "kubernetes.io/dockerconfigjson": {
        const config = JSON.stringify({
          auths: { "registry.example:5000": { username: "robot", password: g.a, auth: b64(`robot:${g.a}`) } },
        });
        data = { ".dockerconfigjson": b64(config) };
        derived.push(b64(config), b64(`robot:${g.a}`));
        break;
      }
      case "kubernetes.io/tls": {
        const body = Array.from({ length: 3 }, (_, i) => b64(`${g.a}${i}${g.b}`).padEnd(64, "A")).join("\n");
        const key = `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
        data = {
          "tls.crt": b64("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
          "tls.key": b64(key),
        };
        derived.push(b64(key), ...body.split("\n"));
        break;
      }
      case "kubernetes.io/basic-auth":
        data = { username: b64("admin"), password: b64(g.a), token: b64(g.b) };
        break;
      default:
        data = { password: b64(g.a), "api-key": b64(g.b) };
    }
    const stringData = g.stringData ? { extra: g.c } : undefined;
    if (stringData || g.lastApplied) values.push(g.c);
    const metadata: Record<string, unknown> = {
      name: g.name,
      namespace: "ns",
      uid: `uid-${g.name}`,
      resourceVersion: "7",
    };
    if (g.lastApplied) {
      const applied = {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: g.name, namespace: "ns" },
        type: g.type,
        data,
        stringData: { applied: g.c },
      };
      metadata.annotations = { [LAST_APPLIED]: JSON.stringify(applied) + "\n" };
    }
    const object: Record<string, unknown> = g.withKind ? { apiVersion: "v1", kind: "Secret" } : {};
    Object.assign(object, { metadata, type: g.type, data, ...(stringData ? { stringData } : {}) });
    return { object, secrets: { values, derived } };
  });

/** A kubeconfig with every kind of credential a user entry can hold. */
export const kubeconfigDoc: fc.Arbitrary<SecretDoc> = fc
  .record({
    t: secretValue("t"),
    p: secretValue("p"),
    k: secretValue("k"),
    e: secretValue("e"),
    i: secretValue("i"),
    r: secretValue("r"),
  })
  .map(({ t, p, k, e, i, r }) => ({
    object: {
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "c", cluster: { server: "https://k:6443" } }],
      users: [
        { name: "a", user: { token: t } },
        { name: "b", user: { username: "admin", password: p, "client-key-data": b64(k) } },
        {
          name: "x",
          user: {
            exec: {
              apiVersion: "client.authentication.k8s.io/v1",
              command: "plugin",
              args: ["get-token", `--token=${e}`, "--client-secret", r, "--verbose"],
              env: [{ name: "PLUGIN_SECRET", value: e }],
              interactiveMode: "Never",
            },
          },
        },
        {
          name: "o",
          user: {
            "auth-provider": {
              name: "oidc",
              config: { "id-token": i, "refresh-token": r, "client-secret": r },
            },
          },
        },
      ],
      contexts: [{ name: "c", context: { cluster: "c", user: "a" } }],
    },
    secrets: { values: [t, p, k, e, i, r], derived: [b64(k)] },
  }));

/** The ExecCredential a credential plugin prints. */
export const execCredentialDoc: fc.Arbitrary<SecretDoc> = fc
  .tuple(secretValue("x"), secretValue("y"))
  .map(([t, k]) => ({
    object: {
      apiVersion: "client.authentication.k8s.io/v1",
      kind: "ExecCredential",
      status: {
        token: t,
        clientKeyData: `-----BEGIN EC PRIVATE KEY-----\n${b64(k)}\n-----END EC PRIVATE KEY-----\n`,
        expirationTimestamp: "2030-01-01T00:00:00Z",
      },
    },
    secrets: { values: [t, k], derived: [b64(k)] },
  }));

// ---- exchanges carrying them ----------------------------------------------------------------------------------

/** One request and its answer, as the wire carried them (nothing redacted yet). */
export interface WireExchange {
  method: string;
  path: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status: number;
  responseHeaders: Record<string, string>;
  /** In the chunks the server wrote (one unless a watch). */
  responseChunks: string[];
  secrets: Secrets;
}

const json = (v: unknown, pretty = false) => (pretty ? JSON.stringify(v, null, 2) : JSON.stringify(v)) + "\n";
const merge = (...all: Secrets[]): Secrets => ({
  values: all.flatMap((s) => s.values),
  derived: all.flatMap((s) => s.derived),
});
const none: Secrets = { values: [], derived: [] };
const JSON_TYPE = { "Content-Type": "application/json" };

function withoutType(o: Record<string, unknown>): Record<string, unknown> {
  const { kind: _k, apiVersion: _a, ...rest } = o;
  return rest;
}

function cut(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % text.length))].sort((a, b) => a - b);
  return [0, ...points].map((p, i, all) => text.slice(p, all[i + 1] ?? text.length)).filter(Boolean);
}

const credentials = fc.record({
  bearer: fc.option(secretValue("bearer"), { nil: undefined }),
  basic: fc.option(secretValue("basic"), { nil: undefined }),
  cookie: fc.option(secretValue("cookie"), { nil: undefined }),
  query: fc.option(secretValue("query"), { nil: undefined }),
});

/** Credentials a request carries: a bearer token (from a kubeconfig or an exec plugin), basic auth, a cookie. */
function credentialHeaders(c: {
  bearer?: string | undefined;
  basic?: string | undefined;
  cookie?: string | undefined;
}): { headers: Record<string, string>; secrets: Secrets } {
  const headers: Record<string, string> = {};
  const values: string[] = [];
  const derived: string[] = [];
  if (c.bearer !== undefined) {
    headers.Authorization = `Bearer ${c.bearer}`;
    values.push(c.bearer);
  } else if (c.basic !== undefined) {
    headers.Authorization = `Basic ${b64(`admin:${c.basic}`)}`;
    values.push(c.basic);
    derived.push(b64(`admin:${c.basic}`));
  }
  if (c.cookie !== undefined) {
    headers.Cookie = `session=${c.cookie}`;
    values.push(c.cookie);
  }
  return { headers, secrets: { values, derived } };
}

export const wireExchange: fc.Arbitrary<WireExchange> = fc
  .tuple(
    fc.oneof(
      // GET one Secret, compact or pretty.
      fc.tuple(secretDoc, fc.boolean()).map(([s, pretty]) => ({
        method: "GET",
        path: `/api/v1/namespaces/ns/secrets/${String((s.object.metadata as { name: string }).name)}`,
        status: 200,
        responseChunks: [json({ apiVersion: "v1", kind: "Secret", ...s.object }, pretty)],
        secrets: s.secrets,
      })),
      // A SecretList: items without kind.
      fc.tuple(fc.array(secretDoc, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([items, pretty]) => ({
        method: "GET",
        path: "/api/v1/namespaces/ns/secrets?limit=500",
        status: 200,
        responseChunks: [
          json(
            {
              kind: "SecretList",
              apiVersion: "v1",
              metadata: { resourceVersion: "9" },
              items: items.map((i) => withoutType(i.object)),
            },
            pretty,
          ),
        ],
        secrets: merge(...items.map((i) => i.secrets)),
      })),
      // A watch of Secrets, its stream cut at arbitrary places.
      fc
        .tuple(fc.array(secretDoc, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 4 }))
        .map(([items, cuts]) => ({
          method: "GET",
          path: "/api/v1/namespaces/ns/secrets?watch=true&resourceVersion=9",
          status: 200,
          responseChunks: cut(
            items
              .map((i) =>
                json({ type: "MODIFIED", object: { apiVersion: "v1", kind: "Secret", ...i.object } }),
              )
              .join(""),
            cuts,
          ),
          secrets: merge(...items.map((i) => i.secrets)),
        })),
      // kubectl's Table of Secrets, with whole objects.
      fc.array(secretDoc, { minLength: 1, maxLength: 2 }).map((items) => ({
        method: "GET",
        path: "/api/v1/namespaces/ns/secrets?includeObject=Object",
        status: 200,
        responseChunks: [
          json({
            kind: "Table",
            apiVersion: "meta.k8s.io/v1",
            columnDefinitions: [{ name: "Name", type: "string" }],
            rows: items.map((i) => ({
              cells: [(i.object.metadata as { name: string }).name],
              object: withoutType(i.object),
            })),
          }),
        ],
        secrets: merge(...items.map((i) => i.secrets)),
      })),
      // Create, replace and patch a Secret (merge, JSON patch, server-side apply as YAML).
      fc.tuple(secretDoc, fc.constantFrom("create", "replace", "merge", "json", "apply")).map(([s, how]) => {
        const full = { apiVersion: "v1", kind: "Secret", ...s.object };
        const name = (s.object.metadata as { name: string }).name;
        const body =
          how === "create" || how === "replace"
            ? JSON.stringify(full)
            : how === "merge"
              ? JSON.stringify({
                  data: s.object.data,
                  stringData: s.object.stringData,
                  metadata: { annotations: (s.object.metadata as { annotations?: unknown }).annotations },
                })
              : how === "json"
                ? JSON.stringify([
                    ...Object.entries(s.object.data as Record<string, string>).map(([k, v]) => ({
                      op: "add",
                      path: `/data/${k.replace("/", "~1")}`,
                      value: v,
                    })),
                    { op: "replace", path: "/stringData", value: s.object.stringData ?? {} },
                  ])
                : toYaml(full);
        const type = {
          create: "application/json",
          replace: "application/json",
          merge: "application/merge-patch+json",
          json: "application/json-patch+json",
          apply: "application/apply-patch+yaml",
        }[how];
        return {
          method: how === "create" ? "POST" : how === "replace" ? "PUT" : "PATCH",
          path:
            how === "create"
              ? "/api/v1/namespaces/ns/secrets"
              : `/api/v1/namespaces/ns/secrets/${name}?fieldManager=kubewire`,
          requestHeaders: { "Content-Type": type },
          requestBody: body,
          status: how === "create" ? 201 : 200,
          responseChunks: [json(full, true)],
          secrets: s.secrets,
        };
      }),
      // A TokenRequest and a TokenReview.
      secretValue("issued").map((issued) => ({
        method: "POST",
        path: "/api/v1/namespaces/ns/serviceaccounts/default/token",
        requestHeaders: JSON_TYPE,
        requestBody: JSON.stringify({
          kind: "TokenRequest",
          apiVersion: "authentication.k8s.io/v1",
          spec: { audiences: ["api"] },
        }),
        status: 201,
        responseChunks: [
          json({
            kind: "TokenRequest",
            apiVersion: "authentication.k8s.io/v1",
            spec: { audiences: ["api"] },
            status: { token: issued, expirationTimestamp: "2030-01-01T00:00:00Z" },
          }),
        ],
        secrets: { values: [issued], derived: [] },
      })),
      secretValue("reviewed").map((t) => ({
        method: "POST",
        path: "/apis/authentication.k8s.io/v1/tokenreviews",
        requestHeaders: JSON_TYPE,
        requestBody: JSON.stringify({
          kind: "TokenReview",
          apiVersion: "authentication.k8s.io/v1",
          spec: { token: t },
        }),
        status: 201,
        responseChunks: [
          json({
            kind: "TokenReview",
            apiVersion: "authentication.k8s.io/v1",
            spec: { token: t },
            status: { authenticated: true },
          }),
        ],
        secrets: { values: [t], derived: [] },
      })),
      // Kubeconfigs and exec credentials: as YAML or JSON documents, and inside ConfigMap values.
      fc
        .tuple(fc.oneof(kubeconfigDoc, execCredentialDoc), fc.constantFrom("yaml", "json", "configmap"))
        .map(([doc, form]) => ({
          method: "GET",
          path:
            form === "configmap"
              ? "/api/v1/namespaces/ns/configmaps/creds"
              : "/apis/example.com/v1/clusters/c/credentials",
          status: 200,
          responseHeaders: { "Content-Type": form === "yaml" ? "application/yaml" : "application/json" },
          responseChunks: [
            form === "yaml"
              ? toYaml(doc.object)
              : form === "json"
                ? json(doc.object, true)
                : json({
                    kind: "ConfigMap",
                    apiVersion: "v1",
                    metadata: { name: "creds" },
                    data: { config: toYaml(doc.object) },
                  }),
          ],
          secrets: doc.secrets,
        })),
    ),
    credentials,
  )
  .map(([e, c]) => {
    const creds = credentialHeaders(c);
    const path =
      c.query !== undefined
        ? `${e.path}${e.path.includes("?") ? "&" : "?"}access_token=${encodeURIComponent(c.query)}`
        : e.path;
    const responseHeaders: Record<string, string> = {
      ...JSON_TYPE,
      ...("responseHeaders" in e ? e.responseHeaders : {}),
    };
    if (c.cookie !== undefined) responseHeaders["Set-Cookie"] = `session=${c.cookie}; HttpOnly`;
    return {
      method: e.method,
      path,
      requestHeaders: { ...("requestHeaders" in e ? e.requestHeaders : {}), ...creds.headers },
      ...("requestBody" in e ? { requestBody: e.requestBody } : {}),
      status: e.status,
      responseHeaders,
      responseChunks: e.responseChunks,
      secrets: merge(
        e.secrets,
        creds.secrets,
        c.query !== undefined ? { values: [c.query], derived: [] } : none,
      ),
    };
  });

export const session = fc.array(wireExchange, { minLength: 1, maxLength: 2 });

export const sessionSecrets = (s: readonly WireExchange[]): Secrets => merge(...s.map((e) => e.secrets));

/** An exchange object as a hand-built (or imported) one would be: nothing redacted. */
export function toExchange(w: WireExchange, seq: number): Exchange {
  const headers: HeaderMap = { ...w.requestHeaders };
  const request: Exchange["request"] = { method: w.method, url: `https://127.0.0.1:6443${w.path}`, headers };
  if (w.requestBody !== undefined)
    request.body = bodyFromBytes(Buffer.from(w.requestBody), w.requestHeaders["Content-Type"])!;
  const text = w.responseChunks.join("");
  const watch = w.path.includes("watch=true");
  const body = watch
    ? streamBody(w.responseChunks.map((t, i) => ({ atMs: i, text: t })))
    : bodyFromBytes(Buffer.from(text), w.responseHeaders["Content-Type"]);
  return {
    seq,
    startedAt: `2026-03-01T10:00:0${seq % 10}.000001Z`,
    durationMs: 3,
    totalMs: 4,
    request,
    response: {
      status: w.status,
      statusText: goStatusText(w.status),
      headers: { ...w.responseHeaders, "Content-Length": String(Buffer.byteLength(text)) },
      ...(body ? { body } : {}),
    },
  };
}

// Issue 17: every masking path agrees with the recorder's redaction, on generated objects of arbitrary kinds with
// secrets under secret field names and embedded in arbitrary string fields; and the pre-scan never clears a body
// the redactor would change (it is derived from the same policy).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffJson, renderUnifiedDiff } from "../../src/diff/index.js";
import { renderTrafficLog } from "../../src/kubectl/index.js";
import { redactJson } from "../../src/record/index.js";
import { configureSecretPolicy, textMayHoldSecrets } from "../../src/record/redact/secret-policy.js";
import { redactJsonUnscanned } from "../../src/record/redact/redact.js";
import { kubeSnapshotSerializer } from "../../src/testing/index.js";
import type { Exchange } from "../../src/index.js";
import { leakForms, PEM_KEY } from "./support.js";
import { propertyRuns } from "../helpers/property-seed.js";

const secretValue = fc.stringMatching(/^[A-Za-z0-9]{14,24}$/).map((s) => `S3cr${s}`);

/** Ways a secret sits in an object: the value and where it goes. */
const placement = fc.oneof(
  fc.record({
    how: fc.constant("field" as const),
    name: fc.constantFrom(
      "password",
      "adminPassword",
      "db_password",
      "apiKey",
      "api-key",
      "clientSecret",
      "token",
      "refreshToken",
      "privateKey",
      "secretAccessKey",
      "PASSWORD",
      "client-key-data",
    ),
  }),
  // The same names holding an array: every scalar of it is a secret value.
  fc.record({
    how: fc.constant("array" as const),
    name: fc.constantFrom("token", "apiKey", "password", "clientSecret"),
  }),
  // Session 13: named by its entry's `name` or `key` (an environment variable, in either key order), or by the flag
  // item before it (a container's `args`).
  fc.record({
    how: fc.constant("entry" as const),
    name: fc.constantFrom("DB_PASSWORD", "API_TOKEN", "apiKey", "aws-secret-access-key"),
    by: fc.constantFrom("name", "key"),
    valueFirst: fc.boolean(),
  }),
  fc.record({ how: fc.constant("binary-data" as const) }),
  fc.record({
    how: fc.constant("flag-item" as const),
    name: fc.constantFrom("--password", "-token", "--client-secret"),
  }),
  fc.record({
    how: fc.constantFrom(
      "kubeconfig" as const,
      "kindless-kubeconfig" as const,
      "secret-manifest" as const,
      "secret-manifest-json" as const,
      "bearer" as const,
      "userinfo" as const,
      "query" as const,
      "pem" as const,
    ),
  }),
);

function embedded(how: string, value: string): string {
  const b64 = Buffer.from(value).toString("base64");
  switch (how) {
    case "kubeconfig":
      return `apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: ${value}\n`;
    case "kindless-kubeconfig":
      return `clusters: []\nusers:\n- name: u\n  user:\n    password: ${value}\n`;
    case "secret-manifest":
      return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  anything: ${b64}\n`;
    case "secret-manifest-json":
      return JSON.stringify({ apiVersion: "v1", kind: "Secret", stringData: { anything: value } });
    case "bearer":
      return `curl -H "Authorization: Bearer ${value}" https://example.com`;
    case "userinfo":
      return `see https://deployer:${value}@registry.example.com/v2/`;
    case "query":
      return `callback https://idp.example.com/cb?state=x&code=${value}&id_token=${value}`;
    case "pem":
      return PEM_KEY.replace("p4ssw0rdLikeMaterial", value);
    default:
      return value;
  }
}

const kind = fc.constantFrom("ConfigMap", "Secret", "Widget", "Deployment", "Table", "List", undefined);
const path = fc.array(
  fc.constantFrom("spec", "config", "items", "data", "nested", "settings", "annotations"),
  {
    minLength: 1,
    maxLength: 4,
  },
);
const filler = fc.dictionary(
  fc.constantFrom("name", "replicas", "image", "note", "url"),
  fc.oneof(fc.string(), fc.integer()),
);

function place(obj: Record<string, unknown>, at: string[], key: string, value: unknown): void {
  let cur = obj;
  for (const p of at) {
    const next = (cur[p] ??= {}) as Record<string, unknown>;
    cur = typeof next === "object" && next !== null && !Array.isArray(next) ? next : (cur[p] = {});
  }
  cur[key] = value;
}

const document = fc
  .record({
    kind,
    path,
    filler,
    placement,
    value: secretValue,
    stringKey: fc.constantFrom("text", "value", "notes", "x"),
  })
  .map(({ kind, path, filler, placement, value, stringKey }) => {
    const obj: Record<string, unknown> = { apiVersion: "example.com/v1", metadata: { name: "o" }, ...filler };
    if (kind) obj.kind = kind;
    if (placement.how === "field") place(obj, path, placement.name, value);
    else if (placement.how === "array") place(obj, path, placement.name, ["first", value]);
    else if (placement.how === "entry")
      place(
        obj,
        path,
        "env",
        placement.valueFirst
          ? [{ value, [placement.by]: placement.name }]
          : [{ [placement.by]: placement.name, value }],
      );
    else if (placement.how === "binary-data")
      place(obj, path, "binaryData", {
        "app.properties": Buffer.from(`db.password=${value}\n`).toString("base64"),
      });
    else if (placement.how === "flag-item") place(obj, path, "args", ["--verbose", placement.name, value]);
    else place(obj, path, stringKey, embedded(placement.how, value));
    return { obj, value };
  });

function outputsOf(obj: unknown): Record<string, string> {
  const exchange: Exchange = {
    seq: 0,
    startedAt: "2026-01-01T00:00:00.000000Z",
    durationMs: 1,
    request: { method: "GET", url: "https://h/apis/example.com/v1/things/o", headers: {} },
    response: {
      status: 200,
      statusText: "OK",
      headers: { "Content-Type": "application/json" },
      body: { kind: "json", value: obj, bytes: 1 },
    },
  };
  return {
    recorder: JSON.stringify(redactJson(obj)),
    diff: JSON.stringify(diffJson(obj, {})) + JSON.stringify(diffJson({}, obj)),
    unified: renderUnifiedDiff(obj, {}),
    snapshot: kubeSnapshotSerializer.serialize(obj, {}, "", 0, {}, (v) => JSON.stringify(v)),
    log: renderTrafficLog([exchange], { v: 10 }),
  };
}

describe("one policy, every output", () => {
  it("every masking path hides what the recorder hides, and the pre-scan finds every such body", () => {
    fc.assert(
      fc.property(document, ({ obj, value }) => {
        const outputs = outputsOf(obj);
        const leaks = Object.entries(outputs).flatMap(([name, text]) =>
          leakForms(value)
            .filter((form) => text.includes(form))
            .map((form) => `${name}: ${form}`),
        );
        expect(leaks).toEqual([]);
        // The recorder's walk changes the document, so the pre-scan over its text must let it through (the walk
        // without the pre-scan: redactJson itself returns the document unchanged when the pre-scan clears it).
        expect(redactJsonUnscanned(obj)).not.toBe(obj);
        expect(textMayHoldSecrets(JSON.stringify(obj))).toBe(true);
      }),
      propertyRuns(300, 17),
    );
  });

  it("redactJson's pre-scan of a value's text never changes its answer (documents, JSON patches, near-misses)", () => {
    const word = fc.constantFrom(
      "token",
      "password",
      "apiKey",
      "kind",
      "Secret",
      "Config",
      "users",
      "Bearer x",
      "https://u:p@h/",
      "?code=x",
      "[redacted len=4 sha256:0123abcd]",
      "last-applied-configuration",
      "op",
      "path",
      "/spec/token",
      "/spec/apiKey/0",
      "value",
      "name",
      "DB_PASSWORD",
      "--token",
      "DB PASSWORD",
      "x",
      " ",
      "\\n",
      "\\u",
    );
    const text = fc.array(word, { maxLength: 6 }).map((w) => w.join(""));
    const scalar = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null));
    const value = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        scalar,
        fc.array(tie("node"), { maxLength: 3 }),
        fc.dictionary(word, tie("node"), { maxKeys: 4 }),
        // A JSON patch operation: its `path` names the field it writes.
        fc.record({ op: fc.constantFrom("add", "replace"), path: text, value: tie("node") }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(JSON.stringify(redactJson(v))).toBe(JSON.stringify(redactJsonUnscanned(v)));
      }),
      propertyRuns(3000, 17),
    );
  });

  it("the pre-scan clears only text that no rule would change (generated near-misses)", () => {
    const piece = fc.constantFrom(
      "token",
      "password",
      ": ",
      "=",
      "kind",
      "Secret",
      "Bearer ",
      "://",
      "@",
      "?",
      "&",
      "code",
      "\\n",
      '"',
      "users",
      "PRIVATE KEY",
      "x",
      " ",
      "\n",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (parts) => {
        const text = parts.join("");
        const doc = { kind: "ConfigMap", data: { text } };
        if (redactJsonUnscanned(doc) !== doc) expect(textMayHoldSecrets(JSON.stringify(doc))).toBe(true);
      }),
      propertyRuns(3000, 17),
    );
  });

  it("the pre-scan's remembered clean texts answer as a fresh scan, and not across a change of the policy", () => {
    // A fresh scan of `text`: setting the policy (to what it was) forgets every text remembered.
    const fresh = (text: string) => {
      configureSecretPolicy({});
      return textMayHoldSecrets(text);
    };
    const text = fc.oneof(
      fc.constantFrom("", "x", '{"data":{"a":"b"}}', '{"token":"t"}', "Bearer abc", '{"kind":"Secret"}'),
      fc.string({ maxLength: 12 }),
      // Longer than the texts kept in the set: only the last is remembered.
      fc
        .tuple(fc.string({ maxLength: 4 }), fc.constantFrom("", '"token":"t"', "Bearer abc"))
        .map(([a, b]) => "x".repeat(260) + a + b),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(text, fc.constant("same")), { maxLength: 12 }), (texts) => {
        const expected = texts.map(fresh);
        // Asked in a row (repeats included), then each twice: every answer is the fresh one.
        expect(texts.map((t) => textMayHoldSecrets(t))).toEqual(expected);
        expect(texts.map((t) => [textMayHoldSecrets(t), textMayHoldSecrets(t.slice())])).toEqual(
          expected.map((e) => [e, e]),
        );
      }),
      propertyRuns(500, 17),
    );
    const custom = '{"spec":{"licenceCode":"L-123"}}';
    try {
      expect(textMayHoldSecrets(custom)).toBe(false);
      configureSecretPolicy({ extraFieldNames: ["licenceCode"] });
      expect(textMayHoldSecrets(custom)).toBe(true);
    } finally {
      configureSecretPolicy({});
    }
    expect(textMayHoldSecrets(custom)).toBe(false);
  });
});

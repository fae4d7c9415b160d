import { describe, expect, it } from "vitest";
import {
  bodyFromBytes,
  bodyText,
  isRedactionMarker,
  redactExchange,
  redactJson,
} from "../../../src/record/index.js";
import {
  isSecretsUrl,
  redactBody,
  redactHeaders,
  redactionMarker,
} from "../../../src/record/redact/redact.js";
import type { Exchange } from "../../../src/index.js";
import { readFixture } from "../../helpers/fixtures.js";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

describe("redaction markers", () => {
  it("keep the length in bytes and a short hash, so equal values give equal markers and changes show", () => {
    expect(redactionMarker("c3VwZXItc2VjcmV0")).toMatch(/^\[redacted len=16 hmac:[0-9a-f]{8}\]$/);
    expect(redactionMarker("é")).toMatch(/^\[redacted len=2 /);
    expect(redactionMarker("a")).toBe(redactionMarker("a"));
    expect(redactionMarker("a")).not.toBe(redactionMarker("b"));
  });

  it("are recognised exactly: a value that merely starts like one is still redacted", () => {
    expect(isRedactionMarker(redactionMarker("x"))).toBe(true);
    expect(isRedactionMarker("[redacted but actually the password]")).toBe(false);
    const out = redactJson({ kind: "Secret", data: { k: "[redacted but actually the password]" } }) as {
      data: { k: string };
    };
    expect(out.data.k).toBe(redactionMarker("[redacted but actually the password]"));
  });

  it("Authorization keeps its scheme; cookies and token-like headers go whole; redacting twice changes nothing", () => {
    const { headers } = redactHeaders({
      Authorization: "Bearer abc.def",
      Cookie: "a=b",
      "X-Auth-Token": "t",
      Accept: "*/*",
    });
    expect(headers).toEqual({
      Authorization: `Bearer ${redactionMarker("abc.def")}`,
      Cookie: redactionMarker("a=b"),
      "X-Auth-Token": redactionMarker("t"),
      Accept: "*/*",
    });
    expect(redactHeaders(headers)).toEqual({ headers, changed: false });
  });
});

describe("what is secret", () => {
  const secretList = readFixture("realapi/curl/07-secret-list.body");

  it("a real SecretList: every data value, items without kind; everything else byte for byte", () => {
    const body = bodyFromBytes(Buffer.from(secretList), "application/json")!;
    const { body: out, changed } = redactBody(body, {
      url: "https://h/api/v1/namespaces/list-resources-ns/secrets",
    });
    expect(changed).toBe(true);
    const value = JSON.parse(bodyText(out)!) as {
      items: { data: Record<string, string>; metadata: unknown }[];
    };
    const original = JSON.parse(secretList) as typeof value;
    value.items.forEach((item, i) => {
      expect(item.metadata).toEqual(original.items[i]!.metadata);
      for (const [k, v] of Object.entries(original.items[i]!.data))
        expect(item.data[k]).toBe(redactionMarker(v));
    });
  });

  it("a body with nothing secret keeps its exact bytes (a pretty-printed ConfigMap list stays pretty)", () => {
    const text = readFixture("realapi/curl/04-cm-list-table.body");
    const body = bodyFromBytes(Buffer.from(text), "application/json")!;
    expect(redactBody(body, { url: "https://h/api/v1/namespaces/ns/configmaps" }).changed).toBe(false);
    expect(bodyText(body)).toBe(text);
  });

  it("the secrets resource, not a namespace named secrets", () => {
    expect(isSecretsUrl("https://h/api/v1/namespaces/ns/secrets")).toBe(true);
    expect(isSecretsUrl("https://h/api/v1/namespaces/ns/secrets/db?resourceVersion=1")).toBe(true);
    expect(isSecretsUrl("https://h/api/v1/watch/namespaces/ns/secrets")).toBe(true);
    expect(isSecretsUrl("https://h/api/v1/secrets?watch=true")).toBe(true);
    expect(isSecretsUrl("https://h/api/v1/namespaces/secrets/configmaps")).toBe(false);
    expect(isSecretsUrl("https://h/api/v1/namespaces/secrets")).toBe(false);
  });

  it("the last-applied annotation keeps its shape, with its Secret values redacted, on a ConfigMap-free Secret", () => {
    const applied = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s" },
      stringData: { password: "hunter2-hunter2" },
    };
    const annotation = JSON.stringify(applied) + "\n";
    const out = redactJson({
      kind: "Secret",
      metadata: { name: "s", annotations: { [LAST_APPLIED]: annotation } },
      data: {},
    }) as {
      metadata: { annotations: Record<string, string> };
    };
    const redacted = out.metadata.annotations[LAST_APPLIED]!;
    expect(redacted.endsWith("\n")).toBe(true);
    expect(JSON.parse(redacted)).toEqual({
      ...applied,
      stringData: { password: redactionMarker("hunter2-hunter2") },
    });
  });

  it("a last-applied annotation that is not JSON, on a Secret, goes whole", () => {
    const out = redactJson({
      kind: "Secret",
      metadata: { annotations: { [LAST_APPLIED]: '{"data":{"k":"djE=' } },
    }) as {
      metadata: { annotations: Record<string, string> };
    };
    expect(isRedactionMarker(out.metadata.annotations[LAST_APPLIED])).toBe(true);
  });

  it("Table rows of Secrets (metadata-only rows keep their cells; whole objects lose their data)", () => {
    const table = readFixture("realapi/curl/x08-secret-list-table.body");
    const body = bodyFromBytes(Buffer.from(table), "application/json")!;
    const url = "https://h/api/v1/namespaces/list-resources-ns/secrets?labelSelector=app%3Dblog";
    expect(redactBody(body, { url }).changed).toBe(false);
    const withObjects = {
      kind: "Table",
      apiVersion: "meta.k8s.io/v1",
      rows: [{ cells: ["db"], object: { metadata: { name: "db" }, data: { k: "djE=" } } }],
    };
    expect(redactJson(withObjects, { url })).toEqual({
      ...withObjects,
      rows: [{ cells: ["db"], object: { metadata: { name: "db" }, data: { k: redactionMarker("djE=") } } }],
    });
  });

  it("tokens: TokenRequest answers, TokenReview both ways, ExecCredential", () => {
    expect(
      redactJson({ kind: "TokenRequest", status: { token: "eyJhb.x.y", expirationTimestamp: "t" } }),
    ).toEqual({
      kind: "TokenRequest",
      status: { token: redactionMarker("eyJhb.x.y"), expirationTimestamp: "t" },
    });
    expect(redactJson({ kind: "TokenReview", spec: { token: "abc" } })).toEqual({
      kind: "TokenReview",
      spec: { token: redactionMarker("abc") },
    });
    expect(
      redactJson({
        kind: "ExecCredential",
        status: { token: "a", clientKeyData: "b", clientCertificateData: "c" },
      }),
    ).toEqual({
      kind: "ExecCredential",
      status: {
        token: redactionMarker("a"),
        clientKeyData: redactionMarker("b"),
        clientCertificateData: "c",
      },
    });
  });

  it("kubeconfig credentials, also when the kubeconfig is a string value (a ConfigMap, a Helm value); paths and certificates stay", () => {
    const kubeconfig = [
      "apiVersion: v1",
      "kind: Config",
      "users:",
      "- name: a",
      "  user:",
      "    token: sekr1t-token",
      "    client-certificate: /etc/cert.pem",
      "    exec:",
      "      command: get-token",
      "      args: [--cluster=x, --client-secret=s3cr3t]",
      "      env: [{name: AWS_SECRET, value: v4lue}]",
      "",
    ].join("\n");
    const cm = redactJson({ kind: "ConfigMap", data: { kubeconfig } }) as { data: { kubeconfig: string } };
    expect(cm.data.kubeconfig).not.toMatch(/sekr1t-token|s3cr3t|v4lue/);
    expect(cm.data.kubeconfig).toContain("client-certificate: /etc/cert.pem");
    expect(cm.data.kubeconfig).toContain("--cluster=x");
    expect(cm.data.kubeconfig).toContain(redactionMarker("sekr1t-token"));
  });

  it("text that may hold a Secret but cannot be parsed is redacted token by token (a watch line cut mid-event), binary goes whole (a protobuf Secret)", () => {
    const url = "https://h/api/v1/namespaces/ns/secrets?watch=true";
    const cut = '{"type":"ADDED","object":{"kind":"Secret","data":{"k":"c2VjcmV0';
    const stream = redactBody(
      { kind: "stream", bytes: cut.length, chunks: [{ atMs: 0, text: cut }] },
      { url },
    ).body;
    const text = stream.kind === "stream" ? stream.chunks[0]!.text : "";
    // What is not secret stays readable; the value, even cut short, does not survive in any part.
    expect(text.startsWith('{"type":"ADDED","object":{"kind":"Secret","data":{"k":')).toBe(true);
    expect(text).not.toMatch(/c2Vj|secret/);
    const protobuf = Buffer.concat([
      Buffer.from([0x6b, 0x38, 0x73, 0x00]),
      Buffer.from("\n\x02v1\x12\x06Secret"),
    ]);
    const out = redactBody(
      { kind: "binary", base64: protobuf.toString("base64"), bytes: protobuf.length },
      { url: "https://h/api/v1/namespaces/ns/secrets/x" },
    );
    expect(out.changed).toBe(true);
  });

  it('prose about a scheme keeps its words (the real OpenAPI\'s "Bearer Token"); a credential after one does not', () => {
    const prose = '{"description":"Token is the bearer token. Use Bearer Token auth, or basic auth."}';
    expect(redactBody(bodyFromBytes(Buffer.from(prose), "application/json")!).changed).toBe(false);
    const credential = '{"description":"send Bearer tokenXYZ123 or basic dXNlcjpwYXNz"}';
    const out = bodyText(redactBody(bodyFromBytes(Buffer.from(credential), "application/json")!).body);
    expect(out).not.toMatch(/tokenXYZ123|dXNlcjpwYXNz/);
    expect(out).toMatch(
      /^\{"description":"send Bearer \[redacted len=11 [^\]]+\] or basic \[redacted len=12 /,
    );
  });

  it("an exchange is redacted at once everywhere: URL token, headers, both bodies; idempotent", () => {
    const exchange: Exchange = {
      seq: 0,
      startedAt: "2026-11-25T00:00:00.000000Z",
      durationMs: 1,
      request: {
        method: "PUT",
        url: "https://h/api/v1/namespaces/ns/secrets/s?access_token=qwerty",
        headers: { Authorization: "Bearer qwerty" },
        body: { kind: "json", bytes: 1, value: { kind: "Secret", data: { k: "djE=" } } },
      },
      response: {
        status: 200,
        statusText: "OK",
        headers: {},
        body: { kind: "json", bytes: 1, value: { kind: "Secret", data: { k: "djE=" } } },
      },
    };
    const once = redactExchange(exchange);
    expect(JSON.stringify(once)).not.toMatch(/qwerty|djE=/);
    expect(once.redacted).toBe(true);
    expect(redactExchange(once)).toEqual(once);
  });
});

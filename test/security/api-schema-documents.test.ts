// The one exemption from the binary rule: the API server's schema documents (GET /openapi/v2, /openapi/v3,
// /openapi/v3/<group-version>, answered 200 with an OpenAPI media type) keep their protobuf form, so that a
// replay of kubectl 1.27/1.28's apply (which reads the v2 document as protobuf) works. Everything around it keeps
// the rule: a protobuf Secret, the same bytes on any other path, method, status or media type, and request bodies.
import { describe, expect, it } from "vitest";
import { renderTrafficLog } from "../../src/index.js";
import { encodeKubernetesProtobuf } from "../../src/protobuf/envelope.js";
import { parseCassette, redactExchange, serializeCassette } from "../../src/record/index.js";
import type { Body, Exchange } from "../../src/record/exchange/exchange.js";
import { isApiSchemaDocument } from "../../src/record/redact/secret-policy.js";

const V2 = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
const V2_DEPRECATED = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
const V3 = "application/com.github.proto-openapi.spec.v3.v1.0+protobuf";
const K8S_PROTOBUF = "application/vnd.kubernetes.protobuf";

/** Bytes shaped like a schema document: protobuf fields naming the Secret type and its secret fields. */
const SCHEMA_BYTES = Buffer.concat([
  Buffer.from([0x0a, 0x03]),
  Buffer.from("2.0"),
  Buffer.from([0x12, 0x1c]),
  Buffer.from("io.k8s.api.core.v1.Secret"),
  Buffer.from([0x1a, 0x0d]),
  Buffer.from("password data"),
  Buffer.from([0x22, 0x05]),
  Buffer.from("token"),
  Buffer.from([0xff, 0xfe, 0x00, 0x80]),
]);

const SECRET_VALUE = "hunter2-protobuf-password";
const SECRET_BYTES = Buffer.from(
  encodeKubernetesProtobuf({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "db", namespace: "default" },
    data: { password: Buffer.from(SECRET_VALUE).toString("base64") },
    type: "Opaque",
  }),
);

const binary = (bytes: Buffer): Body => ({
  kind: "binary",
  base64: bytes.toString("base64"),
  bytes: bytes.length,
});

function exchange(options: {
  method?: string;
  path: string;
  status?: number;
  contentType: string;
  body: Buffer;
  requestBody?: Buffer;
}): Exchange {
  return {
    seq: 0,
    startedAt: "2026-12-04T00:00:00.000000Z",
    durationMs: 1,
    request: {
      method: options.method ?? "GET",
      url: `https://127.0.0.1:6443${options.path}`,
      headers: { Accept: V2_DEPRECATED, Authorization: "Bearer not-a-real-token-3c1f" },
      ...(options.requestBody ? { body: binary(options.requestBody) } : {}),
    },
    response: {
      status: options.status ?? 200,
      statusText: "OK",
      headers: { "Content-Type": options.contentType },
      body: binary(options.body),
    },
  };
}

/** The response body as every output stores it: redacted at capture, then through a cassette file and back. */
function stored(e: Exchange): Body {
  const once = redactExchange(e);
  const text = serializeCassette({
    version: 1,
    recordedAt: "2026-12-04T00:00:00.000000Z",
    exchanges: [once],
  });
  return parseCassette(text).exchanges[0]!.response!.body!;
}

const kept = (e: Exchange) => stored(e);
const isRedacted = (body: Body) => body.kind === "text" && /^\[redacted len=\d+/.test(body.text);

describe("the server's schema documents keep their protobuf form", () => {
  it.each([
    ["/openapi/v2", V2],
    ["/openapi/v2", V2_DEPRECATED],
    ["/openapi/v2?timeout=32s", V2],
    ["/openapi/v3", V3],
    ["/openapi/v3/api/v1", V3],
    ["/openapi/v3/apis/apps/v1?hash=ABC", V3],
    ["/openapi/v3/apis/example.com/v1", `${V3}; charset=binary`],
  ])("GET %s answered as %s is kept as sent", (path, contentType) => {
    const body = kept(exchange({ path, contentType, body: SCHEMA_BYTES }));
    expect(body).toMatchObject({ kind: "binary", base64: SCHEMA_BYTES.toString("base64") });
  });

  it("the same bytes are redacted whole everywhere else (the rule, not its absence, keeps them)", () => {
    const cases: Omit<Parameters<typeof exchange>[0], "body">[] = [
      // other paths, with the OpenAPI media type
      { path: "/api/v1/namespaces/default/configmaps/x", contentType: V2 },
      { path: "/openapi/v2/extra", contentType: V2 },
      { path: "/openapi/v3/apis/apps/v1/extra", contentType: V3 },
      { path: "/openapi/v3/apis/apps", contentType: V3 },
      { path: "/k8s/clusters/c-1/openapi/v2", contentType: V2 },
      { path: "/apis/example.com/v1/openapi/v2", contentType: V2 },
      { path: "/openapiv2", contentType: V2 },
      // the path, with another method, status or media type
      { method: "POST", path: "/openapi/v2", contentType: V2 },
      { method: "PUT", path: "/openapi/v3/api/v1", contentType: V3 },
      { path: "/openapi/v2", status: 500, contentType: V2 },
      { path: "/openapi/v2", status: 203, contentType: V2 },
      { path: "/openapi/v2", contentType: "application/octet-stream" },
      { path: "/openapi/v2", contentType: K8S_PROTOBUF },
      { path: "/openapi/v2", contentType: "application/cbor" },
      { path: "/openapi/v2", contentType: `text/plain; x=${V2}` },
    ];
    for (const c of cases)
      expect(isRedacted(stored(exchange({ ...c, body: SCHEMA_BYTES }))), c.path).toBe(true);
  });

  it("a protobuf Secret is redacted on its own path and wherever it is labelled a schema document", () => {
    for (const c of [
      { path: "/api/v1/namespaces/default/secrets/db", contentType: K8S_PROTOBUF },
      { path: "/api/v1/namespaces/default/secrets/db", contentType: V2 },
      // In the Kubernetes envelope (k8s\0) it is an object, whatever the path and label say.
      { path: "/openapi/v2", contentType: V2 },
      { path: "/openapi/v3/api/v1", contentType: V3 },
    ]) {
      const e = exchange({ ...c, body: SECRET_BYTES });
      const body = stored(e);
      expect(isRedacted(body), `${c.path} ${c.contentType}`).toBe(true);
      const everything = JSON.stringify(redactExchange(e)) + JSON.stringify(body);
      expect(everything).not.toContain(SECRET_BYTES.toString("base64"));
      expect(everything).not.toContain(Buffer.from(SECRET_VALUE).toString("base64"));
    }
  });

  it("a request body sent to a schema path keeps the rule", () => {
    const e = exchange({
      path: "/openapi/v2",
      contentType: V2,
      body: SCHEMA_BYTES,
      requestBody: SCHEMA_BYTES,
    });
    const redacted = redactExchange(e);
    expect(isRedacted(redacted.request.body!)).toBe(true);
    expect(redacted.response?.body).toMatchObject({ kind: "binary" });
  });

  it("the kept document goes through the traffic log, with the credentials still masked", () => {
    const e = exchange({ path: "/openapi/v2", contentType: V2, body: SCHEMA_BYTES });
    const log = renderTrafficLog([e], { v: 9 });
    expect(log).not.toContain("not-a-real-token-3c1f");
    // kubectl shows a binary body as a hex dump: the document's first bytes, not a marker.
    expect(log).toMatch(/"Response Body" body=<\n\t00000000 {2}0a 03 32 2e 30 /);
    expect(log).not.toMatch(/Response Body.*\[redacted len=/);
  });

  it("isApiSchemaDocument is as narrow as path, method, status and media type", () => {
    const yes = { method: "GET", url: "https://h/openapi/v2", status: 200, contentType: V2 };
    expect(isApiSchemaDocument(yes)).toBe(true);
    expect(isApiSchemaDocument({ ...yes, method: "get" })).toBe(true);
    expect(isApiSchemaDocument({ ...yes, contentType: "application/json" })).toBe(true);
    expect(isApiSchemaDocument({ ...yes, method: "HEAD" })).toBe(false);
    expect(isApiSchemaDocument({ ...yes, status: undefined })).toBe(false);
    expect(isApiSchemaDocument({ ...yes, contentType: undefined })).toBe(false);
    expect(isApiSchemaDocument({ ...yes, url: undefined })).toBe(false);
    expect(isApiSchemaDocument({ ...yes, url: "https://h/openapi/v2#x/secrets" })).toBe(true);
    expect(isApiSchemaDocument({ ...yes, url: "https://h/api/v1/secrets?x=/openapi/v2" })).toBe(false);
  });
});

/** How the in-memory API server writes its answers: kube-apiserver's headers, JSON as Go writes it, plain 404s. */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { encodeKubernetesProtobuf, messageForKind, PROTOBUF_MEDIA_TYPE } from "../../protobuf/index.js";
import { encodeJson, isPlainObject } from "./json.js";
import type { ApiStatusError } from "./status.js";

/** Headers every kube-apiserver answer carries (API Priority and Fairness identifies the flow). */
export const FLOW_HEADERS = {
  "X-Kubernetes-Pf-Flowschema-Uid": "6f1c1d6a-0000-4000-8000-6b7562657769",
  "X-Kubernetes-Pf-Prioritylevel-Uid": "6f1c1d6a-0000-4000-8000-6b7562657770",
};

/** The Accept header of the request each answer is for (set when the request arrives). */
const ACCEPTS = new WeakMap<ServerResponse, string>();

/** Remembers what the request accepts, so every answer to it (errors included) is negotiated the same way. */
export function negotiateAnswers(res: ServerResponse, accept: string | undefined): void {
  if (accept) ACCEPTS.set(res, accept);
}

/**
 * Whether the answer goes as Kubernetes protobuf: the first Accept clause that names protobuf or JSON decides (as
 * kube-apiserver reads the list in order); protobuf only for kinds that have a protobuf form (custom resources and
 * Tables do not, so client-go's `protobuf, json` list gets JSON for them).
 */
export function answersProtobuf(res: ServerResponse, apiVersion: unknown, kind: unknown): boolean {
  const accept = ACCEPTS.get(res);
  if (accept === undefined || !accept.includes(PROTOBUF_MEDIA_TYPE)) return false;
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !messageForKind(apiVersion, kind))
    return false;
  for (const clause of accept.split(",")) {
    const [type = "", ...params] = clause.split(";").map((p) => p.trim().toLowerCase());
    if (type === PROTOBUF_MEDIA_TYPE && !params.some((p) => p.startsWith("as="))) return true;
    if (type === "application/json" || type === "*/*" || type === "application/*") return false;
  }
  return false;
}

function protobufAnswer(res: ServerResponse, body: unknown): Uint8Array | undefined {
  if (!isPlainObject(body) || !answersProtobuf(res, body.apiVersion, body.kind)) return undefined;
  try {
    return encodeKubernetesProtobuf(body);
  } catch {
    // A value the typed object could not hold (the server would not have stored it): answer JSON.
    return undefined;
  }
}

/** A JSON answer with kube-apiserver's headers (Kubernetes protobuf when the request asked for it first). */
export function sendJson(
  res: ServerResponse,
  body: unknown,
  code: number,
  pretty: boolean,
  headers: Record<string, string | string[]> = {},
): void {
  const wire = protobufAnswer(res, body);
  send(res, wire ?? encodeJson(body, pretty), wire ? PROTOBUF_MEDIA_TYPE : "application/json", code, headers);
}

/**
 * JSON already encoded as kube-apiserver writes it ({@link encodeJson}), in pieces sent in order, with the same
 * headers as sendJson.
 */
export function sendEncodedJson(
  res: ServerResponse,
  pieces: readonly Uint8Array[],
  code: number,
  headers: Record<string, string | string[]> = {},
): void {
  const length = pieces.reduce((n, p) => n + p.byteLength, 0);
  writeHeaders(res, "application/json", code, headers, length);
  res.cork();
  for (const p of pieces) res.write(p);
  res.end();
}

function send(
  res: ServerResponse,
  data: string | Uint8Array,
  contentType: string,
  code: number,
  headers: Record<string, string | string[]>,
): void {
  writeHeaders(
    res,
    contentType,
    code,
    headers,
    typeof data === "string" ? Buffer.byteLength(data) : data.byteLength,
  );
  res.end(data);
}

function writeHeaders(
  res: ServerResponse,
  contentType: string,
  code: number,
  headers: Record<string, string | string[]>,
  length: number,
): void {
  res.writeHead(code, {
    "Audit-Id": randomUUID(),
    "Cache-Control": "no-cache, private",
    "Content-Type": contentType,
    ...FLOW_HEADERS,
    ...headers,
    "Content-Length": String(length),
  });
}

/** An error's Status body, with its extra headers (Retry-After). */
export function sendStatus(res: ServerResponse, error: ApiStatusError, pretty: boolean): void {
  sendJson(res, error.status, error.status.code, pretty, error.headers);
}

/** The Go mux's answer for a path nothing serves. */
export function sendNotFoundPage(res: ServerResponse): void {
  res.writeHead(404, {
    "Audit-Id": randomUUID(),
    "Cache-Control": "no-cache, private",
    "Content-Type": "text/plain; charset=utf-8",
    "X-Content-Type-Options": "nosniff",
    ...FLOW_HEADERS,
  });
  res.end("404 page not found\n");
}

/** `Warning` headers as kube-apiserver writes them: one header each, code 299, no agent, the text quoted. */
export function warningHeaders(warnings: readonly string[]): Record<string, string[]> {
  if (warnings.length === 0) return {};
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) };
}

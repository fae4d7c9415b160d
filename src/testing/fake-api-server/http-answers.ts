/** How the in-memory API server writes its answers: kube-apiserver's headers, JSON as Go writes it, plain 404s. */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { encodeJson } from "./json.js";
import type { ApiStatusError } from "./status.js";

/** Headers every kube-apiserver answer carries (API Priority and Fairness identifies the flow). */
export const FLOW_HEADERS = {
  "X-Kubernetes-Pf-Flowschema-Uid": "6f1c1d6a-0000-4000-8000-6b7562657769",
  "X-Kubernetes-Pf-Prioritylevel-Uid": "6f1c1d6a-0000-4000-8000-6b7562657770",
};

/** A JSON answer with kube-apiserver's headers. */
export function sendJson(
  res: ServerResponse,
  body: unknown,
  code: number,
  pretty: boolean,
  headers: Record<string, string | string[]> = {},
): void {
  const text = encodeJson(body, pretty);
  res.writeHead(code, {
    "Audit-Id": randomUUID(),
    "Cache-Control": "no-cache, private",
    "Content-Type": "application/json",
    ...FLOW_HEADERS,
    ...headers,
    "Content-Length": String(Buffer.byteLength(text)),
  });
  res.end(text);
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

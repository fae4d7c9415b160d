import { headerValue } from "../../internal/headers.js";
import type { Exchange, HeaderMap } from "../../record/exchange/exchange.js";

/**
 * kubectl logs a request and its response at its debugging round tripper, and some of its transport stack sits
 * below that logger: what those layers add or take away is on the wire but not in kubectl's log. A recording of a
 * client's wire (the recording proxy's) holds it; rendering shows what kubectl's log would. Exchanges without those
 * traces (kubewire's client's, imported logs) are shown as they are.
 *
 * - Go's transport sends `Accept-Encoding: gzip` when a request has none (client-go never sets one), outside
 *   `req.Header`; it then decodes the answer itself and drops its `Content-Encoding` and `Content-Length`.
 * - kubectl's command headers (`Kubectl-Command`, `Kubectl-Session`) are added by a wrapper below the logger.
 * - kubectl's discovery client reads through a disk cache (gregjones/httpcache) below the logger, which notes each
 *   `Vary` header of a storable answer as `X-Varied-<name>: <the request's value>` in the response headers.
 */

const first = headerValue;

function without(headers: HeaderMap, names: readonly string[]): HeaderMap {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !names.includes(k.toLowerCase())));
}

/** Paths kubectl asks through its cached discovery client. */
const DISCOVERY_PATH = /^\/(?:api|apis|api\/[^/]+|apis\/[^/]+\/[^/]+|version|openapi\/v[23](?:\/.*)?)\/?$/;

/** Whether a request is one kubectl sends through its cached discovery client (`/api`, `/apis/<g>/<v>`, `/openapi/…`). */
export function isDiscoveryRequest(url: string): boolean {
  return DISCOVERY_PATH.test(pathOf(url));
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "";
  }
}

/** httpcache's `X-Varied-*` notes on a storable answer to a cacheable request (GET or HEAD, no Range). */
function variedNotes(ex: Exchange, request: HeaderMap, response: HeaderMap): [string, string][] {
  if (!["GET", "HEAD"].includes(ex.request.method) || first(request, "range") !== undefined) return [];
  if (/\bno-store\b/i.test(first(request, "cache-control") ?? "")) return [];
  if (/\bno-store\b/i.test(first(response, "cache-control") ?? "")) return [];
  const notes: [string, string][] = [];
  for (const [k, v] of Object.entries(response)) {
    if (k.toLowerCase() !== "vary") continue;
    for (const value of Array.isArray(v) ? v : [v])
      for (const key of value.split(",")) {
        const name = key.trim();
        const asked = name ? first(request, name.toLowerCase()) : undefined;
        if (asked) notes.push([`X-Varied-${name}`, asked]);
      }
  }
  return notes;
}

/** The request and response headers of an exchange as kubectl's log shows them. */
export function loggedHeaders(ex: Exchange): { request: HeaderMap; response: HeaderMap } {
  let request = ex.request.headers;
  let response = ex.response?.headers ?? {};
  const gzip = first(request, "accept-encoding") === "gzip";
  const kubectl = first(request, "kubectl-command") !== undefined;
  if (!gzip && !kubectl) return { request, response };
  if (gzip) {
    request = without(request, ["accept-encoding"]);
    if (first(response, "content-encoding")?.trim().toLowerCase() === "gzip")
      response = without(response, ["content-encoding", "content-length"]);
  }
  if (kubectl) {
    request = without(request, ["kubectl-command", "kubectl-session"]);
    if (DISCOVERY_PATH.test(pathOf(ex.request.url)) && ex.response) {
      const notes = variedNotes(ex, request, response);
      if (notes.length > 0) {
        const names = notes.map(([k]) => k.toLowerCase());
        response = { ...without(response, names), ...Object.fromEntries(notes) };
      }
    }
  }
  return { request, response };
}

/** Content negotiation as kube-apiserver does it: pretty printing, Tables, aggregated discovery, what is acceptable. */
import type { IncomingMessage } from "node:http";
import { parseGoBool } from "../../internal/go-bool.js";
import type { AGGREGATED_MEDIA_TYPES } from "./discovery.js";
import type { IncludeObject } from "./tables.js";

/**
 * kube-apiserver pretty-prints for curl, wget and browsers, or when `?pretty=` says so (`isPrettyPrint`): read with
 * Go's `strconv.ParseBool`, so the Python client's `pretty=True` counts, and a value it cannot parse means no.
 */
export function wantsPretty(req: IncomingMessage, query: URLSearchParams): boolean {
  const p = query.get("pretty");
  if (p !== null && p !== "") {
    return parseGoBool(p) === true;
  }
  const ua = req.headers["user-agent"] ?? "";
  return ua.startsWith("curl") || ua.startsWith("Wget") || ua.startsWith("Mozilla/5.0");
}

export function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept
    .split(",")
    .map((c) => c.split(";")[0]!.trim().toLowerCase())
    .some((t) => t === "application/json" || t === "*/*" || t === "application/*" || t === "");
}

/** `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`, what `kubectl get` asks for. */
export function wantsTable(accept: string | undefined): boolean {
  return /as=Table/.test(accept ?? "") && /g=meta\.k8s\.io/.test(accept ?? "");
}

/** The aggregated discovery version the client asks for first, or undefined for the legacy documents. */
export function chooseDiscovery(accept: string | undefined): keyof typeof AGGREGATED_MEDIA_TYPES | undefined {
  for (const clause of (accept ?? "").split(",")) {
    const c = clause.replace(/\s+/g, "");
    if (!c.includes("as=APIGroupDiscoveryList")) {
      if (/^(application\/json|\*\/\*)/.test(c)) return undefined;
      continue;
    }
    if (c.includes("v=v2;") || c.endsWith("v=v2")) return "apidiscovery.k8s.io/v2";
    if (c.includes("v=v2beta1")) return "apidiscovery.k8s.io/v2beta1";
  }
  return undefined;
}

/** What a Table's rows embed (`includeObject`, Metadata by default). */
export function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get("includeObject");
  return v === "None" || v === "Object" ? v : "Metadata";
}

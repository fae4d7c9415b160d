import type { Body, Exchange } from "./exchange.js";
import { headerValue } from "../../internal/headers.js";

/**
 * Content negotiation the way kube-apiserver does it, for replay: a recorded response "offers" one media type
 * (`application/json`, `application/json;as=Table;v=v1;g=meta.k8s.io`, aggregated discovery...), and an incoming
 * `Accept` header picks among recorded responses to the same request. Only the parameters that select a different
 * representation (`as`, `g`, `v`) take part, as in apimachinery's `NegotiateMediaTypeOptions`.
 */

/** A parsed media type: `type/subtype` in lower case plus the representation-selecting parameters. */
export interface MediaType {
  type: string;
  subtype: string;
  /** `as`, `g`, `v` (the only parameters that change the representation), when present. */
  params: Record<string, string>;
  /** Quality from an Accept entry (1 when absent). */
  q: number;
}

const SELECTING_PARAMS = ["as", "g", "v"] as const;

/**
 * kube-openapi serves the OpenAPI protobuf type clients ask for as `...spec.v2@v1.0+protobuf` under its `.v1.0`
 * spelling (an `@` is no valid Content-Type for Go): both name one representation.
 */
const DEPRECATED_OPENAPI_SUBTYPE = /^(com\.github\.proto-openapi\.spec\.v[23])@(v1\.0\+protobuf)$/;

/** Parses one media type such as `application/json;as=Table;v=v1;g=meta.k8s.io`. */
export function parseMediaType(text: string): MediaType | undefined {
  const [essence = "", ...rawParams] = text.split(";");
  const m = /^\s*([\w.+*-]+)\/([\w.+*@-]+)\s*$/.exec(essence);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  let q = 1;
  for (const p of rawParams) {
    const eq = p.indexOf("=");
    if (eq < 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    const value = p
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
    if (key === "q") q = Number.isFinite(Number(value)) ? Number(value) : 1;
    else if ((SELECTING_PARAMS as readonly string[]).includes(key)) params[key] = value;
  }
  const subtype = m[2]!.toLowerCase().replace(DEPRECATED_OPENAPI_SUBTYPE, "$1.$2");
  if (subtype.includes("@")) return undefined;
  return { type: m[1]!.toLowerCase(), subtype, params, q };
}

/**
 * Parses an `Accept` header into its entries, best first: by quality, ties kept in the order written (clients such
 * as kubectl express preference by order). Entries with `q=0` are refusals and are dropped. A missing header
 * accepts anything.
 */
export function parseAccept(accept: string | undefined): MediaType[] {
  if (accept === undefined || accept.trim() === "") return [{ type: "*", subtype: "*", params: {}, q: 1 }];
  return splitList(accept)
    .map((entry) => parseMediaType(entry))
    .filter((m): m is MediaType => m !== undefined && m.q > 0)
    .map((m, i) => ({ m, i }))
    .sort((a, b) => b.m.q - a.m.q || a.i - b.i)
    .map(({ m }) => m);
}

/** Splits a header list on commas outside quoted strings. */
function splitList(text: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    if (c === "," && !quoted) {
      out.push(current);
      current = "";
    } else current += c;
  }
  out.push(current);
  return out.map((s) => s.trim()).filter(Boolean);
}

/** Formats a media type back to text (`type/subtype;as=..;v=..;g=..`), parameters in kube-apiserver's order. */
export function formatMediaType(m: Pick<MediaType, "type" | "subtype" | "params">): string {
  const order = ["g", "v", "as"].filter((k) => m.params[k] !== undefined);
  return [`${m.type}/${m.subtype}`, ...order.map((k) => `${k}=${m.params[k]}`)].join(";");
}

/** Whether an Accept entry admits an offered media type: type and subtype (wildcards allowed) and the same `as`/`g`/`v`. */
export function accepts(entry: MediaType, offered: MediaType): boolean {
  if (entry.type !== "*" && entry.type !== offered.type) return false;
  if (entry.subtype !== "*" && entry.subtype !== offered.subtype) return false;
  return SELECTING_PARAMS.every((k) => entry.params[k] === offered.params[k]);
}

/**
 * The index of the first Accept entry that admits `offered` (lower is better), or -1 when none does.
 * kube-apiserver answers `*\/*` with its default representation, never a Table or aggregated discovery.
 */
export function acceptRank(accept: MediaType[], offered: MediaType): number {
  return accept.findIndex((entry) => accepts(entry, offered));
}

function firstJsonObject(body: Body): Record<string, unknown> | undefined {
  let value: unknown;
  if (body.kind === "json") value = body.value;
  else if (body.kind === "stream" || body.kind === "text") {
    const text = body.kind === "text" ? body.text : body.chunks.map((c) => c.text).join("");
    const line = text.split("\n").find((l) => l.trim().startsWith("{"));
    if (!line) return undefined;
    try {
      value = JSON.parse(line);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  // A watch event: what is negotiated is the type of its object.
  if (body.kind === "stream" && typeof obj.type === "string" && typeof obj.object === "object")
    return (obj.object ?? undefined) as Record<string, unknown> | undefined;
  return obj;
}

/** Media-type parameters implied by a JSON object's kind and apiVersion (Tables, metadata-only, aggregated discovery). */
function paramsFromObject(obj: Record<string, unknown> | undefined): Record<string, string> {
  if (!obj || typeof obj.kind !== "string" || typeof obj.apiVersion !== "string") return {};
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/", 2) : ["", obj.apiVersion];
  if (group === "meta.k8s.io" && /^(?:Table|PartialObjectMetadata|PartialObjectMetadataList)$/.test(obj.kind))
    return { as: obj.kind, g: group, v: version ?? "" };
  if (group === "apidiscovery.k8s.io" && obj.kind === "APIGroupDiscoveryList")
    return { as: obj.kind, g: group, v: version ?? "" };
  return {};
}

const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

/**
 * The Content-Type a recorded response had, or the one its body implies when the recording lacks it (a cassette
 * imported from a kubectl log may carry no headers): aggregated discovery gets its full media type, because
 * client-go decides between aggregated and legacy discovery by that header alone.
 */
export function inferContentType(body: Body | undefined): string | undefined {
  if (!body) return undefined;
  switch (body.kind) {
    case "json": {
      const params = paramsFromObject(firstJsonObject(body));
      // The apiserver labels Tables and metadata-only answers plain application/json; discovery carries its type.
      return params.g === "apidiscovery.k8s.io"
        ? formatMediaType({ type: "application", subtype: "json", params })
        : "application/json";
    }
    case "stream":
      return "application/json";
    case "text":
      return /^\s*[{[]/.test(body.text)
        ? "application/json"
        : /^\s*(?:apiVersion|kind):/m.test(body.text)
          ? "application/yaml"
          : "text/plain; charset=utf-8";
    case "binary":
      return Buffer.from(body.base64, "base64").subarray(0, 4).equals(PROTOBUF_MAGIC)
        ? "application/vnd.kubernetes.protobuf"
        : "application/octet-stream";
  }
}

/**
 * The media type a recorded exchange offers to a negotiating client: the response's Content-Type (inferred when
 * missing), completed from the body's kind when the server labelled a Table or metadata-only answer plain JSON.
 * An exchange with no body says nothing about representation and offers what its request asked for first.
 */
export function offeredMediaType(exchange: Exchange): MediaType {
  const response = exchange.response;
  const body = response?.body;
  const contentType = headerValue(response?.headers, "content-type") ?? inferContentType(body);
  const parsed = contentType ? parseMediaType(contentType) : undefined;
  if (!parsed) {
    const asked = parseAccept(headerValue(exchange.request.headers, "accept"))[0];
    return asked && asked.type !== "*" ? { ...asked, q: 1 } : anyJson();
  }
  if (parsed.params.as === undefined && parsed.subtype === "json" && body) {
    const implied = paramsFromObject(firstJsonObject(body));
    if (implied.as) return { ...parsed, params: implied, q: 1 };
  }
  return { ...parsed, q: 1 };
}

function anyJson(): MediaType {
  return { type: "application", subtype: "json", params: {}, q: 1 };
}

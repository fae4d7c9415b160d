import { bodyText } from "../exchange/body.js";
import { markerWithoutDigest } from "../redact/redaction-marker.js";
import { isSecretQueryParameter } from "../redact/secret-policy.js";
import type { NearMiss } from "../errors.js";
import type { Body, Exchange } from "../exchange/exchange.js";
import {
  acceptRank,
  formatMediaType,
  offeredMediaType,
  parseAccept,
  parseMediaType,
} from "../exchange/media-type.js";
import type { MediaType } from "../exchange/media-type.js";
import { headerValue } from "../../internal/headers.js";
import { apiserverQueryBool } from "../../internal/query-flag.js";

/** What a replay compares: method, path, query as a sorted multiset, and (for writes) the body. */
export interface RequestKey {
  method: string;
  path: string;
  query: string[];
  body?: string;
  /** The media type of a PATCH body (merge, strategic merge, JSON patch, apply): the same body means different things. */
  patchType?: string;
}

/**
 * Query parameters that say how long a client is willing to wait, not what it asks for. kubectl adds
 * `timeout=32s` to discovery requests and reflectors randomise `timeoutSeconds` on every watch, so they never
 * take part in matching.
 */
export const VOLATILE_QUERY_PARAMS = ["timeout", "timeoutSeconds"] as const;

/**
 * Boolean parameters, compared by their meaning to the API server (apimachinery's query conversion: `watch=1`,
 * `watch=True`, `watch=yes` and a bare `watch` all ask for a watch; only `0` and `false` say no).
 */
const BOOLEAN_PARAMS = new Set(["watch", "allowWatchBookmarks", "sendInitialEvents", "force", "follow"]);

/** Verbs whose body is part of what they ask for. */
const BODY_VERBS = new Set(["POST", "PUT", "PATCH"]);

function normaliseParam(pair: string): string | undefined {
  const eq = pair.indexOf("=");
  const name = safeDecode((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, " "));
  if ((VOLATILE_QUERY_PARAMS as readonly string[]).includes(name)) return undefined;
  if (BOOLEAN_PARAMS.has(name)) {
    return `${name}=${apiserverQueryBool(eq < 0 ? "" : safeDecode(pair.slice(eq + 1).replace(/\+/g, " ")))}`;
  }
  if (eq < 0) return name;
  // A credential's value never takes part in matching (the recording holds a marker, made with a key that may not be
  // this machine's) and so never appears in a miss report.
  if (isSecretQueryParameter(name)) return `${name}=[redacted]`;
  return `${name}=${safeDecode(pair.slice(eq + 1).replace(/\+/g, " "))}`;
}

/** Splits a URL (absolute or path-only) into path and sorted, decoded `key=value` pairs. */
export function requestKey(
  method: string,
  url: string,
  body?: Body | string,
  contentType?: string,
): RequestKey {
  const noOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "");
  const [path = "/", search = ""] = noOrigin.split("#")[0]!.split("?", 2) as [string?, string?];
  const query = search
    .split("&")
    .filter(Boolean)
    .map(normaliseParam)
    .filter((p): p is string => p !== undefined)
    .sort();
  const key: RequestKey = { method: method.toUpperCase(), path: path || "/", query };
  if (body !== undefined && BODY_VERBS.has(key.method)) {
    key.body = canonicalBody(typeof body === "string" ? body : (bodyText(body) ?? ""));
  }
  if (key.method === "PATCH" && contentType) {
    const media = parseMediaType(contentType);
    if (media) key.patchType = `${media.type}/${media.subtype}`;
  }
  return key;
}

/** The key of a recorded exchange's request. */
export function exchangeKey(exchange: Exchange): RequestKey {
  return requestKey(
    exchange.request.method,
    exchange.request.url,
    exchange.request.body,
    headerValue(exchange.request.headers, "content-type"),
  );
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * JSON bodies compare by content, not by formatting or key order. Redaction markers compare without their digest:
 * a cassette recorded on another machine was keyed with a key that is not here, so two writes that differ only in a
 * secret of the same length match in recorded order.
 */
function canonicalBody(text: string): string {
  try {
    return markerWithoutDigest(JSON.stringify(sortKeys(JSON.parse(text))));
  } catch {
    return markerWithoutDigest(text.trim());
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** The differences between two keys, as short human sentences; empty when they match. */
export function keyDifferences(want: RequestKey, have: RequestKey): string[] {
  const out: string[] = [];
  if (want.method !== have.method) out.push(`method ${have.method} ≠ ${want.method}`);
  if (want.path !== have.path) out.push(`path ${have.path}`);
  const missing = multisetMinus(want.query, have.query);
  const extra = multisetMinus(have.query, want.query);
  if (missing.length || extra.length) {
    out.push(`query ${[...missing.map((q) => `-${q}`), ...extra.map((q) => `+${q}`)].join(" ")}`);
  }
  if (want.body !== undefined && have.body !== undefined && want.body !== have.body)
    out.push(`body differs${firstDifference(want.body, have.body)}`);
  else if ((want.body === undefined) !== (have.body === undefined) && BODY_VERBS.has(want.method))
    out.push(want.body === undefined ? "recorded with a body" : "recorded without a body");
  if (want.patchType && have.patchType && want.patchType !== have.patchType)
    out.push(`patch type ${have.patchType} ≠ ${want.patchType}`);
  return out;
}

function multisetMinus(a: string[], b: string[]): string[] {
  const rest = [...b];
  return a.filter((x) => {
    const i = rest.indexOf(x);
    if (i < 0) return true;
    rest.splice(i, 1);
    return false;
  });
}

/** Where two canonical bodies first differ, as a short hint; bodies are redacted, so this shows no secret. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 20);
  const clip = (s: string) => JSON.stringify(s.slice(from, i + 20));
  return ` at character ${i}: recorded ${clip(b)}, requested ${clip(a)}`;
}

interface Entry {
  exchange: Exchange;
  key: RequestKey;
  offered: MediaType;
}

/** A match: the recorded exchange, and whether an Accept header had to be met by converting between versions. */
export interface MatchResult {
  exchange: Exchange;
  /** The media type the answer is served as (the recorded one unless conversion was needed). */
  mediaType: MediaType;
}

/**
 * Aggregated discovery v2beta1 (Kubernetes 1.26–1.29) and v2 (1.30+) have the same schema; a server of either
 * era answers both. Replaying one to a client that asks only for the other converts the `apiVersion` only.
 */
function discoveryConversion(accept: MediaType[], offered: MediaType): MediaType | undefined {
  if (offered.params.g !== "apidiscovery.k8s.io" || offered.params.as !== "APIGroupDiscoveryList")
    return undefined;
  const wanted = accept.find(
    (a) =>
      a.params.g === "apidiscovery.k8s.io" &&
      a.params.as === "APIGroupDiscoveryList" &&
      (a.params.v === "v2" || a.params.v === "v2beta1") &&
      (a.subtype === offered.subtype || a.subtype === "*"),
  );
  return wanted ? { ...offered, params: { ...offered.params, v: wanted.params.v! } } : undefined;
}

/**
 * Finds recorded exchanges for incoming requests. Among the recordings of the same request (method, path,
 * normalised query, body for writes), the `Accept` header picks the representation as kube-apiserver would
 * (a Table, aggregated discovery, plain JSON). Within a representation each recording answers once, in order, so
 * a GET → PUT 409 → GET → PUT 200 sequence replays as recorded; when every match has been used, the last one
 * answers again (clients poll discovery and health endpoints) unless `repeat` is false.
 */
export class ExchangeMatcher {
  readonly #entries: Entry[];
  readonly #used = new Set<number>();
  readonly #repeat: boolean;

  constructor(exchanges: Exchange[], options: { repeat?: boolean } = {}) {
    this.#entries = exchanges.map((exchange) => ({
      exchange,
      key: exchangeKey(exchange),
      offered: offeredMediaType(exchange),
    }));
    this.#repeat = options.repeat ?? true;
  }

  /** The exchange that answers this request, or undefined. `accept` is the request's Accept header. */
  match(key: RequestKey, accept?: string): Exchange | undefined {
    return this.find(key, accept)?.exchange;
  }

  /** Like {@link match}, also saying which media type to serve the answer as. */
  find(key: RequestKey, accept?: string): MatchResult | undefined {
    const acceptable = parseAccept(accept);
    let same = this.#entries
      .map((entry, index) => ({ entry, index }))
      .filter(({ entry }) => keyDifferences(key, entry.key).length === 0);
    if (same.length === 0) {
      same = this.#entries
        .map((entry, index) => ({ entry, index }))
        .filter(({ entry }) => isEquivalentList(key, entry));
    }
    if (same.length === 0) return undefined;
    // The best-ranked representation wins; a converted discovery document ranks after every exact one.
    const ranked = same.flatMap(({ entry, index }) => {
      const rank = acceptRank(acceptable, entry.offered);
      if (rank >= 0) return [{ entry, index, rank, media: entry.offered }];
      const converted = discoveryConversion(acceptable, entry.offered);
      return converted
        ? [{ entry, index, rank: acceptable.length + acceptRank(acceptable, converted), media: converted }]
        : [];
    });
    if (ranked.length === 0) return undefined;
    const bestRank = Math.min(...ranked.map((r) => r.rank));
    // Among equals, the recordings of a request that asked exactly the same way come first: they are the
    // answer the server gave to this very request (kubectl 1.27 and 1.30 ask for discovery differently).
    const sameAccept = (r: (typeof ranked)[number]) =>
      (headerValue(r.entry.exchange.request.headers, "accept") ?? "") === (accept ?? "");
    const tied = ranked.filter((r) => r.rank === bestRank);
    const exact = tied.filter(sameAccept);
    const members = exact.length > 0 ? exact : tied;
    const chosen = members.find(({ index }) => !this.#used.has(index));
    if (chosen) {
      this.#used.add(chosen.index);
      return { exchange: chosen.entry.exchange, mediaType: chosen.media };
    }
    const last = members.at(-1)!;
    return this.#repeat ? { exchange: last.entry.exchange, mediaType: last.media } : undefined;
  }

  /** How many recorded exchanges have answered at least once. */
  get usedCount(): number {
    return this.#used.size;
  }

  /** The recorded exchanges that never answered, in order. */
  unused(): Exchange[] {
    return this.#entries.filter((_, i) => !this.#used.has(i)).map((e) => e.exchange);
  }

  /** The recorded requests closest to a request that matched nothing, best first, each with what differs. */
  closest(key: RequestKey, count = 3, accept?: string): NearMiss[] {
    const acceptable = parseAccept(accept);
    return this.#entries
      .map(({ exchange, key: have, offered }, index) => {
        const differences = keyDifferences(key, have);
        if (
          differences.length === 0 &&
          acceptRank(acceptable, offered) < 0 &&
          !discoveryConversion(acceptable, offered)
        )
          differences.push(`recorded as ${formatMediaType(offered)}, not accepted by "${accept ?? "*/*"}"`);
        if (differences.length === 0 && !this.#repeat && this.#used.has(index))
          differences.push("already replayed (repeat is off)");
        // Same resource first: path segments weigh most, then the other differences, then the verb.
        const other = differences.filter((d) => !d.startsWith("path ") && !d.startsWith("method ")).length;
        const score =
          pathDistance(key.path, have.path) * 10 + other * 4 + (key.method === have.method ? 0 : 6);
        return {
          seq: exchange.seq,
          method: exchange.request.method,
          url: exchange.request.url,
          differences,
          score,
        };
      })
      .sort((a, b) => a.score - b.score)
      .slice(0, count)
      .map(({ score: _score, ...near }) => near);
  }
}

function limitOf(key: RequestKey): number | undefined {
  const p = key.query.find((q) => q.startsWith("limit="));
  const n = p === undefined ? undefined : Number(p.slice(6));
  return n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

function withoutLimit(key: RequestKey): RequestKey {
  return { ...key, query: key.query.filter((q) => !q.startsWith("limit=")) };
}

/**
 * A list answers the same request with another `limit` when it was complete and fits: no `continue` token, no
 * remaining items, and no more items (or Table rows) than the new limit allows. So a session recorded by kubectl
 * (`limit=500`) replays to a tool that lists without a limit, and the other way round.
 */
function isEquivalentList(key: RequestKey, entry: Entry): boolean {
  if (key.method !== "GET" || entry.key.method !== "GET") return false;
  if (limitOf(key) === limitOf(entry.key)) return false;
  if (key.query.some((q) => q === "watch=true" || q.startsWith("continue="))) return false;
  if (keyDifferences(withoutLimit(key), withoutLimit(entry.key)).length > 0) return false;
  const response = entry.exchange.response;
  if (response?.status !== 200 || response.body?.kind !== "json") return false;
  const list = response.body.value as {
    metadata?: { continue?: unknown; remainingItemCount?: unknown };
    items?: unknown;
    rows?: unknown;
  };
  const items = Array.isArray(list?.items) ? list.items : Array.isArray(list?.rows) ? list.rows : undefined;
  if (!items || list.metadata?.continue || list.metadata?.remainingItemCount !== undefined) return false;
  const limit = limitOf(key);
  return limit === undefined || items.length <= limit;
}

/** How many path segments differ, position by position (a missing segment differs). */
function pathDistance(a: string, b: string): number {
  const x = a.split("/");
  const y = b.split("/");
  let differ = 0;
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) differ++;
  return differ;
}

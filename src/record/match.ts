import { bodyText } from "./body.js";
import type { NearMiss } from "./errors.js";
import type { Body, Exchange } from "./exchange.js";

/** What a replay compares: method, path, query as a sorted multiset, and (for writes) the body. */
export interface RequestKey {
  method: string;
  path: string;
  query: string[];
  body?: string;
}

/** Splits a URL (absolute or path-only) into path and sorted, decoded `key=value` pairs. */
export function requestKey(method: string, url: string, body?: Body | string): RequestKey {
  const noOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "");
  const [path = "/", search = ""] = noOrigin.split("#")[0]!.split("?", 2) as [string?, string?];
  const query = search
    .split("&")
    .filter(Boolean)
    .map((pair) =>
      pair
        .split("=")
        .map((p) => safeDecode(p.replace(/\+/g, " ")))
        .join("="),
    )
    .sort();
  const key: RequestKey = { method: method.toUpperCase(), path: path || "/", query };
  if (body !== undefined && !["GET", "HEAD", "DELETE"].includes(key.method)) {
    key.body = canonicalBody(typeof body === "string" ? body : (bodyText(body) ?? ""));
  }
  return key;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** JSON bodies compare by content, not by formatting or key order. */
function canonicalBody(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text.trim();
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
  const missing = want.query.filter((q) => !have.query.includes(q));
  const extra = have.query.filter((q) => !want.query.includes(q));
  if (missing.length || extra.length) {
    out.push(`query ${[...missing.map((q) => `-${q}`), ...extra.map((q) => `+${q}`)].join(" ")}`);
  }
  if (want.body !== undefined && have.body !== undefined && want.body !== have.body) out.push("body differs");
  return out;
}

/**
 * Finds recorded exchanges for incoming requests. Each recording answers once, in order, so a GET → PUT 409 →
 * GET → PUT 200 sequence replays as recorded; when every match has been used, the last one answers again
 * (clients poll discovery and health endpoints) unless `repeat` is false.
 */
export class ExchangeMatcher {
  readonly #exchanges: { exchange: Exchange; key: RequestKey }[];
  readonly #used = new Set<number>();
  readonly #repeat: boolean;

  constructor(exchanges: Exchange[], options: { repeat?: boolean } = {}) {
    this.#exchanges = exchanges.map((exchange) => ({
      exchange,
      key: requestKey(exchange.request.method, exchange.request.url, exchange.request.body),
    }));
    this.#repeat = options.repeat ?? true;
  }

  /** The exchange that answers this request, or undefined. */
  match(key: RequestKey): Exchange | undefined {
    let last: number | undefined;
    for (let i = 0; i < this.#exchanges.length; i++) {
      const entry = this.#exchanges[i]!;
      if (keyDifferences(key, entry.key).length > 0) continue;
      if (!this.#used.has(i)) {
        this.#used.add(i);
        return entry.exchange;
      }
      last = i;
    }
    return this.#repeat && last !== undefined ? this.#exchanges[last]!.exchange : undefined;
  }

  /** The recorded requests closest to a key that matched nothing, best first. */
  closest(key: RequestKey, count = 3): NearMiss[] {
    return this.#exchanges
      .map(({ exchange, key: have }) => {
        const differences = keyDifferences(key, have);
        const score =
          differences.length * 10 + (key.path === have.path ? 0 : 5) + (key.method === have.method ? 0 : 3);
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

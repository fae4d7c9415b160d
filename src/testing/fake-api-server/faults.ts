/**
 * Scripted faults: rules matched against each request before the server handles it, each firing a given number
 * of times. They answer with any status (a 500, a 429 with Retry-After, an injected 409 Conflict), delay the
 * request, reset the connection, or make a real concurrent write to the object first, so that the request meets
 * the conflict a racing writer would cause.
 */
import type { Obj } from "./store.js";

/** The closed set of request verbs a fault can match (kube-apiserver's audit verbs). */
export const REQUEST_VERBS = [
  "get",
  "list",
  "watch",
  "create",
  "update",
  "patch",
  "delete",
  "deletecollection",
  "discovery",
  "other",
] as const;
export type RequestVerb = (typeof REQUEST_VERBS)[number];

/** What a request is about, as the server parsed it. */
export interface RequestInfo {
  method: string;
  /** Path and query, as received. */
  path: string;
  verb: RequestVerb;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface FaultMatch {
  method?: string | readonly string[];
  /** A path prefix, or a regular expression tested against path and query. */
  path?: string | RegExp;
  verb?: RequestVerb | readonly RequestVerb[];
  /** The plural resource (`secrets`). */
  resource?: string;
  namespace?: string;
  name?: string;
}

export type FaultAction =
  /** Answer with this status and body (a `Status` is built when `body` is omitted). */
  | { status: number; reason?: string; message?: string; body?: unknown; headers?: Record<string, string> }
  /** Answer 409 Conflict, exactly as a stale write is answered, without touching the object. */
  | { conflict: true }
  /** Answer 429 TooManyRequests with this Retry-After (seconds). */
  | { tooManyRequests: number }
  /** Hold the request this long, then handle it normally. */
  | { delayMs: number }
  /** Destroy the connection without an answer. */
  | { reset: true }
  /** Make a real write to the addressed object first (a racing writer), then handle the request normally. */
  | { concurrentWrite: (object: Obj) => void };

export interface Fault extends FaultMatch {
  /** How many requests it fires for (default 1; Infinity for all). */
  times?: number;
  action: FaultAction;
}

/** A registered fault: how often it has fired, and how often it still will. */
export interface FaultHandle {
  readonly fault: Fault;
  readonly hits: number;
  readonly remaining: number;
  remove(): void;
}

function matchOne<T>(want: T | readonly T[] | undefined, actual: T | undefined): boolean {
  if (want === undefined) return true;
  return Array.isArray(want) ? (want as readonly T[]).includes(actual as T) : want === actual;
}

export function faultMatches(f: FaultMatch, req: RequestInfo): boolean {
  if (!matchOne(f.method, req.method)) return false;
  if (!matchOne(f.verb, req.verb)) return false;
  if (f.resource !== undefined && f.resource !== req.resource) return false;
  if (f.namespace !== undefined && f.namespace !== req.namespace) return false;
  if (f.name !== undefined && f.name !== req.name) return false;
  if (f.path !== undefined) {
    if (typeof f.path === "string" ? !req.path.startsWith(f.path) : !f.path.test(req.path)) return false;
  }
  return true;
}

/** The fault rules of one server. */
export class FaultController {
  readonly #entries: { fault: Fault; hits: number; remaining: number }[] = [];

  /** Registers a fault; the first matching rule with firings left wins. */
  add(fault: Fault): FaultHandle {
    const entry = { fault, hits: 0, remaining: fault.times ?? 1 };
    this.#entries.push(entry);
    return {
      fault,
      get hits() {
        return entry.hits;
      },
      get remaining() {
        return entry.remaining;
      },
      remove: () => {
        const i = this.#entries.indexOf(entry);
        if (i >= 0) this.#entries.splice(i, 1);
      },
    };
  }

  /** Answers the next `count` writes (update or patch) matching `match` with 409 Conflict. */
  injectConflicts(count: number, match: FaultMatch = {}): FaultHandle {
    return this.add({ verb: ["update", "patch"], ...match, times: count, action: { conflict: true } });
  }

  clear(): void {
    this.#entries.length = 0;
  }

  /** The action to take for a request, consuming one firing of the rule that matched. */
  take(req: RequestInfo): FaultAction | undefined {
    for (const entry of this.#entries) {
      if (entry.remaining <= 0 || !faultMatches(entry.fault, req)) continue;
      entry.remaining--;
      entry.hits++;
      return entry.fault.action;
    }
    return undefined;
  }
}

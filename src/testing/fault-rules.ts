/**
 * The one fault-rule engine of both test servers (the in-memory API server's `faults`, the fault server's
 * `inject`): rules tried in the order they were added, the first that matches a request and has firings left fires,
 * and counts.
 *
 * The matching rule, the same on both servers: every field a rule gives must match the request (see
 * {@link describeRequest}); `method` case-insensitively, one or any of a list; `path` against the path **and
 * query** as received, a string as a prefix, a RegExp with `test`; `verb` one or any of a list; `resource`,
 * `namespace`, `name`, `watch` and `continuation` exactly.
 */
import type { RequestInfo, RequestVerb } from "./request-info.js";

/** Which requests a rule applies to; every field given must match. */
export interface FaultMatch {
  /** One method or a list (case does not matter). */
  method?: string | readonly string[];
  /** Tested against the path and query as received: a string as a prefix, a RegExp with `test`. */
  path?: string | RegExp;
  verb?: RequestVerb | readonly RequestVerb[];
  /** The plural resource (`secrets`). */
  resource?: string;
  namespace?: string;
  name?: string;
  /** Only watches (true) or only other requests (false). */
  watch?: boolean;
  /** Only list continuations (true: a `continue` token in the query) or only other requests (false). */
  continuation?: boolean;
}

/** A registered rule: how often it fired, how often it still will. */
export interface FaultRuleHandle<R> {
  readonly rule: R;
  readonly hits: number;
  readonly remaining: number;
  remove(): void;
}

function oneOf<T>(want: T | readonly T[] | undefined, actual: T | undefined): boolean {
  if (want === undefined) return true;
  return Array.isArray(want) ? (want as readonly T[]).includes(actual as T) : want === actual;
}

/** Whether a rule applies to a request (the matching rule above). */
export function faultMatches(match: FaultMatch, request: RequestInfo): boolean {
  if (match.method !== undefined) {
    const methods = typeof match.method === "string" ? [match.method] : match.method;
    const method = request.method.toUpperCase();
    if (!methods.some((m) => m.toUpperCase() === method)) return false;
  }
  if (!oneOf(match.verb, request.verb)) return false;
  if (match.resource !== undefined && match.resource !== request.resource) return false;
  if (match.namespace !== undefined && match.namespace !== request.namespace) return false;
  if (match.name !== undefined && match.name !== request.name) return false;
  if (match.watch !== undefined && match.watch !== request.watch) return false;
  if (match.continuation !== undefined && match.continuation !== request.continuation) return false;
  if (match.path !== undefined) {
    const ok =
      typeof match.path === "string" ? request.path.startsWith(match.path) : match.path.test(request.path);
    if (!ok) return false;
  }
  return true;
}

/** Ordered rules, each firing `times` times (default 1; `Infinity` for every matching request). */
export class FaultRules<R extends FaultMatch & { times?: number }> {
  readonly #entries: { rule: R; hits: number; remaining: number }[] = [];

  /** Adds a rule after those already there. */
  add(rule: R): FaultRuleHandle<R> {
    const entry = { rule, hits: 0, remaining: rule.times ?? 1 };
    this.#entries.push(entry);
    return {
      rule,
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

  /** Removes every rule. */
  clear(): void {
    this.#entries.length = 0;
  }

  /** The first rule that matches the request with firings left, which this consumes one firing of. */
  take(request: RequestInfo): R | undefined {
    for (const entry of this.#entries) {
      if (entry.remaining <= 0 || !faultMatches(entry.rule, request)) continue;
      entry.remaining--;
      entry.hits++;
      return entry.rule;
    }
    return undefined;
  }
}

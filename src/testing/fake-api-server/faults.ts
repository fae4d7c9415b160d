/**
 * Scripted faults of the in-memory API server: rules of the shared engine (`../fault-rules.ts`), matched against
 * each request before the server handles it. They answer with any status (a 500, a 429 with Retry-After, an
 * injected 409 Conflict), delay the request, reset the connection, or make a real concurrent write to the object
 * first, so that the request meets the conflict a racing writer would cause.
 */
import { FaultRules } from "../fault-rules.js";
import type { FaultMatch, FaultRuleHandle } from "../fault-rules.js";
import type { Obj } from "./store.js";

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

/** A scripted fault of the in-memory API server. */
export interface Fault extends FaultMatch {
  /** How many requests it fires for (default 1; Infinity for all). */
  times?: number;
  action: FaultAction;
}

/** The fault rules of one in-memory API server. */
export class FaultController extends FaultRules<Fault> {
  /** Answers the next `count` writes (update or patch) matching `match` with 409 Conflict. */
  injectConflicts(count: number, match: FaultMatch = {}): FaultRuleHandle<Fault> {
    return this.add({ verb: ["update", "patch"], ...match, times: count, action: { conflict: true } });
  }
}

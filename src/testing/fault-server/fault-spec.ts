/**
 * What a fault server can do to one request: the closed set of faults, the rules that script them (the shared
 * engine of `../fault-rules.ts`), and the seeded choice of random ones.
 */
import { FaultRules } from "../fault-rules.js";
import type { FaultMatch } from "../fault-rules.js";
import type { RequestInfo } from "../request-info.js";

/** Every fault a fault server injects. */
export const FAULT_KINDS = [
  "reset-before-headers",
  "reset-mid-body",
  "truncated-json",
  "slow-headers",
  "slow-body",
  "status",
  "expired",
  "html-error",
  "gzip",
  "cut-watch",
  "duplicate-events",
  "reorder-events",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One fault, with its parameters. */
export type FaultSpec =
  /** The connection is reset (TCP RST) before any answer. */
  | { kind: "reset-before-headers" }
  /** Status and headers (with the full Content-Length) and part of the body, then a reset. `at`: fraction sent (0.5). */
  | { kind: "reset-mid-body"; at?: number }
  /** The upstream's status and a body cut at `at` (0.5) with a Content-Length that matches the cut: it looks complete. */
  | { kind: "truncated-json"; at?: number }
  /** Nothing for `ms` milliseconds (omitted: until the client gives up), then the upstream's answer. */
  | { kind: "slow-headers"; ms?: number }
  /** Status, headers and part of the body (`at`, 0.5), then nothing for `ms` (omitted: until the client gives up). */
  | { kind: "slow-body"; ms?: number; at?: number }
  /** A `Status` answer of its own: 429, 500, 503... with `Retry-After` when `retryAfter` is given. */
  | { kind: "status"; status: number; retryAfter?: number | string; reason?: string; message?: string }
  /**
   * 410 Expired, as kube-apiserver answers a continue token or a watch resourceVersion that etcd compacted away:
   * an HTTP 410 `Status`, or for a watch (by default) a 200 whose stream holds one `ERROR` event.
   */
  | { kind: "expired"; as?: "status" | "event" }
  /** An HTML error page from a proxy in front of the API server (`502 Bad Gateway` by default; any status). */
  | { kind: "html-error"; status?: number }
  /** The upstream's answer, gzip-encoded (`Content-Encoding: gzip`) whether or not the client asked for it. */
  | { kind: "gzip" }
  /** A watch stream cut in the middle of the event after `afterEvents` (0) whole ones: reset, or a clean end. */
  | { kind: "cut-watch"; afterEvents?: number; how?: "reset" | "end" }
  /** Every `every`-th (1) watch event sent twice. */
  | { kind: "duplicate-events"; every?: number }
  /** Watch events swapped in pairs: the second of each pair goes first (a lone event waits at most `holdMs`, 100). */
  | { kind: "reorder-events"; holdMs?: number };

/** A scripted fault: the first rule that matches a request (the shared matching rule), with firings left, applies. */
export interface FaultRule extends FaultMatch {
  /** How many requests it applies to (default 1; `Infinity` for all). */
  times?: number;
  fault: FaultSpec;
}

/** Faults at random, reproducibly: the same seed and the same sequence of requests give the same faults. */
export interface RandomFaults {
  seed: number;
  /** The share of requests that get a fault, 0 to 1. Default 0.3. */
  rate?: number;
  /** The kinds to choose from (each only where it applies: watch faults on watches...). Default all. */
  kinds?: readonly FaultKind[];
  /** The longest stall of a random slow fault, in ms (random stalls always end). Default 50. */
  maxStallMs?: number;
  /** The `Retry-After` of random 429 and 503 answers, in seconds. Default 0. */
  retryAfterSeconds?: number;
}

/** mulberry32: a small, fast, seedable generator; plenty for choosing faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The faults that make sense for a request, with their random parameters. */
function candidates(req: RequestInfo, r: () => number, o: RandomFaults): FaultSpec[] {
  const stall = () => Math.floor(r() * ((o.maxStallMs ?? 50) + 1));
  const retryAfter = o.retryAfterSeconds ?? 0;
  const all: FaultSpec[] = [
    { kind: "reset-before-headers" },
    { kind: "slow-headers", ms: stall() },
    { kind: "status", status: 429, retryAfter },
    { kind: "status", status: 500 },
    { kind: "status", status: 503, retryAfter },
    { kind: "status", status: 503 },
    { kind: "html-error", status: r() < 0.5 ? 502 : 503 },
    { kind: "gzip" },
  ];
  if (req.watch)
    all.push(
      { kind: "cut-watch", afterEvents: Math.floor(r() * 4), how: r() < 0.5 ? "reset" : "end" },
      { kind: "duplicate-events", every: 1 + Math.floor(r() * 3) },
      { kind: "reorder-events", holdMs: 20 },
      { kind: "expired" },
    );
  else
    all.push(
      { kind: "reset-mid-body", at: r() },
      { kind: "truncated-json", at: r() },
      { kind: "slow-body", ms: stall(), at: r() },
    );
  if (req.continuation) all.push({ kind: "expired" });
  const kinds = o.kinds;
  return kinds ? all.filter((f) => kinds.includes(f.kind)) : all;
}

/** The scripted rules and the random choice of one fault server. */
export class FaultPlan extends FaultRules<FaultRule> {
  readonly #random: RandomFaults | undefined;
  readonly #next: (() => number) | undefined;

  constructor(rules: readonly FaultRule[], random: RandomFaults | undefined) {
    super();
    for (const rule of rules) this.add(rule);
    this.#random = random;
    this.#next = random ? seededRandom(random.seed) : undefined;
  }

  /** The fault for a request: a scripted one first, else maybe a random one. */
  faultFor(req: RequestInfo): FaultSpec | undefined {
    const scripted = this.take(req);
    if (scripted) return scripted.fault;
    const r = this.#next;
    if (!r || !this.#random) return undefined;
    // The draws depend only on the request, never on an earlier fault: the same requests give the same faults.
    const roll = r();
    const pick = r();
    const options = candidates(req, r, this.#random);
    if (roll >= (this.#random.rate ?? 0.3) || options.length === 0) return undefined;
    return options[Math.floor(pick * options.length)];
  }
}

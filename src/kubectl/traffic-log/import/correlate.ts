import type { ConnectionEvent } from "../../../record/exchange/exchange.js";
import type { LoggedBody, Timing, TrafficEvent } from "./parse.js";

/**
 * The tying half of the log import: which exchange each event belongs to. Sequential logs are easy; concurrent
 * requests (kubectl fetches discovery group-versions in parallel) interleave their lines, and the rules below
 * are what a log offers to tell them apart: URLs, logged durations, Content-Length, the caller's file:line.
 */

/** An exchange being assembled from log lines. */
/** How many requests may wait for a response (or a response for its body) at once. */
const MAX_PENDING = 256;

export interface Draft {
  seq: number;
  method: string;
  url: string;
  requestHeaders: [string, string][];
  requestBody?: LoggedBody;
  caller?: string;
  start: number;
  responded: boolean;
  responseAt?: number;
  status?: string;
  milliseconds?: number;
  responseHeaders: [string, string][];
  responseBody?: LoggedBody;
  bodyAt?: number;
  timing?: Timing;
  events: ConnectionEvent[];
  errorMessage?: string;
}

export function findHeader(pairs: [string, string][], name: string): string | undefined {
  return pairs.find(([k]) => k.toLowerCase() === name)?.[1];
}

function urlParts(url: string): { host: string; port: string } | undefined {
  try {
    const u = new URL(url);
    return { host: u.hostname, port: u.port || (u.protocol === "https:" ? "443" : "80") };
  } catch {
    return undefined;
  }
}

/** How many bytes the header-less lines after a printf body could add to it. */
function followingBytes(body: LoggedBody): number {
  return (body.following ?? []).reduce((n, line) => n + Buffer.byteLength(line) + 1, 0);
}

/** A body's first 200 bytes, decoded: what tells an APIResourceList's group version. */
function head(body: LoggedBody): string {
  // 200 characters encode to 200 bytes or more, so their bytes start as the body's do (one more, so that a
  // surrogate pair is not split).
  const bytes = body.bytes ?? Buffer.from((body.text ?? "").slice(0, 201), "utf8");
  return bytes.subarray(0, 200).toString("utf8");
}

/** Ties events to exchanges: requests to their responses, headers and bodies to theirs. */
export class Correlator {
  readonly drafts: Draft[] = [];
  private readonly inFlight: Draft[] = [];
  private readonly awaitingBody: Draft[] = [];
  private readonly pendingRequestBodies: { body: LoggedBody; caller?: string; at: number }[] = [];
  private readonly pendingTraces: { event: ConnectionEvent; at: number }[] = [];
  private headerTarget: { draft: Draft; side: "request" | "response" } | undefined;
  private lastRequest: Draft | undefined;
  private lastTimed: Draft | undefined;

  constructor(private readonly classicBodies: () => boolean) {}

  /** Handles one event; returns false when it could not be tied to an exchange. */
  accept(event: TrafficEvent, at: number): boolean {
    switch (event.type) {
      case "requestBody":
        this.pendingRequestBodies.push({
          body: event.body,
          ...(event.caller ? { caller: event.caller } : {}),
          at,
        });
        return true;
      case "request":
        return this.request(event, at);
      case "requestHeadersStart":
        if (!this.lastRequest) return false;
        this.headerTarget = { draft: this.lastRequest, side: "request" };
        return true;
      case "responseHeadersStart":
        if (!this.lastTimed) return false;
        this.headerTarget = { draft: this.lastTimed, side: "response" };
        return true;
      case "header": {
        if (!this.headerTarget) return false;
        const { draft, side } = this.headerTarget;
        (side === "request" ? draft.requestHeaders : draft.responseHeaders).push([event.key, event.value]);
        return true;
      }
      case "response":
        return this.response(event, at);
      case "stats": {
        const draft = this.lastTimed;
        if (!draft || draft.timing) return false;
        draft.timing = event.timing;
        this.takeTraces(draft);
        return true;
      }
      case "trace":
        this.pendingTraces.push({ event: event.event, at });
        return true;
      case "responseBody":
        return this.responseBody(event.body, event.caller, at);
      case "transportError": {
        const draft = [...this.drafts]
          .reverse()
          .find(
            (d) => d.status === "" && d.method === event.method && d.url === event.url && !d.errorMessage,
          );
        if (draft) draft.errorMessage = event.message;
        return false; // the line itself is another component's message, not traffic
      }
    }
  }

  private request(event: { method: string; url: string; headers?: [string, string][] }, at: number): boolean {
    const draft: Draft = {
      seq: this.drafts.length,
      method: event.method,
      url: event.url,
      requestHeaders: event.headers ? [...event.headers] : [],
      start: at,
      responded: false,
      responseHeaders: [],
      events: [],
    };
    // Bodies are logged before their request: 1.32+ right before it (body="" for none), 1.27-1.31 when the
    // request is built, which for a request with a body is before any request that goes out in between.
    const idx = this.classicBodies()
      ? /^(?:GET|HEAD)$/.test(event.method)
        ? -1
        : 0
      : this.pendingRequestBodies.length
        ? 0
        : -1;
    const pending = idx >= 0 ? this.pendingRequestBodies.splice(idx, 1)[0] : undefined;
    if (pending) {
      if (pending.body.length > 0 || pending.body.hex || pending.body.cut) draft.requestBody = pending.body;
      if (pending.caller) draft.caller = pending.caller;
    }
    this.drafts.push(draft);
    this.inFlight.push(draft);
    // Requests still waiting after hundreds of others got answers never will be (the log lost them): dropping
    // them from the candidates keeps a long log linear.
    if (this.inFlight.length > MAX_PENDING) this.inFlight.shift();
    this.lastRequest = draft;
    this.headerTarget = undefined;
    return true;
  }

  private response(event: TrafficEvent & { type: "response" }, at: number): boolean {
    const ms = event.milliseconds ?? 0;
    let candidates = this.inFlight;
    if (event.method && event.url)
      candidates = candidates.filter((d) => d.method === event.method && d.url === event.url);
    let draft = this.bestByTiming(candidates, at, ms);
    if (!draft) {
      if (!event.method || !event.url) return false;
      // At -v=6 the response line is all there is: it stands for the request too.
      draft = {
        seq: this.drafts.length,
        method: event.method,
        url: event.url,
        requestHeaders: [],
        start: at - ms * 1000,
        responded: false,
        responseHeaders: [],
        events: [],
      };
      this.drafts.push(draft);
    } else this.inFlight.splice(this.inFlight.indexOf(draft), 1);
    draft.responded = true;
    draft.responseAt = at;
    draft.status = event.status;
    draft.milliseconds = ms;
    if (event.headers) draft.responseHeaders = [...event.headers];
    if (event.timing) {
      draft.timing = event.timing;
      this.takeTraces(draft);
    }
    this.lastTimed = draft;
    this.headerTarget = undefined;
    if (event.status !== "") this.awaitingBody.push(draft);
    if (this.awaitingBody.length > MAX_PENDING) this.awaitingBody.shift(); // a watch, a 204: no body line comes
    return true;
  }

  /** Of requests still in flight, the one whose elapsed time best fits the logged milliseconds. */
  private bestByTiming(candidates: Draft[], at: number, ms: number): Draft | undefined {
    let best: Draft | undefined;
    let bestScore = Infinity;
    for (const d of candidates) {
      const elapsedMs = (at - d.start) / 1000;
      // kubectl measures from just after logging the request to just before logging the response.
      const score = elapsedMs < ms - 1 ? 1e6 + (ms - elapsedMs) : Math.abs(elapsedMs - ms - 0.5);
      if (score < bestScore) {
        best = d;
        bestScore = score;
      }
    }
    return best;
  }

  /** Trace lines logged during a request that dialed a connection of its own. */
  private takeTraces(draft: Draft): void {
    if (draft.timing?.reused !== false) return;
    const target = urlParts(draft.url);
    const mine = this.pendingTraces.filter(
      ({ event, at }) =>
        at >= draft.start &&
        (event.kind === "dns" ? event.host === target?.host : event.address.endsWith(`:${target?.port}`)),
    );
    for (const t of mine) {
      this.pendingTraces.splice(this.pendingTraces.indexOf(t), 1);
      draft.events.push(t.event);
    }
  }

  private responseBody(body: LoggedBody, caller: string | undefined, at: number): boolean {
    let best: Draft | undefined;
    let bestScore = -Infinity;
    for (const d of this.awaitingBody) {
      if ((d.responseAt ?? 0) > at) continue;
      let score = 0;
      if (caller && d.caller) score += d.caller === caller ? 8 : -8;
      const cl = Number(findHeader(d.responseHeaders, "content-length"));
      if (Number.isInteger(cl) && findHeader(d.responseHeaders, "content-length") !== undefined) {
        const fits =
          body.truncatedTotal !== undefined
            ? cl === body.truncatedTotal
            : cl === body.length ||
              cl === body.alternative?.length ||
              (body.cut && cl > body.length) ||
              (cl > body.length && cl <= body.length + followingBytes(body) + 1);
        score += fits ? 4 : -4;
      }
      const gv = /^\s*\{"kind":"APIResourceList"(?:,"apiVersion":"v1")?,"groupVersion":"([^"]+)"/.exec(
        head(body),
      );
      if (gv)
        score +=
          d.url.includes(gv[1] === "v1" ? "/api/v1?" : `/apis/${gv[1]}?`) || d.url.endsWith(gv[1]!) ? 2 : -2;
      // Otherwise the most recent response: Do() reads the body right after the response returns.
      score += (d.responseAt ?? 0) / 1e15;
      if (score > bestScore) {
        best = d;
        bestScore = score;
      }
    }
    if (!best) return false;
    this.awaitingBody.splice(this.awaitingBody.indexOf(best), 1);
    best.responseBody = body;
    best.bodyAt = at;
    if (caller && !best.caller) best.caller = caller;
    return true;
  }
}

import { SPLIT_BODY_CALLERS } from "../render.js";
import type { ConnectionEvent } from "../../../record/exchange/exchange.js";
import { hostMark } from "./logged-url.js";
import type { LoggedBody, Timing, TrafficEvent } from "./parse.js";

/**
 * The tying half of the log import: which exchange each event belongs to. Sequential logs are easy; concurrent
 * requests (kubectl fetches discovery group-versions in parallel) interleave their lines, and the rules below
 * are what a log offers to tell them apart: URLs, logged durations, Content-Length, the caller's file:line.
 */

const REDIRECTS_GO_FOLLOWS = new Set([301, 302, 303, 307, 308]);

/**
 * Whether the next attempt of the call that sent this request follows its answer: a retry client-go makes (429 or
 * 5xx with a whole number of seconds in Retry-After), or a redirect Go's client follows (with a Location).
 */
function continuedBySameCall(draft: Draft): boolean {
  const status = Number(draft.status?.slice(0, 3));
  if (REDIRECTS_GO_FOLLOWS.has(status)) return findHeader(draft.responseHeaders, "location") !== undefined;
  if (status !== 429 && !(status >= 500)) return false;
  return /^[+-]?\d+$/.test(findHeader(draft.responseHeaders, "retry-after")?.trim() ?? "");
}

/** How many requests may wait for a response (or a response for its body) at once. */
const MAX_PENDING = 256;

/** The lines (1-based, inclusive) an event was read from. */
export interface LineSpan {
  first: number;
  last: number;
}

/** An exchange being assembled from log lines. */
export interface Draft {
  seq: number;
  method: string;
  url: string;
  requestHeaders: [string, string][];
  requestBody?: LoggedBody;
  /** A request body line was tied to it (an empty one included: 1.32+ logs `body=""`). */
  requestBodyLogged?: boolean;
  caller?: string;
  start: number;
  responded: boolean;
  responseAt?: number;
  status?: string;
  milliseconds?: number;
  responseHeaders: [string, string][];
  responseBody?: LoggedBody;
  bodyAt?: number;
  /** The last line of the response body's entry (header-less lines after it may continue a printf body). */
  bodyLine?: number;
  timing?: Timing;
  events: ConnectionEvent[];
  errorMessage?: string;
  /** Who mentioned its failure (`file:line`s, `output`): each logging site reports one failure once. */
  errorSources?: string[];
  /** A response came (HTTP Statistics, response headers) but the log shows no status line (kubectl 1.23 -v=9). */
  statusUnknown?: boolean;
  /** `start` was worked out from a response line's duration (whole milliseconds): up to one late. */
  startInferred?: boolean;
  /** Made from a failure mention alone: the log shows no request line. */
  fromMention?: boolean;
  /** Made from a mention that no klog line dates: `start` is not from the log. */
  startUnknown?: boolean;
  /** The lines it was read from. */
  span: LineSpan;
  /** Lines the author cut out fall inside it. */
  elided?: boolean;
  /** Its request's, its response's header block was read (an empty one included). */
  requestHeaderBlock?: boolean;
  responseHeaderBlock?: boolean;
}

function widen(draft: Draft, span: LineSpan): void {
  if (span.first < draft.span.first) draft.span.first = span.first;
  if (span.last > draft.span.last) draft.span.last = span.last;
}

export function findHeader(pairs: [string, string][], name: string): string | undefined {
  return pairs.find(([k]) => k.toLowerCase() === name)?.[1];
}

function urlParts(url: string): { host: string; port: string } | undefined {
  if (hostMark(url)) return undefined;
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

/** Stands for the draft of an event kept until its request comes (a request body, a trace). */
const PENDING: Draft = {
  seq: -1,
  method: "",
  url: "",
  requestHeaders: [],
  start: 0,
  responded: false,
  responseHeaders: [],
  events: [],
  span: { first: Number.MAX_SAFE_INTEGER, last: 0 },
};

/** How far back a failure mention looks for the failed request it may repeat. */
const MENTION_WINDOW = 64;

/** Ties events to exchanges: requests to their responses, headers and bodies to theirs. */
export class Correlator {
  /** The drafts not yet let go (see {@link drop}), in the order their requests came. */
  readonly drafts: Draft[] = [];
  /** How many drafts were made. */
  private count = 0;
  private readonly inFlight: Draft[] = [];
  private readonly awaitingBody: Draft[] = [];
  private readonly pendingRequestBodies: { body: LoggedBody; caller?: string; at: number; span: LineSpan }[] =
    [];
  private readonly pendingTraces: { event: ConnectionEvent; at: number; span: LineSpan }[] = [];
  private headerTarget: { draft: Draft; side: "request" | "response" } | undefined;
  private lastRequest: Draft | undefined;
  private lastTimed: Draft | undefined;

  constructor(private readonly classicBodies: () => boolean) {}

  /**
   * Lines were cut out here. A header block that was just opened goes on past the cut (the author cut its first
   * lines); one that already holds headers does not, since the cut may have taken the start of another block.
   */
  cut(): void {
    const target = this.headerTarget;
    if (!target) return;
    const block = target.side === "request" ? target.draft.requestHeaders : target.draft.responseHeaders;
    if (block.length) this.headerTarget = undefined;
  }

  /**
   * Whether no event to come can change a draft: it waits for no response, body or header, and no failure mention
   * can be its (it got an answer, or is further back than a mention looks). Only then may it become an exchange
   * before the log ends.
   */
  settled(draft: Draft): boolean {
    const answered =
      draft.responded &&
      draft.status !== "" &&
      !(draft.statusUnknown === true && draft.responseHeaders.length === 0);
    return (
      (answered || draft.seq < this.count - MENTION_WINDOW) &&
      draft !== this.lastRequest &&
      draft !== this.lastTimed &&
      draft !== this.headerTarget?.draft &&
      !this.inFlight.includes(draft) &&
      !this.awaitingBody.includes(draft)
    );
  }

  /**
   * Lets the first `count` drafts go, every one of them {@link settled} (a failure mention looks back over the last
   * drafts made, and none of these can be the one it names).
   */
  drop(count: number): void {
    this.drafts.splice(0, count);
  }

  /** Handles one event read from the lines `span`; returns false when it could not be tied to an exchange. */
  accept(event: TrafficEvent, at: number, span: LineSpan): boolean {
    const draft = this.tie(event, at, span);
    if (draft && draft !== PENDING) widen(draft, span);
    return draft !== undefined;
  }

  /** The draft an event belongs to (a pending one counts as tied: its draft is not known yet). */
  private tie(event: TrafficEvent, at: number, span: LineSpan): Draft | undefined {
    switch (event.type) {
      case "requestBody":
        this.pendingRequestBodies.push({
          body: event.body,
          ...(event.caller ? { caller: event.caller } : {}),
          at,
          span,
        });
        return PENDING;
      case "request":
        return this.request(event, at, span);
      // A request or response shows one header block: a second one belongs to an exchange the log lost.
      case "requestHeadersStart":
        this.headerTarget = undefined;
        if (!this.lastRequest || this.lastRequest.requestHeaderBlock) return undefined;
        this.lastRequest.requestHeaderBlock = true;
        this.headerTarget = { draft: this.lastRequest, side: "request" };
        return this.lastRequest;
      case "responseHeadersStart":
        this.headerTarget = undefined;
        if (!this.lastTimed || this.lastTimed.responseHeaderBlock) return undefined;
        this.lastTimed.responseHeaderBlock = true;
        this.headerTarget = { draft: this.lastTimed, side: "response" };
        return this.lastTimed;
      case "header": {
        const target =
          event.side === "request"
            ? this.lastRequest && { draft: this.lastRequest, side: event.side }
            : event.side === "response"
              ? this.lastTimed && { draft: this.lastTimed, side: event.side }
              : this.headerTarget;
        if (!target) return undefined;
        const { draft, side } = target;
        (side === "request" ? draft.requestHeaders : draft.responseHeaders).push([event.key, event.value]);
        return draft;
      }
      case "response":
        return this.response(event, at, span);
      case "stats":
        return this.stats(event.timing, at, span);
      case "trace":
        this.pendingTraces.push({ event: event.event, at, span });
        return PENDING;
      case "responseBody": {
        // A response body ends its request: a request body its caller logged before (1.32+) and no request took
        // was a request the log lost.
        if (event.caller) {
          const caller = event.caller;
          const stale = this.pendingRequestBodies.filter((p) => p.caller === caller && p.at <= at);
          for (const p of stale) this.pendingRequestBodies.splice(this.pendingRequestBodies.indexOf(p), 1);
        }
        const draft = this.responseBody(event.body, event.caller, at);
        if (draft) draft.bodyLine = span.last;
        return draft;
      }
      case "transportError":
        return this.failure(event, at, span);
    }
  }

  private newDraft(method: string, url: string, start: number, span: LineSpan): Draft {
    const draft: Draft = {
      seq: this.count++,
      method,
      url,
      requestHeaders: [],
      start,
      responded: false,
      responseHeaders: [],
      events: [],
      span: { ...span },
    };
    this.drafts.push(draft);
    return draft;
  }

  private request(
    event: { method: string; url: string; headers?: [string, string][] },
    at: number,
    span: LineSpan,
  ): Draft {
    const draft = this.newDraft(event.method, event.url, at, span);
    if (event.headers) {
      draft.requestHeaders.push(...event.headers);
      draft.requestHeaderBlock = true;
    }
    this.takeRequestBody(draft, at);
    // client-go sends a request again after an answer that asks for it (Retry-After), and Go's client follows a
    // redirect, within one call: 1.32+ logs its request body line once, before the first attempt, and its response
    // body line after the last, at the same caller. The attempt that follows shares the caller (so it, not the
    // first attempt, takes that body line).
    const before = this.lastTimed;
    if (!draft.requestBodyLogged && before?.caller && continuedBySameCall(before))
      draft.caller = before.caller;
    this.inFlight.push(draft);
    // Requests still waiting after hundreds of others got answers never will be (the log lost them): dropping
    // them from the candidates keeps a long log linear.
    if (this.inFlight.length > MAX_PENDING) this.inFlight.shift();
    this.lastRequest = draft;
    this.headerTarget = undefined;
    return draft;
  }

  /**
   * Bodies are logged before their request: 1.32+ right before it (body="" for none), 1.27-1.31 when the request is
   * built, which for a request with a body is before any request that goes out in between.
   */
  private takeRequestBody(draft: Draft, at: number): void {
    const first = this.pendingRequestBodies[0];
    if (!first || first.at > at) return;
    if (this.classicBodies() && /^(?:GET|HEAD)$/.test(draft.method)) return;
    this.pendingRequestBodies.shift();
    draft.requestBodyLogged = true;
    if (first.body.length > 0 || first.body.hex || first.body.cut) draft.requestBody = first.body;
    if (first.caller) draft.caller = first.caller;
    widen(draft, first.span);
  }

  private response(
    event: TrafficEvent & { type: "response" },
    at: number,
    span: LineSpan,
  ): Draft | undefined {
    let candidates = this.inFlight;
    if (event.method && event.url)
      candidates = candidates.filter((d) => d.method === event.method && d.url === event.url);
    let draft = this.bestByTiming(candidates, at, event.milliseconds ?? 0);
    if (!draft) {
      if (!event.method || !event.url) return undefined;
      // At -v=6 the response line is all there is: it stands for the request too (and takes the body logged for
      // a request line the log lost).
      draft = this.newDraft(event.method, event.url, at - (event.milliseconds ?? 0) * 1000, span);
      draft.startInferred = true;
      this.takeRequestBody(draft, at);
    } else this.inFlight.splice(this.inFlight.indexOf(draft), 1);
    draft.responded = true;
    draft.responseAt = at;
    draft.status = event.status;
    if (event.milliseconds !== undefined) draft.milliseconds = event.milliseconds;
    if (event.headers) {
      draft.responseHeaders = [...event.headers];
      draft.responseHeaderBlock = true;
    }
    if (event.timing) {
      draft.timing = event.timing;
      this.takeTraces(draft);
    }
    this.lastTimed = draft;
    this.headerTarget = undefined;
    if (event.status !== "") this.awaitingBody.push(draft);
    if (this.awaitingBody.length > MAX_PENDING) this.awaitingBody.shift(); // a watch, a 204: no body line comes
    return draft;
  }

  /**
   * HTTP Statistics: after the response line it logged (`GET <url> 200 OK in 3 milliseconds`), or, where kubectl
   * logged none (1.23 at -v=9), the sign that the request in flight got an answer whose status the log does not show.
   */
  private stats(timing: Timing, at: number, span: LineSpan): Draft | undefined {
    const last = this.lastTimed;
    if (last && !last.timing) {
      last.timing = timing;
      this.takeTraces(last);
      return last;
    }
    const draft = this.bestByTiming(this.inFlight, at, timing.milliseconds ?? 0);
    if (!draft) return undefined;
    this.inFlight.splice(this.inFlight.indexOf(draft), 1);
    draft.responded = true;
    draft.statusUnknown = true;
    draft.responseAt = at;
    if (timing.milliseconds !== undefined) draft.milliseconds = timing.milliseconds;
    draft.timing = timing;
    this.takeTraces(draft);
    this.lastTimed = draft;
    this.headerTarget = undefined;
    this.awaitingBody.push(draft);
    if (this.awaitingBody.length > MAX_PENDING) this.awaitingBody.shift();
    widen(draft, span);
    return draft;
  }

  /**
   * A failure mentioned by some component. It is the failure of a request the log already shows when one fits: the
   * same method and URL, no answer (an empty status, or one the log does not show and no headers), not yet
   * mentioned by this same source (each logging site reports one failure once), and the same error if one was
   * mentioned. Otherwise it is a request of its own that the log shows only through this mention.
   */
  private failure(event: TrafficEvent & { type: "transportError" }, at: number, span: LineSpan): Draft {
    const fits = (d: Draft) =>
      d.method === event.method &&
      d.url === event.url &&
      (d.status === "" || (d.statusUnknown === true && d.responseHeaders.length === 0) || !d.responded) &&
      !d.errorSources?.includes(event.source) &&
      // A log that breaks off may cut the last mention's message short.
      (d.errorMessage === undefined ||
        d.errorMessage.startsWith(event.message) ||
        event.message.startsWith(d.errorMessage));
    let draft: Draft | undefined;
    for (let i = this.drafts.length - 1; i >= Math.max(0, this.drafts.length - MENTION_WINDOW); i--) {
      if (fits(this.drafts[i]!)) {
        draft = this.drafts[i]!;
        break;
      }
    }
    if (!draft) {
      draft = this.newDraft(event.method, event.url, at, span);
      draft.fromMention = true;
      if (event.timeless) draft.startUnknown = true;
    }
    if (!draft.responded) {
      // A request whose response line the log lacks (or never had: -v below 6) failed at this mention.
      const idx = this.inFlight.indexOf(draft);
      if (idx >= 0) this.inFlight.splice(idx, 1);
      draft.responded = true;
      draft.status = "";
      draft.responseAt ??= at;
    }
    draft.errorMessage ??= event.message;
    (draft.errorSources ??= []).push(event.source);
    return draft;
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
    // A URL whose host the author hid cannot name its connection; the time still does.
    const mine = this.pendingTraces.filter(
      ({ event, at }) =>
        at >= draft.start - (draft.startInferred ? 1000 : 0) &&
        (!target ||
          (event.kind === "dns" ? event.host === target.host : event.address.endsWith(`:${target.port}`))),
    );
    for (const t of mine) {
      this.pendingTraces.splice(this.pendingTraces.indexOf(t), 1);
      draft.events.push(t.event);
      widen(draft, t.span);
    }
  }

  private responseBody(body: LoggedBody, caller: string | undefined, at: number): Draft | undefined {
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
    if (!best) return undefined;
    this.awaitingBody.splice(this.awaitingBody.indexOf(best), 1);
    best.responseBody = body;
    best.bodyAt = at;
    if (caller && best.caller && best.caller !== caller && SPLIT_BODY_CALLERS[best.caller] !== caller) {
      // 1.32+ logs both bodies at the same caller: the request body it took was a request's the log lost.
      delete best.requestBody;
      best.requestBodyLogged = false;
      best.caller = caller;
    }
    if (caller && !best.caller) best.caller = caller;
    return best;
  }
}

import { headerValue } from "../internal/headers.js";
import {
  asksForRetry,
  CLIENT_GO_MAX_RETRIES,
  repeatsPrevious,
  trafficLogPartsEscaped,
} from "../kubectl/traffic-log/render.js";
import { escapedTextBytes, hasEscapedBytes } from "../internal/escaped-bytes.js";
import type { ExchangeContext } from "../kubectl/traffic-log/render.js";
import { trafficLogLayout } from "../kubectl/traffic-log/format.js";
import type { TrafficLevel, TrafficLogPhase } from "../kubectl/traffic-log/render.js";
import type { Exchange } from "../record/exchange/exchange.js";

/**
 * Where the live log goes: anything with `write(text)` (stderr, a test's collector). Text, except where kubectl's
 * log would hold bytes that are not UTF-8 (a Latin-1 header value, a body cut inside a character): those writes are
 * the bytes, as a `Uint8Array`, which a stream writes as they are.
 */
export interface LogSink {
  write(chunk: string | Uint8Array): unknown;
}

export interface LiveLogOptions {
  /** kubectl's `--v`: 6 to 10, or 0 to log no traffic (notices still print). Default 9. */
  v?: TrafficLevel | 0;
  /** The kubectl version whose log format to print. Default: the newest format. */
  kubectlVersion?: string;
  /** The pid in each klog header. Default: this process's. */
  pid?: number;
}

/** One exchange's log (see {@link LiveLog.begin}). */
export interface ExchangeLog {
  /** Writes one part of the exchange's log (the exchange holds what is known at that moment). */
  part(exchange: Exchange, phase: TrafficLogPhase): void;
}

/** Lines that are the proxy's own, never kubectl's: they start so, and a reader (or a filter) tells them apart. */
export const NOTICE_PREFIX = "kubewire proxy: ";

/**
 * The proxy's stderr: each exchange as kubectl `--v=N` logs it, written part by part as it happens (the request as
 * it goes out, the response when its headers are in, the body once read), so concurrent requests interleave as in
 * kubectl's own log; a line naming the client whenever the User-Agent changes (at `--v=6` nothing else says who
 * asked); and the proxy's notices. Every exchange is redacted again before it is printed.
 */
export class LiveLog {
  readonly #sink: LogSink | undefined;
  readonly #v: TrafficLevel | 0;
  readonly #format: { v: TrafficLevel; kubectlVersion?: string; pid: number };
  #lastUserAgent: string | undefined;
  /** The last exchange answered, and how many answers in a row asked for the same request again. */
  #last: Exchange | undefined;
  /** The first attempt of the call the last exchange answered was part of (a retry or a redirect followed). */
  #lastCallStart: Exchange | undefined;
  #retries = 0;
  readonly #said = new Set<string>();

  /** @throws UnsupportedTrafficLogVersionError when `kubectlVersion` is not one whose log kubewire can write. */
  constructor(sink: LogSink | undefined, options: LiveLogOptions = {}) {
    // At once, not at the first exchange: a proxy whose log cannot be written says so before anyone uses it.
    if (options.kubectlVersion !== undefined) trafficLogLayout(options.kubectlVersion);
    this.#sink = sink;
    this.#v = options.v ?? 9;
    this.#format = {
      v: this.#v === 0 ? 9 : this.#v,
      ...(options.kubectlVersion !== undefined ? { kubectlVersion: options.kubectlVersion } : {}),
      pid: options.pid ?? process.pid,
    };
  }

  /**
   * An exchange's log, written part by part through what this returns. It holds what kubectl's log of the exchange
   * depends on around it, for as long as the caller holds the exchange: nothing is kept here for an exchange that
   * ends without all its parts (a client gone mid-watch, an upgrade, a failure).
   */
  begin(): ExchangeLog {
    let context: ExchangeContext | undefined;
    let answered: Exchange | undefined;
    return {
      part: (exchange, phase) => {
        if (!this.#sink || this.#v === 0) return;
        // Made at the first part written (the request, once its body is read): the exchange answered before it.
        context ??= { retried: false, previous: this.#last, previousCallStart: this.#lastCallStart };
        if (phase === "response") answered = exchange;
        // The answer with its body, once read, is what the next request follows: a Status's reason says whether
        // client-go read it as NotFound (and cli-runtime checks the namespace next), whatever the code.
        else if (phase === "body" && answered !== undefined && this.#last === answered) this.#last = exchange;
        this.#write(exchange, phase, context);
      },
    };
  }

  #write(exchange: Exchange, phase: TrafficLogPhase, context: ExchangeContext): void {
    let out = "";
    if (phase === "request") {
      const agent = userAgentOf(exchange);
      if (agent !== this.#lastUserAgent) {
        this.#lastUserAgent = agent;
        out += `${NOTICE_PREFIX}client ${agent === undefined ? "without a User-Agent" : JSON.stringify(agent)}\n`;
      }
    }
    if (phase === "response") this.#answered(exchange, context);
    out += trafficLogPartsEscaped(exchange, this.#format, context)[phase];
    if (out) this.#sink!.write(hasEscapedBytes(out) ? escapedTextBytes(out) : out);
  }

  /**
   * What kubectl's log of an exchange depends on around it: the exchange answered before it was sent (a namespace
   * checked after a 404 is logged at its own line), and whether client-go sends it again (then reads no body): it
   * does for an answer that asks to, unless as many answers in a row before asked as client-go retries.
   */
  #answered(exchange: Exchange, context: ExchangeContext): void {
    const same =
      this.#last?.request.method === exchange.request.method &&
      this.#last.request.url === exchange.request.url;
    const run = same && this.#last && asksForRetry(this.#last) ? this.#retries : 0;
    context.retried = asksForRetry(exchange) && run < CLIENT_GO_MAX_RETRIES;
    this.#retries = asksForRetry(exchange) ? run + 1 : 0;
    this.#lastCallStart = repeatsPrevious(exchange, context.previous)
      ? (context.previousCallStart ?? context.previous)
      : exchange;
    this.#last = exchange;
  }

  /** Whether bodies are logged (`--v=8` and up): below that, the log never reads one (reading costs a decode). */
  get showsBodies(): boolean {
    return this.#sink !== undefined && this.#v >= 8;
  }

  /** A line of the proxy's own. */
  notice(text: string): void {
    this.#sink?.write(`${NOTICE_PREFIX}${text}\n`);
  }

  /** A notice said at most once per `key` for the proxy's life (a refused credential, say). */
  noticeOnce(key: string, text: string): void {
    if (this.#said.has(key)) return;
    this.#said.add(key);
    this.notice(text);
  }
}

function userAgentOf(exchange: Exchange): string | undefined {
  return headerValue(exchange.request.headers, "user-agent");
}

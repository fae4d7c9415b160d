import type { ServerResponse } from "node:http";
import type { Dispatcher } from "undici";
import { goStatus } from "../kubectl/go/status-text.js";
import { relayedResponseHeaders } from "./forwarded-headers.js";

/** The status line and headers the proxy wrote to its client. */
export interface RelayedHead {
  status: number;
  statusText: string;
  headers: [string, string][];
}

/** A response held back instead of relayed (a 401 that fresher credentials may cure), read whole. */
export interface HeldResponse {
  status: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** How one forwarded request ended, from the relay's side. */
export type RelayOutcome =
  | { kind: "relayed"; head: RelayedHead; error?: Error }
  | { kind: "held"; response: HeldResponse }
  | { kind: "failed"; error: Error };

/** How much of an answer the relay lets wait for a slow client before it pauses the upstream read. */
const RELAY_BUFFER_BYTES = 1024 * 1024;

/**
 * Writes a status line and headers exactly as given: no `Date` and no `Connection`/`Keep-Alive` of Node's own
 * (the upstream's `Date` is relayed; HTTP/1.1 keeps connections open without saying so), so the head the client
 * reads is the head the proxy logs.
 */
export function writeHead(res: ServerResponse, head: RelayedHead): void {
  res.sendDate = false;
  res.removeHeader("connection");
  res.writeHead(head.status, head.statusText, head.headers.flat());
}

/**
 * The reason phrase the proxy writes and logs. An empty one (HTTP/2, or none sent) is Go's text for the code, as the
 * log shows it (Node's own differs for some codes, and is "unknown" for a code it does not know). One that is not
 * ASCII cannot be written as it came: undici reads it as UTF-8 (other bytes become U+FFFD), which Node refuses to
 * write (the answer then ended before its status line) and whose Latin-1 characters it writes in an encoding of
 * its own; such a phrase is replaced by Go's text too, so that the client reads the phrase the log shows.
 */
export function shownReason(status: number, statusText: string | undefined): string {
  if (statusText && !/[^\x00-\x7f]/.test(statusText)) return statusText;
  return goStatus(status, "").slice(String(status).length + 1);
}

/**
 * The undici handler of one forwarded request: the upstream's answer goes to the client as it arrives, chunk by
 * chunk, with backpressure both ways (a slow client pauses the upstream read). Nothing is buffered but a response
 * the caller asks to hold (`hold(status)`), which is read whole and handed back instead of relayed.
 */
export class RelayHandler implements Dispatcher.DispatchHandler {
  readonly #res: ServerResponse;
  readonly #hold: (status: number) => boolean;
  readonly #onHead: (head: RelayedHead) => void;
  readonly #done: (outcome: RelayOutcome) => void;
  #controller: Dispatcher.DispatchController | undefined;
  #head: RelayedHead | undefined;
  #held: HeldResponse | undefined;
  #heldChunks: Buffer[] = [];
  #finished = false;
  #paused = false;

  constructor(
    res: ServerResponse,
    hooks: {
      hold: (status: number) => boolean;
      onHead: (head: RelayedHead) => void;
      done: (outcome: RelayOutcome) => void;
    },
  ) {
    this.#res = res;
    this.#hold = hooks.hold;
    this.#onHead = hooks.onHead;
    this.#done = hooks.done;
  }

  /** Ends the upstream request (the client went away): an upstream watch is closed at once. */
  abort(reason: Error): void {
    this.#controller?.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    statusText?: string,
  ): void {
    if (this.#hold(status)) {
      this.#held = { status, statusText: shownReason(status, statusText), headers, body: Buffer.alloc(0) };
      return;
    }
    const head: RelayedHead = {
      status,
      statusText: shownReason(status, statusText),
      headers: relayedResponseHeaders(headers),
    };
    this.#head = head;
    if (this.#res.destroyed) {
      controller.abort(new Error("the client went away"));
      return;
    }
    writeHead(this.#res, head);
    // Node holds a head back until the first body write; a watch may send no event for minutes, and clients
    // (client-node's Watch) wait for the head before they count the watch as started. A body of known length
    // follows at once, so only those without one are flushed. Not with flushHeaders(): it writes the head as UTF-8,
    // and a header value holds a byte a character (a Latin-1 or UTF-8 value reached the client encoded again); an
    // empty Latin-1 write sends the head as it is (an answer that has no body sends it when it ends).
    if (headers["content-length"] === undefined) this.#res.write("", "latin1");
    this.#onHead(head);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#held) {
      this.#heldChunks.push(chunk);
      return;
    }
    if (this.#res.destroyed) return;
    // `write()` says false past the socket's own high-water mark, which for an HTTPS server is Node's 16 KiB
    // whatever the server was given (`https.createServer` does not pass `highWaterMark` to its TLS sockets): pausing
    // there paused the upstream read after nearly every chunk, and undici's resume joined what the paused socket had
    // buffered, a copy of the body. The relay lets up to RELAY_BUFFER_BYTES wait for the client instead; only
    // after a `false` (so that `drain` will come) and past that bound does it pause the upstream.
    if (!this.#res.write(chunk) && !this.#paused && this.#res.writableLength >= RELAY_BUFFER_BYTES) {
      this.#paused = true;
      controller.pause();
      this.#res.once("drain", () => {
        this.#paused = false;
        controller.resume();
      });
    }
  }

  onResponseEnd(): void {
    if (this.#held) {
      this.#finish({ kind: "held", response: { ...this.#held, body: Buffer.concat(this.#heldChunks) } });
      return;
    }
    this.#res.end();
    this.#finish({ kind: "relayed", head: this.#head! });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#head) {
      // The answer was under way: the client can only see it cut short, as it would from the server.
      this.#res.destroy();
      this.#finish({ kind: "relayed", head: this.#head, error });
    } else this.#finish({ kind: "failed", error });
  }

  #finish(outcome: RelayOutcome): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#done(outcome);
  }
}

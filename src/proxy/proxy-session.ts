import { formatMicros, nowMicros } from "../internal/clock.js";
import { bodyText, capturedChunks } from "../record/exchange/body.js";
import { cassetteChunks, cassettePieceInSteps } from "../record/cassette/cassette.js";
import type { CassettePiece } from "../record/cassette/cassette.js";
import { runSteps } from "../internal/pretty-json-in-steps.js";
import { writeFileAtomic } from "../internal/write-file-atomic.js";
import { CASSETTE_VERSION } from "../record/exchange/exchange.js";
import type { Body, Cassette, Exchange } from "../record/exchange/exchange.js";

export interface ProxySessionOptions {
  /** A cassette file to keep up to date with every exchange. */
  file?: string;
  /** Called with every completed exchange, as the client saw it, redacted. */
  onExchange?: (exchange: Exchange) => void;
  /** The least time between two writes of the cassette while the proxy runs (ms). Default 1000. */
  saveIntervalMs?: number;
}

/**
 * What the proxy has seen: the exchanges in the order their requests arrived, and the cassette file that holds
 * them. The file is written whole and atomically, soon after each exchange (writes coalesce, so a burst of
 * requests costs one write), and a last time when the proxy closes: interrupted at any moment, it is a valid
 * cassette.
 *
 * Recording never stands between a client and its answer: an exchange is redacted and serialised once, after its
 * answer has left the proxy, one exchange per turn of the event loop (a request that arrives meanwhile is relayed
 * first), and each write of the file joins the pieces already made. Serialising a 10,000-object list takes some
 * hundreds of milliseconds; doing it again for every exchange at every write held the proxy for seconds.
 */
export class ProxySession {
  readonly exchanges: Exchange[] = [];
  readonly #recordedAt = formatMicros(nowMicros());
  readonly #options: ProxySessionOptions;
  #seq = 0;
  #server: { gitVersion: string } | undefined;
  /**
   * Each exchange as the cassette holds it, made once. A large list's body is kept as the bytes it arrived in (the
   * exchange holds them anyway) and indented as the file is written, not as a text of its own.
   */
  readonly #pieces = new WeakMap<Exchange, CassettePiece>();
  /** Exchanges to serialise, each once its answer has been delivered. */
  readonly #queue: { exchange: Exchange; delivered: Promise<unknown> }[] = [];
  #serialising: Promise<void> | undefined;
  #writing: Promise<void> | undefined;
  /** Exchanges are in the session that the file does not hold yet. */
  #dirty = false;
  #lastWriteAt = -Infinity;
  #timer: NodeJS.Timeout | undefined;
  #saveError: Error | undefined;
  #closed = false;

  constructor(options: ProxySessionOptions = {}) {
    this.#options = options;
  }

  /** The number of the next request, in arrival order. */
  nextSeq(): number {
    return this.#seq++;
  }

  /**
   * Adds a completed exchange. `delivered` settles once the client has the whole answer (the response's
   * `finish`, or its connection closed): the cassette's work on it waits until then.
   */
  add(exchange: Exchange, delivered: Promise<unknown> = Promise.resolve()): void {
    this.exchanges.push(exchange);
    this.#server ??= serverVersion(exchange);
    this.#options.onExchange?.(exchange);
    if (this.#options.file === undefined) return;
    this.#dirty = true;
    this.#queue.push({ exchange, delivered });
    this.#serialiseQueued();
  }

  /** The session as a cassette, exchanges in request order. */
  cassette(): Cassette {
    return {
      version: CASSETTE_VERSION,
      recordedAt: this.#recordedAt,
      ...(this.#server ? { server: this.#server } : {}),
      exchanges: [...this.exchanges].sort((a, b) => a.seq - b.seq),
    };
  }

  /**
   * Writes the cassette file now (not waiting for the interval between writes) with every exchange added so far,
   * once their answers are delivered; resolves when it is on disk. Rejects when a write failed.
   */
  async flush(): Promise<void> {
    if (this.#options.file === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#serialising;
    await this.#writing;
    if (this.#dirty) await this.#startWrite();
    if (this.#saveError !== undefined) throw this.#saveError;
  }

  /** Writes the cassette a last time (after any write under way). Rejects when a write failed. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#serialising;
    await this.#writing;
    if (this.#options.file !== undefined) await this.#write();
    if (this.#saveError !== undefined) throw this.#saveError;
  }

  #serialiseQueued(): void {
    if (this.#serialising) return;
    this.#serialising = (async () => {
      while (this.#queue.length > 0) {
        const { exchange, delivered } = this.#queue.shift()!;
        // Closing ends every connection, so an answer not delivered by then never will be.
        if (!this.#closed) await delivered;
        if (!this.#pieces.has(exchange)) {
          await resolveInTurns(exchange.request.body);
          await resolveInTurns(exchange.response?.body);
          const steps = cassettePieceInSteps(exchange);
          for (let step = steps.next(); ; step = steps.next()) {
            // Written meanwhile (a flush, the close) it is done: the piece made there is the same text.
            if (step.done) {
              if (!this.#pieces.has(exchange)) this.#pieces.set(exchange, step.value);
              break;
            }
            await nextTurn();
            if (this.#pieces.has(exchange)) break;
          }
        }
      }
    })().finally(() => {
      this.#serialising = undefined;
      this.#writeSoon();
    });
  }

  /** The exchange as the cassette holds it: made on first need, kept. */
  #piece(exchange: Exchange): CassettePiece {
    let piece = this.#pieces.get(exchange);
    if (piece === undefined) {
      piece = runSteps(cassettePieceInSteps(exchange));
      this.#pieces.set(exchange, piece);
    }
    return piece;
  }

  /** Writes the file once the queue is serialised, at most once per interval. */
  #writeSoon(): void {
    if (this.#closed || !this.#dirty || this.#serialising || this.#writing || this.#timer) return;
    const wait = this.#lastWriteAt + (this.#options.saveIntervalMs ?? 1000) - performance.now();
    if (wait > 0) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#writeSoon();
      }, wait);
      this.#timer.unref();
      return;
    }
    void this.#startWrite();
  }

  #startWrite(): Promise<void> {
    const writing = this.#write().finally(() => {
      this.#writing = undefined;
      this.#writeSoon();
    });
    this.#writing = writing;
    return writing;
  }

  async #write(): Promise<void> {
    this.#dirty = false;
    this.#lastWriteAt = performance.now();
    try {
      const cassette = this.cassette();
      // The exchanges not serialised yet (at close: answers never delivered) are serialised here.
      const pieces = cassette.exchanges.map((exchange) => this.#piece(exchange));
      // A new cassette is readable by its owner alone: redacted as it is, it still shows what a cluster holds.
      await writeFileAtomic(this.#options.file!, cassetteChunks(cassette, pieces), 0o600);
      this.#saveError = undefined;
    } catch (error) {
      // Kept for close() to report: a write that failed mid-session must not end the proxy's work.
      this.#saveError = error instanceof Error ? error : new Error(String(error));
    }
  }
}

/** A turn of the event loop: what arrived meanwhile (a request, a relayed chunk) goes first. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Works out a captured body one step per turn of the event loop: its redaction (decoding the bytes and scanning
 * them for secrets), then its parse; each step of a large list takes tens of milliseconds, and the serialisation
 * that follows finds them done.
 */
async function resolveInTurns(body: Body | undefined): Promise<void> {
  if (body === undefined) return;
  await nextTurn();
  capturedChunks(body);
  await nextTurn();
  void body.kind;
}

/** The `gitVersion` of a `GET /version` answer, which a cassette stores as its server's version. */
function serverVersion(exchange: Exchange): { gitVersion: string } | undefined {
  if (exchange.request.method !== "GET" || exchange.response?.status !== 200) return undefined;
  let path: string;
  try {
    path = new URL(exchange.request.url).pathname;
  } catch {
    return undefined;
  }
  const body = exchange.response.body;
  if (path !== "/version" || !body) return undefined;
  try {
    const value = JSON.parse(bodyText(body) ?? "") as { gitVersion?: unknown };
    return typeof value.gitVersion === "string" ? { gitVersion: value.gitVersion } : undefined;
  } catch {
    return undefined;
  }
}

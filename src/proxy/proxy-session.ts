import { formatMicros, nowMicros } from "../internal/clock.js";
import { bodyText } from "../record/exchange/body.js";
import { saveCassette } from "../record/cassette/cassette.js";
import { CASSETTE_VERSION } from "../record/exchange/exchange.js";
import type { Cassette, Exchange } from "../record/exchange/exchange.js";

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
 */
export class ProxySession {
  readonly exchanges: Exchange[] = [];
  readonly #recordedAt = formatMicros(nowMicros());
  readonly #options: ProxySessionOptions;
  #seq = 0;
  #server: { gitVersion: string } | undefined;
  #saving: Promise<void> | undefined;
  #dirty = false;
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

  add(exchange: Exchange): void {
    this.exchanges.push(exchange);
    this.#server ??= serverVersion(exchange);
    this.#options.onExchange?.(exchange);
    if (this.#options.file === undefined) return;
    this.#dirty = true;
    this.#schedule();
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

  /** Writes the cassette a last time (after any write under way). Rejects when a write failed. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#saving;
    if (this.#options.file !== undefined) await this.#write();
    if (this.#saveError !== undefined) throw this.#saveError;
  }

  #schedule(): void {
    if (this.#saving || this.#timer || this.#closed) return;
    this.#saving = this.#write().finally(() => {
      this.#saving = undefined;
      if (!this.#dirty || this.#closed) return;
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#schedule();
      }, this.#options.saveIntervalMs ?? 1000);
      this.#timer.unref();
    });
  }

  async #write(): Promise<void> {
    this.#dirty = false;
    try {
      await saveCassette(this.#options.file!, this.cassette());
      this.#saveError = undefined;
    } catch (error) {
      // Kept for close() to report: a write that failed mid-session must not end the proxy's work.
      this.#saveError = error instanceof Error ? error : new Error(String(error));
    }
  }
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

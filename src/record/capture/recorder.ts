import type { Duplex } from "node:stream";
import type { Transform } from "node:stream";
import type { Dispatcher } from "undici";
import { bodyFromBytes, bodyFromChunks, streamBody } from "../exchange/body.js";
import { formatMicros, monotonicMs, nowMicros } from "../../internal/clock.js";
import { countingDuplex } from "../../internal/counting-duplex.js";
import { zlibModule } from "../../internal/lazy-modules.js";
import { CASSETTE_VERSION } from "../exchange/exchange.js";
import type {
  Body,
  Cassette,
  Exchange,
  HeaderMap,
  RecordedResponse,
  TunnelInfo,
} from "../exchange/exchange.js";
import { headersToRecord } from "./handler.js";
import { StreamCapture } from "./stream-capture.js";
import { redactExchange, redactionMarker } from "../redact/redact.js";
import { parseWarningHeaders } from "../exchange/warnings.js";
import { headerValue } from "../../internal/headers.js";
import { apiserverQueryBool, firstQueryValue, queryOf } from "../../internal/query-flag.js";

/**
 * A dispatch option (a symbol key, so it never reaches the wire) through which the caller of one request learns
 * its exchange. The client uses it to hand every result its own {@link Exchange}.
 */
export const ON_EXCHANGE: unique symbol = Symbol.for("kubewire.onExchange");

/**
 * A dispatch option through which the caller of one request learns that its answer is a stream (a watch, a followed
 * log) as soon as the headers are in: the exchange then holds the request and the response's status and headers,
 * no body. A live log prints it then, as kubectl does, rather than when the stream ends, which may be never.
 */
export const ON_STREAM_START: unique symbol = Symbol.for("kubewire.onStreamStart");

/** Dispatch options as the recorder sees them, with the optional per-request exchange callbacks. */
export type RecordableDispatchOptions = Dispatcher.DispatchOptions & {
  [ON_EXCHANGE]?: (exchange: Exchange) => void;
  [ON_STREAM_START]?: (exchange: Exchange) => void;
};

/** Options of {@link recordingInterceptor}, where completed exchanges go and how they are numbered. */
export interface RecordingOptions {
  /** Called with every completed exchange, already redacted, and the dispatch options of its request. */
  onExchange?: (exchange: Exchange, opts: Dispatcher.DispatchOptions) => void;
  /** Numbers exchanges; defaults to a counter private to this interceptor. */
  nextSeq?: () => number;
  /**
   * The most of a stream (a watch, a followed log) kept in its exchange, in bytes of text; the rest is counted, not
   * kept, and the body is marked `truncated`. A watch that runs for days then holds its memory flat. Default
   * {@link DEFAULT_MAX_RECORDED_STREAM_BYTES}.
   */
  maxStreamBytes?: number;
}

/** How much of a stream an exchange keeps by default (4 MiB). */
export const DEFAULT_MAX_RECORDED_STREAM_BYTES = 4 * 1024 * 1024;

/**
 * The legacy watch prefix (`/api/v1/watch/…`, `/apis/{group}/{version}/watch/…`), wherever the API is mounted (a
 * Rancher-style `/k8s/clusters/{id}` prefix included).
 */
const WATCH_PATH = /\/(?:api\/[^/?#]+|apis\/[^/?#]+\/[^/?#]+)\/watch(?:[/?#]|$)/;

/**
 * Whether an answer is a stream: a watch or a followed log, as the API server reads the request (`?watch=True`
 * from Python's client and a bare `?watch` are watches too), or a body typed as a watch stream.
 */
function isStreamed(path: string, contentType: string | undefined): boolean {
  const query = queryOf(path);
  return (
    apiserverQueryBool(firstQueryValue(query, "watch")) ||
    apiserverQueryBool(firstQueryValue(query, "follow")) ||
    WATCH_PATH.test(path.split(/[?#]/, 1)[0]!) ||
    /stream=watch/.test(contentType ?? "")
  );
}

function requestUrl(opts: Dispatcher.DispatchOptions): string {
  const origin = typeof opts.origin === "string" ? opts.origin : (opts.origin?.toString() ?? "");
  return origin.replace(/\/$/, "") + opts.path;
}

function requestBody(opts: Dispatcher.DispatchOptions, headers: HeaderMap): Body | undefined {
  const body = opts.body;
  if (body === undefined || body === null) return undefined;
  const contentType = headerValue(headers, "content-type");
  if (typeof body === "string") return bodyFromBytes(Buffer.from(body), contentType);
  if (body instanceof Uint8Array) return bodyFromBytes(Buffer.from(body), contentType); // a copy: the caller may reuse its buffer
  // A streamed request body cannot be captured without consuming it; say so rather than pretend it was empty.
  return { kind: "text", text: "", bytes: 0, truncated: true };
}

/**
 * Cassettes hold bodies as the application saw them: a gzip-encoded answer is stored decoded (so it can be read,
 * redacted and diffed) and replayed without its Content-Encoding. Undecodable bytes are kept as they came.
 */
function capturedBody(chunks: Buffer[], encoding: string | undefined, contentType: string | undefined) {
  const codings = (encoding ?? "")
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== "identity");
  if (codings.length === 0) return bodyFromChunks(chunks, contentType);
  const bytes = Buffer.concat(chunks);
  if (bytes.length === 0) return undefined;
  try {
    let out = bytes;
    const zlib = zlibModule();
    for (const coding of codings.reverse()) {
      if (coding === "gzip" || coding === "x-gzip") out = zlib.gunzipSync(out);
      else if (coding === "deflate") out = zlib.inflateSync(out);
      else if (coding === "br") out = zlib.brotliDecompressSync(out);
      else throw new Error(`unknown content coding ${coding}`);
    }
    return bodyFromBytes(out, contentType);
  } catch {
    // Bytes that cannot be decoded cannot be checked for secrets either: keep only their size and a hash.
    const opaque: Body = {
      kind: "text",
      text: redactionMarker(bytes.toString("base64")),
      bytes: bytes.length,
    };
    return opaque;
  }
}

/** A streaming decoder for a compressed stream's Content-Encoding (one coding; anything else is kept as it came). */
function streamInflater(encoding: string | undefined): Transform | undefined {
  const coding = (encoding ?? "").trim().toLowerCase();
  if (coding === "gzip" || coding === "x-gzip") return zlibModule().createGunzip();
  if (coding === "deflate") return zlibModule().createInflate();
  if (coding === "br") return zlibModule().createBrotliDecompress();
  return undefined;
}

function toHeaderMap(headers: Record<string, string | string[] | undefined>): HeaderMap {
  const out: HeaderMap = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = v;
  return out;
}

/** Captures one request/response pair as it passes through, then builds and redacts its exchange. */
class RecordingHandler implements Dispatcher.DispatchHandler {
  readonly #inner: Dispatcher.DispatchHandler;
  readonly #opts: RecordableDispatchOptions;
  readonly #emit: (exchange: Exchange) => void;
  readonly #seq: number;
  readonly #maxStreamBytes: number;
  readonly #startMicros = nowMicros();
  readonly #start = monotonicMs();
  #headersAt = 0;
  #response: Omit<RecordedResponse, "body"> | undefined;
  #streamed = false;
  #chunks: Buffer[] = [];
  /** What is kept of a stream (its first `maxStreamBytes` of text), as bytes until the exchange is made. */
  #stream: StreamCapture | undefined;
  #bytes = 0;
  #done = false;
  #tunnel: TunnelInfo | undefined;
  /** A compressed stream (a gzip-encoded watch) is recorded decoded, as every other body is. */
  #inflater: Transform | undefined;
  #inflated: Promise<void> | undefined;

  constructor(
    opts: RecordableDispatchOptions,
    inner: Dispatcher.DispatchHandler,
    seq: number,
    emit: (e: Exchange) => void,
    maxStreamBytes: number,
  ) {
    this.#maxStreamBytes = maxStreamBytes;
    this.#opts = opts;
    this.#inner = inner;
    this.#seq = seq;
    this.#emit = emit;
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.#inner.onRequestStart?.(controller, context);
  }

  /**
   * An upgraded connection (exec, attach, port-forward over WebSocket or SPDY) is recorded as its `101` exchange
   * once the tunnel closes, with the bytes that went each way: counted on a stand-in for the socket, never kept.
   */
  onRequestUpgrade(
    controller: Dispatcher.DispatchController,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    socket: Duplex,
  ): void {
    this.#headersAt = monotonicMs();
    this.#response = { status, statusText: "", headers: toHeaderMap(headers) };
    const counted = countingDuplex(socket, (counts) => {
      this.#tunnel = { bytesToServer: counts.written, bytesToClient: counts.read };
      this.#finish();
    });
    this.#inner.onRequestUpgrade?.(controller, status, headers, counted);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    statusMessage?: string,
  ): void {
    this.#headersAt = monotonicMs();
    const map = toHeaderMap(headers);
    this.#response = { status, statusText: statusMessage ?? "", headers: map };
    this.#streamed = isStreamed(this.#opts.path, headerValue(map, "content-type"));
    if (this.#streamed) {
      this.#stream = new StreamCapture(this.#maxStreamBytes);
      this.#inflater = streamInflater(headerValue(map, "content-encoding"));
      const started = this.#opts[ON_STREAM_START];
      if (started)
        started(redactExchange({ ...this.#requestPart(this.#headersAt), response: { ...this.#response } }));
    }
    if (this.#inflater) {
      const inflater = this.#inflater;
      inflater.on("data", (bytes: Buffer) => this.#pushText(bytes));
      this.#inflated = new Promise((done) => {
        inflater.once("end", done);
        inflater.once("error", () => {
          this.#undecodable = true;
          done();
        });
      });
    }
    this.#inner.onResponseStart?.(controller, status, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#bytes += chunk.length;
    if (this.#streamed) {
      if (this.#inflater) this.#inflater.write(chunk);
      else this.#pushText(chunk);
    } else {
      this.#chunks.push(chunk);
    }
    this.#inner.onResponseData?.(controller, chunk);
  }

  onResponseEnd(
    controller: Dispatcher.DispatchController,
    trailers: Record<string, string | string[] | undefined>,
  ): void {
    this.#finish();
    this.#inner.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.#finish(error);
    this.#inner.onResponseError?.(controller, error);
  }

  #undecodable = false;

  #pushText(bytes: Buffer): void {
    // Past the cap a stream is counted, not kept (nor decoded): the exchange says so (`truncated`), and memory stays
    // flat.
    const stream = this.#stream!;
    if (!stream.cut) stream.push(bytes, Math.round(monotonicMs() - this.#headersAt));
  }

  #finish(error?: Error): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#inflater && this.#inflated) {
      // What the decompressor still holds arrives after its input ends.
      const inflated = this.#inflated;
      this.#inflater.end();
      void inflated.then(() => this.#complete(error));
      return;
    }
    this.#complete(error);
  }

  /** The exchange as far as the request goes, its duration counted to `until` (the headers, or the end). */
  #requestPart(until: number): Exchange {
    const reqHeaders = headersToRecord(this.#opts.headers);
    const exchange: Exchange = {
      seq: this.#seq,
      startedAt: formatMicros(this.#startMicros),
      durationMs: Math.round(until - this.#start),
      request: { method: this.#opts.method, url: requestUrl(this.#opts), headers: reqHeaders },
    };
    const reqBody = requestBody(this.#opts, reqHeaders);
    if (reqBody) exchange.request.body = reqBody;
    return exchange;
  }

  #complete(error?: Error): void {
    const end = monotonicMs();
    const exchange = this.#requestPart(this.#response ? this.#headersAt : end);
    if (this.#response) {
      exchange.totalMs = Math.round(end - this.#start);
      const response: RecordedResponse = { ...this.#response };
      // A stream cut before any of it was kept still says what it was: truncated, and how many bytes came.
      const cut = this.#stream?.cut === true;
      const timed = this.#stream?.chunks(Math.round(end - this.#headersAt)) ?? [];
      const body = this.#streamed
        ? timed.length > 0 || cut
          ? streamBody(timed)
          : undefined
        : capturedBody(
            this.#chunks,
            headerValue(response.headers, "content-encoding"),
            headerValue(response.headers, "content-type"),
          );
      if (body) {
        if (error || this.#undecodable || cut) body.truncated = true;
        if (cut) body.bytes = this.#bytes;
        response.body = body;
      }
      exchange.response = response;
      const warnings = parseWarningHeaders(response.headers);
      if (warnings.length > 0) exchange.warnings = warnings;
    }
    if (this.#tunnel) exchange.tunnel = this.#tunnel;
    if (error) {
      exchange.error = { name: error.name, message: error.message };
      const code = (error as { code?: unknown }).code;
      if (typeof code === "string") exchange.error.code = code;
    }
    this.#chunks = [];
    this.#emit(redactExchange(exchange));
  }
}

/**
 * An undici interceptor that records every exchange passing through it (method, URL, headers, bodies, timings),
 * redacted at capture. Compose it onto any dispatcher: `agent.compose(recordingInterceptor({ onExchange }))`.
 */
export function recordingInterceptor(
  options: RecordingOptions = {},
): Dispatcher.DispatcherComposeInterceptor {
  let counter = 0;
  const nextSeq = options.nextSeq ?? (() => counter++);
  return (dispatch) => (opts, handler) => {
    const recordable = opts as RecordableDispatchOptions;
    const perRequest = recordable[ON_EXCHANGE];
    const emit = (exchange: Exchange) => {
      perRequest?.(exchange);
      options.onExchange?.(exchange, opts);
    };
    return dispatch(
      opts,
      new RecordingHandler(
        recordable,
        handler,
        nextSeq(),
        emit,
        options.maxStreamBytes ?? DEFAULT_MAX_RECORDED_STREAM_BYTES,
      ),
    );
  };
}

/** An in-memory recording: an interceptor plus the exchanges it has captured. */
export interface Recorder {
  /** Compose onto a dispatcher (or pass to `createClient({ recorder })`). */
  readonly interceptor: Dispatcher.DispatcherComposeInterceptor;
  /** Captured exchanges, in completion order, each already redacted. */
  readonly exchanges: Exchange[];
  /** The recording as a cassette. */
  cassette(server?: { gitVersion: string }): Cassette;
}

/**
 * Creates an in-memory recorder.
 *
 * @example
 * const recorder = createRecorder();
 * const client = createClient({ server, token, recorder });
 * await client.list("v1", "ConfigMap", { namespace: "default" });
 * recorder.exchanges[0].response?.status; // 200
 */
export function createRecorder(options: { onExchange?: (exchange: Exchange) => void } = {}): Recorder {
  const exchanges: Exchange[] = [];
  const recordedAt = formatMicros(nowMicros());
  let seq = 0;
  const interceptor = recordingInterceptor({
    nextSeq: () => seq++,
    onExchange: (exchange) => {
      exchanges.push(exchange);
      options.onExchange?.(exchange);
    },
  });
  return {
    interceptor,
    exchanges,
    cassette: (server) => ({
      version: CASSETTE_VERSION,
      recordedAt,
      ...(server ? { server } : {}),
      exchanges: [...exchanges].sort((a, b) => a.seq - b.seq),
    }),
  };
}

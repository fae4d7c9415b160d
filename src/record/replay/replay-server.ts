import { failureStatusText } from "../exchange/status-body.js";
import { createServer as createHttpServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { loadCassette } from "../cassette/cassette.js";
import { CassetteMissError } from "../errors.js";
import type { CassetteIncompleteError } from "../errors.js";
import type { Cassette, Exchange, HeaderMap } from "../exchange/exchange.js";
import { redactSecretText, redactUrl } from "../redact/redact.js";
import { Replayer } from "./replayer.js";
import type { ReplayAnswer } from "./replayer.js";
import { createSelfSignedCertificate } from "../../internal/certificates.js";
import { synthesizeDiscovery } from "./synthetic-discovery.js";
import { synthesizeVersion } from "./synthetic-version.js";
import { writeFileAtomic } from "../../internal/write-file-atomic.js";
import { listenLocally } from "../../internal/listen-locally.js";
import { readBody } from "../../internal/read-body.js";

/**
 * Options of {@link startReplayServer} (where it listens, TLS, timing, a kubeconfig for it, request events).
 */
export interface ReplayServerOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Serve HTTPS with a certificate generated at start (its CA goes into the kubeconfig). */
  tls?: boolean;
  /**
   * Multiplies the recorded timing of streamed bodies (watches): 1 (the default) replays events as they came,
   * 0.1 ten times faster, 0 at once.
   */
  timeScale?: number;
  /** Answer again with the last match once every match has been used (default true: clients poll discovery). */
  repeat?: boolean;
  /** Write a kubeconfig for the server to this file once it listens. */
  kubeconfigOut?: string;
  /** The namespace of the kubeconfig's context. */
  namespace?: string;
  /**
   * When the cassette has no answer for `/api` or `/apis` (a session recorded by a tool, not kubectl), answer with
   * aggregated discovery derived from the resources the cassette holds, so kubectl can still map its commands.
   * Default true.
   */
  synthesizeDiscovery?: boolean;
  /** Told about every request served or missed (the CLI prints these). */
  onRequest?: (event: ReplayServerEvent) => void;
}

/** One request the replay server handled. */
export interface ReplayServerEvent {
  method: string;
  /** Path and query, credential parameters redacted. */
  url: string;
  /** The recorded exchange that answered, if any. */
  exchange?: Exchange;
  /** Set when nothing matched; the client got a 404 Status naming the closest recordings. */
  miss?: CassetteMissError;
  /** Set when the matching recording holds only part of its body; the client got a 502 Status saying so. */
  incomplete?: CassetteIncompleteError;
  /** Set when the answer was derived from the cassette rather than recorded: discovery (see `synthesizeDiscovery`), or `/version` from the cassette's server version. */
  synthesized?: "discovery" | "version";
}

/** A running replay server. */
export interface ReplayServer {
  /** `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** The CA certificate (PEM) that signed the server certificate, with `tls`. */
  readonly ca: string | undefined;
  /** Requests that matched nothing, in order. */
  readonly misses: CassetteMissError[];
  /** Recorded exchanges that have not answered any request yet. */
  unused(): Exchange[];
  /** A kubeconfig (YAML) that points kubectl at this server. */
  kubeconfig(options?: { namespace?: string }): string;
  /** Writes {@link kubeconfig} to a file (mode 0600), whole: a reader waiting for it never sees it half written. */
  writeKubeconfig(file: string, options?: { namespace?: string }): Promise<void>;
  /** Stops listening and ends open connections (held watches included). */
  close(): Promise<void>;
}

function headerMap(req: IncomingMessage): HeaderMap {
  const out: HeaderMap = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = v;
  return out;
}

/** Characters HTTP/1.1 cannot carry in a reason phrase or header value (a cassette may hold anything): a space. */
const UNSENDABLE = /[^\t\x20-\x7e\x80-\xff]/g;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function sendable(text: string): string {
  return text.replace(UNSENDABLE, " ");
}

/** Headers as Node can send them: names that are not HTTP tokens dropped, values without line breaks. */
function sendableHeaders(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) continue;
    out[name] = Array.isArray(value) ? value.map(sendable) : sendable(value);
  }
  return out;
}

function wait(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function send(answer: ReplayAnswer, req: IncomingMessage, res: ServerResponse, timeScale: number) {
  if (answer.failure) {
    // The recording holds a transport failure: the client sees its connection drop.
    res.destroy();
    return;
  }
  const headers = sendableHeaders(answer.headers);
  if (!answer.chunks) headers["Content-Length"] = String(answer.body?.length ?? 0);
  res.writeHead(answer.status, sendable(answer.statusText), headers);
  if (!answer.chunks) {
    res.end(req.method === "HEAD" ? undefined : answer.body);
    return;
  }
  // Not flushHeaders(): it writes the head as UTF-8, and header values hold a byte a character.
  res.write("", "latin1");
  let previous = 0;
  for (const chunk of answer.chunks) {
    const delay = (chunk.atMs - previous) * timeScale;
    previous = chunk.atMs;
    if (delay > 0) await wait(delay, res);
    if (res.destroyed) return;
    res.write(chunk.text);
  }
  if (answer.failureAfterBody) {
    res.destroy();
    return;
  }
  if (answer.streamEnd === "hold") {
    // The recorded client went away first; a live server would still be sending. Wait for this client to leave.
    if (!res.destroyed) await new Promise<void>((resolve) => res.once("close", () => resolve()));
    return;
  }
  const end = ((answer.streamEnd?.atMs ?? previous) - previous) * timeScale;
  if (end > 0) await wait(end, res);
  if (!res.destroyed) res.end();
}

/**
 * A kubeconfig (YAML) for a server URL: one cluster, one context (current), one user. With a CA it trusts only
 * that CA; the user carries a stand-in token over HTTPS so requests look like the recorded ones (`Authorization:
 * Bearer <masked>` in kubectl's log), and no credentials over plain HTTP.
 */
export function replayKubeconfig(server: string, options: { ca?: string; namespace?: string } = {}): string {
  const name = "kubewire-replay";
  const cluster = options.ca
    ? `    server: ${server}\n    certificate-authority-data: ${Buffer.from(options.ca).toString("base64")}\n`
    : `    server: ${server}\n`;
  const user = options.ca ? `  user:\n    token: kubewire-replay-stand-in\n` : `  user: {}\n`;
  const namespace = options.namespace ? `    namespace: ${JSON.stringify(options.namespace)}\n` : "";
  return (
    `apiVersion: v1\nkind: Config\nclusters:\n- name: ${name}\n  cluster:\n${cluster}` +
    `contexts:\n- name: ${name}\n  context:\n    cluster: ${name}\n    user: ${name}\n${namespace}` +
    `current-context: ${name}\nusers:\n- name: ${name}\n${user}preferences: {}\n`
  );
}

/**
 * Serves a cassette over HTTP(S) on 127.0.0.1, so any client (real kubectl included) can talk to a recorded
 * session: discovery (aggregated v2beta1/v2 or legacy, by the client's Accept), lists and gets as JSON or Tables,
 * watches replayed chunk by chunk. Requests match as in the in-process replay; a request with no recording gets
 * a 404 `Status` that names the closest recorded requests, and is reported through `onRequest` and `misses`.
 *
 * @example
 * const server = await startReplayServer("fixtures/demo/configmaps-by-label.cassette.json", { tls: true });
 * await server.writeKubeconfig("/tmp/replay.kubeconfig");
 * // kubectl --kubeconfig /tmp/replay.kubeconfig get configmaps -n list-resources-ns -l app=blog
 * await server.close();
 */
export async function startReplayServer(
  cassette: Cassette | string,
  options: ReplayServerOptions = {},
): Promise<ReplayServer> {
  const loaded = typeof cassette === "string" ? await loadCassette(cassette) : cassette;
  const replayer = new Replayer(loaded, { repeat: options.repeat ?? true });
  const timeScale = options.timeScale ?? 1;
  const misses: CassetteMissError[] = [];
  const certificate = options.tls ? createSelfSignedCertificate() : undefined;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    const shownUrl = redactUrl(url).url;
    const method = req.method ?? "GET";
    readBody(req)
      .then(async (body) => {
        let answer: ReplayAnswer;
        try {
          answer = replayer.answer({
            method,
            url,
            headers: headerMap(req),
            ...(body.length ? { body } : {}),
          });
        } catch (error) {
          if (!(error instanceof CassetteMissError)) throw error;
          const version = method === "GET" ? synthesizeVersion(loaded, url) : undefined;
          const synthetic =
            version ??
            (method === "GET" && options.synthesizeDiscovery !== false
              ? synthesizeDiscovery(loaded.exchanges, url, req.headers.accept)
              : undefined);
          if (synthetic) {
            options.onRequest?.({ method, url: shownUrl, synthesized: version ? "version" : "discovery" });
            res.writeHead(200, { ...synthetic.headers, "Content-Length": synthetic.body.length });
            res.end(synthetic.body);
            return;
          }
          misses.push(error);
          options.onRequest?.({ method, url: shownUrl, miss: error });
          const text = failureStatusText(404, "NotFound", `kubewire replay: ${error.message}`);
          res.writeHead(404, {
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(text),
          });
          res.end(text);
          return;
        }
        if (answer.incomplete) {
          options.onRequest?.({
            method,
            url: shownUrl,
            exchange: answer.exchange,
            incomplete: answer.incomplete,
          });
          const text = failureStatusText(502, "BadGateway", `kubewire replay: ${answer.incomplete.message}`);
          res.writeHead(502, {
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(text),
          });
          res.end(text);
          return;
        }
        options.onRequest?.({ method, url: shownUrl, exchange: answer.exchange });
        await send(answer, req, res, timeScale);
      })
      .catch((error: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const text = failureStatusText(
          500,
          "InternalError",
          `kubewire replay: ${redactSecretText((error as Error)?.message ?? String(error))}`,
        );
        res.writeHead(500, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
        res.end(text);
      });
  };

  const server: Server = certificate
    ? createHttpsServer({ cert: certificate.cert, key: certificate.key }, handle)
    : createHttpServer(handle);
  const { port, close } = await listenLocally(server, { port: options.port });
  const url = `${certificate ? "https" : "http"}://127.0.0.1:${port}`;
  const kubeconfig = (o: { namespace?: string } = {}) =>
    replayKubeconfig(url, {
      ...(certificate ? { ca: certificate.ca } : {}),
      ...((o.namespace ?? options.namespace) ? { namespace: (o.namespace ?? options.namespace)! } : {}),
    });
  const writeKubeconfig = (file: string, o: { namespace?: string } = {}) =>
    writeFileAtomic(file, kubeconfig(o), 0o600);
  const replayServer: ReplayServer = {
    url,
    port,
    ca: certificate?.ca,
    misses,
    unused: () => replayer.matcher.unused(),
    kubeconfig,
    writeKubeconfig,
    close,
  };
  if (options.kubeconfigOut) {
    try {
      await writeKubeconfig(options.kubeconfigOut);
    } catch (error) {
      await replayServer.close();
      throw error;
    }
  }
  return replayServer;
}

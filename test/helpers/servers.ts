import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { connect, createServer as createNetServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { fixturePath } from "./fixtures.js";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** The client certificate's common name, when the client presented one (mTLS). */
  clientCommonName?: string;
}

export interface TestServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/**
 * How long a test server keeps an idle connection: kube-apiserver's 90 s. With Node's 5 s, a client slowed by a busy
 * machine sent its next request on a connection the server was closing (ECONNRESET, or kubectl logging a failed try).
 */
export const IDLE_TIMEOUT_MS = 90_000;

function listen(server: Server, handler: Handler, scheme: "http" | "https"): Promise<TestServer> {
  server.keepAliveTimeout = IDLE_TIMEOUT_MS;
  const requests: RecordedRequest[] = [];
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
      };
      const socket = req.socket as Partial<TLSSocket>;
      const peer = socket.getPeerCertificate?.();
      if (peer && typeof peer.subject?.CN === "string") recorded.clientCommonName = peer.subject.CN;
      requests.push(recorded);
      handler(req, res, body);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${scheme}://127.0.0.1:${port}`,
        port,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    }),
  );
}

/** A plain HTTP server on 127.0.0.1, port 0, recording what it receives. */
export function startHttpServer(handler: Handler): Promise<TestServer> {
  return listen(createServer(), handler, "http");
}

export interface HttpsOptions {
  cert: string;
  key: string;
  /** Ask for a client certificate signed by this CA, and refuse connections without one. */
  clientCa?: string;
}

/** An HTTPS server on 127.0.0.1, port 0; with `clientCa`, mutual TLS. */
export function startHttpsServer(handler: Handler, options: HttpsOptions): Promise<TestServer> {
  const server = createHttpsServer({
    cert: options.cert,
    key: options.key,
    ...(options.clientCa ? { ca: options.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
  });
  return listen(server, handler, "https");
}

/** A response recorded from a real kube-apiserver: `NAME.headers` (curl -D) and `NAME.body`, under fixtures/. */
export interface RecordedFixture {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

export function readRecordedFixture(name: string): RecordedFixture {
  const headerText = readFileSync(fixturePath(`${name}.headers`), "latin1");
  const [statusLine, ...lines] = headerText.split(/\r?\n/).filter((l) => l.trim() !== "");
  const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(statusLine ?? "")?.[1]);
  const headers = lines.map((l) => {
    const colon = l.indexOf(":");
    return [l.slice(0, colon).trim(), l.slice(colon + 1).trim()] as [string, string];
  });
  return { status, headers, body: readFileSync(fixturePath(`${name}.body`)) };
}

/** Answers with a recorded response: its status, its headers (the length recomputed), its exact body bytes. */
export function sendRecorded(res: ServerResponse, name: string, override: { status?: number } = {}): void {
  const fixture = readRecordedFixture(name);
  const headers: [string, string][] = fixture.headers.filter(([k]) => k.toLowerCase() !== "content-length");
  res.writeHead(override.status ?? fixture.status, [
    ...headers.flat(),
    "content-length",
    String(fixture.body.length),
  ]);
  res.end(fixture.body);
}

/**
 * A handler that answers `METHOD /path?query` with recorded fixtures (or a function), and everything else the way
 * kube-apiserver answers an unknown path: `404 page not found` as text/plain.
 */
export function routes(table: Record<string, string | Handler>): Handler {
  return (req, res, body) => {
    const route = table[`${req.method} ${req.url}`] ?? table[`${req.method} ${req.url?.split("?")[0]}`];
    if (typeof route === "string") return sendRecorded(res, route);
    if (route) return route(req, res, body);
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" });
    res.end("404 page not found\n");
  };
}

/** A forward proxy that records where it was asked to go. */
export interface TestProxy {
  url: string;
  /** `host:port` of every tunnel opened. */
  tunnels: string[];
  close(): Promise<void>;
}

/** An HTTP proxy on 127.0.0.1 that tunnels `CONNECT host:port` (what undici's ProxyAgent sends for https). */
export async function startConnectProxy(): Promise<TestProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer();
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}

/** A SOCKS5 proxy (no authentication, CONNECT only) on 127.0.0.1, recording where it was asked to go. */
export async function startSocks5Proxy(): Promise<TestProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = createNetServer((client) => {
    sockets.add(client);
    client.on("error", () => undefined);
    client.once("data", (greeting: Buffer) => {
      if (greeting[0] !== 5) return client.destroy();
      client.write(Buffer.from([5, 0]));
      client.once("data", (request: Buffer) => {
        const type = request[3];
        let host: string;
        let offset: number;
        if (type === 1) {
          host = [...request.subarray(4, 8)].join(".");
          offset = 8;
        } else if (type === 3) {
          const length = request[4]!;
          host = request.subarray(5, 5 + length).toString();
          offset = 5 + length;
        } else return client.destroy();
        const port = request.readUInt16BE(offset);
        tunnels.push(`${host}:${port}`);
        const upstream = connect(port, host, () => {
          client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
          upstream.pipe(client);
          client.pipe(upstream);
        });
        sockets.add(upstream);
        upstream.on("error", () => client.destroy());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `socks5://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}

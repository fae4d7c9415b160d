import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer as createHttpsServer, request as httpsRequest } from "node:https";
import { connect } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecordingProxy, NOTICE_PREFIX } from "../../src/proxy/index.js";
import type { RecordingProxy, RecordingProxyOptions } from "../../src/proxy/index.js";
import { parseCassette, serializeCassette } from "../../src/record/index.js";
import { createTestPki } from "../helpers/tls.js";
import type { TestPki } from "../helpers/tls.js";

/**
 * The recording proxy in front of an API server written for the test: it takes only mutual TLS plus an exec
 * plugin's token, answers a Secret, holds watches open, and echoes the bytes of an upgraded (exec-shaped)
 * connection. Clients talk to the proxy with its per-run token only.
 */

const dir = mkdtempSync(join(tmpdir(), "kubewire-proxy-"));
const EXEC_TOKEN = "exec-plugin-token-7d41c0b2e9";
const SECRET_VALUE = "c3VwZXItc2VjcmV0LXBhc3N3b3JkLTQy"; // base64 of a password: as a Secret holds it

let pki: TestPki;
let upstream: { url: string; close(): Promise<void> };
/** Resolves when the upstream sees the held watch's connection close. */
let watchClosed: Promise<void>;
let onWatchClosed: () => void;

function answer(req: IncomingMessage, res: ServerResponse): void {
  if (req.headers.authorization !== `Bearer ${EXEC_TOKEN}`) {
    res.writeHead(401, { "Content-Type": "application/json" });
    res.end(
      JSON.stringify({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: "Unauthorized",
        reason: "Unauthorized",
        code: 401,
      }) + "\n",
    );
    return;
  }
  const path = new URL(req.url ?? "/", "https://x").pathname;
  if (req.url?.includes("watch=true")) {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.write(
      JSON.stringify({ type: "ADDED", object: { kind: "ConfigMap", metadata: { name: "a" } } }) + "\n",
    );
    req.socket.once("close", () => onWatchClosed());
    return; // held open: only the client (through the proxy) ends it
  }
  if (path === "/api/v1/namespaces/default/secrets/db") {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(
      JSON.stringify({
        kind: "Secret",
        apiVersion: "v1",
        metadata: { name: "db", namespace: "default" },
        data: { password: SECRET_VALUE },
        type: "Opaque",
      }) + "\n",
    );
    return;
  }
  const large = LARGE_LISTS[path];
  if (large !== undefined) {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(large);
    return;
  }
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ kind: "Namespace", apiVersion: "v1", metadata: { name: "default" } }) + "\n");
}

/** A ConfigMap list of more than 1 MiB (the size from which the cassette writes a body apart), with `extra` in it. */
function largeList(extra: Record<string, string> = {}): { kind: string; items: unknown[] } {
  return {
    kind: "ConfigMapList",
    items: Array.from({ length: 2500 }, (_, i) => ({
      metadata: { name: `c-${i}`, labels: i % 2 ? {} : { é漢: 'x"y\\z' }, finalizers: [] },
      data: { "app.properties": `k=${"v".repeat(300)}\n`, ...(i === 7 ? extra : {}) },
    })),
  };
}

/** Large answers by path: compact as the API server writes them, indented (the cassette keeps `raw`), with a secret. */
const LARGE_LISTS: Record<string, string> = {
  "/api/v1/configmaps": JSON.stringify(largeList()) + "\n",
  "/api/v1/namespaces/pretty/configmaps": JSON.stringify(largeList(), null, 1) + "\n",
  "/api/v1/namespaces/leaky/configmaps": JSON.stringify(largeList({ password: SECRET_VALUE })) + "\n",
};

function echoUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
  if (req.headers.authorization !== `Bearer ${EXEC_TOKEN}`) {
    socket.end("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    return;
  }
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      "Sec-Websocket-Protocol: v5.channel.k8s.io\r\n\r\n",
  );
  if (head.length > 0) socket.write(head);
  socket.pipe(socket);
}

/** An exec credential plugin: a real executable printing the token. */
function execPlugin(): string {
  const file = join(dir, "plugin.sh");
  writeFileSync(
    file,
    `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${EXEC_TOKEN}"}}'\n`,
  );
  chmodSync(file, 0o755);
  return file;
}

beforeAll(async () => {
  pki = createTestPki();
  watchClosed = new Promise((resolve) => (onWatchClosed = resolve));
  const server = createHttpsServer({
    cert: pki.server.cert,
    key: pki.server.key,
    ca: pki.ca.cert,
    requestCert: true,
    rejectUnauthorized: true,
  });
  server.on("request", answer);
  server.on("upgrade", echoUpgrade);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  upstream = {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
});

afterAll(async () => {
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

async function withProxy(
  options: Partial<RecordingProxyOptions>,
  use: (proxy: RecordingProxy, log: () => string) => Promise<void>,
): Promise<void> {
  let log = "";
  const proxy = await createRecordingProxy({
    upstream: {
      server: upstream.url,
      ca: pki.ca.cert,
      cert: pki.client.cert,
      key: pki.client.key,
      exec: {
        command: execPlugin(),
        args: [],
        env: [],
        apiVersion: "client.authentication.k8s.io/v1",
        provideClusterInfo: false,
        interactiveMode: "Never",
      },
    },
    log: { write: (text: string) => (log += text) },
    v: 9,
    ...options,
  });
  try {
    await use(proxy, () => log);
  } finally {
    await proxy.close();
  }
}

interface Reply {
  status: number;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A request to the proxy as a client with the written kubeconfig makes it (HTTPS, its CA, its token). */
function get(proxy: RecordingProxy, path: string, token = proxy.token): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${proxy.url}${path}`,
      { ca: proxy.ca, headers: { Authorization: `Bearer ${token}`, "User-Agent": "helm/v3.14.0" } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const notices = (log: string) => log.split("\n").filter((l) => l.startsWith(NOTICE_PREFIX));

describe("createRecordingProxy", () => {
  it("forwards with the real credentials (client certificate, exec plugin), which nothing shows", async () => {
    let cassettePath = "";
    await withProxy({ record: join(dir, "leaks.cassette.json") }, async (proxy, log) => {
      cassettePath = join(dir, "leaks.cassette.json");
      const reply = await get(proxy, "/api/v1/namespaces/default/secrets/db");
      expect(reply.status).toBe(200);
      // The client gets the Secret as the server sent it: the proxy redacts its records, not the traffic.
      expect(reply.body).toContain(SECRET_VALUE);
      const refused = await get(proxy, "/api/v1/namespaces/default", "not-the-proxy-token");
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.body)).toMatchObject({ kind: "Status", reason: "Unauthorized" });
      await proxy.close();
      const everything = [log(), readFileSync(cassettePath, "utf8"), JSON.stringify(proxy.exchanges)].join(
        "\n",
      );
      const keyBody = pki.client.key.split("\n").slice(1, -2).join("");
      for (const secret of [EXEC_TOKEN, proxy.token, SECRET_VALUE, keyBody, "not-the-proxy-token"])
        expect(everything.includes(secret), secret.slice(0, 8)).toBe(false);
      expect(log()).toContain('client "helm/v3.14.0"');
      expect(proxy.exchanges.map((e) => e.response?.status)).toEqual([200]);
    });
  });

  it("keeps its cassette file current: flush() writes every exchange so far, serialised once, as saveCassette would", async () => {
    const file = join(dir, "flushed.cassette.json");
    await withProxy({ record: file }, async (proxy) => {
      for (let round = 1; round <= 2; round++) {
        expect((await get(proxy, "/api/v1/namespaces/default/secrets/db")).status).toBe(200);
        await proxy.flush();
        const text = readFileSync(file, "utf8");
        expect(text).toBe(serializeCassette(proxy.cassette()));
        expect(parseCassette(text).exchanges.map((e) => e.seq)).toEqual(proxy.exchanges.map((e) => e.seq));
        expect(proxy.exchanges).toHaveLength(round);
        expect(text).not.toContain(SECRET_VALUE);
      }
    });
    expect(parseCassette(readFileSync(file, "utf8")).exchanges).toHaveLength(2);
  });

  it("writes a large list's body from the bytes it came in, indented as the cassette's JSON.stringify would", async () => {
    const file = join(dir, "large.cassette.json");
    await withProxy({ record: file }, async (proxy) => {
      for (const path of Object.keys(LARGE_LISTS)) {
        const reply = await get(proxy, path);
        expect(reply.body).toBe(LARGE_LISTS[path]);
      }
      await proxy.flush();
      const text = readFileSync(file, "utf8");
      // The same cassette made from plain data (no captured bytes): each body serialised from its value.
      const plain = JSON.parse(JSON.stringify(proxy.cassette())) as ReturnType<typeof proxy.cassette>;
      expect(text).toBe(serializeCassette(plain));
      expect(text).not.toContain(SECRET_VALUE);
      const bodies = parseCassette(text).exchanges.map((e) => e.response!.body!);
      expect(bodies.map((b) => b.kind === "json" && b.raw !== undefined)).toEqual([false, true, false]);
      expect(bodies[0]).toMatchObject({ kind: "json", value: largeList() });
    });
  });

  it("flush() writes every exchange whose answer a client has, however soon after it asks", async () => {
    const file = join(dir, "flushed.cassette.json");
    await withProxy({ record: file }, async (proxy) => {
      const paths = Object.keys(LARGE_LISTS);
      for (let i = 1; i <= 6; i++) {
        await get(proxy, paths[i % paths.length]!);
        await proxy.flush();
        expect(parseCassette(readFileSync(file, "utf8")).exchanges).toHaveLength(i);
      }
    });
  });

  it("tunnels an exec-shaped WebSocket upgrade byte for byte, recording its byte counts only", async () => {
    await withProxy({ http: true }, async (proxy) => {
      const sent = Buffer.from([0x01, ...Buffer.from("ls -l\n"), 0x00, 0xff, 0x80]);
      const echoed = await new Promise<Buffer>((resolve, reject) => {
        const req = httpRequest(
          `${proxy.url}/${proxy.token}/api/v1/namespaces/default/pods/p/exec?command=ls`,
          {
            headers: {
              Connection: "Upgrade",
              Upgrade: "websocket",
              "Sec-WebSocket-Protocol": "v5.channel.k8s.io",
              "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
              "Sec-WebSocket-Version": "13",
            },
          },
        );
        req.on("upgrade", (res: IncomingMessage, socket: Socket) => {
          expect(res.statusCode).toBe(101);
          const chunks: Buffer[] = [];
          socket.on("data", (c: Buffer) => {
            chunks.push(c);
            if (Buffer.concat(chunks).length >= sent.length) {
              socket.end();
              resolve(Buffer.concat(chunks));
            }
          });
          socket.write(sent);
        });
        req.on("error", reject);
        req.end();
      });
      expect(echoed.equals(sent)).toBe(true);
      await proxy.close();
      const [exchange] = proxy.exchanges;
      expect(exchange?.response?.status).toBe(101);
      expect(exchange?.tunnel).toEqual({ bytesToServer: sent.length, bytesToClient: sent.length });
      expect(JSON.stringify(exchange)).not.toContain("ls -l");
    });
  });

  it("closes the upstream watch when the client disconnects mid-watch", async () => {
    await withProxy({}, async (proxy) => {
      await new Promise<void>((resolve) => {
        const req = httpsRequest(`${proxy.url}/api/v1/namespaces/default/configmaps?watch=true`, {
          ca: proxy.ca,
          headers: { Authorization: `Bearer ${proxy.token}` },
        });
        // The first event arrives as the server sent it (the watch is relayed, not buffered): then leave.
        req.on("response", (res) => res.once("data", () => req.destroy()));
        req.on("error", () => undefined);
        req.on("close", () => resolve());
        req.end();
      });
      await watchClosed; // the upstream's watch connection ends: this hangs (and the test fails) if it does not
    });
  });

  it("answers a 502 Status and logs one line when the API server is unreachable", async () => {
    let log = "";
    const proxy = await createRecordingProxy({
      upstream: { server: "https://127.0.0.1:1", token: "t" },
      log: { write: (text: string) => (log += text) },
      v: 0,
    });
    try {
      const reply = await get(proxy, "/api/v1/namespaces");
      expect(reply.status).toBe(502);
      expect(JSON.parse(reply.body)).toMatchObject({ kind: "Status", code: 502, reason: "BadGateway" });
      expect((JSON.parse(reply.body) as { message: string }).message).toMatch(
        /^kubewire proxy: cannot reach the API server /,
      );
      expect(notices(log)).toHaveLength(1);
      expect(notices(log)[0]).toMatch(/cannot reach the API server .*answered 502 Bad Gateway/);
    } finally {
      await proxy.close();
    }
  });

  it("refuses a kubectl version whose log it cannot write before it listens, and takes a newer one", async () => {
    const options = { upstream: { server: "https://127.0.0.1:1", token: "t" }, v: 9 as const };
    for (const kubectlVersion of ["9.99", "1.26", "latest"])
      await expect(createRecordingProxy({ ...options, kubectlVersion })).rejects.toMatchObject({
        name: "UnsupportedTrafficLogVersionError",
        code: "KUBEWIRE_UNSUPPORTED_LOG_VERSION",
        version: kubectlVersion,
      });
    const proxy = await createRecordingProxy({ ...options, kubectlVersion: "1.40" });
    await proxy.close();
  });

  it("passes an upstream 401 through and says so once", async () => {
    await withProxy(
      {
        upstream: {
          server: upstream.url,
          ca: pki.ca.cert,
          cert: pki.client.cert,
          key: pki.client.key,
          token: "stale",
        },
        v: 0,
      },
      async (proxy, log) => {
        const first = await get(proxy, "/api/v1/namespaces/default");
        const second = await get(proxy, "/api/v1/namespaces/default");
        expect([first.status, second.status]).toEqual([401, 401]);
        expect(JSON.parse(first.body)).toMatchObject({ kind: "Status", reason: "Unauthorized" });
        expect(notices(log()).filter((l) => l.includes("401"))).toHaveLength(1);
        expect(log()).not.toContain("stale");
      },
    );
  });

  it("answers 400 to a client that sends garbage, and goes on serving", async () => {
    await withProxy({ http: true, v: 0 }, async (proxy, log) => {
      const reply = await new Promise<string>((resolve) => {
        const socket = connect(proxy.port, "127.0.0.1", () => socket.write("\x16\x03\x01garbage\r\n\r\n"));
        let text = "";
        socket.on("data", (c: Buffer) => (text += c.toString("latin1")));
        socket.on("close", () => resolve(text));
        socket.on("error", () => resolve(text));
      });
      expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(notices(log())).toHaveLength(1);
      const ok = await new Promise<number>((resolve, reject) =>
        httpRequest(`${proxy.url}/${proxy.token}/api/v1/namespaces/default`, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
          .on("error", reject)
          .end(),
      );
      expect(ok).toBe(200);
    });
  });
});

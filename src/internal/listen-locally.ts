import type { AddressInfo, Server, Socket } from "node:net";

/** How long kube-apiserver keeps an idle keep-alive connection open. */
const KUBE_APISERVER_IDLE_TIMEOUT_MS = 90_000;

/** A listening server's port, and a close that ends every open connection. */
export interface LocalListener {
  port: number;
  /**
   * Stops listening and destroys open connections (keep-alive sockets, held watches, handshakes never finished)
   * instead of waiting for clients such as kubectl to let them go.
   */
  close: () => Promise<void>;
}

/**
 * Starts `server` listening on `host` (default 127.0.0.1) and `port` (default 0: a free one), as every local server
 * of kubewire's does (replay, in-memory API, faults). Connections are tracked from the TCP socket, so a TLS server's
 * are ended too.
 */
export async function listenLocally(
  server: Server,
  options: { port?: number | undefined; host?: string | undefined } = {},
): Promise<LocalListener> {
  // As kube-apiserver (its http.Server's IdleTimeout) and Go's transport do. Node's 5 s closed connections that a
  // client slowed by a busy machine was sending its next request on: kubectl logged a failed attempt, a client
  // without retries failed with ECONNRESET.
  const http = server as { keepAliveTimeout?: number };
  if (typeof http.keepAliveTimeout === "number")
    http.keepAliveTimeout = Math.max(http.keepAliveTimeout, KUBE_APISERVER_IDLE_TIMEOUT_MS);
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

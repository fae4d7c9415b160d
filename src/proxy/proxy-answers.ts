import type { ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { STATUS_CODES } from "node:http";
import { failureStatusText } from "../record/exchange/status-body.js";
import { writeHead } from "./relay-handler.js";
import type { RelayedHead } from "./relay-handler.js";

/**
 * The proxy's own answers, as `Status` failures the way kube-apiserver writes them, so that every client reports
 * them as it reports the server's: `kubectl` prints `Error from server (BadGateway): kubewire proxy: …`.
 */

/** A `Status` answer: its head and body, ready to write and to record. */
export interface ProxyAnswer {
  head: RelayedHead;
  body: Buffer;
}

export function proxyAnswer(status: number, reason: string, message: string): ProxyAnswer {
  const body = Buffer.from(failureStatusText(status, reason, message));
  return {
    head: {
      status,
      statusText: STATUS_CODES[status] ?? "",
      headers: [
        ["Content-Type", "application/json"],
        ["Date", new Date().toUTCString()],
        ["Content-Length", String(body.length)],
      ],
    },
    body,
  };
}

/** Writes an answer to a client's request, unless the client has gone. */
export function sendAnswer(res: ServerResponse, answer: ProxyAnswer): void {
  if (res.destroyed || res.headersSent) return;
  writeHead(res, answer.head);
  res.end(answer.body);
}

/** Writes a whole HTTP/1.1 response on a raw socket (an upgrade request the proxy or the server refused). */
export function writeRawResponse(socket: Duplex, head: RelayedHead, body: Buffer): void {
  if (socket.destroyed) return;
  const lines = [`HTTP/1.1 ${head.status} ${head.statusText || (STATUS_CODES[head.status] ?? "")}`];
  let length = false;
  for (const [name, value] of head.headers) {
    if (name.toLowerCase() === "content-length") length = true;
    lines.push(`${name}: ${value}`);
  }
  if (!length) lines.push(`Content-Length: ${body.length}`);
  lines.push("Connection: close");
  socket.end(Buffer.concat([Buffer.from(lines.join("\r\n") + "\r\n\r\n", "latin1"), body]));
}

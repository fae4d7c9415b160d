// A raw pass-through relay behind proxy-child.js's IPC protocol (start/trim/idle/close), to measure the floor of that
// design (issue 14, session 8): a TLS listener toward the client with a minimal request-head parser (GET, no request
// body, the Authorization header checked and dropped), one raw tls.connect keep-alive socket to the upstream per
// client connection, and the response handed to the client as the exact bytes the server sent. Only the head and
// the body framing (Content-Length or chunked) are parsed, to know where the response ends; every piece is teed by
// reference to a capture, as a recorder would. No undici, no http server, no Readable per body, no re-chunking.
// RAW_AES128=1 prefers TLS_AES_128_GCM_SHA256 on both legs (on the upstream leg the bench's server picks AES-256
// anyway). `relay` is the CPU from the request's head to the response's last byte handed to the client socket.
import { randomBytes } from "node:crypto";
import tls from "node:tls";
import { createSelfSignedCertificate } from "kubewire/testing";

const [upstreamUrl] = process.argv.slice(2);
const up = new URL(upstreamUrl);
const AES128 = process.env.RAW_AES128 === "1";
const CIPHERS_13 = `TLS_AES_128_GCM_SHA256:${tls.DEFAULT_CIPHERS.split(":")
  .filter((c) => c !== "TLS_AES_128_GCM_SHA256")
  .join(":")}`;
let upstreamCa;
let token;
let server;
let cpuAtTrim = process.cpuUsage();
let faultsAtTrim = process.resourceUsage().minorPageFault;
let relay = { cpuMs: 0, minorFaults: 0 };
const ciphers = new Set();
let captured = [];

const CRLF2 = Buffer.from("\r\n\r\n");

function usage() {
  const { userCPUTime, systemCPUTime, minorPageFault } = process.resourceUsage();
  return { cpuUs: userCPUTime + systemCPUTime, systemUs: systemCPUTime, faults: minorPageFault };
}

/** Parses "Name: value" lines of a head (latin1 string) into [name, value][] */
function parseHeaders(lines) {
  const out = [];
  for (const line of lines) {
    const i = line.indexOf(":");
    if (i > 0) out.push([line.slice(0, i), line.slice(i + 1).trim()]);
  }
  return out;
}

/** One upstream keep-alive connection per client connection. */
class Upstream {
  constructor() {
    this.socket = undefined;
    this.onResponse = undefined; // { onData(chunk) }
  }
  ensure() {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const s = tls.connect({
      host: up.hostname,
      port: Number(up.port),
      ca: upstreamCa,
      ...(AES128 ? { ciphers: CIPHERS_13 } : {}),
    });
    s.setNoDelay(true);
    s.on("data", (chunk) => this.onResponse?.onData(chunk));
    s.on("error", (e) => this.onResponse?.onError(e));
    s.on("close", () => this.onResponse?.onError(new Error("upstream closed")));
    s.once("secureConnect", () => ciphers.add("up:" + s.getCipher().name));
    this.socket = s;
    return s;
  }
}

/**
 * Tracks where one response ends. Returns the number of bytes of `chunk` that belong to this response
 * (the rest is a following response, which never happens without pipelining).
 */
class ResponseFramer {
  constructor(isHead) {
    this.isHead = isHead;
    this.headBuf = undefined; // pending head bytes
    this.state = "head"; // head | length | chunk-size | chunk-data | chunk-data-crlf | trailer | done | close
    this.remaining = 0;
    this.sizeLine = "";
    this.trailerLine = "";
    this.status = 0;
  }
  /** Feeds a chunk; returns true when the response ended within it. */
  feed(chunk) {
    let i = 0;
    const n = chunk.length;
    if (this.state === "head") {
      const buf = this.headBuf ? Buffer.concat([this.headBuf, chunk]) : chunk;
      const end = buf.indexOf(CRLF2);
      if (end < 0) {
        this.headBuf = buf;
        return false;
      }
      const headText = buf.latin1Slice(0, end);
      const lines = headText.split("\r\n");
      this.status = Number(lines[0].split(" ")[1]);
      const headers = parseHeaders(lines.slice(1));
      this.head = { line: lines[0], headers };
      const consumedFromChunk = end + 4 - (this.headBuf ? this.headBuf.length : 0);
      this.headBuf = undefined;
      i = consumedFromChunk;
      let te;
      let cl;
      for (const [k, v] of headers) {
        const lk = k.toLowerCase();
        if (lk === "transfer-encoding") te = v.toLowerCase();
        else if (lk === "content-length") cl = Number(v);
      }
      if (
        this.isHead ||
        this.status === 204 ||
        this.status === 304 ||
        (this.status >= 100 && this.status < 200)
      )
        this.state = "done";
      else if (te && te.endsWith("chunked")) this.state = "chunk-size";
      else if (cl !== undefined) {
        this.state = "length";
        this.remaining = cl;
        if (cl === 0) this.state = "done";
      } else this.state = "close";
    }
    while (i < n && this.state !== "done") {
      switch (this.state) {
        case "length": {
          const take = Math.min(this.remaining, n - i);
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) this.state = "done";
          break;
        }
        case "close":
          i = n;
          break;
        case "chunk-size": {
          const nl = chunk.indexOf(10, i);
          if (nl < 0) {
            this.sizeLine += chunk.latin1Slice(i, n);
            i = n;
            break;
          }
          this.sizeLine += chunk.latin1Slice(i, nl);
          i = nl + 1;
          const size = parseInt(this.sizeLine, 16);
          this.sizeLine = "";
          if (size === 0) this.state = "trailer";
          else {
            this.remaining = size;
            this.state = "chunk-data";
          }
          break;
        }
        case "chunk-data": {
          const take = Math.min(this.remaining, n - i);
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) {
            this.state = "chunk-data-crlf";
            this.remaining = 2;
          }
          break;
        }
        case "chunk-data-crlf": {
          const take = Math.min(this.remaining, n - i);
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) this.state = "chunk-size";
          break;
        }
        case "trailer": {
          const nl = chunk.indexOf(10, i);
          if (nl < 0) {
            this.trailerLine += chunk.latin1Slice(i, n);
            i = n;
            break;
          }
          const line = this.trailerLine + chunk.latin1Slice(i, nl);
          this.trailerLine = "";
          i = nl + 1;
          if (line === "" || line === "\r") this.state = "done";
          break;
        }
      }
    }
    return this.state === "done";
  }
}

function handleClient(sock) {
  sock.setNoDelay(true);
  ciphers.add("down:" + sock.getCipher().name);
  const upstream = new Upstream();
  let pending;
  let busy = false;
  const queue = [];
  sock.on("data", (chunk) => {
    pending = pending ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      const end = pending.indexOf(CRLF2);
      if (end < 0) return;
      const headText = pending.latin1Slice(0, end);
      // GET only in this experiment: no request body.
      pending = pending.length > end + 4 ? pending.subarray(end + 4) : undefined;
      queue.push(headText);
      if (!busy) next();
      if (!pending) return;
    }
  });
  sock.on("error", () => upstream.socket?.destroy());
  sock.on("close", () => upstream.socket?.destroy());

  function next() {
    const headText = queue.shift();
    if (headText === undefined) return;
    busy = true;
    const start = usage();
    const lines = headText.split("\r\n");
    const [method, target] = lines[0].split(" ");
    const headers = parseHeaders(lines.slice(1));
    const auth = headers.find(([k]) => k.toLowerCase() === "authorization");
    if (!auth || auth[1] !== `Bearer ${token}`) {
      sock.write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
      busy = false;
      next();
      return;
    }
    let out = `${method} ${target} HTTP/1.1\r\nHost: ${up.host}\r\n`;
    for (const [k, v] of headers) {
      const lk = k.toLowerCase();
      if (lk === "authorization" || lk === "host" || lk === "connection" || lk === "keep-alive") continue;
      if (lk.startsWith("proxy-")) continue;
      out += `${k}: ${v}\r\n`;
    }
    out += "\r\n";
    const framer = new ResponseFramer(method === "HEAD");
    const capture = [];
    let paused = false;
    const s = upstream.ensure();
    upstream.onResponse = {
      onData(chunk) {
        const done = framer.feed(chunk);
        capture.push(chunk);
        if (!sock.write(chunk) && !paused && sock.writableLength >= 1024 * 1024) {
          paused = true;
          s.pause();
          sock.once("drain", () => {
            paused = false;
            s.resume();
          });
        }
        if (done) {
          upstream.onResponse = undefined;
          captured = capture;
          const end = usage();
          relay = {
            cpuMs: (end.cpuUs - start.cpuUs) / 1000,
            systemCpuMs: (end.systemUs - start.systemUs) / 1000,
            minorFaults: end.faults - start.faults,
          };
          busy = false;
          next();
        }
      },
      onError() {
        upstream.onResponse = undefined;
        sock.destroy();
      },
    };
    s.write(out);
  }
}

process.on("message", async (message) => {
  try {
    if (message.op === "start") {
      upstreamCa = message.ca;
      token = randomBytes(16).toString("hex");
      const cert = createSelfSignedCertificate();
      server = tls.createServer({
        cert: cert.cert,
        key: cert.key,
        ...(AES128 ? { ciphers: CIPHERS_13, honorCipherOrder: true } : {}),
      });
      server.on("secureConnection", handleClient);
      await new Promise((r) => server.listen(0, "127.0.0.1", r));
      process.send({ url: `https://127.0.0.1:${server.address().port}`, ca: cert.ca, token });
    } else if (message.op === "idle") {
      process.send({ waitedMs: 0 });
    } else if (message.op === "trim") {
      const cpu = process.cpuUsage(cpuAtTrim);
      cpuAtTrim = process.cpuUsage();
      const faults = process.resourceUsage().minorPageFault;
      const minorFaults = faults - faultsAtTrim;
      faultsAtTrim = faults;
      const capturedBytes = captured.reduce((sum, c) => sum + c.length, 0);
      captured = [];
      process.send({
        waitedMs: 0,
        cpuMs: (cpu.user + cpu.system) / 1000,
        minorFaults,
        relay,
        capturedBytes,
        ciphers: [...ciphers],
      });
    } else if (message.op === "close") {
      server.close();
      process.send({ recordedStreamBytes: 0, cut: false, ciphers: [...ciphers] });
      process.disconnect();
      setTimeout(() => process.exit(0), 100).unref();
    }
  } catch (error) {
    process.send({ error: String(error?.stack ?? error) });
  }
});

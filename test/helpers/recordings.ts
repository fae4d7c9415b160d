import { existsSync } from "node:fs";
import { parseWarningHeaders } from "../../src/record/exchange/warnings.js";
import { bodyFromBytes } from "../../src/record/index.js";
import type { Exchange, HeaderMap } from "../../src/index.js";
import { fixturePath, readFixture } from "./fixtures.js";

function headerMap(lines: string[]): HeaderMap {
  const headers: HeaderMap = {};
  for (const line of lines) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    const name = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    const prev = headers[name];
    headers[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return headers;
}

/**
 * An Exchange from a curl recording of fixtures/realapi (see its README): NAME.request-headers.txt (the
 * request line and headers curl -v printed), NAME.request.json (the body sent, if any), NAME.headers (curl -D) and
 * NAME.body.
 */
export function exchangeFromCurl(dir: string, name: string): Exchange {
  const requestLines = readFixture(`${dir}/${name}.request-headers.txt`).split(/\r?\n/);
  const [method, target] = requestLines[0]!.split(" ") as [string, string];
  const requestHeaders = headerMap(requestLines.slice(1));
  const host = String(requestHeaders.Host ?? "127.0.0.1:6443");
  const requestBodyPath = `${dir}/${name}.request.json`;
  const request: Exchange["request"] = { method, url: `https://${host}${target}`, headers: requestHeaders };
  if (existsSync(fixturePath(requestBodyPath))) {
    const body = bodyFromBytes(Buffer.from(readFixture(requestBodyPath)), "application/json");
    if (body) request.body = body;
  }
  const responseLines = readFixture(`${dir}/${name}.headers`).split(/\r?\n/);
  const status = Number(responseLines[0]!.split(" ")[1]);
  const headers = headerMap(responseLines.slice(1));
  const response: NonNullable<Exchange["response"]> = { status, statusText: "", headers };
  const body = bodyFromBytes(
    Buffer.from(readFixture(`${dir}/${name}.body`)),
    String(headers["content-type"]),
  );
  if (body) response.body = body;
  return {
    seq: 0,
    startedAt: "2026-11-25T20:22:20.000000Z",
    durationMs: 0,
    request,
    response,
    warnings: parseWarningHeaders(headers),
  };
}

/** The bodies of a kubectl 1.33 --v=8/9 log: each `"Request Body"`/`"Response Body"`, in order (block or quoted form). */
export function kubectlLogBodies(
  log: string,
): { kind: "Request" | "Response"; body: string; truncated: boolean }[] {
  const out: { kind: "Request" | "Response"; body: string; truncated: boolean }[] = [];
  for (const m of log.matchAll(/"(Request|Response) Body" body=(?:<\n\t(.*)\n >|("(?:[^"\\]|\\.)*"))/g)) {
    const text = m[2] ?? (JSON.parse(m[3]!) as string);
    const truncated = /\[truncated \d+ chars\]$/.test(text);
    out.push({ kind: m[1] as "Request" | "Response", body: text, truncated });
  }
  return out;
}

/** The `Warning:` lines kubectl prints on stderr for the server's Warning headers. */
export function kubectlWarnings(stderr: string): string[] {
  return [...stderr.matchAll(/^Warning: (.*)$/gm)].map((m) => m[1]!);
}

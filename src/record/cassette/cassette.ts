import { readFile } from "node:fs/promises";
import { MAX_JSON_DEPTH, valueNestsDeeperThan } from "../../normalize/json-depth.js";
import { describeJsonError } from "../../normalize/json-error.js";
import { CassetteFormatError } from "../errors.js";
import { BODY_KINDS, CASSETTE_VERSION, LOG_HOST_MARKS, LOG_PARTS } from "../exchange/exchange.js";
import type {
  Body,
  Cassette,
  ConnectionInfo,
  Exchange,
  HeaderMap,
  LogProvenance,
} from "../exchange/exchange.js";
import { redactExchange } from "../redact/redact.js";
import { readCassetteDocument, WHOLE_TEXT_NEEDED } from "./read-cassette-document.js";
import { writeFileAtomic } from "../../internal/write-file-atomic.js";
import { cryptoModule } from "../../internal/lazy-modules.js";
import { isJsonObject, jsonEqual } from "../../internal/json.js";
import { prettyJsonInSteps, runSteps } from "../../internal/pretty-json-in-steps.js";
import { indentCompactJson } from "../../internal/indent-json.js";
import { StringDecoder } from "node:string_decoder";
import { capturedBytes } from "../exchange/body.js";

/**
 * Cassette storage (the "persister" side; capture lives in recorder.ts). JSON with a fixed key order for every
 * structural object, so a re-recorded cassette diffs line by line in review; bodies keep the server's key order.
 */

function orderedBody(body: Body): Body {
  // Each field is read once and not copied: the result is serialised at once, and a deep copy of a large list's
  // value (a JSON round trip) cost as much again as the serialisation. A lazy body's `raw` compares the whole
  // value with its text on every read.
  const common = { bytes: body.bytes, ...(body.truncated ? { truncated: true } : {}) };
  switch (body.kind) {
    case "json": {
      const raw = body.raw;
      return { kind: "json", ...common, ...(raw !== undefined ? { raw } : {}), value: body.value };
    }
    case "text":
      return { kind: "text", ...common, text: body.text };
    case "binary":
      return { kind: "binary", ...common, base64: body.base64 };
    case "stream":
      return { kind: "stream", ...common, chunks: body.chunks.map((c) => ({ atMs: c.atMs, text: c.text })) };
  }
}

function orderedExchange(e: Exchange): Exchange {
  const out: Exchange = {
    seq: e.seq,
    startedAt: e.startedAt,
    durationMs: e.durationMs,
    ...(e.totalMs !== undefined ? { totalMs: e.totalMs } : {}),
    request: {
      method: e.request.method,
      url: e.request.url,
      headers: e.request.headers,
      ...(e.request.body ? { body: orderedBody(e.request.body) } : {}),
    },
  };
  if (e.response) {
    out.response = {
      status: e.response.status,
      statusText: e.response.statusText,
      headers: e.response.headers,
      ...(e.response.body ? { body: orderedBody(e.response.body) } : {}),
    };
  }
  if (e.error)
    out.error = {
      name: e.error.name,
      message: e.error.message,
      ...(e.error.code ? { code: e.error.code } : {}),
    };
  if (e.warnings?.length)
    out.warnings = e.warnings.map((w) => ({ code: w.code, agent: w.agent, text: w.text }));
  if (e.redacted) out.redacted = true;
  if (e.connection) out.connection = orderedConnection(e.connection);
  if (e.caller) out.caller = e.caller;
  if (e.tunnel) out.tunnel = { bytesToServer: e.tunnel.bytesToServer, bytesToClient: e.tunnel.bytesToClient };
  if (e.fromLog) out.fromLog = orderedProvenance(e.fromLog);
  return out;
}

function orderedProvenance(p: LogProvenance): LogProvenance {
  return {
    lines: [p.lines[0], p.lines[1]],
    ...(p.absent?.length ? { absent: [...p.absent] } : {}),
    ...(p.host ? { host: p.host } : {}),
    ...(p.elided ? { elided: true } : {}),
    ...(p.hexDump?.length ? { hexDump: [...p.hexDump] } : {}),
  };
}

function orderedConnection(c: ConnectionInfo): ConnectionInfo {
  const out: ConnectionInfo = { reused: c.reused };
  for (const key of [
    "getConnectionMs",
    "dnsLookupMs",
    "dialMs",
    "tlsHandshakeMs",
    "serverProcessingMs",
  ] as const) {
    if (c[key] !== undefined) out[key] = c[key];
  }
  if (c.events?.length)
    out.events = c.events.map((ev) =>
      ev.kind === "dns"
        ? { kind: "dns", host: ev.host, addresses: [...ev.addresses] }
        : {
            kind: "dial",
            network: ev.network,
            address: ev.address,
            ...(ev.error !== undefined ? { error: ev.error } : {}),
          },
    );
  return out;
}

/**
 * Serialises a cassette as stable JSON (2-space indent, trailing newline). Every exchange is redacted again on the
 * way out, so a cassette built by hand or imported from a log cannot carry a secret to disk.
 */
export function serializeCassette(cassette: Cassette): string {
  return cassetteText(cassette, cassette.exchanges.map(serializeCassetteExchange)).join("");
}

/**
 * One exchange as {@link serializeCassette} writes it inside a cassette (redacted, indented as an element of
 * `exchanges`, no separator), so that a cassette kept up to date as exchanges arrive (the recording proxy's)
 * serialises each exchange once and joins the pieces with {@link cassetteText}.
 */
export function serializeCassetteExchange(exchange: Exchange): string {
  return runSteps(serializeCassetteExchangeInSteps(exchange));
}

/**
 * {@link serializeCassetteExchange} in steps: a generator that yields between the redaction of the exchange and
 * its serialisation, and between slices of a large JSON body (a list's items), so that a process serialising a
 * 10,000-object list can serve other work between steps. Returns the same text.
 */
export function* serializeCassetteExchangeInSteps(exchange: Exchange): Generator<void, string> {
  return cassettePieceText(yield* cassettePieceInSteps(exchange));
}

/**
 * A large JSON body that the cassette writes straight from the bytes it arrived in: compact JSON as
 * `JSON.stringify` writes it, indented on the way out ({@link indentCompactJson}).
 */
export interface IndentedJson {
  readonly json: Uint8Array;
  readonly indent: string;
}

/** One exchange of a cassette in parts: text, and a large body to indent as it is written. */
export type CassettePiece = readonly (string | IndentedJson)[];

/**
 * {@link serializeCassetteExchangeInSteps} without making the text of a large body: when the body is the one
 * captured, unchanged by redaction, and its bytes are the compact JSON its value serialises to (no `raw`), the piece
 * keeps those bytes, already held by the exchange, and they are indented while the file is written. Otherwise the
 * body is serialised from its value in slices, as before.
 */
export function* cassettePieceInSteps(exchange: Exchange): Generator<void, CassettePiece> {
  const redacted = redactExchange(exchange);
  const ordered = orderedExchange(redacted);
  yield;
  const body = ordered.response?.body;
  const large =
    body?.kind === "json" &&
    body.bytes >= LARGE_BODY_BYTES &&
    body.value !== null &&
    typeof body.value === "object"
      ? body
      : undefined;
  const value = large?.value;
  // A large body's value is written apart, in slices, where a placeholder stands in the exchange's text (the
  // ordered exchange is a copy: the exchange's own body is not touched). node:crypto is loaded on first use: a static
  // import of it loads WebCrypto too (the ES module facade reads every export), several ms of every `kubewire get`.
  const placeholder = large ? `kubewire-value-${cryptoModule().randomUUID()}` : "";
  if (large) large.value = placeholder;
  // Nested two arrays deep, the exchange is indented as it is under `"exchanges": [`; the brackets are cut off.
  const text = JSON.stringify([[ordered]], null, 2).slice(NESTING.length, -NESTING_END.length);
  if (!large) return [text];
  yield;
  const quoted = JSON.stringify(placeholder);
  const at = text.indexOf(quoted);
  const lineStart = text.lastIndexOf("\n", at) + 1;
  // The value's lines are indented from its key's line.
  const indent = /^ */.exec(text.slice(lineStart, at))![0];
  const before = text.slice(0, at);
  const after = text.slice(at + quoted.length);
  const json = large.raw === undefined ? compactJsonBytes(redacted.response!.body!) : undefined;
  if (json) return [before, { json, indent }, after];
  const pretty = yield* prettyJsonInSteps(value, indent);
  return [before + pretty! + after];
}

/**
 * The bytes of a body captured as compact JSON: the captured bytes (redaction left them as they came) without a
 * byte-order mark or the final newline. The caller knows the decoded text is `JSON.stringify(value) + "\n"` (the
 * body has no `raw`).
 */
function compactJsonBytes(body: Body): Uint8Array | undefined {
  const bytes = capturedBytes(body);
  if (bytes === undefined || bytes.length < 2 || bytes[bytes.length - 1] !== 0x0a) return undefined;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.subarray(bom, bytes.length - 1);
}

/** The text of a piece, its large body indented into it. */
export function cassettePieceText(piece: CassettePiece): string {
  let text = "";
  for (const part of piece) {
    if (typeof part === "string") text += part;
    else {
      // A character may be split between two pieces of output.
      const decoder = new StringDecoder("utf8");
      for (const bytes of indentCompactJson(part.json, part.indent)) text += decoder.write(bytes);
      text += decoder.end();
    }
  }
  return text;
}

/**
 * {@link cassetteText} for pieces made by {@link cassettePieceInSteps}, as chunks to write one after the other: a
 * large body's indented bytes come through one reused buffer, each chunk overwritten by the next.
 */
export function* cassetteChunks(
  cassette: Omit<Cassette, "exchanges">,
  pieces: readonly CassettePiece[],
): Generator<string | Buffer, void, void> {
  const texts = cassetteText(
    cassette,
    pieces.map(() => ""),
  );
  if (pieces.length === 0) {
    yield* texts;
    return;
  }
  let out: Buffer | undefined;
  yield texts[0]!;
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0) yield ",\n";
    for (const part of pieces[i]!) {
      if (typeof part === "string") yield part;
      else yield* indentCompactJson(part.json, part.indent, (out ??= Buffer.allocUnsafe(64 * 1024)));
    }
  }
  yield texts.at(-1)!;
}

/** A JSON body from this size on is serialised in slices. */
const LARGE_BODY_BYTES = 1024 * 1024;

const NESTING = "[\n  [\n";
const NESTING_END = "\n  ]\n]";

/**
 * The text of a cassette whose exchanges are already serialised ({@link serializeCassetteExchange}, in order), in
 * parts to write one after the other: the head, each exchange, the end. Joined, it is {@link serializeCassette}'s.
 */
export function cassetteText(cassette: Omit<Cassette, "exchanges">, exchanges: readonly string[]): string[] {
  const head: Cassette = {
    version: CASSETTE_VERSION,
    recordedAt: cassette.recordedAt,
    ...(cassette.server ? { server: { gitVersion: cassette.server.gitVersion } } : {}),
    exchanges: [],
  };
  const empty = JSON.stringify(head, null, 2);
  if (exchanges.length === 0) return [empty + "\n"];
  // `exchanges` is the document's last key: its `[]` opens the list of pieces.
  const parts = [empty.slice(0, -"]\n}".length) + "\n"];
  exchanges.forEach((piece, i) => parts.push(i === 0 ? piece : ",\n" + piece));
  parts.push("\n  ]\n}\n");
  return parts;
}

/**
 * Appends exchanges to a cassette, numbering them after the ones it already holds, in the order their requests
 * started (their own `seq`). Returns a new cassette; the server version is kept, or taken from `server`.
 */
export function appendToCassette(
  cassette: Cassette,
  exchanges: Exchange[],
  server?: { gitVersion: string },
): Cassette {
  const next = cassette.exchanges.reduce((max, e) => Math.max(max, e.seq + 1), 0);
  const added = [...exchanges].sort((a, b) => a.seq - b.seq).map((e, i) => ({ ...e, seq: next + i }));
  const gitVersion = cassette.server ?? server;
  return {
    version: CASSETTE_VERSION,
    recordedAt: cassette.recordedAt,
    ...(gitVersion ? { server: gitVersion } : {}),
    exchanges: [...cassette.exchanges, ...added],
  };
}

/**
 * Writes a cassette atomically (temporary file, then rename), redacted again on the way out.
 *
 * @example
 * const recorder = createRecorder();
 * const client = createClient({ server, token, recorder });
 * await client.list("v1", "ConfigMap", { namespace: "default" });
 * await saveCassette("fixtures/cassettes/list.json", recorder.cassette());
 */
export async function saveCassette(file: string, cassette: Cassette): Promise<void> {
  // A new cassette is readable by its owner alone: redacted as it is, it still shows what a cluster holds.
  await writeFileAtomic(
    file,
    cassetteText(cassette, cassette.exchanges.map(serializeCassetteExchange)),
    0o600,
  );
}

/**
 * Reads and checks a cassette file. Errors ({@link CassetteFormatError}) name the file, the JSON path and the
 * problem.
 *
 * @example
 * const cassette = await loadCassette("fixtures/cassettes/list.json");
 * const client = createClient({ server: "https://127.0.0.1:6443", dispatcher: createReplayDispatcher(cassette) });
 */
export async function loadCassette(file: string): Promise<Cassette> {
  let doc: unknown;
  let text = "";
  try {
    // Exchange by exchange first: a long session's file is never held whole (read-cassette-document.ts). A
    // document that reader is not sure of, or that is not JSON, is read again as one text, which words the error.
    doc = await readCassetteDocument(file);
    if (doc === WHOLE_TEXT_NEEDED) text = await readFile(file, "utf8");
  } catch (error) {
    throw new CassetteFormatError(
      file,
      "",
      `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  return doc === WHOLE_TEXT_NEEDED ? parseCassette(text, file) : validateCassette(doc, file);
}

/** Parses and checks a cassette document. */
export function parseCassette(text: string, file?: string): Cassette {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new CassetteFormatError(
      file,
      "",
      `not JSON${where(text, (error as Error).message)}: ${describeJsonError(error)}`,
    );
  }
  return validateCassette(doc, file);
}

/** ` at line L, column C` from a JSON.parse message that names a position (V8 does), else nothing. */
function where(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return "";
  const before = text.slice(0, Number(m[1]));
  const line = before.split("\n").length;
  return ` at line ${line}, column ${before.length - before.lastIndexOf("\n")}`;
}

function check(cond: boolean, file: string | undefined, path: string, problem: string): asserts cond {
  if (!cond) throw new CassetteFormatError(file, path, problem);
}

function checkHeaders(v: unknown, file: string | undefined, path: string): asserts v is HeaderMap {
  check(isJsonObject(v), file, path, "must be an object of header names to strings or string arrays");
  for (const [k, value] of Object.entries(v)) {
    const ok =
      typeof value === "string" || (Array.isArray(value) && value.every((x) => typeof x === "string"));
    check(ok, file, `${path}.${k}`, "must be a string or an array of strings");
  }
}

function checkBody(v: unknown, file: string | undefined, path: string): asserts v is Body {
  check(isJsonObject(v), file, path, "must be an object");
  check(
    BODY_KINDS.includes(v.kind as never),
    file,
    `${path}.kind`,
    `must be one of ${BODY_KINDS.join(", ")}`,
  );
  check(
    Number.isSafeInteger(v.bytes) && (v.bytes as number) >= 0,
    file,
    `${path}.bytes`,
    "must be an integer >= 0",
  );
  check(
    v.truncated === undefined || typeof v.truncated === "boolean",
    file,
    `${path}.truncated`,
    "must be a boolean",
  );
  if (v.kind === "json") {
    check("value" in v, file, `${path}.value`, "is missing");
    // Every reader of a body (redaction, renderers, diffs) walks it recursively.
    check(
      !valueNestsDeeperThan(v.value),
      file,
      `${path}.value`,
      `nests deeper than ${MAX_JSON_DEPTH} levels`,
    );
    check(v.raw === undefined || typeof v.raw === "string", file, `${path}.raw`, "must be a string");
    if (typeof v.raw === "string") {
      // Replay sends `raw`; a hand edit of `value` alone would silently not be replayed.
      let same = false;
      try {
        same = jsonEqual(JSON.parse(v.raw), v.value);
      } catch {
        same = false;
      }
      check(
        same,
        file,
        `${path}.raw`,
        "does not hold the same JSON as `value` (after editing `value`, delete `raw`)",
      );
    }
  }
  if (v.kind === "text") check(typeof v.text === "string", file, `${path}.text`, "must be a string");
  if (v.kind === "binary") {
    check(
      typeof v.base64 === "string" && /^[A-Za-z0-9+/]*={0,2}$/.test(v.base64),
      file,
      `${path}.base64`,
      "must be base64",
    );
  }
  if (v.kind === "stream") {
    check(Array.isArray(v.chunks), file, `${path}.chunks`, "must be an array");
    v.chunks.forEach((c: unknown, i) => {
      check(
        isJsonObject(c) && typeof c.atMs === "number" && typeof c.text === "string",
        file,
        `${path}.chunks[${i}]`,
        "must be { atMs: number, text: string }",
      );
    });
  }
}

const isString = (v: unknown): v is string => typeof v === "string";
const optionalNumber = (v: unknown) => v === undefined || typeof v === "number";

function checkConnection(v: unknown, file: string | undefined, path: string): void {
  check(isJsonObject(v) && typeof v.reused === "boolean", file, path, "must be { reused: boolean, ... }");
  for (const key of ["getConnectionMs", "dnsLookupMs", "dialMs", "tlsHandshakeMs", "serverProcessingMs"])
    check(optionalNumber(v[key]), file, `${path}.${key}`, "must be a number");
  if (v.events === undefined) return;
  check(Array.isArray(v.events), file, `${path}.events`, "must be an array");
  v.events.forEach((ev: unknown, i) => {
    const p = `${path}.events[${i}]`;
    const ok =
      isJsonObject(ev) &&
      ((ev.kind === "dns" &&
        isString(ev.host) &&
        Array.isArray(ev.addresses) &&
        ev.addresses.every(isString)) ||
        (ev.kind === "dial" &&
          isString(ev.network) &&
          isString(ev.address) &&
          (ev.error === undefined || isString(ev.error))));
    check(ok, file, p, "must be { kind: dns, host, addresses } or { kind: dial, network, address, error? }");
  });
}

/** Whether a value is a well-formed {@link LogProvenance} (as a cassette's `fromLog` must be). */
export function isLogProvenance(v: unknown): v is LogProvenance {
  try {
    checkProvenance(v, undefined, "fromLog");
    return true;
  } catch {
    return false;
  }
}

function checkProvenance(v: unknown, file: string | undefined, path: string): void {
  check(isJsonObject(v), file, path, "must be an object");
  check(
    Array.isArray(v.lines) &&
      v.lines.length === 2 &&
      v.lines.every((n) => Number.isSafeInteger(n) && (n as number) >= 1) &&
      (v.lines[0] as number) <= (v.lines[1] as number),
    file,
    `${path}.lines`,
    "must be [first, last], 1-based line numbers",
  );
  check(
    v.absent === undefined ||
      (Array.isArray(v.absent) && v.absent.every((part) => LOG_PARTS.includes(part as never))),
    file,
    `${path}.absent`,
    `must be an array of ${LOG_PARTS.join(", ")}`,
  );
  check(
    v.host === undefined || LOG_HOST_MARKS.includes(v.host as never),
    file,
    `${path}.host`,
    `must be one of ${LOG_HOST_MARKS.join(", ")}`,
  );
  check(v.elided === undefined || v.elided === true, file, `${path}.elided`, "must be true");
  check(
    v.hexDump === undefined ||
      (Array.isArray(v.hexDump) &&
        v.hexDump.every((part) => part === "requestBody" || part === "responseBody")),
    file,
    `${path}.hexDump`,
    "must be an array of requestBody, responseBody",
  );
}

/** Checks that a parsed document is a version-1 cassette. */
export function validateCassette(doc: unknown, file?: string): Cassette {
  check(isJsonObject(doc), file, "", "must be a JSON object");
  check(
    doc.version === CASSETTE_VERSION,
    file,
    "version",
    `must be ${CASSETTE_VERSION} (found ${JSON.stringify(doc.version)})`,
  );
  check(typeof doc.recordedAt === "string", file, "recordedAt", "must be an RFC 3339 string");
  if (doc.server !== undefined) {
    check(
      isJsonObject(doc.server) && typeof doc.server.gitVersion === "string",
      file,
      "server",
      "must be { gitVersion: string }",
    );
  }
  check(Array.isArray(doc.exchanges), file, "exchanges", "must be an array");
  const seqs = new Map<unknown, number>();
  doc.exchanges.forEach((e: unknown, i) => {
    const p = `exchanges[${i}]`;
    check(isJsonObject(e), file, p, "must be an object");
    check(Number.isInteger(e.seq) && (e.seq as number) >= 0, file, `${p}.seq`, "must be an integer >= 0");
    check(!seqs.has(e.seq), file, `${p}.seq`, `repeats exchanges[${seqs.get(e.seq)}].seq (${String(e.seq)})`);
    seqs.set(e.seq, i);
    check(typeof e.startedAt === "string", file, `${p}.startedAt`, "must be a string");
    check(typeof e.durationMs === "number", file, `${p}.durationMs`, "must be a number");
    check(optionalNumber(e.totalMs), file, `${p}.totalMs`, "must be a number");
    check(
      e.redacted === undefined || typeof e.redacted === "boolean",
      file,
      `${p}.redacted`,
      "must be a boolean",
    );
    if (e.warnings !== undefined) {
      check(Array.isArray(e.warnings), file, `${p}.warnings`, "must be an array");
      e.warnings.forEach((w: unknown, i) =>
        check(
          isJsonObject(w) && typeof w.code === "number" && isString(w.agent) && isString(w.text),
          file,
          `${p}.warnings[${i}]`,
          "must be { code: number, agent: string, text: string }",
        ),
      );
    }
    check(isJsonObject(e.request), file, `${p}.request`, "must be an object");
    if (e.fromLog !== undefined) checkProvenance(e.fromLog, file, `${p}.fromLog`);
    const fromLog = e.fromLog as LogProvenance | undefined;
    check(
      typeof e.request.method === "string" && e.request.method.length > 0,
      file,
      `${p}.request.method`,
      "must be a non-empty string",
    );
    // A URL read from a log whose author hid or cut the host stays as the log shows it, and says so.
    check(
      typeof e.request.url === "string" &&
        (fromLog?.host ? /^\S+$/.test(e.request.url) : /^https?:\/\//.test(e.request.url)),
      file,
      `${p}.request.url`,
      fromLog?.host
        ? "must be the URL as the log shows it (no whitespace)"
        : "must be an absolute http(s) URL",
    );
    checkHeaders(e.request.headers, file, `${p}.request.headers`);
    if (e.request.body !== undefined) checkBody(e.request.body, file, `${p}.request.body`);
    check(e.response !== undefined || e.error !== undefined, file, p, "needs a response or an error");
    if (e.response !== undefined) {
      check(isJsonObject(e.response), file, `${p}.response`, "must be an object");
      const s = e.response.status;
      const statusAbsent = fromLog?.absent?.includes("status") === true;
      check(
        statusAbsent ? s === 0 : Number.isInteger(s) && (s as number) >= 100 && (s as number) <= 599,
        file,
        `${p}.response.status`,
        statusAbsent
          ? "must be 0 (fromLog.absent says the log does not show it)"
          : "must be an HTTP status code",
      );
      check(typeof e.response.statusText === "string", file, `${p}.response.statusText`, "must be a string");
      checkHeaders(e.response.headers, file, `${p}.response.headers`);
      if (e.response.body !== undefined) checkBody(e.response.body, file, `${p}.response.body`);
    }
    if (e.connection !== undefined) checkConnection(e.connection, file, `${p}.connection`);
    if (e.caller !== undefined) check(typeof e.caller === "string", file, `${p}.caller`, "must be a string");
    if (e.tunnel !== undefined)
      check(
        isJsonObject(e.tunnel) &&
          Number.isSafeInteger(e.tunnel.bytesToServer) &&
          (e.tunnel.bytesToServer as number) >= 0 &&
          Number.isSafeInteger(e.tunnel.bytesToClient) &&
          (e.tunnel.bytesToClient as number) >= 0,
        file,
        `${p}.tunnel`,
        "must be { bytesToServer: integer >= 0, bytesToClient: integer >= 0 }",
      );
    if (e.error !== undefined) {
      check(
        isJsonObject(e.error) &&
          typeof e.error.name === "string" &&
          typeof e.error.message === "string" &&
          (e.error.code === undefined || typeof e.error.code === "string"),
        file,
        `${p}.error`,
        "must be { name, message, code? }",
      );
    }
  });
  return doc as unknown as Cassette;
}

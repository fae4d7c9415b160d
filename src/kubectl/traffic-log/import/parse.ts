import type { ConnectionEvent } from "../../../record/exchange/exchange.js";
import { bytesAsEscapedText } from "../../../internal/escaped-bytes.js";
import { utf8Bytes, Utf8Slabs } from "../../../internal/utf8-bytes.js";
import { goUnquote, goUnquoteString, isWellFormed } from "../../go/quote.js";
import { hexDumpByteCount, isHexDumpRow, parseHexDump } from "../hex-dump.js";
import { klogValueText, parseKlogStructured, quotedBytes } from "../klog-values.js";
import type { KlogParsedEntry, KlogParsedValue } from "../klog-values.js";
import { isElisionMarker } from "./elision.js";
import { failureMention } from "./failures.js";
import { isLoggedUrl, LOGGED_URL } from "./logged-url.js";

/**
 * The reading half of the log import: text → klog entries → traffic events, one entry at a time. Nothing here
 * decides which exchange an event belongs to (kubectl-log-import.ts does); this only reads what each line says.
 */

/** A klog header's time, as printed: local wall-clock time without a year. */
export interface LogTime {
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
}

/**
 * A body as kubectl logged it. Bodies are made bytes as soon as they are read, whole or truncated (an exchange keeps
 * bytes, and decodes them when read): a body's string, kept to the end of the import, would be copied by every
 * young collection it lives through.
 */
export interface LoggedBody {
  /** The bytes the log holds (without kubectl's truncation suffix); absent while `text` stands for them. */
  bytes?: Buffer | undefined;
  /** The same body as the string whose UTF-8 encoding its bytes are (never a lone surrogate), when read as one. */
  text?: string | undefined;
  /** How many bytes the log holds. */
  length: number;
  /** Logged as a hex dump (some byte below 0x0A). */
  hex: boolean;
  /** kubectl truncated it: the size the body really had. */
  truncatedTotal?: number;
  /** The log ends (or breaks off) inside the body. */
  cut?: boolean;
  /**
   * The other reading of an ambiguous trailing newline: klog cannot show whether a body logged on its own line(s)
   * ended in `\n` (classic format, and the structured multi-line form). Resolved with Content-Length when known.
   */
  alternative?: Buffer;
  /**
   * Header-less lines after a printf-style body that may continue it (a body with newlines of its own) or may be
   * other output. Not consumed here: the importer takes as many as the response's Content-Length asks for.
   */
  following?: string[];
  /**
   * The other reading of a printf body continued over header-less lines: those lines joined as a terminal or a
   * page wrapped one line (without the newlines). Resolved with Content-Length, or whether the JSON holds.
   */
  unwrapped?: LoggedBody;
}

/** A logged body's bytes (encoded from its text, once, when it was kept as text). */
export function loggedBytes(body: LoggedBody): Buffer {
  return (body.bytes ??= utf8Bytes(body.text ?? ""));
}

export interface Timing {
  milliseconds?: number;
  reused?: boolean;
  getConnectionMs?: number;
  dnsLookupMs?: number;
  dialMs?: number;
  tlsHandshakeMs?: number;
  serverProcessingMs?: number;
}

export type TrafficEvent =
  | { type: "requestBody"; body: LoggedBody; caller?: string }
  | { type: "request"; method: string; url: string; headers?: [string, string][]; curl?: boolean }
  | { type: "requestHeadersStart" }
  | { type: "responseHeadersStart" }
  /** A header line; `side` when the line says whose header it is (oc 3.0's `Response Header:`, `-H '…'`). */
  | { type: "header"; key: string; value: string; side?: "request" | "response" }
  | {
      type: "response";
      method?: string;
      url?: string;
      /** `200 OK`, or "" when kubectl got no response. */
      status: string;
      /** Absent when the line gives none (oc 3.0's `Response Status: 200 OK`). */
      milliseconds?: number;
      headers?: [string, string][];
      timing?: Timing;
    }
  | { type: "stats"; timing: Timing }
  | { type: "trace"; event: ConnectionEvent }
  | { type: "responseBody"; body: LoggedBody; caller?: string }
  /** A request's transport failure mentioned by some component; `source` is who (a `file:line`). */
  | {
      type: "transportError";
      method: string;
      url: string;
      message: string;
      source: string;
      /** The mention comes before any klog line: the log gives no time for it. */
      timeless?: true;
    };

/** One klog entry (a header line and the lines that continue it), read. */
export interface LogEntry {
  /** 1-based number of the header line. */
  lineNo: number;
  /** How many lines the entry spans. */
  lines: number;
  severity: string;
  time: LogTime;
  pid?: number;
  fileLine: string;
  /**
   * The message on the header line; "" once `LogReader` has read an entry with an event (what it said is in the
   * event, and the message would keep its line alive).
   */
  message: string;
  structured: boolean;
  /** What the entry says about traffic; undefined for other klog output. */
  event?: TrafficEvent | undefined;
  /** An entry that was cut short or did not read as its kind should. */
  incomplete?: boolean;
  /** The author cut lines out of it (an elision mark inside a multi-line value). */
  elided?: true;
  /** Not a klog line: kubectl's own error output naming a failed request (its time is the last klog line's). */
  output?: true;
  /** Not a klog line: an author's mark that lines were cut out here. */
  elision?: true;
}

/**
 * klog's header, possibly behind a prefix (indentation, a shell prompt, a quote marker, a CI timestamp). Authors
 * remove the process id; a paste may lose the severity letter.
 */
export interface HeaderMatch {
  prefix: string;
  /** `I`, `W`, `E`, `F`; "" when the paste lost it. */
  severity: string;
  time: LogTime;
  /** Undefined when the author removed it. */
  pid?: number;
  fileLine: string;
  message: string;
}

/**
 * The header's fields, then a space or the end: the rest of the line is the message, whatever it holds (a body
 * kubectl logs raw may hold CR, U+2028 and U+2029, which `.` would not match), found without a regular expression
 * over the whole line (a body line is tens of kilobytes).
 */
const HEADER_FIELDS =
  /^(.{0,80}?)([IWEF]?)(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6}) +(?:(\d+) +)?([^\s\]]+:\d+)\](?= |$)/;

function execHeader(line: string): RegExpExecArray | null {
  const m = HEADER_FIELDS.exec(line);
  if (!m) return null;
  const end = m[0].length;
  if (end < line.length) m[11] = line.slice(end + 1);
  return m;
}

/**
 * Strings of their own, each kept once while it keeps coming. A match's groups and a split's parts are slices of the
 * line or block they came from, and a slice keeps its whole parent alive: a `file:line` goes into every entry and, as
 * an exchange's `caller`, into the result, where it would hold a body line of tens of kilobytes for the sake of a
 * dozen characters; a header's name and value would hold the whole header block (a few hundred bytes an exchange),
 * a URL its curl command. Most of them repeat from exchange to exchange (header names, `Content-Type`, the
 * `User-Agent`): those are then one string for all. The pool is emptied when full, so values that never repeat
 * (an `Audit-Id`, a `Date`) cost no more than their own copy.
 */
class OwnStrings {
  readonly #pool = new Map<string, string>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get(slice: string): string {
    let own = this.#pool.get(slice);
    if (own === undefined) {
      if (this.#pool.size >= this.#limit) this.#pool.clear();
      // A JSON round trip gives every string back exactly (a lone surrogate included), as a new string. V8 copies a
      // slice shorter than 13 characters (SlicedString::kMinLength) rather than point into its parent: such a
      // string is its own already (an `Audit-Id`, a `Content-Length`, which never repeat).
      own = slice.length < 13 ? slice : (JSON.parse(JSON.stringify(slice)) as string);
      this.#pool.set(own, own);
    }
    return own;
  }

  clear(): void {
    this.#pool.clear();
  }
}

const fileLines = new OwnStrings(1024);
const headerStrings = new OwnStrings(4096);

function ownFileLine(slice: string): string {
  return fileLines.get(slice);
}

/** A header as a pair of strings of their own (see {@link OwnStrings}). */
function ownHeader(name: string, value: string): [string, string] {
  return [ownHeaderPart(name), ownHeaderPart(value)];
}

/** A header's name or value as a string of its own (see {@link OwnStrings}). */
function ownHeaderPart(part: string): string {
  return headerStrings.get(part);
}

/** A request's URL as a string of its own: the exchange keeps it, and a slice would keep its whole log line. */
function ownUrl(url: string): string {
  return JSON.parse(JSON.stringify(url)) as string;
}

export function matchHeader(line: string): HeaderMatch | undefined {
  const m = execHeader(line);
  if (!m) return undefined;
  const n = (i: number) => Number(m[i]);
  const time = { month: n(3), day: n(4), hour: n(5), minute: n(6), second: n(7), micros: n(8) };
  if (
    time.month < 1 ||
    time.month > 12 ||
    time.day < 1 ||
    time.day > 31 ||
    time.hour > 23 ||
    time.minute > 59
  )
    return undefined;
  const header: HeaderMatch = {
    prefix: m[1]!,
    severity: m[2]!,
    time,
    fileLine: ownFileLine(m[10]!),
    message: m[11] ?? "",
  };
  if (m[9] !== undefined) header.pid = n(9);
  return header;
}

const TRUNCATED = / \[truncated (\d+) chars\]$/;
const SUFFIX_START = " [truncated ";
/** TRUNCATED, from the start of the text. */
const WHOLE_SUFFIX = /^ \[truncated (\d+) chars\]$/;
const LIMITS = [1024, 10240];

/** Splits kubectl's truncation suffix off logged text, when the text before it has a level's length. */
/** Whether text is the start of kubectl's truncation suffix, broken off before its end (` [truncated 12 cha`). */
function brokenSuffix(tail: string): boolean {
  if (tail.length === 0) return false;
  const m = /^ \[truncated \d+(.*)$/.exec(tail);
  return m ? " chars]".startsWith(m[1]!) && m[1] !== " chars]" : " [truncated ".startsWith(tail);
}

/**
 * Splits kubectl's truncation suffix off logged text, when the text before it has a level's length. A suffix that
 * broke off (the log ends inside it) still says the body was truncated, but no longer how much.
 */
function splitTruncation(bytes: Buffer, hex: boolean): { held: Buffer; total?: number; cut?: boolean } {
  // Only the end of the body is decoded (as latin1, byte for byte): TRUNCATED can only match from the last
  // ` [truncated ` on, as the digits and ` chars]` after it hold no other.
  const at = bytes[bytes.length - 1] === 0x5d ? bytes.lastIndexOf(SUFFIX_START) : -1;
  const m = at >= 0 ? WHOLE_SUFFIX.exec(bytes.toString("latin1", at)) : null;
  if (!m) {
    // Reading the log as UTF-8 may have turned a character cut in half into U+FFFD (up to 2 bytes more). A broken
    // suffix starts with a space.
    for (const limit of LIMITS)
      for (let held = limit; held <= limit + 2 && held < bytes.length; held++)
        if (bytes[held] === 0x20 && brokenSuffix(bytes.toString("latin1", held)))
          return { held: bytes.subarray(0, held), cut: true };
    return { held: bytes };
  }
  const held = bytes.subarray(0, at);
  const n = Number(m[1]);
  const limit = LIMITS.find((l) => held.length >= l && held.length <= l + 2);
  if (limit === undefined || !Number.isSafeInteger(n)) return { held: bytes };
  if (hex) {
    const count = hexDumpByteCount(limit + n);
    return count === undefined ? { held: bytes } : { held, total: count };
  }
  return { held, total: limit + n };
}

function looksLikeJson(bytes: Buffer): boolean {
  const text = bytes.toString("utf8").trim();
  return (text.startsWith("{") && text.endsWith("}")) || (text.startsWith("[") && text.endsWith("]"));
}

type Ambiguity = "exact" | "maybe-add-newline" | "maybe-drop-newline";

/** A body logged as text (not a dump), from its exact bytes or from text whose final newline is ambiguous. */
function textBody(bytes: Buffer, ambiguity: Ambiguity): LoggedBody {
  const { held, total, cut } = splitTruncation(bytes, false);
  if (total !== undefined) return { bytes: held, length: held.length, hex: false, truncatedTotal: total };
  if (cut) return { bytes: held, length: held.length, hex: false, cut };
  if (ambiguity === "exact") return { bytes, length: bytes.length, hex: false };
  if (ambiguity === "maybe-add-newline") {
    const alternative = Buffer.concat([bytes, Buffer.from("\n")]);
    return { bytes, length: bytes.length, hex: false, alternative };
  }
  return { bytes, length: bytes.length, hex: false, alternative: bytes.subarray(0, bytes.length - 1) };
}

/**
 * The bytes of the bodies an import keeps (whole ones, and what kubectl showed of truncated ones), packed into
 * shared slabs: the exchanges keep them all together, to the end.
 */
const bodySlabs = new Utf8Slabs();

/**
 * Forgets what the import's pools hold once an import is done: header values and the slab being filled are a log's
 * raw text (a token in a pasted log, a Secret's body not yet redacted), which must not outlive the import that read
 * them in a module's memory (a heap dump, a debugger). Imports running at once lose only what the pools would have
 * saved them.
 */
export function releaseImportPools(): void {
  headerStrings.clear();
  bodySlabs.release();
}

/**
 * {@link textBody} of the UTF-8 bytes of `text`, its truncation suffix found in the text where that gives the same
 * reading: a whole body that is exactly what was logged, or one kubectl truncated (its final newline is then no
 * question). Anything else (an ambiguous newline, a suffix that broke off or does not add up, a lone surrogate) is
 * read from the bytes.
 */
function textBodyOf(text: string, ambiguity: Ambiguity): LoggedBody {
  if (isWellFormed(text)) {
    const at = text.lastIndexOf(SUFFIX_START);
    if (at < 0) {
      // The text, which nothing else needs, goes while it is young.
      if (ambiguity === "exact" && !endsInSuffixStart(text)) {
        const bytes = bodySlabs.bytes(text);
        return { bytes, length: bytes.length, hex: false };
      }
    } else {
      const m = WHOLE_SUFFIX.exec(text.slice(at));
      const held = bodySlabs.bytes(text.slice(0, at));
      const length = held.length;
      const n = Number(m?.[1]);
      const limit = LIMITS.find((l) => length >= l && length <= l + 2);
      if (m && limit !== undefined && Number.isSafeInteger(n))
        return { bytes: held, length, hex: false, truncatedTotal: limit + n };
    }
  }
  return textBody(utf8Bytes(text), ambiguity);
}

/**
 * Whether text ends in the beginning of kubectl's truncation suffix (` [trunc`): a suffix broken off, which only
 * the byte reading tells from a body that ends so. The beginning holds one space, its first character.
 */
function endsInSuffixStart(text: string): boolean {
  for (let k = Math.max(0, text.length - SUFFIX_START.length); k < text.length; k++)
    if (text.charCodeAt(k) === 0x20 && SUFFIX_START.startsWith(text.slice(k))) return true;
  return false;
}

/** A hex-dumped body from its rows (the last may carry the truncation suffix). */
function hexBody(rows: string[]): LoggedBody {
  const last = rows.at(-1) ?? "";
  const dumpText = rows.join("\n");
  const { held, total } = splitTruncation(Buffer.from(dumpText, "utf8"), true);
  const cleanRows = total !== undefined ? [...rows.slice(0, -1), last.replace(TRUNCATED, "")] : rows;
  const parsed = parseHexDump(cleanRows);
  const body: LoggedBody = { bytes: parsed.bytes, length: parsed.bytes.length, hex: true };
  if (total !== undefined) body.truncatedTotal = total;
  else if (parsed.rows < rows.length || held.length === 0) body.cut = true;
  return body;
}

/** A structured `body=` value read back. */
function structuredBody(value: KlogParsedValue | undefined): LoggedBody {
  if (!value) return { bytes: Buffer.alloc(0), length: 0, hex: false };
  if (value.kind === "quoted") {
    const body =
      value.text !== undefined ? textBodyOf(value.text, "exact") : textBody(quotedBytes(value), "exact");
    if (!value.closed) body.cut = true;
    return body;
  }
  if (value.kind === "bare") return textBodyOf(value.text, "exact");
  const text = value.text;
  // The usual body, one closed line that needed the multi-line form: kept as the logged text itself, neither split
  // nor copied into bytes (bodies are the bulk of a log, and textBodyOf reads text as textBody reads its bytes).
  if (value.closed && text.indexOf("\n") === text.length - 1 && !/^0{8} {2}[0-9a-f]{2}/.test(text)) {
    const line = text.slice(0, -1);
    // klog put a newline after a truncation suffix; the body itself ended where the suffix began.
    return TRUNCATED.test(line) ? textBodyOf(line, "exact") : textBodyOf(text, "exact");
  }
  const lines = text.split("\n").slice(0, -1);
  // A dump cut short may end in a row that broke off before its hex began.
  const rows = value.closed || lines.length < 2 || isHexDumpRow(lines.at(-1)!) ? lines : lines.slice(0, -1);
  if (rows.length > 0 && /^0{8} {2}[0-9a-f]{2}/.test(rows[0]!) && rows.every((l) => isHexDumpRow(l))) {
    const body = hexBody(rows);
    if (!value.closed) body.cut = true;
    return body;
  }
  const bytes = utf8Bytes(value.text);
  if (TRUNCATED.test(value.text.slice(0, -1))) {
    // klog put a newline after the suffix; the body itself ended where the suffix began.
    const body = textBody(bytes.subarray(0, bytes.length - 1), "exact");
    if (!value.closed) body.cut = true;
    return body;
  }
  // One line that needed the multi-line form: the body's only newline is its last byte.
  if (!value.closed) {
    // Cut short: the last line may have broken off mid-way, so its newline is not the body's.
    return { bytes: bytes.subarray(0, bytes.length - 1), length: bytes.length - 1, hex: false, cut: true };
  }
  return textBody(bytes, lines.length === 1 ? "exact" : "maybe-drop-newline");
}

/** A header block as printed by `headersMap.String()`: `Key: value` lines. */
function headerBlock(value: KlogParsedValue | undefined): [string, string][] {
  const text = klogValueText(value) ?? "";
  const out: [string, string][] = [];
  for (const line of text.split("\n")) {
    const colon = line.indexOf(": ");
    if (colon > 0) out.push(ownHeader(line.slice(0, colon), line.slice(colon + 2)));
    else if (line.endsWith(":") && line.length > 1) out.push(ownHeader(line.slice(0, -1), ""));
  }
  return out;
}

/**
 * The text of a closed Go-quoted string at `start` (its bytes decoded as UTF-8) and where it ended; undefined when it
 * is not closed. The usual string is read as text at once ({@link goUnquoteString}, whose text is exactly what its
 * bytes decode to), not made bytes and decoded again.
 */
function quotedText(text: string, start: number): { text: string; end: number } | undefined {
  const simple = goUnquoteString(text, start);
  if (simple) return simple;
  const q = goUnquote(text, start);
  // Go's %q writes a byte that is not UTF-8 as \xNN: kept (escaped), not read as U+FFFD.
  return q?.closed ? { text: bytesAsEscapedText(q.bytes), end: q.end } : undefined;
}

/** client-go's `toCurl()` read back: method, headers in their logged order, URL. */
export function parseKubectlCurl(
  text: string,
): { method: string; url: string; headers: [string, string][] } | undefined {
  const m = /^curl (?:-k )?-v -X(\S+) /.exec(text);
  if (!m || text.includes("\n")) return undefined;
  const headers: [string, string][] = [];
  let pos = m[0].length;
  for (;;) {
    if (text.startsWith(" -H ", pos)) {
      const q = quotedText(text, pos + 4);
      if (!q) return undefined;
      const header = q.text;
      const colon = header.indexOf(":");
      if (colon > 0)
        headers.push(ownHeader(header.slice(0, colon), header.slice(colon + 1).replace(/^ /, "")));
      pos = q.end;
    } else if (text.startsWith(" '", pos) && text.endsWith("'") && text.length > pos + 2) {
      const url = text.slice(pos + 2, -1);
      return isLoggedUrl(url) ? { method: m[1]!, url: ownUrl(url), headers } : undefined;
    } else if (text[pos] === " " && isLoggedUrl(text.slice(pos + 1)) && text[pos + 1] !== "'") {
      // kubectl before 1.11 printed the URL unquoted.
      return { method: m[1]!, url: ownUrl(text.slice(pos + 1)), headers };
    } else return undefined;
  }
}

const STATS =
  /^(?:DNSLookup (\d+) ms Dial (\d+) ms TLSHandshake (\d+) ms|GetConnection (\d+) ms)(?: ServerProcessing (\d+) ms)? Duration (\d+) ms$/;

function parseStats(text: string): Timing | undefined {
  const m = STATS.exec(text);
  if (!m) return undefined;
  const timing: Timing = { milliseconds: Number(m[6]) };
  if (m[4] !== undefined) Object.assign(timing, { reused: true, getConnectionMs: Number(m[4]) });
  else
    Object.assign(timing, {
      reused: false,
      dnsLookupMs: Number(m[1]),
      dialMs: Number(m[2]),
      tlsHandshakeMs: Number(m[3]),
    });
  if (m[5] !== undefined) timing.serverProcessingMs = Number(m[5]);
  return timing;
}

function transportError(text: string, source: string): TrafficEvent | undefined {
  const mention = failureMention(text);
  return mention && { type: "transportError", ...mention, source };
}

function int(value: KlogParsedValue | undefined): number | undefined {
  if (value?.kind !== "bare" || !/^-?\d+$/.test(value.text)) return undefined;
  return Number(value.text);
}

function str(value: KlogParsedValue | undefined): string | undefined {
  return value?.kind === "bare" ? undefined : klogValueText(value);
}

/** A string value that the log shows whole (a URL or a status cut short is not that URL or status). */
function whole(value: KlogParsedValue | undefined): string | undefined {
  return value && (value.kind === "bare" || value.closed) ? str(value) : undefined;
}

function structuredEvent(entry: KlogParsedEntry, fileLine: string): TrafficEvent | undefined {
  const get = (key: string) => entry.pairs.find((p) => p.key === key)?.value;
  const caller = fileLine;
  switch (entry.msg) {
    case "Request Body":
    case "Response Body": {
      if (!get("body")) return undefined;
      const body = structuredBody(get("body"));
      return entry.msg === "Request Body"
        ? { type: "requestBody", body, caller }
        : { type: "responseBody", body, caller };
    }
    case "Request": {
      const curl = str(get("curlCommand"));
      if (curl !== undefined) {
        const parsed = parseKubectlCurl(curl.replace(/\n$/, ""));
        return parsed ? { type: "request", ...parsed, curl: true } : undefined;
      }
      const method = whole(get("verb"));
      const url = whole(get("url"));
      if (!method || !url || !isLoggedUrl(url)) return undefined;
      return { type: "request", method, url: ownUrl(url), headers: headerBlock(get("headers")) };
    }
    case "Response": {
      const status = whole(get("status"));
      if (status === undefined) return undefined;
      const event: TrafficEvent & { type: "response" } = { type: "response", status };
      const method = whole(get("verb"));
      const url = whole(get("url"));
      if (method && url && isLoggedUrl(url)) Object.assign(event, { method, url });
      if (get("headers")) event.headers = headerBlock(get("headers"));
      const ms = int(get("milliseconds"));
      if (ms !== undefined) event.milliseconds = ms;
      const reusedMs = int(get("getConnectionMilliseconds"));
      const dns = int(get("dnsLookupMilliseconds"));
      if (reusedMs !== undefined || dns !== undefined) {
        const timing: Timing =
          reusedMs !== undefined
            ? { reused: true, getConnectionMs: reusedMs }
            : {
                reused: false,
                dnsLookupMs: dns ?? 0,
                dialMs: int(get("dialMilliseconds")) ?? 0,
                tlsHandshakeMs: int(get("tlsHandshakeMilliseconds")) ?? 0,
              };
        const sp = int(get("serverProcessingMilliseconds"));
        if (sp !== undefined) timing.serverProcessingMs = sp;
        event.timing = timing;
      }
      return event;
    }
    case "HTTP Trace: DNS Lookup resolved": {
      const host = str(get("host"));
      if (host === undefined) return undefined;
      let addresses: string[] = [];
      const raw = get("address");
      if (raw?.kind === "bare") {
        try {
          const list = JSON.parse(raw.text) as { IP?: string; Zone?: string }[] | null;
          addresses = (list ?? []).map((a) => (a.Zone ? `${a.IP ?? ""}%${a.Zone}` : (a.IP ?? "")));
        } catch {
          return undefined;
        }
      }
      return { type: "trace", event: { kind: "dns", host, addresses } };
    }
    case "HTTP Trace: Dial succeed":
    case "HTTP Trace: Dial failed": {
      const network = str(get("network"));
      const address = str(get("address"));
      if (network === undefined || address === undefined) return undefined;
      const event: ConnectionEvent = { kind: "dial", network, address };
      if (entry.msg === "HTTP Trace: Dial failed") event.error = str(get("err")) ?? "";
      return { type: "trace", event };
    }
  }
  for (const { value } of entry.pairs) {
    const text = str(value);
    const err = text === undefined ? undefined : transportError(text, fileLine);
    if (err) return err;
  }
  return undefined;
}

// A body is what kubectl read, U+2028, U+2029 and CR included (which `.` would not match): `[^]` takes them all.
const CLASSIC_BODY = /^(Request|Response) Body:( ?)([^]*)$/;

const METHOD = "(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|CONNECT|TRACE)";
/** A status as Go's `resp.Status` prints it, or "" for no response. */
const STATUS = String.raw`(\d{3}(?: [^\n]*?)?|)`;
/** `GET <url> 200 OK in 3 milliseconds` (-v=6, -v=9). */
const URL_TIMING = new RegExp(`^${METHOD} (${LOGGED_URL}) ${STATUS} in (\\d+) milliseconds$`);
/** `GET <url>` (-v=7, -v=8). */
const JUST_URL = new RegExp(`^${METHOD} (${LOGGED_URL})$`);
/** `Response Status: 200 OK in 3 milliseconds`; oc 3.0 gave no duration. */
const RESPONSE_STATUS = new RegExp(`^Response Status: ${STATUS}(?: in (\\d+) milliseconds)?$`);

/**
 * Reads one printf-style entry. `continuation(k)` gives following lines that are not klog headers (prefix
 * removed), for the bodies that span lines (hex dumps, multi-line text).
 */
function classicEvent(
  message: string,
  fileLine: string,
  continuation: (k: number) => string | undefined,
): { event?: TrafficEvent; lines: number; incomplete?: boolean } {
  const body = CLASSIC_BODY.exec(message);
  if (body) {
    const kind = body[1] === "Request" ? "requestBody" : "responseBody";
    const first = continuation(0);
    if (body[2] === "" && body[3] === "" && first !== undefined && isHexDumpRow(first)) {
      const rows: string[] = [];
      for (let k = 0; ; k++) {
        const row = continuation(k);
        if (row === undefined || !isHexDumpRow(row)) break;
        rows.push(row);
        if (TRUNCATED.test(row)) break;
      }
      return { event: { type: kind, body: hexBody(rows) }, lines: rows.length };
    }
    let text = body[3]!;
    let joined = text;
    let lines = 0;
    if (text.startsWith('"') && text.includes("\\")) {
      // kubectl 1.4 and 1.5 logged request bodies with %#v: a Go-quoted string, every byte shown.
      const q = goUnquote(text, 0);
      if (q?.closed && q.end === text.length)
        return {
          event: { type: kind, body: { bytes: q.bytes, length: q.bytes.length, hex: false } },
          lines: 0,
        };
    }
    // A body with newlines of its own continues on lines without a klog header; JSON tells where it ends.
    if (/^\s*[[{]/.test(text)) {
      while (!TRUNCATED.test(text) && jsonOpen(text)) {
        const next = continuation(lines);
        if (next === undefined) break;
        text += "\n" + next;
        joined += next;
        lines++;
      }
    }
    const logged = textBodyOf(text, "maybe-add-newline");
    if (lines > 0) logged.unwrapped = textBodyOf(joined, "maybe-add-newline");
    if (/^\s*[[{]/.test(text) && jsonOpen(text) && logged.truncatedTotal === undefined) {
      logged.cut = true;
      delete logged.alternative;
    } else if (logged.truncatedTotal === undefined) {
      const following: string[] = [];
      for (let k = lines; following.length < 100_000; k++) {
        const next = continuation(k);
        if (next === undefined) break;
        following.push(next);
      }
      if (following.length) logged.following = following;
    }
    return { event: { type: kind, body: logged }, lines };
  }
  if (message.startsWith("curl ")) {
    const parsed = parseKubectlCurl(message);
    return parsed
      ? { event: { type: "request", ...parsed, curl: true }, lines: 0 }
      : { lines: 0, incomplete: true };
  }
  let m: RegExpExecArray | null;
  if ((m = /^HTTP Statistics: (.*)$/.exec(message))) {
    const timing = parseStats(m[1]!);
    return timing ? { event: { type: "stats", timing }, lines: 0 } : { lines: 0, incomplete: true };
  }
  if ((m = /^HTTP Trace: DNS Lookup for (\S+) resolved to \[(.*)\]$/.exec(message))) {
    const addresses = [...m[2]!.matchAll(/\{([^ }]*) ?([^}]*)\}/g)].map((a) =>
      a[2] ? `${a[1]}%${a[2]}` : a[1]!,
    );
    return { event: { type: "trace", event: { kind: "dns", host: m[1]!, addresses } }, lines: 0 };
  }
  if ((m = /^HTTP Trace: Dial to ([^:\s]+):(\S+) (?:succeed|failed: (.*))$/.exec(message))) {
    const event: ConnectionEvent = { kind: "dial", network: m[1]!, address: m[2]! };
    if (m[3] !== undefined) event.error = m[3];
    return { event: { type: "trace", event }, lines: 0 };
  }
  if (message === "Request Headers:") return { event: { type: "requestHeadersStart" }, lines: 0 };
  if (message === "Response Headers:") return { event: { type: "responseHeadersStart" }, lines: 0 };
  if ((m = /^ {4}([^:\s][^:]*):(?: (.*))?$/.exec(message)))
    return {
      event: { type: "header", key: ownHeaderPart(m[1]!), value: ownHeaderPart(m[2] ?? "") },
      lines: 0,
    };
  if ((m = RESPONSE_STATUS.exec(message))) {
    const event: TrafficEvent = { type: "response", status: m[1]! };
    if (m[2] !== undefined) event.milliseconds = Number(m[2]);
    return { event, lines: 0 };
  }
  if ((m = URL_TIMING.exec(message)))
    return {
      event: {
        type: "response",
        method: m[1]!,
        url: ownUrl(m[2]!),
        status: m[3]!,
        milliseconds: Number(m[4]),
      },
      lines: 0,
    };
  if ((m = JUST_URL.exec(message)))
    return { event: { type: "request", method: m[1]!, url: ownUrl(m[2]!) }, lines: 0 };
  if ((m = /^Response Header: ([^:\s][^:]*):(?: (.*))?$/.exec(message)))
    return {
      event: {
        type: "header",
        key: ownHeaderPart(m[1]!),
        value: ownHeaderPart(m[2] ?? ""),
        side: "response",
      },
      lines: 0,
    };
  if ((m = /^-H '([^:\s][^:]*):(?: (.*))?'$/.exec(message)))
    return {
      event: { type: "header", key: ownHeaderPart(m[1]!), value: ownHeaderPart(m[2] ?? ""), side: "request" },
      lines: 0,
    };
  const err = transportError(message, fileLine);
  return err ? { event: err, lines: 0 } : { lines: 0 };
}

/** Whether JSON text opens more brackets than it closes (strings skipped): a body that continues. */
function jsonOpen(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
  }
  return depth > 0;
}

/**
 * Reads the entry whose header is at `lines[index]`. `header` is its match; following lines belong to it when they
 * carry the same prefix and no klog header of their own. `longest` is the length of the text's longest line: a
 * line that long may be one a terminal wrapped; `onRejoin` is told when the entry is read again joined with the lines
 * after it (which is where `longest` counts).
 */
export function readEntry(
  lines: readonly string[],
  index: number,
  header: HeaderMatch,
  longest = Infinity,
  onRejoin?: () => void,
): LogEntry {
  const entry = readEntryAt(lines, index, header);
  if (!mayBeWrapped(entry)) return entry;
  // Only a rejoining reads `longest`: a reader that knows only the longest line so far needs to know it did.
  onRejoin?.();
  return rejoined(lines, index, header, entry, longest) ?? entry;
}

function readEntryAt(lines: readonly string[], index: number, header: HeaderMatch): LogEntry {
  const continuation = (k: number): string | undefined => {
    const line = lines[index + 1 + k];
    if (line === undefined || !line.startsWith(header.prefix)) return undefined;
    const rest = line.slice(header.prefix.length);
    // A TAB-indented line (or the ` >` closing one) continues a structured value whatever it holds.
    if (rest.startsWith("\t") || rest.startsWith(" >")) return rest;
    return matchHeader(line) ? undefined : rest;
  };
  const entry: LogEntry = {
    lineNo: index + 1,
    lines: 1,
    severity: header.severity,
    time: header.time,
    fileLine: header.fileLine,
    message: header.message,
    structured: header.message.startsWith('"'),
  };
  if (header.pid !== undefined) entry.pid = header.pid;
  if (entry.structured) {
    const parsed = parseKlogStructured(header.message, continuation, { isElision: isElisionMarker });
    if (!parsed) {
      entry.structured = false;
      entry.incomplete = true;
      return entry;
    }
    entry.lines += parsed.linesUsed;
    entry.event = structuredEvent(parsed, header.fileLine);
    if (!parsed.complete) entry.incomplete = true;
    if (parsed.elided) entry.elided = true;
    return entry;
  }
  const read = classicEvent(header.message, header.fileLine, continuation);
  entry.lines += read.lines;
  if (read.event) entry.event = read.event;
  if (read.incomplete) entry.incomplete = true;
  return entry;
}

/** The start of a round-tripper message, which a line that ends before its end was cut from. */
const TRAFFIC_START = new RegExp(
  `^(?:curl |HTTP (?:Statistics|Trace)|Response Status|${METHOD} (?:${LOGGED_URL})?(?: |$)|"(?:Request|Response)")`,
);

/**
 * Whether an entry reads as a traffic line broken off before its end (an unclosed quote, a curl line without its
 * URL), or as a request line that a wrapped response line would also read as (`GET https://host/ap`).
 */
function mayBeWrapped(entry: LogEntry): boolean {
  if (entry.lines !== 1) return false;
  if (entry.event) return entry.incomplete === true || (entry.event.type === "request" && !entry.event.curl);
  return (entry.incomplete === true || !entry.structured) && TRAFFIC_START.test(entry.message);
}

/**
 * An entry whose header line a terminal or a page wrapped, read again with the header-less lines that follow it
 * joined on (as they were, or with the space a page broke at): the first joining that reads as a whole traffic
 * line of at least the same kind. Undefined when none does.
 */
function rejoined(
  lines: readonly string[],
  index: number,
  header: HeaderMatch,
  entry: LogEntry,
  longest: number,
): LogEntry | undefined {
  let message = header.message;
  for (let k = 1; k <= 32; k++) {
    const next = lines[index + k];
    if (next === undefined || matchHeader(next)) return undefined;
    const rest = next.startsWith(header.prefix) ? next.slice(header.prefix.length) : next;
    if (rest.trim() === "" || rest.startsWith("\t") || rest.startsWith(" >") || isElisionMarker(rest))
      return undefined;
    for (const joiner of ["", " "]) {
      const joined = message + joiner + rest;
      const view = [header.prefix + joined, ...lines.slice(index + k + 1, index + k + 20_001)];
      const again = readEntryAt(view, 0, { ...header, message: joined });
      const ev = again.event;
      const original = entry.event;
      // The joining must make the line a whole round-tripper line, never borrow a failure that another line
      // mentions. A request line can grow into its own response line (`GET <url> 200 OK in 3 milliseconds`), or
      // into a longer URL when it is the text's longest line (as wide as the terminal) and the rest of it sits
      // alone between two klog lines (kubectl writes the request headers right after it).
      const grows =
        original?.type === "request" &&
        (ev?.type === "response" || ev?.type === "request") &&
        ev.method === original.method &&
        ev.url?.startsWith(original.url) === true &&
        (ev.type === "response" ||
          (k === 1 &&
            lines[index]!.length >= longest &&
            /^\S+$/.test(rest) &&
            !isElisionMarker(rest) &&
            (lines[index + 2] === undefined || matchHeader(lines[index + 2]!) !== undefined)));
      const better =
        ev !== undefined &&
        !again.incomplete &&
        ev.type !== "transportError" &&
        (!original || entry.incomplete || grows);
      if (better) return { ...again, lineNo: index + 1, lines: again.lines + k };
    }
    message += rest;
  }
  return undefined;
}

export { looksLikeJson };

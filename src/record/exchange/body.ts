import { isUtf8 } from "node:buffer";
import { jsonTextNestsDeeperThan } from "../../normalize/json-depth.js";
import { jsonTextIs } from "../../internal/json-text-is.js";
import type { Body, StreamChunk } from "./exchange.js";

/**
 * Captured bodies keep the bytes that came off the wire behind this symbol, out of sight of JSON serialisation:
 * a replay of an in-memory recording gives back exactly those bytes even when `value` would re-serialise
 * differently, and checks such as redaction's pre-scan can read them without decoding anything.
 */
const CAPTURED = Symbol("kubewire.captured");

interface Captured {
  /** The bytes as they came, in chunks (one chunk once they have been joined). */
  readonly chunks: readonly Buffer[];
  bytes: () => Buffer;
  /** The decoded text; undefined when the bytes are binary. */
  text: () => string | undefined;
  /** Whether the bytes are binary (not UTF-8, or control characters), decided without decoding them. */
  binary: () => boolean;
}

/** The fields of a body that a lazy body works out when they are read. */
type LazyField = "kind" | "value" | "raw" | "text" | "base64";

/** What a lazy body holds, behind the {@link CAPTURED} symbol, and works out on first read. */
interface LazyState {
  field(key: LazyField): unknown;
  /** The captured bytes the body stands for as they came, if it does (a redacted body that changed does not). */
  captured(): Captured | undefined;
}

type WithCapturedBytes = { [CAPTURED]?: LazyState };

/**
 * Every lazy body's fields: own enumerable getters, so that spreading or `JSON.stringify` sees a plain {@link Body},
 * shared by every lazy body (captured, partial, deferred) and finding the body's state behind the {@link CAPTURED}
 * symbol. A getter made per body (a closure) would make every body an object of its own shape, with its own hidden
 * class, descriptors and closure contexts, some kilobytes each for a large import or recording to allocate and the
 * collector to copy; getters that differ between kinds of bodies would turn them all into dictionaries.
 */
const LAZY_FIELDS: PropertyDescriptorMap = Object.fromEntries(
  (["kind", "value", "raw", "text", "base64"] as const).map((key) => [
    key,
    {
      enumerable: true,
      get(this: WithCapturedBytes) {
        return this[CAPTURED]!.field(key);
      },
    },
  ]),
);

/** A lazy body: `bytes` (the size), the lazy fields, its state (not enumerable), and `truncated` when it is. */
function lazyBody(bytes: number, state: LazyState, truncated: boolean): Body {
  const body = { bytes } as Body;
  Object.defineProperties(body, LAZY_FIELDS);
  Object.defineProperty(body, CAPTURED, { value: state });
  if (truncated) body.truncated = true;
  return body;
}

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** Whether a Content-Type names JSON (`application/json`, `application/merge-patch+json`, `;as=Table` variants). */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_CONTENT_TYPE.test(contentType.trim());
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** True when a string has control characters other than TAB, LF and CR: such text is better kept as binary. */
function hasBinaryControl(text: string): boolean {
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text);
}

function isBinaryControlByte(byte: number): boolean {
  return byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d;
}

/**
 * {@link hasBinaryControl} on UTF-8 bytes, without decoding them (in UTF-8 a byte below 0x20 is always that
 * character). Four bytes at a time: `(w - 0x20202020) & ~w & 0x80808080` is non-zero exactly when a byte of `w` is
 * below 0x20; only such words (a newline, a tab) are looked at byte by byte.
 */
export function hasBinaryControlByte(bytes: Uint8Array): boolean {
  const end = bytes.length;
  let i = 0;
  const misalignment = bytes.byteOffset & 3;
  const head = misalignment === 0 ? 0 : Math.min(end, 4 - misalignment);
  for (; i < head; i++) if (isBinaryControlByte(bytes[i]!)) return true;
  const count = (end - i) >>> 2;
  const words = count > 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset + i, count) : [];
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    if (((word - 0x20202020) & ~word & 0x80808080) === 0) continue;
    const at = i + w * 4;
    for (let k = at; k < at + 4; k++) if (isBinaryControlByte(bytes[k]!)) return true;
  }
  for (i += words.length * 4; i < end; i++) if (isBinaryControlByte(bytes[i]!)) return true;
  return false;
}

function looksLikeJsonDocument(text: string): boolean {
  const start = text.trimStart()[0];
  const end = text.trimEnd().at(-1);
  return (start === "{" && end === "}") || (start === "[" && end === "]");
}

type Resolved =
  | { kind: "json"; text: string; value: unknown }
  | { kind: "text"; text: string }
  | { kind: "binary"; base64: string };

/**
 * A body that does nothing at capture but keep the chunks it came in: joining, decoding, classifying and parsing
 * wait until a field is first read. Recording then costs almost nothing on the hot path (the client decodes and
 * parses the same bytes itself, and nobody may ever read this copy). Every field is an own enumerable getter, so
 * spreading or `JSON.stringify` sees a plain {@link Body}; a JSON-looking text that does not parse is a `text`
 * body, never a failure.
 */
function capturedBody(chunks: readonly Buffer[], length: number, contentType: string | undefined): Body {
  return lazyBody(length, new CapturedState(chunks, length, contentType), false);
}

/** What a captured body holds, and works out on first read. */
class CapturedState implements Captured, LazyState {
  #parts: readonly Buffer[];
  #joined: Buffer | undefined;
  readonly #length: number;
  readonly #contentType: string | undefined;
  #decoded: { text: string | undefined } | undefined;
  #resolved: Resolved | undefined;

  constructor(chunks: readonly Buffer[], length: number, contentType: string | undefined) {
    this.#parts = chunks;
    this.#length = length;
    this.#contentType = contentType;
  }

  get chunks(): readonly Buffer[] {
    return this.#parts;
  }

  bytes(): Buffer {
    if (!this.#joined) {
      this.#joined = this.#parts.length === 1 ? this.#parts[0]! : Buffer.concat(this.#parts, this.#length);
      // Once joined, the chunks are let go: the body holds its bytes once.
      this.#parts = [this.#joined];
    }
    return this.#joined;
  }

  // Decoding and classifying (text or binary) is cached apart from parsing: redaction reads the text of a body
  // that its byte scan could not clear, and usually needs nothing more.
  text(): string | undefined {
    if (!this.#decoded) {
      const t = decodeUtf8(this.bytes());
      this.#decoded = { text: t === undefined || hasBinaryControl(t) ? undefined : t };
    }
    return this.#decoded.text;
  }

  binary(): boolean {
    if (this.#decoded) return this.#decoded.text === undefined;
    const all = this.bytes();
    return !isUtf8(all) || hasBinaryControlByte(all);
  }

  resolve(): Resolved {
    if (this.#resolved) return this.#resolved;
    const all = this.bytes();
    const text = this.text();
    const contentType = this.#contentType;
    if (text === undefined) {
      this.#resolved = { kind: "binary", base64: all.toString("base64") };
    } else if (
      (contentType === undefined || isJsonContentType(contentType)) &&
      looksLikeJsonDocument(text) &&
      // A document nested deeper than anything can walk stays text, so no reader of the value runs out of stack.
      !jsonTextNestsDeeperThan(text)
    ) {
      try {
        this.#resolved = { kind: "json", text, value: JSON.parse(text) as unknown };
      } catch {
        this.#resolved = { kind: "text", text };
      }
    } else {
      this.#resolved = { kind: "text", text };
    }
    return this.#resolved;
  }

  field(key: LazyField): unknown {
    const r = this.resolve();
    switch (key) {
      case "kind":
        return r.kind;
      case "value":
        return r.kind === "json" ? r.value : undefined;
      case "raw":
        return r.kind === "json" && !jsonTextIs(r.value, r.text) ? r.text : undefined;
      case "text":
        return r.kind === "text" ? r.text : undefined;
      case "base64":
        return r.kind === "binary" ? r.base64 : undefined;
    }
  }

  captured(): Captured {
    return this;
  }
}

/** The bytes a body was captured from, when it was captured from bytes (not built or loaded as data). */
export function capturedBytes(body: Body): Buffer | undefined {
  return (body as WithCapturedBytes)[CAPTURED]?.captured()?.bytes();
}

/**
 * The text of a body captured from bytes, decoded as its `kind` getter decodes it (a leading BOM dropped) but
 * without parsing it; undefined when the bytes are binary (not UTF-8, or control characters) or the body was not
 * captured from bytes.
 */
export function capturedText(body: Body): string | undefined {
  return (body as WithCapturedBytes)[CAPTURED]?.captured()?.text();
}

/**
 * Whether a body captured from bytes is binary (its `kind` would be `binary`), decided without decoding or parsing
 * it; undefined for a body not captured from bytes.
 */
export function capturedIsBinary(body: Body): boolean | undefined {
  return (body as WithCapturedBytes)[CAPTURED]?.captured()?.binary();
}

/**
 * The chunks a body was captured in, without joining them: what a pre-scan (redaction's) reads on the hot path.
 */
export function capturedChunks(body: Body): readonly Buffer[] | undefined {
  return (body as WithCapturedBytes)[CAPTURED]?.captured()?.chunks;
}

/** Builds a `json` body from a parsed value, keeping `exactText` as `raw` when re-serialising would differ. */
export function jsonBody(value: unknown, exactText?: string): Body {
  const canonical = JSON.stringify(value) + "\n";
  const text = exactText ?? canonical;
  const body: Body = { kind: "json", value, bytes: Buffer.byteLength(text) };
  if (text !== canonical) body.raw = text;
  return body;
}

/**
 * A {@link Body} for bytes as they came off the wire: JSON when the Content-Type says JSON (or says nothing) and the
 * text parses, text when it is valid UTF-8 without control characters, binary otherwise. Classification and
 * parsing are deferred until the body is read. Returns undefined for an empty body.
 */
export function bodyFromBytes(bytes: Uint8Array, contentType?: string): Body | undefined {
  if (bytes.length === 0) return undefined;
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  return capturedBody([buffer], buffer.length, contentType);
}

/**
 * A body of which only a part was kept (a log shows the first 10 KiB of a body kubectl truncated, or a log broke off
 * inside one): `bytes` is that part, `count` the size to report. Never JSON (a part of a document is no document):
 * `text` when the bytes read back as exactly that text (valid UTF-8 without a leading BOM, which a decoder drops, or
 * a control character other than TAB, LF and CR), `binary` otherwise; always `truncated`. Like a captured body it
 * holds the bytes and decodes them only when a field is read (a held string of kilobytes is copied by every young
 * collection it lives through; bytes are not), and redaction of an exchange waits for that read too.
 */
export function partialBodyFromBytes(bytes: Buffer, count: number): Body {
  return lazyBody(count, new PartialState(bytes), true);
}

/** What a {@link partialBodyFromBytes} body holds: its bytes, and their reading once worked out. */
class PartialState implements Captured, LazyState {
  readonly #bytes: Buffer;
  #resolved: { text: string; base64?: undefined } | { text?: undefined; base64: string } | undefined;

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  get chunks(): readonly Buffer[] {
    return [this.#bytes];
  }

  bytes(): Buffer {
    return this.#bytes;
  }

  #resolve(): { text: string; base64?: undefined } | { text?: undefined; base64: string } {
    if (!this.#resolved) {
      const bytes = this.#bytes;
      const decoded = isUtf8(bytes) ? bytes.toString("utf8") : undefined;
      this.#resolved =
        decoded === undefined || decoded.charCodeAt(0) === 0xfeff || hasBinaryControl(decoded)
          ? { base64: bytes.toString("base64") }
          : { text: decoded };
    }
    return this.#resolved;
  }

  text(): string | undefined {
    return this.#resolve().text;
  }

  binary(): boolean {
    return this.#resolve().text === undefined;
  }

  field(key: LazyField): unknown {
    const r = this.#resolve();
    if (key === "kind") return r.text === undefined ? "binary" : "text";
    return key === "text" ? r.text : key === "base64" ? r.base64 : undefined;
  }

  captured(): Captured {
    return this;
  }
}

/** {@link bodyFromBytes} for a body that arrived in chunks: they are kept as they are and joined only when read. */
export function bodyFromChunks(chunks: readonly Buffer[], contentType?: string): Body | undefined {
  let length = 0;
  for (const c of chunks) length += c.length;
  return length === 0 ? undefined : capturedBody(chunks, length, contentType);
}

/** A streamed body (a watch) from its timed chunks. */
export function streamBody(chunks: StreamChunk[]): Body {
  let bytes = 0;
  for (const c of chunks) bytes += Buffer.byteLength(c.text);
  return { kind: "stream", chunks, bytes };
}

/** The exact text of a body, when it is textual; undefined for binary bodies. */
export function bodyText(body: Body): string | undefined {
  const captured = capturedBytes(body);
  if (captured !== undefined) return body.kind === "binary" ? undefined : captured.toString("utf8");
  switch (body.kind) {
    case "json":
      return body.raw ?? JSON.stringify(body.value) + "\n";
    case "text":
      return body.text;
    case "stream":
      return body.chunks.map((c) => c.text).join("");
    case "binary":
      return undefined;
  }
}

/** The bytes a body stands for: what a replay sends back. */
export function bodyBytes(body: Body): Buffer {
  const captured = capturedBytes(body);
  if (captured !== undefined) return captured;
  if (body.kind === "binary") return Buffer.from(body.base64, "base64");
  return Buffer.from(bodyText(body) ?? "", "utf8");
}

/** A plain-data copy of a body (lazy bodies resolved), safe to store or compare. */
export function plainBody(body: Body): Body {
  return JSON.parse(JSON.stringify(body)) as Body;
}

/**
 * A body whose fields are worked out on first read: redaction of a captured body waits until someone reads the
 * exchange (most never are), so recording costs nothing on the hot path, while every read, `JSON.stringify` and
 * spread sees only the redacted result. `resolve` gives the body to show and whether it is the captured one
 * unchanged: only then are the captured bytes offered (a replay of an in-memory recording sends them as they came).
 */
export function deferredBody(source: Body, resolve: () => { body: Body; unchanged: boolean }): Body {
  return lazyBody(source.bytes, new DeferredState(source, resolve), source.truncated === true);
}

/** A deferred body's source, and what it resolved to once read. */
class DeferredState implements LazyState {
  readonly #source: Body;
  #resolve: (() => { body: Body; unchanged: boolean }) | undefined;
  #result: { body: Body; unchanged: boolean } | undefined;

  constructor(source: Body, resolve: () => { body: Body; unchanged: boolean }) {
    this.#source = source;
    this.#resolve = resolve;
  }

  #get(): { body: Body; unchanged: boolean } {
    if (!this.#result) {
      this.#result = this.#resolve!();
      this.#resolve = undefined;
    }
    return this.#result;
  }

  field(key: LazyField): unknown {
    return (this.#get().body as unknown as Record<string, unknown>)[key];
  }

  captured(): Captured | undefined {
    return this.#get().unchanged ? (this.#source as WithCapturedBytes)[CAPTURED]?.captured() : undefined;
  }
}

import { jsonTextNestsDeeperThan } from "../normalize/index.js";
import type { Body, StreamChunk } from "./exchange.js";

/**
 * Captured bodies keep the bytes that came off the wire behind this symbol, out of sight of JSON serialisation:
 * a replay of an in-memory recording gives back exactly those bytes even when `value` would re-serialise
 * differently, and checks such as redaction's pre-scan can read them without decoding anything.
 */
const CAPTURED = Symbol("kubewire.captured");

type WithCapturedBytes = { [CAPTURED]?: { chunks: readonly Buffer[]; bytes: () => Buffer } };

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
  let joined: Buffer | undefined;
  const bytes = () => (joined ??= chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length));
  let resolved: Resolved | undefined;
  const resolve = (): Resolved => {
    if (resolved) return resolved;
    const all = bytes();
    const text = decodeUtf8(all);
    if (text === undefined || hasBinaryControl(text)) {
      resolved = { kind: "binary", base64: all.toString("base64") };
    } else if (
      (contentType === undefined || isJsonContentType(contentType)) &&
      looksLikeJsonDocument(text) &&
      // A document nested deeper than anything can walk stays text, so no reader of the value runs out of stack.
      !jsonTextNestsDeeperThan(text)
    ) {
      try {
        resolved = { kind: "json", text, value: JSON.parse(text) as unknown };
      } catch {
        resolved = { kind: "text", text };
      }
    } else {
      resolved = { kind: "text", text };
    }
    return resolved;
  };
  const field = <K extends "value" | "text" | "base64">(kind: Resolved["kind"], key: K) => ({
    enumerable: true,
    get: () => {
      const r = resolve();
      return r.kind === kind ? (r as Record<K, unknown>)[key] : undefined;
    },
  });
  const body = { bytes: length } as Body & WithCapturedBytes;
  Object.defineProperties(body, {
    kind: { enumerable: true, get: () => resolve().kind },
    value: field("json", "value"),
    raw: {
      enumerable: true,
      get: () => {
        const r = resolve();
        return r.kind === "json" && JSON.stringify(r.value) + "\n" !== r.text ? r.text : undefined;
      },
    },
    text: field("text", "text"),
    base64: field("binary", "base64"),
    [CAPTURED]: { enumerable: false, value: { chunks, bytes } },
  });
  return body;
}

/** The bytes a body was captured from, when it was captured from bytes (not built or loaded as data). */
export function capturedBytes(body: Body): Buffer | undefined {
  return (body as WithCapturedBytes)[CAPTURED]?.bytes();
}

/**
 * The chunks a body was captured in, without joining them: what a pre-scan (redaction's) reads on the hot path.
 */
export function capturedChunks(body: Body): readonly Buffer[] | undefined {
  return (body as WithCapturedBytes)[CAPTURED]?.chunks;
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

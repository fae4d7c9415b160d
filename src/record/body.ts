import type { Body, StreamChunk } from "./exchange.js";

/**
 * Captured bodies keep their exact text behind this symbol, out of sight of JSON serialisation, so a replay of an
 * in-memory recording gives back the bytes the server sent even when `value` would re-serialise differently.
 */
const EXACT_TEXT = Symbol("kubewire.exactText");

type WithExactText = { [EXACT_TEXT]?: string };

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

/**
 * A JSON body that parses its text only when `value` is first read. Recording stays cheap (the client parses
 * the same bytes anyway), and if the text turns out not to be JSON the body becomes a `text` body instead of
 * failing: every getter is an own enumerable property, so spreading or `JSON.stringify` sees a plain body.
 */
function lazyJsonBody(text: string, bytes: number): Body {
  let resolved: { kind: "json"; value: unknown } | { kind: "text" } | undefined;
  const resolve = () => {
    if (!resolved) {
      try {
        resolved = { kind: "json", value: JSON.parse(text) as unknown };
      } catch {
        resolved = { kind: "text" };
      }
    }
    return resolved;
  };
  const body = { bytes } as Body & WithExactText;
  Object.defineProperties(body, {
    kind: { enumerable: true, get: () => resolve().kind },
    value: {
      enumerable: true,
      get: () => (resolve().kind === "json" ? (resolved as { value: unknown }).value : undefined),
    },
    text: { enumerable: true, get: () => (resolve().kind === "text" ? text : undefined) },
    raw: {
      enumerable: true,
      get: () => {
        const r = resolve();
        return r.kind === "json" && JSON.stringify(r.value) + "\n" !== text ? text : undefined;
      },
    },
    [EXACT_TEXT]: { enumerable: false, value: text },
  });
  return body;
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
 * Classifies bytes as they came off the wire into a {@link Body}: JSON (parsed lazily) when the Content-Type says
 * JSON and the text is a JSON document, text when it is valid UTF-8 without control characters, binary otherwise.
 * Returns undefined for an empty body.
 */
export function bodyFromBytes(bytes: Uint8Array, contentType?: string): Body | undefined {
  if (bytes.length === 0) return undefined;
  const text = decodeUtf8(bytes);
  if (text === undefined || hasBinaryControl(text)) {
    return { kind: "binary", base64: Buffer.from(bytes).toString("base64"), bytes: bytes.length };
  }
  if ((contentType === undefined || isJsonContentType(contentType)) && looksLikeJsonDocument(text)) {
    return lazyJsonBody(text, bytes.length);
  }
  return { kind: "text", text, bytes: bytes.length };
}

/** A streamed body (a watch) from its timed chunks. */
export function streamBody(chunks: StreamChunk[]): Body {
  let bytes = 0;
  for (const c of chunks) bytes += Buffer.byteLength(c.text);
  return { kind: "stream", chunks, bytes };
}

/** The exact text of a body, when it is textual; undefined for binary bodies. */
export function bodyText(body: Body): string | undefined {
  const exact = (body as WithExactText)[EXACT_TEXT];
  if (exact !== undefined) return exact;
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
  if (body.kind === "binary") return Buffer.from(body.base64, "base64");
  return Buffer.from(bodyText(body) ?? "", "utf8");
}

/** A plain-data copy of a body (lazy bodies resolved), safe to store or compare. */
export function plainBody(body: Body): Body {
  return JSON.parse(JSON.stringify(body)) as Body;
}

import { parseJsonLossless } from "../normalize/lossless-json.js";
import { ProtobufDecodeError } from "./errors.js";
import type { ProtobufDecodeReason } from "./errors.js";
import { formatGoDuration } from "./go-duration.js";
import { formatGoTime } from "./go-time.js";
import { compareUtf8 } from "./json-text.js";
import { canonicalQuantity } from "./quantity.js";
import { requireMessageForKind, UNKNOWN, messageNamed } from "./schema.js";
import type { ProtoField, ProtoMessage, Scalar } from "./schema.js";
import { utf8Text, WireReader } from "./wire-reader.js";

/** How deep messages may nest (a JSONSchemaProps inside a map entry inside a JSONSchemaProps… counts each). */
export const MAX_MESSAGE_DEPTH = 256;
/** The `k8s\0` prefix of every Kubernetes protobuf body. */
export const MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);
/** Unknown field paths kept per decode: enough to say what a newer server added, bounded for hostile input. */
const MAX_UNKNOWN_FIELDS = 100;

type Json = unknown;
type Obj = Record<string, unknown>;
/** A message value's bytes, as [start, end) pairs: several when the field occurs more than once (they merge). */
type Chunks = number[];

/** What one decode found besides the JSON. */
export interface DecodeNotes {
  /** Paths of fields the v1.28 tables do not know (`spec.newField#45`): skipped, as Go skips them. */
  unknownFields: string[];
}

/** The `runtime.Unknown` envelope of a body. */
export interface Envelope {
  apiVersion: string;
  kind: string;
  contentEncoding: string;
  contentType: string;
  /** Where the object's own bytes are in the input. */
  rawStart: number | undefined;
  rawEnd: number;
}

/**
 * Turns protobuf bytes into the JSON the API server writes for the same object: fields in Go struct order, zero
 * values shown or omitted as Go's encoding/json does with the type's json tags (omitempty, pointers), the special
 * types (Time, Quantity, IntOrString, RawExtension, …) in their own JSON forms.
 */
export class Decoder {
  readonly r: WireReader;
  readonly notes: DecodeNotes = { unknownFields: [] };
  #depth = 0;
  readonly #path: (string | number)[] = [];

  constructor(buf: Uint8Array) {
    this.r = new WireReader(buf);
    this.r.where = () => this.path() || undefined;
  }

  /** The JSON path being read, for errors and notes. */
  path(): string {
    let out = "";
    for (const p of this.#path)
      out += typeof p === "number" ? `[${p}]` : out === "" ? p : p.startsWith("[") ? p : `.${p}`;
    return out;
  }

  fail(reason: ProtobufDecodeReason, message: string): never {
    throw new ProtobufDecodeError(reason, message, { path: this.path() || undefined });
  }

  /** Reads the `runtime.Unknown` envelope at [start, end) (after the `k8s\0` prefix). */
  envelope(start: number, end: number): Envelope {
    const unknown = messageNamed(UNKNOWN);
    const slots = this.#read(unknown, [start, end]);
    const typeMeta = slots[slotOf(unknown, 1)] as Chunks | undefined;
    let apiVersion = "";
    let kind = "";
    if (typeMeta) {
      const tm = messageNamed("k8s.io.apimachinery.pkg.runtime.TypeMeta");
      const s = this.#read(tm, typeMeta);
      apiVersion = (s[slotOf(tm, 1)] as string | undefined) ?? "";
      kind = (s[slotOf(tm, 2)] as string | undefined) ?? "";
    }
    const raw = slots[slotOf(unknown, 2)] as Uint8Array | undefined;
    const rawStart = raw ? raw.byteOffset - this.r.buf.byteOffset : undefined;
    return {
      apiVersion,
      kind,
      contentEncoding: (slots[slotOf(unknown, 3)] as string | undefined) ?? "",
      contentType: (slots[slotOf(unknown, 4)] as string | undefined) ?? "",
      rawStart,
      rawEnd: rawStart === undefined ? 0 : rawStart + raw!.length,
    };
  }

  /**
   * The object an envelope holds: its message decoded, with `kind` and `apiVersion` first when the Go type embeds
   * TypeMeta; raw JSON when the envelope says its content is JSON.
   */
  envelopeObject(env: Envelope): { object: Json; message: ProtoMessage | undefined } {
    if (env.contentEncoding !== "")
      this.fail(
        "content",
        `the envelope's content encoding ${JSON.stringify(env.contentEncoding.slice(0, 40))} is not read`,
      );
    const ct = env.contentType.toLowerCase();
    if (ct === "application/json" || ct.startsWith("application/json;")) {
      return {
        object: this.#rawJson(env.rawStart === undefined ? undefined : [env.rawStart, env.rawEnd]),
        message: undefined,
      };
    }
    if (ct !== "" && !ct.startsWith("application/vnd.kubernetes.protobuf"))
      this.fail(
        "content",
        `the envelope's content type ${JSON.stringify(env.contentType.slice(0, 60))} is not read`,
      );
    const message = requireMessageForKind(env.apiVersion, env.kind);
    const out: Obj = {};
    if (message.typeMeta) {
      if (env.kind !== "") out.kind = env.kind;
      if (env.apiVersion !== "") out.apiVersion = env.apiVersion;
    }
    const chunks = env.rawStart === undefined ? undefined : [env.rawStart, env.rawEnd];
    return { object: this.message(message, chunks, out), message };
  }

  /** A message's JSON value; `chunks` undefined means absent (Go's zero value). */
  message(type: ProtoMessage, chunks: Chunks | undefined, out?: Obj): Json {
    if (++this.#depth > MAX_MESSAGE_DEPTH)
      this.fail("depth", `messages nested deeper than ${MAX_MESSAGE_DEPTH}`);
    try {
      return this.#form(type, chunks, out);
    } finally {
      this.#depth--;
    }
  }

  #form(type: ProtoMessage, chunks: Chunks | undefined, out: Obj | undefined): Json {
    switch (type.form) {
      case "struct":
        return this.#struct(type, this.#read(type, chunks), out ?? {});
      case "stringList":
        return this.#read(type, chunks)[0] ?? [];
      case "time":
      case "microTime":
        return this.#time(type, chunks);
      case "duration": {
        const ns = this.#read(type, chunks)[slotOf(type, 1)] as number | bigint | undefined;
        return formatGoDuration(ns ?? 0);
      }
      case "intOrString": {
        const s = this.#read(type, chunks);
        const kind = (s[slotOf(type, 1)] as number | bigint | undefined) ?? 0;
        if (kind === 0) return s[slotOf(type, 2)] ?? 0;
        if (kind === 1) return s[slotOf(type, 3)] ?? "";
        return this.fail("value", "an IntOrString whose type is neither 0 (int) nor 1 (string)");
      }
      case "quantity": {
        if (chunks === undefined) return "0";
        const s = this.#read(type, chunks.slice(-2));
        const text = s[slotOf(type, 1)] as string | undefined;
        if (text === undefined) return "0";
        const q = canonicalQuantity(text);
        return q ?? this.fail("value", "a Quantity that is not a quantity");
      }
      case "rawExtension":
      case "rawJson": {
        const raw = this.#read(type, chunks)[slotOf(type, 1)] as Uint8Array | undefined;
        return this.#rawValue(raw, type.form === "rawExtension");
      }
      case "unknown":
        return this.#unknownField(type, chunks);
      case "schemaOrArray": {
        const s = this.#read(type, chunks);
        const [schemaField, listField] = [type.byNumber[1]!, type.byNumber[2]!];
        const list = s[listField.slot] as Chunks | undefined;
        if (list && list.length > 0) return this.#elements(listField, list);
        const one = s[schemaField.slot] as Chunks | undefined;
        return one ? this.#child(schemaField, one) : null;
      }
      case "schemaOrBool": {
        const s = this.#read(type, chunks);
        const schemaField = type.byNumber[2]!;
        const schema = s[schemaField.slot] as Chunks | undefined;
        if (schema) return this.#child(schemaField, schema);
        return s[slotOf(type, 1)] ?? false;
      }
      case "schemaOrStringArray": {
        const s = this.#read(type, chunks);
        const property = s[slotOf(type, 2)] as string[] | undefined;
        if (property && property.length > 0) return property;
        const schemaField = type.byNumber[1]!;
        const schema = s[schemaField.slot] as Chunks | undefined;
        return schema ? this.#child(schemaField, schema) : null;
      }
    }
  }

  #time(type: ProtoMessage, chunks: Chunks | undefined): Json {
    // Time and MicroTime unmarshal by replacing: the last occurrence counts; no bytes is the zero time.
    if (chunks === undefined || chunks.at(-1) === chunks.at(-2)) return null;
    const s = this.#read(type, chunks.slice(-2));
    const seconds = (s[slotOf(type, 1)] as number | bigint | undefined) ?? 0;
    const nanos = (s[slotOf(type, 2)] as number | undefined) ?? 0;
    const text = formatGoTime(seconds, nanos, type.form === "microTime");
    return text === undefined ? this.fail("value", "a time too far from the epoch to write") : text;
  }

  #rawValue(raw: Uint8Array | undefined, embedded: boolean): Json {
    if (raw === undefined || raw.length === 0) return null;
    const start = raw.byteOffset - this.r.buf.byteOffset;
    if (embedded && startsWithMagic(raw)) {
      const env = this.envelope(start + MAGIC.length, start + raw.length);
      return this.envelopeObject(env).object;
    }
    return this.#rawJson([start, start + raw.length]);
  }

  #rawJson(chunk: Chunks | undefined): Json {
    if (chunk === undefined || chunk[0] === chunk[1]) return null;
    const text = utf8Text(this.r.buf, chunk[0]!, chunk[1]!);
    try {
      return parseJsonLossless(text);
    } catch {
      return this.fail("value", "a raw JSON field that does not hold JSON");
    }
  }

  /** runtime.Unknown as a field (audit events): raw JSON, or a protobuf object its TypeMeta names. */
  #unknownField(type: ProtoMessage, chunks: Chunks | undefined): Json {
    if (chunks === undefined) return null;
    const env = this.envelope(chunks[0]!, chunks[1]!);
    const ct = env.contentType;
    if (ct === "" || ct === "application/json")
      return this.#rawJson(env.rawStart === undefined ? undefined : [env.rawStart, env.rawEnd]);
    return this.envelopeObject(env).object;
  }

  /** Reads a message's fields into slots (one per field; several chunks merge, as Go's Unmarshal does). */
  #read(type: ProtoMessage, chunks: Chunks | undefined): unknown[] {
    const slots = new Array<unknown>(type.fields.length);
    if (chunks === undefined) return slots;
    for (let i = 0; i < chunks.length; i += 2) this.#readChunk(type, slots, chunks[i]!, chunks[i + 1]!);
    return slots;
  }

  #readChunk(type: ProtoMessage, slots: unknown[], start: number, end: number): void {
    const r = this.r;
    r.pos = start;
    while (r.pos < end) {
      const at = r.pos;
      r.varint(end);
      const wire = r.lo & 7;
      const number = (r.hi << 29) | (r.lo >>> 3) | 0;
      if (number <= 0) r.fail("tag", `illegal field number ${number}`, at);
      if (wire === 4) r.fail("tag", "an end-group tag outside a group", at);
      const f = type.byNumber[number];
      if (f === undefined) {
        r.skip(wire, end);
        this.#noteUnknown(type, number);
        continue;
      }
      if (f.map) {
        if (wire !== 2) this.#wrongWire(f, wire, at);
        const n = r.length(end);
        const entryEnd = r.pos + n;
        const map = (slots[f.slot] ??= new Map<string, unknown>()) as Map<string, unknown>;
        this.#mapEntry(f, map, entryEnd);
        r.pos = entryEnd;
        continue;
      }
      const t = f.type;
      if (typeof t !== "string" || t === "string" || t === "bytes") {
        if (wire !== 2) this.#wrongWire(f, wire, at);
        const n = r.length(end);
        const s = r.pos;
        r.pos += n;
        if (typeof t !== "string") {
          const list = slots[f.slot] as Chunks | undefined;
          if (list) list.push(s, s + n);
          else slots[f.slot] = [s, s + n];
        } else {
          const v = t === "string" ? utf8Text(r.buf, s, s + n) : r.buf.subarray(s, s + n);
          if (f.repeated) ((slots[f.slot] ??= []) as unknown[]).push(v);
          else slots[f.slot] = v;
        }
        continue;
      }
      const expected = t === "double" ? 1 : 0;
      if (wire === expected) {
        const v = this.#scalar(t, end);
        if (f.repeated) ((slots[f.slot] ??= []) as unknown[]).push(v);
        else slots[f.slot] = v;
      } else if (wire === 2 && f.repeated) {
        const n = r.length(end);
        const packedEnd = r.pos + n;
        const list = (slots[f.slot] ??= []) as unknown[];
        while (r.pos < packedEnd) list.push(this.#scalar(t, packedEnd));
      } else this.#wrongWire(f, wire, at);
    }
  }

  #scalar(t: Scalar, end: number): unknown {
    const r = this.r;
    if (t === "double") return r.double(end);
    r.varint(end);
    if (t === "int32") return r.int32();
    if (t === "bool") return (r.lo | r.hi) !== 0;
    return r.int64();
  }

  #wrongWire(f: ProtoField, wire: number, at: number): never {
    this.#path.push(f.json || `#${f.number}`);
    this.r.fail("wire-type", `wire type ${wire} for field ${f.number}`, at);
  }

  #noteUnknown(type: ProtoMessage, number: number): void {
    const list = this.notes.unknownFields;
    if (list.length >= MAX_UNKNOWN_FIELDS) return;
    const p = this.path();
    const name = `${p ? `${p}.` : ""}#${number}`;
    if (!list.includes(name)) list.push(type.form === "struct" ? name : `${name} (${type.name})`);
  }

  /** One map entry (key 1, value 2; anything else skipped), stored decoded. */
  #mapEntry(f: ProtoField, map: Map<string, unknown>, end: number): void {
    const r = this.r;
    let key = "";
    let value: unknown;
    let chunk: Chunks | undefined;
    const t = f.type;
    while (r.pos < end) {
      const at = r.pos;
      r.varint(end);
      const wire = r.lo & 7;
      const number = (r.hi << 29) | (r.lo >>> 3) | 0;
      if (number <= 0) r.fail("tag", `illegal field number ${number}`, at);
      if (wire === 4) r.fail("tag", "an end-group tag outside a group", at);
      if (number > 2) {
        r.skip(wire, end);
        continue;
      }
      if (wire !== 2) this.#wrongWire(f, wire, at);
      const n = r.length(end);
      const s = r.pos;
      r.pos += n;
      if (number === 1) key = utf8Text(r.buf, s, s + n);
      else if (t === "string") value = utf8Text(r.buf, s, s + n);
      else if (t === "bytes") value = r.buf.subarray(s, s + n);
      else chunk = [s, s + n];
    }
    if (typeof t !== "string") {
      this.#path.push(f.json, key);
      const type = t;
      // A missing value is Go's zero value, except that a named slice (ExtraValue) is never nil in a map.
      value = chunk === undefined && type.form === "stringList" ? [] : this.message(type, chunk);
      this.#path.length -= 2;
    } else if (t === "bytes") value = base64(value as Uint8Array | undefined);
    else if (value === undefined) value = t === "string" ? "" : value;
    map.set(key, value);
  }

  #child(f: ProtoField, chunks: Chunks | undefined): Json {
    this.#path.push(f.json || `#${f.number}`);
    const v = this.message(f.type as ProtoMessage, chunks);
    this.#path.pop();
    return v;
  }

  #elements(f: ProtoField, chunks: Chunks): Json[] {
    const type = f.type as ProtoMessage;
    const out = new Array<Json>(chunks.length / 2);
    this.#path.push(f.json);
    for (let i = 0; i < chunks.length; i += 2) {
      this.#path.push(i / 2);
      out[i / 2] = this.message(type, [chunks[i]!, chunks[i + 1]!]);
      this.#path.pop();
    }
    this.#path.pop();
    return out;
  }

  /** A struct's JSON object, with Go encoding/json's rules for each field. */
  #struct(type: ProtoMessage, slots: unknown[], out: Obj): Obj {
    for (const f of type.fields) {
      const v = slots[f.slot];
      if (f.inline) {
        // An embedded struct: its fields sit in this object, at this place.
        const inner = this.message(f.type as ProtoMessage, v as Chunks | undefined);
        if (inner !== null && typeof inner === "object" && !Array.isArray(inner)) Object.assign(out, inner);
        continue;
      }
      const key = f.json;
      if (f.map) {
        const map = v as Map<string, unknown> | undefined;
        if (map && map.size > 0) set(out, key, sortedObject(map));
        else if (!f.omitempty) out[key] = null;
        continue;
      }
      const t = f.type;
      if (f.repeated) {
        const list = v as unknown[] | undefined;
        if (!list || list.length === 0) {
          if (!f.omitempty) out[key] = null;
        } else if (typeof t !== "string") out[key] = this.#elements(f, list as Chunks);
        else
          out[key] =
            t === "bytes"
              ? list.map((b) => base64(b as Uint8Array))
              : t === "double"
                ? list.map(finite(this))
                : list;
        continue;
      }
      if (typeof t === "string") {
        if (v === undefined) {
          if (f.pointer || t === "bytes") {
            if (!f.omitempty) out[key] = null;
          } else if (!f.omitempty) out[key] = zeroOf(t);
        } else if (t === "bytes") {
          if (!(f.omitempty && (v as Uint8Array).length === 0)) out[key] = base64(v as Uint8Array);
        } else if (f.pointer || !f.omitempty || !isZero(v)) out[key] = t === "double" ? finite(this)(v) : v;
        continue;
      }
      if (v === undefined && (f.pointer || t.form === "stringList")) {
        if (!f.omitempty) out[key] = null;
        continue;
      }
      const value = this.#child(f, v as Chunks | undefined);
      if (t.form === "stringList" && f.omitempty && (value as unknown[]).length === 0) continue;
      out[key] = value;
    }
    return out;
  }
}

function slotOf(type: ProtoMessage, number: number): number {
  return type.byNumber[number]!.slot;
}

function startsWithMagic(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x6b && b[1] === 0x38 && b[2] === 0x73 && b[3] === 0x00;
}

function base64(b: Uint8Array | undefined): string {
  if (b === undefined) return "";
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString("base64");
}

function zeroOf(t: Scalar): unknown {
  return t === "string" ? "" : t === "bool" ? false : 0;
}

function isZero(v: unknown): boolean {
  return v === "" || v === 0 || v === false;
}

function finite(d: Decoder): (v: unknown) => unknown {
  return (v) =>
    Number.isFinite(v) ? v : d.fail("value", "a double that is NaN or infinite, which JSON cannot hold");
}

/** A Go map in JSON: keys sorted by their UTF-8 bytes; `__proto__` stays a key. */
function sortedObject(map: Map<string, unknown>): Obj {
  const out: Obj = {};
  for (const k of [...map.keys()].sort(compareUtf8)) set(out, k, map.get(k));
  return out;
}

function set(out: Obj, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

import { decodeBase64 } from "../normalize/secret-data.js";
import { MAX_MESSAGE_DEPTH } from "./decode.js";
import { ProtobufEncodeError } from "./errors.js";
import { parseGoDuration } from "./go-duration.js";
import { parseGoTime } from "./go-time.js";
import { compareUtf8, goJsonText } from "./json-text.js";
import { canonicalQuantity } from "./quantity.js";
import { messageForKind, WATCH_EVENT } from "./schema.js";
import type { ProtoField, ProtoMessage, Scalar } from "./schema.js";
import { WireWriter } from "./wire-writer.js";

/** Options of an encode. */
export interface EncodeOptions {
  /**
   * What to do with JSON keys the type has no field for: `"ignore"` drops them, as the API server's decoder does
   * (the default); `"error"` throws a {@link ProtobufEncodeError} naming the first one.
   */
  unknownFields?: "ignore" | "error";
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const EMPTY = new Uint8Array(0);
const MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

type Obj = Record<string, unknown>;

/**
 * Turns JSON into protobuf as kube-apiserver's generated (gogo) code marshals the Go value that JSON decodes to:
 * fields in ascending number order, map entries sorted by key, non-pointer fields always written (their zero
 * value when the JSON lacks them), pointer, slice, map and byte fields only when set.
 */
export class Encoder {
  readonly w = new WireWriter();
  readonly #strict: boolean;
  readonly #path: (string | number)[] = [];
  #depth = 0;
  /** Inside a watch event, whose object the API server writes as protobuf. */
  #embedding = false;
  /** JSON keys each struct reads (its own and its inline structs'), for `unknownFields: "error"`. */
  static readonly #keys = new WeakMap<ProtoMessage, Set<string>>();

  constructor(options: EncodeOptions = {}) {
    this.#strict = options.unknownFields === "error";
  }

  path(): string {
    let out = "";
    for (const p of this.#path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
    return out;
  }

  fail(problem: string): never {
    throw new ProtobufEncodeError(this.path(), problem);
  }

  /** `k8s\0`, then the `runtime.Unknown` envelope around the object's message. */
  envelope(message: ProtoMessage, apiVersion: string, kind: string, object: Obj): void {
    const w = this.w;
    w.raw(MAGIC);
    w.uint32(0x0a);
    const tm = w.begin();
    w.uint32(0x0a);
    w.string(apiVersion);
    w.uint32(0x12);
    w.string(kind);
    w.end(tm);
    w.uint32(0x12);
    const raw = w.begin();
    this.struct(message, object, true);
    w.end(raw);
    w.uint32(0x1a);
    w.uint32(0);
    w.uint32(0x22);
    w.uint32(0);
  }

  /** A message's fields (no key, no length): the value `v` in the message's JSON form. */
  message(type: ProtoMessage, v: unknown): void {
    if (++this.#depth > MAX_MESSAGE_DEPTH) this.fail(`nested deeper than ${MAX_MESSAGE_DEPTH} messages`);
    try {
      this.#form(type, v === null ? undefined : v);
    } finally {
      this.#depth--;
    }
  }

  #form(type: ProtoMessage, v: unknown): void {
    const w = this.w;
    switch (type.form) {
      case "struct":
        if (v !== undefined && (typeof v !== "object" || Array.isArray(v)))
          this.fail(`expected an object, got ${describe(v)}`);
        return this.struct(type, (v ?? {}) as Obj, false);
      case "stringList":
        if (v === undefined) return;
        if (!Array.isArray(v)) this.fail(`expected an array of strings, got ${describe(v)}`);
        for (let i = 0; i < v.length; i++) {
          w.uint32(0x0a);
          this.#path.push(i);
          w.string(this.#string(v[i]));
          this.#path.pop();
        }
        return;
      case "time":
      case "microTime": {
        if (v === undefined) return; // the zero time: no bytes
        if (typeof v !== "string") this.fail(`expected a time (RFC 3339 text), got ${describe(v)}`);
        const t = parseGoTime(v, type.form === "microTime");
        if (typeof t === "string") this.fail(t);
        w.uint32(0x08);
        w.int64(t.seconds);
        w.uint32(0x10);
        // metav1.Time keeps whole seconds in protobuf as in JSON; MicroTime keeps microseconds.
        w.int32(type.form === "microTime" ? Math.trunc(t.nanos / 1000) * 1000 : 0);
        return;
      }
      case "duration": {
        let ns = 0n;
        if (v !== undefined) {
          if (typeof v !== "string") this.fail(`expected a duration (such as "1m30s"), got ${describe(v)}`);
          const parsed = parseGoDuration(v);
          if (parsed === undefined) this.fail("not a Go duration");
          ns = parsed;
        }
        w.uint32(0x08);
        w.int64(ns);
        return;
      }
      case "intOrString": {
        const isString = typeof v === "string";
        if (v !== undefined && !isString && typeof v !== "number" && typeof v !== "bigint")
          this.fail(`expected an integer or a string, got ${describe(v)}`);
        w.uint32(0x08);
        w.uint32(isString ? 1 : 0);
        w.uint32(0x10);
        w.int32(isString || v === undefined ? 0 : this.#int32(v));
        w.uint32(0x1a);
        w.string(isString ? v : "");
        return;
      }
      case "quantity": {
        let text = "0";
        if (v !== undefined) {
          if (typeof v !== "string" && typeof v !== "number" && typeof v !== "bigint")
            this.fail(`expected a quantity, got ${describe(v)}`);
          const q = canonicalQuantity(typeof v === "string" ? v.trim() : String(v));
          if (q === undefined) this.fail("not a quantity");
          text = q;
        }
        w.uint32(0x0a);
        w.string(text);
        return;
      }
      case "rawExtension":
      case "rawJson": {
        if (v === undefined) return;
        w.uint32(0x0a);
        w.bytes(this.#jsonBytes(v));
        return;
      }
      case "unknown": {
        w.uint32(0x0a);
        w.uint32(4);
        w.uint32(0x0a);
        w.uint32(0);
        w.uint32(0x12);
        w.uint32(0);
        if (v !== undefined) {
          w.uint32(0x12);
          w.bytes(this.#jsonBytes(v));
        }
        w.uint32(0x1a);
        w.uint32(0);
        w.uint32(0x22);
        w.string("application/json");
        return;
      }
      case "schemaOrArray": {
        if (v === undefined) return;
        if (Array.isArray(v)) return this.#repeatedMessages(type.byNumber[2]!, v);
        return this.#messageField(type.byNumber[1]!, v);
      }
      case "schemaOrBool": {
        const schema = v !== undefined && typeof v === "object";
        if (v !== undefined && !schema && typeof v !== "boolean")
          this.fail(`expected a boolean or a schema, got ${describe(v)}`);
        w.uint32(0x08);
        w.uint32(schema || v === true ? 1 : 0);
        if (schema) this.#messageField(type.byNumber[2]!, v);
        return;
      }
      case "schemaOrStringArray": {
        if (v === undefined) return;
        if (Array.isArray(v)) {
          const f = type.byNumber[2]!;
          this.#path.push(f.json);
          for (let i = 0; i < v.length; i++) {
            this.#path.push(i);
            w.raw(f.key);
            w.string(this.#string(v[i]));
            this.#path.pop();
          }
          this.#path.pop();
          return;
        }
        return this.#messageField(type.byNumber[1]!, v);
      }
    }
  }

  /** A struct's fields from a JSON object, in field number order. */
  struct(type: ProtoMessage, obj: Obj, topLevel: boolean): void {
    if (this.#strict) this.#checkKeys(type, obj, topLevel);
    const w = this.w;
    const embedding = this.#embedding;
    this.#embedding = type.name === WATCH_EVENT;
    for (const f of type.wireOrder) {
      if (f.inline) {
        // An embedded struct reads its fields from this same object.
        w.raw(f.key);
        const mark = w.begin();
        if (++this.#depth > MAX_MESSAGE_DEPTH) this.fail(`nested deeper than ${MAX_MESSAGE_DEPTH} messages`);
        this.struct(f.type as ProtoMessage, obj, false);
        this.#depth--;
        w.end(mark);
        continue;
      }
      let v = Object.hasOwn(obj, f.json) ? obj[f.json] : undefined;
      if (v === null) v = undefined;
      const t = f.type;
      if (f.map) {
        if (v === undefined) continue;
        this.#path.push(f.json);
        this.#map(f, v);
        this.#path.pop();
        continue;
      }
      if (f.repeated) {
        if (v === undefined) continue;
        this.#path.push(f.json);
        if (!Array.isArray(v)) this.fail(`expected an array, got ${describe(v)}`);
        if (typeof t === "string") this.#repeatedScalars(f, t, v);
        else {
          this.#path.pop();
          this.#repeatedMessages(f, v);
          continue;
        }
        this.#path.pop();
        continue;
      }
      if (typeof t === "string") {
        if (v === undefined && (f.pointer || t === "bytes")) continue;
        this.#path.push(f.json);
        w.raw(f.key);
        this.#scalar(t, v);
        this.#path.pop();
        continue;
      }
      if (v === undefined && (f.pointer || t.form === "stringList")) continue;
      this.#messageField(f, v);
    }
    this.#embedding = embedding;
  }

  #messageField(f: ProtoField, v: unknown): void {
    this.#path.push(f.json);
    const w = this.w;
    w.raw(f.key);
    const mark = w.begin();
    this.message(f.type as ProtoMessage, v);
    w.end(mark);
    this.#path.pop();
  }

  #repeatedMessages(f: ProtoField, list: unknown[]): void {
    const w = this.w;
    const type = f.type as ProtoMessage;
    this.#path.push(f.json);
    for (let i = 0; i < list.length; i++) {
      this.#path.push(i);
      w.raw(f.key);
      const mark = w.begin();
      this.message(type, list[i]);
      w.end(mark);
      this.#path.pop();
    }
    this.#path.pop();
  }

  #repeatedScalars(f: ProtoField, t: Scalar, list: unknown[]): void {
    for (let i = 0; i < list.length; i++) {
      this.#path.push(i);
      this.w.raw(f.key);
      this.#scalar(t, list[i] ?? undefined);
      this.#path.pop();
    }
  }

  #map(f: ProtoField, v: unknown): void {
    if (typeof v !== "object" || v === null || Array.isArray(v))
      this.fail(`expected an object, got ${describe(v)}`);
    const w = this.w;
    const t = f.type;
    const obj = v as Obj;
    for (const key of Object.keys(obj).sort(compareUtf8)) {
      const value = obj[key] ?? undefined;
      this.#path.push(key);
      w.raw(f.key);
      const mark = w.begin();
      w.uint32(0x0a);
      w.string(key);
      if (typeof t === "string") {
        // A nil []byte value is left out of its entry; a string is always written.
        if (!(t === "bytes" && value === undefined)) {
          w.uint32(t === "string" || t === "bytes" ? 0x12 : 0x10);
          this.#scalar(t, value);
        }
      } else {
        w.uint32(0x12);
        const inner = w.begin();
        this.message(t, value);
        w.end(inner);
      }
      w.end(mark);
      this.#path.pop();
    }
  }

  #scalar(t: Scalar, v: unknown): void {
    const w = this.w;
    switch (t) {
      case "string":
        return w.string(v === undefined ? "" : this.#string(v));
      case "bool":
        if (v !== undefined && typeof v !== "boolean") this.fail(`expected a boolean, got ${describe(v)}`);
        return w.uint32(v === true ? 1 : 0);
      case "int32":
        return w.int32(v === undefined ? 0 : this.#int32(v));
      case "int64":
        return w.int64(v === undefined ? 0 : this.#int64(v));
      case "double":
        if (v !== undefined && typeof v !== "number" && typeof v !== "bigint")
          this.fail(`expected a number, got ${describe(v)}`);
        if (typeof v === "number" && !Number.isFinite(v)) this.fail("expected a finite number");
        return w.double(v === undefined ? 0 : Number(v));
      case "bytes": {
        if (v === undefined) return w.bytes(EMPTY); // a nil element of a [][]byte
        if (typeof v !== "string") this.fail(`expected base64 text, got ${describe(v)}`);
        let bytes: Uint8Array;
        try {
          bytes = v === "" ? EMPTY : decodeBase64(v);
        } catch {
          this.fail("not base64 text");
        }
        return w.bytes(bytes);
      }
    }
  }

  #string(v: unknown): string {
    if (v === null || v === undefined) return "";
    if (typeof v !== "string") this.fail(`expected a string, got ${describe(v)}`);
    return v;
  }

  #int32(v: unknown): number {
    const n = typeof v === "bigint" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isInteger(n)) this.fail(`expected an integer, got ${describe(v)}`);
    if (n < INT32_MIN || n > INT32_MAX) this.fail("integer out of the int32 range");
    return n;
  }

  #int64(v: unknown): number | bigint {
    if (typeof v === "bigint") {
      if (v < INT64_MIN || v > INT64_MAX) this.fail("integer out of the int64 range");
      return v;
    }
    if (typeof v !== "number" || !Number.isInteger(v)) this.fail(`expected an integer, got ${describe(v)}`);
    if (!Number.isSafeInteger(v)) {
      const big = BigInt(v);
      if (big < INT64_MIN || big > INT64_MAX) this.fail("integer out of the int64 range");
      return big;
    }
    return v;
  }

  /**
   * A raw field's bytes. A watch event's object is written the way the API server writes it (the object's own
   * protobuf, in its envelope) when its kind has a message; every other raw field holds JSON text, as Go keeps
   * it after decoding JSON.
   */
  #jsonBytes(v: unknown): Uint8Array {
    if (this.#embedding && typeof v === "object" && v !== null && !Array.isArray(v)) {
      const obj = v as Obj;
      const { apiVersion, kind } = obj;
      const message =
        typeof apiVersion === "string" && typeof kind === "string"
          ? messageForKind(apiVersion, kind)
          : undefined;
      if (message) {
        const nested = new Encoder({ unknownFields: this.#strict ? "error" : "ignore" });
        nested.#path.push(...this.#path);
        nested.#depth = this.#depth;
        nested.envelope(message, apiVersion as string, kind as string, obj);
        return nested.w.finish();
      }
    }
    const json = goJsonText(v);
    if ("problem" in json) this.fail(json.problem);
    return new TextEncoder().encode(json.text);
  }

  #checkKeys(type: ProtoMessage, obj: Obj, topLevel: boolean): void {
    let keys = Encoder.#keys.get(type);
    if (!keys) {
      keys = new Set();
      const add = (m: ProtoMessage) => {
        for (const f of m.fields)
          if (f.inline) add(f.type as ProtoMessage);
          else keys!.add(f.json);
      };
      add(type);
      Encoder.#keys.set(type, keys);
    }
    for (const k of Object.keys(obj)) {
      if (keys.has(k)) continue;
      if (type.typeMeta && (k === "kind" || k === "apiVersion")) continue;
      if (topLevel && (k === "kind" || k === "apiVersion")) continue;
      this.#path.push(k);
      this.fail(`the type ${type.name} has no field ${JSON.stringify(k.slice(0, 100))}`);
    }
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

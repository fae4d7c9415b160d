/**
 * A swagger 2.0 document in the protobuf form kubectl asks for (`Accept:
 * application/com.github.proto-openapi.spec.v2@v1.0+protobuf`, gnostic's `openapi.v2.Document`): kubectl parses
 * nothing else from `/openapi/v2`, and it reads it to validate what it cannot have the server validate (a `kind:
 * List`). Field numbers are gnostic's OpenAPIv2.proto; `Any` values are written as their YAML, in JSON form (which
 * is YAML), as gnostic does.
 */
import { isPlainObject } from "../json.js";

export const OPENAPI_V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
/** The Content-Type kube-openapi answers it with: the same type, spelled without the `@`. */
export const OPENAPI_V2_PROTOBUF_RETURNED = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

type Obj = Record<string, unknown>;

/** A protobuf message being written: fields in the order they are added. */
class Message {
  readonly #parts: Buffer[] = [];

  #varint(n: number): void {
    const bytes: number[] = [];
    let v = BigInt.asUintN(64, BigInt(Math.trunc(n)));
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      bytes.push(byte);
    } while (v !== 0n);
    this.#parts.push(Buffer.from(bytes));
  }

  #key(field: number, wire: number): void {
    this.#varint(field * 8 + wire);
  }

  bytes(field: number, value: Buffer): this {
    this.#key(field, 2);
    this.#varint(value.length);
    this.#parts.push(value);
    return this;
  }

  string(field: number, value: unknown): this {
    return typeof value === "string" && value !== "" ? this.bytes(field, Buffer.from(value)) : this;
  }

  strings(field: number, values: unknown): this {
    if (Array.isArray(values))
      for (const v of values) if (typeof v === "string") this.bytes(field, Buffer.from(v));
    return this;
  }

  bool(field: number, value: unknown): this {
    if (value === true) {
      this.#key(field, 0);
      this.#varint(1);
    }
    return this;
  }

  int(field: number, value: unknown): this {
    if (typeof value === "number" && value !== 0) {
      this.#key(field, 0);
      this.#varint(value);
    }
    return this;
  }

  double(field: number, value: unknown): this {
    if (typeof value === "number") {
      this.#key(field, 1);
      const b = Buffer.alloc(8);
      b.writeDoubleLE(value);
      this.#parts.push(b);
    }
    return this;
  }

  message(field: number, value: Message | undefined): this {
    return value ? this.bytes(field, value.encode()) : this;
  }

  encode(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

/** gnostic's `Any`: the value as YAML (JSON is YAML). */
function any(value: unknown): Message {
  return new Message().string(2, JSON.stringify(value) + "\n");
}

function vendorExtensions(m: Message, field: number, obj: Obj): void {
  for (const [name, value] of Object.entries(obj))
    if (name.startsWith("x-")) m.message(field, new Message().string(1, name).message(2, any(value)));
}

function schema(s: Obj): Message {
  const m = new Message().string(1, s.$ref).string(2, s.format).string(3, s.title).string(4, s.description);
  if (s.default !== undefined) m.message(5, any(s.default));
  m.double(6, s.multipleOf).double(7, s.maximum).bool(8, s.exclusiveMaximum).double(9, s.minimum);
  m.bool(10, s.exclusiveMinimum).int(11, s.maxLength).int(12, s.minLength).string(13, s.pattern);
  m.int(14, s.maxItems).int(15, s.minItems).bool(16, s.uniqueItems).int(17, s.maxProperties);
  m.int(18, s.minProperties).strings(19, s.required);
  if (Array.isArray(s.enum)) for (const e of s.enum) m.message(20, any(e));
  const additional = s.additionalProperties;
  if (isPlainObject(additional)) m.message(21, new Message().message(1, schema(additional)));
  else if (typeof additional === "boolean") m.message(21, new Message().bool(2, additional));
  if (typeof s.type === "string") m.message(22, new Message().string(1, s.type));
  if (isPlainObject(s.items)) m.message(23, new Message().message(1, schema(s.items)));
  if (Array.isArray(s.allOf)) for (const a of s.allOf) if (isPlainObject(a)) m.message(24, schema(a));
  if (isPlainObject(s.properties)) {
    const properties = new Message();
    for (const [name, p] of Object.entries(s.properties))
      if (isPlainObject(p)) properties.message(1, new Message().string(1, name).message(2, schema(p)));
    m.message(25, properties);
  }
  m.bool(27, s.readOnly);
  if (s.example !== undefined) m.message(30, any(s.example));
  vendorExtensions(m, 31, s);
  return m;
}

function parameter(p: Obj): Message {
  const query = new Message()
    .bool(1, p.required)
    .string(2, p.in)
    .string(3, p.description)
    .string(4, p.name)
    .string(6, p.type)
    .bool(20, p.uniqueItems);
  return new Message().message(1, new Message().message(2, new Message().message(3, query)));
}

const METHODS: Record<string, number> = { get: 2, put: 3, post: 4, delete: 5, patch: 8 };

function operation(op: Obj): Message {
  const m = new Message().string(3, op.description).string(5, op.operationId);
  if (Array.isArray(op.parameters))
    for (const p of op.parameters) if (isPlainObject(p)) m.message(8, parameter(p));
  vendorExtensions(m, 13, op);
  return m;
}

/** A swagger 2.0 document (JSON) as gnostic's protobuf. */
export function encodeOpenApiV2(doc: Obj): Buffer {
  const m = new Message().string(1, doc.swagger);
  const info = isPlainObject(doc.info) ? doc.info : {};
  m.message(2, new Message().string(1, info.title).string(2, info.version));
  const paths = new Message();
  for (const [path, item] of Object.entries(isPlainObject(doc.paths) ? doc.paths : {})) {
    const pathItem = new Message();
    for (const [method, op] of Object.entries(isPlainObject(item) ? item : {}))
      if (METHODS[method] !== undefined && isPlainObject(op))
        pathItem.message(METHODS[method], operation(op));
    paths.message(2, new Message().string(1, path).message(2, pathItem));
  }
  m.message(8, paths);
  const definitions = new Message();
  for (const [name, s] of Object.entries(isPlainObject(doc.definitions) ? doc.definitions : {}))
    if (isPlainObject(s)) definitions.message(1, new Message().string(1, name).message(2, schema(s)));
  m.message(9, definitions);
  return m.encode();
}

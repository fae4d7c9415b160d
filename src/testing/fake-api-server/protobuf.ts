/**
 * Kubernetes protobuf request bodies, for the few kinds kubectl's generators send that way and that matter here:
 * `kubectl create secret|configmap|namespace|serviceaccount` post `application/vnd.kubernetes.protobuf`. A body is
 * the magic `k8s\0` and a `runtime.Unknown` envelope (typeMeta, raw) around the object's own message; field numbers
 * are those of k8s.io/api/core/v1 and apimachinery meta/v1 `generated.proto`. Go writes empty strings and zero
 * numbers for plain fields, which JSON would omit: they are dropped.
 */

type Obj = Record<string, unknown>;

/** A protobuf body the server cannot read: answered 415. */
export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtobufError";
  }
}

interface Field {
  no: number;
  wire: number;
  /** Varint value (wire type 0). */
  int?: bigint;
  /** Bytes (wire type 2). */
  bytes?: Uint8Array;
}

function readFields(buf: Uint8Array): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new ProtobufError("truncated protobuf varint");
      const b = buf[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const no = key >>> 3;
    const wire = key & 7;
    if (wire === 0) fields.push({ no, wire, int: varint() });
    else if (wire === 2) {
      const len = Number(varint());
      if (pos + len > buf.length) throw new ProtobufError("truncated protobuf field");
      fields.push({ no, wire, bytes: buf.subarray(pos, pos + len) });
      pos += len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new ProtobufError(`unsupported protobuf wire type ${wire}`);
  }
  return fields;
}

const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b ?? new Uint8Array());
const base64 = (b: Uint8Array | undefined) => Buffer.from(b ?? new Uint8Array()).toString("base64");

function strings(fields: Field[], no: number): string[] {
  return fields.filter((f) => f.no === no && f.bytes).map((f) => text(f.bytes));
}

function str(fields: Field[], no: number): string | undefined {
  const v = strings(fields, no).at(-1);
  return v === undefined || v === "" ? undefined : v;
}

function int(fields: Field[], no: number): number | undefined {
  const f = fields.filter((x) => x.no === no && x.int !== undefined).at(-1);
  return f?.int === undefined || f.int === 0n ? undefined : Number(BigInt.asIntN(64, f.int));
}

function bool(fields: Field[], no: number): boolean | undefined {
  const f = fields.filter((x) => x.no === no && x.int !== undefined).at(-1);
  return f?.int === undefined ? undefined : f.int !== 0n;
}

function message(fields: Field[], no: number): Field[] | undefined {
  const f = fields.filter((x) => x.no === no && x.bytes).at(-1);
  return f?.bytes ? readFields(f.bytes) : undefined;
}

function map(
  fields: Field[],
  no: number,
  value: (b: Uint8Array | undefined) => string,
): Record<string, string> | undefined {
  const entries = fields.filter((f) => f.no === no && f.bytes);
  if (entries.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    const kv = readFields(e.bytes!);
    out[text(kv.find((f) => f.no === 1)?.bytes)] = value(kv.find((f) => f.no === 2)?.bytes);
  }
  return out;
}

function set(obj: Obj, key: string, value: unknown): void {
  if (value !== undefined && !(Array.isArray(value) && value.length === 0)) obj[key] = value;
}

function time(fields: Field[] | undefined): string | undefined {
  const seconds = fields ? int(fields, 1) : undefined;
  return seconds === undefined ? undefined : new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function objectMeta(f: Field[]): Obj {
  const m: Obj = {};
  set(m, "name", str(f, 1));
  set(m, "generateName", str(f, 2));
  set(m, "namespace", str(f, 3));
  set(m, "uid", str(f, 5));
  set(m, "resourceVersion", str(f, 6));
  set(m, "generation", int(f, 7));
  set(m, "creationTimestamp", time(message(f, 8)));
  set(m, "labels", map(f, 11, text));
  set(m, "annotations", map(f, 12, text));
  set(
    m,
    "ownerReferences",
    f
      .filter((x) => x.no === 13 && x.bytes)
      .map((x) => {
        const r = readFields(x.bytes!);
        const o: Obj = {};
        set(o, "apiVersion", str(r, 5));
        set(o, "kind", str(r, 1));
        set(o, "name", str(r, 3));
        set(o, "uid", str(r, 4));
        set(o, "controller", bool(r, 6));
        set(o, "blockOwnerDeletion", bool(r, 7));
        return o;
      }),
  );
  set(m, "finalizers", strings(f, 14));
  return m;
}

function reference(f: Field[], full: boolean): Obj {
  const o: Obj = {};
  if (full) {
    set(o, "kind", str(f, 1));
    set(o, "namespace", str(f, 2));
    set(o, "name", str(f, 3));
    set(o, "uid", str(f, 4));
    set(o, "apiVersion", str(f, 5));
  } else set(o, "name", str(f, 1));
  return o;
}

const DECODERS: Record<string, (f: Field[]) => Obj> = {
  Secret: (f) => {
    const o: Obj = {};
    set(o, "metadata", objectMeta(message(f, 1) ?? []));
    set(o, "immutable", bool(f, 5));
    set(o, "data", map(f, 2, base64));
    set(o, "stringData", map(f, 4, text));
    set(o, "type", str(f, 3));
    return o;
  },
  ConfigMap: (f) => {
    const o: Obj = {};
    set(o, "metadata", objectMeta(message(f, 1) ?? []));
    set(o, "immutable", bool(f, 4));
    set(o, "data", map(f, 2, text));
    set(o, "binaryData", map(f, 3, base64));
    return o;
  },
  Namespace: (f) => {
    const o: Obj = {};
    set(o, "metadata", objectMeta(message(f, 1) ?? []));
    const spec = message(f, 2);
    const finalizers = spec ? strings(spec, 1) : [];
    if (finalizers.length > 0) o.spec = { finalizers };
    return o;
  },
  ServiceAccount: (f) => {
    const o: Obj = {};
    set(o, "metadata", objectMeta(message(f, 1) ?? []));
    set(
      o,
      "secrets",
      f.filter((x) => x.no === 2 && x.bytes).map((x) => reference(readFields(x.bytes!), true)),
    );
    set(
      o,
      "imagePullSecrets",
      f.filter((x) => x.no === 3 && x.bytes).map((x) => reference(readFields(x.bytes!), false)),
    );
    set(o, "automountServiceAccountToken", bool(f, 4));
    return o;
  },
};

/** The kinds whose protobuf bodies the server reads. */
export const PROTOBUF_KINDS = Object.keys(DECODERS);

/** Decodes a `application/vnd.kubernetes.protobuf` body into the JSON object it stands for. */
export function decodeKubernetesProtobuf(body: Uint8Array): Obj {
  const magic = [0x6b, 0x38, 0x73, 0x00];
  if (body.length < 4 || magic.some((b, i) => body[i] !== b))
    throw new ProtobufError("not a Kubernetes protobuf body");
  const unknown = readFields(body.subarray(4));
  const typeMeta = message(unknown, 1) ?? [];
  const apiVersion = str(typeMeta, 1) ?? "";
  const kind = str(typeMeta, 2) ?? "";
  const decode = apiVersion === "v1" ? DECODERS[kind] : undefined;
  if (!decode)
    throw new ProtobufError(
      `kubewire's in-memory API server reads protobuf bodies only for v1 ${PROTOBUF_KINDS.join(", ")} (got ${apiVersion} ${kind}); send JSON`,
    );
  const raw = unknown.find((f) => f.no === 2 && f.bytes)?.bytes ?? new Uint8Array();
  return { apiVersion, kind, ...decode(readFields(raw)) };
}

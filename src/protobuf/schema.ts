import { TABLES_JSON } from "./data/tables.js";
import { ProtobufUnknownTypeError } from "./errors.js";

/** Protobuf scalar types the Kubernetes messages use. */
export type Scalar = "string" | "bool" | "bytes" | "int32" | "int64" | "double";

/**
 * How a message looks in JSON. `struct`: an object of its fields. The others are Go types with their own JSON
 * (`MarshalJSON`) — a few apimachinery and apiextensions types, listed by name in {@link FORMS} — and `stringList`,
 * a named `[]string` (`Verbs`, `ExtraValue`) that protobuf wraps in a message of one repeated `items`.
 */
export type Form =
  | "struct"
  | "stringList"
  | "time"
  | "microTime"
  | "duration"
  | "intOrString"
  | "quantity"
  | "rawExtension"
  | "unknown"
  | "rawJson"
  | "schemaOrArray"
  | "schemaOrBool"
  | "schemaOrStringArray";

export interface ProtoField {
  readonly number: number;
  /** The JSON key ("" for an inline struct, whose fields sit in the parent's object). */
  readonly json: string;
  /** The value type; for a map, the type of its values (keys are strings). */
  readonly type: Scalar | ProtoMessage;
  readonly map: boolean;
  readonly repeated: boolean;
  /** A Go pointer: written only when set, and a zero value it holds still shows in JSON. */
  readonly pointer: boolean;
  readonly omitempty: boolean;
  readonly inline: boolean;
  /** Position in {@link ProtoMessage.fields}. */
  readonly slot: number;
  /** The field's key (number and wire type) as a varint, ready to write. */
  readonly key: Uint8Array;
}

export interface ProtoMessage {
  /** Full protobuf name, such as `k8s.io.api.apps.v1.Deployment`. */
  readonly name: string;
  readonly form: Form;
  /** The Go struct embeds TypeMeta: a top-level object of this message has `kind` and `apiVersion`. */
  readonly typeMeta: boolean;
  /** Fields in Go struct order, which is JSON key order. */
  readonly fields: readonly ProtoField[];
  /** Fields in ascending field number, the order Go's generated code writes them. */
  readonly wireOrder: readonly ProtoField[];
  /** Fields by number (sparse). */
  readonly byNumber: readonly (ProtoField | undefined)[];
  /** API group and version of the message's package, when it is an API group version. */
  readonly group: string | undefined;
  readonly version: string | undefined;
}

const META = "k8s.io.apimachinery.pkg.apis.meta.v1";
const APIEXTENSIONS = "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions";

/** The messages whose Go types marshal their own JSON. */
const FORMS: Record<string, Form> = {
  [`${META}.Time`]: "time",
  [`${META}.MicroTime`]: "microTime",
  [`${META}.Duration`]: "duration",
  [`${META}.FieldsV1`]: "rawJson",
  "k8s.io.apimachinery.pkg.util.intstr.IntOrString": "intOrString",
  "k8s.io.apimachinery.pkg.api.resource.Quantity": "quantity",
  "k8s.io.apimachinery.pkg.api.resource.QuantityValue": "quantity",
  "k8s.io.apimachinery.pkg.runtime.RawExtension": "rawExtension",
  "k8s.io.apimachinery.pkg.runtime.Unknown": "unknown",
  [`${APIEXTENSIONS}.v1.JSON`]: "rawJson",
  [`${APIEXTENSIONS}.v1beta1.JSON`]: "rawJson",
  [`${APIEXTENSIONS}.v1.JSONSchemaPropsOrArray`]: "schemaOrArray",
  [`${APIEXTENSIONS}.v1beta1.JSONSchemaPropsOrArray`]: "schemaOrArray",
  [`${APIEXTENSIONS}.v1.JSONSchemaPropsOrBool`]: "schemaOrBool",
  [`${APIEXTENSIONS}.v1beta1.JSONSchemaPropsOrBool`]: "schemaOrBool",
  [`${APIEXTENSIONS}.v1.JSONSchemaPropsOrStringArray`]: "schemaOrStringArray",
  [`${APIEXTENSIONS}.v1beta1.JSONSchemaPropsOrStringArray`]: "schemaOrStringArray",
};

/** The message of a watch stream's frames. */
export const WATCH_EVENT = `${META}.WatchEvent`;
/** The envelope around every body: `k8s\0` then this message. */
export const UNKNOWN = "k8s.io.apimachinery.pkg.runtime.Unknown";

// Flags, as scripts/generate-protobuf-tables.js writes them.
const FIELD_POINTER = 1;
const FIELD_OMITEMPTY = 2;
const FIELD_INLINE = 4;
const FIELD_REPEATED = 8;
const MESSAGE_TYPE_META = 1;
const MESSAGE_STRING_LIST = 2;

type RawType = string | number | [string, string | number];
type RawField = [number, string, RawType, number];
interface RawTables {
  packages: ([string] | [string, string, string])[];
  messages: [number, string, number, RawField[]][];
}

export interface Schema {
  readonly messages: ReadonlyMap<string, ProtoMessage>;
  /** Top-level kinds by `group/version/kind` (core: `/v1/Pod`). */
  readonly kinds: ReadonlyMap<string, ProtoMessage>;
}

let loaded: Schema | undefined;

/** The message tables, parsed on first use (importing the codec costs nothing until it runs). */
export function schema(): Schema {
  return (loaded ??= build(JSON.parse(TABLES_JSON) as RawTables));
}

export function wireTypeOf(type: Scalar | ProtoMessage): number {
  if (typeof type !== "string") return 2;
  if (type === "string" || type === "bytes") return 2;
  return type === "double" ? 1 : 0;
}

function varintBytes(n: number): Uint8Array {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Uint8Array.from(out);
}

function build(raw: RawTables): Schema {
  type Mutable = { -readonly [K in keyof ProtoMessage]: ProtoMessage[K] };
  const list: Mutable[] = raw.messages.map(([pkg, short, flags]) => {
    const [packageName, group, version] = raw.packages[pkg]!;
    const name = `${packageName}.${short}`;
    return {
      name,
      form: FORMS[name] ?? (flags & MESSAGE_STRING_LIST ? "stringList" : "struct"),
      typeMeta: (flags & MESSAGE_TYPE_META) !== 0,
      fields: [],
      wireOrder: [],
      byNumber: [],
      group,
      version,
    };
  });
  const typeOf = (t: string | number): Scalar | ProtoMessage =>
    typeof t === "number" ? list[t]! : (t as Scalar);
  raw.messages.forEach(([, , , rawFields], i) => {
    const message = list[i]!;
    const fields = rawFields.map(([number, json, t, flags], slot): ProtoField => {
      const map = Array.isArray(t);
      const type = typeOf(map ? t[1] : t);
      const repeated = (flags & FIELD_REPEATED) !== 0;
      const wireType = map ? 2 : wireTypeOf(type);
      return {
        number,
        json,
        type,
        map,
        repeated,
        pointer: (flags & FIELD_POINTER) !== 0,
        omitempty: (flags & FIELD_OMITEMPTY) !== 0,
        inline: (flags & FIELD_INLINE) !== 0,
        slot,
        key: varintBytes(number * 8 + wireType),
      };
    });
    const byNumber: ProtoField[] = [];
    for (const f of fields) byNumber[f.number] = f;
    message.fields = fields;
    message.wireOrder = [...fields].sort((a, b) => a.number - b.number);
    message.byNumber = byNumber;
  });
  const messages = new Map(list.map((m) => [m.name, m as ProtoMessage]));
  const kinds = new Map<string, ProtoMessage>();
  for (const m of list)
    if (m.typeMeta && m.version !== undefined)
      kinds.set(`${m.group}/${m.version}/${m.name.slice(m.name.lastIndexOf(".") + 1)}`, m);
  return { messages, kinds };
}

/** The message named `name` (full protobuf name). @throws {ProtobufUnknownTypeError} */
export function messageNamed(name: string): ProtoMessage {
  const m = schema().messages.get(name);
  if (!m) throw new ProtobufUnknownTypeError({ messageName: name });
  return m;
}

/** Splits `apps/v1` into group and version (`v1` is the core group, ""). */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * The message of a top-level object: the kind in its group version, or else one of the meta.k8s.io/v1 kinds every
 * group version serves (`Status`, `DeleteOptions`, `WatchEvent`…), as the API server registers them.
 */
export function messageForKind(apiVersion: string, kind: string): ProtoMessage | undefined {
  const { group, version } = parseApiVersion(apiVersion);
  const { kinds } = schema();
  return kinds.get(`${group}/${version}/${kind}`) ?? kinds.get(`meta.k8s.io/v1/${kind}`);
}

/** {@link messageForKind}, or an error naming the kind. @throws {ProtobufUnknownTypeError} */
export function requireMessageForKind(apiVersion: string, kind: string): ProtoMessage {
  const m = messageForKind(apiVersion, kind);
  if (!m) throw new ProtobufUnknownTypeError({ apiVersion, kind });
  return m;
}

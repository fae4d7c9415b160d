import { KubewireError } from "../errors.js";

/** Why bytes could not be decoded; stable, for callers that branch on it. */
export type ProtobufDecodeReason =
  | "magic" // no `k8s\0` prefix where an envelope was expected
  | "truncated" // a varint, length or value runs past the end of its message
  | "varint" // a varint longer than 10 bytes
  | "length" // a length that is negative or larger than the message holding it
  | "tag" // field number 0 or negative, an end-group tag outside a group
  | "wire-type" // a known field with the wrong wire type, or wire type 6/7
  | "depth" // messages nested deeper than the codec follows
  | "value" // a value Go's JSON encoder refuses (an IntOrString type, NaN, a raw field that is not JSON)
  | "content" // an envelope whose contentEncoding or contentType the codec does not read
  | "frame"; // a watch frame cut short

/**
 * Bytes that are not a well-formed Kubernetes protobuf message. Says where (byte offset, field path) and why, never
 * what the bytes held.
 */
export class ProtobufDecodeError extends KubewireError {
  readonly reason: ProtobufDecodeReason;
  /** Byte offset in the input where the problem was found, when known. */
  readonly offset: number | undefined;
  /** The JSON path of the field being read (`spec.template.metadata`), when known. */
  readonly path: string | undefined;

  constructor(
    reason: ProtobufDecodeReason,
    message: string,
    where: { offset?: number | undefined; path?: string | undefined } = {},
  ) {
    const at = [
      where.path ? `at ${where.path}` : "",
      where.offset !== undefined ? `(byte ${where.offset})` : "",
    ].filter(Boolean);
    super(
      "KUBEWIRE_PROTOBUF_DECODE",
      `cannot decode protobuf: ${message}${at.length ? ` ${at.join(" ")}` : ""}`,
    );
    this.name = "ProtobufDecodeError";
    this.reason = reason;
    this.offset = where.offset;
    this.path = where.path;
  }
}

/**
 * A JSON value that has no protobuf form: a field of the wrong JSON type, a number out of range, a time or
 * duration Go would not parse. Says where and what was expected, never the value.
 */
export class ProtobufEncodeError extends KubewireError {
  /** The JSON path of the offending field. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super("KUBEWIRE_PROTOBUF_ENCODE", `cannot encode ${path || "(object)"} as protobuf: ${problem}`);
    this.name = "ProtobufEncodeError";
    this.path = path;
  }
}

/** A kind (apiVersion and kind) or message name the tables do not hold. */
export class ProtobufUnknownTypeError extends KubewireError {
  readonly apiVersion: string | undefined;
  readonly kind: string | undefined;
  /** The protobuf message name asked for, when a message rather than a kind was named. */
  readonly messageName: string | undefined;

  constructor(what: { apiVersion?: string; kind?: string; messageName?: string }) {
    const name =
      what.messageName !== undefined
        ? `protobuf message ${quote(what.messageName)}`
        : `kind ${quote(what.kind ?? "")} of apiVersion ${quote(what.apiVersion ?? "")}`;
    super(
      "KUBEWIRE_PROTOBUF_UNKNOWN_TYPE",
      `no Kubernetes protobuf message for ${name} (built-in types of Kubernetes 1.28 only; custom resources have no protobuf form)`,
    );
    this.name = "ProtobufUnknownTypeError";
    this.apiVersion = what.apiVersion;
    this.kind = what.kind;
    this.messageName = what.messageName;
  }
}

/** A name from the input, quoted and cut short: an error message must stay readable whatever the bytes held. */
function quote(text: string): string {
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}

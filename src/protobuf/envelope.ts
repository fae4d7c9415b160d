import { Decoder, MAGIC } from "./decode.js";
import { Encoder } from "./encode.js";
import type { EncodeOptions } from "./encode.js";
import { ProtobufDecodeError, ProtobufEncodeError } from "./errors.js";
import { messageNamed, requireMessageForKind } from "./schema.js";

/** The media type of Kubernetes protobuf bodies. */
export const PROTOBUF_MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

/** A body decoded from `application/vnd.kubernetes.protobuf`. */
export interface DecodedProtobuf {
  /** From the envelope's TypeMeta. */
  apiVersion: string;
  kind: string;
  /** The object as the API server writes it in JSON (int64 beyond 2^53 as `bigint`). */
  object: unknown;
  /** The protobuf message decoded (`k8s.io.api.apps.v1.Deployment`); undefined when the envelope held JSON. */
  message: string | undefined;
  /**
   * Fields the Kubernetes 1.28 tables do not know (from a newer server or client), as `path#number`: skipped, as
   * Go skips them; the JSON lacks them.
   */
  unknownFields: string[];
}

/** A decoded protobuf message that is not a whole body (a watch frame, a message named by the caller). */
export interface DecodedMessage {
  value: unknown;
  unknownFields: string[];
}

/** Whether bytes start with the `k8s\0` prefix of a Kubernetes protobuf body. */
export function isKubernetesProtobuf(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x6b && bytes[1] === 0x38 && bytes[2] === 0x73 && bytes[3] === 0x00
  );
}

function requireBytes(bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new ProtobufDecodeError("magic", "expected bytes (a Uint8Array)");
}

/**
 * Decodes an `application/vnd.kubernetes.protobuf` body: the `k8s\0` prefix, the `runtime.Unknown` envelope
 * (TypeMeta, raw, contentEncoding, contentType) and the object's message, into the JSON the API server would have
 * sent for the same object (Go field order, omitempty and pointer semantics, Time/Quantity/IntOrString/… forms).
 *
 * @throws {ProtobufDecodeError} for bytes that are not such a body (with a stable `reason`)
 * @throws {ProtobufUnknownTypeError} for a kind the tables do not hold
 */
export function decodeKubernetesProtobuf(bytes: Uint8Array): DecodedProtobuf {
  requireBytes(bytes);
  if (!isKubernetesProtobuf(bytes))
    throw new ProtobufDecodeError("magic", "not a Kubernetes protobuf body (no k8s\\0 prefix)", {
      offset: 0,
    });
  const d = new Decoder(bytes);
  const env = d.envelope(MAGIC.length, bytes.length);
  const { object, message } = d.envelopeObject(env);
  return {
    apiVersion: env.apiVersion,
    kind: env.kind,
    object,
    message: message?.name,
    unknownFields: d.notes.unknownFields,
  };
}

/**
 * Encodes a JSON object (it needs `apiVersion` and `kind`) as kube-apiserver marshals it to
 * `application/vnd.kubernetes.protobuf`: `k8s\0`, the `runtime.Unknown` envelope, the object's message.
 *
 * @throws {ProtobufEncodeError} for a value that has no protobuf form (says where)
 * @throws {ProtobufUnknownTypeError} for a kind the tables do not hold (custom resources have no protobuf form)
 */
export function encodeKubernetesProtobuf(object: unknown, options: EncodeOptions = {}): Uint8Array {
  if (typeof object !== "object" || object === null || Array.isArray(object))
    throw new ProtobufEncodeError("", "expected a Kubernetes object");
  const { apiVersion, kind } = object as Record<string, unknown>;
  if (typeof apiVersion !== "string" || typeof kind !== "string" || kind === "")
    throw new ProtobufEncodeError("", "an object needs apiVersion and kind to be encoded as protobuf");
  const message = requireMessageForKind(apiVersion, kind);
  const e = new Encoder(options);
  e.envelope(message, apiVersion, kind, object as Record<string, unknown>);
  return e.w.finish();
}

/**
 * Decodes one message without an envelope, named by its full protobuf name
 * (`k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent`).
 */
export function decodeProtobufMessage(messageName: string, bytes: Uint8Array): DecodedMessage {
  requireBytes(bytes);
  const type = messageNamed(messageName);
  const d = new Decoder(bytes);
  const value = d.message(type, [0, bytes.length]);
  return { value, unknownFields: d.notes.unknownFields };
}

/** Encodes one message without an envelope (the inverse of {@link decodeProtobufMessage}). */
export function encodeProtobufMessage(
  messageName: string,
  value: unknown,
  options: EncodeOptions = {},
): Uint8Array {
  const type = messageNamed(messageName);
  const e = new Encoder(options);
  e.message(type, value);
  return e.w.finish();
}

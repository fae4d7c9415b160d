// The Kubernetes protobuf codec (internal barrel; not a public subpath). See docs/protobuf.md.
export {
  decodeKubernetesProtobuf,
  decodeProtobufMessage,
  encodeKubernetesProtobuf,
  encodeProtobufMessage,
  isKubernetesProtobuf,
  PROTOBUF_MEDIA_TYPE,
} from "./envelope.js";
export type { DecodedMessage, DecodedProtobuf } from "./envelope.js";
export type { EncodeOptions } from "./encode.js";
export { ProtobufDecodeError, ProtobufEncodeError, ProtobufUnknownTypeError } from "./errors.js";
export type { ProtobufDecodeReason } from "./errors.js";
export { messageForKind } from "./schema.js";
export {
  decodeWatchEventFrame,
  decodeWatchStream,
  encodeWatchEventFrame,
  PROTOBUF_WATCH_MEDIA_TYPE,
  ProtobufWatchDecoder,
} from "./watch.js";
export type { ProtobufWatchEvent } from "./watch.js";

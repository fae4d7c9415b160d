// The Kubernetes protobuf codec (internal barrel; not a public subpath). See docs/protobuf.md.
export {
  decodeKubernetesProtobuf,
  decodeProtobufMessage,
  encodeKubernetesProtobuf,
  encodeProtobufMessage,
  PROTOBUF_MEDIA_TYPE,
} from "./envelope.js";
export { ProtobufDecodeError, ProtobufEncodeError, ProtobufUnknownTypeError } from "./errors.js";
export { messageForKind } from "./schema.js";
export {
  decodeWatchEventFrame,
  decodeWatchStream,
  encodeWatchEventFrame,
  ProtobufWatchDecoder,
} from "./watch.js";

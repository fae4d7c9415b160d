/**
 * A built-in object as kube-apiserver stores and writes it: decoded into its Go type and encoded again, so fields
 * come in Go struct order, zero values Go always writes are present, quantities are canonical, and fields the type
 * does not have are gone. The protobuf codec's tables are that type information (src/protobuf, docs/protobuf.md).
 */
import {
  decodeKubernetesProtobuf,
  encodeKubernetesProtobuf,
  messageForKind,
} from "../../../protobuf/index.js";
import type { ResourceType } from "../resource-types.js";
import type { Obj } from "../store.js";

/** `obj` in its typed form; custom resources and objects the type cannot hold come back as they are. */
export function typedForm(type: ResourceType, obj: Obj): Obj {
  if (type.crd || typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") return obj;
  if (!messageForKind(obj.apiVersion, obj.kind)) return obj;
  try {
    return decodeKubernetesProtobuf(encodeKubernetesProtobuf(obj)).object as Obj;
  } catch {
    // A value the type cannot hold: validation has already said what the server says about it.
    return obj;
  }
}

/** Request bodies as kube-apiserver decodes them: JSON, YAML, or Kubernetes protobuf. */
import { parseAllDocuments } from "yaml";
import {
  decodeKubernetesProtobuf,
  ProtobufDecodeError,
  ProtobufUnknownTypeError,
} from "../../protobuf/index.js";
import { ApiStatusError, badRequest, statusBody } from "./status.js";
import { readStrictJson } from "./strict-json.js";

/**
 * The body of a create or update, read strictly: the value, and the fields a JSON body gives twice (merged as the
 * Go types merge them when `typed`).
 */
export function parseObjectBody(
  bytes: Buffer,
  contentType: string | undefined,
  typed: boolean,
): { value: unknown; duplicates: string[] } {
  const value = parseBody(bytes, contentType);
  if (/yaml|protobuf/.test(contentType ?? "") || value === undefined) return { value, duplicates: [] };
  // The body parsed as JSON already: reading it again cannot fail.
  const strict = readStrictJson(bytes.toString("utf8"), typed);
  return strict ?? { value, duplicates: [] };
}

/** The body's value (undefined when empty), or a 400/415 Status error. */
export function parseBody(bytes: Buffer, contentType: string | undefined): unknown {
  if (/application\/vnd\.kubernetes\.protobuf/.test(contentType ?? "")) {
    try {
      return decodeKubernetesProtobuf(bytes).object;
    } catch (error) {
      if (error instanceof ProtobufDecodeError || error instanceof ProtobufUnknownTypeError)
        throw new ApiStatusError(statusBody(415, "UnsupportedMediaType", error.message));
      throw error;
    }
  }
  const text = bytes.toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    if (/yaml/.test(contentType ?? "")) {
      const doc = parseAllDocuments(text)[0];
      if (doc && doc.errors.length > 0) throw new Error("invalid YAML");
      if (doc) return doc.toJS() as unknown;
    }
    return JSON.parse(text) as unknown;
  } catch (error) {
    // JavaScript's parse errors quote the text around the error, which may be a Secret value: say only where.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    throw badRequest(
      `couldn't get version/kind; json parse error: invalid JSON${at !== undefined ? ` at offset ${at}` : ""}`,
    );
  }
}

/** A server-side apply body: YAML (JSON is YAML), or the 400 the server answers one it cannot decode. */
export function parseApplyBody(bytes: Buffer): unknown {
  const doc = parseAllDocuments(bytes.toString("utf8"))[0];
  if (!doc || doc.errors.length > 0)
    // The parser's message may quote the body (a Secret's values): say only that it did not parse.
    throw badRequest("error decoding YAML: the body is not valid YAML");
  return doc.toJS() as unknown;
}

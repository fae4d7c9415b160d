import { parseAllDocuments } from "yaml";
import { valueNestsDeeperThan } from "../../normalize/json-depth.js";
import { isPlainObject } from "./json.js";
import { ManifestError } from "./manifest-error.js";
import type { Obj } from "./store.js";

/**
 * Parses a multi-document YAML or JSON manifest into objects (`List` kinds flattened).
 *
 * @throws {ManifestError} when the text is not YAML, or its aliases expand without bound or refer to themselves.
 */
export function parseManifests(text: string): Obj[] {
  const out: Obj[] = [];
  const push = (v: unknown) => {
    if (!isPlainObject(v)) return;
    if (typeof v.kind === "string" && v.kind.endsWith("List") && Array.isArray(v.items))
      v.items.forEach(push);
    else out.push(v);
  };
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new ManifestError(`is not valid YAML (${doc.errors[0]!.code})`);
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (error) {
      // yaml refuses aliases that expand without bound (a "billion laughs") with a ReferenceError.
      throw new ManifestError(`is not valid YAML (${(error as Error).message})`);
    }
    if (valueNestsDeeperThan(value)) throw new ManifestError("nests too deep, or an alias refers to itself");
    push(value);
  }
  return out;
}

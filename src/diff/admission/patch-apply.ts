/*
 * Applying a patch to the object as it was, to know what a patch or apply request asked for: the API server's
 * own patch semantics from src/normalize/patch.ts. Server-side apply is approximated by a strategic merge patch
 * (its field ownership rules are not modelled), and custom resources get the merge patch semantics of types
 * without patch metadata: lists are replaced.
 */
import { applyMergePatch } from "../../normalize/merge-patch.js";
import { applyJsonPatch, applyStrategicMergePatch, builtinPatchMeta } from "../../normalize/patch.js";

export { applyJsonPatch, applyMergePatch };

/** Strategic merge patch (and, approximately, server-side apply) with the built-in kinds' merge keys. */
export function applyStrategicPatch(target: unknown, patch: unknown): unknown {
  const kind = (target as { kind?: unknown } | null)?.kind;
  return applyStrategicMergePatch(target, patch, (path) =>
    typeof kind === "string" ? builtinPatchMeta(kind, path) : {},
  );
}

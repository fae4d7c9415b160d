/** patch (PATCH): a JSON patch, a merge patch or a strategic merge patch, applied to the object as served. */
import {
  applyJsonMergePatch,
  applyJsonPatch,
  applyStrategicMergePatch,
  builtinPatchMeta,
  PatchError,
} from "../../../normalize/patch.js";
import { isPlainObject } from "../json.js";
import { typeKey } from "../resource-types.js";
import { badRequest, notFound, unsupportedMediaType } from "../status.js";
import { objectKey } from "../store.js";
import { APPLY_PATCH, applyPatch } from "./apply.js";
import { patchFailed } from "./patch-failed.js";
import { groupResource, metaOf, present } from "./context.js";
import type { RegistryContext, Target, UpdateOptions, WriteResult } from "./context.js";
import { checkTypeMeta, decodeChecks, decodeTyped } from "./strategy.js";
import { checkResourceVersion, storeUpdate } from "./update.js";

export function patchObject(
  ctx: RegistryContext,
  target: Target,
  name: string,
  contentType: string,
  patchBody: unknown,
  options: UpdateOptions = {},
): WriteResult {
  const { type, version } = target;
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  if (mediaType === APPLY_PATCH) return applyPatch(ctx, target, name, patchBody, options);
  const accepted = [
    "application/json-patch+json",
    "application/merge-patch+json",
    // Custom resources have no Go struct to take patch strategies from.
    ...(type.crd ? [] : ["application/strategic-merge-patch+json"]),
    APPLY_PATCH,
  ];
  if (!accepted.includes(mediaType)) throw unsupportedMediaType(accepted);
  const entry = ctx.store.get(typeKey(type), objectKey(target.namespace, name));
  if (!entry) throw notFound(groupResource(type), name);
  const current = present(type, version, entry.object);
  let patched: unknown;
  try {
    if (mediaType === "application/json-patch+json") patched = applyJsonPatch(current, patchBody);
    else if (mediaType === "application/merge-patch+json") patched = applyJsonMergePatch(current, patchBody);
    else patched = applyStrategicMergePatch(current, patchBody, (path) => builtinPatchMeta(type.kind, path));
  } catch (error) {
    if (error instanceof PatchError) {
      if (error.statusCode === 400) throw badRequest(error.message);
      throw patchFailed();
    }
    throw error;
  }
  if (!isPlainObject(patched)) throw badRequest("the patched document is not an object");
  const pMeta = metaOf(patched);
  if (pMeta.name !== name)
    throw badRequest(
      `the name of the object (${String(pMeta.name)}) does not match the name on the URL (${name})`,
    );
  decodeChecks(type, version, patched);
  checkTypeMeta(ctx, target, patched);
  // A resourceVersion in the patch is a precondition (a patch that removes it is an unconditional write).
  const stored = metaOf(entry.object).resourceVersion;
  if (!checkResourceVersion(type, name, pMeta.resourceVersion, stored)) pMeta.resourceVersion = stored;
  const warnings: string[] = [];
  decodeTyped(type, version, patched, options, warnings);
  return storeUpdate(ctx, target, name, entry.object, patched, options, warnings);
}

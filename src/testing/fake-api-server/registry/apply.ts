/**
 * Server-side apply (PATCH with `application/apply-patch+yaml`), as kube-apiserver's PATCH handler drives
 * structured-merge-diff: the options checked, the configuration merged into the stored object (or creating it) by
 * the kind's schema with field managers and conflicts, then the ordinary create or update path (defaulting,
 * validation, generation, no-op detection) with the managedFields the apply computed.
 */
import { ApplyError, applyObject, patchOptionsStatus } from "../../../normalize/apply/index.js";
import { isPlainObject } from "../json.js";
import { typeKey } from "../resource-types.js";
import { ApiStatusError, badRequest, statusBody } from "../status.js";
import type { StatusBody } from "../status.js";
import { objectKey } from "../store.js";
import type { Obj } from "../store.js";
import { present } from "./context.js";
import type { RegistryContext, Target, UpdateOptions, WriteResult } from "./context.js";
import { createObject } from "./create.js";
import { objectSchemaOf } from "./field-ownership.js";
import { storeUpdate } from "./update.js";

export const APPLY_PATCH = "application/apply-patch+yaml";

function answerWith(status: object): ApiStatusError {
  return new ApiStatusError(status as StatusBody);
}

/** Applies `configuration` (the decoded YAML or JSON body) to the object `name` for `options.fieldManager`. */
export function applyPatch(
  ctx: RegistryContext,
  target: Target,
  name: string,
  configuration: unknown,
  options: UpdateOptions,
): WriteResult {
  const { type, version } = target;
  const invalidOptions = patchOptionsStatus(
    {
      ...(options.fieldManager !== undefined ? { fieldManager: options.fieldManager } : {}),
      ...(options.force !== undefined ? { force: options.force } : {}),
      ...(options.dryRun ? { dryRun: ["All"] } : {}),
      ...(options.fieldValidation !== undefined ? { fieldValidation: options.fieldValidation } : {}),
    },
    APPLY_PATCH,
  );
  if (invalidOptions) throw answerWith(invalidOptions);
  if (!isPlainObject(configuration)) throw badRequest("error decoding YAML: the body is not an object");
  const schema = objectSchemaOf(ctx, type, version);
  if (!schema)
    throw new ApiStatusError(
      statusBody(500, "InternalError", `Internal error occurred: no apply schema for ${type.kind}`),
    );
  const entry = ctx.store.get(typeKey(type), objectKey(target.namespace, name));
  const live = entry ? present(type, version, entry.object) : undefined;
  let result;
  try {
    result = applyObject({
      live,
      applied: configuration,
      manager: options.fieldManager!,
      force: options.force === true,
      schema,
      now: ctx.now(),
      ...(options.subresource ? { subresource: options.subresource } : {}),
      target: {
        name,
        ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
        resource: type.resource,
        group: type.group,
      },
    });
  } catch (error) {
    if (error instanceof ApplyError) throw answerWith(error.status);
    throw error;
  }
  if (result.conflicts) throw answerWith(result.status);
  const object = result.object as Obj;
  const applied: UpdateOptions = { ...options, applied: true };
  if (!entry) return createObject(ctx, target, object, applied);
  if (!result.changed) return { body: live!, code: 200, warnings: [] };
  return storeUpdate(ctx, target, name, entry.object, object, applied);
}

/**
 * Client-side apply's annotation under server-side apply (apimachinery `lastappliedmanager.go` and
 * `lastappliedupdater.go`): for the `kubectl` manager, fields the `last-applied-configuration` annotation recorded
 * with the values they still have may change hands without `force` (the move from client-side to server-side
 * apply), and after each apply the server rewrites the annotation from the applied configuration.
 */
import type { FieldSet } from "./field-set.js";
import { compareTyped } from "./merge-typed.js";
import type { ObjectSchema } from "./object-schema.js";
import { typed } from "./object-schema.js";
import { toFieldSet } from "./to-field-set.js";
import { validateTyped } from "./validate-typed.js";
import { copyValue, goJson, isMap } from "./value.js";
import type { Value, ValueMap } from "./value.js";

export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

function str(v: Value | undefined): string {
  return typeof v === "string" ? v : "";
}

function metadataOf(obj: ValueMap): ValueMap | undefined {
  return isMap(obj.metadata) ? obj.metadata : undefined;
}

function annotationsOf(obj: ValueMap): ValueMap | undefined {
  const a = metadataOf(obj)?.annotations;
  return isMap(a) ? a : undefined;
}

export function hasLastApplied(obj: ValueMap): boolean {
  return str(annotationsOf(obj)?.[LAST_APPLIED_ANNOTATION]) !== "";
}

/** The annotation's new value: the applied configuration without the annotation, as Go's JSON encoder writes it. */
export function buildLastApplied(patch: ValueMap): string {
  const obj = copyValue(patch);
  const meta = metadataOf(obj);
  const annotations =
    meta && isMap(meta.annotations) && Object.values(meta.annotations).every((v) => typeof v === "string")
      ? meta.annotations
      : undefined;
  if (annotations) delete annotations[LAST_APPLIED_ANNOTATION];
  else if (meta) delete meta.annotations;
  return goJson(obj) + "\n";
}

export function setLastApplied(obj: ValueMap, value: string): void {
  const meta = isMap(obj.metadata) ? obj.metadata : (obj.metadata = {});
  const annotations = isMap(meta.annotations) ? meta.annotations : (meta.annotations = {});
  annotations[LAST_APPLIED_ANNOTATION] = value;
}

/** The fields the client-side-apply annotation recorded with the values they still have. */
export function allowedConflictsFromLastApplied(os: ObjectSchema, live: ValueMap): FieldSet | undefined {
  const text = str(annotationsOf(live)?.[LAST_APPLIED_ANNOTATION]);
  if (text === "") return undefined;
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isMap(last) || str(last.apiVersion) !== os.apiVersion) return undefined;
  const lastTyped = typed(os, last);
  if (validateTyped(lastTyped).length > 0) return undefined;
  const { comparison, errors } = compareTyped(lastTyped, typed(os, live));
  if (errors.length > 0) return undefined;
  return toFieldSet(lastTyped)
    .difference(comparison.modified)
    .difference(comparison.added)
    .difference(comparison.removed);
}

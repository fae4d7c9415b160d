/**
 * The `scale` subresource (Deployments, StatefulSets, ReplicaSets, ReplicationControllers, and custom resources
 * whose CRD declares one): an `autoscaling/v1` Scale made from the object, and writes of a Scale that set the
 * object's replicas, with the Scale's resourceVersion as the object's precondition.
 */
import {
  applyJsonMergePatch,
  applyJsonPatch,
  applyStrategicMergePatch,
  PatchError,
} from "../../../normalize/patch.js";
import { isPlainObject } from "../json.js";
import { typeKey } from "../resource-types.js";
import { formatLabelSelector, formatSelectorMap } from "../selectors.js";
import { badRequest, invalid, notFound, unsupportedMediaType } from "../status.js";
import { objectKey } from "../store.js";
import type { Obj } from "../store.js";
import { groupResource, metaOf, text } from "./context.js";
import { patchFailed } from "./patch-failed.js";
import type { RegistryContext, Target, UpdateOptions, WriteResult } from "./context.js";
import { checkResourceVersion, storeUpdate } from "./update.js";

interface ScaleLayout {
  spec: string[];
  status: string[];
  selector: (obj: Obj) => string;
}

const path = (jsonPath: string) => jsonPath.replace(/^\./, "").split(".");

function at(obj: unknown, keys: readonly string[]): unknown {
  let cur = obj;
  for (const k of keys) cur = isPlainObject(cur) ? cur[k] : undefined;
  return cur;
}

function layout(target: Target): ScaleLayout {
  const { type, version } = target;
  const crdScale = type.crd?.scale[version];
  if (crdScale) {
    const selectorPath = crdScale.labelSelectorPath;
    return {
      spec: path(crdScale.specReplicasPath),
      status: path(crdScale.statusReplicasPath),
      selector: (obj) => {
        const v = selectorPath ? at(obj, path(selectorPath)) : undefined;
        return typeof v === "string" ? v : "";
      },
    };
  }
  const rc = type.group === "" && type.kind === "ReplicationController";
  return {
    spec: ["spec", "replicas"],
    status: ["status", "replicas"],
    selector: (obj) => (rc ? formatSelectorMap : formatLabelSelector)(at(obj, ["spec", "selector"])),
  };
}

function replicas(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

/** The Scale of a stored object. */
function scaleOf(target: Target, obj: Obj): Obj {
  const l = layout(target);
  const meta = metaOf(obj);
  const selector = l.selector(obj);
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: {
      name: meta.name,
      ...(meta.namespace !== undefined ? { namespace: meta.namespace } : {}),
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    // ScaleSpec.replicas is `omitempty` (ScaleStatus.replicas is not): a real server answers `"spec": {}` at 0.
    spec: replicas(at(obj, l.spec)) === 0 ? {} : { replicas: replicas(at(obj, l.spec)) },
    status: { replicas: replicas(at(obj, l.status)), ...(selector ? { selector } : {}) },
  };
}

function stored(ctx: RegistryContext, target: Target, name: string): Obj {
  const entry = ctx.store.get(typeKey(target.type), objectKey(target.namespace, name));
  if (!entry) throw notFound(groupResource(target.type), name);
  return entry.object;
}

export function getScale(ctx: RegistryContext, target: Target, name: string): Obj {
  return scaleOf(target, stored(ctx, target, name));
}

function setAt(obj: Obj, keys: readonly string[], value: unknown): void {
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (!isPlainObject(cur[k])) cur[k] = {};
    cur = cur[k] as Obj;
  }
  cur[keys.at(-1)!] = value;
}

/** Writes a Scale: the object's replicas change, with the Scale's resourceVersion as precondition. */
function writeScale(
  ctx: RegistryContext,
  target: Target,
  name: string,
  scale: unknown,
  existing: Obj,
  options: UpdateOptions,
): WriteResult {
  if (!isPlainObject(scale)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(scale)}'`);
  const meta = isPlainObject(scale.metadata) ? scale.metadata : {};
  if (meta.name !== undefined && meta.name !== name)
    throw badRequest(
      `the name of the object (${text(meta.name)}) does not match the name on the URL (${name})`,
    );
  const wanted = isPlainObject(scale.spec) ? scale.spec.replicas : undefined;
  if (typeof wanted === "number" && wanted < 0)
    throw invalid({ group: "autoscaling", kind: "Scale" }, name, [
      {
        type: "FieldValueInvalid",
        field: "spec.replicas",
        value: wanted,
        detail: "must be greater than or equal to 0",
      },
    ]);
  const existingMeta = metaOf(existing);
  if (meta.resourceVersion !== undefined && meta.resourceVersion !== "")
    checkResourceVersion(target.type, name, meta.resourceVersion, existingMeta.resourceVersion);
  const next = structuredClone(existing);
  setAt(next, layout(target).spec, typeof wanted === "number" ? wanted : 0);
  const result = storeUpdate(ctx, target, name, existing, next, { ...options, subresource: "scale" });
  return { ...result, body: scaleOf(target, result.body) };
}

export function updateScale(
  ctx: RegistryContext,
  target: Target,
  name: string,
  input: unknown,
  options: UpdateOptions = {},
): WriteResult {
  return writeScale(ctx, target, name, input, stored(ctx, target, name), options);
}

const SCALE_PATCH_TYPES = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
];

export function patchScale(
  ctx: RegistryContext,
  target: Target,
  name: string,
  contentType: string,
  patchBody: unknown,
  options: UpdateOptions = {},
): WriteResult {
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  if (!SCALE_PATCH_TYPES.includes(mediaType) || mediaType === "application/apply-patch+yaml")
    throw unsupportedMediaType(SCALE_PATCH_TYPES);
  const existing = stored(ctx, target, name);
  const current = scaleOf(target, existing);
  let patched: unknown;
  try {
    if (mediaType === "application/json-patch+json") patched = applyJsonPatch(current, patchBody);
    else if (mediaType === "application/merge-patch+json") patched = applyJsonMergePatch(current, patchBody);
    else patched = applyStrategicMergePatch(current, patchBody, () => ({}));
  } catch (error) {
    if (error instanceof PatchError) {
      if (error.statusCode === 400) throw badRequest(error.message);
      throw patchFailed();
    }
    throw error;
  }
  return writeScale(ctx, target, name, patched, existing, options);
}

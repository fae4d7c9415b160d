/**
 * What a resource's strategy does to every write before it is stored (kube-apiserver's `rest.RESTCreateStrategy`
 * and `RESTUpdateStrategy`): decoding checks, the type meta and namespace of the body, defaulting, validation.
 */
import { setOwn } from "../../../internal/own-property.js";
import { decodeBase64, encodeBase64, secretDataBytes } from "../../../normalize/secret-data.js";
import { isPlainObject } from "../json.js";
import { apiVersionOf } from "../resource-types.js";
import type { ResourceType } from "../resource-types.js";
import { pruneAndValidate } from "../schema.js";
import { badRequest } from "../status.js";
import type { FieldError } from "../status.js";
import type { Obj } from "../store.js";
import {
  validateConfigMap,
  validateObjectMeta,
  validatePayloadUpdate,
  validateSecret,
} from "../validation.js";
import { metaOf, text } from "./context.js";
import type { RegistryContext, Target, WriteOptions } from "./context.js";
import { validateWorkload } from "../workload-validation.js";
import { applyBuiltinDefaults } from "./builtin-defaults.js";
import { validateCrd } from "./crd.js";
import { readBuiltin } from "../builtin-fields.js";
import { builtinDefinitionName } from "../openapi/definitions.js";

const isCore = (type: ResourceType, kind: string) => type.group === "" && type.kind === kind;

/** The body's apiVersion and kind must name the resource it was sent to (another served version is accepted). */
export function checkTypeMeta(ctx: RegistryContext, target: Target, body: Obj): void {
  const expected = apiVersionOf(target.type.group, target.version);
  if (body.apiVersion !== undefined && body.apiVersion !== expected) {
    const gv = text(body.apiVersion);
    const group = gv.includes("/") ? gv.slice(0, gv.indexOf("/")) : "";
    const servedVersion =
      group === target.type.group &&
      ctx.registry.get(group, target.type.resource)?.versions.includes(gv.slice(gv.indexOf("/") + 1));
    // Another served version of the same resource is accepted and relabelled (no conversion).
    if (!servedVersion)
      throw badRequest(
        `the API version in the data (${gv}) does not match the expected API version (${expected})`,
      );
  }
  if (body.kind !== undefined && body.kind !== target.type.kind) {
    throw badRequest(
      `${text(body.kind)} in version ${JSON.stringify(target.version)} cannot be handled as a ${target.type.kind}: the kind of the object does not match the resource it was sent to`,
    );
  }
}

/** The body's namespace must be the request's (or empty: it is filled in); cluster-scoped objects have none. */
export function checkNamespace(target: Target, body: Obj): void {
  const meta = metaOf(body);
  if (!target.type.namespaced) {
    delete meta.namespace;
    return;
  }
  if (meta.namespace !== undefined && meta.namespace !== "" && meta.namespace !== target.namespace)
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  meta.namespace = target.namespace;
}

/** A decoding error: 400, `Kind in version "v1" cannot be handled as a Kind: …`. */
function cannotDecode(type: ResourceType, version: string, detail: string) {
  return badRequest(
    `${type.kind} in version ${JSON.stringify(version)} cannot be handled as a ${type.kind}: ${detail}`,
  );
}

/**
 * The strict decoding errors of fields given twice or unknown, handled as `fieldValidation` says: Strict refuses
 * the request (400), Warn warns (the default), Ignore does neither. The unknown fields are gone either way.
 */
export function reportStrictErrors(
  type: ResourceType,
  version: string,
  unknown: readonly string[],
  options: WriteOptions,
  warnings: string[],
): void {
  const errors = [
    ...(options.duplicateFields ?? []).map((f) => `duplicate field ${JSON.stringify(f)}`),
    ...unknown.map((f) => `unknown field ${JSON.stringify(f)}`),
  ];
  if (errors.length === 0) return;
  if (options.fieldValidation === "Strict")
    throw cannotDecode(type, version, `strict decoding error: ${errors.join(", ")}`);
  if (options.fieldValidation !== "Ignore") warnings.push(...errors);
}

/**
 * A built-in object read into its Go type: a value of the wrong JSON type is a 400; fields the type does not have
 * are dropped and reported as `fieldValidation` says. Custom resources are pruned by their schema later.
 */
export function decodeTyped(
  type: ResourceType,
  version: string,
  obj: Obj,
  options: WriteOptions,
  warnings: string[],
): void {
  if (type.crd) return;
  const definition = builtinDefinitionName(type.group, version, type.kind);
  if (!definition) return;
  const { unknown, typeError } = readBuiltin(obj, definition);
  if (typeError) throw cannotDecode(type, version, typeError);
  reportStrictErrors(type, version, unknown, options, warnings);
}

/** Decoding errors a typed server would hit before anything else (400), never echoing a value. */
export function decodeChecks(type: ResourceType, version: string, body: Obj): void {
  const cannot = (detail: string) =>
    badRequest(
      `${type.kind} in version ${JSON.stringify(version)} cannot be handled as a ${type.kind}: ${detail}`,
    );
  const meta = body.metadata;
  if (meta !== undefined && !isPlainObject(meta))
    throw cannot(
      `json: cannot unmarshal ${Array.isArray(meta) ? "array" : typeof meta} into Go struct field ${type.kind}.metadata of type v1.ObjectMeta`,
    );
  for (const field of ["labels", "annotations"]) {
    const m = isPlainObject(meta) ? meta[field] : undefined;
    if (m === undefined || m === null) continue;
    if (!isPlainObject(m) || Object.values(m).some((v) => typeof v !== "string"))
      throw cannot(
        `json: cannot unmarshal into Go struct field ObjectMeta.metadata.${field} of type map[string]string`,
      );
  }
  if (type.crd) return;
  const stringMap = (field: string) => {
    const m = body[field];
    if (m === undefined || m === null) return;
    if (!isPlainObject(m))
      throw cannot(
        `json: cannot unmarshal ${typeof m} into Go struct field ${type.kind}.${field} of type map[string]`,
      );
    for (const v of Object.values(m))
      if (typeof v !== "string")
        throw cannot(
          `json: cannot unmarshal ${v === null ? "null" : typeof v} into Go struct field ${type.kind}.${field} of type string`,
        );
  };
  // []byte fields: base64 the way Go's encoding/json decodes it.
  const base64Map = (field: string) => {
    const m = body[field];
    if (!isPlainObject(m)) return;
    for (const v of Object.values(m)) {
      try {
        decodeBase64(v as string);
      } catch (error) {
        throw cannot((error as Error).message);
      }
    }
  };
  if (isCore(type, "Secret")) {
    stringMap("data");
    stringMap("stringData");
    base64Map("data");
  }
  if (isCore(type, "ConfigMap")) {
    stringMap("data");
    stringMap("binaryData");
    base64Map("binaryData");
  }
}

/** What a kind's strategy does to a new object before it is validated (`PrepareForCreate`). */
export function prepareForCreate(type: ResourceType, obj: Obj): void {
  if (type.group === "batch" && type.kind === "Job") generateJobSelector(obj);
}

/**
 * A Job's selector and pod labels, unless it chose its own (`manualSelector`): the controller-uid labels make its
 * pods match it alone.
 */
function generateJobSelector(job: Obj): void {
  const spec = isPlainObject(job.spec) ? job.spec : (job.spec = {});
  if (spec.manualSelector === true) return;
  const meta = metaOf(job);
  const template = isPlainObject(spec.template) ? spec.template : (spec.template = {});
  const templateMeta = isPlainObject(template.metadata) ? template.metadata : (template.metadata = {});
  const labels = isPlainObject(templateMeta.labels) ? templateMeta.labels : (templateMeta.labels = {});
  for (const key of ["job-name", "batch.kubernetes.io/job-name"]) labels[key] ??= meta.name;
  for (const key of ["controller-uid", "batch.kubernetes.io/controller-uid"]) labels[key] ??= meta.uid;
  const selector = isPlainObject(spec.selector) ? spec.selector : (spec.selector = {});
  const matchLabels = isPlainObject(selector.matchLabels)
    ? selector.matchLabels
    : (selector.matchLabels = {});
  matchLabels["batch.kubernetes.io/controller-uid"] ??= meta.uid;
}

/** Defaulting and conversion a real server applies on every write of these kinds. */
export function applyDefaults(type: ResourceType, version: string, obj: Obj): void {
  if (!type.crd) {
    const definition = builtinDefinitionName(type.group, version, type.kind);
    if (definition) applyBuiltinDefaults(obj, definition);
  }
  if (isCore(type, "Secret")) {
    if (obj.stringData !== undefined) {
      const data: Record<string, string> = {};
      for (const [k, v] of Object.entries(secretDataBytes(obj))) setOwn(data, k, encodeBase64(v));
      obj.data = data;
      delete obj.stringData;
    }
    if (isPlainObject(obj.data) && Object.keys(obj.data).length === 0) delete obj.data;
    if (obj.type === undefined || obj.type === "") obj.type = "Opaque";
  }
  if (isCore(type, "ConfigMap")) {
    if (isPlainObject(obj.data) && Object.keys(obj.data).length === 0) delete obj.data;
    if (isPlainObject(obj.binaryData) && Object.keys(obj.binaryData).length === 0) delete obj.binaryData;
  }
  if (isCore(type, "Namespace")) {
    const meta = metaOf(obj);
    meta.labels = {
      ...(isPlainObject(meta.labels) ? meta.labels : {}),
      "kubernetes.io/metadata.name": meta.name,
    };
    obj.spec = { finalizers: ["kubernetes"], ...(isPlainObject(obj.spec) ? obj.spec : {}) };
    obj.status = {
      phase: isPlainObject(obj.status) && obj.status.phase === "Terminating" ? "Terminating" : "Active",
    };
  }
  const meta = metaOf(obj);
  for (const key of ["labels", "annotations"])
    if (isPlainObject(meta[key]) && Object.keys(meta[key]).length === 0) delete meta[key];
  if (Array.isArray(meta.finalizers) && meta.finalizers.length === 0) delete meta.finalizers;
}

/**
 * Field errors of an object about to be stored (`old`: what it replaces), and for custom resources the schema's
 * pruning, with unknown fields refused, warned about or dropped as `fieldValidation` says.
 */
export function validate(
  type: ResourceType,
  version: string,
  obj: Obj,
  old: Obj | undefined,
  options: WriteOptions,
  warnings: string[],
): FieldError[] {
  const errors = validateObjectMeta(metaOf(obj), type.nameRule);
  if (isCore(type, "Secret")) errors.push(...validateSecret(obj));
  if (isCore(type, "ConfigMap")) errors.push(...validateConfigMap(obj));
  if (old && (isCore(type, "Secret") || isCore(type, "ConfigMap")))
    errors.push(...validatePayloadUpdate(type.kind as "Secret" | "ConfigMap", obj, old));
  if (old) {
    const uid = metaOf(obj).uid;
    if (uid !== metaOf(old).uid)
      errors.push({
        type: "FieldValueInvalid",
        field: "metadata.uid",
        value: uid,
        detail: "field is immutable",
      });
  }
  if (type.group === "apiextensions.k8s.io" && type.kind === "CustomResourceDefinition")
    errors.push(...validateCrd(obj, old));
  if (!type.crd) errors.push(...validateWorkload(type.group, type.kind, obj));
  const schema = type.crd?.schemas[version];
  if (schema !== undefined) {
    const result = pruneAndValidate(obj, schema);
    errors.push(...result.errors);
    reportStrictErrors(type, version, [...result.unknown].sort(), options, warnings);
  }
  return errors;
}

/**
 * CustomResourceDefinitions: their validation, the resource type they define, and what the apiextensions
 * controllers do once one is stored (accept its names, establish it, serve it) or deleted (its instances go).
 */
import { isPlainObject } from "../json.js";
import { updateManagedFields } from "../managed-fields.js";
import { sortVersions, typeKey } from "../resource-types.js";
import type { PrinterColumn, ResourceType, ScalePaths } from "../resource-types.js";
import type { FieldError } from "../status.js";
import { objectKey } from "../store.js";
import type { Obj } from "../store.js";
import { commitDeletion, fieldSetContext, formatTime, metaOf } from "./context.js";
import type { RegistryContext } from "./context.js";

const CRD_TYPE_KEY = "apiextensions.k8s.io/customresourcedefinitions";

export function isCrdType(type: ResourceType): boolean {
  return type.group === "apiextensions.k8s.io" && type.kind === "CustomResourceDefinition";
}

export function validateCrd(obj: Obj, old: Obj | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  const names = isPlainObject(spec.names) ? spec.names : {};
  const group = typeof spec.group === "string" ? spec.group : "";
  const plural = typeof names.plural === "string" ? names.plural : "";
  if (!group) errors.push({ type: "FieldValueRequired", field: "spec.group" });
  if (!plural) errors.push({ type: "FieldValueRequired", field: "spec.names.plural" });
  if (!names.kind) errors.push({ type: "FieldValueRequired", field: "spec.names.kind" });
  const name = String(metaOf(obj).name);
  if (group && plural && name !== `${plural}.${group}`)
    errors.push({
      type: "FieldValueInvalid",
      field: "metadata.name",
      value: name,
      detail: 'must be spec.names.plural+"."+spec.group',
    });
  if (spec.scope !== "Namespaced" && spec.scope !== "Cluster")
    errors.push({
      type: "FieldValueNotSupported",
      field: "spec.scope",
      value: spec.scope ?? "",
      detail: 'supported values: "Cluster", "Namespaced"',
    });
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isPlainObject) : [];
  if (versions.filter((v) => v.storage === true).length !== 1)
    errors.push({
      type: "FieldValueInvalid",
      field: "spec.versions",
      value: null,
      detail: "must have exactly one version marked as storage version",
    });
  versions.forEach((v, i) => {
    if (!isPlainObject(v.schema) || !isPlainObject(v.schema.openAPIV3Schema))
      errors.push({
        type: "FieldValueRequired",
        field: `spec.versions[${i}].schema.openAPIV3Schema`,
        detail: "schemas are required",
      });
  });
  if (old) {
    const oldSpec = isPlainObject(old.spec) ? old.spec : {};
    for (const field of ["group", "scope"] as const)
      if (oldSpec[field] !== spec[field])
        errors.push({
          type: "FieldValueInvalid",
          field: `spec.${field}`,
          value: spec[field],
          detail: "field is immutable",
        });
  }
  return errors;
}

/** The resource type a CRD defines (undefined when the CRD is not valid enough to serve). */
export function crdResourceType(crd: Obj): ResourceType | undefined {
  const spec = isPlainObject(crd.spec) ? crd.spec : undefined;
  const names = spec && isPlainObject(spec.names) ? spec.names : undefined;
  if (
    !spec ||
    !names ||
    typeof spec.group !== "string" ||
    typeof names.plural !== "string" ||
    typeof names.kind !== "string"
  )
    return undefined;
  const versions = (Array.isArray(spec.versions) ? spec.versions : []).filter(isPlainObject);
  const served = versions.filter((v) => v.served !== false).map((v) => String(v.name));
  const storage = versions.find((v) => v.storage === true);
  if (!storage || served.length === 0) return undefined;
  const printerColumns: Record<string, PrinterColumn[]> = {};
  const schemas: Record<string, unknown> = {};
  const scale: Record<string, ScalePaths> = {};
  let status = false;
  for (const v of versions) {
    const name = String(v.name);
    if (Array.isArray(v.additionalPrinterColumns))
      printerColumns[name] = v.additionalPrinterColumns as PrinterColumn[];
    if (isPlainObject(v.schema) && isPlainObject(v.schema.openAPIV3Schema))
      schemas[name] = v.schema.openAPIV3Schema;
    const subresources = isPlainObject(v.subresources) ? v.subresources : {};
    if (subresources.status !== undefined) status = true;
    const s = subresources.scale;
    if (
      isPlainObject(s) &&
      typeof s.specReplicasPath === "string" &&
      typeof s.statusReplicasPath === "string"
    )
      scale[name] = {
        specReplicasPath: s.specReplicasPath,
        statusReplicasPath: s.statusReplicasPath,
        ...(typeof s.labelSelectorPath === "string" ? { labelSelectorPath: s.labelSelectorPath } : {}),
      };
  }
  const ordered = [String(storage.name), ...sortVersions(served).filter((v) => v !== storage.name)];
  const kind = names.kind;
  return {
    group: spec.group,
    versions: ordered,
    resource: names.plural,
    kind,
    listKind: typeof names.listKind === "string" ? names.listKind : `${kind}List`,
    singular: typeof names.singular === "string" ? names.singular : kind.toLowerCase(),
    namespaced: spec.scope === "Namespaced",
    verbs: ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"],
    ...(Array.isArray(names.shortNames) ? { shortNames: names.shortNames as string[] } : {}),
    ...(Array.isArray(names.categories) ? { categories: names.categories as string[] } : {}),
    status,
    subresources: [
      ...(Object.keys(scale).length > 0
        ? [
            {
              name: "scale",
              kind: "Scale",
              group: "autoscaling",
              version: "v1",
              verbs: ["get", "patch", "update"],
            },
          ]
        : []),
      ...(status ? [{ name: "status", kind, verbs: ["get", "patch", "update"] }] : []),
    ],
    stored: true,
    generation: true,
    allowUnconditionalUpdate: false,
    returnDeletedObject: false,
    nameRule: "subdomain",
    crd: {
      name: String(isPlainObject(crd.metadata) ? crd.metadata.name : ""),
      printerColumns,
      schemas,
      scale,
    },
  };
}

/** What the apiextensions controllers do once a CRD is stored: accept its names, establish it, serve it. */
export function establishCrd(ctx: RegistryContext, crd: Obj): void {
  const t = crdResourceType(crd);
  if (!t) return;
  const existing = ctx.registry.get(t.group, t.resource);
  if (existing && !existing.crd) return; // never shadow a built-in
  ctx.registry.add(t);
  const key = objectKey(undefined, String(metaOf(crd).name));
  const entry = ctx.store.get(CRD_TYPE_KEY, key);
  if (!entry) return;
  const next = structuredClone(entry.object);
  const names = (next.spec as Obj).names as Obj;
  const time = formatTime(ctx.now());
  next.status = {
    conditions: [
      {
        type: "NamesAccepted",
        status: "True",
        lastTransitionTime: time,
        reason: "NoConflicts",
        message: "no conflicts found",
      },
      {
        type: "Established",
        status: "True",
        lastTransitionTime: time,
        reason: "InitialNamesAccepted",
        message: "the initial names have been accepted",
      },
    ],
    acceptedNames: names,
    storedVersions: [t.versions[0]],
  };
  const meta = metaOf(next);
  meta.managedFields = updateManagedFields(
    entry.object,
    next,
    "kube-apiserver",
    "apiextensions.k8s.io/v1",
    time,
    fieldSetContext(ctx.registry.get("apiextensions.k8s.io", "customresourcedefinitions")!),
    "status",
  );
  meta.resourceVersion = String(ctx.store.nextRevision());
  ctx.store.commit("MODIFIED", CRD_TYPE_KEY, key, next);
}

/** A deleted CRD's instances go, and its resource is no longer served. */
export function retireCrd(ctx: RegistryContext, crd: Obj): void {
  const t = crdResourceType(crd);
  if (!t || !ctx.registry.get(t.group, t.resource)?.crd) return;
  for (const [key, entry] of ctx.store.entries(typeKey(t))) commitDeletion(ctx, t, key, entry.object);
  ctx.registry.remove(t.group, t.resource);
}

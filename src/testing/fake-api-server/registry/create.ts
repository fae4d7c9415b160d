/** create (POST): a new object, named or generated, in a namespace that exists and is not terminating. */
import { randomUUID } from "node:crypto";
import { isPlainObject } from "../json.js";
import { apiVersionOf, typeKey } from "../resource-types.js";
import {
  alreadyExists,
  ApiStatusError,
  badRequest,
  invalid,
  notFound,
  qualifiedResource,
  statusBody,
} from "../status.js";
import { objectKey } from "../store.js";
import { formatTime, groupKind, groupResource, metaOf, present } from "./context.js";
import type { RegistryContext, Target, UpdateOptions, WriteResult } from "./context.js";
import { establishCrd, isCrdType } from "./crd.js";
import { trackWrite } from "./field-ownership.js";
import { typedForm } from "./typed-form.js";
import { allocateService } from "./service-allocation.js";
import {
  applyDefaults,
  prepareForCreate,
  checkNamespace,
  checkTypeMeta,
  decodeChecks,
  decodeTyped,
  validate,
} from "./strategy.js";

/** The alphabet of generated name suffixes (apimachinery's `utilrand.String`: no vowels, no look-alikes). */
const GENERATE_NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** Metadata only the server sets: whatever a client sends there is dropped. */
const SERVER_SET_METADATA = [
  "uid",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
];

/** NamespaceLifecycle admission: the namespace must exist, and not be terminating. */
function requireNamespaceExists(ctx: RegistryContext, target: Target, name: string): void {
  if (!target.type.namespaced || !target.namespace) return;
  const ns = ctx.store.get("/namespaces", objectKey(undefined, target.namespace));
  if (!ns) throw notFound({ group: "", resource: "namespaces" }, target.namespace);
  if (metaOf(ns.object).deletionTimestamp !== undefined)
    throw new ApiStatusError(
      statusBody(
        403,
        "Forbidden",
        `${qualifiedResource(groupResource(target.type))} ${JSON.stringify(name)} is forbidden: unable to create new content in namespace ${target.namespace} because it is being terminated`,
        { name, group: target.type.group, kind: target.type.resource },
      ),
    );
}

function generateName(prefix: string): string {
  let suffix = "";
  for (let i = 0; i < 5; i++)
    suffix += GENERATE_NAME_ALPHABET[Math.floor(Math.random() * GENERATE_NAME_ALPHABET.length)];
  return prefix + suffix;
}

export function createObject(
  ctx: RegistryContext,
  target: Target,
  input: unknown,
  options: UpdateOptions = {},
): WriteResult {
  const { type, version } = target;
  if (!isPlainObject(input)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(input)}'`);
  checkTypeMeta(ctx, target, input);
  decodeChecks(type, version, input);
  let obj = structuredClone(input);
  const warnings: string[] = [];
  decodeTyped(type, version, obj, options, warnings);
  obj.apiVersion = apiVersionOf(type.group, type.versions[0]!);
  obj.kind = type.kind;
  checkNamespace(target, obj);
  let meta = metaOf(obj);
  const applied = options.applied ? meta.managedFields : undefined;
  if (meta.resourceVersion !== undefined && meta.resourceVersion !== "")
    throw badRequest("resourceVersion should not be set on objects to be created");
  if (
    (meta.name === undefined || meta.name === "") &&
    typeof meta.generateName === "string" &&
    meta.generateName
  )
    meta.name = generateName(meta.generateName);
  const name = typeof meta.name === "string" ? meta.name : "";
  requireNamespaceExists(ctx, target, name);
  if (!name)
    throw invalid(groupKind(type), "", [
      { type: "FieldValueRequired", field: "metadata.name", detail: "name or generateName is required" },
    ]);
  for (const f of SERVER_SET_METADATA) delete meta[f];
  meta.uid = randomUUID();
  meta.creationTimestamp = formatTime(ctx.now());
  if (type.generation) meta.generation = 1;
  else delete meta.generation;
  if (type.status && !(type.group === "" && type.kind === "Namespace")) delete obj.status;
  prepareForCreate(type, obj);
  allocateService(ctx, type, obj);
  applyDefaults(type, version, obj);
  const errors = validate(type, version, obj, undefined, options, warnings);
  if (errors.length > 0) throw invalid(groupKind(type), name, errors);
  const key = objectKey(target.namespace, name);
  if (ctx.store.get(typeKey(type), key)) throw alreadyExists(groupResource(type), name);
  obj = typedForm(type, obj);
  meta = metaOf(obj);
  if (applied) meta.managedFields = applied;
  else obj = trackWrite(ctx, type, version, undefined, obj, options).object;
  meta = metaOf(obj);
  if (options.dryRun) return { body: present(type, version, obj), code: 201, warnings };
  meta.resourceVersion = String(ctx.store.nextRevision());
  ctx.store.commit("ADDED", typeKey(type), key, obj);
  const body = present(type, version, obj);
  if (isCrdType(type)) establishCrd(ctx, obj);
  return { body, code: 201, warnings };
}

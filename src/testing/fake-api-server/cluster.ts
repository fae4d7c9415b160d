/**
 * The in-memory API server's state machine, independent of HTTP: the REST verbs on stored objects with
 * kube-apiserver's semantics (optimistic concurrency on resourceVersion, uid preconditions, generation, finalizers,
 * namespace lifecycle, CRDs, server-side dry run, managedFields) and its error Status bodies.
 */
import { setOwn } from "../../internal/own-property.js";
import { randomUUID } from "node:crypto";
import { decodeBase64, encodeBase64, secretDataBytes } from "../../normalize/secret-data.js";
import {
  applyJsonMergePatch,
  applyJsonPatch,
  applyStrategicMergePatch,
  builtinPatchMeta,
  PatchError,
} from "../../normalize/patch.js";
import { managerFromUserAgent, updateManagedFields } from "./managed-fields.js";
import type { FieldSetContext } from "./managed-fields.js";
import { formatObject } from "./object-format.js";
import { apiVersionOf, sortVersions, typeKey } from "./resource-types.js";
import type { PrinterColumn, ResourceType, ResourceRegistry } from "./resource-types.js";
import {
  checkFieldSelector,
  matchFields,
  matchLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from "./selectors.js";
import type { FieldRequirement, LabelRequirement } from "./selectors.js";
import {
  alreadyExists,
  ApiStatusError,
  badRequest,
  conflict,
  expired,
  invalid,
  notFound,
  qualifiedResource,
  statusBody,
  tooLargeResourceVersion,
  unsupportedMediaType,
} from "./status.js";
import type { FieldError, StatusBody } from "./status.js";
import { objectKey, Store } from "./store.js";
import type { Obj, StoreEvent } from "./store.js";
import {
  validateConfigMap,
  validateObjectMeta,
  validatePayloadUpdate,
  validateSecret,
} from "./validation.js";
import { pruneAndValidate } from "./schema.js";

/** A value as it would appear in a message: strings as they are, anything else as JSON. */
function text(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function metaOf(obj: Obj): Obj {
  if (!isObj(obj.metadata)) obj.metadata = {};
  return obj.metadata as Obj;
}

/** RFC 3339 with seconds, as metav1.Time marshals. */
export function formatTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Options of every write. */
export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  userAgent?: string;
  fieldValidation?: "Strict" | "Warn" | "Ignore";
}

export interface ListOptions {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface DeleteOptions {
  dryRun?: boolean | undefined;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** What a write answers: the object (or a Status), the HTTP status, and any warnings. */
export interface WriteResult {
  body: Obj;
  code: number;
  warnings: string[];
}

export interface ClusterOptions {
  now?: () => Date;
  historyLimit?: number;
  initialRevision?: number;
  /**
   * How long a deleted namespace stays `Terminating` before the namespace controller's work (deleting what it
   * holds, then the namespace) is done. Default 500 ms; 0 does it at once.
   */
  namespaceFinalizationMs?: number;
}

const GENERATE_NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
const DEFAULT_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];

const CONTINUE_VERSION = "meta.k8s.io/v1";

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: CONTINUE_VERSION, rv, start })).toString("base64url");
}

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as {
      v?: string;
      rv?: number;
      start?: string;
    };
    if (parsed.v !== CONTINUE_VERSION || typeof parsed.rv !== "number" || typeof parsed.start !== "string")
      throw new Error("bad token");
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    throw badRequest("continue key is not valid: illegal base64 data at input byte 0");
  }
}

/** Where an object of a type lives, resolved from a request. */
export interface Target {
  type: ResourceType;
  version: string;
  namespace: string | undefined;
}

export class FakeCluster {
  readonly store: Store;
  readonly registry: ResourceRegistry;
  readonly #now: () => Date;
  readonly #builtinOrder: readonly string[];
  readonly #namespaceFinalizationMs: number;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(registry: ResourceRegistry, builtinOrder: readonly string[], options: ClusterOptions = {}) {
    this.registry = registry;
    this.#builtinOrder = builtinOrder;
    this.#now = options.now ?? (() => new Date());
    this.#namespaceFinalizationMs = options.namespaceFinalizationMs ?? 500;
    this.store = new Store({ initialRevision: options.initialRevision, historyLimit: options.historyLimit });
    const nsType = this.registry.get("", "namespaces");
    if (nsType) {
      for (const name of DEFAULT_NAMESPACES)
        this.create(
          { type: nsType, version: "v1", namespace: undefined },
          { metadata: { name } },
          { fieldManager: "kube-apiserver" },
        );
    }
  }

  get builtinGroupOrder(): readonly string[] {
    return this.#builtinOrder;
  }

  now(): Date {
    return this.#now();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Presentation
  // -------------------------------------------------------------------------------------------------------------

  /** A stored object as served at `version`: a copy with that apiVersion, in kube-apiserver's key order. */
  present(type: ResourceType, version: string, stored: Obj): Obj {
    const copy = structuredClone(stored);
    copy.apiVersion = apiVersionOf(type.group, version);
    copy.kind = type.kind;
    return formatObject(copy, Boolean(type.crd), type.group);
  }

  #gr(type: ResourceType) {
    return { group: type.group, resource: type.resource };
  }

  #gk(type: ResourceType) {
    return { group: type.group, kind: type.kind };
  }

  /**
   * Optimistic concurrency, as the API server checks it on update and patch: a resourceVersion that is not the
   * stored one is a 409 Conflict; none at all is an unconditional write, which only some resources allow (422).
   * Returns whether one was given.
   */
  #checkResourceVersion(type: ResourceType, name: string, given: unknown, stored: unknown): boolean {
    if (given !== undefined && given !== "") {
      if (given !== stored) throw conflict(this.#gr(type), name);
      return true;
    }
    if (!type.allowUnconditionalUpdate)
      throw invalid(this.#gk(type), name, [
        {
          type: "FieldValueInvalid",
          field: "metadata.resourceVersion",
          valueText: "0x0",
          detail: "must be specified for an update",
        },
      ]);
    return false;
  }

  #fieldSetContext(type: ResourceType): FieldSetContext {
    return {
      custom: Boolean(type.crd),
      listMeta: (path) => (type.crd ? {} : builtinPatchMeta(type.kind, path)),
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reads
  // -------------------------------------------------------------------------------------------------------------

  get(target: Target, name: string, resourceVersion?: string): Obj {
    this.#checkResourceVersionNotTooLarge(resourceVersion);
    const entry = this.store.get(typeKey(target.type), objectKey(target.namespace, name));
    if (!entry) throw notFound(this.#gr(target.type), name);
    return this.present(target.type, target.version, entry.object);
  }

  #checkResourceVersionNotTooLarge(resourceVersion: string | undefined): void {
    if (!resourceVersion || resourceVersion === "0") return;
    const rv = Number(resourceVersion);
    if (!Number.isSafeInteger(rv)) throw badRequest(`invalid resource version: ${resourceVersion}`);
    if (rv > this.store.revision) throw tooLargeResourceVersion(rv, this.store.revision);
  }

  parseSelectors(target: Target, options: Pick<ListOptions, "labelSelector" | "fieldSelector">) {
    try {
      const labels = parseLabelSelector(options.labelSelector ?? "");
      const fields = parseFieldSelector(options.fieldSelector ?? "");
      checkFieldSelector(fields, target.type.group, target.type.resource);
      return { labels, fields };
    } catch (error) {
      if (error instanceof SelectorError) throw badRequest(error.message);
      throw error;
    }
  }

  matches(obj: Obj, selectors: { labels: LabelRequirement[]; fields: FieldRequirement[] }): boolean {
    const meta = isObj(obj.metadata) ? obj.metadata : {};
    const labels = isObj(meta.labels) ? (meta.labels as Record<string, string>) : {};
    return matchLabels(selectors.labels, labels) && matchFields(selectors.fields, obj);
  }

  /** A list, paginated with `limit`/`continue` over a consistent snapshot (as etcd serves it). */
  list(target: Target, options: ListOptions = {}): { items: Obj[]; metadata: Obj } {
    const selectors = this.parseSelectors(target, options);
    const key = typeKey(target.type);
    let snapshotRv = this.store.revision;
    let start = "";
    if (options.continue) {
      const token = decodeContinue(options.continue);
      snapshotRv = token.rv;
      start = token.start;
      if (snapshotRv < this.store.compactedRevision)
        throw expired(
          "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
        );
    } else if (options.resourceVersion && options.resourceVersion !== "0") {
      this.#checkResourceVersionNotTooLarge(options.resourceVersion);
      if (options.resourceVersionMatch === "Exact") snapshotRv = Number(options.resourceVersion);
    }
    const snapshot = this.store.snapshot(key, snapshotRv);
    if (!snapshot) throw expired(`too old resource version: ${snapshotRv} (${this.store.compactedRevision})`);
    const prefix = target.namespace !== undefined ? `${target.namespace}/` : "";
    const candidates = snapshot.filter(([k]) => k.startsWith(prefix) && k.slice(prefix.length) >= start);
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const items: Obj[] = [];
    let next: string | undefined;
    let remaining = 0;
    let i = 0;
    for (; i < candidates.length; i++) {
      const [k, obj] = candidates[i]!;
      if (!this.matches(obj, selectors)) continue;
      if (items.length === limit) {
        next = k.slice(prefix.length);
        break;
      }
      items.push(this.present(target.type, target.version, obj));
    }
    const metadata: Obj = { resourceVersion: String(snapshotRv) };
    if (next !== undefined) {
      metadata.continue = encodeContinue(snapshotRv, next);
      if (selectors.labels.length === 0 && selectors.fields.length === 0) {
        remaining = candidates.length - i;
        metadata.remainingItemCount = remaining;
      }
    }
    return { items, metadata };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Writes
  // -------------------------------------------------------------------------------------------------------------

  #checkTypeMeta(target: Target, body: Obj): void {
    const expected = apiVersionOf(target.type.group, target.version);
    if (body.apiVersion !== undefined && body.apiVersion !== expected) {
      const gv = text(body.apiVersion);
      const group = gv.includes("/") ? gv.slice(0, gv.indexOf("/")) : "";
      if (
        group === target.type.group &&
        this.registry.get(group, target.type.resource)?.versions.includes(gv.slice(gv.indexOf("/") + 1))
      ) {
        // Another served version of the same resource: accepted and relabelled (no conversion).
      } else {
        throw badRequest(
          `the API version in the data (${gv}) does not match the expected API version (${expected})`,
        );
      }
    }
    if (body.kind !== undefined && body.kind !== target.type.kind) {
      throw badRequest(
        `${text(body.kind)} in version ${JSON.stringify(target.version)} cannot be handled as a ${target.type.kind}: the kind of the object does not match the resource it was sent to`,
      );
    }
  }

  #checkNamespace(target: Target, body: Obj): void {
    const meta = metaOf(body);
    if (!target.type.namespaced) {
      delete meta.namespace;
      return;
    }
    if (meta.namespace !== undefined && meta.namespace !== "" && meta.namespace !== target.namespace)
      throw badRequest(
        "the namespace of the provided object does not match the namespace sent on the request",
      );
    meta.namespace = target.namespace;
  }

  /** Decoding errors a typed server would hit before anything else (400), never echoing a value. */
  #decodeChecks(type: ResourceType, version: string, body: Obj): void {
    const cannot = (detail: string) =>
      badRequest(
        `${type.kind} in version ${JSON.stringify(version)} cannot be handled as a ${type.kind}: ${detail}`,
      );
    const meta = body.metadata;
    if (meta !== undefined && !isObj(meta))
      throw cannot(
        `json: cannot unmarshal ${Array.isArray(meta) ? "array" : typeof meta} into Go struct field ${type.kind}.metadata of type v1.ObjectMeta`,
      );
    for (const field of ["labels", "annotations"]) {
      const m = isObj(meta) ? meta[field] : undefined;
      if (m === undefined || m === null) continue;
      if (!isObj(m) || Object.values(m).some((v) => typeof v !== "string"))
        throw cannot(
          `json: cannot unmarshal into Go struct field ObjectMeta.metadata.${field} of type map[string]string`,
        );
    }
    if (type.crd) return;
    const stringMap = (field: string) => {
      const m = body[field];
      if (m === undefined || m === null) return;
      if (!isObj(m))
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
      if (!isObj(m)) return;
      for (const v of Object.values(m)) {
        try {
          decodeBase64(v as string);
        } catch (error) {
          throw cannot((error as Error).message);
        }
      }
    };
    if (type.group === "" && type.kind === "Secret") {
      stringMap("data");
      stringMap("stringData");
      base64Map("data");
    }
    if (type.group === "" && type.kind === "ConfigMap") {
      stringMap("data");
      stringMap("binaryData");
      base64Map("binaryData");
    }
  }

  /** Defaulting and conversion a real server applies on every write of these kinds. */
  #normalize(type: ResourceType, obj: Obj): void {
    if (type.group === "" && type.kind === "Secret") {
      if (obj.stringData !== undefined) {
        const bytes = secretDataBytes(obj);
        const data: Record<string, string> = {};
        for (const [k, v] of Object.entries(bytes)) setOwn(data, k, encodeBase64(v));
        obj.data = data;
        delete obj.stringData;
      }
      if (isObj(obj.data) && Object.keys(obj.data).length === 0) delete obj.data;
      if (obj.type === undefined || obj.type === "") obj.type = "Opaque";
    }
    if (type.group === "" && type.kind === "ConfigMap") {
      if (isObj(obj.data) && Object.keys(obj.data).length === 0) delete obj.data;
      if (isObj(obj.binaryData) && Object.keys(obj.binaryData).length === 0) delete obj.binaryData;
    }
    if (type.group === "" && type.kind === "Namespace") {
      const meta = metaOf(obj);
      meta.labels = { ...(isObj(meta.labels) ? meta.labels : {}), "kubernetes.io/metadata.name": meta.name };
      obj.spec = { finalizers: ["kubernetes"], ...(isObj(obj.spec) ? obj.spec : {}) };
      obj.status = {
        phase: isObj(obj.status) && obj.status.phase === "Terminating" ? "Terminating" : "Active",
      };
    }
    const meta = metaOf(obj);
    for (const key of ["labels", "annotations"])
      if (isObj(meta[key]) && Object.keys(meta[key]).length === 0) delete meta[key];
    if (Array.isArray(meta.finalizers) && meta.finalizers.length === 0) delete meta.finalizers;
  }

  #validate(
    type: ResourceType,
    version: string,
    obj: Obj,
    old: Obj | undefined,
    options: WriteOptions,
    warnings: string[],
  ): FieldError[] {
    const errors = validateObjectMeta(metaOf(obj), type.nameRule);
    if (type.group === "" && type.kind === "Secret") errors.push(...validateSecret(obj));
    if (type.group === "" && type.kind === "ConfigMap") errors.push(...validateConfigMap(obj));
    if (old && type.group === "" && (type.kind === "Secret" || type.kind === "ConfigMap"))
      errors.push(...validatePayloadUpdate(type.kind, obj, old));
    if (old) {
      const before = metaOf(old);
      const after = metaOf(obj);
      if (after.uid !== before.uid)
        errors.push({
          type: "FieldValueInvalid",
          field: "metadata.uid",
          value: after.uid,
          detail: "field is immutable",
        });
    }
    if (type.group === "apiextensions.k8s.io" && type.kind === "CustomResourceDefinition")
      errors.push(...this.#validateCrd(obj, old));
    if (type.crd) {
      const schema = type.crd.schemas[version];
      if (schema !== undefined) {
        const result = pruneAndValidate(obj, schema);
        errors.push(...result.errors);
        if (result.unknown.length > 0) {
          if (options.fieldValidation === "Strict")
            throw badRequest(
              `strict decoding error: ${result.unknown.map((f) => `unknown field ${JSON.stringify(f)}`).join(", ")}`,
            );
          if (options.fieldValidation === "Warn")
            warnings.push(...result.unknown.map((f) => `unknown field ${JSON.stringify(f)}`));
        }
      }
    }
    return errors;
  }

  #manager(options: WriteOptions): string {
    return options.fieldManager || managerFromUserAgent(options.userAgent) || "unknown";
  }

  /** NamespaceLifecycle admission: the namespace must exist, and not be terminating. */
  #requireNamespaceExists(target: Target, name: string): void {
    if (!target.type.namespaced || !target.namespace) return;
    const ns = this.store.get("/namespaces", objectKey(undefined, target.namespace));
    if (!ns) throw notFound({ group: "", resource: "namespaces" }, target.namespace);
    if (metaOf(ns.object).deletionTimestamp !== undefined)
      throw new ApiStatusError(
        statusBody(
          403,
          "Forbidden",
          `${qualifiedResource(this.#gr(target.type))} ${JSON.stringify(name)} is forbidden: unable to create new content in namespace ${target.namespace} because it is being terminated`,
          { name, group: target.type.group, kind: target.type.resource },
        ),
      );
  }

  create(target: Target, input: unknown, options: WriteOptions = {}): WriteResult {
    const { type, version } = target;
    if (!isObj(input)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(input)}'`);
    this.#checkTypeMeta(target, input);
    this.#decodeChecks(type, version, input);
    const obj = structuredClone(input);
    obj.apiVersion = apiVersionOf(type.group, type.versions[0]!);
    obj.kind = type.kind;
    this.#checkNamespace(target, obj);
    const meta = metaOf(obj);
    if (meta.resourceVersion !== undefined && meta.resourceVersion !== "")
      throw badRequest("resourceVersion should not be set on objects to be created");
    if (
      (meta.name === undefined || meta.name === "") &&
      typeof meta.generateName === "string" &&
      meta.generateName
    ) {
      let suffix = "";
      for (let i = 0; i < 5; i++)
        suffix += GENERATE_NAME_ALPHABET[Math.floor(Math.random() * GENERATE_NAME_ALPHABET.length)];
      meta.name = meta.generateName + suffix;
    }
    const name = typeof meta.name === "string" ? meta.name : "";
    this.#requireNamespaceExists(target, name);
    const warnings: string[] = [];
    if (!name) {
      throw invalid(this.#gk(type), "", [
        { type: "FieldValueRequired", field: "metadata.name", detail: "name or generateName is required" },
      ]);
    }
    for (const f of [
      "uid",
      "creationTimestamp",
      "deletionTimestamp",
      "deletionGracePeriodSeconds",
      "managedFields",
      "selfLink",
    ])
      delete meta[f];
    meta.uid = randomUUID();
    meta.creationTimestamp = formatTime(this.#now());
    if (type.generation) meta.generation = 1;
    else delete meta.generation;
    if (type.status && !(type.group === "" && type.kind === "Namespace")) delete obj.status;
    this.#normalize(type, obj);
    const errors = this.#validate(type, version, obj, undefined, options, warnings);
    if (errors.length > 0) throw invalid(this.#gk(type), name, errors);
    const key = objectKey(target.namespace, name);
    if (this.store.get(typeKey(type), key)) throw alreadyExists(this.#gr(type), name);
    meta.managedFields = updateManagedFields(
      undefined,
      obj,
      this.#manager(options),
      apiVersionOf(type.group, version),
      formatTime(this.#now()),
      this.#fieldSetContext(type),
    );
    if (options.dryRun) return { body: this.present(type, version, obj), code: 201, warnings };
    meta.resourceVersion = String(this.store.nextRevision());
    this.store.commit("ADDED", typeKey(type), key, obj);
    const body = this.present(type, version, obj);
    if (type.group === "apiextensions.k8s.io" && type.kind === "CustomResourceDefinition")
      this.#establishCrd(obj);
    return { body, code: 201, warnings };
  }

  /** PUT: replace an object (or its status), with optimistic concurrency on resourceVersion. */
  update(
    target: Target,
    name: string,
    input: unknown,
    options: WriteOptions & { subresource?: string } = {},
  ): WriteResult {
    const { type, version } = target;
    if (!isObj(input)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(input)}'`);
    this.#checkTypeMeta(target, input);
    this.#decodeChecks(type, version, input);
    const inMeta = isObj(input.metadata) ? input.metadata : {};
    if (inMeta.name !== undefined && inMeta.name !== name)
      throw badRequest(
        `the name of the object (${text(inMeta.name)}) does not match the name on the URL (${name})`,
      );
    const key = objectKey(target.namespace, name);
    const entry = this.store.get(typeKey(type), key);
    if (!entry) throw notFound(this.#gr(type), name);
    const existing = entry.object;
    const existingMeta = metaOf(existing);
    // The storage precondition first (a PUT carries the uid it read), then the resourceVersion check.
    if (typeof inMeta.uid === "string" && inMeta.uid !== "" && inMeta.uid !== existingMeta.uid) {
      throw conflict(
        this.#gr(type),
        name,
        `StorageError: invalid object, Code: 4, Key: ${this.#storageKey(type, key)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${inMeta.uid}, UID in object meta: ${String(existingMeta.uid)}`,
      );
    }
    this.#checkResourceVersion(type, name, inMeta.resourceVersion, existingMeta.resourceVersion);
    return this.#applyUpdate(target, name, key, existing, structuredClone(input), options);
  }

  #storageKey(type: ResourceType, key: string): string {
    const [ns, name] = key.split("/") as [string, string];
    const base =
      type.group && type.crd ? `/registry/${type.group}/${type.resource}` : `/registry/${type.resource}`;
    return ns ? `${base}/${ns}/${name}` : `${base}/${name}`;
  }

  #applyUpdate(
    target: Target,
    name: string,
    key: string,
    existing: Obj,
    next: Obj,
    options: WriteOptions & { subresource?: string },
  ): WriteResult {
    const { type, version } = target;
    const warnings: string[] = [];
    const existingMeta = metaOf(existing);
    next.apiVersion = apiVersionOf(type.group, type.versions[0]!);
    next.kind = type.kind;
    this.#checkNamespace(target, next);
    const meta = metaOf(next);
    meta.name = name;
    if (options.subresource === "status") {
      // A status write changes status only.
      const status = next.status;
      next = structuredClone(existing);
      if (status === undefined) delete next.status;
      else next.status = status;
    } else if (type.status) {
      if (existing.status === undefined) delete next.status;
      else next.status = structuredClone(existing.status);
    }
    const nextMeta = metaOf(next);
    if (nextMeta.uid === undefined || nextMeta.uid === "") nextMeta.uid = existingMeta.uid;
    nextMeta.creationTimestamp = existingMeta.creationTimestamp;
    nextMeta.resourceVersion = existingMeta.resourceVersion;
    for (const f of ["deletionTimestamp", "deletionGracePeriodSeconds"]) {
      if (existingMeta[f] === undefined) delete nextMeta[f];
      else nextMeta[f] = existingMeta[f];
    }
    if (type.generation) nextMeta.generation = existingMeta.generation;
    else delete nextMeta.generation;
    delete nextMeta.managedFields;
    delete nextMeta.selfLink;
    this.#normalize(type, next);
    const errors = this.#validate(type, version, next, existing, options, warnings);
    if (errors.length > 0) throw invalid(this.#gk(type), name, errors);
    if (type.generation && specChanged(existing, next))
      nextMeta.generation = Number(existingMeta.generation ?? 0) + 1;
    nextMeta.managedFields = updateManagedFields(
      existing,
      next,
      this.#manager(options),
      apiVersionOf(type.group, version),
      formatTime(this.#now()),
      this.#fieldSetContext(type),
      options.subresource,
    );
    if (sameIgnoringManagedFields(existing, next)) {
      // A no-op write stores nothing and keeps the resourceVersion, like kube-apiserver.
      return { body: this.present(type, version, existing), code: 200, warnings };
    }
    const deleting = existingMeta.deletionTimestamp !== undefined && !Array.isArray(nextMeta.finalizers);
    if (options.dryRun) return { body: this.present(type, version, next), code: 200, warnings };
    nextMeta.resourceVersion = String(this.store.nextRevision());
    if (deleting) {
      // The last finalizer is gone from an object being deleted: it goes now.
      this.store.commit("DELETED", typeKey(type), key, next);
      this.#afterDelete(type, next);
    } else {
      this.store.commit("MODIFIED", typeKey(type), key, next);
    }
    return { body: this.present(type, version, next), code: 200, warnings };
  }

  /** PATCH with a JSON patch, a merge patch or a strategic merge patch. */
  patch(
    target: Target,
    name: string,
    contentType: string,
    patchBody: unknown,
    options: WriteOptions & { subresource?: string } = {},
  ): WriteResult {
    const { type, version } = target;
    const key = objectKey(target.namespace, name);
    const entry = this.store.get(typeKey(type), key);
    const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
    const accepted = type.crd
      ? ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]
      : [
          "application/json-patch+json",
          "application/merge-patch+json",
          "application/strategic-merge-patch+json",
          "application/apply-patch+yaml",
        ];
    if (!accepted.includes(mediaType) || mediaType === "application/apply-patch+yaml") {
      if (mediaType === "application/apply-patch+yaml")
        throw new ApiStatusError(
          statusBody(
            415,
            "UnsupportedMediaType",
            "server-side apply (application/apply-patch+yaml) is not implemented by kubewire's in-memory API server",
          ),
        );
      throw unsupportedMediaType(accepted);
    }
    if (!entry) throw notFound(this.#gr(type), name);
    const current = this.present(type, version, entry.object);
    let patched: unknown;
    try {
      if (mediaType === "application/json-patch+json") patched = applyJsonPatch(current, patchBody);
      else if (mediaType === "application/merge-patch+json")
        patched = applyJsonMergePatch(current, patchBody);
      else
        patched = applyStrategicMergePatch(current, patchBody, (path) => builtinPatchMeta(type.kind, path));
    } catch (error) {
      if (error instanceof PatchError) {
        if (error.statusCode === 400) throw badRequest(error.message);
        throw new ApiStatusError(statusBody(422, "Invalid", error.message));
      }
      throw error;
    }
    if (!isObj(patched)) throw badRequest("the patched document is not an object");
    const pMeta = metaOf(patched);
    if (pMeta.name !== name)
      throw badRequest(
        `the name of the object (${String(pMeta.name)}) does not match the name on the URL (${name})`,
      );
    this.#decodeChecks(type, version, patched);
    this.#checkTypeMeta(target, patched);
    // A resourceVersion in the patch is a precondition (a patch that removes it is an unconditional write).
    const stored = metaOf(entry.object).resourceVersion;
    if (!this.#checkResourceVersion(type, name, pMeta.resourceVersion, stored))
      pMeta.resourceVersion = stored;
    return this.#applyUpdate(target, name, key, entry.object, patched, options);
  }

  delete(target: Target, name: string, options: DeleteOptions = {}): WriteResult {
    const { type, version } = target;
    const key = objectKey(target.namespace, name);
    const entry = this.store.get(typeKey(type), key);
    if (!entry) throw notFound(this.#gr(type), name);
    const existing = entry.object;
    const meta = metaOf(existing);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== meta.uid)
      throw conflict(
        this.#gr(type),
        name,
        `StorageError: invalid object, Code: 4, Key: ${this.#storageKey(type, key)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(meta.uid)}`,
      );
    if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion)
      throw conflict(
        this.#gr(type),
        name,
        `StorageError: invalid object, Code: 4, Key: ${this.#storageKey(type, key)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${String(meta.resourceVersion)}`,
      );
    const isNamespace = type.group === "" && type.kind === "Namespace";
    const finalizers = Array.isArray(meta.finalizers) ? meta.finalizers : [];
    if (finalizers.length > 0 && !isNamespace) {
      // Deletion waits for the finalizers: mark it and answer 202 with the object.
      if (meta.deletionTimestamp !== undefined)
        return { body: this.present(type, version, existing), code: 202, warnings: [] };
      const next = structuredClone(existing);
      const nextMeta = metaOf(next);
      nextMeta.deletionTimestamp = formatTime(this.#now());
      nextMeta.deletionGracePeriodSeconds = 0;
      if (type.generation) nextMeta.generation = Number(nextMeta.generation ?? 0) + 1;
      if (options.dryRun) return { body: this.present(type, version, next), code: 202, warnings: [] };
      nextMeta.resourceVersion = String(this.store.nextRevision());
      this.store.commit("MODIFIED", typeKey(type), key, next);
      return { body: this.present(type, version, next), code: 202, warnings: [] };
    }
    if (isNamespace) return this.#deleteNamespace(type, version, key, existing, options.dryRun === true);
    if (options.dryRun) return this.#deleteAnswer(type, version, existing);
    const gone = structuredClone(existing);
    metaOf(gone).resourceVersion = String(this.store.nextRevision());
    this.store.commit("DELETED", typeKey(type), key, gone);
    this.#afterDelete(type, gone);
    return this.#deleteAnswer(type, version, existing);
  }

  /**
   * A namespace is marked Terminating at once; what it holds and then the namespace itself go after a while, as
   * the namespace controller would do them. Meanwhile its objects can still be read and deleted, not created.
   */
  #deleteNamespace(
    type: ResourceType,
    version: string,
    key: string,
    existing: Obj,
    dryRun: boolean,
  ): WriteResult {
    const meta = metaOf(existing);
    if (meta.deletionTimestamp !== undefined)
      return { body: this.present(type, version, existing), code: 200, warnings: [] };
    const next = structuredClone(existing);
    metaOf(next).deletionTimestamp = formatTime(this.#now());
    next.status = { phase: "Terminating" };
    if (dryRun) return { body: this.present(type, version, next), code: 200, warnings: [] };
    metaOf(next).resourceVersion = String(this.store.nextRevision());
    this.store.commit("MODIFIED", typeKey(type), key, next);
    const name = String(meta.name);
    const finalize = () => {
      this.#timers.delete(timer);
      const entry = this.store.get(typeKey(type), key);
      if (!entry || metaOf(entry.object).uid !== meta.uid) return;
      this.#deleteNamespaceContents(name);
      const gone = structuredClone(entry.object);
      metaOf(gone).resourceVersion = String(this.store.nextRevision());
      this.store.commit("DELETED", typeKey(type), key, gone);
    };
    const timer = setTimeout(finalize, this.#namespaceFinalizationMs);
    timer.unref();
    this.#timers.add(timer);
    if (this.#namespaceFinalizationMs === 0) {
      clearTimeout(timer);
      finalize();
    }
    return { body: this.present(type, version, next), code: 200, warnings: [] };
  }

  /** Stops pending background work (namespace finalization). */
  dispose(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #deleteAnswer(type: ResourceType, version: string, obj: Obj): WriteResult {
    if (type.returnDeletedObject) return { body: this.present(type, version, obj), code: 200, warnings: [] };
    const meta = metaOf(obj);
    const body = statusBody(
      200,
      undefined,
      undefined,
      { name: String(meta.name), group: type.group, kind: type.resource, uid: String(meta.uid) },
      "Success",
    );
    delete (body as Partial<StatusBody>).code;
    return { body: body as unknown as Obj, code: 200, warnings: [] };
  }

  #deleteNamespaceContents(namespace: string): void {
    for (const t of this.registry.all()) {
      if (!t.namespaced) continue;
      for (const [key, entry] of this.store.entries(typeKey(t))) {
        if (!key.startsWith(`${namespace}/`)) continue;
        const gone = structuredClone(entry.object);
        metaOf(gone).resourceVersion = String(this.store.nextRevision());
        this.store.commit("DELETED", typeKey(t), key, gone);
      }
    }
  }

  /** Deletes every object of a type matching the selectors; answers the list of what was deleted. */
  deleteCollection(target: Target, options: ListOptions & DeleteOptions = {}): WriteResult {
    const { items } = this.list(target, {
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    });
    const deleted: Obj[] = [];
    for (const item of items) {
      const meta = metaOf(item);
      const t: Target = {
        ...target,
        namespace: typeof meta.namespace === "string" ? meta.namespace : undefined,
      };
      const result = this.delete(t, String(meta.name), { dryRun: options.dryRun });
      deleted.push(result.body.kind === "Status" ? item : result.body);
    }
    return {
      body: {
        kind: target.type.listKind,
        apiVersion: apiVersionOf(target.type.group, target.version),
        metadata: { resourceVersion: String(this.store.revision) },
        items: deleted.map((d) => {
          const { kind: _k, apiVersion: _a, ...rest } = d;
          return rest;
        }),
      },
      code: 200,
      warnings: [],
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // CustomResourceDefinitions
  // -------------------------------------------------------------------------------------------------------------

  #validateCrd(obj: Obj, old: Obj | undefined): FieldError[] {
    const errors: FieldError[] = [];
    const spec = isObj(obj.spec) ? obj.spec : {};
    const names = isObj(spec.names) ? spec.names : {};
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
    const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObj) : [];
    if (versions.length === 0)
      errors.push({
        type: "FieldValueInvalid",
        field: "spec.versions",
        value: null,
        detail: "must have exactly one version marked as storage version",
      });
    else if (versions.filter((v) => v.storage === true).length !== 1)
      errors.push({
        type: "FieldValueInvalid",
        field: "spec.versions",
        value: null,
        detail: "must have exactly one version marked as storage version",
      });
    versions.forEach((v, i) => {
      if (!isObj(v.schema) || !isObj(v.schema.openAPIV3Schema))
        errors.push({
          type: "FieldValueRequired",
          field: `spec.versions[${i}].schema.openAPIV3Schema`,
          detail: "schemas are required",
        });
    });
    if (old) {
      const oldSpec = isObj(old.spec) ? old.spec : {};
      if (oldSpec.group !== spec.group)
        errors.push({
          type: "FieldValueInvalid",
          field: "spec.group",
          value: spec.group,
          detail: "field is immutable",
        });
      if (oldSpec.scope !== spec.scope)
        errors.push({
          type: "FieldValueInvalid",
          field: "spec.scope",
          value: spec.scope,
          detail: "field is immutable",
        });
    }
    return errors;
  }

  /** What the apiextensions controllers do once a CRD is stored: accept its names, establish it, serve it. */
  #establishCrd(crd: Obj): void {
    const t = crdResourceType(crd);
    if (!t) return;
    const existing = this.registry.get(t.group, t.resource);
    if (existing && !existing.crd) return; // never shadow a built-in
    this.registry.add(t);
    const key = objectKey(undefined, String(metaOf(crd).name));
    const entry = this.store.get("apiextensions.k8s.io/customresourcedefinitions", key);
    if (!entry) return;
    const next = structuredClone(entry.object);
    const spec = next.spec as Obj;
    const names = spec.names as Obj;
    const time = formatTime(this.#now());
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
      this.#fieldSetContext(this.registry.get("apiextensions.k8s.io", "customresourcedefinitions")!),
      "status",
    );
    meta.resourceVersion = String(this.store.nextRevision());
    this.store.commit("MODIFIED", "apiextensions.k8s.io/customresourcedefinitions", key, next);
  }

  #afterDelete(type: ResourceType, obj: Obj): void {
    if (type.group === "apiextensions.k8s.io" && type.kind === "CustomResourceDefinition") {
      const t = crdResourceType(obj);
      if (!t) return;
      const served = this.registry.get(t.group, t.resource);
      if (!served?.crd) return;
      for (const [key, entry] of this.store.entries(typeKey(t))) {
        const gone = structuredClone(entry.object);
        metaOf(gone).resourceVersion = String(this.store.nextRevision());
        this.store.commit("DELETED", typeKey(t), key, gone);
      }
      this.registry.remove(t.group, t.resource);
    }
  }

  /** Events since `rv` for a type, or undefined when `rv` is older than the history (a watch then gets 410). */
  eventsSince(rv: number): StoreEvent[] | undefined {
    return this.store.eventsSince(rv);
  }

  /** The served group versions, built-ins in kube-apiserver's order, then CRD groups. */
  groupVersions() {
    return this.registry.groupVersions(this.#builtinOrder);
  }
}

function specChanged(before: Obj, after: Obj): boolean {
  const strip = (o: Obj) => {
    const { metadata: _m, status: _s, ...rest } = o;
    return JSON.stringify(sortDeep(rest));
  };
  return strip(before) !== strip(after);
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (!isObj(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortDeep(v[k])]),
  );
}

function sameIgnoringManagedFields(a: Obj, b: Obj): boolean {
  const strip = (o: Obj) => {
    const meta = { ...metaOf(o) };
    delete meta.managedFields;
    return JSON.stringify(sortDeep({ ...o, metadata: meta }));
  };
  return strip(a) === strip(b);
}

/** The resource type a CRD defines (undefined when the CRD is not valid enough to serve). */
export function crdResourceType(crd: Obj): ResourceType | undefined {
  const spec = isObj(crd.spec) ? crd.spec : undefined;
  const names = spec && isObj(spec.names) ? spec.names : undefined;
  if (
    !spec ||
    !names ||
    typeof spec.group !== "string" ||
    typeof names.plural !== "string" ||
    typeof names.kind !== "string"
  )
    return undefined;
  const versions = (Array.isArray(spec.versions) ? spec.versions : []).filter(isObj);
  const served = versions.filter((v) => v.served !== false).map((v) => String(v.name));
  const storage = versions.find((v) => v.storage === true);
  if (!storage || served.length === 0) return undefined;
  const printerColumns: Record<string, PrinterColumn[]> = {};
  const schemas: Record<string, unknown> = {};
  let status = false;
  for (const v of versions) {
    const name = String(v.name);
    if (Array.isArray(v.additionalPrinterColumns))
      printerColumns[name] = v.additionalPrinterColumns as PrinterColumn[];
    if (isObj(v.schema) && isObj(v.schema.openAPIV3Schema)) schemas[name] = v.schema.openAPIV3Schema;
    if (isObj(v.subresources) && v.subresources.status !== undefined) status = true;
  }
  const ordered = [String(storage.name), ...sortVersions(served).filter((v) => v !== storage.name)];
  const kind = names.kind;
  return {
    group: spec.group,
    versions: ordered.filter((v) => served.includes(v) || v === storage.name),
    resource: names.plural,
    kind,
    listKind: typeof names.listKind === "string" ? names.listKind : `${kind}List`,
    singular: typeof names.singular === "string" ? names.singular : kind.toLowerCase(),
    namespaced: spec.scope === "Namespaced",
    verbs: ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"],
    ...(Array.isArray(names.shortNames) ? { shortNames: names.shortNames as string[] } : {}),
    ...(Array.isArray(names.categories) ? { categories: names.categories as string[] } : {}),
    status,
    generation: true,
    allowUnconditionalUpdate: false,
    returnDeletedObject: false,
    nameRule: "subdomain",
    crd: { name: String(isObj(crd.metadata) ? crd.metadata.name : ""), printerColumns, schemas },
  };
}

/**
 * The in-memory API server's state, independent of HTTP: the store, the served types, and the REST verbs on stored
 * objects with kube-apiserver's semantics (optimistic concurrency on resourceVersion, uid preconditions,
 * generation, finalizers, namespace lifecycle, CRDs, server-side dry run, managedFields) and its error Status
 * bodies. Each verb lives in its own module of `registry/`; this class holds the state they share.
 */
import { createObject } from "./registry/create.js";
import { deleteCollection, deleteObject } from "./registry/delete.js";
import { patchObject } from "./registry/patch.js";
import { getObject, listObjects, listObjectsJson, parseSelectors, selectorsMatch } from "./registry/read.js";
import type { Selectors } from "./registry/read.js";
import { present } from "./registry/context.js";
import type {
  DeleteOptions,
  ListOptions,
  RegistryContext,
  Target,
  UpdateOptions,
  WriteOptions,
  WriteResult,
} from "./registry/context.js";
import { getScale, patchScale, updateScale } from "./registry/scale.js";
import { updateObject } from "./registry/update.js";
import type { ResourceRegistry, ResourceType } from "./resource-types.js";
import { Store } from "./store.js";
import type { Obj } from "./store.js";

export type { DeleteOptions, ListOptions, Target, UpdateOptions, WriteOptions, WriteResult };

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

/** The namespaces every cluster starts with. */
const DEFAULT_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];

export class FakeCluster {
  readonly store: Store;
  readonly registry: ResourceRegistry;
  readonly #builtinOrder: readonly string[];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #ctx: RegistryContext;

  constructor(registry: ResourceRegistry, builtinOrder: readonly string[], options: ClusterOptions = {}) {
    this.registry = registry;
    this.#builtinOrder = builtinOrder;
    this.store = new Store({ initialRevision: options.initialRevision, historyLimit: options.historyLimit });
    const now = options.now ?? (() => new Date());
    this.#ctx = {
      store: this.store,
      registry,
      now,
      namespaceFinalizationMs: options.namespaceFinalizationMs ?? 500,
      later: (task, ms) => {
        if (ms === 0) return task();
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          task();
        }, ms);
        timer.unref();
        this.#timers.add(timer);
      },
    };
    const nsType = this.registry.get("", "namespaces");
    if (nsType)
      for (const name of DEFAULT_NAMESPACES)
        this.create(
          { type: nsType, version: "v1", namespace: undefined },
          { metadata: { name } },
          { fieldManager: "kube-apiserver" },
        );
  }

  now(): Date {
    return this.#ctx.now();
  }

  /** A stored object as served at `version`: a copy with that apiVersion, in kube-apiserver's key order. */
  present(type: ResourceType, version: string, stored: Obj): Obj {
    return present(type, version, stored);
  }

  get(target: Target, name: string, resourceVersion?: string): Obj {
    return getObject(this.#ctx, target, name, resourceVersion);
  }

  /** Parses label and field selectors for a type (400 for a malformed one or an unsupported field). */
  parseSelectors(target: Target, options: { labelSelector?: string; fieldSelector?: string }): Selectors {
    return parseSelectors(target, options);
  }

  matches(obj: Obj, selectors: Selectors): boolean {
    return selectorsMatch(obj, selectors);
  }

  /** A list, paginated with `limit`/`continue` over a consistent snapshot (as etcd serves it). */
  list(target: Target, options: ListOptions = {}): { items: Obj[]; metadata: Obj } {
    return listObjects(this.#ctx, target, options);
  }

  /**
   * {@link list} as the bytes of the server's JSON answer (compact, built-in items without kind and apiVersion), in
   * pieces to send in order, made from encodings of the stored objects kept between requests.
   */
  listJson(target: Target, options: ListOptions = {}): Buffer[] {
    return listObjectsJson(this.#ctx, target, options);
  }

  create(target: Target, input: unknown, options: WriteOptions = {}): WriteResult {
    return createObject(this.#ctx, target, input, options);
  }

  /** PUT: replace an object (or its status), with optimistic concurrency on resourceVersion. */
  update(target: Target, name: string, input: unknown, options: UpdateOptions = {}): WriteResult {
    return updateObject(this.#ctx, target, name, input, options);
  }

  /** PATCH with a JSON patch, a merge patch or a strategic merge patch. */
  patch(
    target: Target,
    name: string,
    contentType: string,
    body: unknown,
    options: UpdateOptions = {},
  ): WriteResult {
    return patchObject(this.#ctx, target, name, contentType, body, options);
  }

  delete(target: Target, name: string, options: DeleteOptions = {}): WriteResult {
    return deleteObject(this.#ctx, target, name, options);
  }

  /** Deletes every object of a type matching the selectors; answers the list of what was deleted. */
  deleteCollection(target: Target, options: ListOptions & DeleteOptions = {}): WriteResult {
    return deleteCollection(this.#ctx, target, options);
  }

  /** The `scale` subresource of an object: an autoscaling/v1 Scale. */
  getScale(target: Target, name: string): Obj {
    return getScale(this.#ctx, target, name);
  }

  /** PUT of a Scale: sets the object's replicas (the Scale's resourceVersion is a precondition). */
  updateScale(target: Target, name: string, input: unknown, options: UpdateOptions = {}): WriteResult {
    return updateScale(this.#ctx, target, name, input, options);
  }

  /** PATCH of a Scale. */
  patchScale(target: Target, name: string, contentType: string, body: unknown, options: UpdateOptions = {}) {
    return patchScale(this.#ctx, target, name, contentType, body, options);
  }

  /** Stops pending background work (namespace finalization). */
  dispose(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  /** The served group versions, built-ins in kube-apiserver's order, then CRD groups. */
  groupVersions(): { group: string; versions: string[] }[] {
    return this.registry.groupVersions(this.#builtinOrder);
  }
}

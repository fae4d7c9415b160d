/** The type information every Kubernetes object carries on the wire (or should). */
export interface TypeMeta {
  apiVersion: string;
  kind: string;
}

/** `metadata` of a list: where the server keeps its resourceVersion and pagination state. */
export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
  selfLink?: string;
}

/**
 * The metadata fields kubewire reads and writes on objects of a caller's type. A structural type without an index
 * signature, so that kubernetes-types' `ObjectMeta`, {@link KubeObject}'s metadata and interfaces of your own all
 * fit it (an index signature would shut out every interface that does not declare one).
 */
export interface ObjectMetaLike {
  name?: string | undefined;
  generateName?: string | undefined;
  namespace?: string | undefined;
  uid?: string | undefined;
  resourceVersion?: string | undefined;
  labels?: Readonly<Record<string, string>> | undefined;
  annotations?: Readonly<Record<string, string>> | undefined;
}

/**
 * What an object type must have to fill kubewire's generics (`updateWithRetry<T>`, `client.get<T>`,
 * `normalizeList<T>`, ...): kubernetes-types' `Secret`, `Deployment` and the others, {@link KubeObject}, and your
 * own custom resource interfaces.
 *
 * @example
 * // Deployment: kubernetes-types/apps/v1.js
 * const report = await updateWithRetry<Deployment>(client, ref, (d) => {
 *   d.spec!.replicas = 3;
 * });
 */
export interface ObjectLike {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata?: ObjectMetaLike | undefined;
}

/** Any Kubernetes object: built-in kinds (typed from `kubernetes-types`) and custom resources alike. */
export interface KubeObject<Spec = unknown, Status = unknown> {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    managedFields?: unknown[];
    ownerReferences?: unknown[];
    finalizers?: string[];
    [key: string]: unknown;
  };
  spec?: Spec;
  status?: Status;
  [key: string]: unknown;
}

/** A list as the server sends it: items may lack `kind` and `apiVersion`, `items` may even be null. */
export interface RawList<T = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata?: ListMeta;
  items?: T[] | null;
  [key: string]: unknown;
}

/** A list whose every item carries `kind` and `apiVersion`. */
export interface NormalizedList<T = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: ListMeta;
  items: (T & TypeMeta)[];
}

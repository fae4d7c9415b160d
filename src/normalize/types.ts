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

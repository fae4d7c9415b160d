import { KubewireError } from "../../errors.js";
import type { KubeApiError } from "../errors.js";

/**
 * Which object an update addressed. Written as a literal in the call, its `apiVersion` and `kind` type the
 * object a built-in kind is (`{ apiVersion: "v1", kind: "Secret", ... }` gives a Secret).
 */
export interface ObjectRef<A extends string = string, K extends string = string> {
  apiVersion: A;
  kind: K;
  /** Omit (or leave undefined) for cluster-scoped objects. */
  namespace?: string | undefined;
  name: string;
}

function describe(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}

/**
 * Every attempt of a read-modify-write met 409 Conflict: the object kept changing under the writer. The last
 * server error is the `cause` (`isConflict(error.cause)` holds).
 */
export class UpdateConflictError extends KubewireError {
  readonly ref: ObjectRef;
  readonly attempts: number;
  readonly conflicts: number;

  constructor(ref: ObjectRef, attempts: number, conflicts: number, cause: KubeApiError) {
    super(
      "KUBEWIRE_UPDATE_CONFLICT",
      `update of ${describe(ref)} gave up after ${attempts} attempts: every write met 409 Conflict (the object kept changing)`,
      { cause },
    );
    this.name = "UpdateConflictError";
    this.ref = ref;
    this.attempts = attempts;
    this.conflicts = conflicts;
  }
}

/**
 * The object was deleted and created again under the same name since it was first read (its uid changed): the
 * update stops rather than write changes meant for the old object onto the new one.
 */
export class ObjectReplacedError extends KubewireError {
  readonly ref: ObjectRef;
  readonly expectedUid: string;
  readonly actualUid: string | undefined;

  constructor(ref: ObjectRef, expectedUid: string, actualUid: string | undefined) {
    super(
      "KUBEWIRE_OBJECT_REPLACED",
      `update of ${describe(ref)} stopped: the object was replaced (uid ${expectedUid} expected, found ${actualUid ?? "none"})`,
    );
    this.name = "ObjectReplacedError";
    this.ref = ref;
    this.expectedUid = expectedUid;
    this.actualUid = actualUid;
  }
}

/** The mutate function changed what the object is (apiVersion, kind, namespace or name) or returned a non-object. */
export class InvalidMutationError extends KubewireError {
  readonly ref: ObjectRef;

  constructor(ref: ObjectRef, problem: string) {
    super("KUBEWIRE_INVALID_MUTATION", `update of ${describe(ref)}: ${problem}`);
    this.name = "InvalidMutationError";
    this.ref = ref;
  }
}

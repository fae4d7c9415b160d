import { createMergePatch } from "../../normalize/merge-patch.js";
import { objectChanges } from "../../normalize/object-changes.js";
import { semanticEqual } from "../../normalize/semantic-equal.js";
import type { FieldChange, FieldPath } from "../../normalize/object-changes.js";
import { redactValueAt } from "../../record/redact/redact.js";
import { keylessMarker } from "../../record/redact/redaction-marker.js";
import type { KubeObject, ObjectLike } from "../../normalize/types.js";
import type { CallOptions, KubeClient, Typed } from "../client.js";
import {
  followedAmbiguousAnswer,
  isConflict,
  KubeAbortError,
  KubeApiError,
  KubeNetworkError,
} from "../errors.js";
import { resolveResource } from "../resources/resource-mapping.js";
import { isSecret, maskSecretField } from "./secrets.js";
import { InvalidMutationError, ObjectReplacedError, UpdateConflictError } from "./update-errors.js";
import type { ObjectRef } from "./update-errors.js";

/** Return it from a mutate function to say "nothing to change": no write happens. */
export const NO_CHANGE: unique symbol = Symbol.for("kubewire.noChange");

/**
 * How retries are spaced, as client-go's `wait.Backoff`: `steps` attempts in all, the first pause `durationMs`,
 * each next pause multiplied by `factor`, each pause lengthened by up to `jitter` of itself at random.
 */
export interface ConflictBackoff {
  steps: number;
  durationMs: number;
  factor: number;
  jitter: number;
  /** The longest pause (client-go's `Cap`, except that reaching it does not end the retries). */
  capMs?: number;
}

/** client-go's `retry.DefaultRetry`, the backoff of `retry.RetryOnConflict`: 5 attempts, 10 ms apart, 10% jitter. */
export const DEFAULT_CONFLICT_RETRY: Readonly<ConflictBackoff> = Object.freeze({
  steps: 5,
  durationMs: 10,
  factor: 1.0,
  jitter: 0.1,
});

/** client-go's `retry.DefaultBackoff`: 4 attempts, pauses of 10 ms, 50 ms, 250 ms (x5), 10% jitter. */
export const DEFAULT_CONFLICT_BACKOFF: Readonly<ConflictBackoff> = Object.freeze({
  steps: 4,
  durationMs: 10,
  factor: 5.0,
  jitter: 0.1,
});

/** The closed set of ways an update is written. */
export const UPDATE_STRATEGIES = ["replace", "merge-patch"] as const;
/**
 * How an update is written, one of {@link UPDATE_STRATEGIES} (`replace` is a PUT; `merge-patch` sends only the change).
 */
export type UpdateStrategy = (typeof UPDATE_STRATEGIES)[number];

/**
 * What a {@link Mutate} function is told besides the object, which attempt this is and which object it addresses.
 */
export interface MutateContext {
  /** 1 for the first attempt, 2 after the first conflict... */
  attempt: number;
  ref: ObjectRef;
}

/**
 * Changes the object it is given (a private deep copy of what the server holds) and returns nothing, or returns
 * the object to write, or {@link NO_CHANGE}. Throwing aborts the update (the error propagates). It runs again on
 * a fresh copy after every conflict, so it must compute its change from the object, not from captured state.
 */
export type Mutate<T> = (
  object: T,
  context: MutateContext,
) => T | void | typeof NO_CHANGE | Promise<T | void | typeof NO_CHANGE>;

/**
 * Options of {@link updateWithRetry} (strategy, conflict backoff, dry run, the uid to hold to, a starting object).
 */
export interface UpdateOptions<T> extends CallOptions {
  /** `replace` (PUT, the default) or `merge-patch` (a JSON merge patch carrying resourceVersion and uid). */
  strategy?: UpdateStrategy;
  /** Retry spacing; missing fields come from {@link DEFAULT_CONFLICT_RETRY}. */
  backoff?: Partial<ConflictBackoff>;
  /**
   * `true` (or `"client"`): read and mutate, report what would be written, write nothing. `"server"`: send the
   * write with `dryRun=All`, so the server validates and answers without storing.
   */
  dryRun?: boolean | "client" | "server";
  /** The uid the object must have; default: the uid first read. A different uid stops the update. */
  uid?: string;
  /** An object already read (a list item, say): the first attempt starts from it instead of a GET. */
  current?: T;
  fieldManager?: string;
  fieldValidation?: "Strict" | "Warn" | "Ignore";
  /** Called after each 409 Conflict, before the pause. */
  onConflict?: (info: { attempt: number; error: KubeApiError; delayMs: number }) => void;
  /** Randomness for jitter (default Math.random); tests pass their own. */
  random?: () => number;
  /** How to wait between attempts (default: a timer that the call's signal can cancel). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * What an update did. `object` (the object as stored, or as it would be) is not enumerable: printing or
 * serialising a report never shows a Secret's values.
 */
export interface UpdateReport<T> {
  ref: ObjectRef;
  /** Read-mutate(-write) rounds. */
  attempts: number;
  /** 409 Conflicts met (each one followed by a fresh read). */
  conflicts: number;
  /** Whether the object differed from what the server holds (and so was, or in a dry run would be, written). */
  changed: boolean;
  dryRun: false | "client" | "server";
  resourceVersion: { before: string | undefined; after: string | undefined };
  /** The fields written (or that would be), Secret values masked. */
  changes: FieldChange[];
  /** The final object: the server's answer to the write, or what it holds when nothing changed. */
  readonly object: T;
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException("The operation was aborted.", "AbortError");
}

/** A pause that the signal can cut short (rejecting with its reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** client-go's `wait.Jitter`: `duration + random * jitter * duration`. */
export function jittered(durationMs: number, jitter: number, random: () => number = Math.random): number {
  return jitter > 0 ? durationMs + random() * jitter * durationMs : durationMs;
}

function identity(obj: KubeObject): string {
  return JSON.stringify([obj.apiVersion, obj.kind, obj.metadata?.namespace ?? "", obj.metadata?.name]);
}

function makeReport<T>(fields: Omit<UpdateReport<T>, "object">, object: T): UpdateReport<T> {
  const report = { ...fields } as UpdateReport<T>;
  Object.defineProperty(report, "object", { value: object, enumerable: false });
  return report;
}

/**
 * Safe read-modify-write of one object: GET it, hand a deep copy to `mutate`, skip the write when nothing
 * changed (semantic equality: a Secret compares by its decoded payload), write with the resourceVersion read
 * (PUT, or a merge patch that carries it as a precondition), and on 409 Conflict read again and retry, with
 * client-go's `RetryOnConflict` backoff by default (5 attempts, 10 ms, 10% jitter). A uid precondition guards
 * against an object deleted and recreated under the same name.
 *
 * The object's type is the `T` given (any {@link ObjectLike}: kubernetes-types' `Secret`, your custom resource's
 * interface), else that of the built-in kind the reference names when it is written as a literal, else
 * {@link KubeObject}.
 *
 * @example
 * const report = await updateWithRetry(client, { apiVersion: "v1", kind: "Secret", namespace: "default", name: "db" },
 *   (secret) => { secretData(secret).set("password", newPassword); }); // secret: a kubernetes-types Secret
 * report.changed; report.conflicts; // never a value: report.changes are masked for Secrets
 */
export async function updateWithRetry<
  T extends ObjectLike = never,
  A extends string = string,
  K extends string = string,
>(
  client: KubeClient,
  ref: ObjectRef<A, K>,
  mutate: Mutate<Typed<T, A, K>>,
  options: UpdateOptions<Typed<T, A, K>> = {},
): Promise<UpdateReport<Typed<T, A, K>>> {
  // Whatever its declared type, the object is JSON from the server: the loop works on it as a KubeObject.
  const report = await updateObject(
    client,
    ref,
    mutate as unknown as Mutate<KubeObject>,
    options as unknown as UpdateOptions<KubeObject>,
  );
  return report as unknown as UpdateReport<Typed<T, A, K>>;
}

async function updateObject(
  client: KubeClient,
  ref: ObjectRef,
  mutate: Mutate<KubeObject>,
  options: UpdateOptions<KubeObject>,
): Promise<UpdateReport<KubeObject>> {
  const backoff: ConflictBackoff = { ...DEFAULT_CONFLICT_RETRY, ...options.backoff };
  const steps = Math.max(1, Math.floor(backoff.steps));
  const strategy = options.strategy ?? "replace";
  const dryRun =
    options.dryRun === true
      ? "client"
      : options.dryRun === false || options.dryRun === undefined
        ? false
        : options.dryRun;
  const random = options.random ?? Math.random;
  const pause = options.sleep ?? sleep;
  const call = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
  const builtin = !resolveResource(ref.apiVersion, ref.kind).guessed;
  let expectedUid = options.uid;
  let current = options.current ? structuredClone(options.current) : undefined;
  let delay = backoff.durationMs;
  let conflicts = 0;
  let firstRv: string | undefined = current?.metadata?.resourceVersion;

  for (let attempt = 1; ; attempt++) {
    if (!current) {
      const read = await client.get<KubeObject>(ref.apiVersion, ref.kind, ref.name, {
        namespace: ref.namespace,
        ...call,
      });
      current = read.object;
    }
    firstRv ??= current.metadata?.resourceVersion;
    const uid = current.metadata?.uid;
    if (expectedUid === undefined) expectedUid = uid;
    else if (uid !== expectedUid) throw new ObjectReplacedError(ref, expectedUid, uid);

    const draft = structuredClone(current);
    const result = await mutate(draft, { attempt, ref });
    const base = { ref, attempts: attempt, conflicts, dryRun } as const;
    const read = current;
    const unchanged = () =>
      makeReport(
        {
          ...base,
          changed: false,
          resourceVersion: { before: firstRv, after: read.metadata?.resourceVersion },
          changes: [],
        },
        read,
      );
    if (result === NO_CHANGE) return unchanged();
    const next = result === undefined ? draft : result;
    if (typeof next !== "object" || next === null)
      throw new InvalidMutationError(ref, "mutate returned something that is not an object");
    if (identity(next) !== identity(current))
      throw new InvalidMutationError(ref, "mutate changed the object's apiVersion, kind, namespace or name");
    // The write carries what was read: the resourceVersion is the optimistic lock, the uid the identity check.
    const resourceVersion = current.metadata?.resourceVersion;
    const metadata: Record<string, unknown> = { ...next.metadata, resourceVersion, uid };
    if (resourceVersion === undefined) delete metadata.resourceVersion;
    if (uid === undefined) delete metadata.uid;
    next.metadata = metadata;

    if (semanticEqual(current, next, { omitEmpty: builtin })) return unchanged();
    // Every change is masked by the secret policy (a custom resource's `spec.password` as much as a Secret's data);
    // a Secret's values are reported by their decoded size.
    const root = current;
    const mask = (path: FieldPath, value: unknown): unknown =>
      redactValueAt(root, path, isSecret(root) ? maskSecretField(path, value) : value, {
        marker: keylessMarker,
      });
    const changes = () => objectChanges(read, next, { mask });
    if (dryRun === "client") {
      return makeReport(
        {
          ...base,
          changed: true,
          resourceVersion: { before: firstRv, after: current.metadata?.resourceVersion },
          changes: changes(),
        },
        next,
      );
    }

    const writeOptions = {
      ...call,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
      ...(dryRun === "server" ? { dryRun: "All" as const } : {}),
      ...(options.fieldManager ? { fieldManager: options.fieldManager } : {}),
      ...(options.fieldValidation ? { fieldValidation: options.fieldValidation } : {}),
    };
    try {
      let written: KubeObject;
      if (strategy === "replace") {
        written = (await client.replace(next, writeOptions)).object;
      } else {
        const patch = createMergePatch(current, next);
        // A resourceVersion in a merge patch is a precondition; the uid one guards identity.
        patch.metadata = {
          ...(patch.metadata as object | undefined),
          resourceVersion: current.metadata?.resourceVersion,
          ...(uid ? { uid } : {}),
        };
        written = (
          await client.patch<KubeObject>(ref.apiVersion, ref.kind, ref.name, patch, {
            ...writeOptions,
            type: "merge",
          })
        ).object;
      }
      return makeReport(
        {
          ...base,
          changed: true,
          resourceVersion: { before: firstRv, after: written.metadata?.resourceVersion },
          changes: changes(),
        },
        written,
      );
    } catch (error) {
      const ambiguous = isAmbiguousAnswer(error);
      if (!isConflict(error) && !ambiguous) throw error;
      // A 409 after an answer that said nothing (the transport retried a 500 whose write had committed) or the
      // ambiguous answer itself: read the object back, and if it carries what this attempt wrote, the write landed.
      // Reported as written, the mutation is never applied a second time (docs/safe-updates.md). A plain 409 is
      // another writer's: it is never taken for ours, even when that writer wrote the same values.
      if (dryRun === false && (ambiguous || followedAmbiguousAnswer(error))) {
        const landed = await readBackLanded(client, ref, current, next, call);
        if (landed.carried)
          return makeReport(
            {
              ...base,
              changed: true,
              resourceVersion: { before: firstRv, after: landed.object.metadata?.resourceVersion },
              changes: changes(),
            },
            landed.object,
          );
        if (ambiguous) {
          // Not there: the write did not land (a later landing would fail the next write's precondition).
          if (attempt >= steps) throw error;
          current = landed.object;
          continue;
        }
      } else if (ambiguous) throw error;
      if (!isConflict(error)) throw error;
      conflicts++;
      if (attempt >= steps) throw new UpdateConflictError(ref, attempt, conflicts, error);
      const wait = Math.min(jittered(delay, backoff.jitter, random), backoff.capMs ?? Infinity);
      options.onConflict?.({ attempt, error, delayMs: wait });
      await pause(wait, options.signal);
      delay = Math.min(delay * backoff.factor, backoff.capMs ?? Infinity);
      current = undefined;
    }
  }
}

/**
 * An answer after which a write may or may not have landed: a 5xx (kube-apiserver answers 500 on a storage timeout
 * whose write committed), a timeout, or a connection lost after the request was sent. Not an abort by the caller.
 */
function isAmbiguousAnswer(error: unknown): boolean {
  if (error instanceof KubeApiError) return error.statusCode >= 500;
  if (error instanceof KubeAbortError) return false;
  return error instanceof KubeNetworkError;
}

/**
 * Reads the object back: `carried` when it holds everything `next` changed from `sent` (every field of their merge
 * patch) under a newer resourceVersion, so the write that was sent is in it.
 */
async function readBackLanded<T extends KubeObject>(
  client: KubeClient,
  ref: ObjectRef,
  sent: T,
  next: T,
  call: CallOptions,
): Promise<{ object: T; carried: boolean }> {
  const read = await client.get<T>(ref.apiVersion, ref.kind, ref.name, { namespace: ref.namespace, ...call });
  const object = read.object as T;
  const rv = object.metadata?.resourceVersion;
  if (rv === undefined || rv === sent.metadata?.resourceVersion) return { object, carried: false };
  const patch = createMergePatch(sent, next) as Record<string, unknown>;
  const metadata = patch.metadata as Record<string, unknown> | undefined;
  if (metadata) {
    delete metadata.resourceVersion;
    delete metadata.uid;
    if (Object.keys(metadata).length === 0) delete patch.metadata;
  }
  return { object, carried: Object.keys(patch).length > 0 && carries(object, patch) };
}

/** Whether `object` already is what applying the merge patch to it would make it. */
function carries(object: unknown, patch: unknown): boolean {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch))
    return semanticEqual(object, patch, { omitEmpty: false });
  if (typeof object !== "object" || object === null || Array.isArray(object)) return false;
  const o = object as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    const has = Object.prototype.hasOwnProperty.call(o, k);
    if (v === null) {
      if (has && o[k] !== null) return false;
    } else if (!has || !carries(o[k], v)) return false;
  }
  return true;
}

import { KubewireError } from "../../errors.js";
import type { FieldChange } from "../../normalize/object-changes.js";
import type { CallOptions, KubeClient } from "../client.js";
import { KubeApiError } from "../errors.js";
import { scrubSecretValues, secretData } from "./secrets.js";
import type { Secret } from "kubernetes-types/core/v1.js";
import type { SecretData } from "./secrets.js";
import { updateWithRetry } from "./update-with-retry.js";
import type { ConflictBackoff, MutateContext, UpdateStrategy, NO_CHANGE } from "./update-with-retry.js";

/** Which Secrets to visit. */
export interface SecretSelector {
  /** Omit to visit every namespace. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/**
 * Decides about one Secret: edit it in place (through `data`, or directly), return the Secret to write, or return
 * {@link NO_CHANGE}. Throwing marks this Secret failed and moves on to the next. It runs again on fresh data
 * after a conflict.
 */
export type SecretUpdater = (
  secret: Secret,
  data: SecretData,
  context: MutateContext,
) => Secret | void | typeof NO_CHANGE | Promise<Secret | void | typeof NO_CHANGE>;

/**
 * Options of {@link updateSecrets} (dry run, how each Secret is written, conflict backoff, the list's page size).
 */
export interface UpdateSecretsOptions extends CallOptions {
  /** Report what would change and write nothing (`"server"`: ask the server to validate each write, dryRun=All). */
  dryRun?: boolean | "client" | "server";
  strategy?: UpdateStrategy;
  backoff?: Partial<ConflictBackoff>;
  /** Page size of the list (default 500, kubectl's). */
  pageSize?: number;
  fieldManager?: string;
}

/** A Secret by name. */
export interface SecretName {
  namespace: string;
  name: string;
}

/** A Secret that {@link updateSecrets} changed (or, in a dry run, would change), with its masked changes. */
export interface UpdatedSecret extends SecretName {
  attempts: number;
  conflicts: number;
  /** What changed, with every value masked (`[redacted len=N]`). */
  changes: FieldChange[];
}

/**
 * A Secret that {@link updateSecrets} could not update, with a stable reason and a message free of its values.
 */
export interface FailedSecret extends SecretName {
  /** A stable code: the error's `code` (`KUBEWIRE_UPDATE_CONFLICT`...), the API `reason`, or `KUBEWIRE_UPDATER_ERROR`. */
  reason: string;
  /** A message without Secret values (user errors are scrubbed of this Secret's values). */
  message: string;
}

/** What {@link updateSecrets} did, by Secret name; never a value. */
export interface UpdateSecretsReport {
  dryRun: false | "client" | "server";
  /** Secrets the list returned. */
  listed: number;
  /** List pages fetched. */
  pages: number;
  updated: UpdatedSecret[];
  unchanged: SecretName[];
  failed: FailedSecret[];
  /**
   * Set when listing stopped before the last page (a 410 for an expired continue token, a 500): the Secrets after
   * it were not visited, and the report still says what was written before. Callers must check it.
   */
  incomplete?: { page: number; reason: string; message: string };
}

function failure(error: unknown, secrets: readonly Secret[]): { reason: string; message: string } {
  // Server messages never quote Secret values, but every message is scrubbed all the same: a proxy or user code
  // might, and user code may quote a value it was about to write, so the scrub covers every version it touched.
  const message = secrets.reduce(
    (text, secret) => scrubSecretValues(text, secret),
    error instanceof Error ? error.message : String(error),
  );
  if (error instanceof KubeApiError) return { reason: error.reason, message };
  if (error instanceof KubewireError) return { reason: error.code, message };
  return { reason: "KUBEWIRE_UPDATER_ERROR", message };
}

/**
 * The seed story, done safely: list Secrets by selector (page by page), restore their kind and apiVersion, run
 * `fn` on each, and write only those that changed, each through {@link updateWithRetry} (resourceVersion
 * precondition, 409 retries, uid check). Returns which were updated, unchanged or failed, and why; never a value.
 *
 * @example
 * const report = await updateSecrets(client, { namespace: "prod", labelSelector: "app=blog" }, (secret, data) => {
 *   if (data.get("api-url") === "http://old") data.set("api-url", "https://new");
 * });
 */
export async function updateSecrets(
  client: KubeClient,
  selector: SecretSelector,
  fn: SecretUpdater,
  options: UpdateSecretsOptions = {},
): Promise<UpdateSecretsReport> {
  const dryRun = options.dryRun === true ? "client" : options.dryRun ? options.dryRun : false;
  const report: UpdateSecretsReport = { dryRun, listed: 0, pages: 0, updated: [], unchanged: [], failed: [] };
  const call = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
  let continueToken: string | undefined;
  do {
    let page;
    try {
      page = await client.list<Secret>("v1", "Secret", {
        ...call,
        ...(selector.namespace ? { namespace: selector.namespace } : {}),
        ...(selector.labelSelector ? { labelSelector: selector.labelSelector } : {}),
        ...(selector.fieldSelector ? { fieldSelector: selector.fieldSelector } : {}),
        limit: options.pageSize ?? 500,
        ...(continueToken ? { continue: continueToken } : {}),
      });
    } catch (error) {
      // Before any page nothing was written: the error is the answer. After one, what was written must not be lost.
      if (report.pages === 0 || options.signal?.aborted) throw error;
      report.incomplete = { page: report.pages + 1, ...failure(error, []) };
      return report;
    }
    report.pages++;
    continueToken = page.list.metadata.continue || undefined;
    for (const item of page.items) {
      report.listed++;
      const namespace = item.metadata?.namespace ?? "";
      const name = item.metadata?.name ?? "";
      const ref = { apiVersion: "v1", kind: "Secret", namespace, name };
      const touched: Secret[] = [item];
      try {
        const result = await updateWithRetry<Secret>(
          client,
          ref,
          async (secret, context) => {
            touched.push(secret);
            const returned = await fn(secret, secretData(secret), context);
            if (typeof returned === "object" && returned !== null) touched.push(returned);
            return returned;
          },
          {
            ...call,
            current: item,
            dryRun,
            ...(options.strategy ? { strategy: options.strategy } : {}),
            ...(options.backoff ? { backoff: options.backoff } : {}),
            ...(options.fieldManager ? { fieldManager: options.fieldManager } : {}),
          },
        );
        if (result.changed)
          report.updated.push({
            namespace,
            name,
            attempts: result.attempts,
            conflicts: result.conflicts,
            changes: result.changes,
          });
        else report.unchanged.push({ namespace, name });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        report.failed.push({ namespace, name, ...failure(error, touched) });
      }
    }
  } while (continueToken);
  return report;
}

/**
 * A DELETE's options as kube-apiserver reads them: from the body when there is one, else from the query
 * (`?propagationPolicy=Foreground&orphanDependents=true`), checked by `ValidateDeleteOptions` before anything is
 * deleted.
 */
import { queryFlag } from "../request-info.js";
import { isPlainObject } from "./json.js";
import type { DeleteOptions, PropagationPolicy } from "./registry/context.js";
import { invalid } from "./status.js";
import type { FieldError } from "./status.js";

const POLICIES: readonly string[] = ["Foreground", "Background", "Orphan"];

/** The options of a delete or deletecollection request (a 422 for options the server refuses). */
export function readDeleteOptions(body: unknown, query: URLSearchParams): DeleteOptions {
  const fromBody = isPlainObject(body);
  const options: Record<string, unknown> = fromBody
    ? body
    : {
        ...(query.has("propagationPolicy") ? { propagationPolicy: query.get("propagationPolicy") } : {}),
        ...(query.has("orphanDependents") ? { orphanDependents: queryFlag(query, "orphanDependents") } : {}),
        ...(query.has("dryRun") ? { dryRun: query.getAll("dryRun") } : {}),
      };
  const policy = options.propagationPolicy;
  const orphan = options.orphanDependents;
  const errors: FieldError[] = [];
  if (typeof orphan === "boolean" && typeof policy === "string")
    errors.push({
      type: "FieldValueInvalid",
      field: "propagationPolicy",
      value: policy,
      detail: "orphanDependents and deletionPropagation cannot be both set",
    });
  if (typeof policy === "string" && !POLICIES.includes(policy))
    errors.push({
      type: "FieldValueNotSupported",
      field: "propagationPolicy",
      value: policy,
      detail: `supported values: ${[...POLICIES, "nil"].map((v) => JSON.stringify(v)).join(", ")}`,
    });
  if (errors.length > 0) throw invalid({ group: "meta.k8s.io", kind: "DeleteOptions" }, "", errors);
  const pre = isPlainObject(options.preconditions) ? options.preconditions : {};
  const dryRun =
    query.get("dryRun") === "All" || (Array.isArray(options.dryRun) && options.dryRun.includes("All"));
  return {
    dryRun,
    preconditions: {
      ...(typeof pre.uid === "string" ? { uid: pre.uid } : {}),
      ...(typeof pre.resourceVersion === "string" ? { resourceVersion: pre.resourceVersion } : {}),
    },
    ...(typeof policy === "string" ? { propagationPolicy: policy as PropagationPolicy } : {}),
    ...(typeof orphan === "boolean" ? { orphanDependents: orphan } : {}),
  };
}

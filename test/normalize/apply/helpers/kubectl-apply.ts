/**
 * What `kubectl apply --server-side` (1.26+) sends, so a recorded workflow can be replayed request by request
 * (kubectl's pkg/cmd/apply/apply.go and client-go's util/csaupgrade): the apply PATCH; then, for the `kubectl`
 * manager, an apply of the last-applied annotation alone by `kubectl-last-applied` when no Apply manager owns
 * it; then the migration of client-side-apply managers (Update entries owning the annotation) into the Apply
 * manager, as a JSON patch of managedFields; and after a migration the apply PATCH once more.
 */
import {
  decodeFieldsV1,
  encodeFieldsV1,
  FieldSet,
  LAST_APPLIED_ANNOTATION,
} from "../../../../src/normalize/apply/index.js";
import type { ManagedFieldsEntry } from "../../../../src/normalize/apply/index.js";
import type { MiniServer, WriteResult } from "./mini-server.js";

type Obj = Record<string, unknown>;

const ANNOTATION = FieldSet.of([
  { field: "metadata" },
  { field: "annotations" },
  { field: LAST_APPLIED_ANNOTATION },
]);

function entriesOf(o: Obj): ManagedFieldsEntry[] {
  return ((o.metadata as Obj).managedFields as ManagedFieldsEntry[] | undefined) ?? [];
}

function findFieldsOwners(
  entries: ManagedFieldsEntry[],
  operation: string,
  fields: FieldSet,
): ManagedFieldsEntry[] {
  return entries.filter(
    (e) => e.operation === operation && fields.difference(decodeFieldsV1(e.fieldsV1 ?? {})).empty(),
  );
}

/** client-go `csaupgrade.upgradedManagedFields`. */
function upgraded(entries: ManagedFieldsEntry[], csa: string, ssa: string): ManagedFieldsEntry[] {
  const out = entries.map((e) => ({ ...e }));
  let target = out.findIndex((e) => e.manager === ssa && e.operation === "Apply" && !e.subresource);
  if (target < 0) {
    target = out.findIndex((e) => e.manager === csa && e.operation === "Update" && !e.subresource);
    if (target < 0) return out;
    out[target]!.operation = "Apply";
    out[target]!.manager = ssa;
  }
  const csaEntry = out.find(
    (e) =>
      e.manager === csa &&
      e.operation === "Update" &&
      !e.subresource &&
      e.apiVersion === out[target]!.apiVersion,
  );
  let set = decodeFieldsV1(out[target]!.fieldsV1 ?? {});
  if (csaEntry) set = set.union(decodeFieldsV1(csaEntry.fieldsV1 ?? {}));
  out[target]!.fieldsV1 = encodeFieldsV1(set);
  return out.filter((e) => !(e.manager === csa && e.operation === "Update" && !e.subresource));
}

export function kubectlServerSideApply(
  server: MiniServer,
  body: Obj,
  opts: { manager: string; force?: boolean },
): WriteResult {
  const first = server.apply(body, opts);
  if (first.code >= 300) return first;
  let current = first.body;
  const meta = current.metadata as Obj;
  const annotations = (meta.annotations as Obj | undefined) ?? {};
  if (
    opts.manager === "kubectl" &&
    LAST_APPLIED_ANNOTATION in annotations &&
    findFieldsOwners(entriesOf(current), "Apply", ANNOTATION).length === 0
  ) {
    const justAnnotation = {
      apiVersion: current.apiVersion,
      kind: current.kind,
      metadata: {
        annotations: { [LAST_APPLIED_ANNOTATION]: annotations[LAST_APPLIED_ANNOTATION] },
        name: meta.name,
        namespace: meta.namespace,
      },
    };
    const saved = server.apply(justAnnotation, { manager: "kubectl-last-applied" });
    if (saved.code < 300) current = saved.body;
  }
  const csaManagers = new Set(
    findFieldsOwners(entriesOf(current), "Update", ANNOTATION).map((e) => e.manager!),
  );
  let entries = entriesOf(current);
  for (const csa of csaManagers) entries = upgraded(entries, csa, opts.manager);
  if (JSON.stringify(entries) === JSON.stringify(entriesOf(current))) return first;
  // The JSON patch replaces managedFields (and resourceVersion, unchanged) as an Update by the same manager.
  server.update(String(current.kind), String((current.metadata as Obj).name), opts.manager, (o) => {
    (o.metadata as Obj).managedFields = entries;
  });
  return server.apply(body, opts);
}

/**
 * Server-side printing (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`), which `kubectl get` asks for.
 * ConfigMaps, Secrets, Namespaces and the built-in kinds in printers.ts (Pods, Deployments, Services, ReplicaSets,
 * StatefulSets, DaemonSets, Jobs, CronJobs, Ingresses, ServiceAccounts, RoleBindings, ClusterRoleBindings,
 * PersistentVolumeClaims, Endpoints, Nodes, Events, PodDisruptionBudgets, PriorityClasses, ResourceQuotas, Leases)
 * get kube-apiserver's own columns; custom resources their CRD's `additionalPrinterColumns`; every other kind the
 * generic table (Name, Created At), as kube-apiserver answers for a kind it has no printer for (Roles and
 * ClusterRoles among them).
 */
import type { PrinterColumn, ResourceType } from "./resource-types.js";
import { humanDuration } from "../../kubectl/table/human-duration.js";
import { isObj, obj, since } from "./printer-format.js";
import type { Obj } from "./printer-format.js";
import { AGE_COLUMN, AGE_DESCRIPTION, BUILTIN_PRINTERS, NAME_COLUMN } from "./printers.js";
import type { Printer, TableColumn } from "./printers.js";

const column = (name: string, type: string, description: string, format = ""): TableColumn => ({
  name,
  type,
  format,
  description,
  priority: 0,
});

function meta(o: Obj): Obj {
  return obj(o.metadata);
}

function age(o: Obj, now: number): string {
  return since(meta(o).creationTimestamp, now);
}

function count(v: unknown): number {
  return isObj(v) ? Object.keys(v).length : 0;
}

/** A tiny JSONPath for printer columns: `.spec.size`, `.status.conditions[0].type`, `.metadata.labels.app`. */
function jsonPathValue(obj: unknown, path: string): unknown {
  let cur = obj;
  const parts =
    path
      .replace(/^\{?\.?/, "")
      .replace(/\}$/, "")
      .match(/[^.[\]]+|\[\d+\]/g) ?? [];
  for (const part of parts) {
    if (part.startsWith("[")) cur = Array.isArray(cur) ? cur[Number(part.slice(1, -1))] : undefined;
    else cur = isObj(cur) ? cur[part] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

function printerFor(type: ResourceType, version: string): Printer {
  const name = NAME_COLUMN;
  const key = `${type.group}/${type.kind}`;
  const builtin = type.crd ? undefined : BUILTIN_PRINTERS.get(key);
  if (builtin) return builtin;
  if (key === "/ConfigMap")
    return {
      columns: [
        name,
        column(
          "Data",
          "string",
          "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
        ),
        AGE_COLUMN,
      ],
      cells: (o, now) => [meta(o).name, count(o.data) + count(o.binaryData), age(o, now)],
    };
  if (key === "/Secret")
    return {
      columns: [
        name,
        column(
          "Type",
          "string",
          "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types",
        ),
        column(
          "Data",
          "string",
          "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
        ),
        AGE_COLUMN,
      ],
      cells: (o, now) => [meta(o).name, o.type ?? "Opaque", count(o.data), age(o, now)],
    };
  if (key === "/Namespace")
    return {
      columns: [name, column("Status", "string", "The status of the namespace"), AGE_COLUMN],
      cells: (o, now) => [meta(o).name, isObj(o.status) ? o.status.phase : "", age(o, now)],
    };
  if (type.crd) {
    const defined: PrinterColumn[] = type.crd.printerColumns[version] ?? [];
    const crdColumns =
      defined.length > 0
        ? defined
        : [{ name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" } satisfies PrinterColumn];
    return {
      columns: [
        name,
        ...crdColumns.map((c) => ({
          name: c.name,
          type: c.type,
          format: c.format ?? "",
          description:
            c.description ?? `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
          priority: c.priority ?? 0,
        })),
      ],
      cells: (o, now) => [
        meta(o).name,
        ...crdColumns.map((c) => {
          const v = jsonPathValue(o, c.jsonPath);
          if (v === undefined || v === null) return null;
          if (c.type === "date" && typeof v === "string") return humanDuration(now - Date.parse(v));
          return v;
        }),
      ],
    };
  }
  return {
    columns: [name, column("Created At", "date", AGE_DESCRIPTION)],
    cells: (o) => [meta(o).name, meta(o).creationTimestamp],
  };
}

/** What `includeObject` asks to embed in each row. */
export type IncludeObject = "None" | "Metadata" | "Object";

function partial(obj: Obj): Obj {
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: meta(obj) };
}

/** A `meta.k8s.io/v1` Table of the given objects. */
export function toTable(
  type: ResourceType,
  version: string,
  objects: Obj[],
  listMeta: Obj,
  options: { now: number; includeObject: IncludeObject; noHeaders?: boolean },
): Obj {
  const printer = printerFor(type, version);
  const rows = objects.map((o) => {
    const row: Obj = { cells: printer.cells(o, options.now) };
    if (options.includeObject === "Metadata") row.object = partial(o);
    else if (options.includeObject === "Object") row.object = o;
    return row;
  });
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: listMeta,
    ...(options.noHeaders ? {} : { columnDefinitions: printer.columns }),
    rows,
  };
}

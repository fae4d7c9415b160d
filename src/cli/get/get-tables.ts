import { parseJsonLossless } from "../../index.js";
import { kubectlSortOrder, kubectlSortTableOrder, renderKubectlTable } from "../../kubectl/index.js";
import type { GetArgs, GetPrinter } from "./get-flags.js";
import type { FetchedBody, GetOutputText } from "./get-output.js";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The flags of a get that kubectl's table printers read, for a list and for a watch alike. */
export function tableFlags(p: GetArgs, wide: boolean, namespace: string) {
  return {
    wide,
    noHeaders: p.noHeaders,
    showKind: p.showKind,
    allNamespaces: p.allNamespaces,
    showLabels: p.showLabels,
    labelColumns: p.labelColumns,
    namespace,
  };
}

/** kubectl's table printing of server Tables, rows sorted by `--sort-by` as kubectl's TableSorter sorts them. */
export function renderTables(
  bodies: FetchedBody[],
  p: GetArgs,
  namespace: string,
  errors: number,
): GetOutputText {
  const printer = p.printer as Extract<GetPrinter, { kind: "table" }>;
  let values: unknown[] = bodies.map((b) => parseJsonLossless(b.raw));
  if (p.sortBy !== undefined) {
    // kubectl sorts the responses themselves when there are several (a Table has no such field: an error),
    // then the rows of each Table by the objects it asked the server to embed.
    if (values.length > 1) values = kubectlSortOrder(values, p.sortBy).map((i) => values[i]);
    values = values.map((v) => {
      if (!isObj(v) || v.kind !== "Table" || !Array.isArray(v.rows) || v.rows.length <= 1) return v;
      const rows = v.rows as unknown[];
      const order = kubectlSortTableOrder(
        rows.map((r) => (isObj(r) ? r.object : undefined)),
        p.sortBy!,
      );
      return { ...v, rows: order.map((i) => rows[i]) };
    });
  }
  const text = renderKubectlTable(
    values.map((body, i) => ({
      body,
      kind: bodies[i]!.resource.kind,
      group: bodies[i]!.resource.group,
      namespaced: bodies[i]!.resource.namespaced,
    })),
    tableFlags(p, printer.wide, namespace),
  );
  // kubectl says "No resources found" only when it printed nothing, met no error, and was not told to ignore them.
  return { stdout: text.stdout, stderr: errors > 0 || p.ignoreNotFound ? "" : text.stderr };
}

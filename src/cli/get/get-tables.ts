import { parseJsonLossless } from "../../index.js";
import { KubectlSortError, renderKubectlTable } from "../../kubectl/index.js";
import type { KubectlVersion } from "../../kubectl/index.js";
import type { GetArgs, GetPrinter } from "./get-flags.js";
import type { FetchedBody, GetOutputText } from "./get-output.js";
import { klogFatal } from "./get-errors.js";

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
    ...(p.kubectlVersion !== undefined ? { kubectlVersion: p.kubectlVersion as KubectlVersion } : {}),
  };
}

/** kubectl's table printing of server Tables, rows sorted by `--sort-by` as kubectl's sorters sort them. */
export function renderTables(
  bodies: FetchedBody[],
  p: GetArgs,
  namespace: string,
  errors: number,
): GetOutputText {
  const printer = p.printer as Extract<GetPrinter, { kind: "table" }>;
  let text;
  try {
    text = renderKubectlTable(
      bodies.map((b) => ({
        body: b.parsed ?? parseJsonLossless(b.raw),
        kind: b.resource.kind,
        group: b.resource.group,
        namespaced: b.resource.namespaced,
      })),
      { ...tableFlags(p, printer.wide, namespace), ...(p.sortBy !== undefined ? { sortBy: p.sortBy } : {}) },
    );
  } catch (error) {
    if (!(error instanceof KubectlSortError) || !error.fatal) throw error;
    return { stdout: error.fatal.stdout ?? "", stderr: klogFatal(error.fatal), exitCode: 1 };
  }
  // kubectl says "No resources found" only when it printed nothing, met no error, and was not told to ignore them.
  return { stdout: text.stdout, stderr: errors > 0 || p.ignoreNotFound ? "" : text.stderr };
}

import { parseJsonLossless, toKubectlView } from "../../index.js";
import {
  KubectlJsonPath,
  KubectlOutputError,
  kubectlSortOrder,
  kubectlSortTableOrder,
  kubectlView,
  parseCustomColumns,
  parseCustomColumnsTemplate,
  renderKubectlCustomColumns,
  renderKubectlTable,
} from "../../kubectl/index.js";
import type { KubectlColumn } from "../../kubectl/index.js";
import type { ResourceInfo } from "../../index.js";
import type { GetArgs, GetPrinter } from "./get-flags.js";

/** One response `kubewire get` printed from: a list page or a named object, with its resource. */
export interface FetchedBody {
  resource: ResourceInfo;
  /** The body exactly as received. */
  raw: string;
}

/** What to print: stdout, stderr before the errors, and the exit code when printing itself failed. */
export interface GetOutputText {
  stdout: string;
  stderr: string;
  exitCode?: number;
}

/** A printer made ready before any request, so that a bad template fails first (kubectl fails after fetching). */
export interface PreparedPrinter {
  printer: GetPrinter;
  jsonPath?: KubectlJsonPath;
  columns?: KubectlColumn[];
}

/** Parses the jsonpath or custom-columns template of `-o` (throws kubectl's errors). */
export function preparePrinter(p: GetArgs): PreparedPrinter {
  const printer = p.printer;
  if (printer.kind === "jsonpath")
    return {
      printer,
      jsonPath: new KubectlJsonPath(printer.template, {
        allowMissingKeys: p.allowMissingTemplateKeys,
        outputJson: printer.asJson,
      }),
    };
  if (printer.kind === "custom-columns")
    return {
      printer,
      columns: printer.file ? parseCustomColumnsTemplate(printer.spec) : parseCustomColumns(printer.spec),
    };
  return { printer };
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** kubectl's table printing of server Tables, rows sorted by `--sort-by` as kubectl's TableSorter sorts them. */
function renderTables(bodies: FetchedBody[], p: GetArgs, namespace: string, errors: number): GetOutputText {
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
    {
      wide: printer.wide,
      noHeaders: p.noHeaders,
      showKind: p.showKind,
      allNamespaces: p.allNamespaces,
      showLabels: p.showLabels,
      labelColumns: p.labelColumns,
      namespace,
    },
  );
  // kubectl says "No resources found" only when it printed nothing, met no error, and was not told to ignore them.
  return { stdout: text.stdout, stderr: errors > 0 || p.ignoreNotFound ? "" : text.stderr };
}

/**
 * Prints what `kubewire get` fetched as kubectl prints it: tables, or the List kubectl builds (the bare object
 * when exactly one was named) through the json, yaml, name, jsonpath or custom-columns printer, sorted by
 * `--sort-by`; `raw` prints the bodies as received.
 */
export function renderGetOutput(
  prepared: PreparedPrinter,
  bodies: FetchedBody[],
  p: GetArgs,
  context: { namespace: string; singleItemImplied: boolean; errors: number },
): GetOutputText {
  const { printer } = prepared;
  if (printer.kind === "raw")
    return { stdout: bodies.map((b) => (b.raw.endsWith("\n") ? b.raw : `${b.raw}\n`)).join(""), stderr: "" };
  if (printer.kind === "table") return renderTables(bodies, p, context.namespace, context.errors);
  // kubectl's printGeneric: nothing when one object was named and it failed, or everything was ignored.
  if ((context.singleItemImplied && context.errors > 0) || (bodies.length === 0 && p.ignoreNotFound))
    return { stdout: "", stderr: "" };
  const single = context.singleItemImplied && bodies.length === 1;
  const keepManagedFields =
    p.showManagedFields || printer.kind === "jsonpath" || printer.kind === "custom-columns";
  let view = kubectlView(
    bodies.map((b) => b.raw),
    { singleObject: single, showManagedFields: keepManagedFields },
  );
  if (p.sortBy !== undefined && !single && Array.isArray(view.items)) {
    const items = view.items as unknown[];
    view = { ...view, items: kubectlSortOrder(items, p.sortBy).map((i) => items[i]) };
  }
  switch (printer.kind) {
    case "jsonpath":
      return { stdout: prepared.jsonPath!.execute(view), stderr: "" };
    case "custom-columns":
      return {
        stdout: renderKubectlCustomColumns(view, prepared.columns!, {
          noHeaders: p.noHeaders && !printer.file,
        }),
        stderr: "",
      };
    default:
      try {
        return {
          stdout: toKubectlView([view], {
            output: printer.kind,
            singleObject: single,
            showManagedFields: true,
          }),
          stderr: "",
        };
      } catch (error) {
        // Where kubectl fails (YAML that cannot carry a control character), print what kubectl prints.
        if (error instanceof KubectlOutputError)
          return { stdout: error.stdout, stderr: error.stderr, exitCode: error.exitCode };
        throw error;
      }
  }
}

import { kubectlView, renderKubectlJson } from "../../kubectl/index.js";
import type {
  KubectlColumn,
  KubectlGoTemplate,
  KubectlJsonPath,
  KubectlVersion,
} from "../../kubectl/index.js";
import type { ResourceInfo } from "../../index.js";
import { CliFailure } from "../io.js";
import { klogFatal } from "./get-errors.js";
import type { GetArgs, GetPrinter } from "./get-flags.js";

// A plain `get -o json` is the command run all day: what only other printers need (tables, sorting, YAML,
// templates) comes from ./get-lazy.js, imported where it is used.

/** One response `kubewire get` printed from: a list page or a named object, with its resource. */
export interface FetchedBody {
  resource: ResourceInfo;
  /** The body exactly as received. */
  raw: string;
  /** What to print instead of `raw` (parsed): the list without the items kubectl refused. */
  parsed?: unknown;
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
  goTemplate?: KubectlGoTemplate;
  columns?: KubectlColumn[];
  /** kubectl's custom-columns printer over `columns`. */
  renderColumns?: (view: unknown, options: { noHeaders: boolean }) => string;
}

/** Parses the jsonpath, Go template or custom-columns template of `-o` (throws kubectl's errors). */
export async function preparePrinter(p: GetArgs): Promise<PreparedPrinter> {
  const printer = p.printer;
  if (printer.kind !== "jsonpath" && printer.kind !== "go-template" && printer.kind !== "custom-columns")
    return { printer };
  const { prepareTemplate } = await import("./get-lazy.js");
  try {
    return prepareTemplate(p, printer);
  } catch (error) {
    // kubectl prints a template's parse error as it is, lines and all (the CLI's report keeps other library
    // errors on one line); its own trailing newline is the one kubectl's CheckErr would not add twice.
    if (error instanceof Error && /^Kubectl(GoTemplate|JsonPath)Error$/.test(error.name))
      throw new CliFailure(error.message.replace(/\n$/, ""));
    throw error;
  }
}

/**
 * Prints what `kubewire get` fetched as kubectl prints it: tables, or the List kubectl builds (the bare object
 * when exactly one was named) through the json, yaml, name, jsonpath, go-template or custom-columns printer, sorted by
 * `--sort-by`; `raw` prints the bodies as received.
 */
export async function renderGetOutput(
  prepared: PreparedPrinter,
  bodies: FetchedBody[],
  p: GetArgs,
  context: { namespace: string; singleItemImplied: boolean; errors: number },
): Promise<GetOutputText> {
  const { printer } = prepared;
  if (printer.kind === "raw")
    return { stdout: bodies.map((b) => (b.raw.endsWith("\n") ? b.raw : `${b.raw}\n`)).join(""), stderr: "" };
  if (printer.kind === "table")
    return (await import("./get-lazy.js")).renderTables(bodies, p, context.namespace, context.errors);
  // kubectl's printGeneric: nothing when one object was named and it failed, or everything was ignored.
  if ((context.singleItemImplied && context.errors > 0) || (bodies.length === 0 && p.ignoreNotFound))
    return { stdout: "", stderr: "" };
  const single = context.singleItemImplied && bodies.length === 1;
  const keepManagedFields =
    p.showManagedFields ||
    printer.kind === "jsonpath" ||
    printer.kind === "go-template" ||
    printer.kind === "custom-columns";
  let view = kubectlView(
    bodies.map((b) => b.parsed ?? b.raw),
    {
      singleObject: single,
      showManagedFields: keepManagedFields,
      // The request's namespace, filled into list items that have none (never with -A).
      listItemNamespaces: bodies.map((b) =>
        b.resource.namespaced && !p.allNamespaces ? context.namespace : undefined,
      ),
    },
  );
  if (p.sortBy !== undefined && !single && Array.isArray(view.items)) {
    const items = view.items as unknown[];
    const { kubectlSortOrder, KubectlSortError } = await import("./get-lazy.js");
    try {
      const version =
        p.kubectlVersion !== undefined ? { kubectlVersion: p.kubectlVersion as KubectlVersion } : {};
      view = { ...view, items: kubectlSortOrder(items, p.sortBy, version).map((i) => items[i]) };
    } catch (error) {
      if (!(error instanceof KubectlSortError) || !error.fatal) throw error;
      return { stdout: "", stderr: klogFatal(error.fatal), exitCode: 1 };
    }
  }
  switch (printer.kind) {
    case "jsonpath":
      return { stdout: prepared.jsonPath!.execute(view), stderr: "" };
    // A template that fails part-way throws KubectlGoTemplateError: its `printed` (the output so far and kubectl's
    // debugging block) goes to stdout before the error line.
    case "go-template":
      return { stdout: prepared.goTemplate!.execute(view), stderr: "" };
    case "custom-columns":
      return {
        stdout: prepared.renderColumns!(view, { noHeaders: p.noHeaders && !printer.file }),
        stderr: "",
      };
    // What toKubectlView renders for -o json, without the YAML emitter it holds for -o yaml.
    case "json":
      return {
        stdout: renderKubectlJson([view], { singleObject: single, showManagedFields: true }),
        stderr: "",
      };
    default:
      return (await import("./get-lazy.js")).renderView(
        view,
        printer.kind,
        single,
        p.kubectlVersion as KubectlVersion | undefined,
      );
  }
}

import { KUBECTL_TABLE_ACCEPT, renderKubectlJson, renderKubectlTable } from "../index.js";
import type { Exchange, ResourceInfo } from "../index.js";

/** The `-o` values `kubewire get` accepts; `table` is what no `-o` means. */
export const GET_OUTPUTS = ["table", "wide", "raw", "json", "yaml", "name"] as const;
export type GetOutput = (typeof GET_OUTPUTS)[number];

/** What kubectl sends for human-readable output (no `-o`, or `-o wide`): a server-side Table, else the object. */
export const GET_TABLE_ACCEPT = KUBECTL_TABLE_ACCEPT;

/** The outputs this build can print; the others plug in at merge time (see {@link renderGetOutput}). */
export const AVAILABLE_OUTPUTS: ReadonlySet<GetOutput> = new Set<GetOutput>(["raw", "json", "table", "wide"]);

/** Outputs that ask the server for a Table, as kubectl does. */
export function wantsTable(output: GetOutput): boolean {
  return output === "table" || output === "wide";
}

/** What `kubewire get` fetched, raw first: everything an output format needs, and nothing printed yet. */
export interface GetResult {
  output: GetOutput;
  resource: ResourceInfo;
  /** Names from the command line; empty for a list. */
  names: string[];
  /** The namespace asked for (undefined: cluster-scoped, or every namespace with -A). */
  namespace: string | undefined;
  allNamespaces: boolean;
  /**
   * Every response body exactly as received, in order: each page of a list, or each named object. For `table` and
   * `wide` these are the server's `meta.k8s.io/v1` Table responses (or objects, when a server ignores the Table
   * Accept header).
   */
  raws: string[];
  /** The exchange of each raw body. */
  exchanges: Exchange[];
  showManagedFields: boolean;
}

/** What to print. */
export interface GetOutputText {
  stdout: string;
  stderr: string;
}

/**
 * Turns what `kubewire get` fetched into what it prints. The single place where output formats plug in.
 *
 * Plug-in points, at merge time (add the format to {@link AVAILABLE_OUTPUTS} too):
 * - `yaml` and `name`: `toKubectlView(result.raws, { output, showManagedFields, singleObject })` from src/inspect.
 * - `table` and `wide`: `renderKubectlTable(result.raws, { wide, allNamespaces, namespace })` from src/inspect
 *   (the raws are already Table responses fetched with kubectl's Accept header).
 */
export function renderGetOutput(result: GetResult): GetOutputText {
  const singleObject = result.names.length === 1;
  switch (result.output) {
    case "raw":
      // The server's bytes; a newline only where a body lacks one, so bodies never run together.
      return { stdout: result.raws.map((r) => (r.endsWith("\n") ? r : `${r}\n`)).join(""), stderr: "" };
    case "json":
      return {
        stdout: renderKubectlJson(result.raws, { singleObject, showManagedFields: result.showManagedFields }),
        stderr: "",
      };
    case "table":
    case "wide":
      return renderKubectlTable(result.raws, {
        wide: result.output === "wide",
        allNamespaces: result.allNamespaces,
        ...(result.namespace !== undefined ? { namespace: result.namespace } : {}),
      });
    case "yaml":
    case "name":
      throw new OutputUnavailableError(result.output);
  }
}

/** An output format whose renderer is not part of this build. */
export class OutputUnavailableError extends Error {
  constructor(readonly output: GetOutput) {
    super(
      `output ${output === "table" ? "as a table (no -o)" : `-o ${output}`} is not available in this build yet; use -o json or -o raw`,
    );
    this.name = "OutputUnavailableError";
  }
}

import { toKubectlView } from "../index.js";
import {
  KUBECTL_TABLE_ACCEPT,
  KubectlOutputError,
  renderKubectlJson,
  renderKubectlTable,
} from "../kubectl/index.js";
import type { Exchange, ResourceInfo } from "../index.js";

/** The `-o` values `kubewire get` accepts; `table` is what no `-o` means. */
export const GET_OUTPUTS = ["table", "wide", "raw", "json", "yaml", "name"] as const;
export type GetOutput = (typeof GET_OUTPUTS)[number];

/** What kubectl sends for human-readable output (no `-o`, or `-o wide`): a server-side Table, else the object. */
export const GET_TABLE_ACCEPT = KUBECTL_TABLE_ACCEPT;

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

/** What to print, and the exit code when the output step itself fails (as kubectl's -o yaml can). */
export interface GetOutputText {
  stdout: string;
  stderr: string;
  exitCode?: number;
}

/**
 * Turns what `kubewire get` fetched into what it prints, as kubectl prints it: the raw bodies, kubectl's -o json,
 * -o yaml and -o name views, or its table from the server's Table responses.
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
      try {
        return {
          stdout: toKubectlView(result.raws, {
            output: result.output,
            singleObject,
            showManagedFields: result.showManagedFields,
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

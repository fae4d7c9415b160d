import { toKubectlView } from "../../index.js";
import { KubectlOutputError } from "../../kubectl/index.js";
import type { GetOutputText } from "./get-output.js";

/** `-o yaml` and `-o name` of kubectl's view of what a get fetched. */
export function renderView(view: unknown, output: "yaml" | "name", single: boolean): GetOutputText {
  try {
    return {
      stdout: toKubectlView([view], { output, singleObject: single, showManagedFields: true }),
      stderr: "",
    };
  } catch (error) {
    // Where kubectl fails (YAML that cannot carry a control character), print what kubectl prints.
    if (error instanceof KubectlOutputError)
      return { stdout: error.stdout, stderr: error.stderr, exitCode: error.exitCode };
    throw error;
  }
}

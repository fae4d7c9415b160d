import { toKubectlView } from "../../index.js";
import { KubectlOutputError } from "../../kubectl/index.js";
import type { KubectlVersion } from "../../kubectl/index.js";
import type { GetOutputText } from "./get-output.js";

/**
 * `-o yaml` and `-o name` of kubectl's view of what a get fetched, as `kubectlVersion` prints it (its YAML
 * library's error wording differs).
 */
export function renderView(
  view: unknown,
  output: "yaml" | "name",
  single: boolean,
  kubectlVersion: KubectlVersion | undefined,
): GetOutputText {
  try {
    return {
      stdout: toKubectlView([view], {
        output,
        singleObject: single,
        showManagedFields: true,
        ...(kubectlVersion !== undefined ? { kubectlVersion } : {}),
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

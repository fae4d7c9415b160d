import { parseJsonLossless } from "../normalize/index.js";
import { diffJson } from "./diff.js";
import { explainKubectlDifferences } from "./explain.js";
import type { ExplainedDifference } from "./explain.js";
import { kubectlView } from "./kubectl-view.js";
import type { KubectlViewRenderOptions } from "./kubectl-view.js";

/**
 * Every difference between what the API server sent and what kubectl prints for it, each with the kubectl
 * transformation that explains it. `old` is the server's value, `new` kubectl's.
 *
 * @example
 * diffAgainstKubectl(configMapListBody).map((d) => d.path);
 * // [".kind", ".metadata.resourceVersion", ".items[*].kind", ".items[*].apiVersion", ".items[*].metadata.managedFields"]
 */
export function diffAgainstKubectl(
  raws: unknown,
  options: KubectlViewRenderOptions = {},
): ExplainedDifference[] {
  const responses = (Array.isArray(raws) ? (raws as unknown[]) : [raws]).map((r): unknown =>
    typeof r === "string" ? parseJsonLossless(r) : r,
  );
  const view = kubectlView(responses, options);
  const server = responses.length === 1 ? responses[0] : { items: responses };
  return explainKubectlDifferences(diffJson(server, view));
}

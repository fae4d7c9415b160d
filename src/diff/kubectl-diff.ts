import { textMayHoldSecrets } from "../record/redact/secret-policy.js";
import { documentTextMayHoldSecrets } from "../record/redact/redact.js";
import { isList } from "../normalize/list.js";
import { kubectlListAround, kubectlListItemsOf } from "../normalize/kubectl-list.js";
import { diffJsonKnowing, LazyItems } from "./diff.js";
import type { DiffOptions } from "./diff.js";
import { explainKubectlDifferences } from "./explain.js";
import type { ExplainedDifference } from "./explain.js";
import { kubectlViewOf, parseResponses } from "../kubectl/view.js";
import type { KubectlViewRenderOptions, ParsedResponses } from "../kubectl/view.js";

/** Options of {@link diffAgainstKubectl}: the view's options and the diff's (Secret masking). */
export interface KubectlDiffOptions
  extends KubectlViewRenderOptions, Pick<DiffOptions, "showSecrets" | "secret"> {}

/**
 * Every difference between what the API server sent and what kubectl prints for it, each with the kubectl
 * transformation that explains it. `old` is the server's value, `new` kubectl's. Several responses (the requests
 * of one `kubectl get a,b`) are compared as one list of their items against kubectl's merged List. Secret values
 * are masked unless `showSecrets` is set.
 *
 * @example
 * diffAgainstKubectl(configMapListBody).map((d) => d.path);
 * // [".kind", ".metadata.resourceVersion", ".items[*].kind", ".items[*].apiVersion", ".items[*].metadata.managedFields"]
 */
export function diffAgainstKubectl(raws: unknown, options: KubectlDiffOptions = {}): ExplainedDifference[] {
  return differencesOf(raws, parseResponses(raws), undefined, options);
}

/**
 * {@link diffAgainstKubectl} of responses already parsed, against their view already made (`kubectlViewOf(parsed,
 * options)`, with the same options): for a caller that shows the view too, so that neither the responses nor the
 * view's items are made twice.
 */
export function diffAgainstKubectlView(
  raws: unknown,
  parsed: ParsedResponses,
  view: Record<string, unknown>,
  options: KubectlDiffOptions = {},
): ExplainedDifference[] {
  return differencesOf(raws, parsed, view, options);
}

function differencesOf(
  raws: unknown,
  parsed: ParsedResponses,
  made: Record<string, unknown> | undefined,
  options: KubectlDiffOptions,
): ExplainedDifference[] {
  const { showSecrets, secret, ...viewOptions } = options;
  const responses = parsed.values;
  let server: unknown;
  let view: unknown;
  if (viewOptions.singleObject === true && responses.length === 1) {
    server = responses[0];
    view = made ?? kubectlViewOf(parsed, viewOptions);
  } else if (made) {
    view = made;
    // As below: the server's side is its one list, or the items of every response (checked by the view's making).
    server =
      responses.length === 1 && isList(responses[0])
        ? responses[0]
        : { items: responses.flatMap((r) => (isList(r) ? (r.items ?? []) : [r])) };
  } else {
    // kubectl's List with its items made one at a time as the diff reaches them: each copy (type restored,
    // managedFields dropped) dies young instead of all 10,000 of a large list living until the diff ends.
    const { items, viewOf } = kubectlListItemsOf(
      responses,
      viewOptions,
      (i) => parsed.negativeZeroFree[i] === true,
    );
    view = kubectlListAround(new LazyItems(items.length, viewOf));
    // What the server sent, laid out as kubectl's List: the items of every response (bare, as sent), no envelope.
    server = responses.length === 1 && isList(responses[0]) ? responses[0] : { items };
  }
  // Text in which the secret policy's pre-scan finds nothing holds nothing to mask, and neither does kubectl's view
  // of it, which adds only kinds taken from the list's (a SecretList's kind is found in its text). A response given
  // as a value is judged by its JSON text: one pass, where masking would walk both the list and the view.
  // Not worked out when no masking is asked for.
  const noSecrets =
    !showSecrets &&
    !secret &&
    parsed.values.length > 0 &&
    (Array.isArray(raws) ? (raws as unknown[]) : [raws]).every((r) =>
      typeof r === "string" ? !textMayHoldSecrets(r) : !documentTextMayHoldSecrets(r),
    );
  return explainKubectlDifferences(diffJsonKnowing(server, view, { showSecrets, secret }, noSecrets));
}

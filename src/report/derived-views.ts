/**
 * What the report derives for an exchange, from the redacted exchange: kubectl's view of a list response and how it
 * differs from the server's JSON, and the admission diff of a write; values are previewed for the page's tables.
 */
import { admissionDiff } from "../diff/admission/admission-diff.js";
import type { Difference } from "../diff/diff.js";
import { diffAgainstKubectlView } from "../diff/kubectl-diff.js";
import { marshalGoJson } from "../kubectl/go/json.js";
import { kubectlViewOf, parseResponses } from "../kubectl/view.js";
import { isList } from "../normalize/list.js";
import type { Body, Exchange } from "../record/exchange/exchange.js";
import type { ReportAdmission, ReportDifference, ReportKubectlView } from "./report-model.js";
import { previewValue } from "./value-preview.js";
import { textMayHoldSecrets } from "../record/redact/secret-policy.js";
import { maskMarkers } from "../diff/secret-mask.js";

/**
 * One side of a difference, previewed. A difference aggregated over list items keeps a value only when every
 * item had the same one: otherwise the side is present, differing per item (as the difference table says).
 */
function side(d: Difference, which: "old" | "new"): string {
  if (!(which in d) && d.count !== undefined) {
    const absent = (which === "old" && d.change === "added") || (which === "new" && d.change === "removed");
    if (!absent) return `present (differs in each of ${d.count} items)`;
  }
  return previewValue(d[which], which in d);
}

/**
 * kubectl's view of a list response and how it differs from what the server sent. `text` is the body's JSON text
 * as the page embeds it: where the secret policy's pre-scan finds nothing in it, the differences have nothing to
 * mask (as `diffAgainstKubectl` itself decides for a response given as text), and masking is not asked for.
 */
export function kubectlOf(body: Body, text: string): ReportKubectlView | undefined {
  if (body.kind !== "json" || body.truncated || !isList(body.value)) return undefined;
  // The exact text when the cassette kept it (integers beyond 2^53, escapes): the view keeps every digit.
  const source = body.raw ?? body.value;
  try {
    // One view for both: the page's JSON of it and the differences.
    const parsed = parseResponses(source);
    const view = kubectlViewOf(parsed);
    return {
      json: marshalGoJson(view),
      differences: diffAgainstKubectlView(source, parsed, view, {
        showSecrets: !textMayHoldSecrets(text),
      }).map((d) => {
        // Keys in this order (the page's JSON): the optional two are added last, when present.
        const row: ReportDifference = {
          path: d.path,
          change: d.change,
          server: side(d, "old"),
          kubectl: side(d, "new"),
          explanation: d.explanation,
        };
        if (d.transformation) row.transformation = d.transformation;
        if (d.count !== undefined) row.count = d.count;
        return row;
      }),
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The admission diff of a write, its values previewed for the page, markers shown as the diff's masks. The exchange
 * is redacted already, and every value the diff reports is part of its bodies, which the page embeds whole: the
 * diff's own masking would judge each value again (a skeleton of the document redacted per change) to find nothing
 * the bodies do not show, so only the markers are turned into masks here.
 */
export function admissionOf(exchange: Exchange): ReportAdmission {
  const diff = admissionDiff(exchange, { showSecrets: true });
  const out: ReportAdmission = {
    operation: diff.operation,
    dryRun: diff.dryRun,
    evidence: diff.evidence,
    changes: diff.changes.map((c) => ({
      path: c.path,
      change: c.change,
      group: c.group,
      reason: c.reason,
      ...(c.source ? { source: c.source } : {}),
      sent: previewValue(maskMarkers(c.old), "old" in c),
      returned: previewValue(maskMarkers(c.new), "new" in c),
    })),
  };
  if (diff.fieldManager) out.fieldManager = diff.fieldManager;
  if (diff.incomplete) out.incomplete = diff.incomplete;
  if (diff.rejected) out.rejected = diff.rejected;
  return out;
}

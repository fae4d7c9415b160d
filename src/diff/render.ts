import { parseJsonLossless } from "../normalize/lossless-json.js";
import { diffModule, yamlModule } from "../internal/lazy-modules.js";
import type { Difference } from "./diff.js";
import { compareUtf8 } from "../kubectl/go/json.js";
import { maskSecretPair } from "./secret-mask.js";

/** Options of {@link renderUnifiedDiff} (file labels, context lines, whether Secret values show). */
export interface UnifiedDiffOptions {
  /** Name of the left document in the `---` line. Default `a`. */
  oldLabel?: string;
  /** Name of the right document in the `+++` line. Default `b`. */
  newLabel?: string;
  /** Lines of context around each change. Default 3. */
  context?: number;
  /** Print Secret values. By default they are `***` (`*** (before)` / `*** (after)` where they differ). */
  showSecrets?: boolean;
  /** The documents are Secrets (or lists of Secrets) even though they do not say so. */
  secret?: boolean;
}

function parsed(doc: unknown): unknown {
  return typeof doc === "string" ? parseJsonLossless(doc) : doc;
}

/** Keys sorted (as Go sorts them), so that key order alone never shows up as a change. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort(compareUtf8)) out[k] = sortKeys(obj[k]);
  return out;
}

/** A document as the YAML the unified diff compares: keys sorted, no line folding. */
export function diffYaml(value: unknown): string {
  return yamlModule().stringify(sortKeys(value), { lineWidth: 0 });
}

/**
 * A unified diff (`diff -u`) of two JSON documents rendered as YAML with sorted keys: the view a reviewer reads.
 * Returns `""` when the documents are equal. Secret values are masked unless `showSecrets` is set.
 *
 * @example
 * renderUnifiedDiff(rawListBody, kubectlView(rawListBody), { oldLabel: "server", newLabel: "kubectl" });
 */
export function renderUnifiedDiff(a: unknown, b: unknown, options: UnifiedDiffOptions = {}): string {
  let left = parsed(a);
  let right = parsed(b);
  if (!options.showSecrets) [left, right] = maskSecretPair(left, right, options.secret ?? false);
  const oldText = diffYaml(left);
  const newText = diffYaml(right);
  if (oldText === newText) return "";
  const patch = diffModule().createTwoFilesPatch(
    options.oldLabel ?? "a",
    options.newLabel ?? "b",
    oldText,
    newText,
    undefined,
    undefined,
    { context: options.context ?? 3 },
  );
  // Drop the "=====" banner line the diff package writes first; the rest is what `diff -u` prints.
  return patch.replace(/^=+\n/, "");
}

/**
 * Differences as JSON (an array, two-space indent, a final newline): path, change, old/new values (integers
 * beyond 2^53 kept exact), count, masked and, when present, transformation and explanation.
 */
export function renderDifferencesJson(
  differences: readonly (Difference & { transformation?: string; explanation?: string })[],
): string {
  const nonce = `__kubewire_bigint_${Math.random().toString(36).slice(2)}__`;
  const rows = differences.map((d) => {
    const row: Record<string, unknown> = { path: d.path, change: d.change };
    if ("old" in d) row.old = d.old;
    if ("new" in d) row.new = d.new;
    if (d.count !== undefined) row.count = d.count;
    if (d.masked) row.masked = true;
    if (d.transformation !== undefined) row.transformation = d.transformation;
    if (d.explanation !== undefined) row.explanation = d.explanation;
    return row;
  });
  const text = JSON.stringify(
    rows,
    (_k, v: unknown) => (typeof v === "bigint" ? nonce + v.toString() : v),
    2,
  );
  return text.replace(new RegExp(`"${nonce}(-?\\d+)"`, "g"), "$1") + "\n";
}

import { ADMISSION_GROUPS, admissionChanges } from "./admission-diff.js";
import type { AdmissionDiff } from "./admission-diff.js";

function short(value: unknown): string {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "";
  return text.length > 100 ? text.slice(0, 97) + "..." : text;
}

/**
 * The admission diff as text: the request and its outcome, the warnings, then the changes by group with their
 * values (masked Secret values stay masked) and evidence.
 */
export function renderAdmissionDiff(diff: AdmissionDiff): string {
  const lines: string[] = [];
  const what = [diff.method, diff.url].filter(Boolean).join(" ");
  lines.push(
    `${diff.operation}${what ? ` (${what})` : ""}${diff.status !== undefined ? ` → ${diff.status}` : ""}${diff.dryRun ? ", dry run: nothing stored" : ""}`,
  );
  if (diff.fieldManager) lines.push(`field manager: ${diff.fieldManager}`);
  if (diff.rejected)
    lines.push(
      `rejected: ${[diff.rejected.reason, diff.rejected.message].filter(Boolean).join(": ") || "(no Status)"}`,
    );
  for (const w of diff.warnings) lines.push(`warning: ${w.text}`);
  if (diff.incomplete) lines.push(`incomplete: ${diff.incomplete}`);
  for (const group of ADMISSION_GROUPS) {
    const changes = admissionChanges(diff, group);
    if (changes.length === 0) continue;
    lines.push("", `${group}:`);
    for (const c of changes) {
      const value =
        c.change === "removed"
          ? `removed (was ${short(c.old)})`
          : c.change === "added"
            ? short(c.new)
            : `${short(c.old)} → ${short(c.new)}`;
      lines.push(`  ${c.path} ${value}`);
      lines.push(`      ${c.reason}${c.source ? `; ${c.source}` : ""}`);
    }
  }
  return lines.join("\n") + "\n";
}

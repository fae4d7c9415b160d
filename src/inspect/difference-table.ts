import type { Difference } from "./diff.js";

export interface DifferenceTableOptions {
  /** Heading of the column for the right-hand (`new`) values. */
  newLabel?: string;
  /** Heading of the column for the left-hand (`old`) values. */
  oldLabel?: string;
  /** Follow the table with each distinct `explanation`, numbered and referenced from a `why` column. */
  explain?: boolean;
}

/** A short cell for a value: strings as they are (`""` when empty), other scalars as JSON, containers summarised. */
export function describeValue(value: unknown, present: boolean): string {
  if (!present) return "absent";
  if (typeof value === "string") return value === "" ? '""' : value;
  if (Array.isArray(value)) return `present (${value.length} ${value.length === 1 ? "entry" : "entries"})`;
  if (typeof value === "object" && value !== null) return `present (${Object.keys(value).length} keys)`;
  return String(value);
}

function cell(d: Difference, side: "old" | "new"): string {
  const present = side in d;
  if (!present && d.count !== undefined) {
    // Aggregated over items whose values were not all equal: say so rather than pick one.
    const absent = (side === "old" && d.change === "added") || (side === "new" && d.change === "removed");
    return absent ? "absent" : `present (differs in each of ${d.count} items)`;
  }
  return describeValue(d[side], present);
}

/**
 * Renders differences as an aligned text table, the seed story's table:
 *
 * ```
 * difference                          as printed by kubectl   as sent by the API server
 * .kind                               List                    ConfigMapList
 * ```
 */
export function renderDifferenceTable(
  differences: readonly (Difference & { explanation?: string })[],
  options: DifferenceTableOptions = {},
): string {
  const header = [
    "difference",
    options.newLabel ?? "as printed by kubectl",
    options.oldLabel ?? "as sent by the API server",
  ];
  const notes: string[] = [];
  if (options.explain) header.push("why");
  const rows = differences.map((d) => {
    const row = [d.path, cell(d, "new"), cell(d, "old")];
    if (options.explain) {
      const note = d.explanation ?? "";
      if (note && !notes.includes(note)) notes.push(note);
      row.push(note ? `[${notes.indexOf(note) + 1}]` : "");
    }
    return row;
  });
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? "")].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + " ".repeat(widths[i]! - [...c].length)))
      .join("   ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("   ");
  const footer = notes.length ? ["", ...notes.map((n, i) => `[${i + 1}] ${n}`)] : [];
  return [line(header), rule, ...rows.map(line), ...footer].join("\n") + "\n";
}

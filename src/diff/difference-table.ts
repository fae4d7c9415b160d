import type { Difference } from "./diff.js";

/** Options of {@link renderDifferenceTable} (column labels and order, explanations, text or Markdown). */
export interface DifferenceTableOptions {
  /** Heading of the column for the right-hand (`new`) values. Default "as printed by kubectl". */
  newLabel?: string;
  /** Heading of the column for the left-hand (`old`) values. Default "as sent by the API server". */
  oldLabel?: string;
  /** Put the `old` column before the `new` one (a diff of two files). Default: `new` first, as the seed story. */
  oldFirst?: boolean;
  /** Follow the table with each distinct `explanation`, numbered and referenced from a `why` column. */
  explain?: boolean;
  /** `text` (aligned columns, the default) or `markdown` (a GitHub table, as in the seed story). */
  format?: "text" | "markdown";
}

/** A short cell for a value: strings as they are (`""` when empty), other scalars as JSON, containers summarised. */
export function describeValue(value: unknown, present: boolean): string {
  if (!present) return "absent";
  if (typeof value === "string") return value === "" ? '""' : value;
  if (Array.isArray(value)) return `present (${value.length} ${value.length === 1 ? "entry" : "entries"})`;
  if (typeof value === "object" && value !== null) return `present (${Object.keys(value).length} keys)`;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean")
    return String(value);
  return "null";
}

function cell(d: Difference, side: "old" | "new"): string {
  const present = side in d;
  if (!present && d.count !== undefined) {
    // Aggregated over items whose values were not all equal: say so rather than pick one.
    const absent = (side === "old" && d.change === "added") || (side === "new" && d.change === "removed");
    return absent ? "absent" : `present (differs in each of ${d.count} items)`;
  }
  // One line per cell: a multi-line string would break the table.
  return describeValue(d[side], present).replace(/\r?\n/g, "\\n");
}

function markdownCell(s: string, code: boolean): string {
  const escaped = s.replace(/\|/g, "\\|");
  return code ? "`" + escaped + "`" : escaped;
}

/**
 * Renders differences as a table, the seed story's table: the path, the right-hand value (kubectl's, by default)
 * and the left-hand one (the server's), optionally why. Returns `""` for no differences.
 *
 * @example
 * renderDifferenceTable(diffAgainstKubectl(configMapListBody));
 * // difference                          as printed by kubectl   as sent by the API server
 * // ----------------------------------  ----------------------  -------------------------
 * // .kind                               List                    ConfigMapList
 */
export function renderDifferenceTable(
  differences: readonly (Difference & { explanation?: string })[],
  options: DifferenceTableOptions = {},
): string {
  if (differences.length === 0) return "";
  const newLabel = options.newLabel ?? "as printed by kubectl";
  const oldLabel = options.oldLabel ?? "as sent by the API server";
  const header = ["difference", ...(options.oldFirst ? [oldLabel, newLabel] : [newLabel, oldLabel])];
  const notes: string[] = [];
  if (options.explain) header.push("why");
  const rows = differences.map((d) => {
    const values = options.oldFirst ? [cell(d, "old"), cell(d, "new")] : [cell(d, "new"), cell(d, "old")];
    const row = [d.path, ...values];
    if (options.explain) {
      const note = d.explanation ?? "";
      if (note && !notes.includes(note)) notes.push(note);
      row.push(note ? `[${notes.indexOf(note) + 1}]` : "");
    }
    return row;
  });
  const footer = notes.length ? ["", ...notes.map((n, i) => `[${i + 1}] ${n}`)] : [];
  if (options.format === "markdown") {
    const line = (r: string[], code: boolean) =>
      `| ${r.map((c, i) => markdownCell(c, code && i === 0)).join(" | ")} |`;
    return (
      [
        line(header, false),
        `|${header.map(() => "---|").join("")}`,
        ...rows.map((r) => line(r, true)),
        ...footer,
      ].join("\n") + "\n"
    );
  }
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? "")].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + " ".repeat(widths[i]! - [...c].length)))
      .join("   ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("   ");
  return [line(header), rule, ...rows.map(line), ...footer].join("\n") + "\n";
}

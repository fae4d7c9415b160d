import { describeValue } from "../diff/difference-table.js";

/** Longest preview of a value in a table cell; longer ones are cut with an ellipsis that says how much is left. */
const PREVIEW_LIMIT = 200;

const BIGINT_TAG = "\u0000bigint:";

/** Compact JSON; integers beyond 2^53 (bigints from the lossless parser) print with every digit. */
export function compactJson(value: unknown): string {
  let text: string | undefined;
  try {
    // Without a replacer first: a replacer is a call per value, and values hold a bigint only when an integer was
    // beyond 2^53, for which JSON.stringify throws (a TypeError, and then the replacer does it).
    text = JSON.stringify(value);
  } catch {
    text = JSON.stringify(value, (_key, v: unknown) =>
      typeof v === "bigint" ? BIGINT_TAG + v.toString() : v,
    );
  }
  text ??= "null";
  return text.includes("\\u0000bigint:") ? text.replace(/"\\u0000bigint:(-?\d+)"/g, "$1") : text;
}

function cut(text: string): string {
  if (text.length <= PREVIEW_LIMIT) return text;
  return `${text.slice(0, PREVIEW_LIMIT)}… (${text.length - PREVIEW_LIMIT} more characters)`;
}

/**
 * A one-line preview of a value for a difference table: strings as they are, other scalars as JSON, a small
 * object or array as compact JSON, a large one summarised (`present (12 keys)`).
 */
export function previewValue(value: unknown, present: boolean): string {
  if (!present) return "absent";
  if (typeof value === "string") return value === "" ? '""' : cut(value).replace(/\r?\n/g, "\\n");
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "object" && value !== null) {
    const json = compactJson(value);
    return json.length <= PREVIEW_LIMIT ? json : describeValue(value, true);
  }
  return describeValue(value, true);
}
